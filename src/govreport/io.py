"""Reading raw reports and writing outputs atomically.

Raw files are only ever opened for reading. Every output goes through a
temporary file in the same folder and ``os.replace``, so an interrupted run
never leaves a half-written corpus file behind.
"""

from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterable, Sequence, Union

from .errors import ReportInputError

PathLike = Union[str, Path]


def read_report_text(path: PathLike) -> str:
    """Read a raw report as UTF-8 text, with an actionable error otherwise.

    We refuse to guess encodings: a GBK file decoded as something else would
    silently corrupt numbers and names, which is worse than stopping.
    """
    path = Path(path)
    try:
        data = path.read_bytes()
    except FileNotFoundError:
        raise ReportInputError(path, "file not found") from None
    except IsADirectoryError:
        raise ReportInputError(path, "is a folder, expected a text file") from None
    except OSError as err:
        raise ReportInputError(path, f"cannot be read ({err.strerror})") from None
    return decode_report_text(path, data)


def decode_report_text(path: PathLike, data: bytes) -> str:
    """The text of a raw report's bytes (read by the caller), with the same errors as ``read_report_text``."""
    path = Path(path)
    if b"\x00" in data[:65536]:
        raise ReportInputError(path, "looks binary (contains NUL bytes); expected a UTF-8 text report")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as err:
        line = data[: err.start].count(b"\n") + 1
        hint = ""
        try:
            data.decode("gb18030")
            hint = " (it decodes as GBK/GB18030: convert it with `iconv -f GB18030 -t UTF-8`)"
        except UnicodeDecodeError:
            pass
        raise ReportInputError(
            path, f"is not valid UTF-8 at byte {err.start}{hint}", line=line
        ) from None
    return text.replace("\r\n", "\n").replace("\r", "\n")


def _atomic_write(path: PathLike, write, binary: bool = False) -> None:
    path = Path(path)
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(prefix=f".{path.name}.", suffix=".tmp", dir=path.parent)
    try:
        with (os.fdopen(fd, "wb") if binary else os.fdopen(fd, "w", encoding="utf-8", newline="\n")) as f:
            write(f)
            f.flush()
            os.fsync(f.fileno())
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes 0600; outputs are ordinary files
        os.replace(tmp, path)
    except BaseException:
        if os.path.exists(tmp):
            os.unlink(tmp)
        raise


def atomic_write_text(path: PathLike, text: str) -> None:
    """Write ``text`` to ``path`` so readers see the old or the new file, never a mix."""
    _atomic_write(path, lambda f: f.write(text))


def atomic_write_bytes(path: PathLike, data: bytes) -> None:
    """Write ``data`` to ``path`` so readers see the old or the new file, never a mix."""
    _atomic_write(path, lambda f: f.write(data), binary=True)


def atomic_write_json(path: PathLike, obj: Any) -> None:
    _atomic_write(path, lambda f: (json.dump(obj, f, ensure_ascii=False, indent=2), f.write("\n")))


def atomic_write_jsonl(path: PathLike, rows: Iterable[Any]) -> None:
    def write(f):
        for row in rows:
            f.write(json.dumps(row, ensure_ascii=False))
            f.write("\n")

    _atomic_write(path, write)


def read_jsonl(path: PathLike) -> list:
    """Read JSONL; a missing file or a broken line is an error naming file (and line), not a traceback."""
    path = Path(path)
    rows = []
    if not path.is_file():
        raise ReportInputError(path, "folder, expected a JSONL file" if path.is_dir() else "file not found")
    with path.open(encoding="utf-8") as f:
        for lineno, line in enumerate(f, 1):
            if not line.strip():
                continue
            try:
                rows.append(json.loads(line))
            except json.JSONDecodeError as err:
                raise ReportInputError(path, f"invalid JSON ({err.msg})", line=lineno) from None
    return rows


def merge_json(path: PathLike, key: Union[str, Sequence[str]], value: Any) -> None:
    """Set one key of a JSON file (a path of keys for a nested one), keeping every other; created when missing.

    metrics.json is written by several commands (entities, relations per
    split): each owns its section and must not erase the others'.
    """
    path = Path(path)
    keys = [key] if isinstance(key, str) else list(key)
    data = json.loads(path.read_text(encoding="utf-8")) if path.exists() else {}
    node = data
    for k in keys[:-1]:
        node = node.setdefault(k, {})
    node[keys[-1]] = value
    atomic_write_json(path, data)
