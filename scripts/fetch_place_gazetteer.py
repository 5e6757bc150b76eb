"""Front end for fetching the place gazetteer: see govreport.rules.gazetteer."""

from pathlib import Path

import typer

from govreport.errors import GovreportError
from govreport.rules.gazetteer import DEFAULT_DIR, fetch_place_gazetteer


def main(dest: Path = typer.Argument(DEFAULT_DIR, help="Folder for china_location.txt and its LICENSE")) -> None:
    try:
        fetch_place_gazetteer(dest)
    except GovreportError as err:
        typer.secho(f"error: {err}", err=True, fg=typer.colors.RED)
        raise typer.Exit(1)
    typer.secho(f"✔ china_location.txt (jionlp 1.5.31, Apache-2.0) verified in {dest}", fg=typer.colors.GREEN)


if __name__ == "__main__":
    typer.run(main)
