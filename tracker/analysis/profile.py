"""An audience's profile: what the documents in a view ask of one audience, its approach
shares, the themes ranked by how many documents raise them, and under each theme the
recommendations grouped where several documents ask the same thing."""

from collections.abc import Callable
from dataclasses import dataclass

import numpy as np

from tracker.analysis import convergence
from tracker.analysis.overview import headline

# fetch(query name, parameters) -> rows
Fetch = Callable[[str, dict], list[dict]]


@dataclass(frozen=True)
class Group:
    """Recommendations that ask the same thing; ``documents`` is how many documents ask it."""

    members: tuple[dict, ...]
    documents: int
    shared_words: tuple[str, ...]

    @property
    def summary(self) -> str | None:
        """A reviewer's English summary of one of the members, if any has one."""
        return next((row["summary_en"] for row in self.members if row["summary_en"]), None)


@dataclass(frozen=True)
class Theme:
    theme: str | None  # None: recommendations without a theme
    documents: int
    recommendations: int
    groups: tuple[Group, ...]

    @property
    def convergent(self) -> tuple[Group, ...]:
        return tuple(group for group in self.groups if group.documents > 1)


@dataclass(frozen=True)
class Profile:
    audience: str
    figures: dict  # documents, recommendations, the four approaches, their shares, reviewed
    themes: tuple[Theme, ...]
    grouped: int  # recommendations grouped (at most the settings' max_grouped)
    threshold: float

    @property
    def left_ungrouped(self) -> int:
        return self.figures["recommendations"] - self.grouped

    def strongest(self, count: int) -> list[tuple[Theme, Group]]:
        """The convergent groups asked by most documents, with their themes; a group whose
        recommendations a stronger group (under another theme) already holds is left out."""
        candidates = [(theme, group) for theme in self.themes for group in theme.convergent]
        candidates.sort(key=lambda pair: (-pair[1].documents, -len(pair[1].members)))
        seen: set[str] = set()
        found = []
        for theme, group in candidates:
            ids = {row["id"] for row in group.members}
            if not ids <= seen:
                seen |= ids
                found.append((theme, group))
        return found[:count]


def _groups(rows: list[dict], indices: list[int], matrix: np.ndarray, threshold: float, frequency) -> tuple[Group, ...]:
    groups = []
    for members in convergence.clusters(matrix[np.ix_(indices, indices)], threshold):
        chosen = [rows[indices[index]] for index in members]
        documents = len({row["document_id"] for row in chosen})
        shared = convergence.shared_words([row["text"] for row in chosen], frequency) if documents > 1 else []
        groups.append(Group(tuple(chosen), documents, tuple(shared)))
    return tuple(sorted(groups, key=lambda group: (-group.documents, -len(group.members))))


def build(audience: str, params: dict, fetch: Fetch) -> Profile:
    """The profile of ``audience`` within the view given by ``params`` (the filters' SQL
    parameters; their audience is replaced by this one)."""
    settings = convergence.settings()
    view = {**params, "audience": [audience]}
    figures = headline(fetch("overview_headline", view)[0])
    theme_rows = fetch("audience_themes", view)
    rows = fetch("audience_recommendations", {**view, "limit": settings.max_grouped})
    texts = [row["text"] for row in rows]
    matrix = convergence.similarity(texts)
    frequency = convergence.document_frequency(texts)
    themes = []
    for theme_row in theme_rows:
        indices = [index for index, row in enumerate(rows) if theme_row["theme"] in row["themes"]]
        themes.append(Theme(theme_row["theme"], theme_row["documents"], theme_row["recommendations"],
                            _groups(rows, indices, matrix, settings.threshold, frequency)))
    without = [index for index, row in enumerate(rows) if not row["themes"]]
    if without:
        themes.append(Theme(None, len({rows[index]["document_id"] for index in without}), len(without),
                            _groups(rows, without, matrix, settings.threshold, frequency)))
    return Profile(audience, figures, tuple(themes), len(rows), settings.threshold)
