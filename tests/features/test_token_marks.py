"""The token-marks feature: lexicon and rule marks in TAG, stored with the pipeline."""

import pytest
import spacy

import govreport.features.component  # noqa: F401  (the factory is also an entry point)
from govreport.features.matcher import LexiconMatcher


def test_matcher_takes_the_longest_name_per_kind_and_lets_kinds_overlap():
    match = LexiconMatcher({"DIV": ["朝阳", "朝阳县"], "NT": ["朝阳县人民政府"]})
    assert sorted(match("在朝阳县人民政府")) == [(1, 4, "DIV"), (1, 8, "NT")]
    assert match("朝阳朝阳县") == [(0, 2, "DIV"), (2, 5, "DIV")]


def test_matcher_finds_one_character_names_wherever_they_stand():
    # only positions whose first two characters begin a name are scanned, or whose character is a name itself
    match = LexiconMatcher({"UNIT": ["亩", "万亩"], "IND": ["面积"]})
    assert match("面积20万亩") == [(0, 2, "IND"), (4, 6, "UNIT")]
    assert match("亩") == [(0, 1, "UNIT")]
    assert match("种植3亩") == [(3, 4, "UNIT")]


def tags(doc):
    return {t.text: t.tag_ for t in doc}


def test_marks_name_lexicon_hits_rule_labels_and_place_suffixes(marks_nlp):
    got = tags(marks_nlp("洞庭湖治理，朝阳县新建桥梁5座"))
    assert "NSB" in got["洞庭湖"].split("|") and "X湖" in got["洞庭湖"].split("|")
    assert {"DIVB", "RPLAB", "X县"} <= set(got["朝阳县"].split("|"))
    assert "RVALB" in got["5"].split("|")
    assert got["，"] == "_"


def test_rule_spans_keep_their_exact_characters_through_a_docbin(marks_nlp):
    from spacy.tokens import DocBin

    from govreport.decoding import RULES_KEY, rule_spans

    text = "朝阳县新建桥梁5座,地区生产总值增长5%。"
    doc = marks_nlp(text)
    exact = rule_spans(doc)
    assert exact and all(text[a:b] for a, b, _ in exact)
    assert {(s.start_char, s.end_char) for s in doc.spans[RULES_KEY]} >= {(a, b) for a, b, _ in exact if doc.char_span(a, b)}
    again = list(DocBin(docs=[doc], store_user_data=True).get_docs(marks_nlp.vocab))[0]
    assert rule_spans(again) == exact


def test_traditional_text_gets_the_marks_of_its_simplified_form(marks_nlp):
    simplified = [t.tag_ for t in marks_nlp("全年地区生产总值完成113.6亿元，增长5%")]
    traditional = [t.tag_ for t in marks_nlp("全年地區生產總值完成113.6億元，增長5%")]
    assert simplified == traditional


def test_saved_pipeline_keeps_the_lexicons_and_needs_no_assets(marks_nlp, reloaded):
    loaded = reloaded(marks_nlp)
    text = "洞庭湖治理，朝阳县新建桥梁5座"
    assert [t.tag_ for t in loaded(text)] == [t.tag_ for t in marks_nlp(text)]


def test_uninitialised_component_says_what_to_run():
    from govreport.errors import GovreportError

    nlp = spacy.blank("zh")
    nlp.add_pipe("govreport_token_marks")
    with pytest.raises(GovreportError, match="fetch-assets"):
        nlp.initialize()


def test_rule_labels_left_out_of_the_marks_are_still_kept_as_rule_spans(gazetteer, pkuseg_model):
    from govreport.decoding import rule_spans

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "govreport.pkuseg_tokenizer.v1"}}})
    nlp.tokenizer.initialize(pkuseg_model=str(pkuseg_model))
    marks = nlp.add_pipe("govreport_token_marks", config={"rule_mark_labels": ["VALUE", "PERCENT", "PLACE"]})
    marks.initialize(gazetteer=gazetteer)
    doc = nlp("交付房屋1984套")
    assert not any(part.startswith("RIND") for t in doc for part in t.tag_.split("|"))
    assert "RVALB" in doc[2].tag_.split("|")
    assert {label for _, _, label in rule_spans(doc)} == {"INDICATOR", "VALUE"}
