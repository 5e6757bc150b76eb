"""extract at corpus scale with a real (ruler) pipeline: folders and globs, bad files, resume after SIGKILL,
one schema in three formats, overlong lines cut before the models see them."""

import json
import os
import shutil
import signal
import subprocess
import sys
import time

import pyarrow.parquet as pq
import pytest
from spacy.language import Language
from typer.testing import CliRunner

from govreport.cleaning import clean_report
from govreport.cleaning.sentences import cut_sentences
from govreport.cli import app
from govreport.extraction.batch import expand_inputs, extract_batch, report_inputs
from govreport.extraction.component import piece_bounds
from govreport.extraction.reports import load_pipeline
from govreport.extraction.rows import COLUMNS, arrow_schema, read_rows
from govreport.io import read_report_text

from .conftest import ROOT, build_ruler_pipeline

RAW = ROOT / "corpus" / "raw"
EXTRA = RAW / "extra"
MANIFEST = ROOT / "corpus" / "manifest.tsv"
RAW_002 = RAW / "002_a6a8f6c27dc122fe.txt"
RAW_001 = RAW / "001_6ec5e4e2dfb023b3.txt"  # traditional script
runner = CliRunner()


def _extract(model, *args):
    return runner.invoke(app, ["extract", *map(str, args), "--model", str(model), "--manifest", str(MANIFEST), "--no-progress"])


def test_files_folders_and_globs_each_once_in_order(ruler_model, tmp_path):
    args = [RAW_002, EXTRA, str(RAW / "00[34]_*.txt"), str(EXTRA / "130636_*.txt")]  # the last glob repeats files
    files = expand_inputs(args)
    assert files[0] == RAW_002 and [f.name[:3] for f in files[-2:]] == ["003", "004"]
    assert len(files) == 1 + 33 + 2 and len(set(files)) == len(files)
    out = tmp_path / "records.jsonl"
    result = _extract(ruler_model, *args, "--out", out)
    assert result.exit_code == 0, result.output
    assert "from 36 report(s)" in result.output
    rows = read_rows(out)
    ids = [info.doc_id for info in report_inputs(files, MANIFEST)]
    assert ids[:2] == ["002", "100"]  # extra/130607_2020.txt is 100 in the manifest (found under its sub-folder)
    seen = list(dict.fromkeys(r["doc_id"] for r in rows))
    assert seen == [i for i in ids if i in set(seen)] and len(seen) >= 30  # input order
    for row in rows:  # every row says where it comes from, and its offsets hold
        assert row["doc_id"] and row["source"] and len(row["content_hash"]) == 64 and row["year"]
        assert row["place"] and row["sentence"] is not None
        local = row["indicator_start"] - row["sentence_start"]
        assert row["sentence_text"][local:local + len(row["indicator"])] == row["indicator"]
        assert row["sentence_start"] <= row["indicator_start"] < row["indicator_end"] <= row["sentence_end"]


def test_a_name_that_matches_nothing_fails_before_any_work(ruler_model, tmp_path):
    for arg, message in [(tmp_path / "nope.txt", "no such file or folder"), (str(tmp_path / "*.txt"), "matches no file"),
                         (tmp_path, "no *.txt file in the folder")]:
        result = _extract(ruler_model, arg, "--out", tmp_path / "r.csv")
        assert result.exit_code == 1 and message in result.output, result.output


def test_bad_files_are_named_with_the_reason_and_their_neighbours_processed(ruler_model, tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(RAW_002, folder)
    shutil.copy(EXTRA / "130636_2024.txt", folder / "130636_2024.txt")
    (folder / "binary.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(range(256)))
    (folder / "gbk.txt").write_bytes("地区生产总值113.6亿元,增长5%。".encode("gb18030"))
    (folder / "empty.txt").write_bytes(b"")
    (folder / "blank.txt").write_text(" \n\t\n", encoding="utf-8")
    (folder / "furniture.txt").write_text("首页 > 政务公开 > 工作报告\n打印本页\n关闭窗口\n", encoding="utf-8")
    out = tmp_path / "records.csv"
    result = _extract(ruler_model, folder, "--out", out)
    assert result.exit_code == 0, result.output
    assert "5 failed (first: " in result.output and "records.csv.errors.jsonl" in result.output
    errors = {os.path.basename(e["source"]): e for e in map(json.loads, (tmp_path / "records.csv.errors.jsonl").open(encoding="utf-8"))}
    assert set(errors) == {"binary.txt", "gbk.txt", "empty.txt", "blank.txt", "furniture.txt"}
    assert "binary" in errors["binary.txt"]["reason"]
    assert "not valid UTF-8" in errors["gbk.txt"]["reason"] and "GB18030" in errors["gbk.txt"]["reason"]
    assert errors["empty.txt"]["reason"] == "empty file (0 bytes)"
    assert "white space" in errors["blank.txt"]["reason"] and "cleaning" in errors["furniture.txt"]["reason"]
    rows = read_rows(out)
    assert {r["doc_id"] for r in rows} == {"002", "132"}  # the neighbours, with their manifest ids
    assert sum(r["doc_id"] == "002" for r in rows) > 80

    # fixed at the source: the rerun takes the converted file, skips the done ones, lists only what still fails
    (folder / "gbk.txt").write_text("地区生产总值113.6亿元,增长5%。", encoding="utf-8")
    again = _extract(ruler_model, folder, "--out", out)
    assert again.exit_code == 0 and "2 already done" in again.output and "4 failed" in again.output, again.output
    gbk = [r for r in read_rows(out) if r["doc_id"] == "gbk"]
    assert [(r["indicator"], r["normalized"], r["percent"]) for r in gbk] == [("地区生产总值", 11360000000, 5)]
    errors = [json.loads(line) for line in (tmp_path / "records.csv.errors.jsonl").open(encoding="utf-8")]
    assert "gbk.txt" not in {os.path.basename(e["source"]) for e in errors}


def test_a_run_killed_mid_way_resumes_and_writes_each_report_once(ruler_model, tmp_path):
    out = tmp_path / "records.parquet"
    parts = tmp_path / "records.parquet.parts"
    command = [sys.executable, "-m", "govreport", "extract", str(RAW), "--out", str(out), "--model", str(ruler_model),
               "--manifest", str(MANIFEST), "--no-progress", "--batch-size", "1"]
    proc = subprocess.Popen(command, cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    deadline = time.monotonic() + 120
    while len(list(parts.glob("part-*.parquet"))) < 3 and time.monotonic() < deadline and proc.poll() is None:
        time.sleep(0.01)
    assert proc.poll() is None, proc.stderr.read().decode()  # still running: killed in the middle
    proc.send_signal(signal.SIGKILL)
    proc.wait()
    proc.stderr.close()
    written = sorted(parts.glob("part-*.parquet"))
    assert 3 <= len(written) < 38 and not out.exists()
    for part in written:  # whole parts or none: each one reads
        pq.read_table(part, schema=arrow_schema())

    inputs = report_inputs(expand_inputs([RAW]), MANIFEST)
    summary = extract_batch(load_pipeline(ruler_model), inputs, out, progress=False, model_id=ruler_model)
    assert (summary.already_done, summary.extracted, summary.failed) == (len(written), 38 - len(written), 0)
    assert not list(parts.glob(".*.tmp"))  # the killed run's temporary file is gone
    rows = read_rows(out)
    reference = extract_batch(load_pipeline(ruler_model), inputs, tmp_path / "reference.parquet", progress=False)
    assert reference.extracted == 38 and rows == read_rows(tmp_path / "reference.parquet")
    assert len({r["content_hash"] for r in rows}) == len({r["doc_id"] for r in rows})  # one id per report, once


def test_another_model_does_not_mix_with_old_parts(ruler_model, tmp_path):
    out = tmp_path / "records.jsonl"
    assert _extract(ruler_model, RAW_002, "--out", out).exit_code == 0
    other = tmp_path / "other_model"
    shutil.copytree(ruler_model, other)
    (other / "entity_ruler" / "patterns.jsonl").write_text('{"label":"INDICATOR","pattern":"地区生产总值"}\n', encoding="utf-8")
    result = _extract(other, RAW_002, "--out", out)
    assert result.exit_code == 1 and "--fresh" in result.output
    fresh = _extract(other, RAW_002, "--out", out, "--fresh")
    assert fresh.exit_code == 0 and "1 extracted now" in fresh.output and read_rows(out) == []


def test_jsonl_csv_and_parquet_hold_the_same_rows(ruler_model, tmp_path):
    files = [RAW_002, EXTRA / "130636_2024.txt", RAW_001]
    rows = {}
    for suffix in ("jsonl", "csv", "parquet"):
        out = tmp_path / f"records.{suffix}"
        result = _extract(ruler_model, *files, "--out", out, "--n-process", "2" if suffix == "csv" else "1")
        assert result.exit_code == 0, result.output
        rows[suffix] = read_rows(out)
    assert rows["jsonl"] == rows["csv"] == rows["parquet"] and len(rows["jsonl"]) > 100
    first = rows["parquet"][0]
    assert (first["doc_id"], first["indicator"], first["normalized"], first["unit"], first["percent"]) == ("002", "地区生产总值", 11360000000, "元", 5)
    assert (first["place"], first["year"], first["status"], first["sentence_cut"]) == ("朝阳县", 2022, "expected", None)
    traditional = [r for r in rows["csv"] if r["doc_id"] == "001"]
    assert traditional and all(r["sentence_original"] for r in traditional)
    # one schema: the same columns, in the same order, in all three files
    assert list(json.loads((tmp_path / "records.jsonl").open(encoding="utf-8").readline())) == list(COLUMNS)
    assert (tmp_path / "records.csv").open(encoding="utf-8").readline().strip().split(",") == list(COLUMNS)
    assert pq.read_schema(tmp_path / "records.parquet").equals(arrow_schema())


# overlong sentences: cut after a clause mark, else at a fixed length, before the models see them

PIECE_LENGTHS = []


@Language.component("test_piece_lengths")
def _piece_lengths(doc):
    PIECE_LENGTHS.append(len(doc.text))
    return doc


def test_cut_sentences_at_clause_marks_then_at_a_fixed_length():
    text = "地区生产总值113.6亿元,增长5%," * 4 + "一" * 46 + "12345678" + "二" * 30 + "。短句。"  # 8 digits across 40
    cuts = cut_sentences(text, 40)
    assert all(e - s <= 40 for s, e, _ in cuts) and "".join(text[s:e] for s, e, _ in cuts) == text
    assert [c for _, _, c in cuts] == ["clause"] * 2 + ["length"] * 3 + [None]  # two figures fit in 40
    assert "12345678" in [text[s:e] for s, e, _ in cuts][3]  # the number is never split by a fixed-length cut
    assert cut_sentences("比例1,200,增长3:5", 8) == [(0, 8, "clause"), (8, 13, "clause")]  # never inside 1,200
    assert piece_bounds(text, 60, 40)[-1][1] == len(text)
    assert all(b - a <= 60 for a, b in piece_bounds(text, 60, 40))


def test_an_overlong_line_is_cut_before_the_models_and_the_cut_recorded(tmp_path):
    clean = clean_report(read_report_text(RAW_002), "002").text
    line = clean.translate(str.maketrans("", "", "\n。；;！？!?"))  # one sentence of the whole report
    line += "地区生产总值113.6亿元增长5%同比" * 200  # 3,800 characters with no punctuation at all
    report = tmp_path / "one_line.txt"
    report.write_text(line, encoding="utf-8")
    nlp = build_ruler_pipeline()
    nlp.add_pipe("test_piece_lengths", first=True)
    PIECE_LENGTHS.clear()
    out = tmp_path / "records.jsonl"
    summary = extract_batch(nlp, report_inputs([report]), out, piece_chars=500, batch_size=4, progress=False)
    assert PIECE_LENGTHS and max(PIECE_LENGTHS) <= 500 and sum(PIECE_LENGTHS) == len(line)
    assert summary.sentences_cut >= 8 and "overlong sentence piece(s) cut" in summary.line()
    rows = read_rows(out)
    assert {r["sentence_cut"] for r in rows} == {"clause", "length"}
    assert all(r["sentence_end"] - r["sentence_start"] <= 1000 for r in rows)
    assert sum(r["normalized"] == 11360000000 for r in rows) >= 190  # the unpunctuated figures, a few lost at cuts
    cleaned = clean_report(line, "x", max_sentence_chars=1000)
    assert {c.cut for c in cleaned.report.sentences_cut} == {"clause", "length"}
    assert cleaned.report.to_dict()["summary"]["sentences_cut"] == len(cleaned.report.sentences_cut)
    assert "sentences_cut" not in clean_report(line, "x").report.to_dict()  # the corpus's cleaning is unchanged


def test_the_documented_schema_is_the_written_one():
    doc = (ROOT / "docs" / "scale.md").read_text(encoding="utf-8")
    documented = [line.split("|")[1].strip().strip("`") for line in doc.splitlines() if line.startswith("| `")]
    from govreport.extraction.rows import ROW_SCHEMA

    table = [name for name in documented if name in COLUMNS]
    assert table == list(COLUMNS)
    for name, kind, _ in ROW_SCHEMA:
        assert f"| `{name}` | {kind} |" in doc


@Language.component("test_raise_on_marker")
def _raise_on_marker(doc):
    if "【故障】" in doc.text:
        raise ValueError("a component failed on this text")
    return doc


@pytest.mark.parametrize("n_process", [1, 2])
def test_a_report_that_makes_a_component_raise_is_listed_and_the_others_extracted(tmp_path, n_process):
    folder = tmp_path / "in"
    folder.mkdir()
    for name in ("130636_2022.txt", "130636_2023.txt", "130636_2024.txt"):
        shutil.copy(EXTRA / name, folder / name)
    lines = (EXTRA / "130636_2021.txt").read_text(encoding="utf-8").splitlines()
    poisoned = "\n".join(lines[:5] + ["本段【故障】用于测试。"] + lines[5:])
    (folder / "130636_2022b.txt").write_text(poisoned, encoding="utf-8")  # between the good ones
    nlp = build_ruler_pipeline()
    nlp.add_pipe("test_raise_on_marker", after="entity_ruler")
    out = tmp_path / "records.jsonl"
    summary = extract_batch(nlp, report_inputs(expand_inputs([folder]), MANIFEST), out, n_process=n_process,
                            batch_size=64, progress=False)
    assert (summary.extracted, summary.failed) == (3, 1)
    (error,) = [json.loads(line) for line in (tmp_path / "records.jsonl.errors.jsonl").open(encoding="utf-8")]
    assert error["source"].endswith("130636_2022b.txt") and error["stage"] == "pipeline"
    assert "a component failed on this text" in error["reason"]
    assert {r["doc_id"] for r in read_rows(out)} == {"130", "131", "132"}
