"""Reading the rule lexicons of src/govreport/data/ (one entry a line, # comments)."""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path
from typing import Tuple

DATA = Path(__file__).resolve().parent.parent / "data"


@lru_cache(maxsize=None)
def read_lexicon(name: str) -> Tuple[str, ...]:
    """Entries of data/<name>, longest first (so alternations and scans prefer the longest match)."""
    lines = (DATA / name).read_text(encoding="utf-8").splitlines()
    entries = {line.strip() for line in lines if line.strip() and not line.lstrip().startswith("#")}
    return tuple(sorted(entries, key=lambda s: (-len(s), s)))
