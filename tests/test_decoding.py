"""Span constraints of the spec, enforced on model output."""

import pytest
import spacy

from govreport.decoding import constrain, constrain_all
from govreport.errors import GovreportError


def test_a_span_is_cut_before_a_clause_break_and_trimmed_of_punctuation():
    text = "完善公共文化设施，推动场馆免费开放"
    assert constrain(text, (2, 17, "INDICATOR")) == (2, 8, "INDICATOR")
    assert constrain("“项目”", (0, 4, "INDICATOR")) == (1, 3, "INDICATOR")
    assert constrain("，。", (0, 2, "VALUE")) is None


def test_punctuation_inside_a_number_and_a_minus_sign_stay():
    assert constrain("比例12.6:41.2:46.2", (2, 16, "VALUE")) == (2, 16, "VALUE")
    assert constrain("增长-2.3%", (2, 7, "PERCENT")) == (2, 7, "PERCENT")
    assert constrain("投资1,200万元", (2, 9, "VALUE")) == (2, 9, "VALUE")


def test_spans_that_collide_after_cutting_are_dropped():
    text = "项目，建设项目"
    assert constrain_all(text, [(0, 7, "INDICATOR"), (0, 2, "INDICATOR")]) == [(0, 2, "INDICATOR")]


def test_component_rewrites_doc_ents():
    nlp = spacy.blank("zh")
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": "INDICATOR", "pattern": "设施，推动"}])
    nlp.add_pipe("govreport_span_constraints")
    doc = nlp.make_doc("设施，推动")
    doc = nlp(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("设施", "INDICATOR")]


def test_rule_labels_replace_the_models_place_and_never_overlap():
    from govreport.decoding import RULES_KEY, RuleLabels

    nlp = spacy.blank("zh")
    doc = nlp.make_doc("朝阳县新建桥梁5座")
    doc.ents = [doc.char_span(0, 2, "PLACE"), doc.char_span(5, 7, "INDICATOR"), doc.char_span(7, 9, "VALUE")]
    doc.spans[RULES_KEY] = [doc.char_span(0, 3, "PLACE"), doc.char_span(2, 4, "PLACE"), doc.char_span(5, 7, "PLACE")]
    RuleLabels(labels=["PLACE"])(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("朝阳县", "PLACE"), ("桥梁", "INDICATOR"), ("5座", "VALUE")]


def test_rule_labels_take_percent_from_the_rules_where_the_model_missed_or_cut_it():
    from govreport.decoding import RULES_KEY, RuleLabels

    nlp = spacy.blank("zh")
    doc = nlp.make_doc("产值增长12.5%,投资增长3%")
    doc.ents = [doc.char_span(0, 2, "INDICATOR"), doc.char_span(4, 8, "PERCENT"), doc.char_span(10, 12, "INDICATOR")]
    doc.spans[RULES_KEY] = [doc.char_span(4, 9, "PERCENT"), doc.char_span(14, 16, "PERCENT")]
    RuleLabels(labels=["PLACE", "PERCENT"])(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("产值", "INDICATOR"), ("12.5%", "PERCENT"), ("投资", "INDICATOR"), ("3%", "PERCENT")]


def test_a_rule_percent_wins_over_the_models_value_on_its_number():
    from govreport.decoding import RULES_KEY, RuleLabels

    nlp = spacy.blank("zh")
    doc = nlp.make_doc("总产值增长12 %,投资12亿元")  # 002-0162 writes 12 % with a space; the model read 12 as a VALUE
    doc.ents = [doc.char_span(1, 3, "INDICATOR"), doc.char_span(5, 7, "VALUE"), doc.char_span(10, 12, "INDICATOR"),
                doc.char_span(12, 16, "VALUE")]
    doc.spans[RULES_KEY] = [doc.char_span(5, 9, "PERCENT")]
    RuleLabels(labels=["PLACE", "PERCENT"])(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("产值", "INDICATOR"), ("12 %", "PERCENT"), ("投资", "INDICATOR"), ("12亿元", "VALUE")]
    # without PERCENT among the labels the model's entities stay as they are
    doc.ents = [doc.char_span(5, 7, "VALUE")]
    RuleLabels(labels=["PLACE"])(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("12", "VALUE")]


def test_the_pipeline_config_takes_from_the_rules_what_cross_validation_measures_as_shipped():
    from pathlib import Path

    from spacy.util import load_config

    from govreport.decoding import SHIPPED_FILL_LABELS, SHIPPED_FREE_LABELS, SHIPPED_RULE_LABELS

    config = load_config(Path(__file__).parents[1] / "configs" / "pipeline.cfg", interpolate=False)
    assert tuple(config["components"]["rule_labels"]["labels"]) == SHIPPED_RULE_LABELS
    assert tuple(config["components"]["rule_labels"]["fill_labels"]) == SHIPPED_FILL_LABELS
    assert tuple(config["components"]["rule_labels"]["free_labels"]) == SHIPPED_FREE_LABELS


def test_a_rule_percent_at_the_start_of_the_models_indicator_splits_it():
    from govreport.decoding import RULES_KEY, RuleLabels

    nlp = spacy.blank("zh")
    doc = nlp.make_doc("以百分之百办结率和满意率增进民生福祉")  # 004-0148: the model read 百分之百办结率 as one INDICATOR
    doc.ents = [doc.char_span(1, 8, "INDICATOR"), doc.char_span(9, 12, "INDICATOR")]
    doc.spans[RULES_KEY] = [doc.char_span(1, 5, "PERCENT")]
    RuleLabels(labels=["PLACE", "PERCENT"])(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("百分之百", "PERCENT"), ("办结率", "INDICATOR"), ("满意率", "INDICATOR")]


def test_a_models_value_cut_before_its_unit_takes_the_longer_rule_value():
    from govreport.decoding import RULE_CHARS_ATTR, RULES_KEY, RuleLabels

    nlp = spacy.blank("zh")
    doc = nlp.make_doc("引导企业投入1000多万元,累计为14626户次企业")  # 127-0068 and 000-0009 in the gold
    doc.ents = [doc.char_span(4, 6, "INDICATOR"), doc.char_span(6, 11, "VALUE"), doc.char_span(17, 23, "VALUE"),
                doc.char_span(24, 26, "INDICATOR")]
    doc.spans[RULES_KEY] = [doc.char_span(6, 13, "VALUE"), doc.char_span(17, 24, "VALUE")]
    doc.spans[RULES_KEY].attrs[RULE_CHARS_ATTR] = [[6, 13, "VALUE"], [17, 24, "VALUE"]]
    RuleLabels(labels=["PLACE", "PERCENT"])(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("投入", "INDICATOR"), ("1000多万元", "VALUE"), ("14626户次", "VALUE"), ("企业", "INDICATOR")]
    # a longer rule VALUE that would swallow another entity leaves the model's VALUE as it is
    doc.ents = [doc.char_span(6, 11, "VALUE"), doc.char_span(11, 13, "INDICATOR")]
    RuleLabels(labels=["PLACE", "PERCENT"])(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("1000多", "VALUE"), ("万元", "INDICATOR")]


def test_rule_values_fill_in_where_the_model_left_no_entity():
    from govreport.decoding import RULE_CHARS_ATTR, RULES_KEY, RuleLabels

    nlp = spacy.blank("zh")
    doc = nlp.make_doc("拆除违法建设42.7万平米,新建道路12条")  # 108-0044: the model never saw 平米 in a Hebei fold
    doc.ents = [doc.char_span(2, 6, "INDICATOR"), doc.char_span(16, 18, "INDICATOR"), doc.char_span(18, 21, "VALUE")]
    chars = [[4, 6, "VALUE"], [6, 13, "VALUE"], [18, 21, "VALUE"]]  # the first overlaps the model's INDICATOR
    doc.spans[RULES_KEY] = [doc.char_span(a, b, label) for a, b, label in chars]
    doc.spans[RULES_KEY].attrs[RULE_CHARS_ATTR] = chars
    RuleLabels(labels=["PLACE", "PERCENT"], fill_labels=["VALUE"])(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [
        ("违法建设", "INDICATOR"), ("42.7万平米", "VALUE"), ("道路", "INDICATOR"), ("12条", "VALUE")]
    # without fill labels, what the model left out stays out
    doc.ents = [doc.char_span(2, 6, "INDICATOR")]
    RuleLabels(labels=["PLACE", "PERCENT"])(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("违法建设", "INDICATOR")]


class KeepsOnly:
    """A place filter that keeps the candidates of ``places`` (character offsets) and notes what it was asked."""

    def __init__(self, *places):
        self.places = set(places)
        self.asked = []

    def kept(self, doc, places, chars):
        self.asked.append(list(places))
        return [p for p in places if p in self.places]


def test_the_models_place_stands_where_the_gazetteer_has_no_candidate_and_the_filter_keeps_it():
    from govreport.decoding import RULE_CHARS_ATTR, RULES_KEY, RuleLabels

    nlp = spacy.blank("zh")
    # 001 in the gold: 辽河 is a PLACE, 营口 in an event name is not; the model also calls 东西 a PLACE
    doc = nlp.make_doc("辽河左岸实现东西贯通,营口海蜇节接待游客12万人次")
    model = [doc.char_span(0, 2, "PLACE"), doc.char_span(6, 8, "PLACE"), doc.char_span(11, 13, "PLACE"),
             doc.char_span(16, 20, "INDICATOR"), doc.char_span(20, 25, "VALUE")]
    # the gazetteer knows 营口, not 辽河 or 东西; the place filter keeps 辽河 and refuses 东西 and 营口
    chars = [[11, 13, "PLACE"], [20, 25, "VALUE"]]
    doc.ents = model
    doc.spans[RULES_KEY] = [doc.char_span(a, b, label) for a, b, label in chars]
    doc.spans[RULES_KEY].attrs[RULE_CHARS_ATTR] = chars
    labels = RuleLabels(labels=["PLACE", "PERCENT"], free_labels=["PLACE"])
    labels.place_filter = KeepsOnly((0, 2))
    labels(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("辽河", "PLACE"), ("接待游客", "INDICATOR"), ("12万人次", "VALUE")]
    # the rule PLACE first, then the model's free PLACEs (营口 overlaps a rule PLACE: never free)
    assert labels.place_filter.asked == [[(11, 13)], [(0, 2), (6, 8)]]
    # without a place filter every free PLACE stands
    doc.ents = model
    unfiltered = RuleLabels(labels=["PLACE", "PERCENT"], free_labels=["PLACE"])
    unfiltered(doc)
    assert [e.text for e in doc.ents if e.label_ == "PLACE"] == ["辽河", "东西", "营口"]
    # without free labels the model's PLACE is dropped, as the shipped decoding does
    doc.ents = model
    without = RuleLabels(labels=["PLACE", "PERCENT"])
    without.place_filter = KeepsOnly((0, 2))
    without(doc)
    assert [(e.text, e.label_) for e in doc.ents] == [("接待游客", "INDICATOR"), ("12万人次", "VALUE")]


def test_free_labels_must_be_labels_taken_from_the_rules():
    from govreport.decoding import RuleLabels

    with pytest.raises(GovreportError, match="free_labels"):
        RuleLabels(labels=["PERCENT"], free_labels=["PLACE"])
