"""Shared fixtures: the real seed corpus and the project's paths."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
RAW = ROOT / "corpus" / "raw"
MANIFEST = ROOT / "corpus" / "manifest.tsv"
PKUSEG_MODEL = Path(os.environ.get("GOVREPORT_PKUSEG_MODEL", ROOT / "assets" / "pkuseg_default"))
GAZETTEER = ROOT / "assets" / "jionlp_china_location"
CONTEXT_ENCODER = ROOT / "assets" / "m3e_small"


@pytest.fixture(scope="session")
def seed_texts():
    from govreport.corpus.manifest import load_manifest
    from govreport.io import read_report_text

    return {d: read_report_text(RAW / info.file) for d, info in load_manifest(MANIFEST).items()}


@pytest.fixture(scope="session")
def cleaned_seeds(seed_texts):
    from govreport.cleaning import clean_report

    return {d: clean_report(text, d) for d, text in seed_texts.items()}


@pytest.fixture(scope="session")
def pkuseg_model():
    if not (PKUSEG_MODEL / "weights.npz").exists():
        pytest.fail(f"pkuseg model missing in {PKUSEG_MODEL}: run `spacy project run fetch-assets` (run.sh does)")
    return PKUSEG_MODEL


@pytest.fixture(scope="session")
def gazetteer() -> Path:
    """The place gazetteer folder (absolute), as `spacy project run fetch-assets` fills it."""
    if not (GAZETTEER / "china_location.txt").exists():
        pytest.fail(f"place gazetteer missing in {GAZETTEER}: run `spacy project run fetch-assets` (run.sh does)")
    return GAZETTEER


@pytest.fixture(scope="session")
def context_encoder_folder() -> Path:
    """The context encoder's folder (m3e-small), as `spacy project run fetch-assets` fills it."""
    if not (CONTEXT_ENCODER / "pytorch_model.bin").exists():
        pytest.fail(f"context encoder missing in {CONTEXT_ENCODER}: run `spacy project run fetch-assets` (run.sh does)")
    return CONTEXT_ENCODER
