"""spaCy component ``govreport_rules``: the rule annotator's entities as ``doc.ents``.

Lets the baseline run in a spaCy pipeline beside the trained models (same
tokenizer, same scorer). Spans are snapped to token boundaries with
``alignment_mode="expand"``; relations are not represented on the Doc.
"""

from spacy.language import Language
from spacy.tokens import Doc
from spacy.util import filter_spans

from .annotator import default_annotator


class RulesComponent:
    def __init__(self) -> None:
        self.annotator = default_annotator()

    def __call__(self, doc: Doc) -> Doc:
        spans = []
        for s, e, label in self.annotator.spans(doc.text):
            span = doc.char_span(s, e, label=label, alignment_mode="expand")
            if span is not None:
                spans.append(span)
        doc.ents = filter_spans(spans)
        return doc


@Language.factory("govreport_rules")
def create_rules_component(nlp: Language, name: str) -> RulesComponent:
    return RulesComponent()
