"""doccano-server, doccano-push, doccano-pull: the annotation round trip (govreport.doccano, docs/doccano.md).

All three take the same DoccanoSettings: 127.0.0.1 and ``--port``
(``vars.doccano_port``) unless DOCCANO_URL names another server; credentials
from DOCCANO_USERNAME / DOCCANO_PASSWORD in the environment or the
git-ignored .env, never from the command line. The password is never printed.
"""

from __future__ import annotations

from pathlib import Path
from typing import List, Optional

import typer

from .. import paths
from ._common import done, fail, user_errors, warn

ENV_FILE = typer.Option(paths.ENV_FILE, "--env-file", help="Optional KEY=VALUE file (git-ignored) for DOCCANO_* variables.")
PORT = typer.Option(8000, "--port", help="doccano's port on 127.0.0.1 (project.yml: vars.doccano_port); DOCCANO_URL overrides the address.")
PROJECT = typer.Option("govreport-indicators", "--project", help="doccano project name.")
SENTENCES = typer.Option(paths.SENTENCES, "--sentences", help="Cleaned sentence file.")


def _settings(env_file: Path, port: int):
    from ..doccano.client import DoccanoSettings

    return DoccanoSettings.from_env(env_file, port=port)


def server(
    port: int = typer.Option(8000, "--port", help="Port on 127.0.0.1 (0: a free one)."),
    data_dir: Path = typer.Option(paths.DOCCANO_DATA, help="SQLite database, media, logs (git-ignored)."),
    venv: Path = typer.Option(paths.DOCCANO_VENV, envvar="DOCCANO_VENV", help="doccano's own venv (spacy project run doccano-setup)."),
    mode: str = typer.Option("eager", help="eager: imports/exports run in the web process; celery: plus a worker."),
    env_file: Path = ENV_FILE,
) -> None:
    """Start doccano on 127.0.0.1 until Ctrl-C (admin from DOCCANO_USERNAME / DOCCANO_PASSWORD)."""
    from ..doccano.server import DoccanoServer, serve_forever
    from ..errors import GovreportError

    with user_errors():
        if mode not in ("eager", "celery"):
            raise GovreportError("--mode must be eager or celery")
        settings = _settings(env_file, port)
        if settings.url_override:
            warn(f"DOCCANO_URL={settings.url_override} is set: push and pull will use it, not this server's port {port}")
        serve_forever(DoccanoServer(settings, data_dir, venv, mode=mode))  # type: ignore[arg-type]


def push(
    port: int = PORT,
    project: str = PROJECT,
    docs: Optional[List[str]] = typer.Option(None, "--docs", help="Document ids (repeat or comma-separate)."),
    split: Optional[str] = typer.Option(None, "--split", help="A part of --splits (train, dev, test)."),
    splits: Path = typer.Option(paths.SPLITS, "--splits", help="Document-grouped splits file (spacy project run convert)."),
    ids_file: Optional[Path] = typer.Option(None, "--ids-file", help="File of sentence ids (one a line, or JSONL)."),
    limit: int = typer.Option(0, help="Push at most this many of the chosen sentences (0: all)."),
    suggest: str = typer.Option("rules", "--suggest", help="Suggestions: rules | model | none."),
    model: Optional[Path] = typer.Option(None, "--model", help="spaCy pipeline folder for --suggest model (e.g. training/pipeline)."),
    gazetteer: Path = typer.Option(paths.GAZETTEER, "--gazetteer", help="Place gazetteer folder for --suggest rules."),
    sentences: Path = SENTENCES,
    strict: bool = typer.Option(False, help="Exit 1 when any sentence failed."),
    env_file: Path = ENV_FILE,
) -> None:
    """Upload sentences with suggestions (idempotent: sentences already in doccano are skipped)."""
    from ..doccano.client import connect
    from ..doccano.push import choose_docs, push as upload, read_ids_file
    from ..doccano.suggest import make_suggester

    with user_errors():
        chosen = choose_docs(docs or [], split, splits)
        ids = read_ids_file(ids_file) if ids_file else None
        suggester = make_suggester(suggest, model, gazetteer)
        client = connect(_settings(env_file, port))
        result = upload(client, sentences, suggester, suggest, project, chosen, ids, limit)
    for problem in result.problems[:20]:
        warn(problem)
    if len(result.problems) > 20:
        warn(f"… {len(result.problems) - 20} more")
    if result.text_changed:
        warn(f"{len(result.text_changed)} sentences in doccano no longer match the sentence file, e.g. {result.text_changed[:3]}")
    done(f"project {project} (id {result.project_id}): {result.summary()}")
    if strict and result.failed:
        raise typer.Exit(1)


def pull(
    port: int = PORT,
    project: str = PROJECT,
    sentences: Path = SENTENCES,
    annotations: Path = typer.Option(paths.ANNOTATIONS, help="Gold folder (<doc>.jsonl) to merge into."),
    state: Path = typer.Option(paths.DOCCANO_PULL_STATE, help="What the last pulls wrote (hashes, times)."),
    report: Path = typer.Option(paths.DOCCANO_CONFLICTS, help="Conflicts left for a person."),
    backup_dir: Path = typer.Option(paths.DOCCANO_BACKUPS, help="Copies of gold files before they change."),
    env_file: Path = ENV_FILE,
) -> None:
    """Merge the examples annotators confirmed into the gold files (reviewed local work is never overwritten)."""
    from ..doccano.client import connect
    from ..doccano.pull import pull as download

    with user_errors():
        client = connect(_settings(env_file, port))
        result = download(client, project, sentences, annotations, state, report, backup_dir)
    done(result.summary())
    if result.written:
        typer.echo(f"  wrote {', '.join(str(p) for p in result.written)}" + (f" (backup in {result.backup})" if result.backup else ""))
    if result.merge.conflicts:
        typer.secho(f"! {len(result.merge.conflicts)} conflicts left for a person, local lines untouched: {result.report}",
                    fg=typer.colors.YELLOW)


def correct(
    markup: Path = typer.Argument(..., help="Corrected markup file (sentence_id<TAB>marked text<TAB>relations), one line per example to edit."),
    port: int = PORT,
    project: str = PROJECT,
    sentences: Path = SENTENCES,
    tally_out: Optional[Path] = typer.Option(None, "--tally", help="Write the correction rate (JSON) here."),
    confirm: bool = typer.Option(True, help="Confirm each edited example (pull takes only confirmed ones)."),
    env_file: Path = ENV_FILE,
) -> None:
    """Make each sentence's doccano example match its corrected markup line with API edits, confirm it, and report the correction rate."""
    import json

    from ..annotation.markup import read_markup_file
    from ..annotation.validate import load_sentences
    from ..doccano.client import connect
    from ..doccano.corrections import apply_corrections
    from ..io import atomic_write_json

    with user_errors():
        if tally_out and tally_out.exists():
            fail(f"{tally_out} exists: the first run's tally is the correction rate against the model; "
                 "a rerun measures against corrected examples, so give it another --tally path")
        rows = read_markup_file(markup, load_sentences(sentences), "doccano")
        client = connect(_settings(env_file, port))
        tally = apply_corrections(client, project, rows, confirm=confirm)
    rates = tally.rates()
    if tally_out:
        atomic_write_json(tally_out, {"examples": tally.examples, "kept": tally.kept, "deleted": tally.deleted,
                                      "added": tally.added, "relations": tally.relations, "rates": rates})
    typer.echo(json.dumps(rates, ensure_ascii=False))
    done(f"{tally.examples} examples edited{' and confirmed' if confirm else ''} in {project}")
