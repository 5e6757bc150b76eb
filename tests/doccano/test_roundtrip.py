"""The doccano round trip against a real server: push with suggestions, annotate via the API, confirm, pull.

Every test uses its own doccano project and a temporary copy of the gold
files, so the real corpus/annotations/ is never touched.
"""

from __future__ import annotations

import dataclasses
import json
import shutil
import subprocess
import sys
from pathlib import Path
from typing import Dict, List

import pytest

from govreport.annotation.validate import load_sentences
from govreport.doccano.client import DoccanoError, DoccanoSettings, connect
from govreport.doccano.convert import content_hash, renumber
from govreport.doccano.project import SPAN_STYLE
from govreport.doccano.pull import pull
from govreport.doccano.push import push
from govreport.doccano.server import DoccanoServer

from .conftest import DOCCANO_VENV
from govreport.doccano.suggest import make_suggester
from govreport.io import read_jsonl

ROOT = Path(__file__).resolve().parents[2]
SENTENCES = ROOT / "corpus" / "sentences.jsonl"
ANNOTATIONS = ROOT / "corpus" / "annotations"

pytestmark = [pytest.mark.doccano, pytest.mark.slow]

IDS_20 = [f"000-{i:04d}" for i in range(20)]


@pytest.fixture(scope="module")
def sentences() -> Dict[str, dict]:
    if not SENTENCES.exists():
        pytest.fail(f"{SENTENCES} missing: run `spacy project run clean` first")
    return load_sentences(SENTENCES)


@pytest.fixture()
def workdir(tmp_path: Path) -> Dict[str, Path]:
    """A copy of the gold files plus where pull state, report and backups go."""
    ann = tmp_path / "annotations"
    ann.mkdir()
    for path in ANNOTATIONS.glob("*.jsonl"):
        shutil.copy2(path, ann / path.name)
    return {
        "annotations": ann,
        "state": tmp_path / "doccano" / "pull-state.json",
        "report": tmp_path / "doccano" / "conflicts.jsonl",
        "backups": tmp_path / "backups",
    }


def do_push(client, project: str, ids: List[str], model: Path):
    return push(client, SENTENCES, make_suggester("model", model), "model", project, ids=ids, progress=False)


def do_pull(client, project: str, w: Dict[str, Path], sentences_path: Path = SENTENCES):
    return pull(client, project, sentences_path, w["annotations"], w["state"], w["report"], w["backups"])


def examples_by_sid(client, project_id: int) -> dict:
    return {ex.meta["sentence_id"]: ex for ex in client.list_examples(project_id)}


def label_names(client, project_id: int, kind: str) -> Dict[int, str]:
    return {t.id: t.text for t in client.list_label_types(project_id, kind)}


def remote_annotation(client, project_id: int, example_id: int) -> tuple:
    """(sorted spans as (start, end, label), sorted relations as ((s,e,l) from, (s,e,l) to, type)) read back from the API."""
    span_label = label_names(client, project_id, "span")
    rel_label = label_names(client, project_id, "relation")
    spans = {s.id: (s.start_offset, s.end_offset, span_label[s.label]) for s in client.list_spans(project_id, example_id)}
    rels = sorted((spans[r.from_id], spans[r.to_id], rel_label[r.type]) for r in client.list_relations(project_id, example_id))
    return sorted(spans.values()), rels


def expected_annotation(suggestion: dict) -> tuple:
    ents = {e["id"]: (e["start_offset"], e["end_offset"], e["label"]) for e in suggestion["entities"]}
    rels = sorted((ents[r["from_id"]], ents[r["to_id"]], r["type"]) for r in suggestion["relations"])
    return sorted(ents.values()), rels


def test_push_20_sentences_with_suggestions_then_again_none_new(client, suggest_model, sentences):
    result = do_push(client, "t-push", IDS_20, suggest_model)
    assert (result.new, result.skipped, result.failed) == (20, 0, 0), result.problems
    pid = result.project_id

    # Label set: the spec's four labels with their fixed colours and keys, the two relation types.
    types = {t.text: t for t in client.list_label_types(pid, "span")}
    assert {k: (t.background_color.upper(), t.suffix_key) for k, t in types.items()} == SPAN_STYLE
    assert set(label_names(client, pid, "relation").values()) == {"value_of", "change_of"}

    suggester = make_suggester("model", suggest_model)
    remote = examples_by_sid(client, pid)
    assert sorted(remote) == IDS_20
    n_spans = n_rels = 0
    for sid in IDS_20:
        ex, sent = remote[sid], sentences[sid]
        assert ex.text == sent["text"]
        assert ex.meta == {"sentence_id": sid, "doc": "000", "index": sent["index"], "suggested_by": "model"}
        spans, rels = remote_annotation(client, pid, ex.id)
        assert (spans, rels) == expected_annotation(suggester(sent["text"]))
        n_spans += len(spans)
        n_rels += len(rels)
    assert n_spans >= 15 and n_rels >= 5  # the suggestions really travelled

    # Offsets are character offsets into the Chinese text, checked against hand-counted positions.
    spans, rels = remote_annotation(client, pid, remote["000-0002"].id)
    text = sentences["000-0002"]["text"]
    assert (15, 21, "INDICATOR") in spans and text[15:21] == "地区生产总值"
    assert (23, 27, "VALUE") in spans and text[23:27] == "XX亿元"
    assert ((23, 27, "VALUE"), (15, 21, "INDICATOR"), "value_of") in rels
    spans5, rels5 = remote_annotation(client, pid, remote["000-0005"].id)
    t5 = sentences["000-0005"]["text"]
    assert t5[spans5[-1][0]:spans5[-1][1]] == "105.7%"

    again = do_push(client, "t-push", IDS_20, suggest_model)
    assert (again.new, again.skipped, again.failed) == (0, 20, 0)
    assert client.count_examples(pid) == 20


def _fix_indicator_and_link(client, pid: int, example_id: int, text: str) -> None:
    """What an annotator does on 000-0002: widen 工业增加值 to 规上工业增加值, link 1% to it (change_of)."""
    span_label = label_names(client, pid, "span")
    spans = client.list_spans(pid, example_id)
    start = text.index("规上工业增加值")
    ind = next(s for s in spans if s.start_offset == start + 2 and span_label[s.label] == "INDICATOR")
    client.span.update(pid, example_id, ind.id, start_offset=start)
    pct_start = text.index("1%", start)
    pct = next(s for s in spans if s.start_offset == pct_start)
    client.create_relation(pid, example_id, pct.id, ind.id, "change_of", human_annotated=True)


def test_annotator_change_confirmed_is_pulled_exactly_unconfirmed_is_not(client, suggest_model, sentences, workdir):
    result = do_push(client, "t-pull", ["000-0002", "000-0005"], suggest_model)
    pid = result.project_id
    remote = examples_by_sid(client, pid)
    text = sentences["000-0002"]["text"]
    _fix_indicator_and_link(client, pid, remote["000-0002"].id, text)
    client.update_example_state(pid, remote["000-0002"].id)  # confirm (a toggle: once only)
    # 000-0005 is edited but not confirmed: it must not be pulled.
    span5 = client.list_spans(pid, remote["000-0005"].id)[0]
    client.delete_span(pid, remote["000-0005"].id, span5.id)
    assert [ex.meta["sentence_id"] for ex in client.list_examples(pid, is_confirmed=True)] == ["000-0002"]

    # The local line of 000-0002 is only pre-annotated, so doccano's confirmed version replaces it.
    gold = workdir["annotations"] / "000.jsonl"
    before = gold.read_text(encoding="utf-8").splitlines()
    rows = [json.loads(line) for line in before]
    i2 = next(i for i, r in enumerate(rows) if r["meta"]["sentence_id"] == "000-0002")
    rows[i2]["meta"]["review_state"] = "pre-annotated"
    before[i2] = json.dumps(rows[i2], ensure_ascii=False)
    gold.write_text("\n".join(before) + "\n", encoding="utf-8")

    out = do_pull(client, "t-pull", workdir)
    assert out.pulled == 1
    assert out.merge.replaced == ["000-0002"] and not out.merge.conflicts

    # Expected: the suggestion, with exactly that span widened and that relation added.
    sugg = make_suggester("model", suggest_model)(text)
    start = text.index("规上工业增加值")
    ents = [dict(e, start_offset=start) if e["start_offset"] == start + 2 else e for e in sugg["entities"]]
    ind_id = next(e["id"] for e in ents if e["start_offset"] == start)
    pct_id = next(e["id"] for e in ents if e["start_offset"] == text.index("1%", start))
    rels = sugg["relations"] + [{"id": 99, "from_id": pct_id, "to_id": ind_id, "type": "change_of"}]
    want_ents, want_rels = renumber(ents, rels)

    after = gold.read_text(encoding="utf-8").splitlines()
    assert len(after) == len(before)
    for i, (a, b) in enumerate(zip(before, after)):
        if i != i2:
            assert a == b  # every other line byte for byte, 000-0005 included
    new = json.loads(after[i2])
    assert new["entities"] == want_ents and new["relations"] == want_rels
    widened = next(e for e in new["entities"] if e["start_offset"] == start)
    assert text[widened["start_offset"]:widened["end_offset"]] == "规上工业增加值" and widened["label"] == "INDICATOR"
    assert new["meta"]["review_state"] == "reviewed" and new["meta"]["annotator"] == "doccano:annotator-admin"
    assert new["id"] == 2 and new["doc"] == "000" and new["text"] == text
    assert (workdir["backups"]).exists() and any(workdir["backups"].rglob("000.jsonl"))

    # Pulling again changes nothing.
    again = do_pull(client, "t-pull", workdir)
    assert again.merge.unchanged == ["000-0002"] and not again.written
    assert gold.read_text(encoding="utf-8").splitlines() == after


def test_reviewed_locally_and_changed_in_doccano_is_a_conflict(client, suggest_model, sentences, workdir):
    result = do_push(client, "t-conflict", ["000-0002"], suggest_model)
    pid = result.project_id
    ex = examples_by_sid(client, pid)["000-0002"]
    _fix_indicator_and_link(client, pid, ex.id, sentences["000-0002"]["text"])
    client.update_example_state(pid, ex.id)
    gold = workdir["annotations"] / "000.jsonl"
    local_line = next(r for r in read_jsonl(gold) if r["meta"]["sentence_id"] == "000-0002")
    assert local_line["meta"]["review_state"] == "reviewed"  # hand-annotated gold
    before = gold.read_bytes()

    out = do_pull(client, "t-conflict", workdir)
    assert [c["sentence_id"] for c in out.merge.conflicts] == ["000-0002"]
    assert gold.read_bytes() == before  # local line untouched
    report = read_jsonl(workdir["report"])
    assert report[0]["sentence_id"] == "000-0002" and report[0]["local"] == local_line
    assert "⟦规上工业增加值|I⟧" in report[0]["doccano_markup"]
    state = json.loads(workdir["state"].read_text(encoding="utf-8"))
    assert "000-0002" not in state["sentences"]  # still pending: the next pull reports it again
    assert [c["sentence_id"] for c in do_pull(client, "t-conflict", workdir).merge.conflicts] == ["000-0002"]


def test_local_edit_after_pull_is_kept_and_later_doccano_change_conflicts(client, suggest_model, sentences, workdir):
    result = do_push(client, "t-after", ["000-0005"], suggest_model)
    pid = result.project_id
    ex = examples_by_sid(client, pid)["000-0005"]
    client.update_example_state(pid, ex.id)
    gold = workdir["annotations"] / "000.jsonl"
    rows = read_jsonl(gold)
    rows = [r for r in rows if r["meta"]["sentence_id"] != "000-0005"]  # sentence not yet in the gold file
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    assert do_pull(client, "t-after", workdir).merge.added == ["000-0005"]

    # A person reviews the pulled line locally (drops the last span) ...
    rows = read_jsonl(gold)
    row = next(r for r in rows if r["meta"]["sentence_id"] == "000-0005")
    row["entities"] = row["entities"][:-1]
    dropped = {e["id"] for e in row["entities"]}
    row["relations"] = [r for r in row["relations"] if r["from_id"] in dropped and r["to_id"] in dropped]
    row["meta"]["annotator"] = "pass2"
    gold.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    edited = gold.read_bytes()
    # ... doccano unchanged: the local edit is kept.
    assert do_pull(client, "t-after", workdir).merge.kept_local == ["000-0005"]
    assert gold.read_bytes() == edited
    # ... then doccano changes too: conflict, local edit kept.
    span = client.list_spans(pid, ex.id)[0]
    client.delete_span(pid, ex.id, span.id)
    out = do_pull(client, "t-after", workdir)
    assert [c["sentence_id"] for c in out.merge.conflicts] == ["000-0005"]
    assert gold.read_bytes() == edited


def run_cli(args: List[str], env: dict, cwd: Path) -> subprocess.CompletedProcess:
    return subprocess.run([sys.executable, "-m", "govreport", *args], env=env, cwd=cwd, capture_output=True, text=True, timeout=120)


def pull_args(w: Dict[str, Path], project: str, sentences: Path = SENTENCES) -> List[str]:
    return ["doccano-pull", "--project", project, "--sentences", str(sentences), "--annotations", str(w["annotations"]),
            "--state", str(w["state"]), "--report", str(w["report"]), "--backup-dir", str(w["backups"])]


def snapshot(w: Dict[str, Path]) -> dict:
    """Every file the pull may write: gold files, state, report, backups."""
    folders = [w["annotations"], w["state"].parent, w["backups"]]
    return {p: p.read_bytes() for f in folders if f.exists() for p in sorted(f.rglob("*")) if p.is_file()}


def test_server_stopped_clear_error_nothing_written(cli_env, workdir, tmp_path):
    server = DoccanoServer(DoccanoSettings(username="u", password="p-short-lived-1", port=0), data_dir=tmp_path / "short-lived",
                           venv=DOCCANO_VENV)
    server.start()
    server.stop()
    env = dict(cli_env, DOCCANO_URL=server.url, DOCCANO_USERNAME="u", DOCCANO_PASSWORD="p-short-lived-1")
    before = snapshot(workdir)
    res = run_cli(pull_args(workdir, "t-pull"), env, tmp_path)
    assert res.returncode == 1
    lines = res.stderr.strip().splitlines()
    assert len(lines) == 1 and "not reachable" in lines[0] and server.url in lines[0], res.stderr
    assert "Traceback" not in res.stderr + res.stdout
    assert snapshot(workdir) == before
    assert not workdir["state"].exists() and not workdir["report"].exists()


def test_wrong_password_clear_error_password_not_printed(cli_env, settings, workdir, tmp_path):
    wrong = "Wr0ng-" + settings.password[::-1]
    env = dict(cli_env, DOCCANO_PASSWORD=wrong)
    res = run_cli(pull_args(workdir, "t-pull"), env, tmp_path)
    assert res.returncode == 1
    out = res.stdout + res.stderr
    assert len(res.stderr.strip().splitlines()) == 1 and "wrong user name or password" in res.stderr
    assert wrong not in out and settings.password not in out
    with pytest.raises(DoccanoError) as err:
        connect(dataclasses.replace(settings, password=wrong))
    assert wrong not in str(err.value) and wrong not in repr(dataclasses.replace(settings, password=wrong))


def test_missing_project_unknown_label_and_text_mismatch(client, cli_env, suggest_model, sentences, workdir, tmp_path):
    res = run_cli(pull_args(workdir, "no-such-project"), cli_env, tmp_path)
    assert res.returncode == 1 and "project 'no-such-project' not found" in res.stderr

    # Text mismatch: the sentence file changed after the push.
    result = do_push(client, "t-mismatch", ["000-0003"], suggest_model)
    ex = examples_by_sid(client, result.project_id)["000-0003"]
    client.update_example_state(result.project_id, ex.id)
    changed = tmp_path / "sentences.jsonl"
    rows = read_jsonl(SENTENCES)
    for r in rows:
        if r["id"] == "000-0003":
            r["text"] = r["text"].replace("逆势", "顺势")
    changed.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    before = snapshot(workdir)
    res = run_cli(pull_args(workdir, "t-mismatch", changed), cli_env, tmp_path)
    assert res.returncode == 1 and "text no longer matches sentence 000-0003" in res.stderr, res.stderr
    assert snapshot(workdir) == before and not workdir["state"].exists()

    # A label the spec does not have (doccano would also create one silently on import).
    client.create_label_type(result.project_id, "span", "ORG", color="#000000")
    res = run_cli(pull_args(workdir, "t-mismatch"), cli_env, tmp_path)
    assert res.returncode == 1 and "labels the spec does not have: ORG" in res.stderr, res.stderr
    assert snapshot(workdir) == before


def test_cli_push_counts_and_idempotence(cli_env, tmp_path):
    ids = tmp_path / "ids.txt"
    ids.write_text("000-0010\n000-0011\n000-0012\n", encoding="utf-8")
    args = ["doccano-push", "--project", "t-cli", "--ids-file", str(ids), "--suggest", "none", "--sentences", str(SENTENCES)]
    first = run_cli(args, cli_env, ROOT)
    assert first.returncode == 0, first.stderr
    assert "3 new, 0 skipped (already in doccano), 0 failed" in first.stdout
    second = run_cli(args, cli_env, ROOT)
    assert "0 new, 3 skipped (already in doccano), 0 failed" in second.stdout


def test_cli_finds_the_server_by_port_alone(cli_env, settings, workdir, tmp_path):
    """Without DOCCANO_URL, --port (vars.doccano_port) is the address push and pull use, as the server's."""
    env = {k: v for k, v in cli_env.items() if k != "DOCCANO_URL"}
    res = run_cli([*pull_args(workdir, "no-such-project"), "--port", str(settings.port)], env, tmp_path)
    assert res.returncode == 1 and "project 'no-such-project' not found" in res.stderr, res.stderr
