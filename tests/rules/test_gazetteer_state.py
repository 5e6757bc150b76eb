"""The place gazetteer is an argument or pipeline state, never a path relative to the working directory."""

from __future__ import annotations

import os

import pytest
import spacy
from spacy import util

from govreport.errors import GovreportError
from govreport.rules import RuleAnnotator, annotate, rule_annotator
from govreport.rules.component import PLACES_FILE, RulesComponent
from tests.conftest import ROOT

TEXT = "梁平区预计全年完成地区生产总值113.6亿元,增长5%;总部落户盘锦市"
ENTS = [("梁平区", "PLACE"), ("地区生产总值", "INDICATOR"), ("113.6亿元", "VALUE"), ("5%", "PERCENT"), ("盘锦市", "PLACE")]

CONFIG = """
[paths]
gazetteer = null

[nlp]
lang = "zh"
pipeline = ["govreport_rules"]

[components]

[components.govreport_rules]
factory = "govreport_rules"

[initialize]

[initialize.components]

[initialize.components.govreport_rules]
gazetteer = ${paths.gazetteer}
"""


def labelled(result):
    return [(TEXT[e["start_offset"] : e["end_offset"]], e["label"]) for e in result["entities"]]


@pytest.fixture
def no_env(monkeypatch):
    monkeypatch.delenv("GOVREPORT_GAZETTEER", raising=False)


def test_annotate_gives_the_same_result_from_another_folder(gazetteer, tmp_path, monkeypatch, no_env):
    monkeypatch.chdir(ROOT)
    from_root = annotate(TEXT, gazetteer=gazetteer)
    assert labelled(from_root) == ENTS  # the places come from the gazetteer
    monkeypatch.chdir(tmp_path)
    assert annotate(TEXT, gazetteer=gazetteer) == from_root
    # a relative path is resolved once, against the folder of the call, and shares the cache entry
    assert rule_annotator(os.path.relpath(gazetteer, tmp_path)) is rule_annotator(gazetteer)
    assert rule_annotator(gazetteer / "china_location.txt") is rule_annotator(gazetteer)


def test_annotate_with_no_gazetteer_is_a_clear_error(tmp_path, monkeypatch, no_env):
    monkeypatch.chdir(tmp_path)
    with pytest.raises(GovreportError, match="spacy project run fetch-assets") as err:
        annotate(TEXT)
    assert "`gazetteer` argument" in str(err.value) and "GOVREPORT_GAZETTEER" in str(err.value)
    with pytest.raises(GovreportError, match=r"missing \(the place gazetteer: run `spacy project run fetch-assets`"):
        annotate(TEXT, gazetteer=tmp_path / "nowhere")


def test_the_environment_variable_is_the_only_implicit_source(gazetteer, tmp_path, monkeypatch):
    monkeypatch.chdir(tmp_path)
    monkeypatch.setenv("GOVREPORT_GAZETTEER", str(gazetteer))
    assert labelled(annotate(TEXT)) == ENTS
    monkeypatch.setenv("GOVREPORT_GAZETTEER", "assets/jionlp_china_location")
    with pytest.raises(GovreportError, match="must be an absolute path"):
        annotate(TEXT)


def test_rule_annotator_from_a_place_table():
    annotator = RuleAnnotator({"梁平区": "county", "梁平": "county:short"})
    text = "梁平地区生产总值增长5%"
    assert [(text[s:e], label) for s, e, label in annotator.spans(text)] == [
        ("梁平", "PLACE"), ("地区生产总值", "INDICATOR"), ("5%", "PERCENT")
    ]
    assert "盘锦市" not in annotator.place_table  # only the table it was given (plus the curated regions)


@pytest.fixture(scope="module")
def saved_pipeline(gazetteer, tmp_path_factory):
    """A blank zh pipeline with govreport_rules, initialised from the config with paths.gazetteer, saved."""
    config = util.load_config_from_str(CONFIG, overrides={"paths.gazetteer": str(gazetteer)})
    nlp = util.load_model_from_config(config, auto_fill=True, validate=True)
    nlp.initialize()
    path = tmp_path_factory.mktemp("rules-pipeline") / "pipeline"
    nlp.to_disk(path)
    return path, [(e.text, e.label_) for e in nlp(TEXT).ents]


def test_saved_pipeline_loads_without_the_assets_folder(saved_pipeline, tmp_path, monkeypatch, no_env):
    path, ents = saved_pipeline
    assert ents == ENTS
    assert (path / "govreport_rules" / PLACES_FILE).exists()
    monkeypatch.chdir(tmp_path)  # no assets/ here
    nlp = spacy.load(path)
    assert [(e.text, e.label_) for e in nlp(TEXT).ents] == ents
    rules = nlp.get_pipe("govreport_rules")
    again = RulesComponent().from_bytes(rules.to_bytes())
    assert again.annotator.place_table == rules.annotator.place_table


def test_uninitialised_component_is_a_clear_error(no_env):
    nlp = spacy.blank("zh")
    nlp.add_pipe("govreport_rules")
    with pytest.raises(GovreportError, match=r"initialize\.components\.govreport_rules\] gazetteer") as err:
        nlp(TEXT)
    assert "spacy project run fetch-assets" in str(err.value)
    with pytest.raises(GovreportError, match="no place table"):
        nlp.initialize()  # no gazetteer setting and nothing loaded


def test_uninitialised_component_saves_and_loads_as_uninitialised(tmp_path):
    nlp = spacy.blank("zh")
    nlp.add_pipe("govreport_rules")
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert not loaded.get_pipe("govreport_rules").is_initialized
    with pytest.raises(GovreportError, match="no place table"):
        loaded(TEXT)
