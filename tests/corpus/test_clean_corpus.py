"""The clean command on the real corpus and on bad input."""

import json
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from govreport.corpus.manifest import load_manifest, sha256_of

from ..conftest import MANIFEST, RAW


def _run_clean(raw_dir: Path, manifest: Path, out: Path):
    cmd = [sys.executable, "-m", "govreport", "clean", "--raw-dir", str(raw_dir), "--manifest", str(manifest),
           "--out-dir", str(out / "clean"), "--sentences", str(out / "sentences.jsonl"), "--reports-dir", str(out / "reports")]
    return subprocess.run(cmd, capture_output=True, text=True)


@pytest.fixture(scope="module")
def cleaned_corpus(tmp_path_factory):
    out = tmp_path_factory.mktemp("clean")
    result = _run_clean(RAW, MANIFEST, out)
    assert result.returncode == 0, result.stderr
    return out


def test_raw_files_unchanged():
    for info in load_manifest(MANIFEST).values():
        assert sha256_of(RAW / info.file) == info.sha256, info.file


def test_clean_texts_have_no_glosses_urls_or_furniture(cleaned_corpus):
    for path in sorted((cleaned_corpus / "clean").glob("*.txt")):
        text = path.read_text(encoding="utf-8")
        assert not re.search(r"\([a-zāáǎàēéěèīíǐìōóǒòūúǔùǖǘǚǜü]+\)", text), path
        assert "http" not in text and "www." not in text and "下一篇" not in text, path


def test_sentences_file(cleaned_corpus):
    rows = [json.loads(line) for line in (cleaned_corpus / "sentences.jsonl").open(encoding="utf-8")]
    assert len(rows) > 1000
    assert len({r["id"] for r in rows}) == len(rows)
    texts = {d: (cleaned_corpus / "clean" / f"{d}.txt").read_text(encoding="utf-8") for d in {r["doc"] for r in rows}}
    for r in rows:
        assert texts[r["doc"]][r["start"] : r["end"]] == r["text"]
    for a, b in zip(rows, rows[1:]):
        if a["doc"] == b["doc"]:
            assert not (re.search(r"\d$", a["text"]) and re.match(r"[\d.%]", b["text"])), (a["id"], b["id"])
    traditional = [r for r in rows if r["script"] == "traditional"]
    assert {r["doc"] for r in traditional} == {"001", "004"}
    assert all(r["text_original"] and len(r["text_original"]) == len(r["text"]) for r in traditional)


def test_cleaning_reports(cleaned_corpus):
    report = json.loads((cleaned_corpus / "reports" / "001.json").read_text(encoding="utf-8"))
    assert report["converted_to_simplified"] is True
    assert report["summary"]["glosses_removed"] > 2000
    assert any(r["rule"] == "spam" for r in report["removed_lines"])
    assert all(u["char"] in "?\ufffd" or "\ue000" <= u["char"] <= "\uf8ff" for u in report["unrecoverable"])


def _bad_corpus(tmp_path: Path, name: str, data: bytes) -> Path:
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / name).write_bytes(data)
    import hashlib

    manifest = tmp_path / "manifest.tsv"
    manifest.write_text(
        "doc_id\tfile\tplace\tparent\tyear\tlevel\tscript\tsha256\tsource_notes\n"
        f"900\t{name}\t某县\t\t2024\tcounty\tsimplified\t{hashlib.sha256(data).hexdigest()}\ttest\n",
        encoding="utf-8",
    )
    return manifest


@pytest.mark.parametrize(
    "name,data,message",
    [
        ("binary.txt", b"\x00\x01\x02PK\x03\x04" * 50, "looks binary"),
        ("gbk.txt", "地区生产总值增长5%。".encode("gbk"), "GB18030"),
    ],
)
def test_bad_files_give_a_clear_error(tmp_path, name, data, message):
    manifest = _bad_corpus(tmp_path, name, data)
    result = _run_clean(tmp_path / "raw", manifest, tmp_path / "out")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert name in result.stderr and message in result.stderr
    report = json.loads((tmp_path / "out" / "reports" / "900.json").read_text(encoding="utf-8"))
    assert name in report["error"]


@pytest.mark.parametrize(
    "data,removed",
    [(b"", 0), ("下一篇:2024年县政府工作报告-9篇\n如若转载,请注明出处:https://x.cn/1.html\n".encode(), 2)],
)
def test_empty_and_furniture_only_files_give_empty_results(tmp_path, data, removed):
    manifest = _bad_corpus(tmp_path, "empty.txt", data)
    result = _run_clean(tmp_path / "raw", manifest, tmp_path / "out")
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "out" / "sentences.jsonl").read_text() == ""
    report = json.loads((tmp_path / "out" / "reports" / "900.json").read_text(encoding="utf-8"))
    assert report["summary"]["removed_lines"] == removed and report["sentences"] == 0


def test_edited_raw_file_is_refused(tmp_path):
    manifest = _bad_corpus(tmp_path, "r.txt", "增长5%。".encode())
    (tmp_path / "raw" / "r.txt").write_text("增长6%。", encoding="utf-8")
    result = _run_clean(tmp_path / "raw", manifest, tmp_path / "out")
    assert result.returncode == 1 and "SHA-256" in result.stderr
