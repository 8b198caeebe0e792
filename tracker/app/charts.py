"""Plotly figures, as dictionaries, from aggregated rows (aggregation happens in DuckDB).

Every approach and audience keeps its codebook colour on every chart; names and hover
text follow the interface language.
"""

import math

from tracker.analysis.labels import Labels
from tracker.app.i18n import text
from tracker.app.render import chart_text

FONT = dict(family="Source Sans Pro, Arial, sans-serif", size=14)


def _layout(title: str, height: int = 420, **axes) -> dict:
    return {
        "title": {"text": title, "font": {"size": 17}},
        "font": FONT,
        "height": height,
        "margin": {"l": 10, "r": 10, "t": 60, "b": 10},
        "legend": {"orientation": "h", "yanchor": "bottom", "y": 1.0, "xanchor": "left", "x": 0, "title": {"text": ""}, "traceorder": "normal"},
        "hoverlabel": {"font": {"size": 14}},
        "plot_bgcolor": "white",
        **axes,
    }


# Figures are plain Plotly dictionaries: building them through plotly.graph_objects
# validates every property and costs more than all of the page's queries together.
def audience_approach_bars(rows: list[dict], labels: Labels, language: str) -> dict:
    """Stacked bars: one bar per audience, one colour per approach. Points carry [audience, approach] ids."""
    audiences = list(dict.fromkeys(row["audience"] for row in rows))
    data = []
    for approach in labels.ids("approaches"):
        counts = {row["audience"]: row["recommendations"] for row in rows if row["approach"] == approach}
        data.append({
            "type": "bar",
            "name": labels.name(approach, language),
            "x": [labels.name(audience, language) for audience in audiences],
            "y": [counts.get(audience, 0) for audience in audiences],
            "marker": {"color": labels.colour(approach)},
            "customdata": [[audience, approach] for audience in audiences],
            "hovertemplate": "%{x}<br>" + labels.name(approach, language) + ": %{y}<extra></extra>",
        })
    tallest = max((sum(row["recommendations"] for row in rows if row["audience"] == audience) for audience in audiences), default=0)
    layout = _layout(
        text("chart_audience_approach", language),
        barmode="stack",
        # Counts are whole numbers: never a 0.2 tick.
        yaxis={"title": {"text": text("axis_recommendations", language)}, "gridcolor": "#e5e5e5", "rangemode": "tozero",
               "dtick": max(1, math.ceil(tallest / 8))},
    )
    return {"data": data, "layout": layout}


def audience_approach_heatmap(rows: list[dict], labels: Labels, language: str) -> dict:
    """The same counts as a grid: audiences down, approaches across."""
    audiences = list(dict.fromkeys(row["audience"] for row in rows))
    approaches = labels.ids("approaches")
    counts = {(row["audience"], row["approach"]): row["recommendations"] for row in rows}
    data = [{
        "type": "heatmap",
        "z": [[counts.get((audience, approach), 0) for approach in approaches] for audience in audiences],
        "x": [labels.name(approach, language) for approach in approaches],
        "y": [labels.name(audience, language) for audience in audiences],
        "customdata": [[[audience, approach] for approach in approaches] for audience in audiences],
        "colorscale": "Blues",
        "texttemplate": "%{z}",
        "hovertemplate": "%{y} × %{x}: %{z}<extra></extra>",
        "showscale": False,
        "xgap": 2,
        "ygap": 2,
    }]
    layout = _layout(text("chart_heatmap", language), height=110 + 48 * max(len(audiences), 1),
                     yaxis={"autorange": "reversed"}, xaxis={"side": "top", "tickangle": 0})
    return {"data": data, "layout": layout}


def approach_mix(rows: list[dict], category_key: str, category_names: dict, labels: Labels, language: str, title: str) -> dict:
    """Horizontal 100% bars: the approach mix within each category (document, platform, year)."""
    categories = list(dict.fromkeys(row[category_key] for row in rows))
    totals = {category: sum(row["recommendations"] for row in rows if row[category_key] == category) for category in categories}
    # Document titles and platform names come from the data: shown as text, never as Plotly's HTML.
    names = [chart_text(category_names.get(category, category)) for category in categories]
    data = []
    for approach in labels.ids("approaches"):
        counts = {row[category_key]: row["recommendations"] for row in rows if row["approach"] == approach}
        data.append({
            "type": "bar",
            "name": labels.name(approach, language),
            "y": names,
            "x": [counts.get(category, 0) / totals[category] if totals[category] else 0 for category in categories],
            # [count, category, approach]: the count for the hover, the rest for a click to filter.
            "customdata": [[counts.get(category, 0), category, approach] for category in categories],
            "orientation": "h",
            "marker": {"color": labels.colour(approach)},
            "hovertemplate": "%{y}<br>" + labels.name(approach, language) + ": %{customdata[0]} (%{x:.0%})<extra></extra>",
        })
    layout = _layout(
        title, height=120 + 36 * max(len(categories), 1), barmode="stack",
        xaxis={"title": {"text": text("axis_share", language)}, "tickformat": ".0%", "range": [0, 1], "gridcolor": "#e5e5e5"},
        yaxis={"autorange": "reversed"},
    )
    return {"data": data, "layout": layout}
