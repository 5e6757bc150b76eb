"""Cleaning scraped reports into annotatable text, as the annotation spec requires."""

from .pipeline import CleanedReport, clean_report
from .report import CleaningReport

__all__ = ["CleanedReport", "CleaningReport", "clean_report"]
