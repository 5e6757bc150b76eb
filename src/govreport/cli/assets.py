"""fetch-assets: the pinned pkuseg model and place gazetteer (govreport.assets)."""

from __future__ import annotations

from pathlib import Path

import typer

from .. import paths
from ._common import done, user_errors


def fetch_assets(
    pkuseg_model: Path = typer.Option(paths.PKUSEG_MODEL, help="Folder for the pkuseg default model (features.pkl, weights.npz)."),
    gazetteer: Path = typer.Option(paths.GAZETTEER, help="Folder for china_location.txt and its LICENSE."),
    jieba_dict: Path = typer.Option(paths.JIEBA_DICT, help="Folder for jieba's dict.txt (place/organisation lexicons)."),
) -> None:
    """Fetch the pkuseg default model, the place gazetteer and jieba's dictionary from PyPI, pinned and SHA-256 verified (idempotent)."""
    from ..assets import fetch_jieba_dict, fetch_pkuseg_model, fetch_place_gazetteer

    with user_errors():
        fetch_pkuseg_model(pkuseg_model)
        done(f"pkuseg default model verified in {pkuseg_model} (research use only)")
        fetch_place_gazetteer(gazetteer)
        done(f"china_location.txt (jionlp 1.5.31, Apache-2.0) verified in {gazetteer}")
        fetch_jieba_dict(jieba_dict)
        done(f"dict.txt (jieba 0.42.1, MIT) verified in {jieba_dict}")
