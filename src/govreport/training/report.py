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


def held_out_markdown(result: Dict[str, object]) -> str:
    """training/metrics.md: which documents were held out, the scores, and each system's label confusion."""
    md = [f"Held-out documents: {', '.join(result['test_documents'])} ({result['sentences']})", ""]  # type: ignore[arg-type]
    md.append(scores_table(result["scores"], "Entities: precision/recall/F1 per label"))  # type: ignore[arg-type]
    for name, confusion in result["confusion"].items():  # type: ignore[attr-defined]
        md.append(confusion_table(confusion, f"Character-level label confusion, {name} (simplified)"))
    return "\n".join(md)


def crossval_markdown(result: Dict[str, object], segmenter: str) -> str:
    """training/crossval.md: mean ± std over folds of each system's exact-match F1, per label and micro."""
    summary = result["summary"]
    lines = [f"Leave-one-document-out over {len(result['folds'])} reports, exact match, F1 mean ± std (segmenter {segmenter})", "",  # type: ignore[arg-type]
             "| system | script | " + " | ".join(LABELS) + " | micro |", "|---|---|" + "---|" * (len(LABELS) + 1)]
    for system in ("ner", "spancat", "rules"):
        for script in ("simplified", "traditional"):
            keys = [f"{system}/{script}/exact/{l}" for l in [*LABELS, "micro"]]
            if keys[0] not in summary:  # type: ignore[operator]
                continue
            lines.append(f"| {system} | {script} | " + " | ".join(f"{summary[k]['mean']:.3f} ± {summary[k]['std']:.3f}" for k in keys) + " |")  # type: ignore[index]
    return "\n".join(lines) + "\n"
