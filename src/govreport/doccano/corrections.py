"""An annotator's corrections, made as doccano edits through its API, then confirmed.

The corrected sentence (entities and relations, as in a markup line) is the
target; the example in doccano holds the pushed suggestions. Spans that match
a target span exactly (offsets and label) are kept; every other suggested span
is deleted; every target span without a match is created; relations likewise,
by their two spans and type. Then the example is confirmed, so `doccano-pull`
takes it. The tally of what was kept, deleted and added, per label, is the
correction rate: a direct measure of what the model still gets wrong.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Dict, Iterable, List, Mapping, Tuple

from doccano_client import DoccanoClient
from doccano_client.exceptions import DoccanoAPIError

from ..annotation.schema import LABELS
from .client import DoccanoError, api_error
from .project import require_project
from .push import existing_examples

SpanKey = Tuple[int, int, str]


@dataclass
class CorrectionTally:
    """Per label: suggested spans kept or deleted (changed counts as deleted + added), gold spans added."""

    kept: Dict[str, int] = field(default_factory=lambda: {label: 0 for label in LABELS})
    deleted: Dict[str, int] = field(default_factory=lambda: {label: 0 for label in LABELS})
    added: Dict[str, int] = field(default_factory=lambda: {label: 0 for label in LABELS})
    relations: Dict[str, int] = field(default_factory=lambda: {"kept": 0, "deleted": 0, "added": 0})
    examples: int = 0

    def rates(self) -> Dict[str, Dict[str, float]]:
        """Share of suggestions changed or deleted, and share of gold spans that had no suggestion, per label and overall."""
        out = {}
        for label in [*LABELS, "all"]:
            kept = sum(self.kept.values()) if label == "all" else self.kept[label]
            deleted = sum(self.deleted.values()) if label == "all" else self.deleted[label]
            added = sum(self.added.values()) if label == "all" else self.added[label]
            out[label] = {
                "suggested": kept + deleted, "gold": kept + added,
                "changed_or_deleted": round(deleted / (kept + deleted), 4) if kept + deleted else 0.0,
                "gold_without_suggestion": round(added / (kept + added), 4) if kept + added else 0.0,
            }
        r = self.relations
        out["relations"] = {
            "suggested": r["kept"] + r["deleted"], "gold": r["kept"] + r["added"],
            "changed_or_deleted": round(r["deleted"] / (r["kept"] + r["deleted"]), 4) if r["kept"] + r["deleted"] else 0.0,
            "gold_without_suggestion": round(r["added"] / (r["kept"] + r["added"]), 4) if r["kept"] + r["added"] else 0.0,
        }
        return out


def correct_example(client: DoccanoClient, project_id: int, example_id: int, entities: List[dict], relations: List[dict],
                    span_labels: Mapping[int, str], relation_labels: Mapping[int, str], tally: CorrectionTally) -> None:
    """Make the example's spans and relations equal to ``entities``/``relations`` (gold-row form) with the fewest edits."""
    target = {(e["start_offset"], e["end_offset"], e["label"]): e["id"] for e in entities}
    current: Dict[SpanKey, int] = {}
    doomed = []
    for span in client.list_spans(project_id, example_id):
        key = (span.start_offset, span.end_offset, span_labels.get(span.label, str(span.label)))
        if key in target and key not in current:
            current[key] = span.id
            tally.kept[key[2]] += 1
        else:
            doomed.append(span.id)
            if key[2] in tally.deleted:
                tally.deleted[key[2]] += 1
    # Relations are judged before any span goes: deleting a span takes its relations with it,
    # and those count as deleted suggestions too.
    suggested_relations = client.list_relations(project_id, example_id)
    for span_id in doomed:
        client.delete_span(project_id, example_id, span_id)
    for key in target:
        if key not in current:
            current[key] = client.create_span(project_id, example_id, key[0], key[1], label=key[2]).id
            tally.added[key[2]] += 1
    by_gold_id = {gold_id: current[key] for key, gold_id in target.items()}
    wanted = {(by_gold_id[r["from_id"]], by_gold_id[r["to_id"]], r["type"]) for r in relations}
    have = set()
    for rel in suggested_relations:
        key = (rel.from_id, rel.to_id, relation_labels.get(rel.type, str(rel.type)))
        if key in wanted and key not in have:
            have.add(key)
            tally.relations["kept"] += 1
            continue
        tally.relations["deleted"] += 1
        if rel.from_id not in doomed and rel.to_id not in doomed:
            client.delete_relation(project_id, example_id, rel.id)
    for from_id, to_id, kind in sorted(wanted - have):
        client.create_relation(project_id, example_id, from_id, to_id, label=kind)
        tally.relations["added"] += 1


def apply_corrections(client: DoccanoClient, project_name: str, corrected: Iterable[dict], confirm: bool = True) -> CorrectionTally:
    """Edit and confirm the example of every corrected gold-form row (``meta.sentence_id``, entities, relations)."""
    project = require_project(client, project_name)
    assert project.id is not None
    tally = CorrectionTally()
    try:
        span_labels = {lt.id: lt.text for lt in client.list_label_types(project.id, "span")}
        relation_labels = {lt.id: lt.text for lt in client.list_label_types(project.id, "relation")}
        examples = existing_examples(client, project.id)
        for row in corrected:
            sid = row["meta"]["sentence_id"]
            example = examples.get(sid)
            if example is None:
                raise DoccanoError(f"{sid}: not in doccano project {project_name!r}; push it first (`spacy project run doccano-push`)")
            if example.text != row["text"]:
                raise DoccanoError(f"{sid}: the text in doccano differs from the corrected sentence; re-clean and push again")
            correct_example(client, project.id, example.id, row["entities"], row.get("relations") or [], span_labels,
                            relation_labels, tally)
            if confirm and not getattr(example, "is_confirmed", False):
                client.update_example_state(project.id, example.id)
            tally.examples += 1
    except DoccanoAPIError as err:
        raise api_error(err, "edit examples") from None
    return tally
