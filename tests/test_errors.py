"""Errors a user can act on: a missing asset during `spacy train` is one message, not a traceback."""

import subprocess
import sys

import pytest
from confection import ConfigValidationError
from spacy.tokens import DocBin

from govreport.errors import GovreportError, MissingAssetError

from .conftest import GAZETTEER, PKUSEG_MODEL, ROOT


def test_a_missing_asset_is_both_kinds_of_error_and_survives_confection_s_copy():
    err = MissingAssetError("assets/x/dict.txt", "run `spacy project run fetch-assets`")
    assert isinstance(err, GovreportError) and isinstance(err, ConfigValidationError)
    assert str(err) == "assets/x/dict.txt: missing (run `spacy project run fetch-assets`)" and err.path == "assets/x/dict.txt"
    copy = err.from_error(err, title="", desc="")  # what spaCy's show_validation_error does before printing
    assert isinstance(copy, MissingAssetError) and copy.text.strip() == ""  # spaCy prints the title alone


@pytest.mark.parametrize("asset, expected", [
    ("paths.jieba_dict", "jieba's dictionary: run `spacy project run fetch-assets`"),
    ("paths.pkuseg_model", "the pkuseg model: run `spacy project run fetch-assets`"),
])
def test_spacy_train_with_a_missing_asset_prints_one_message(tmp_path, asset, expected):
    DocBin().to_disk(tmp_path / "empty.spacy")
    assets = {"paths.pkuseg_model": str(PKUSEG_MODEL), "paths.gazetteer": str(GAZETTEER),
              "paths.jieba_dict": str(ROOT / "assets" / "jieba_dict"), asset: str(tmp_path / "nowhere")}
    args = [f"--{key}={value}" for key, value in assets.items()]
    result = subprocess.run([sys.executable, "-m", "spacy", "train", str(ROOT / "configs" / "ner.cfg"),
                             f"--paths.train={tmp_path / 'empty.spacy'}", f"--paths.dev={tmp_path / 'empty.spacy'}", *args],
                            capture_output=True, text=True, cwd=ROOT, timeout=300)
    assert result.returncode == 1, result.stderr[-2000:]
    assert "Traceback" not in result.stderr, result.stderr[-2000:]
    assert str(tmp_path / "nowhere") in result.stdout and expected in result.stdout
