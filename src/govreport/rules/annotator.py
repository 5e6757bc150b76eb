"""The rule pre-annotator and baseline: numbers, places and indicators, then relations.

Order matters for overlaps: numbers first (regular, unambiguous), then
places (a gazetteer hit is never part of an indicator name: 梁平|地区生产总值),
then the indicator lexicon, then the fallback indicators around each number.
Output is one gold-format row fragment: entities with ids 1..n in text order
and relations pointing at those ids.
"""

from __future__ import annotations

import re
import os
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Optional, Tuple

from .gazetteer import DATA_NAME, DEFAULT_DIR, load_places
from .indicators import IndicatorFinder
from .numbers import find_numbers
from .places import PlaceMatcher
from .relations import link

Span = Tuple[int, int, str]
HARD_BREAK = re.compile(r"[，,；;。！？!?：:]")
SHORT_INDICATOR = 4


class RuleAnnotator:
    """Loads the lexicons and the place gazetteer once; call it on a sentence."""

    def __init__(self, gazetteer: Optional[Path] = None) -> None:
        self.places = PlaceMatcher(load_places(Path(gazetteer) if gazetteer else DEFAULT_DIR / DATA_NAME))
        self.indicators = IndicatorFinder()

    def spans(self, text: str) -> List[Span]:
        taken = [False] * len(text)
        spans: List[Span] = []

        def add(new: List[Span]) -> None:
            for s, e, label in new:
                if not any(taken[s:e]):
                    spans.append((s, e, label))
                    for i in range(s, e):
                        taken[i] = True

        numbers = find_numbers(text)
        add(numbers)
        add(self.places.find(text))
        # A short generic lexicon name (投资, 就业, 产值) is only an indicator
        # when its clause has a number; longer ones name a statistic on their own.
        clause = [0]
        for ch in text:
            clause.append(clause[-1] + (1 if HARD_BREAK.match(ch) else 0))
        numbered = {clause[s] for s, _, _ in numbers}
        add([sp for sp in self.indicators.lexicon_spans(text, taken) if sp[1] - sp[0] > SHORT_INDICATOR or clause[sp[0]] in numbered])
        # Fallback indicators: a number with no indicator since the previous number/clause start.
        previous_end = 0
        for s, e, label in numbers:
            clause_start = max((i + 1 for i in range(previous_end, s) if HARD_BREAK.match(text[i])), default=previous_end)
            has_indicator = any(l == "INDICATOR" and clause_start <= a and b <= s for a, b, l in spans)
            if not has_indicator:
                gap = text[clause_start:s]
                if label == "VALUE" and (gap.endswith("等") or not gap.strip()):
                    found = self.indicators.after_number(text, e, taken)
                else:
                    found = self.indicators.before_number(text, s, clause_start, taken)
                if found:
                    add([found])
            previous_end = e
        return sorted(spans)

    def __call__(self, text: str) -> Dict[str, list]:
        spans = self.spans(text)
        ids = {span: i for i, span in enumerate(spans, 1)}
        entities = [{"id": ids[s], "start_offset": s[0], "end_offset": s[1], "label": s[2]} for s in spans]
        relations = [
            {"id": k, "from_id": ids[a], "to_id": ids[b], "type": kind} for k, (a, b, kind) in enumerate(link(text, spans), 1)
        ]
        return {"entities": entities, "relations": relations}


@lru_cache(maxsize=1)
def default_annotator() -> RuleAnnotator:
    return RuleAnnotator(os.environ.get("GOVREPORT_GAZETTEER") or None)


def annotate(text: str) -> Dict[str, list]:
    """Rule suggestions for one sentence in the gold format: {"entities": [...], "relations": [...]}."""
    return default_annotator()(text)
