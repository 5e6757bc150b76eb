"""Rule pre-annotator and baseline (issue 3): ``annotate(text) -> {"entities", "relations"}``."""

from .annotator import RuleAnnotator, annotate

__all__ = ["RuleAnnotator", "annotate"]
