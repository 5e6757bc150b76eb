"""Front end for `spacy project run crossval`: leave-one-document-out over the seed reports.

Writes training/crossval.json (per fold and mean ± std of every F1) and training/crossval.md.
"""

from pathlib import Path

import typer

from govreport.annotation.schema import LABELS
from govreport.io import atomic_write_json, atomic_write_text, read_jsonl
from govreport.training.crossval import crossval
from govreport.training.gold import load_gold


def main(
    gold_dir: Path = typer.Argument(Path("corpus/annotations")),
    sentences: Path = typer.Option(Path("corpus/sentences.jsonl")),
    segmenter: str = typer.Option("pkuseg"),
    pkuseg_model: Path = typer.Option(Path("assets/pkuseg_default")),
    configs: Path = typer.Option(Path("configs")),
    workdir: Path = typer.Option(Path("training/crossval")),
    ner_max_steps: int = typer.Option(3000),
    spancat_max_steps: int = typer.Option(3000),
    spancat_max_size: int = typer.Option(8),
    out: Path = typer.Option(Path("training/crossval.json")),
    markdown: Path = typer.Option(Path("training/crossval.md")),
) -> None:
    originals = {row["id"]: row.get("text_original") for row in read_jsonl(sentences)}
    overrides = {"ner": {"training.max_steps": ner_max_steps},
                 "spancat": {"training.max_steps": spancat_max_steps, "components.spancat.suggester.max_size": spancat_max_size}}
    result = crossval(load_gold(gold_dir), originals, workdir, configs, segmenter, pkuseg_model, overrides)
    atomic_write_json(out, result)
    summary = result["summary"]
    lines = [f"Leave-one-document-out over {len(result['folds'])} reports, exact match, F1 mean ± std (segmenter {segmenter})", "",
             "| system | script | " + " | ".join(LABELS) + " | micro |", "|---|---|" + "---|" * (len(LABELS) + 1)]
    for system in ("ner", "spancat", "rules"):
        for script in ("simplified", "traditional"):
            keys = [f"{system}/{script}/exact/{l}" for l in [*LABELS, "micro"]]
            if keys[0] not in summary:
                continue
            lines.append(f"| {system} | {script} | " + " | ".join(f"{summary[k]['mean']:.3f} ± {summary[k]['std']:.3f}" for k in keys) + " |")
    atomic_write_text(markdown, "\n".join(lines) + "\n")
    typer.echo("\n".join(lines))


if __name__ == "__main__":
    typer.run(main)
