"""`python -m govreport doccano-server | doccano-push | doccano-pull`: thin typer front ends.

Mounted on the main CLI with `app.add_typer(doccano_app)` (see docs/doccano.md);
importing this module from govreport.cli also mounts it. Every GovreportError
becomes one red line and exit code 1; the password is never printed.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from ..errors import GovreportError

app = typer.Typer(add_completion=False, help=__doc__)

ENV_FILE = typer.Option(Path(".env"), "--env-file", help="Optional KEY=VALUE file (git-ignored) for DOCCANO_* variables.")
PROJECT = typer.Option("govreport-indicators", "--project", help="doccano project name.")
SENTENCES = typer.Option(Path("corpus/sentences.jsonl"), "--sentences", help="Cleaned sentence file.")


def _fail(err: GovreportError) -> None:
    typer.secho(f"error: {err}", err=True, fg=typer.colors.RED)
    raise typer.Exit(1)


@app.command("doccano-server")
def server_cmd(
    data_dir: Path = typer.Option(Path("doccano-data"), help="SQLite database, media, logs (git-ignored)."),
    venv: Optional[Path] = typer.Option(None, help="doccano's own venv (default: $DOCCANO_VENV or .doccano-venv)."),
    mode: str = typer.Option("eager", help="eager: imports/exports run in the web process; celery: plus a worker."),
    port: int = typer.Option(0, help="Port on 127.0.0.1 (0: a free one)."),
    env_file: Path = ENV_FILE,
) -> None:
    """Start doccano on 127.0.0.1 until Ctrl-C (admin from DOCCANO_USERNAME / DOCCANO_PASSWORD)."""
    import os

    from .client import read_env_file
    from .server import DEFAULT_VENV, DoccanoServer, serve_forever

    if mode not in ("eager", "celery"):
        _fail(GovreportError("--mode must be eager or celery"))
    values = read_env_file(env_file)
    server = DoccanoServer(
        data_dir=data_dir, venv=venv or DEFAULT_VENV, mode=mode,  # type: ignore[arg-type]
        username=os.environ.get("DOCCANO_USERNAME") or values.get("DOCCANO_USERNAME"),
        password=os.environ.get("DOCCANO_PASSWORD") or values.get("DOCCANO_PASSWORD"),
        port=port or None,
    )
    try:
        serve_forever(server)
    except GovreportError as err:
        _fail(err)


@app.command("doccano-push")
def push_cmd(
    project: str = PROJECT,
    docs: Optional[List[str]] = typer.Option(None, "--docs", help="Document ids (repeat or comma-separate)."),
    split: Optional[str] = typer.Option(None, "--split", help="A split of --splits (train, dev, test)."),
    splits: Path = typer.Option(Path("corpus/spacy/splits.json"), "--splits", help="Document-grouped splits file."),
    ids_file: Optional[Path] = typer.Option(None, "--ids-file", help="File of sentence ids (one a line, or JSONL)."),
    limit: int = typer.Option(0, help="Push at most this many of the chosen sentences (0: all)."),
    suggest: str = typer.Option("rules", "--suggest", help="Suggestions: rules | model | none."),
    model: Optional[Path] = typer.Option(None, "--model", help="spaCy pipeline folder for --suggest model."),
    sentences: Path = SENTENCES,
    strict: bool = typer.Option(False, help="Exit 1 when any sentence failed."),
    env_file: Path = ENV_FILE,
) -> None:
    """Upload sentences with suggestions (idempotent: sentences already in doccano are skipped)."""
    from .client import DoccanoSettings, connect
    from .push import push, read_ids_file, split_docs
    from .suggest import make_suggester

    try:
        chosen_docs = [d.strip() for item in docs or [] for d in item.split(",") if d.strip()]
        if split:
            split_set = split_docs(splits, split)
            chosen_docs = [d for d in chosen_docs if d in split_set] if chosen_docs else split_set
            if not chosen_docs:
                raise GovreportError(f"--docs and --split {split} have no document in common")
        ids = read_ids_file(ids_file) if ids_file else None
        suggester = make_suggester(suggest, model)
        client = connect(DoccanoSettings.from_env(env_file))
        result = push(client, sentences, suggester, suggest, project, chosen_docs, ids, limit)
    except GovreportError as err:
        _fail(err)
    for problem in result.problems[:20]:
        typer.secho(f"warning: {problem}", err=True, fg=typer.colors.YELLOW)
    if len(result.problems) > 20:
        typer.secho(f"warning: … {len(result.problems) - 20} more", err=True, fg=typer.colors.YELLOW)
    if result.text_changed:
        typer.secho(
            f"warning: {len(result.text_changed)} sentences in doccano no longer match the sentence file, "
            f"e.g. {result.text_changed[:3]}", err=True, fg=typer.colors.YELLOW,
        )
    typer.secho(f"✔ project {project} (id {result.project_id}): {result.summary()}", fg=typer.colors.GREEN)
    if strict and result.failed:
        raise typer.Exit(1)


@app.command("doccano-pull")
def pull_cmd(
    project: str = PROJECT,
    sentences: Path = SENTENCES,
    annotations: Path = typer.Option(Path("corpus/annotations"), help="Gold folder (<doc>.jsonl) to merge into."),
    state: Path = typer.Option(Path("corpus/doccano/pull-state.json"), help="What the last pulls wrote (hashes, times)."),
    report: Path = typer.Option(Path("corpus/doccano/conflicts.jsonl"), help="Conflicts left for a person."),
    backup_dir: Path = typer.Option(Path("doccano-data/backups"), help="Copies of gold files before they change."),
    env_file: Path = ENV_FILE,
) -> None:
    """Merge the examples annotators confirmed into the gold files (reviewed local work is never overwritten)."""
    from .client import DoccanoSettings, connect
    from .pull import pull

    try:
        client = connect(DoccanoSettings.from_env(env_file))
        result = pull(client, project, sentences, annotations, state, report, backup_dir)
    except GovreportError as err:
        _fail(err)
    typer.secho(f"✔ {result.summary()}", fg=typer.colors.GREEN)
    if result.written:
        typer.echo(f"  wrote {', '.join(str(p) for p in result.written)}" + (f" (backup in {result.backup})" if result.backup else ""))
    if result.merge.conflicts:
        typer.secho(
            f"! {len(result.merge.conflicts)} conflicts left for a person, local lines untouched: {result.report}",
            fg=typer.colors.YELLOW,
        )


def _mount() -> None:
    """Mount on the main CLI when govreport.cli imports this module (the one-line integration)."""
    import sys

    main = sys.modules.get("govreport.cli")
    if main is not None and hasattr(main, "app") and not getattr(main, "_doccano_mounted", False):
        main.app.add_typer(app)
        main._doccano_mounted = True  # type: ignore[attr-defined]


_mount()
