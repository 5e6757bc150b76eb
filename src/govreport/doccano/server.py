"""A local doccano server for the team and for the tests, run from its own virtual environment.

doccano 1.8.4 pins libraries that clash with the project's (Django, numpy<2,
pydantic), so it lives in its own venv (`.doccano-venv/`, made by `spacy project run
doccano-setup`) and is only ever run as subprocesses from here. The venv, the
data folder and the address (DoccanoSettings: host, port, admin credentials)
are parameters: the command line feeds them from govreport.paths and the
environment, the tests give their own.

Why not `doccano webserver`: it binds 0.0.0.0 with 2×CPU+1 workers, which is
wrong for SQLite and for a laptop. We run its WSGI app under gunicorn on
127.0.0.1 with one worker on a free port. Imports and exports are Celery
tasks: in "eager" mode (default; a settings module sets
CELERY_TASK_ALWAYS_EAGER) they run inside the web request, so no worker and no
broker are needed; in "celery" mode a `doccano task --concurrency 1` worker
uses the SQLite database as its broker (no Redis). Without either, an upload
waits forever for a worker that never comes.
"""

from __future__ import annotations

import os
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import time
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Dict, List, Literal

import requests

from ..errors import GovreportError
from .client import DoccanoSettings

Mode = Literal["eager", "celery"]
HERE = Path(__file__).resolve().parent  # the two helper files copied into doccano's venv/data folder
SETUP_HINT = "run `spacy project run doccano-setup`"
SETTINGS_MODULE = "govreport_doccano_settings"
TEMPLATE_NAME = "govreport-db-template.sqlite3"


class DoccanoServerError(GovreportError):
    """The local doccano server cannot be set up or started (one line, actionable)."""


def _die_with_parent() -> None:
    """In the child before exec: get SIGTERM when the Python process that started us dies (Linux).

    Without it, a test run killed from outside (timeout, Ctrl-C twice) leaves
    gunicorn serving a temporary database forever.
    """
    try:
        import ctypes

        ctypes.CDLL("libc.so.6", use_errno=True).prctl(1, signal.SIGTERM)  # PR_SET_PDEATHSIG = 1
    except Exception:
        pass


def free_port(host: str = "127.0.0.1") -> int:
    """A port the OS just gave us by binding port 0 (closed again before gunicorn binds it)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind((host, 0))
        return s.getsockname()[1]


def backend_dir(venv: Path) -> Path:
    """doccano's Django project folder inside the venv (gunicorn chdirs there to import config.wsgi)."""
    found = sorted(venv.glob("lib/python*/site-packages/backend"))
    if not found:
        raise DoccanoServerError(f"doccano is not installed in {venv}: {SETUP_HINT}")
    return found[0]


def venv_ready(venv: Path) -> bool:
    """True when the doccano venv has everything the server needs (used by the tests' skip rule)."""
    return (venv / "bin" / "gunicorn").exists() and (venv / "bin" / "doccano").exists() and bool(
        list(venv.glob("lib/python*/site-packages/backend"))
    )


@dataclass
class DoccanoServer:
    """Start, wait for and stop a doccano server; usable as a context manager.

    The data folder holds the SQLite database, media, upload temp files, the
    settings module and logs, so several servers (a developer's and the tests')
    never share state. ``settings`` gives host, port (0: a free one) and the
    admin's credentials; once started, ``settings`` and ``url`` name the
    server actually running.
    """

    settings: DoccanoSettings
    data_dir: Path
    venv: Path
    mode: Mode = "eager"
    startup_timeout: float = 90.0
    url: str = ""
    startup_seconds: float = 0.0
    _procs: List[subprocess.Popen] = field(default_factory=list)

    def __post_init__(self) -> None:
        # Absolute paths: the processes run with doccano's backend folder as working directory.
        self.venv = Path(self.venv).absolute()
        self.data_dir = Path(self.data_dir).absolute()

    @property
    def username(self) -> str:
        return self.settings.username

    @property
    def password(self) -> str:
        return self.settings.password

    @property
    def host(self) -> str:
        return self.settings.host

    @property
    def port(self) -> int:
        return self.settings.port

    # ---- set-up -------------------------------------------------------
    def _env(self) -> Dict[str, str]:
        data = self.data_dir.resolve()
        env = {k: v for k, v in os.environ.items() if not k.startswith(("PYTHON", "VIRTUAL_ENV", "DJANGO"))}
        env.update(
            {
                "DOCCANO_HOME": str(data),
                "DATABASE_URL": f"sqlite:///{data / 'db.sqlite3'}",
                "MEDIA_ROOT": str(data / "media"),
                "STANDALONE": "True",
                "DEBUG": "False",
                "DJANGO_SETTINGS_MODULE": SETTINGS_MODULE,
                "PYTHONPATH": os.pathsep.join([str(data / "conf"), str(backend_dir(self.venv))]),
                "GOVREPORT_DOCCANO_UPLOAD_TMP": str(data / "upload-tmp"),
                "GOVREPORT_DOCCANO_EAGER": "1" if self.mode == "eager" else "0",
                "PATH": f"{self.venv / 'bin'}{os.pathsep}{os.environ.get('PATH', '')}",
            }
        )
        return env

    def _credentials(self) -> None:
        if not self.username or not self.password:
            raise DoccanoServerError("set DOCCANO_USERNAME and DOCCANO_PASSWORD (environment or .env) for the doccano admin")

    def _run_bootstrap(self, what: str, env: Dict[str, str]) -> None:
        code = (HERE / "_bootstrap.py").read_text(encoding="utf-8")
        res = subprocess.run(
            [str(self.venv / "bin" / "python"), "-", what],
            input=code, text=True, env=env, cwd=str(backend_dir(self.venv)),
            stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
        )
        if res.returncode != 0:
            tail = res.stdout.strip().splitlines()[-1:] or ["no output"]
            raise DoccanoServerError(f"doccano database set-up ({what}) failed: {tail[0]}")

    def prepare(self) -> None:
        """Create the data folder and database (from a migrated template when there is one) and the admin."""
        if not venv_ready(self.venv):
            raise DoccanoServerError(f"no doccano environment at {self.venv}: {SETUP_HINT}")
        self._credentials()
        data = self.data_dir
        for sub in ("conf", "media", "upload-tmp", "logs"):
            (data / sub).mkdir(parents=True, exist_ok=True)
        shutil.copyfile(HERE / "_doccano_settings.py", data / "conf" / f"{SETTINGS_MODULE}.py")
        env = self._env()
        db = data / "db.sqlite3"
        template = self.venv / TEMPLATE_NAME
        if not db.exists():
            if not template.exists():
                # Build the template in a scratch folder of its own, then move it in: a crash never leaves half a
                # template, and two servers starting at once (pytest workers) each build a whole one.
                scratch = Path(tempfile.mkdtemp(prefix=".template-build-", dir=self.venv))
                tenv = dict(env, DATABASE_URL=f"sqlite:///{scratch.resolve() / 'db.sqlite3'}")
                self._run_bootstrap("schema", tenv)
                os.replace(scratch / "db.sqlite3", template)
                shutil.rmtree(scratch, ignore_errors=True)
            shutil.copyfile(template, db)
        env.update({"DOCCANO_USERNAME": self.username or "", "DOCCANO_PASSWORD": self.password or ""})
        self._run_bootstrap("admin", env)

    # ---- run ----------------------------------------------------------
    def _spawn(self, argv: List[str], log: str) -> subprocess.Popen:
        out = open(self.data_dir / "logs" / log, "ab")
        try:
            return subprocess.Popen(
                argv, env=self._env(), cwd=str(backend_dir(self.venv)), stdout=out, stderr=subprocess.STDOUT,
                stdin=subprocess.DEVNULL, start_new_session=True,  # own process group: stop() ends it whole
                preexec_fn=_die_with_parent,
            )
        finally:
            out.close()

    def start(self) -> str:
        """Prepare, start gunicorn (and the worker in celery mode), wait until the API answers; return the URL."""
        t0 = time.monotonic()
        self.prepare()
        # The server's own address: a requested port 0 becomes the free port taken, DOCCANO_URL does not apply.
        self.settings = replace(self.settings, port=self.settings.port or free_port(self.host), url_override="")
        self.url = self.settings.url
        bin_ = self.venv / "bin"
        self._procs.append(
            self._spawn(
                [str(bin_ / "gunicorn"), "--bind", f"{self.host}:{self.port}", "--workers", "1",
                 "--timeout", "600", "--chdir", str(backend_dir(self.venv)), "config.wsgi"],
                "gunicorn.log",
            )
        )
        if self.mode == "celery":
            self._procs.append(self._spawn([str(bin_ / "doccano"), "task", "--concurrency", "1"], "celery.log"))
        try:
            self.wait_ready()
        except BaseException:
            self.stop()
            raise
        self.startup_seconds = time.monotonic() - t0
        return self.url

    def wait_ready(self) -> None:
        """Ready when GET /v1/me answers 403 (not logged in); /v1/health/ needs a worker, so we don't use it."""
        deadline = time.monotonic() + self.startup_timeout
        while time.monotonic() < deadline:
            for p in self._procs:
                if p.poll() is not None:
                    raise DoccanoServerError(
                        f"doccano process exited with code {p.returncode}: see {self.data_dir / 'logs'}"
                    )
            try:
                if requests.get(f"{self.url}/v1/me", timeout=2).status_code == 403:
                    return
            except requests.RequestException:
                pass
            time.sleep(0.2)
        raise DoccanoServerError(f"doccano did not answer on {self.url} within {self.startup_timeout:.0f} s")

    def rss_mb(self) -> float:
        """Resident memory of all server processes (gunicorn master + worker, celery), in MB, from /proc."""
        total = 0
        for p in self._procs:
            pids = {p.pid}
            for proc in Path("/proc").iterdir():
                if proc.name.isdigit():
                    try:
                        if os.getpgid(int(proc.name)) == p.pid:
                            pids.add(int(proc.name))
                    except OSError:
                        continue
            for pid in pids:
                try:
                    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
                        if line.startswith("VmRSS:"):
                            total += int(line.split()[1])
                except OSError:
                    continue
        return total / 1024

    def stop(self, timeout: float = 15.0) -> None:
        """Terminate each process group (gunicorn's worker, celery's children too), then kill what is left."""
        for p in self._procs:
            try:
                os.killpg(p.pid, signal.SIGTERM)
            except ProcessLookupError:
                pass
        for p in self._procs:
            try:
                p.wait(timeout=timeout)
            except subprocess.TimeoutExpired:
                try:
                    os.killpg(p.pid, signal.SIGKILL)
                except ProcessLookupError:
                    pass
                p.wait()
        self._procs.clear()

    def __enter__(self) -> "DoccanoServer":
        self.start()
        return self

    def __exit__(self, *exc) -> None:
        self.stop()


def serve_forever(server: DoccanoServer) -> None:
    """Run until Ctrl-C / SIGTERM, then stop cleanly (for `python -m govreport doccano-server`)."""
    signal.signal(signal.SIGTERM, lambda *_: (_ for _ in ()).throw(KeyboardInterrupt()))
    with server:
        print(f"doccano is up at {server.url} (started in {server.startup_seconds:.1f} s, "
              f"{server.rss_mb():.0f} MB RSS); Ctrl-C stops it", flush=True)
        try:
            while all(p.poll() is None for p in server._procs):
                time.sleep(1)
            print("a doccano process exited; see logs in " + str(server.data_dir / "logs"), file=sys.stderr)
        except KeyboardInterrupt:
            pass
