"""The rule pre-annotator and baseline: numbers, places and indicators, then relations.

Order matters for overlaps: numbers first (regular, unambiguous), then
places (a gazetteer hit is never part of an indicator name: 梁平|地区生产总值),
then the indicator lexicon, then the fallback indicators around each number.
Output is one gold-format row fragment: entities with ids 1..n in text order
and relations pointing at those ids.

The place gazetteer is never looked up in a default location: build a
``RuleAnnotator`` from a place table (``RuleAnnotator(places)``) or a gazetteer
path (``RuleAnnotator.from_gazetteer(path)``), or pass ``gazetteer=`` to
``annotate``. The only implicit source is the environment variable
``GOVREPORT_GAZETTEER`` (an absolute path to the folder fetch-assets fills or
to its ``china_location.txt``), read when ``annotate`` gets no path.
"""

from __future__ import annotations

import os
from bisect import bisect_left
from functools import lru_cache
from pathlib import Path
from typing import Dict, List, Mapping, Union

from ..annotation.schema import Span
from ..errors import GovreportError
from ..linking import link
from .gazetteer import gazetteer_file, load_places
from .indicators import IndicatorFinder
from .numbers import find_numbers
from .places import PlaceMatcher

HARD_BREAK = frozenset("，,；;。！？!?：:")
SHORT_INDICATOR = 4
GAZETTEER_ENV = "GOVREPORT_GAZETTEER"
NO_GAZETTEER = (
    "no place gazetteer: pass the `gazetteer` argument (the folder `spacy project run fetch-assets` fills, "
    "assets/jionlp_china_location in a project checkout, or its china_location.txt) "
    f"or set {GAZETTEER_ENV} to its absolute path; run `spacy project run fetch-assets` if it is missing"
)


class RuleAnnotator:
    """Loads the lexicons once and matches places from ``places`` (name → level, as ``load_places`` gives); call it on a sentence."""

    def __init__(self, places: Mapping[str, str]) -> None:
        self.place_table: Dict[str, str] = dict(places)
        self.places = PlaceMatcher(self.place_table)
        self.indicators = IndicatorFinder()

    @classmethod
    def from_gazetteer(cls, gazetteer: Union[str, Path]) -> "RuleAnnotator":
        """The annotator of a gazetteer: the folder fetch-assets fills or its china_location.txt."""
        return cls(load_places(gazetteer))

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
        # The clause of position p is the number of breaks before it.
        breaks = [i for i, ch in enumerate(text) if ch in HARD_BREAK]
        numbered = {bisect_left(breaks, s) for s, _, _ in numbers}
        add([sp for sp in self.indicators.lexicon_spans(text, taken)
             if sp[1] - sp[0] > SHORT_INDICATOR or bisect_left(breaks, sp[0]) in numbered])
        # Fallback indicators: a number with no indicator since the previous number/clause start.
        previous_end = 0
        for s, e, label in numbers:
            last_break = bisect_left(breaks, s) - 1  # the last break before the number
            clause_start = breaks[last_break] + 1 if last_break >= 0 and breaks[last_break] >= previous_end else previous_end
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


def resolve_gazetteer(gazetteer: Union[str, Path, None] = None) -> Path:
    """Absolute path of the division file: ``gazetteer`` (relative paths resolved now), else $GOVREPORT_GAZETTEER (absolute)."""
    if gazetteer is None or str(gazetteer) == "":
        env = os.environ.get(GAZETTEER_ENV, "")
        if not env:
            raise GovreportError(NO_GAZETTEER)
        if not Path(env).is_absolute():
            raise GovreportError(f"{GAZETTEER_ENV}={env} must be an absolute path (the working directory changes); {NO_GAZETTEER}")
        gazetteer = env
    return gazetteer_file(Path(gazetteer).expanduser().resolve())


@lru_cache(maxsize=2)
def _annotator_for(path: Path) -> RuleAnnotator:
    return RuleAnnotator.from_gazetteer(path)


def rule_annotator(gazetteer: Union[str, Path, None] = None) -> RuleAnnotator:
    """The annotator of ``gazetteer`` (see ``resolve_gazetteer``), built once per absolute path."""
    return _annotator_for(resolve_gazetteer(gazetteer))


def annotate(text: str, gazetteer: Union[str, Path, None] = None) -> Dict[str, list]:
    """Rule suggestions for one sentence in the gold format: {"entities": [...], "relations": [...]}.

    ``gazetteer``: the folder ``spacy project run fetch-assets`` fills (or its
    china_location.txt); without it, $GOVREPORT_GAZETTEER (an absolute path);
    without either, a GovreportError.
    """
    return rule_annotator(gazetteer)(text)
