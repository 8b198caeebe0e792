"""Plotly figures, as dictionaries, from aggregated rows (aggregation happens in DuckDB).

Every approach and audience keeps its codebook colour on every chart; names and hover
text follow the interface language. Titles are set by the page above each chart, so a
title never collides with a legend however long its words are in either language.
"""

import math
import textwrap

from tracker.analysis.labels import Labels
from tracker.app.i18n import text

FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=14)
MAX_CATEGORY_CHARS = 60
LEGEND_HEIGHT = 40


def _layout(height: int, **axes) -> dict:
    return {
        "font": FONT,
        "height": height,
        # The right margin leaves room for the last tick label ("100%").
        "margin": {"l": 10, "r": 30, "t": LEGEND_HEIGHT, "b": 10},
        # The legend sits in the top margin, in one row above the plot.
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0,
                   "title": {"text": ""}, "traceorder": "normal", "font": {"size": 13}},
        "hoverlabel": {"font": {"size": 14}},
        "plot_bgcolor": "white",
        # No Plotly template: Streamlit's theme styles the chart in the browser, and the
        # default template is most of a figure's size and of the time Streamlit takes to
        # validate and send it (about 35 ms of 40 per chart).
        "template": {},
        **axes,
    }


def _wrapped(name: str, width: int = 16) -> str:
    """A label name broken over lines at word boundaries, for a category axis."""
    return "<br>".join(textwrap.wrap(name, width)) or name


def shortened(name: str, limit: int = MAX_CATEGORY_CHARS) -> str:
    return name if len(name) <= limit else name[: limit - 1].rstrip() + "…"


# Figures are plain Plotly dictionaries: building them through plotly.graph_objects
# validates every property and costs more than all of the page's queries together.
def audience_approach_bars(rows: list[dict], labels: Labels, language: str) -> dict:
    """Stacked bars: one bar per audience (and one for recommendations with none
    identified), one colour per approach, each approach's part in
    two pieces: reviewed by a person (solid) and machine only (hatched). Points carry
    [count, reviewed, machine only, audience, approach]; the last two say what a click filters to."""
    audiences = list(dict.fromkeys(row["audience"] for row in rows))
    names = [_wrapped(labels.name(audience, language)) for audience in audiences]
    by_pair = {(row["audience"], row["approach"]): row for row in rows}
    data = []
    for approach in labels.ids("approaches"):
        name = labels.name(approach, language)
        counts = [by_pair.get((audience, approach), {"recommendations": 0, "reviewed": 0}) for audience in audiences]
        customdata = [[count["recommendations"], count["reviewed"], count["recommendations"] - count["reviewed"], audience, approach]
                      for count, audience in zip(counts, audiences)]
        hover = ("%{x}<br>" + name + ": %{customdata[0]}<br>" + text("hover_reviewed", language) + ": %{customdata[1]}<br>"
                 + text("hover_machine_only", language) + ": %{customdata[2]}<extra></extra>")
        for reviewed in (True, False):
            data.append({
                "type": "bar",
                "name": name,
                "legendgroup": approach,
                "showlegend": reviewed,
                "x": names,
                "y": [point[1] if reviewed else point[2] for point in customdata],
                "marker": {"color": labels.colour(approach), "line": {"color": labels.colour(approach), "width": 1}}
                if reviewed else {"color": "white", "line": {"color": labels.colour(approach), "width": 1},
                                  "pattern": {"shape": "/", "fgcolor": labels.colour(approach), "solidity": 0.45}},
                "customdata": customdata,
                "hovertemplate": hover,
            })
    # A legend entry for the hatching itself.
    data.append({"type": "bar", "name": text("legend_machine_only", language), "x": [names[0]] if names else [], "y": [0],
                 "marker": {"color": "white", "line": {"color": "#555555", "width": 1},
                            "pattern": {"shape": "/", "fgcolor": "#555555", "solidity": 0.45}},
                 "hoverinfo": "skip", "legendgroup": "machine_only"})
    tallest = max((sum(row["recommendations"] for row in rows if row["audience"] == audience) for audience in audiences), default=0)
    layout = _layout(
        440,
        barmode="stack",
        # A bar is about a seventh of the width whether one audience is shown or all seven.
        bargap=max(0.25, 1 - 0.11 * len(audiences)),
        xaxis={"type": "category", "tickangle": 0, "automargin": True},
        # Counts are whole numbers: never a 0.2 tick.
        yaxis={"title": {"text": text("axis_recommendations", language)}, "gridcolor": "#e5e5e5", "rangemode": "tozero",
               "dtick": max(1, math.ceil(tallest / 8))},
    )
    return {"data": data, "layout": layout}


def audience_approach_heatmap(rows: list[dict], labels: Labels, language: str) -> dict:
    """The same counts as a grid: audiences down, approaches across. Empty cells stay blank."""
    audiences = list(dict.fromkeys(row["audience"] for row in rows))
    approaches = labels.ids("approaches")
    counts = {(row["audience"], row["approach"]): row["recommendations"] for row in rows}
    data = [{
        "type": "heatmap",
        # None leaves a cell unpainted: a zero is not a pale shade of data.
        "z": [[counts.get((audience, approach)) or None for approach in approaches] for audience in audiences],
        "x": [labels.name(approach, language) for approach in approaches],
        "y": [labels.name(audience, language) for audience in audiences],
        "customdata": [[[audience, approach] for approach in approaches] for audience in audiences],
        "colorscale": [[0, "#dbe9f6"], [1, "#08306b"]],
        "zmin": 0,
        "texttemplate": "%{z}",
        "hovertemplate": "%{y} × %{x}: %{z}<extra></extra>",
        "hoverongaps": False,
        "showscale": False,
        "xgap": 2,
        "ygap": 2,
    }]
    layout = _layout(40 + 48 * max(len(audiences), 1), yaxis={"autorange": "reversed", "type": "category", "automargin": True},
                     xaxis={"side": "top", "tickangle": 0, "type": "category"})
    # Gridlines would show through the blank cells as if they were part of the data.
    layout["xaxis"]["showgrid"] = layout["yaxis"]["showgrid"] = False
    return {"data": data, "layout": layout}


def approach_mix(rows: list[dict], category_key: str, category_names: dict, labels: Labels, language: str) -> dict:
    """Horizontal 100% bars: the approach mix within each category (document, platform, year),
    with each segment's count written in it and shown on hover."""
    categories = list(dict.fromkeys(row[category_key] for row in rows))
    totals = {category: sum(row["recommendations"] for row in rows if row[category_key] == category) for category in categories}
    # A category axis: years stay labels, so "(year not stated)" keeps its row beside 2020.
    names = [shortened(category_names.get(category, str(category))) for category in categories]
    data = []
    for approach in labels.ids("approaches"):
        counts = {row[category_key]: row["recommendations"] for row in rows if row["approach"] == approach}
        data.append({
            "type": "bar",
            "name": labels.name(approach, language),
            "y": names,
            "x": [counts.get(category, 0) / totals[category] if totals[category] else 0 for category in categories],
            "text": [str(counts[category]) if counts.get(category) else "" for category in categories],
            "textposition": "inside",
            "insidetextanchor": "middle",
            "textangle": 0,
            # [count, category, approach]: the count for the hover, the rest for a click to filter.
            "customdata": [[counts.get(category, 0), category, approach] for category in categories],
            "orientation": "h",
            "marker": {"color": labels.colour(approach)},
            "hovertemplate": "%{y}<br>" + labels.name(approach, language) + ": %{customdata[0]} (%{x:.0%})<extra></extra>",
        })
    layout = _layout(
        LEGEND_HEIGHT + 70 + 34 * max(len(categories), 1), barmode="stack",
        uniformtext={"mode": "hide", "minsize": 11},
        xaxis={"title": {"text": text("axis_share", language)}, "tickformat": ".0%", "tickvals": [0, 0.2, 0.4, 0.6, 0.8, 1],
               "range": [0, 1], "gridcolor": "#e5e5e5", "automargin": True},
        yaxis={"autorange": "reversed", "type": "category", "automargin": True},
    )
    return {"data": data, "layout": layout}
