"""Indicator records from entity spans: values, changes, places, periods (issue 5)."""

from ..linking import link
from .changes import Change, parse_change
from .context import ReportContext
from .extract import extract_records
from .records import IndicatorRecord
from .values import Quantity, parse_value

__all__ = ["Change", "IndicatorRecord", "Quantity", "ReportContext", "extract_records", "link", "parse_change", "parse_value"]
