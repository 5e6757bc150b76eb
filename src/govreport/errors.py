"""Errors a user can act on. The CLI prints them as one line, never a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Optional, Union


class GovreportError(Exception):
    """Base class: the message names the file (and line) and says what to do."""


class ReportInputError(GovreportError):
    """A report file that cannot be read as text (binary, wrong encoding, missing)."""

    def __init__(self, path: Union[str, Path], problem: str, line: Optional[int] = None):
        self.path = str(path)
        self.problem = problem
        self.line = line
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {problem}")
