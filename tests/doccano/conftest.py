"""A real doccano server for the session, and a small real spaCy pipeline that makes suggestions.

The server runs from .doccano-venv (spacy project run doccano-setup) on
127.0.0.1 in eager mode, started once per session. Without that venv the
doccano tests are skipped with the reason, except in CI (env CI set), where a
missing venv is a failure: CI must prove the round trip.
"""

from __future__ import annotations

import os
import re
import secrets
from pathlib import Path
from typing import Iterator

import pytest
import spacy
from spacy.language import Language
from spacy.tokens import Doc, Span

from govreport.doccano.client import DoccanoSettings, connect
from govreport.doccano.server import DoccanoServer, venv_ready

ROOT = Path(__file__).resolve().parents[2]
# The venv the CLI would use: $DOCCANO_VENV (as scripts/setup_doccano_env.sh reads it), else the checkout's .doccano-venv.
DOCCANO_VENV = Path(os.environ.get("DOCCANO_VENV") or ROOT / ".doccano-venv")
SENTENCES = ROOT / "corpus" / "sentences.jsonl"
ANNOTATIONS = ROOT / "corpus" / "annotations"

# Deliberately imperfect: "工业增加值" without 规上, so an annotator has a span to correct.
INDICATORS = ["地区生产总值", "固定资产投资", "一般公共预算收入", "工业增加值", "社会消费品零售总额",
              "城镇居民人均可支配收入", "开复工项目", "开复工率"]
PATTERNS = [
    ("PERCENT", re.compile(r"\d+(?:\.\d+)?%")),
    ("VALUE", re.compile(r"(?:\d+(?:\.\d+)?|XX)(?:万|亿)?(?:元|个|家|人|户)")),
    ("INDICATOR", re.compile("|".join(sorted(INDICATORS, key=len, reverse=True)))),
]

@Language.component("govreport_test_regex_ner")
def regex_ner(doc: Doc) -> Doc:
    """Entities from the regexes above (character tokens of spacy.blank('zh') align with any span)."""
    spans = []
    taken = set()
    for label, rx in PATTERNS:
        for m in rx.finditer(doc.text):
            if taken & set(range(m.start(), m.end())):
                continue
            span = doc.char_span(m.start(), m.end(), label=label)
            if span is not None:
                spans.append(span)
                taken |= set(range(m.start(), m.end()))
    doc.ents = sorted(spans, key=lambda s: s.start)
    return doc


@Language.component("govreport_test_linker", assigns=["doc._.indicators"])
def linker(doc: Doc) -> Doc:
    """doc._.indicators: each VALUE linked to the nearest INDICATOR before it (PERCENTs left to the annotator)."""
    records = []
    last: Span | None = None
    for ent in doc.ents:
        if ent.label_ == "INDICATOR":
            last = ent
        elif ent.label_ == "VALUE" and last is not None:
            records.append({"indicator": last, "value": ent})
    doc._.indicators = records
    return doc


@pytest.fixture(scope="session")
def suggest_model(tmp_path_factory) -> Iterator[Path]:
    """A real pipeline on disk, loaded by push through spacy.load like a trained one.

    doc._.indicators is registered only for the session's doccano tests and
    removed afterwards, so other tests' pipelines can own the name.
    """
    added = not Doc.has_extension("indicators")
    if added:
        Doc.set_extension("indicators", default=None)
    nlp = spacy.blank("zh")
    nlp.add_pipe("govreport_test_regex_ner")
    nlp.add_pipe("govreport_test_linker")
    path = tmp_path_factory.mktemp("suggest-model") / "pipeline"
    nlp.to_disk(path)
    yield path
    if added:
        Doc.remove_extension("indicators")


@pytest.fixture(scope="session")
def doccano_server(tmp_path_factory) -> Iterator[DoccanoServer]:
    if not venv_ready(DOCCANO_VENV):
        reason = f"doccano server venv missing at {DOCCANO_VENV}: run `spacy project run doccano-setup`"
        if os.environ.get("CI"):
            pytest.fail(reason + " (CI must run the doccano tests)")
        pytest.skip(reason)
    server = DoccanoServer(
        DoccanoSettings(username="annotator-admin", password="pw-" + secrets.token_urlsafe(12), port=0),
        data_dir=tmp_path_factory.mktemp("doccano-data"),
        venv=DOCCANO_VENV,
    )
    server.start()
    try:
        yield server
    finally:
        server.stop()


@pytest.fixture(scope="session")
def settings(doccano_server: DoccanoServer) -> DoccanoSettings:
    assert doccano_server.username and doccano_server.password
    return doccano_server.settings  # the port the server took; url derived from it


@pytest.fixture()
def client(settings: DoccanoSettings):
    return connect(settings)


@pytest.fixture()
def cli_env(settings: DoccanoSettings) -> dict:
    """Environment for running `python -m govreport doccano-…` as a user would."""
    env = {k: v for k, v in os.environ.items() if not k.startswith("DOCCANO_")}
    env.update(DOCCANO_URL=settings.url, DOCCANO_USERNAME=settings.username, DOCCANO_PASSWORD=settings.password)
    return env
