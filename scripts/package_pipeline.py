"""Front end for `spacy project run package`: see govreport.packaging."""

from pathlib import Path

import typer

from govreport.errors import GovreportError
from govreport.packaging import build_wheels


def main(pipeline: Path, out_dir: Path, name: str = typer.Option(...), version: str = typer.Option(...)) -> None:
    try:
        wheels = build_wheels(pipeline, out_dir, name, version, Path(__file__).resolve().parent.parent)
    except GovreportError as err:
        typer.secho(f"error: {err}", err=True, fg="red")
        raise typer.Exit(1)
    for kind, path in wheels.items():
        typer.secho(f"✔ {kind} wheel: {path}", fg="green")
    typer.echo(f"install both: pip install {wheels['govreport']} {wheels['pipeline']}")


if __name__ == "__main__":
    typer.run(main)
