"""Word classes: jieba's dictionary tag of each word, coarsened to the universal set, in Token.pos."""

import pytest
import spacy

import govreport.features.component  # noqa: F401  (the factory is also an entry point)
from govreport.errors import GovreportError
from govreport.features.word_classes import (JIEBA_TO_UPOS, pack_word_classes, read_word_classes,
                                             unpack_word_classes)


def test_every_tag_of_jieba_s_dictionary_has_a_universal_class(gazetteer):
    path = gazetteer.parent / "jieba_dict" / "dict.txt"
    tags = {line.split()[2] for line in path.open(encoding="utf-8")}
    assert tags <= set(JIEBA_TO_UPOS), sorted(tags - set(JIEBA_TO_UPOS))
    assert set(JIEBA_TO_UPOS.values()) <= set(spacy.glossary.GLOSSARY)


def test_the_dictionary_reads_verbs_as_verbs_and_verbal_nouns_as_nouns(tmp_path):
    (tmp_path / "dict.txt").write_text("交付 100 v\n房屋 200 n\n投资 300 vn\n座 50 q\n", encoding="utf-8")
    classes = read_word_classes(tmp_path)
    assert classes == {"交付": "VERB", "房屋": "NOUN", "投资": "NOUN", "座": "NUM"}
    assert unpack_word_classes(pack_word_classes(classes)) == classes


def test_a_bad_dictionary_line_names_the_file_and_line(tmp_path):
    (tmp_path / "dict.txt").write_text("交付 100 v\n房屋 n\n", encoding="utf-8")
    with pytest.raises(GovreportError, match=r"dict.txt:2: expected 'word frequency tag'"):
        read_word_classes(tmp_path)


@pytest.fixture(scope="module")
def classes_nlp(gazetteer, pkuseg_model):
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "govreport.pkuseg_tokenizer.v1"}}})
    nlp.tokenizer.initialize(pkuseg_model=str(pkuseg_model))
    marks = nlp.add_pipe("govreport_token_marks", name="token_marks", config={"word_classes": True})
    marks.initialize(gazetteer=gazetteer, jieba_dict=gazetteer.parent / "jieba_dict")
    return nlp


def test_token_marks_write_word_classes_beside_the_marks(classes_nlp):
    doc = classes_nlp("交付房屋1984套")
    pos = {t.text: t.pos_ for t in doc}
    assert pos["交付"] == "VERB" and pos["房屋"] == "NOUN"
    assert pos["1984"] == ""  # jieba does not know the number: no class
    assert "RVALB" in doc[2].tag_.split("|")  # the marks are still in TAG


def test_traditional_words_get_the_class_of_their_simplified_form(classes_nlp):
    assert [t.pos_ for t in classes_nlp("地區生產總值增長")] == [t.pos_ for t in classes_nlp("地区生产总值增长")]


def test_word_classes_are_saved_with_the_pipeline(classes_nlp, reloaded):
    loaded = reloaded(classes_nlp)
    text = "新增入驻企业18户"
    assert [t.pos_ for t in loaded(text)] == [t.pos_ for t in classes_nlp(text)]
    again = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "govreport.pkuseg_tokenizer.v1"}}})
    again.tokenizer.from_bytes(classes_nlp.tokenizer.to_bytes())
    again.add_pipe("govreport_token_marks", name="token_marks", config={"word_classes": True}).from_bytes(
        classes_nlp.get_pipe("token_marks").to_bytes())
    assert [t.pos_ for t in again(text)] == [t.pos_ for t in classes_nlp(text)]


def test_word_classes_without_jieba_s_dictionary_say_what_is_missing(gazetteer):
    nlp = spacy.blank("zh")
    marks = nlp.add_pipe("govreport_token_marks", config={"word_classes": True})
    with pytest.raises(GovreportError, match="jieba_dict"):
        marks.initialize(gazetteer=gazetteer)
