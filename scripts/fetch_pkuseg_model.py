"""Front end for `spacy project run fetch-assets`: see govreport.assets."""

from pathlib import Path

import typer

from govreport.assets import fetch_pkuseg_model
from govreport.errors import GovreportError


def main(model_dir: Path = typer.Argument(Path("assets/pkuseg_default"))) -> None:
    try:
        fetch_pkuseg_model(model_dir)
    except GovreportError as err:
        typer.secho(f"error: {err}", err=True, fg=typer.colors.RED)
        raise typer.Exit(1)
    typer.secho(f"✔ pkuseg default model verified in {model_dir} (research use only)", fg=typer.colors.GREEN)


if __name__ == "__main__":
    typer.run(main)
