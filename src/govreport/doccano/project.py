"""The doccano project: sequence labelling with relations, the spec's four labels and two relation types.

Labels have fixed colours and shortcut keys (the letters of the markup format:
i, v, p, l) so every annotator sees the same screen. The project is
collaborative: pre-annotations are uploaded by the admin, and in a
non-collaborative doccano project other users would not see them.
doccano creates unknown labels silently on import, so we check the label set
after every push and before every pull.
"""

from __future__ import annotations

from typing import Dict, List, Optional, Tuple

from doccano_client import DoccanoClient
from doccano_client.exceptions import DoccanoAPIError
from doccano_client.models.project import Project, ProjectType

from ..annotation.schema import LABELS, RELATION_TYPES
from .client import DoccanoError, api_error

# label -> (background colour, shortcut key)
SPAN_STYLE: Dict[str, Tuple[str, str]] = {
    "INDICATOR": ("#1F77B4", "i"),
    "VALUE": ("#2CA02C", "v"),
    "PERCENT": ("#FF7F0E", "p"),
    "PLACE": ("#9467BD", "l"),
}
RELATION_STYLE: Dict[str, str] = {"value_of": "#2CA02C", "change_of": "#FF7F0E"}
DEFAULT_PROJECT = "govreport-indicators"
GUIDELINE = (
    "Label INDICATOR, VALUE, PERCENT and PLACE and link VALUE→INDICATOR (value_of), PERCENT→INDICATOR "
    "(change_of) as in shared/annotation-spec.md. Correct the suggestions, then press the check mark to confirm: "
    "only confirmed examples are pulled into the gold corpus."
)
assert set(SPAN_STYLE) == set(LABELS) and set(RELATION_STYLE) == set(RELATION_TYPES)


def find_project(client: DoccanoClient, name: str) -> Optional[Project]:
    """The project called ``name``, or None."""
    try:
        for project in client.list_projects():
            if project.name == name:
                return project
    except DoccanoAPIError as err:
        raise api_error(err, "list projects") from None
    return None


def require_project(client: DoccanoClient, name: str) -> Project:
    """For pull: a missing project is a user error, not something to create."""
    project = find_project(client, name)
    if project is None:
        raise DoccanoError(f"doccano project {name!r} not found: push first (`doccano-push`) or check --project")
    return project


def check_labels(client: DoccanoClient, project_id: int) -> None:
    """doccano's span and relation types must be a subset of the spec's, or pulling would import foreign labels."""
    spans = {t.text for t in client.list_label_types(project_id, "span")}
    rels = {t.text for t in client.list_label_types(project_id, "relation")}
    extra = sorted(spans - set(LABELS)) + sorted(rels - set(RELATION_TYPES))
    if extra:
        raise DoccanoError(
            f"doccano project {project_id} has labels the spec does not have: {', '.join(extra)} "
            f"(spec: {', '.join(LABELS)}; {', '.join(RELATION_TYPES)}); rename or delete them in doccano"
        )


def ensure_labels(client: DoccanoClient, project_id: int) -> List[str]:
    """Create the spec's label and relation types that are missing; returns what was created."""
    created: List[str] = []
    have = {t.text for t in client.list_label_types(project_id, "span")}
    for label, (color, key) in SPAN_STYLE.items():
        if label not in have:
            client.create_label_type(project_id, "span", label, suffix_key=key, color=color)  # type: ignore[arg-type]
            created.append(label)
    have = {t.text for t in client.list_label_types(project_id, "relation")}
    for rel, color in RELATION_STYLE.items():
        if rel not in have:
            client.create_label_type(project_id, "relation", rel, color=color)
            created.append(rel)
    check_labels(client, project_id)
    return created


def ensure_project(client: DoccanoClient, name: str = DEFAULT_PROJECT) -> Tuple[Project, bool]:
    """Reuse the project called ``name`` or create it; returns (project, created)."""
    project = find_project(client, name)
    created = project is None
    try:
        if project is None:
            project = client.create_project(
                name=name,
                project_type=ProjectType.SEQUENCE_LABELING,
                description="Indicators, values, percents and places in government work reports (govreport).",
                guideline=GUIDELINE,
                collaborative_annotation=True,
                allow_overlapping=False,
                grapheme_mode=False,
                use_relation=True,
            )
        elif project.project_type != ProjectType.SEQUENCE_LABELING or not project.use_relation:
            raise DoccanoError(
                f"doccano project {name!r} exists but is not sequence labelling with relations; choose another --project"
            )
        assert project.id is not None
        ensure_labels(client, project.id)
    except DoccanoAPIError as err:
        raise api_error(err, f"set up project {name!r}") from None
    return project, created
