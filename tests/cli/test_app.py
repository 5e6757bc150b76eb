"""The one command line: every command on one app, reachable as `python -m govreport` and `python -m govreport.cli`."""

import os
import subprocess
import sys

from govreport.cli import COMMANDS, app

EXPECTED = {
    "clean", "validate", "agreement", "convert", "evaluate", "evaluate-relations", "evaluate-rules", "crossval", "calibrate", "fit-place-filter",
    "fetch-assets", "build-word-table", "package", "benchmark-tokenizer", "benchmark-pipeline", "markup-template", "markup-to-gold",
    "doccano-server", "doccano-push", "doccano-pull", "extract", "render", "markup-suggest", "rank-reports", "doccano-correct", "learning-curve", "correction-rate",
    "pretrain-text", "benchmark-extract",
}


def run(*args: str, cwd=None) -> subprocess.CompletedProcess:
    env = {"COLUMNS": "200", "TERM": "dumb", "NO_COLOR": "1"}
    return subprocess.run([sys.executable, *args], capture_output=True, text=True, cwd=cwd, env={**os.environ, **env}, timeout=120)


def test_help_lists_every_command():
    result = run("-m", "govreport", "--help")
    assert result.returncode == 0, result.stderr
    listed = {line.strip(" │").split()[0] for line in result.stdout.splitlines() if line.strip(" │")[:1].isalpha()}
    assert EXPECTED <= listed, EXPECTED - listed
    assert EXPECTED == set(COMMANDS)
    assert {c.name for c in app.registered_commands} == EXPECTED


def test_cli_module_runs_any_command():
    """`python -m govreport.cli extract` reaches extract, whatever was imported first (no sys.modules mounting)."""
    result = run("-m", "govreport.cli", "extract", "--help")
    assert result.returncode == 0, result.stderr
    assert "--model" in result.stdout and "training/pipeline" in result.stdout  # extract defaults to the assembled pipeline


def test_validate_missing_file_is_one_line(tmp_path):
    gold = tmp_path / "gold"
    gold.mkdir()
    (gold / "000.jsonl").write_text("", encoding="utf-8")
    missing = tmp_path / "no-such-sentences.jsonl"
    result = run("-m", "govreport", "validate", str(gold), "--sentences", str(missing), cwd=tmp_path)
    assert result.returncode == 1
    assert "Traceback" not in result.stderr + result.stdout
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and str(missing) in lines[0] and "not found" in lines[0], result.stderr


def test_validate_missing_folder_is_one_line(tmp_path):
    result = run("-m", "govreport", "validate", str(tmp_path / "nowhere"), cwd=tmp_path)
    assert result.returncode == 1 and "Traceback" not in result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "nowhere" in lines[0], result.stderr


def test_fit_place_filter_names_a_missing_model_in_one_line(tmp_path):
    result = run("-m", "govreport", "fit-place-filter", str(tmp_path / "no-model"), str(tmp_path / "train.spacy"),
                 "--out", str(tmp_path / "pf.json"))
    assert result.returncode != 0
    assert "no-model: not found" in result.stdout + result.stderr and "Traceback" not in result.stderr
    assert not (tmp_path / "pf.json").exists()
