"""A brief on one audience: what the documents in a view ask of it, for a programme officer
to send to a ministry, a platform or a donor.

The content (title, figures, the audience x approach chart, where documents agree, themes,
method note, references) is built here from the audience profile; brief_files writes it as
DOCX or PDF. The chart is drawn with matplotlib, which needs no browser (Plotly's static
export, Kaleido, drives a Chrome).
"""

import io
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import date

from tracker.analysis.citation import Citation, cite
from tracker.analysis.export import data_version, filter_rows
from tracker.analysis.labels import Labels
from tracker.analysis.profile import Group, Profile
from tracker.store.filters import Filters

Words = Callable[..., str]
MAX_GROUPS = 4
MAX_THEME_EXAMPLES = 5
MAX_QUOTES_PER_GROUP = 3
QUOTE_CHARS = 1200


@dataclass(frozen=True)
class Quote:
    text: str
    summary: str | None
    in_text: str
    approach: str  # the approach's name
    reviewed: bool


@dataclass(frozen=True)
class Block:
    """A heading over quotes (a group of documents asking the same, or a theme's examples)."""

    heading: str
    quotes: tuple[Quote, ...]
    also: tuple[str, ...] = ()  # in-text citations of further documents asking the same


@dataclass
class Brief:
    language: str
    title: str
    view: str  # the filters, in words
    dated: str  # data version and the day the brief was made
    key_points: list[str]
    chart_png: bytes
    chart_caption: str
    agreement_intro: str
    agreement: list[Block]
    themes_intro: str
    theme_table: list[tuple[str, int, int]]  # theme name, documents, recommendations
    theme_examples: list[Block]
    method: list[str]
    references: list[Citation] = field(default_factory=list)
    words: dict[str, str] = field(default_factory=dict)  # headings and labels for the files


def trimmed(text: str, limit: int = QUOTE_CHARS) -> str:
    """A quote cut at a word boundary near ``limit`` characters, marked [...] where cut."""
    text = " ".join(text.split())
    if len(text) <= limit:
        return text
    return text[:limit].rsplit(" ", 1)[0].rstrip(",;:") + " […]"


def chart_png(rows: list[dict], labels: Labels, language: str, highlighted: str, words: Words) -> bytes:
    """The audience x approach chart as a PNG: a bar per audience, stacked by approach,
    machine-only parts hatched; the brief's audience in bold."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib import pyplot
    from matplotlib.patches import Patch

    # "Audience not identified" ("none") is shown only when some recommendation has no audience.
    audiences = [audience for audience in dict.fromkeys(row["audience"] for row in rows)
                 if audience != "none" or any(row["recommendations"] for row in rows if row["audience"] == "none")]
    counts = {(row["audience"], row["approach"]): row for row in rows}
    figure, axes = pyplot.subplots(figsize=(7.2, 0.45 * len(audiences) + 1.3), dpi=200)
    left = [0] * len(audiences)
    positions = list(range(len(audiences)))
    for approach in labels.ids("approaches"):
        colour = labels.colour(approach)
        for reviewed in (True, False):
            values = []
            for audience in audiences:
                row = counts.get((audience, approach), {"recommendations": 0, "reviewed": 0})
                values.append(row["reviewed"] if reviewed else row["recommendations"] - row["reviewed"])
            axes.barh(positions, values, left=left, color=colour if reviewed else "white", edgecolor=colour,
                      hatch=None if reviewed else "////", linewidth=0.8, height=0.62)
            left = [start + value for start, value in zip(left, values)]
    axes.set_yticks(positions, [words("audience_none") if audience == "none" else labels.name(audience, language)
                                for audience in audiences], fontsize=8.5)
    for tick, audience in zip(axes.get_yticklabels(), audiences):
        if audience == highlighted:
            tick.set_fontweight("bold")
    axes.invert_yaxis()
    axes.xaxis.get_major_locator().set_params(integer=True)
    axes.set_xlabel(words("axis_recommendations"), fontsize=8.5)
    axes.tick_params(axis="x", labelsize=8)
    for side in ("top", "right"):
        axes.spines[side].set_visible(False)
    axes.grid(axis="x", color="#e5e5e5", linewidth=0.6)
    axes.set_axisbelow(True)
    legend = [Patch(facecolor=labels.colour(approach), edgecolor=labels.colour(approach), label=labels.name(approach, language))
              for approach in labels.ids("approaches")]
    legend.append(Patch(facecolor="white", edgecolor="#555555", hatch="////", label=words("legend_machine_only")))
    axes.legend(handles=legend, fontsize=7.5, frameon=False, loc="lower left", bbox_to_anchor=(-0.02, 1.0), ncol=3)
    figure.tight_layout()
    buffer = io.BytesIO()
    figure.savefig(buffer, format="png", bbox_inches="tight")
    pyplot.close(figure)
    return buffer.getvalue()


def _quote(row: dict, labels: Labels, language: str) -> Quote:
    return Quote(trimmed(row["text"]), row["summary_en"], cite(row, row.get("page"), language).in_text,
                 labels.name(row["approach"], language), row["tag_source"] == "review")


def _group_heading(group: Group, audience_name: str, words: Words) -> str:
    if group.summary:
        return words("group_heading_summary", count=group.documents, audience=audience_name, summary=group.summary)
    return words("group_heading_words", count=group.documents, audience=audience_name, words=", ".join(group.shared_words))


def _percent(part: int, whole: int) -> str:
    return f"{part / whole:.0%}" if whole else "0%"


def build(profile: Profile, chart_rows: list[dict], labels: Labels, filters: Filters, document_titles: dict[str, str],
          build_info: dict, accuracy: dict | None, words: Words, day: date) -> Brief:
    """The brief's content for the profile of an audience in a view."""
    language = filters.lang
    audience_name = labels.name(profile.audience, language)
    figures = profile.figures
    total = figures["recommendations"]
    others = Filters(**{**filters.__dict__, "audience": ()})
    described = [f"{name}: {values}" for name, values in filter_rows(others, labels, document_titles, words)
                 if values not in (words("filter_all"), "—")]
    view = words("brief_view", filters="; ".join(described)) if described else words("brief_view_all")

    strongest = profile.strongest(MAX_GROUPS)
    key_points = [
        words("brief_point_documents", documents=figures["documents"], audience=audience_name, recommendations=total),
        words("brief_point_approach", **{approach: _percent(figures[approach], total) for approach in labels.ids("approaches")},
              **{f"{approach}_count": figures[approach] for approach in labels.ids("approaches")}),
        words("brief_point_reviewed", reviewed=figures["reviewed"], total=total),
    ]
    if strongest:
        key_points.append(words("brief_point_agreement", groups=len(strongest), most=strongest[0][1].documents))
    else:
        key_points.append(words("brief_point_no_agreement"))
    if profile.themes and profile.themes[0].theme:
        top = profile.themes[0]
        key_points.append(words("brief_point_theme", theme=labels.name(top.theme, language), documents=top.documents))

    cited_rows: dict[str, dict] = {}
    agreement = []
    for _, group in strongest:
        # One quote per document, the first few in full; the others are cited.
        firsts = list({row["document_id"]: row for row in reversed(group.members)}.values())[::-1]
        quoted, further = firsts[:MAX_QUOTES_PER_GROUP], firsts[MAX_QUOTES_PER_GROUP:]
        agreement.append(Block(_group_heading(group, audience_name, words), tuple(_quote(row, labels, language) for row in quoted),
                               tuple(cite(row, row.get("page"), language).in_text for row in further)))
        cited_rows.update({row["document_id"]: row for row in firsts})

    shown = {row["id"] for _, group in strongest for row in group.members}
    theme_examples = []
    examples = 0
    for theme in profile.themes:
        if examples >= MAX_THEME_EXAMPLES:
            break
        rows = [row for group in theme.groups for row in group.members if row["id"] not in shown][:2]
        rows = rows[:MAX_THEME_EXAMPLES - examples]
        if not rows:
            continue
        name = labels.name(theme.theme, language) if theme.theme else words("no_theme")
        theme_examples.append(Block(words("brief_theme_examples", theme=name, documents=theme.documents),
                                    tuple(_quote(row, labels, language) for row in rows)))
        shown.update(row["id"] for row in rows)
        cited_rows.update({row["document_id"]: row for row in rows})
        examples += len(rows)

    if accuracy:
        held_out = accuracy["held_out"]
        measured = words("brief_accuracy", day=accuracy.get("measured_on", "?"), documents=held_out["documents"],
                         recommendations=held_out["recommendations"], recall=f"{held_out['recall']:.0%}",
                         precision=f"{held_out['precision']:.0%}", audience=f"{held_out['audience']:.0%}",
                         approach=f"{held_out['approach']:.0%}")
    else:
        measured = words("brief_accuracy_none")
    method = [words("brief_method_tags"), measured,
              words("brief_method_reviewed", reviewed=figures["reviewed"], total=total),
              words("brief_method_convergence", threshold=f"{profile.threshold:.2f}")]
    if profile.left_ungrouped:
        method.append(words("profile_cap", grouped=profile.grouped, total=total))

    references = sorted((cite(row, None, language) for row in cited_rows.values()), key=lambda citation: citation.reference.lower())
    return Brief(
        language=language,
        title=words("brief_title", audience=audience_name),
        view=view,
        dated=words("brief_dated", version=data_version(build_info), day=day.isoformat()),
        key_points=key_points,
        chart_png=chart_png(chart_rows, labels, language, profile.audience, words),
        chart_caption=words("brief_chart_caption", audience=audience_name),
        agreement_intro=words("brief_agreement_intro") if agreement else words("brief_point_no_agreement"),
        agreement=agreement,
        themes_intro=words("brief_themes_intro", audience=audience_name),
        theme_table=[(labels.name(theme.theme, language) if theme.theme else words("no_theme"), theme.documents, theme.recommendations)
                     for theme in profile.themes],
        theme_examples=theme_examples,
        method=method,
        references=references,
        words={key: words(key) for key in ("brief_key_points", "brief_agreement", "brief_themes", "brief_method", "brief_references",
                                             "brief_theme_column", "brief_documents_column", "brief_recommendations_column",
                                             "status_reviewed", "status_machine_only", "summary", "brief_footer", "brief_also")},
    )
