"""Gold → DocBin conversion reports spans the tokenizer cannot reach."""

import json
import subprocess
import sys

import pytest

from govreport.training.convert import ConversionReport, make_doc, traditional_copy
from govreport.annotation.gold import GoldSentence
from govreport.training.nlp import blank_zh


@pytest.fixture(scope="module")
def nlp(pkuseg_model):
    return blank_zh("pkuseg", pkuseg_model)


def test_misaligned_span_is_reported(nlp):
    sentence = GoldSentence("002-0011", "002", "预计全年完成地区生产总值113.6亿元", ((6, 10, "INDICATOR"), (12, 19, "VALUE")), (), "reviewed")
    report = ConversionReport()
    doc = make_doc(nlp, sentence, report=report)
    assert [e.text for e in doc.ents] == ["113.6亿元"]
    assert len(report.lost) == 1
    message = str(report.lost[0])
    assert "002-0011" in message and "'地区生产'" in message and "[6:10]" in message and "地区生产总值" in message


def test_traditional_copy_keeps_offsets():
    sentence = GoldSentence("x-1", "x", "一般公共预算收入7.66亿元", ((0, 8, "INDICATOR"), (8, 14, "VALUE")), (), "reviewed")
    copy = traditional_copy(sentence)
    assert copy.text == "一般公共預算收入7.66億元"
    assert copy.spans == sentence.spans


def _gold_line(doc, index, text, entities):
    return {"id": int(doc) * 10000 + index, "text": text, "doc": doc,
            "entities": [{"id": i + 1, "start_offset": s, "end_offset": e, "label": l} for i, (s, e, l) in enumerate(entities)],
            "relations": [], "meta": {"sentence_id": f"{doc}-{index:04d}", "review_state": "reviewed", "annotator": "test"}}


def test_conversion_fails_when_too_many_spans_are_lost(tmp_path, pkuseg_model):
    gold = tmp_path / "gold"
    gold.mkdir()
    for doc in ("000", "001", "002"):
        rows = [_gold_line(doc, 0, "地区生产总值增长5%", [(0, 4, "INDICATOR"), (8, 10, "PERCENT")])]
        (gold / f"{doc}.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    sentences = tmp_path / "sentences.jsonl"
    sentences.write_text("", encoding="utf-8")
    result = subprocess.run(
        [sys.executable, "-m", "govreport", "convert", str(gold), "--out-dir", str(tmp_path / "spacy"),
         "--sentences", str(sentences), "--pkuseg-model", str(pkuseg_model), "--dev-from", "rest"],
        capture_output=True, text=True,
    )
    assert result.returncode == 1
    assert "3 of 6 spans (50.0%) do not align" in result.stderr
    assert "000-0000: INDICATOR '地区生产'" in result.stderr


def test_seed_report_copies_weigh_only_the_seed_reports_of_train(tmp_path, pkuseg_model, nlp):
    gold = tmp_path / "gold"
    gold.mkdir()
    for doc in ("000", "001", "002", "101"):
        row = _gold_line(doc, 0, "地区生产总值增长5%", [(0, 6, "INDICATOR"), (8, 10, "PERCENT")])
        (gold / f"{doc}.jsonl").write_text(json.dumps(row, ensure_ascii=False), encoding="utf-8")
    sentences = tmp_path / "sentences.jsonl"
    sentences.write_text("", encoding="utf-8")
    out = tmp_path / "spacy"
    result = subprocess.run(
        [sys.executable, "-m", "govreport", "convert", str(gold), "--out-dir", str(out), "--sentences", str(sentences),
         "--pkuseg-model", str(pkuseg_model), "--test-doc", "000", "--dev-doc", "001", "--seed-report-copies", "2"],
        capture_output=True, text=True,
    )
    assert result.returncode == 0, result.stderr
    from spacy.tokens import DocBin

    train = list(DocBin().from_disk(out / "train.spacy").get_docs(nlp.vocab))
    # seed 002: itself, its traditional copy and two weight copies (one per script); extra report 101: itself and its
    # traditional copy
    assert sorted(doc.text for doc in train) == sorted(["地区生产总值增长5%"] * 3 + ["地區生產總值增長5%"] * 3)
    assert len(list(DocBin().from_disk(out / "test.spacy").get_docs(nlp.vocab))) == 1
    assert json.loads((out / "conversion.json").read_text(encoding="utf-8"))["seed_report_copies_per_sentence"] == 2


def test_convert_draws_dev_from_the_extra_reports_when_asked(tmp_path, pkuseg_model):
    gold = tmp_path / "gold"
    gold.mkdir()
    for doc in ("000", "001", "002", "101", "102"):
        row = _gold_line(doc, 0, "地区生产总值增长5%", [(0, 6, "INDICATOR"), (8, 10, "PERCENT")])
        (gold / f"{doc}.jsonl").write_text(json.dumps(row, ensure_ascii=False), encoding="utf-8")
    sentences = tmp_path / "sentences.jsonl"
    sentences.write_text("", encoding="utf-8")
    out = tmp_path / "spacy"
    command = [sys.executable, "-m", "govreport", "convert", str(gold), "--out-dir", str(out), "--sentences", str(sentences),
               "--pkuseg-model", str(pkuseg_model), "--no-augment-traditional"]
    result = subprocess.run(command + ["--dev-from", "train_only"], capture_output=True, text=True)
    assert result.returncode == 0, result.stderr
    split = json.loads((out / "splits.json").read_text(encoding="utf-8"))
    assert split["dev"][0] in {"101", "102"} and len(split["test"]) == 1 and split["test"][0] < "100"
    assert len(split["train"]) == 3 and sum(d < "100" for d in split["train"]) == 2  # both other seed reports train
    assert json.loads((out / "conversion.json").read_text(encoding="utf-8"))["dev_from"] == "train_only"
    wrong = subprocess.run(command + ["--dev-from", "seeds"], capture_output=True, text=True)
    assert wrong.returncode != 0 and "--dev-from must be one of rest, train_only" in wrong.stderr
    assert "Traceback" not in wrong.stderr
    # seed reports only: the default has no extra report to draw dev from, and says so in one line
    for doc in ("101", "102"):
        (gold / f"{doc}.jsonl").unlink()
    seeds_only = subprocess.run(command, capture_output=True, text=True)
    assert seeds_only.returncode == 1 and "Traceback" not in seeds_only.stderr
    assert "needs at least 1 train-only document" in seeds_only.stderr and "--dev-from rest" in seeds_only.stderr
    assert subprocess.run(command + ["--dev-from", "rest"], capture_output=True, text=True).returncode == 0


def test_convert_keeps_only_the_given_sentences_of_train_and_dev_and_the_whole_test_report(tmp_path, nlp):
    from spacy.tokens import DocBin

    from govreport.training.corpus import convert_corpus

    gold = tmp_path / "gold"
    gold.mkdir()
    for doc in ("000", "001", "101"):
        rows = [_gold_line(doc, 0, "地区生产总值增长5%", [(0, 6, "INDICATOR"), (8, 10, "PERCENT")]),
                _gold_line(doc, 1, "全面加强党的建设", [])]
        (gold / f"{doc}.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in rows), encoding="utf-8")
    sentences = tmp_path / "sentences.jsonl"
    sentences.write_text("", encoding="utf-8")
    kept = {"000-0000", "001-0000", "101-0000"}  # what the figure gate would pass: the sentences with a figure
    result = convert_corpus(gold, tmp_path / "spacy", sentences, nlp, test_docs=["000"], dev_docs=["101"],
                            augment_traditional=False, train_ids=kept)
    assert result.summary["sentences"] == {"train": 1, "dev": 1, "test": 2}
    read = {part: [d.text for d in DocBin().from_disk(tmp_path / "spacy" / f"{part}.spacy").get_docs(nlp.vocab)]
            for part in ("train", "dev", "test")}
    assert read == {"train": ["地区生产总值增长5%"], "dev": ["地区生产总值增长5%"], "test": ["地区生产总值增长5%", "全面加强党的建设"]}


def test_convert_names_a_wrong_train_sentences_choice_in_one_line(tmp_path):
    result = subprocess.run([sys.executable, "-m", "govreport", "convert", str(tmp_path), "--train-sentences", "figures"],
                            capture_output=True, text=True)
    assert result.returncode != 0 and "--train-sentences must be one of all, gated" in result.stderr
    assert "Traceback" not in result.stderr
