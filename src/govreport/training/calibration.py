"""Fit the record confidence on cross-validation rows and say how well it is calibrated.

The rows come from ``crossval`` (every relation a fold model linked on reports
it never saw, with its ``govreport.confidence`` features and whether gold has
it). The calibrator that ships is fitted on the rows of the first run given
(crossval-provinces: every gold report is read once by a model that never saw
it); the reliability quoted for each run comes from refitting on that run's
rows without each fold in turn, so no row is scored by a calibrator that saw it.
"""

from __future__ import annotations

from typing import Dict, List, Mapping, Sequence

from ..confidence import DEFAULT_C, FEATURES, RecordCalibrator, fit_calibrator
from ..errors import GovreportError
from .crossval import held_out_reliability

HIGH = 0.9  # the promise: among records at ≥ 0.9, at least 90 % are right


def calibration_rows_of(runs: Mapping[str, Mapping[str, object]]) -> Dict[str, List[Dict[str, object]]]:
    """The calibration rows of each crossval result (name → rows); a run without rows is an error naming it."""
    out = {}
    for name, result in runs.items():
        rows = result.get("calibration_rows")
        if not rows:
            raise GovreportError(f"{name}: no calibration rows (rerun `python -m govreport crossval … --reuse-models` to add them)")
        out[name] = list(rows)  # type: ignore[arg-type]
    return out


def calibrate(runs: Mapping[str, Mapping[str, object]], c: float = DEFAULT_C) -> Dict[str, object]:
    """The shipped calibrator (fitted on the first run's rows) and, per run, its held-out reliability."""
    rows_by_run = calibration_rows_of(runs)
    first = next(iter(rows_by_run))
    fitted_on = rows_by_run[first]
    calibrator = fit_calibrator(fitted_on, c, meta={"runs": [first], "docs": sorted({str(r["doc"]) for r in fitted_on})})
    checks = {}
    for name, rows in rows_by_run.items():
        bins = held_out_reliability(rows, c)
        checks[name] = {"rows": len(rows), "correct": round(sum(bool(r["correct"]) for r in rows) / len(rows), 4),
                        "reliability": bins, "high": high_share(bins)}
    return {"calibrator": calibrator.to_dict(), "checks": checks, "c": c}


def calibration_markdown(result: Mapping[str, object]) -> str:
    """docs/calibration.md: the weights and, per run, the held-out reliability table."""
    calibrator = RecordCalibrator.from_dict(result["calibrator"])  # type: ignore[arg-type]
    lines = ["# Record confidence", "",
             f"Logistic regression (C = {result['c']}) over the features of `govreport.confidence`, fitted on "
             f"{calibrator.meta.get('rows')} linked relations from {', '.join(calibrator.meta.get('runs', []))} "  # type: ignore[arg-type]
             f"({len(calibrator.meta.get('docs', []))} reports). Reliability below: each fold's relations scored by a "  # type: ignore[arg-type]
             "calibrator fitted without that fold.", ""]
    for name, check in result["checks"].items():  # type: ignore[union-attr]
        high = check["high"]
        share = f"{high['correct']:.3f}" if high["correct"] is not None else "–"
        lines += [f"## {name}", "", f"{check['rows']} relations, {check['correct']:.3f} correct; at ≥ {HIGH}: "
                  f"{high['n']} relations, {share} correct.", "",
                  "| confidence | relations | mean confidence | correct |", "|---|---|---|---|"]
        lines += [f"| {b['low']:.2f}–{b['high']:.2f} | {b['n']} | {b['confidence']:.3f} | {b['correct']:.3f} |" for b in check["reliability"]]
        lines.append("")
    lines += ["## Weights", "", "| feature | weight |", "|---|---|"]
    lines += [f"| {f} | {calibrator.weights.get(f, 0.0):+.3f} |" for f in FEATURES]
    lines += [f"| (intercept) | {calibrator.intercept:+.3f} |", ""]
    return "\n".join(lines)


def high_share(reliability_bins: Sequence[Mapping[str, float]], threshold: float = HIGH) -> Dict[str, object]:
    """Relations at ≥ ``threshold`` and the share of them that is right, from reliability bins."""
    inside = [b for b in reliability_bins if b["low"] >= threshold]
    n = sum(int(b["n"]) for b in inside)
    right = sum(b["correct"] * b["n"] for b in inside)
    return {"n": n, "correct": round(right / n, 4) if n else None}
