"""The consistency check (issue 11): a string annotated in one gold sentence and left bare in another is a warning."""

import json
import os
import subprocess
import sys

from govreport.annotation.markup import parse_markup, parse_relations
from govreport.annotation.schema import sentence_number
from govreport.annotation.validate import consistency_warnings, validate_folder


def _gold(folder, doc, lines):
    """Write <doc>.jsonl from (sentence id, markup, relations) lines; return {sentence id: text}."""
    folder.mkdir(exist_ok=True)
    rows, texts = [], {}
    for sid, marked, rels in lines:
        text, entities = parse_markup(marked)
        rows.append({"id": sentence_number(sid), "text": text, "doc": doc, "entities": entities,
                     "relations": parse_relations(rels, entities),
                     "meta": {"sentence_id": sid, "review_state": "reviewed"}})
        texts[sid] = text
    path = folder / f"{doc}.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    return path, texts


def _sentences(path, texts):
    path.write_text("".join(json.dumps({"id": sid, "doc": sid.split("-")[0], "text": t}, ensure_ascii=False) + "\n"
                            for sid, t in texts.items()), encoding="utf-8")
    return path


def test_one_annotated_and_one_bare_occurrence_is_one_warning(tmp_path):
    path, _ = _gold(tmp_path / "gold", "003", [
        ("003-0092", "⟦群众满意度|I⟧排名全市前列。", ""),
        ("003-0093", "公安队伍群众满意度测评排名全省第二。", ""),
    ])
    warnings = consistency_warnings([path])
    assert [str(w) for w in warnings] == [
        f"{path}:2: '群众满意度' is INDICATOR in 1 sentence (e.g. 003-0092) but not annotated here (003-0093)"]
    assert warnings[0].surface == "群众满意度"


def test_names_longer_spans_and_cut_numbers_are_not_warnings(tmp_path):
    path, _ = _gold(tmp_path / "gold", "001", [
        ("001-0001", "培育发展⟦营口|L⟧文旅产业,推进⟦10个|V⟧⟦项目|I⟧,改造⟦道路|I⟧⟦4条|V⟧。", "2>3 5>4"),
        ("001-0002", "深入实施《营口市促进民营经济发展条例》。", ""),          # inside a book title
        ("001-0003", "建设⟦辽宁沿海经济带营口段|L⟧。", ""),                     # inside a longer span (营口 is not)
        ("001-0004", "推进⟦项目建设|I⟧,完成⟦110个|V⟧。", "2>1"),                # 项目 inside a span; 10个 inside 110个
        ("001-0005", "《关于《营口》的说明》发布。", ""),                        # nested title
        ("001-0006", "落实“国家24条”促进政策。", ""),                            # 4条 inside the number 24条
    ])
    assert consistency_warnings([path]) == []


def test_a_string_with_two_labels_is_a_warning(tmp_path):
    path, _ = _gold(tmp_path / "gold", "110", [
        ("110-0001", "⟦徐水|L⟧发展。", ""),
        ("110-0002", "⟦徐水|L⟧建设。", ""),
        ("110-0003", "⟦徐水|I⟧⟦5个|V⟧。", "2>1"),
    ])
    messages = [str(w) for w in consistency_warnings([path])]
    assert len(messages) == 1
    assert messages[0].startswith(f"{path}:3: '徐水' takes different labels: PLACE in 2 sentences and INDICATOR in 1")


def test_warnings_are_grouped_by_string(tmp_path):
    path, _ = _gold(tmp_path / "gold", "000", [
        ("000-0001", "⟦企业|I⟧⟦3家|V⟧,⟦辽河|L⟧治理。", "2>1"),
        ("000-0002", "企业发展,辽河岸边。", ""),
        ("000-0003", "服务企业,保护辽河。", ""),
    ])
    surfaces = [w.surface for w in consistency_warnings([path])]
    assert surfaces == ["企业", "企业", "辽河", "辽河"]


def test_validate_prints_warnings_after_errors_and_keeps_the_exit_code(tmp_path):
    gold = tmp_path / "gold"
    path, texts = _gold(gold, "003", [
        ("003-0092", "⟦群众满意度|I⟧排名全市前列。", ""),
        ("003-0093", "公安队伍群众满意度测评排名全省第二。", ""),
    ])
    sentences = _sentences(tmp_path / "sentences.jsonl", texts)
    check = validate_folder(gold, sentences, consistency=True)
    assert check.problems == [] and len(check.warnings) == 1
    assert validate_folder(gold, sentences).warnings == []  # off unless asked for

    env = {**os.environ, "COLUMNS": "200", "TERM": "dumb", "NO_COLOR": "1"}
    cmd = [sys.executable, "-m", "govreport", "validate", str(gold), "--sentences", str(sentences)]
    clean = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    assert clean.returncode == 0, clean.stderr
    assert "not annotated here (003-0093)" in clean.stderr and "1 consistency warnings" in clean.stderr
    quiet = subprocess.run(cmd + ["--no-consistency"], capture_output=True, text=True, env=env, timeout=120)
    assert quiet.returncode == 0 and "consistency" not in quiet.stderr

    # An invalid line: the error comes first, the warning after it, and the exit code stays 1.
    rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
    rows[0]["entities"][0]["label"] = "ORG"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in rows), encoding="utf-8")
    broken = subprocess.run(cmd, capture_output=True, text=True, env=env, timeout=120)
    assert broken.returncode == 1
    assert broken.stderr.index("label 'ORG'") < broken.stderr.index("not annotated here")
