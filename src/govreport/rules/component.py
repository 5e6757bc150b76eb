"""spaCy component ``govreport_rules``: the rule annotator's entities as ``doc.ents``.

Lets the baseline run in a spaCy pipeline beside the trained models (same
tokenizer, same scorer). Spans are snapped to token boundaries with
``alignment_mode="expand"``; relations are not represented on the Doc.

The place table is the component's state, as patterns are a SpanRuler's: it is
read from the gazetteer at ``initialize`` and saved with the pipeline
(``places.msgpack``), so a saved pipeline loads with no assets folder::

    nlp.add_pipe("govreport_rules")
    nlp.initialize()  # with [initialize.components.govreport_rules] gazetteer = ${paths.gazetteer}
    # or, in code: nlp.get_pipe("govreport_rules").initialize(gazetteer="assets/jionlp_china_location")
"""

from pathlib import Path
from typing import Callable, Dict, Iterable, List, Mapping, Optional, Union

import srsly
from spacy import util
from spacy.language import Language
from spacy.tokens import Doc
from spacy.training import Example
from spacy.util import SimpleFrozenList, filter_spans

from ..errors import GovreportError
from .annotator import RuleAnnotator
from .gazetteer import load_places

PLACES_FILE = "places.msgpack"


def _not_initialized(name: str) -> GovreportError:
    return GovreportError(
        f"the {name} component has no place table: initialize it with the gazetteer, "
        f"`[initialize.components.{name}] gazetteer = ${{paths.gazetteer}}` in the config "
        f"or `nlp.get_pipe({name!r}).initialize(gazetteer=PATH)` in code "
        "(PATH: the folder `spacy project run fetch-assets` fills, assets/jionlp_china_location), "
        "or load a saved pipeline that has one"
    )


def pack_places(places: Mapping[str, str]) -> Dict[str, List[str]]:
    """name → level as level → names (half the size on disk)."""
    grouped: Dict[str, List[str]] = {}
    for name, level in places.items():
        grouped.setdefault(level, []).append(name)
    return grouped


def unpack_places(grouped: Mapping[str, Iterable[str]]) -> Dict[str, str]:
    return {name: level for level, names in grouped.items() for name in names}


class RulesComponent:
    def __init__(self, nlp: Optional[Language] = None, name: str = "govreport_rules") -> None:
        self.name = name
        self.annotator: Optional[RuleAnnotator] = None

    @property
    def is_initialized(self) -> bool:
        return self.annotator is not None

    def set_places(self, places: Mapping[str, str]) -> None:
        self.annotator = RuleAnnotator(places)

    def initialize(
        self,
        get_examples: Optional[Callable[[], Iterable[Example]]] = None,
        *,
        nlp: Optional[Language] = None,
        gazetteer: Optional[Union[str, Path]] = None,
    ) -> None:
        """Read the place table from ``gazetteer`` (the folder fetch-assets fills, or its china_location.txt).

        Without ``gazetteer`` a table the component already has (from a saved
        pipeline) is kept; with neither, a GovreportError.
        """
        if gazetteer is not None and str(gazetteer) != "":
            self.set_places(load_places(gazetteer))
        elif self.annotator is None:
            raise _not_initialized(self.name)

    def __call__(self, doc: Doc) -> Doc:
        if self.annotator is None:
            raise _not_initialized(self.name)
        spans = []
        for s, e, label in self.annotator.spans(doc.text):
            span = doc.char_span(s, e, label=label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.ents = filter_spans(spans)
        return doc

    def _packed(self) -> Dict[str, List[str]]:
        return pack_places(self.annotator.place_table) if self.annotator is not None else {}

    def _unpack(self, grouped: Mapping[str, Iterable[str]]) -> None:
        self.annotator = RuleAnnotator(unpack_places(grouped)) if grouped else None

    def to_bytes(self, *, exclude: Iterable[str] = SimpleFrozenList()) -> bytes:
        return util.to_bytes({"places": lambda: srsly.msgpack_dumps(self._packed())}, exclude)

    def from_bytes(self, bytes_data: bytes, *, exclude: Iterable[str] = SimpleFrozenList()) -> "RulesComponent":
        util.from_bytes(bytes_data, {"places": lambda b: self._unpack(srsly.msgpack_loads(b))}, exclude)
        return self

    def to_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = SimpleFrozenList()) -> None:
        """Write the place table to ``path/places.msgpack`` (nothing when the component has none)."""
        path = util.ensure_path(path)
        path.mkdir(parents=True, exist_ok=True)
        if self.annotator is not None:
            srsly.write_msgpack(path / PLACES_FILE, self._packed())

    def from_disk(self, path: Union[str, Path], *, exclude: Iterable[str] = SimpleFrozenList()) -> "RulesComponent":
        file = util.ensure_path(path) / PLACES_FILE
        if file.exists():
            self._unpack(srsly.read_msgpack(file))
        return self


@Language.factory("govreport_rules")
def create_rules_component(nlp: Language, name: str) -> RulesComponent:
    return RulesComponent(nlp, name)
