"""A real (tiny) end-to-end training run through `spacy project run`.

Training is shortened with WEASEL_CONFIG_OVERRIDES on the project's own
vars, not with separate configs; outputs go to a temporary folder.
"""

import json
import os
import shutil
import subprocess
import sys
import textwrap
from pathlib import Path
from typing import Sequence

import pytest

from govreport.annotation.gold import load_gold
from govreport.annotation.schema import LABELS
from govreport.io import read_jsonl

from ..conftest import ROOT

pytestmark = pytest.mark.slow
# configs/pipeline.cfg: only what the extractor reads (spancat is trained and evaluated, not shipped);
# ner is in the pipeline, disabled: figure_gate runs it on the sentences with a figure
SHIPPED = ["token_marks", "figure_gate", "span_constraints", "rule_labels", "indicator_extractor"]


# What project.yml's `all` runs after clean and validate, in steps: the commands of one step need only earlier
# steps' outputs, so they run side by side.
STEPS = [("build-word-table", "convert"), ("train-ner", "train-spancat"), ("fit-place-filter",), ("evaluate", "assemble"),
         ("package",)]
# not linked into a project folder: its own project.yml and lock file, and what commands write (build/: `pip wheel`)
NOT_LINKED = {"project.yml", "project.lock", "build", "training", "packages"}


def _project_folder(tmp: Path, name: str) -> Path:
    """A project folder of its own: project.yml and links to the checkout's files, which the commands read by
    relative path (configs/ner.cfg, assets/m3e_small; package builds the govreport wheel from pyproject.toml and
    src/). Its project.lock is its own, so the commands of one step do not write one lock file at once, and the
    checkout's lock file is left alone."""
    folder = tmp / name
    folder.mkdir()
    shutil.copy(ROOT / "project.yml", folder / "project.yml")
    for entry in ROOT.iterdir():
        if not entry.name.startswith(".") and entry.name not in NOT_LINKED:
            (folder / entry.name).symlink_to(entry, target_is_directory=entry.is_dir())
    return folder


def _project_run_step(commands: Sequence[str], folders: Sequence[Path], overrides: str) -> None:
    env = {**os.environ, "WEASEL_CONFIG_OVERRIDES": overrides}
    running = [(command, subprocess.Popen([sys.executable, "-m", "spacy", "project", "run", command, str(folder), "--force"],
                                          stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, env=env, cwd=folder))
               for command, folder in zip(commands, folders)]
    for command, process in running:
        stdout, stderr = process.communicate()
        assert process.returncode == 0, f"{command} failed:\n{stdout[-3000:]}\n{stderr[-3000:]}"


@pytest.fixture(scope="module")
def tiny_run(tmp_path_factory, pkuseg_model):
    tmp = tmp_path_factory.mktemp("tiny")
    gold = tmp / "gold"
    gold.mkdir()
    for doc in ("000", "002", "003", "110"):  # three seed reports and an extra report, the dev report (dev_from)
        rows = read_jsonl(ROOT / "corpus" / "annotations" / f"{doc}.jsonl")[:25]
        (gold / f"{doc}.jsonl").write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    overrides = " ".join([
        f"--vars.annotations {gold}", f"--vars.corpus_spacy {tmp / 'spacy'}", f"--vars.training_dir {tmp / 'training'}",
        f"--vars.packages_dir {tmp / 'packages'}", f"--vars.pkuseg_model {pkuseg_model}",
        "--vars.ner_max_steps 20", "--vars.spancat_max_steps 20", "--vars.eval_frequency 10",
        f"--vars.word_table {tmp / 'word_table'}", "--vars.word_table_min_count 20000",  # 358 words and the encoder's characters
    ])
    folders = [_project_folder(tmp, "project-a"), _project_folder(tmp, "project-b")]
    for step in STEPS:
        _project_run_step(step, folders, overrides)
    return tmp


def test_models_load_and_predict_the_right_types(tiny_run):
    import spacy

    text = "预计全年完成地区生产总值113.6亿元,增长5%;固定资产投资54亿元,增长3.3%。"
    ner = spacy.load(tiny_run / "training" / "ner" / "model-best")
    doc = ner(text)
    assert all(e.label_ in LABELS for e in doc.ents)
    spancat = spacy.load(tiny_run / "training" / "spancat" / "model-best")
    doc = spancat(text)
    spans = doc.spans["sc"]
    assert all(s.label_ in LABELS for s in spans)
    assert len(spans.attrs["scores"]) == len(spans)


def test_metrics_written(tiny_run):
    metrics = json.loads((tiny_run / "training" / "metrics.json").read_text(encoding="utf-8"))
    scores = metrics["entities"]["scores"]
    assert {"ner", "spancat"} <= set(scores)
    for system in ("ner", "spancat"):
        for script in ("simplified", "traditional"):
            for match in ("exact", "overlap"):
                micro = scores[system][script][match]["micro"]
                assert 0.0 <= micro["f"] <= 1.0 and micro["gold"] > 0
    assert (tiny_run / "training" / "metrics.md").read_text(encoding="utf-8").count("| ner |") == 4


def test_assembled_pipeline_loads_in_a_fresh_process(tiny_run):
    path = tiny_run / "training" / "pipeline"
    code = textwrap.dedent(
        f"""
        import spacy
        nlp = spacy.load({str(path)!r})
        doc = nlp("预计全年完成地区生产总值113.6亿元,增长5%。")
        print(nlp.pipe_names, len(doc), type(doc.ents).__name__, type(doc._.indicators).__name__)
        print("disabled:", nlp.disabled)
        print("calibrated:", nlp.get_pipe("indicator_extractor").calibrator is not None)
        print("place filter:", nlp.get_pipe("rule_labels").place_filter.meta["sentences"])
        print("place filter reads LAC:", nlp.get_pipe("rule_labels").place_filter.lac)
        """
    )
    table, away = tiny_run / "word_table", tiny_run / "word_table.away"
    table.rename(away)  # the NER's word table is inside its weights: the pipeline loads without the asset
    try:
        result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, cwd=Path("/"))
    finally:
        away.rename(table)
    assert result.returncode == 0, result.stderr
    assert str(SHIPPED) in result.stdout and "list" in result.stdout
    assert "disabled: ['ner']" in result.stdout
    assert "calibrated: True" in result.stdout  # the record calibration travels inside the saved pipeline
    # …and so does the place filter, fitted on the training sentences of the tiny split only
    assert "place filter:" in result.stdout
    assert "place filter reads LAC: True" in result.stdout  # fit-place-filter --lac, as project.yml runs it


def test_the_dev_report_is_the_extra_report_and_both_other_seed_reports_train(tiny_run):
    splits = json.loads((tiny_run / "spacy" / "splits.json").read_text(encoding="utf-8"))
    assert splits["dev"] == ["110"] and len(splits["test"]) == 1
    assert sorted(splits["train"] + splits["test"]) == ["000", "002", "003"]


def test_place_filter_is_fitted_on_the_training_documents_only(tiny_run):
    place_filter = json.loads((tiny_run / "training" / "place_filter.json").read_text(encoding="utf-8"))
    splits = json.loads((tiny_run / "spacy" / "splits.json").read_text(encoding="utf-8"))
    assert place_filter["meta"]["candidates"] > 0 and 0 < place_filter["meta"]["gold"] < place_filter["meta"]["candidates"]
    assert place_filter["lac"] is True and any(w.startswith("lac_") for w in place_filter["weights"])
    seen = set(splits["train"] + splits["dev"])
    assert splits["test"] and not seen & set(splits["test"])
    assert place_filter["meta"]["sentences"] == sum(1 for s in load_gold(tiny_run / "gold") if s.doc in seen)


def test_wheel_installs_and_loads_in_a_fresh_virtual_environment(tiny_run, tmp_path):
    """`spacy package` lists only spaCy: the wheel must also bring govreport, spacy-pkuseg, OpenCC, cn2an and LAC
    (the place filter loads it with the pipeline)."""
    packages = tiny_run / "packages"
    code_wheel = next(packages.glob("govreport-*.whl"))
    pipeline_wheel = next(packages.glob("zh_govreport_zh-*/dist/*.whl"))
    venv = tmp_path / "venv"
    subprocess.run([sys.executable, "-m", "venv", str(venv)], check=True)
    python = venv / "bin" / "python"
    # --no-compile: byte-compiling spaCy, numpy and onnxruntime is about 40 % of the install and tests nothing of ours
    install = subprocess.run([str(python), "-m", "pip", "install", "--quiet", "--no-compile", "--disable-pip-version-check",
                              str(code_wheel), str(pipeline_wheel)],
                             capture_output=True, text=True)
    assert install.returncode == 0, install.stderr[-3000:]
    code = textwrap.dedent(
        """
        import spacy
        nlp = spacy.load("zh_govreport_zh")
        doc = nlp("预计全年完成地区生产总值113.6亿元,增长5%。")
        print(nlp.pipe_names, isinstance(doc._.indicators, list))
        """
    )
    result = subprocess.run([str(python), "-c", code], capture_output=True, text=True, cwd=tmp_path)
    assert result.returncode == 0, result.stderr[-3000:]
    assert f"{SHIPPED} True" in result.stdout
