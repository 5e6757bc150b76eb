"""What every command wrapper shares: one-line errors and the success line."""

from __future__ import annotations

from contextlib import contextmanager
from typing import Iterator, NoReturn

import typer

from ..errors import GovreportError


def fail(message: object, code: int = 1) -> NoReturn:
    """One red line on stderr and a non-zero exit: what a user sees instead of a traceback."""
    typer.secho(f"error: {message}", err=True, fg=typer.colors.RED)
    raise typer.Exit(code)


@contextmanager
def user_errors() -> Iterator[None]:
    """Turn a GovreportError raised inside the block into fail()."""
    try:
        yield
    except GovreportError as err:
        fail(err)


def done(message: str) -> None:
    typer.secho(f"✔ {message}", fg=typer.colors.GREEN)


def warn(message: str) -> None:
    typer.secho(f"warning: {message}", err=True, fg=typer.colors.YELLOW)
