"""A blank Chinese pipeline with the project's tokenizer, for conversion and evaluation."""

from __future__ import annotations

from pathlib import Path
from typing import Optional

from spacy.lang.zh import Chinese
from spacy.language import Language


def blank_zh(segmenter: str = "pkuseg", pkuseg_model: Optional[Path] = None, domain_terms: Optional[Path] = None) -> Language:
    """Same tokenizer as configs/*.cfg; initialised from the pkuseg model asset.

    ``domain_terms``: the user dictionary the configs get as paths.domain_terms
    (None: the copy shipped in the package), so conversion and agreement cut
    words exactly as the trained pipeline does.
    """
    nlp = Chinese.from_config({"nlp": {"tokenizer": {"@tokenizers": "govreport.pkuseg_tokenizer.v1", "segmenter": segmenter}}})
    extra = {"domain_terms": str(domain_terms)} if domain_terms else {}
    nlp.tokenizer.initialize(pkuseg_model=str(pkuseg_model) if pkuseg_model else None, **extra)
    return nlp
