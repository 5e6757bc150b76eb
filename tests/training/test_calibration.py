"""Fitting the record confidence on cross-validation rows (what `calibrate` writes)."""

import random

import pytest

from govreport.confidence import FEATURES, RecordCalibrator
from govreport.errors import GovreportError
from govreport.training.calibration import calibrate, calibration_markdown


def _run(seed):
    rng = random.Random(seed)
    rows = []
    for i in range(300):
        features = [0.0] * len(FEATURES)
        agrees = rng.random() < 0.6
        features[FEATURES.index("figure_in_rules")] = float(agrees)
        rows.append({"features": features, "correct": rng.random() < (0.995 if agrees else 0.2), "fold": f"f{i % 3}", "doc": str(i % 6)})
    return {"calibration_rows": rows}


def test_calibrate_fits_on_the_first_run_and_checks_every_run():
    result = calibrate({"provinces": _run(0), "reports": _run(1)}, c=1.0)
    calibrator = RecordCalibrator.from_dict(result["calibrator"])
    assert calibrator.meta["runs"] == ["provinces"] and calibrator.weights["figure_in_rules"] > 1.0
    for check in result["checks"].values():
        assert check["rows"] == 300 and check["high"]["n"] > 0 and check["high"]["correct"] > 0.9
        assert sum(b["n"] for b in check["reliability"]) == 300
    md = calibration_markdown(result)
    assert "## provinces" in md and "| figure_in_rules |" in md


def test_a_run_without_rows_is_named():
    with pytest.raises(GovreportError, match="old-run: no calibration rows"):
        calibrate({"old-run": {"folds": []}})


def test_the_command_names_a_broken_result_file(tmp_path):
    from typer.testing import CliRunner

    from govreport.cli import app

    bad = tmp_path / "broken.json"
    bad.write_text("{not json", encoding="utf-8")
    out = tmp_path / "calibration.json"
    result = CliRunner().invoke(app, ["calibrate", str(bad), "--out", str(out), "--markdown", str(tmp_path / "c.md"), "--plot", str(tmp_path / "c.png")])
    assert result.exit_code == 1 and "broken.json: not a cross-validation result" in result.output
    assert not out.exists()
