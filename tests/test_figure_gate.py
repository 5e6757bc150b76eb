"""govreport_figure_gate: NER runs on the sentences with a figure only, with offsets back in the whole Doc."""

import pytest
import spacy
from spacy.tokens import Doc

from govreport.decoding import RULE_CHARS_ATTR, RULES_KEY
from govreport.errors import GovreportError
from govreport.figure_gate import figure_sentences, gate_pipeline, ungate_pipeline

TEXT = "全年地区生产总值113.6亿元。朝阳县持续推进生态建设。一般公共预算收入完成XX亿元。投资三千万元建设朝阳县体育馆。"
PATTERNS = [("INDICATOR", "地区生产总值"), ("INDICATOR", "一般公共预算收入"), ("VALUE", "113.6亿元"),
            ("VALUE", "XX亿元"), ("PLACE", "朝阳县"), ("VALUE", "三千万元")]


def blank():
    return spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "govreport.pkuseg_tokenizer.v1", "segmenter": "char"}}})


def gated(nlp):
    # a real entity ruler stands in for the trained NER: the gate only needs a component with pipe()
    ruler = nlp.add_pipe("entity_ruler", name="ner")
    ruler.add_patterns([{"label": label, "pattern": text} for label, text in PATTERNS])
    assert gate_pipeline(nlp) == "figure_gate"
    return nlp


def sentence_texts(doc, bounds):
    return [doc[a:b].text for a, b in bounds]


def test_figure_sentences_are_the_ones_with_digits_or_the_redaction_mark():
    doc = blank()(TEXT)
    assert sentence_texts(doc, figure_sentences(doc)) == ["全年地区生产总值113.6亿元。", "一般公共预算收入完成XX亿元。"]


def test_a_rule_value_in_chinese_numerals_makes_a_figure_sentence():
    doc = blank()(TEXT)
    start = TEXT.index("三千万元")
    doc.spans[RULES_KEY] = [doc.char_span(start, start + 4, label="VALUE", alignment_mode="expand")]
    doc.spans[RULES_KEY].attrs[RULE_CHARS_ATTR] = [[start, start + 4, "VALUE"]]
    assert sentence_texts(doc, figure_sentences(doc))[-1] == "投资三千万元建设朝阳县体育馆。"


def test_ner_runs_on_figure_sentences_only_and_offsets_come_back():
    nlp = gated(blank())
    assert "ner" not in nlp.pipe_names and nlp.disabled == ["ner"]
    doc = nlp(TEXT)
    assert [(e.text, e.label_, e.start_char) for e in doc.ents] == [
        ("地区生产总值", "INDICATOR", 2), ("113.6亿元", "VALUE", 8),
        ("一般公共预算收入", "INDICATOR", TEXT.index("一般")), ("XX亿元", "VALUE", TEXT.index("XX"))]
    # with the gate off, the same component finds the places of the sentences without a digit too
    nlp.enable_pipe("ner")
    nlp.disable_pipe("figure_gate")
    assert {e.text for e in nlp(TEXT).ents} >= {"朝阳县", "三千万元"}


def test_batches_keep_each_doc_its_own_entities():
    nlp = gated(blank())
    texts = ["没有数字的句子。", TEXT, "地区生产总值113.6亿元。"] * 3
    docs = list(nlp.pipe(texts, batch_size=2))
    assert [len(d.ents) for d in docs] == [0, 4, 2] * 3
    assert all(e.doc is d for d in docs for e in d.ents)


def test_a_pipeline_without_the_named_component_is_a_clear_error():
    nlp = blank()
    nlp.add_pipe("govreport_figure_gate", config={"ner": "ner"})
    with pytest.raises(GovreportError, match="no component 'ner'"):
        nlp("地区生产总值5亿元。")
    assert gate_pipeline(blank()) is None  # nothing to gate


def test_ungate_pipeline_lets_ner_read_every_sentence_again():
    nlp = gated(blank())
    assert "朝阳县" not in {e.text for e in nlp(TEXT).ents}
    assert ungate_pipeline(nlp) == ["figure_gate"]
    assert nlp.disabled == ["figure_gate"] and "ner" in nlp.pipe_names
    assert {e.text for e in nlp(TEXT).ents} >= {"朝阳县", "三千万元"}
    assert ungate_pipeline(blank()) == []


def test_a_sentence_that_names_a_statistic_passes_without_a_figure():
    words = ["群众", "满意度", "不断", "提升", "。", "事故", "起数", "下降", "。", "持续", "推进", "生态", "建设", "。"]
    doc = Doc(blank().vocab, words=words, spaces=[False] * len(words))
    doc[0].tag_ = "INDB"  # token_marks: 群众满意度 begins an indicator-lexicon entry
    assert figure_sentences(doc) == []
    assert sentence_texts(doc, figure_sentences(doc, statistic_marks=["INDB"])) == ["群众满意度不断提升。"]
    # 起数 ends in 数, the head of a count's name; a one-character word never counts as a head
    assert sentence_texts(doc, figure_sentences(doc, ["INDB"], "率量数")) == ["群众满意度不断提升。", "事故起数下降。"]


def test_the_shipped_gate_names_statistics_as_the_config_says():
    # crossval gates its fold models with the factory's defaults (gate_pipeline), `all` assembles
    # configs/pipeline.cfg: the two must name the same statistics, or crossval scores another pipeline
    from spacy.util import load_config

    from .conftest import ROOT

    nlp = gated(blank())
    gate = nlp.get_pipe("figure_gate")
    assert gate.statistic_marks == ("INDB",) and gate.statistic_heads == "率量数"
    shipped = load_config(ROOT / "configs" / "pipeline.cfg")["components"]["figure_gate"]
    assert (tuple(shipped["statistic_marks"]), shipped["statistic_heads"]) == (gate.statistic_marks, gate.statistic_heads)


def test_a_traditional_statistic_head_counts_as_its_simplified_form(pkuseg_model):
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "govreport.pkuseg_tokenizer.v1", "segmenter": "pkuseg"}}})
    nlp.tokenizer.initialize(pkuseg_model=str(pkuseg_model))
    simplified, traditional = nlp("事故起数和死亡人数实现双下降。"), nlp("事故起數和死亡人數實現雙下降。")
    assert figure_sentences(simplified, (), "率量数") == figure_sentences(traditional, (), "率量数") == [(0, len(simplified))]
