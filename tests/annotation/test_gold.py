"""The gold corpus in the repository: complete, reviewed, valid against the spec."""

import subprocess
import sys

from govreport.annotation.validate import load_sentences, validate_files
from govreport.io import read_jsonl

from ..conftest import MANIFEST, RAW, ROOT

GOLD = ROOT / "corpus" / "annotations"


def _sentences(tmp_path_factory):
    from govreport.corpus.clean_corpus import clean_corpus

    out = tmp_path_factory.mktemp("clean")
    clean_corpus(RAW, MANIFEST, out / "clean", out / "sentences.jsonl", out / "reports")
    return out / "sentences.jsonl"


def test_gold_covers_every_seed_sentence_and_is_valid(tmp_path_factory):
    sentences_path = _sentences(tmp_path_factory)
    sentences = load_sentences(sentences_path)
    files = sorted(GOLD.glob("*.jsonl"))
    assert validate_files(files, sentences) == []
    gold = {row["meta"]["sentence_id"]: row for path in files for row in read_jsonl(path)}
    seeds = [sid for sid, row in sentences.items() if int(row["doc"]) < 100]
    assert len(seeds) > 1000
    assert set(seeds) <= set(gold)
    assert all(row["meta"]["review_state"] == "reviewed" for row in gold.values())
    result = subprocess.run([sys.executable, "-m", "govreport", "validate", str(GOLD), "--sentences", str(sentences_path)],
                            capture_output=True, text=True)
    assert result.returncode == 0, result.stderr


def test_markup_files_reproduce_the_gold(tmp_path_factory):
    """The hand-annotation markup and the JSONL say the same (same spans, same relations)."""
    from govreport.annotation.gold import row_relations, row_spans
    from govreport.annotation.markup import read_markup_file

    sentences = load_sentences(_sentences(tmp_path_factory))
    gold = {row["meta"]["sentence_id"]: row for path in GOLD.glob("*.jsonl") for row in read_jsonl(path)}
    for path in sorted((GOLD / "markup").glob("*.txt")):
        for row in read_markup_file(path, sentences, "check"):
            g = gold[row["meta"]["sentence_id"]]
            if str(g["meta"].get("annotator", "")).startswith("doccano:"):
                continue  # corrected in doccano after the markup pass: the JSONL is newer
            assert row_spans(row) == row_spans(g) and row_relations(row) == row_relations(g), row["meta"]["sentence_id"]
