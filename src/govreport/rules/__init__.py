"""Rule pre-annotator and baseline (issue 3): ``annotate(text, gazetteer=PATH) -> {"entities", "relations"}``."""

from .annotator import RuleAnnotator, annotate, rule_annotator

__all__ = ["RuleAnnotator", "annotate", "rule_annotator"]
