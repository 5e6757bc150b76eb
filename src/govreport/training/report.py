"""Markdown tables of the evaluation for the README and training/metrics.md."""

from __future__ import annotations

from typing import Dict, List

from ..annotation.schema import LABELS
from .calibration import HIGH, high_share


def scores_table(results: Dict[str, Dict], title: str) -> str:
    """results[system][script][match] = score_spans(...) output."""
    lines: List[str] = [f"### {title}", "", "| system | script | match | " + " | ".join(f"{l} P/R/F" for l in LABELS) + " | micro F |", "|---|---|---|" + "---|" * (len(LABELS) + 1)]
    for system, by_script in results.items():
        for script, by_match in by_script.items():
            for match, scores in by_match.items():
                cells = [f"{scores[l]['p']:.2f}/{scores[l]['r']:.2f}/{scores[l]['f']:.2f}" for l in LABELS]
                lines.append(f"| {system} | {script} | {match} | " + " | ".join(cells) + f" | **{scores['micro']['f']:.3f}** |")
    return "\n".join(lines) + "\n"


def confusion_table(confusion: Dict[str, object], title: str) -> str:
    labels = confusion["labels"]
    lines = [f"### {title}", "", "| gold \\ predicted | " + " | ".join(labels) + " |", "|---|" + "---|" * len(labels)]
    for label, row in zip(labels, confusion["matrix"]):
        lines.append(f"| {label} | " + " | ".join(str(v) for v in row) + " |")
    return "\n".join(lines) + "\n"


def held_out_markdown(result: Dict[str, object]) -> str:
    """training/metrics.md: which documents were held out, the scores, and each system's label confusion."""
    md = [f"Held-out documents: {', '.join(result['test_documents'])} ({result['sentences']})", ""]  # type: ignore[arg-type]
    md.append(scores_table(result["scores"], "Entities: precision/recall/F1 per label"))  # type: ignore[arg-type]
    for name, confusion in result["confusion"].items():  # type: ignore[attr-defined]
        md.append(confusion_table(confusion, f"Character-level label confusion, {name} (simplified)"))
    return "\n".join(md)


def crossval_markdown(result: Dict[str, object], segmenter: str) -> str:
    """The cross-validation page: entity F1 (exact and overlap) and relation F1, mean ± std over folds, and calibration."""
    summary = result["summary"]
    folds = result["folds"]
    layout = result.get("layout", "reports")
    tests = "; ".join(",".join(f["fold"]["test"]) for f in folds)  # type: ignore[index]
    lines = [f"Layout `{layout}`: {len(folds)} folds (test sets: {tests}); segmenter {segmenter}; F1 mean ± std over folds.", ""]  # type: ignore[arg-type]
    systems = sorted({key.split("/")[0] for key in summary}, key=lambda s: (s == "rules", s))  # type: ignore[union-attr]
    for match in ("exact", "overlap"):
        lines += [f"**Entities, {match} match**", "", "| system | script | " + " | ".join(LABELS) + " | micro |",
                  "|---|---|" + "---|" * (len(LABELS) + 1)]
        for system in systems:
            for script in ("simplified", "traditional"):
                keys = [f"{system}/{script}/{match}/{l}" for l in [*LABELS, "micro"]]
                if keys[0] in summary:  # type: ignore[operator]
                    lines.append(f"| {system} | {script} | " + " | ".join(f"{summary[k]['mean']:.3f} ± {summary[k]['std']:.3f}" for k in keys) + " |")  # type: ignore[index]
        lines.append("")
    lines += ["**Relations end to end** (each system's own entities, linked by govreport.linking; simplified)", "",
              "| system | value_of | change_of | micro |", "|---|---|---|---|"]
    for system in systems:
        keys = [f"{system}/relations/{k}" for k in ("value_of", "change_of", "micro")]
        if keys[0] in summary:  # type: ignore[operator]
            lines.append(f"| {system} | " + " | ".join(f"{summary[k]['mean']:.3f} ± {summary[k]['std']:.3f}" for k in keys) + " |")  # type: ignore[index]
    calibration = result.get("calibration") or []
    if calibration:
        lines += ["", "**Record confidence of the shipped system** (govreport.confidence; each fold's relations scored by a "
                  "calibrator fitted on the other folds, all folds pooled)", "",
                  "| confidence | relations | mean confidence | correct |", "|---|---|---|---|"]
        for b in calibration:  # type: ignore[union-attr]
            lines.append(f"| {b['low']:.2f}–{b['high']:.2f} | {b['n']} | {b['confidence']:.3f} | {b['correct']:.3f} |")
        high = high_share(calibration)  # type: ignore[arg-type]
        if high["n"]:
            lines += ["", f"At ≥ {HIGH}: {high['n']} relations, {high['correct']:.3f} correct."]
    return "\n".join(lines) + "\n"
