"""Full pipeline vs its own tokenizer on the same texts in one run (the ratio is the figure).

Also load time, peak memory (each system in its own process) and the size of
the pipeline on disk.
"""

from pathlib import Path

import typer

from govreport.benchmark import measure
from govreport.io import atomic_write_json, read_jsonl


def _size_mb(path: Path) -> float:
    return round(sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) / 2**20, 1)


def main(
    pipeline: Path = typer.Option(Path("training/pipeline")),
    sentences: Path = typer.Option(Path("corpus/sentences.jsonl")),
    docs: str = typer.Option("000,001,002,003,004", help="Documents whose sentences are processed"),
    repeat: int = typer.Option(1),
    out: Path = typer.Option(Path("training/benchmark_pipeline.json")),
) -> None:
    wanted = set(docs.split(","))
    texts = [row["text"] for row in read_jsonl(sentences) if row["doc"] in wanted]
    systems = {name: str(pipeline) for name in ("pipeline-tokenizer", "pipeline", "pipeline-pipe")}
    results = measure(systems, texts, repeat=repeat)
    speed = {r["system"]: r["chars_per_s"] for r in results}
    ratio = speed["pipeline"] / speed["pipeline-tokenizer"]
    ratio_batched = speed["pipeline-pipe"] / speed["pipeline-tokenizer"]
    report = {"texts": len(texts), "results": results, "pipeline_vs_tokenizer": round(ratio, 3),
              "pipeline_pipe_vs_tokenizer": round(ratio_batched, 3), "size_on_disk_mb": _size_mb(pipeline)}
    atomic_write_json(out, report)
    typer.echo("| system | load s | chars/s | peak RSS MB |\n|---|---|---|---|")
    for r in results:
        typer.echo(f"| {r['system']} | {r['load_s']} | {r['chars_per_s']:,} | {r['peak_rss_mb']} |")
    typer.echo(f"full pipeline / tokenizer alone = {ratio:.2f} one text at a time, {ratio_batched:.2f} with nlp.pipe; "
               f"size on disk {report['size_on_disk_mb']} MB")


if __name__ == "__main__":
    typer.run(main)
