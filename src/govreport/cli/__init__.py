"""`python -m govreport <command>` (or `govreport <command>`): the project's one command line.

ONE typer app, and every command is registered on it below, explicitly, from
the per-area modules. Each command is a thin wrapper: it parses options (their
defaults come from govreport.paths, project.yml passes its vars), calls one
library function, prints the result, and turns a GovreportError into one red
line and exit code 1, never a traceback. Library imports happen inside the
commands, so `--help` stays fast.
"""

from __future__ import annotations

import sys

import typer

from ..errors import GovreportError
from . import annotation, assets, corpus, doccano, evaluation, extraction, products, training
from ._common import fail

app = typer.Typer(add_completion=False, no_args_is_help=True, context_settings={"help_option_names": ["-h", "--help"]})

COMMANDS = {
    # assets and corpus
    "fetch-assets": assets.fetch_assets,
    "build-word-table": assets.build_word_table,
    "clean": corpus.clean,
    # hand annotation
    "validate": annotation.validate,
    "agreement": annotation.agreement,
    "markup-template": annotation.markup_template,
    "markup-to-gold": annotation.markup_to_gold,
    "markup-suggest": annotation.markup_suggest,
    "correction-rate": annotation.correction_rate,
    # training data and cross-validation
    "convert": training.convert,
    "crossval": training.crossval,
    "calibrate": training.calibrate,
    "fit-place-filter": training.fit_place_filter,
    "rank-reports": training.rank_reports,
    "learning-curve": training.learning_curve,
    "pretrain-text": training.pretrain_text,
    # evaluation
    "evaluate": evaluation.evaluate,
    "evaluate-relations": evaluation.evaluate_relations,
    "evaluate-rules": evaluation.evaluate_rules,
    # products
    "package": products.package,
    "benchmark-tokenizer": products.benchmark_tokenizer,
    "benchmark-pipeline": products.benchmark_pipeline,
    # the doccano round trip
    "doccano-server": doccano.server,
    "doccano-push": doccano.push,
    "doccano-pull": doccano.pull,
    "doccano-correct": doccano.correct,
    # using the pipeline
    "extract": extraction.extract,
    "render": extraction.render,
    "benchmark-extract": extraction.benchmark_extract,
}
for _name, _command in COMMANDS.items():
    app.command(_name)(_command)


@app.callback()
def _root() -> None:
    """govreport: indicator records from Chinese government work reports."""


def main() -> None:
    """Entry point of `govreport` and `python -m govreport`."""
    try:
        app()
    except GovreportError as err:  # a command that let one through: still one line
        typer.secho(f"error: {err}", err=True, fg=typer.colors.RED)
        sys.exit(1)


__all__ = ["COMMANDS", "app", "fail", "main"]
