"""Fitting the place filter from a pipeline with token marks and gold sentences."""

import pytest
import spacy
from spacy.tokens import Doc, DocBin

import govreport.features.component  # noqa: F401
from govreport.annotation.gold import GoldSentence
from govreport.errors import GovreportError
from govreport.place_filter import place_features
from govreport.training.places import fit_for_model, place_rows, sentence_ids_of, training_docs


@pytest.fixture(scope="module")
def marks_model(gazetteer, pkuseg_model, tmp_path_factory):
    jieba = gazetteer.parent / "jieba_dict"
    if not (jieba / "dict.txt").exists():
        pytest.fail(f"{jieba}: run `spacy project run fetch-assets`")
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "govreport.pkuseg_tokenizer.v1"}}})
    nlp.tokenizer.initialize(pkuseg_model=str(pkuseg_model))
    nlp.add_pipe("govreport_token_marks", name="token_marks").initialize(gazetteer=gazetteer, jieba_dict=jieba)
    path = tmp_path_factory.mktemp("marks") / "model"
    nlp.to_disk(path)
    return nlp, path


def _sentence(i, text, places, doc="900"):
    return GoldSentence(f"{doc}-{i}", doc, text, tuple((a, b, "PLACE") for a, b in places), (), "reviewed")


SENTENCES = [
    _sentence(1, "在营口市新建道路", [(1, 4)]),
    _sentence(2, "组织好营口海蜇节", []),
    _sentence(3, "在盘锦市新建道路", [(1, 4)]),
    _sentence(4, "建设更高水平的“平安盘锦”", []),
]


def test_rows_are_the_gazetteer_matches_labelled_by_gold(marks_model):
    rows = place_rows(marks_model[0], SENTENCES)
    assert [gold for _, gold in rows] == [True, False, True, False]
    assert rows[0][0]["suffix=市"] == 1.0 and rows[3][0]["inside_quotes"] == 1.0


def test_rows_from_stored_tokens_equal_rows_from_segmenting(marks_model):
    nlp = marks_model[0]
    stored = {s.sentence_id: nlp.make_doc(s.text) for s in SENTENCES[:3]}
    stored["900-3"] = nlp.make_doc("在盘锦市新建道路。")  # another text: segmented again, not taken
    assert place_rows(nlp, SENTENCES, stored=stored) == place_rows(nlp, SENTENCES)


def test_stored_tokens_cut_another_way_are_refused(marks_model):
    nlp = marks_model[0]
    text = SENTENCES[0].text
    stored = {"900-1": Doc(nlp.vocab, words=list(text), spaces=[False] * len(text))}  # the "char" cut
    with pytest.raises(GovreportError, match="training DocBins.*another segmenter"):
        place_rows(nlp, SENTENCES, stored=stored)


def test_fit_reads_only_the_named_sentences(marks_model):
    place_filter = fit_for_model(marks_model[1], SENTENCES, ["900-1", "900-2", "900-3", "900-4"], c=10.0)
    assert place_filter.meta["sentences"] == 4 and place_filter.meta["gold"] == 2
    assert place_filter.keeps(marks_model[0]("在铁岭市新建道路"), 1, 4)
    with pytest.raises(GovreportError, match="no gold sentence"):
        fit_for_model(marks_model[1], SENTENCES, ["999-1"])


def test_a_pipeline_without_token_marks_is_refused(tmp_path):
    spacy.blank("zh").to_disk(tmp_path / "blank")
    with pytest.raises(GovreportError, match="no token_marks"):
        fit_for_model(tmp_path / "blank", SENTENCES, ["900-1"])


def test_sentence_ids_come_from_the_docbins_and_traditional_copies_count_once(tmp_path):
    nlp = spacy.blank("zh")
    db = DocBin(store_user_data=True)
    for sentence_id in ("900-1", "900-1#t", "900-2"):
        doc = nlp.make_doc("在营口市")
        doc.user_data["sentence_id"] = sentence_id
        db.add(doc)
    db.to_disk(tmp_path / "train.spacy")
    assert sentence_ids_of(training_docs([tmp_path / "train.spacy"])) == ["900-1", "900-2"]


def test_a_file_that_is_not_a_docbin_is_named(tmp_path):
    bad = tmp_path / "train.spacy"
    bad.write_text("not a docbin", encoding="utf-8")
    with pytest.raises(GovreportError, match="train.spacy: not a DocBin"):
        training_docs([bad])


def test_a_seed_reports_matches_weigh_more_than_an_extra_reports(marks_model):
    # the same match is a PLACE in a seed report (001) and not in an extra report (900): the weight decides
    sentences = [_sentence(1, "在营口市新建道路", [(1, 4)], doc="001"), _sentence(1, "在营口市新建道路", []),
                 _sentence(2, "组织好营口海蜇节", [], doc="001"), _sentence(2, "在盘锦市新建道路", [(1, 4)])]
    ids = [s.sentence_id for s in sentences]
    doc = marks_model[0]("在营口市新建道路")
    p = {w: fit_for_model(marks_model[1], sentences, ids, c=10.0, lac=False, seed_report_weight=w) for w in (1.0, 3.0)}
    assert p[3.0].meta["seed_report_weight"] == 3.0
    assert p[3.0].probability(place_features(doc, 1, 4)) > p[1.0].probability(place_features(doc, 1, 4))
    with pytest.raises(GovreportError, match="must be positive"):
        fit_for_model(marks_model[1], sentences, ids, seed_report_weight=0.0)
