"""Errors a user can act on. The CLI prints them as one line, never a traceback."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Optional, Union

from confection import ConfigValidationError


class GovreportError(Exception):
    """Base class: the message names the file (and line) and says what to do."""


class MissingAssetError(GovreportError, ConfigValidationError):
    """A file a config or command names is not on disk; the message names it and the command that makes it.

    Also a confection ``ConfigValidationError``: these files are read while spaCy
    initialises a pipeline, and ``spacy train`` prints a ConfigValidationError as
    one message and exits 1 (``show_validation_error``) instead of a traceback.
    The govreport commands print it as any GovreportError.
    """

    def __init__(self, path: Union[str, Path, None] = None, remedy: str = "", **config_error: Any):
        if path is not None:  # confection re-creates the error from its fields (from_error): those come as keywords
            config_error = {"title": f"{path}: missing ({remedy})", "show_config": False, **config_error}
        ConfigValidationError.__init__(self, **config_error)
        self.path = str(path) if path is not None else None

    def __str__(self) -> str:
        return self.text.strip()  # confection's text opens with blank lines; the CLI prints one line


class ReportInputError(GovreportError):
    """A report file that cannot be read as text (binary, wrong encoding, missing)."""

    def __init__(self, path: Union[str, Path], problem: str, line: Optional[int] = None):
        self.path = str(path)
        self.problem = problem
        self.line = line
        where = f"{self.path}:{line}" if line is not None else self.path
        super().__init__(f"{where}: {problem}")


class SplitError(GovreportError, ValueError):
    """Documents too few, or of the wrong kind, for the split asked (a ValueError too: the split functions are a library)."""
