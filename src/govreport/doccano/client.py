"""Connecting to doccano with credentials from the environment, and errors a person can act on.

We use doccano-client 1.2.8 because it speaks doccano 1.8.4's API (project
creation, confirmation state, the v1 export endpoint); 1.1.1 has no pydantic
pin but calls a removed export endpoint. The address is 127.0.0.1 and the
port the commands are given (``vars.doccano_port``), unless DOCCANO_URL names
another server; credentials come from DOCCANO_USERNAME / DOCCANO_PASSWORD (or
a git-ignored `.env`), never from project.yml, and the password never appears
in a message.
"""

from __future__ import annotations

import os
from dataclasses import dataclass, field
from pathlib import Path
from typing import Dict, Iterator, Optional

import requests
from doccano_client import DoccanoClient
from doccano_client.exceptions import DoccanoAPIError
from doccano_client.models.example import Example

from ..errors import GovreportError


class DoccanoError(GovreportError):
    """A doccano problem a user can fix (server down, wrong password, missing project, bad labels...)."""


def read_env_file(path: Path) -> Dict[str, str]:
    """KEY=VALUE lines of a .env file (comments, blank lines, `export` and quotes allowed)."""
    values: Dict[str, str] = {}
    if not path.is_file():
        return values
    for line in path.read_text(encoding="utf-8").splitlines():
        line = line.strip()
        if not line or line.startswith("#") or "=" not in line:
            continue
        key, value = line.split("=", 1)
        key = key.strip().removeprefix("export ").strip()
        value = value.strip()
        if len(value) >= 2 and value[0] == value[-1] and value[0] in "\"'":
            value = value[1:-1]
        values[key] = value
    return values


DEFAULT_HOST = "127.0.0.1"
DEFAULT_PORT = 8000


@dataclass(frozen=True, kw_only=True)
class DoccanoSettings:
    """Where doccano is and who we are: the one object the server, push and pull all take.

    The server binds ``host:port``; push and pull talk to ``url``, which is
    derived from the same host and port unless DOCCANO_URL names another
    server, so ``--port`` (``vars.doccano_port``) means the same thing to all
    three commands. The password is hidden from repr so it never reaches a log.
    Port 0 asks the server for a free port (the tests' servers).
    """

    username: str = ""
    password: str = field(default="", repr=False)
    host: str = DEFAULT_HOST
    port: int = DEFAULT_PORT
    url_override: str = ""

    @property
    def url(self) -> str:
        return (self.url_override or f"http://{self.host}:{self.port}").rstrip("/")

    @classmethod
    def from_env(cls, env_file: Optional[Path] = None, port: int = DEFAULT_PORT,
                 host: str = DEFAULT_HOST) -> "DoccanoSettings":
        """Credentials (and an optional DOCCANO_URL) from the environment, which wins over ``env_file``.

        Environment first so CI and one-off overrides work; credentials never
        come from project.yml or the command line.
        """
        file_values = read_env_file(env_file) if env_file else {}

        def get(key: str) -> str:
            return os.environ.get(key) or file_values.get(key, "")

        user, password = get("DOCCANO_USERNAME"), get("DOCCANO_PASSWORD")
        missing = [k for k, v in (("DOCCANO_USERNAME", user), ("DOCCANO_PASSWORD", password)) if not v]
        if missing:
            raise DoccanoError(
                f"set {', '.join(missing)} in the environment or in .env (and DOCCANO_URL only for a server "
                f"other than http://{host}:{port}; see docs/doccano.md)"
            )
        return cls(username=user, password=password, host=host, port=port, url_override=get("DOCCANO_URL").rstrip("/"))


def api_error(err: DoccanoAPIError, doing: str) -> DoccanoError:
    """Turn an HTTP error into one line: status and doccano's own short reason, never request bodies."""
    status = err.response.status_code if err.response is not None else "?"
    try:
        detail = err.response.json()
        if isinstance(detail, dict):
            detail = detail.get("detail") or detail.get("non_field_errors") or detail
        detail = str(detail)[:200]
    except Exception:
        detail = ""
    return DoccanoError(f"doccano refused to {doing} (HTTP {status}){': ' + detail if detail else ''}")


def connect(settings: DoccanoSettings, timeout: float = 10.0) -> DoccanoClient:
    """Log in; a down server and a wrong password are distinct one-line errors (password not echoed)."""
    try:
        requests.get(f"{settings.url}/v1/me", timeout=timeout)
    except requests.RequestException:
        raise DoccanoError(
            f"doccano server not reachable at {settings.url}: start it with `spacy project run doccano-server` "
            "(same --port) or check DOCCANO_URL"
        ) from None
    client = DoccanoClient(settings.url)
    try:
        client.login(settings.username, settings.password)
    except DoccanoAPIError as err:
        if err.response is not None and err.response.status_code in (400, 401, 403):
            raise DoccanoError(
                f"doccano login failed for user {settings.username!r} at {settings.url}: wrong user name or password "
                "(check DOCCANO_USERNAME / DOCCANO_PASSWORD)"
            ) from None
        raise api_error(err, "log in") from None
    except requests.RequestException:
        raise DoccanoError(f"doccano server not reachable at {settings.url} (connection lost during login)") from None
    return client


def iter_examples(client: DoccanoClient, project_id: int, confirmed: Optional[bool] = None, page: int = 1000) -> Iterator[Example]:
    """All examples of a project, `page` at a time.

    doccano's default page size is 5, and doccano-client's list_examples
    cannot change it: 11,000 sentences would take 2,200 requests. This reads
    the same endpoint through the client's logged-in session with `limit`.
    """
    params: Dict[str, object] = {"limit": page, "offset": 0}
    if confirmed is not None:
        params["confirmed"] = confirmed
    while True:
        data = client._base_repository.get(f"projects/{project_id}/examples", params=params).json()
        for item in data["results"]:
            yield Example.parse_obj(item)
        if not data.get("next"):
            return
        params["offset"] = int(params["offset"]) + page  # type: ignore[call-overload]
