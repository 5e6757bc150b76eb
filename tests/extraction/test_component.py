"""The indicator_extractor component in a real pipeline, on seed sentences and reports."""

import json
import subprocess
import sys
from importlib.metadata import entry_points

import numpy
import pytest
import spacy
from spacy.language import Language
from spacy.tokens import DocBin, Span, SpanGroup

from govreport.cleaning import clean_report
from govreport.errors import GovreportError
from govreport.extraction.component import find_extractor, make_report_doc, make_report_docs
from govreport.extraction.extract import extract_records

from .conftest import ROOT

SENTENCE = "预计全年完成地区生产总值113.6亿元,增长5%;"  # 002-0009


def test_exact_record_for_a_seed_sentence(ruler_nlp):
    doc = make_report_doc(ruler_nlp, "朝阳县2023年政府工作报告\n2022年工作回顾\n" + SENTENCE)
    assert doc._.indicators == [
        {
            "indicator": {"text": "地区生产总值", "start_char": 31, "end_char": 37},
            "value": {"text": "113.6亿元", "start_char": 37, "end_char": 44, "number": 113.6, "unit": "元",
                      "multiplier": 100000000, "normalized": 11360000000, "approx": False, "bound": None, "ratio": None},
            "change": {"text": "5%", "start_char": 47, "end_char": 49, "percent": 5, "direction": 1, "kind": "growth",
                       "approx": False, "bound": None},
            "qualifier": [],
            "place": {"name": "朝阳县", "source": "title"},
            "period": {"year": 2022, "source": "heading"},
            "status": "expected",
            "sentence": 2,
            "confidence": None,
            "clause": "预计全年完成地区生产总值113.6亿元",
        }
    ]


def test_one_sentence_with_a_given_place(ruler_nlp):
    doc = make_report_doc(ruler_nlp, SENTENCE, place="朝阳县", place_source="manifest", year=2023)
    (record,) = doc._.indicators
    assert record["place"] == {"name": "朝阳县", "source": "manifest"}
    assert (record["period"], record["status"]) == ({"year": 2022, "source": "default"}, "expected")


def test_whole_seed_report(ruler_nlp, cleaned_seeds):
    cleaned = cleaned_seeds["002"]
    doc = make_report_doc(ruler_nlp, cleaned.text, place="朝阳县", place_source="manifest", year=2023)
    records = doc._.indicators
    assert len(records) > 80
    doc_text = doc.text
    for r in records:
        ind = r["indicator"]
        assert doc_text[ind["start_char"] : ind["end_char"]] == ind["text"]
        assert r["value"] is not None or r["change"] is not None
    targets = [r for r in records if r["status"] == "target"]
    assert targets and all(r["period"]["year"] == 2023 for r in targets)  # 2023年工作安排
    actual = [r for r in records if r["status"] == "actual"]
    assert actual and all(r["period"]["year"] == 2022 for r in actual)  # 2022年工作回顾
    # 主要预期目标是:…规上工业总产值增长12 %,… (002-0162)
    r = next(r for r in records if r["change"] and r["change"]["text"] == "12 %")
    assert (r["indicator"]["text"], r["change"]["percent"], r["status"]) == ("规上工业总产值", 12, "target")


def _spancat_doc(nlp, text, spans_scores, key="sc"):
    doc = nlp.make_doc(text)
    spans = [doc.char_span(a, b, label=l) for (a, b, l), _ in spans_scores]
    group = SpanGroup(doc, name=key, spans=spans)
    group.attrs["scores"] = numpy.array([[s] for _, s in spans_scores], dtype="float32")  # spancat keeps (n, 1)
    doc.spans[key] = group
    return doc


def test_spans_source_scores_threshold_and_overlaps():
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "govreport.pkuseg_tokenizer.v1", "segmenter": "char"}}})
    extractor = nlp.add_pipe("indicator_extractor", config={"source": "spans", "min_score": 0.5})
    text = "规上工业单位增加值能耗同比下降8.4%,实现历史性改善。"  # 001-0090
    doc = _spancat_doc(nlp, text, [
        ((0, 11, "INDICATOR"), 0.9),
        ((2, 11, "INDICATOR"), 0.7),  # overlaps a better span: dropped
        ((15, 19, "PERCENT"), 0.8),
        ((20, 22, "INDICATOR"), 0.3),  # below min_score: dropped
    ])
    doc = extractor(doc)
    (record,) = doc._.indicators
    assert record["indicator"]["text"] == "规上工业单位增加值能耗"
    assert (record["change"]["percent"], record["change"]["direction"]) == (8.4, -1)
    assert record["confidence"] == 0.8


def test_factory_is_registered_by_entry_point():
    names = {ep.name for ep in entry_points(group="spacy_factories")}
    assert "indicator_extractor" in names
    assert "span_indicator_extractor" in names


def test_saved_pipeline_loads_without_code(ruler_model):
    code = (
        "import spacy, sys; nlp = spacy.load(sys.argv[1]); "
        f"doc = nlp({SENTENCE!r}); print(len(doc._.indicators), nlp.pipe_names[-1])"
    )
    out = subprocess.run([sys.executable, "-c", code, str(ruler_model)], capture_output=True, text=True, check=True)
    assert out.stdout.split() == ["1", "indicator_extractor"]


@pytest.mark.parametrize(
    "text",
    [
        "",
        "   \n\t ",
        "地区生产总值113.6亿元,增长5%," * 5000,  # 95,000 characters on one line (the megabyte case: below)
        "<html><body><p>地区生产总值<b>113.6亿元</b>,增长5%</p><script>alert(1)</script></body></html>",
        "😀🎉 地区生产总值113.6亿元 🚀,增长5%",
        "朝陽縣地區生產總值113.6億元, GDP grew 5%, 地区生产总值113.6亿元",
        "地区生产总值113.6,增长5",  # numbers without units
    ],
)
def test_bad_input_never_raises(ruler_nlp, text):
    doc = make_report_doc(ruler_nlp, text)
    assert isinstance(doc._.indicators, list)
    doc_text = doc.text  # Doc.text is rebuilt from the tokens on every access
    for r in doc._.indicators:
        ind = r["indicator"]
        assert doc_text[ind["start_char"] : ind["end_char"]] == ind["text"]


MEGABYTE_UNIT = "地区生产总值113.6亿元,增长5%,"


def test_megabyte_line_extraction_is_linear():
    """The extraction step on a 1 MB line, spans given: seconds, not minutes."""
    text = MEGABYTE_UNIT * 53000  # 1,007,000 characters, no line break
    n = len(MEGABYTE_UNIT)
    spans = [s for i in range(0, len(text), n) for s in ((i, i + 6, "INDICATOR"), (i + 6, i + 13, "VALUE"), (i + 16, i + 18, "PERCENT"))]
    records = extract_records(text, spans)
    assert len(records) == 53000
    assert records[-1].to_dict()["value"]["normalized"] == 11360000000


@pytest.mark.slow
def test_megabyte_line_through_the_pipeline(ruler_nlp):
    """spaCy's char segmenter is superlinear on one huge line (~1 min for 1 MB); it still finishes."""
    doc = make_report_doc(ruler_nlp, MEGABYTE_UNIT * 53000)
    assert len(doc._.indicators) == 53000


# spaCy-native: records are plain data, report facts travel on the Doc, the extractor is found by factory

FACTS = {"place": "朝阳县", "place_source": "manifest", "year": 2023}


def _small_pipeline(name="indicator_extractor", factory="indicator_extractor"):
    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "govreport.pkuseg_tokenizer.v1", "segmenter": "char"}}})
    ruler = nlp.add_pipe("entity_ruler")
    ruler.add_patterns([{"label": label, "pattern": text} for text, label in
                        [("地区生产总值", "INDICATOR"), ("113.6亿元", "VALUE"), ("5%", "PERCENT")]])
    nlp.add_pipe(factory, name=name)
    return nlp


def _seed_sentences(cleaned_seeds, n=40):
    return [s.text for s in cleaned_seeds["002"].sentences[:n]]


def test_pipe_in_two_processes_gives_the_same_records(ruler_nlp, cleaned_seeds):
    texts = _seed_sentences(cleaned_seeds) + ["朝阳县2023年政府工作报告\n2022年工作回顾\n" + SENTENCE]
    one = [doc._.indicators for doc in ruler_nlp.pipe(texts, batch_size=8)]
    two = [doc._.indicators for doc in ruler_nlp.pipe(texts, batch_size=8, n_process=2)]
    assert sum(len(records) for records in one) >= 10
    assert two == one


def test_report_facts_reach_the_workers(ruler_nlp, cleaned_seeds):
    reports = [(text, FACTS) for text in _seed_sentences(cleaned_seeds)]
    one = [doc._.indicators for doc in make_report_docs(ruler_nlp, reports, batch_size=8)]
    two = [doc._.indicators for doc in make_report_docs(ruler_nlp, reports, batch_size=8, n_process=2)]
    assert two == one
    records = [r for rs in two for r in rs]
    assert len(records) >= 10 and {r["place"]["source"] for r in records} <= {"manifest", "sentence"}
    assert any(r["place"] == {"name": "朝阳县", "source": "manifest"} for r in records)


def test_records_survive_a_docbin_with_user_data(ruler_nlp, cleaned_seeds):
    reports = [(text, FACTS) for text in _seed_sentences(cleaned_seeds)] + [SENTENCE]
    docs = list(make_report_docs(ruler_nlp, reports))
    data = DocBin(store_user_data=True, docs=docs).to_bytes()
    back = list(DocBin().from_bytes(data).get_docs(ruler_nlp.vocab))
    assert sum(len(doc._.indicators) for doc in docs) >= 10
    for before, after in zip(docs, back, strict=True):
        assert after._.indicators == before._.indicators == json.loads(json.dumps(before._.indicators))
        assert (after._.report_place, after._.report_year) == (before._.report_place, before._.report_year)
    assert (back[0]._.report_place, back[0]._.report_place_source, back[0]._.report_year) == ("朝阳县", "manifest", 2023)
    assert back[-1]._.report_place is None


def test_report_facts_on_every_record_and_text_longer_than_max_length():
    nlp = _small_pipeline()
    text = "预计全年完成地区生产总值113.6亿元,增长5%;" * 12  # 300 characters, no heading, no place
    whole = make_report_doc(nlp, text, **FACTS)
    bare = make_report_doc(nlp, text)
    nlp.max_length = 70  # the same report in five pieces
    cut = make_report_doc(nlp, text, **FACTS)
    assert len(whole._.indicators) == 12
    assert cut._.indicators == whole._.indicators and cut.text == text
    for r in cut._.indicators:
        assert r["place"] == {"name": "朝阳县", "source": "manifest"}
        assert r["period"] == {"year": 2022, "source": "default"}  # expected figures of the report year's previous year
        assert text[r["indicator"]["start_char"] : r["indicator"]["end_char"]] == r["indicator"]["text"]
    assert {r["place"]["name"] for r in bare._.indicators} == {None}
    assert (cut._.report_place, cut._.report_place_source, cut._.report_year) == ("朝阳县", "manifest", 2023)


def test_extractor_found_by_factory_under_another_name():
    nlp = _small_pipeline(name="records")
    assert find_extractor(nlp) == "records"
    (record,) = make_report_doc(nlp, SENTENCE, **FACTS)._.indicators
    assert record["indicator"]["text"] == "地区生产总值" and record["place"]["name"] == "朝阳县"
    nlp.max_length = 20  # two pieces, cut after the comma
    assert make_report_doc(nlp, SENTENCE, **FACTS)._.indicators == [record]
    spans = _small_pipeline(name="figures", factory="span_indicator_extractor")
    assert find_extractor(spans) == "figures" and spans.get_pipe("figures").source == "spans"


def test_no_extractor_is_a_clear_error():
    nlp = _small_pipeline()
    nlp.remove_pipe("indicator_extractor")
    assert find_extractor(nlp, required=False) is None
    with pytest.raises(GovreportError, match="no indicator extractor"):
        make_report_doc(nlp, SENTENCE)


def test_factories_declare_what_they_assign_and_require(ruler_nlp):
    meta = ruler_nlp.get_pipe_meta("indicator_extractor")
    assert (meta.assigns, meta.requires) == (["doc._.indicators"], ["doc.ents"])
    span_meta = Language.get_factory_meta("span_indicator_extractor")
    assert (span_meta.assigns, span_meta.requires) == (["doc._.indicators"], ["doc.spans"])
    assert ruler_nlp.analyze_pipes()["problems"] == {"entity_ruler": [], "indicator_extractor": []}
    blank = spacy.blank("zh")
    blank.add_pipe("span_indicator_extractor")
    assert blank.analyze_pipes()["problems"] == {"span_indicator_extractor": ["doc.spans"]}


def test_calibrated_confidence_reads_the_rule_spans_and_travels_with_the_pipeline(tmp_path):
    import srsly

    from govreport.confidence import FEATURES, RecordCalibrator
    from govreport.decoding import RULES_KEY
    from govreport.errors import GovreportError

    nlp = spacy.blank("zh", config={"nlp": {"tokenizer": {"@tokenizers": "govreport.pkuseg_tokenizer.v1", "segmenter": "char"}}})
    extractor = nlp.add_pipe("indicator_extractor")
    weights = {f: 0.0 for f in FEATURES}
    weights["indicator_in_rules"] = 4.0
    path = tmp_path / "calibration.json"
    srsly.write_json(path, RecordCalibrator(weights, -1.0).to_dict())
    extractor.initialize(calibration=path)
    text = "地区生产总值113.6亿元,增长5%。"
    doc = nlp.make_doc(text)
    doc.ents = [doc.char_span(0, 6, "INDICATOR"), doc.char_span(6, 13, "VALUE"), doc.char_span(16, 18, "PERCENT")]
    assert extractor(doc)._.indicators[0]["confidence"] is None  # no rule spans kept: no calibrated confidence
    doc.spans[RULES_KEY] = [doc.char_span(0, 6, "INDICATOR")]
    (record,) = extractor(doc)._.indicators
    assert record["confidence"] == pytest.approx(1 / (1 + 2.718281828 ** -3.0), abs=1e-3)
    nlp.to_disk(tmp_path / "pipeline")
    loaded = spacy.load(tmp_path / "pipeline")
    assert loaded.get_pipe("indicator_extractor").calibrator.weights["indicator_in_rules"] == 4.0
    with pytest.raises(GovreportError, match="no record calibration"):
        extractor.initialize(calibration=tmp_path / "missing.json")
