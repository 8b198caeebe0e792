"""Headline figures of a view of the corpus."""


def headline(row: dict) -> dict:
    """The headline counts with the punitive and harm-reduction shares of all recommendations."""
    total = row["recommendations"]
    return {
        **row,
        "punitive_share": row["punitive"] / total if total else 0.0,
        "harm_reduction_share": row["harm_reduction"] / total if total else 0.0,
    }
