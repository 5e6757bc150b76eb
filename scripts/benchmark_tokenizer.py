"""Tokenizer throughput (chars/s), load time and peak memory on the cleaned corpus.

Compares the project tokenizer (pkuseg + punctuation splitting + user
dictionary), plain spacy-pkuseg on the same texts, and the licence-free char
segmenter, each in its own process, in one run.
"""

import json
import platform
from pathlib import Path

import typer

from govreport.benchmark import measure
from govreport.io import atomic_write_json, read_jsonl


def main(
    sentences: Path = typer.Option(Path("corpus/sentences.jsonl")),
    pkuseg_model: Path = typer.Option(Path("assets/pkuseg_default")),
    repeat: int = typer.Option(3, help="Passes over the corpus"),
    out: Path = typer.Option(Path("training/benchmark_tokenizer.json")),
) -> None:
    texts = [row["text"] for row in read_jsonl(sentences)]
    systems = {"spacy-pkuseg": str(pkuseg_model), "govreport-tokenizer-pkuseg": str(pkuseg_model), "govreport-tokenizer-char": ""}
    results = measure(systems, texts, repeat=repeat)
    report = {"machine": f"{platform.machine()}, {platform.python_version()}", "texts": len(texts), "repeat": repeat, "results": results}
    atomic_write_json(out, report)
    typer.echo("| system | load s | chars/s | peak RSS MB |\n|---|---|---|---|")
    for r in results:
        typer.echo(f"| {r['system']} | {r['load_s']} | {r['chars_per_s']:,} | {r['peak_rss_mb']} |")


if __name__ == "__main__":
    typer.run(main)
