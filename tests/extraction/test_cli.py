"""extract / render on raw seed files and on bad input, with a real (ruler) pipeline.

The batch side of extract (folders, resume, errors file, formats) is in test_batch.py.
"""

import csv

import pytest
from typer.testing import CliRunner

from govreport.cli import app
from govreport.extraction.rows import read_rows

from .conftest import ROOT

RAW_002 = ROOT / "corpus" / "raw" / "002_a6a8f6c27dc122fe.txt"
runner = CliRunner()


def test_extract_jsonl_from_a_raw_seed(ruler_model, tmp_path):
    out = tmp_path / "records.jsonl"
    result = runner.invoke(app, ["extract", str(RAW_002), "--out", str(out), "--model", str(ruler_model)])
    assert result.exit_code == 0, result.output
    rows = read_rows(out)
    assert len(rows) > 80
    first = rows[0]
    assert first["doc_id"] == "002"  # from the manifest, by file name
    assert (first["place"], first["place_source"]) == ("朝阳县", "manifest")
    assert (first["indicator"], first["normalized"], first["percent"]) == ("地区生产总值", 11360000000, 5)
    assert (first["status"], first["year"], first["year_source"]) == ("expected", 2022, "heading")


def test_extract_csv_with_options(ruler_model, tmp_path):
    out = tmp_path / "records.csv"
    result = runner.invoke(app, ["extract", str(RAW_002), "--out", str(out), "--model", str(ruler_model),
                                 "--doc-id", "chaoyang", "--place", "朝阳县"])
    assert result.exit_code == 0, result.output
    rows = list(csv.DictReader(out.open(encoding="utf-8")))
    assert rows[0]["doc_id"] == "chaoyang" and rows[0]["place_source"] == "user"
    assert (rows[0]["indicator"], rows[0]["normalized"], rows[0]["unit"]) == ("地区生产总值", "11360000000.0", "元")


@pytest.mark.parametrize(
    "content",
    [
        "<html><head><title>x</title></head><body><p>地区生产总值113.6亿元,增长5%</p></body></html>",
        "😀 地区生产总值113.6亿元 🎉",
        "朝陽縣2023年政府工作報告\n地區生產總值113.6億元,增長5%。",  # traditional script
        "地区生产总值113.6,增长5",
    ],
)
def test_extract_bad_input_gives_sensible_or_empty_records(ruler_model, tmp_path, content):
    report = tmp_path / "odd.txt"
    report.write_text(content, encoding="utf-8")
    out = tmp_path / "records.jsonl"
    result = runner.invoke(app, ["extract", str(report), "--out", str(out), "--model", str(ruler_model)])
    assert result.exit_code == 0, result.output
    rows = read_rows(out)
    for row in rows:
        assert row["doc_id"] == "odd"
    if "113.6" in content and "亿" in content or "億" in content:
        assert [r["normalized"] for r in rows] == [11360000000]


@pytest.mark.parametrize("content,reason", [(b"", "empty file"), (b"   \n\n\t  \n", "white space only")])
def test_an_empty_report_is_an_error_not_an_empty_output(ruler_model, tmp_path, content, reason):
    report = tmp_path / "odd.txt"
    report.write_bytes(content)
    result = runner.invoke(app, ["extract", str(report), "--out", str(tmp_path / "r.jsonl"), "--model", str(ruler_model)])
    assert result.exit_code == 1  # nothing extracted at all
    assert "odd.txt" in result.output and reason in result.output and "r.jsonl.errors.jsonl" in result.output


def test_undecodable_file_is_a_clear_error(ruler_model, tmp_path):
    report = tmp_path / "gbk.txt"
    report.write_bytes("地区生产总值113.6亿元".encode("gb18030"))
    result = runner.invoke(app, ["extract", str(report), "--out", str(tmp_path / "r.jsonl"), "--model", str(ruler_model)])
    assert result.exit_code == 1
    assert "gbk.txt" in result.output and "not valid UTF-8" in result.output
    assert "Traceback" not in result.output


@pytest.mark.parametrize("args,message", [
    (["--out", "records.txt"], "must end with .jsonl, .csv or .parquet"),
    (["--out", "r.jsonl", "--model", "no/such/model"], "model not found"),
])
def test_user_errors(tmp_path, args, message):
    result = runner.invoke(app, ["extract", str(RAW_002), *args])
    assert result.exit_code == 1 and message in result.output


def test_render_html(ruler_model, tmp_path):
    out = tmp_path / "page.html"
    result = runner.invoke(app, ["render", str(RAW_002), "--out", str(out), "--model", str(ruler_model)])
    assert result.exit_code == 0, result.output
    page = out.read_text(encoding="utf-8")
    assert "<table>" in page and "地区生产总值" in page and 'class="entities"' in page
    assert "<td>11360000000</td>" in page
