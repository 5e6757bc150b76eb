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
def context_encoder_folder(tmp_path_factory) -> Path:
    """The m3e-small encoder as `spacy project run fetch-assets` fetches it (run.sh does): pinned, verified again here."""
    from govreport.assets import fetch_context_encoder

    return fetch_context_encoder(ROOT / "assets" / "m3e_small")


@pytest.fixture(scope="session")
def marks_nlp(gazetteer, pkuseg_model):
    """The training tokenizer with govreport_token_marks and its lexicons (built once: loading them takes seconds)."""
    from govreport.training.gated import marks_pipeline

    jieba = gazetteer.parent / "jieba_dict"
    if not (jieba / "dict.txt").exists():
        pytest.fail(f"{jieba}: run `spacy project run fetch-assets`")
    return marks_pipeline("pkuseg", pkuseg_model, None, gazetteer, jieba)
