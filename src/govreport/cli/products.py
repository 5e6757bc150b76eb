"""package, benchmark-tokenizer, benchmark-pipeline: the wheels and the speed figures (packaging, benchmark)."""

from __future__ import annotations

from pathlib import Path

import typer

from .. import paths
from ._common import done, user_errors


def package(
    pipeline: Path = typer.Argument(paths.PIPELINE, help="Assembled pipeline folder."),
    out_dir: Path = typer.Argument(paths.PACKAGES_DIR, help="Where both wheels go."),
    name: str = typer.Option(..., help="Pipeline package name (without the language prefix)."),
    version: str = typer.Option(..., help="Pipeline package version."),
    project_root: Path = typer.Option(paths.PROJECT_ROOT, help="The checkout the govreport wheel is built from."),
) -> None:
    """Build an installable wheel of the pipeline that depends on govreport (also built as a wheel)."""
    from ..packaging import build_wheels

    with user_errors():
        wheels = build_wheels(pipeline, out_dir, name, version, project_root)
    for kind, path in wheels.items():
        done(f"{kind} wheel: {path}")
    typer.echo(f"install both: pip install {wheels['govreport']} {wheels['pipeline']}")


def benchmark_tokenizer(
    sentences: Path = typer.Option(paths.SENTENCES, help="Texts to tokenize."),
    pkuseg_model: Path = typer.Option(paths.PKUSEG_MODEL),
    repeat: int = typer.Option(3, help="Passes over the corpus."),
    out: Path = typer.Option(paths.BENCHMARK_TOKENIZER),
) -> None:
    """Tokenizer throughput, load time and peak memory vs plain spacy-pkuseg and the char segmenter."""
    from ..benchmark import benchmark_tokenizer as run, results_table
    from ..io import atomic_write_json

    with user_errors():
        report = run(sentences, pkuseg_model, repeat)
    atomic_write_json(out, report)
    typer.echo(results_table(report["results"]))  # type: ignore[arg-type]


def benchmark_pipeline(
    pipeline: Path = typer.Option(paths.PIPELINE),
    sentences: Path = typer.Option(paths.SENTENCES),
    docs: str = typer.Option("000,001,002,003,004", help="Documents whose sentences are processed (comma-separated)."),
    repeat: int = typer.Option(1, help="Passes over the texts per system, and back-to-back rounds (at least 3, each on its own texts). "
                                       "Passes after the first read the same texts again, which a pipeline with the context "
                                       "encoder (configs/ner-context.cfg) answers from its cache: time it with 1."),
    out: Path = typer.Option(paths.BENCHMARK_PIPELINE),
) -> None:
    """Full pipeline vs its own tokenizer (chars/s ratio), load time, peak memory, size on disk."""
    from ..benchmark import benchmark_pipeline as run, results_table
    from ..io import atomic_write_json

    with user_errors():
        report = run(pipeline, sentences, docs.split(","), repeat)
    atomic_write_json(out, report)
    typer.echo(results_table(report["results"]))  # type: ignore[arg-type]
    typer.echo(f"full pipeline / tokenizer alone = {report['pipeline_vs_tokenizer']:.2f} one text at a time, "
               f"{report['pipeline_pipe_vs_tokenizer']:.2f} with nlp.pipe; size on disk {report['size_on_disk_mb']} MB")
    interleaved = report["pipeline_pipe_vs_tokenizer_interleaved"]
    typer.echo(f"nlp.pipe / tokenizer, timed back to back in one process: median {interleaved['median']:.2f} "  # type: ignore[index]
               f"(rounds {', '.join(f'{r:.2f}' for r in interleaved['rounds'])})")  # type: ignore[index]
