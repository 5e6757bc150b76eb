"""Caches keyed by a thinc model's id, bounded to the newest entries.

Why: a feature layer caches what it derives from its model's fixed weights
(the context encoder over them, a token's table row). Keyed by ``model.id``
and never cleared, an entry outlives its model, and a cached view keeps the
model's whole weights alive: cross-validation loads model after model and
grew by about 1 GB a fold (docs/experiments.md, round 26). thinc's Model
takes no weak reference, so these caches forget their oldest entries instead.
"""

from __future__ import annotations

from typing import Dict


def keep_newest(cache: Dict, limit: int) -> None:
    """Forget the oldest entries of ``cache`` (dicts keep insertion order) until it holds ``limit``."""
    while len(cache) > limit:
        del cache[next(iter(cache))]
