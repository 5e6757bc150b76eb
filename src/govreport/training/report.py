"""Markdown tables of the evaluation for the README and training/metrics.md."""

from __future__ import annotations

from typing import Dict, List

from ..annotation.schema import LABELS


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
