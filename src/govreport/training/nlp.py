"""A blank Chinese pipeline with the project's tokenizer, for conversion and evaluation."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from spacy.lang.zh import Chinese
from spacy.language import Language


def blank_zh(segmenter: str = "pkuseg", pkuseg_model: Optional[Path] = None) -> Language:
    """Same tokenizer as configs/*.cfg; initialised from the pkuseg model asset."""
    nlp = Chinese.from_config({"nlp": {"tokenizer": {"@tokenizers": "govreport.pkuseg_tokenizer.v1", "segmenter": segmenter}}})
    nlp.tokenizer.initialize(pkuseg_model=str(pkuseg_model) if pkuseg_model else None)
    return nlp
