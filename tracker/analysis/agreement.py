"""Agreement between the engine's tags and reviewers': accuracy and Cohen's kappa."""


def kappa_and_accuracy(pairs: dict[tuple, int]) -> tuple[float | None, float | None]:
    """Cohen's kappa and accuracy from counts of (engine, reviewer) pairs.

    Kappa is None when it is undefined (no items, or both sides always gave the same single
    value, so chance agreement is total); accuracy is None with no items.
    """
    total = sum(pairs.values())
    if total == 0:
        return None, None
    observed = sum(count for (engine, reviewed), count in pairs.items() if engine == reviewed) / total
    values = {value for pair in pairs for value in pair}
    expected = sum(
        (sum(c for (e, _), c in pairs.items() if e == value) / total) * (sum(c for (_, r), c in pairs.items() if r == value) / total)
        for value in values
    )
    kappa = None if expected == 1 else (observed - expected) / (1 - expected)
    return kappa, observed


def approach_summary(rows: list[dict]) -> dict:
    pairs = {(row["engine"], row["reviewed"]): row["recommendations"] for row in rows}
    kappa, accuracy = kappa_and_accuracy(pairs)
    return {"pairs": pairs, "kappa": kappa, "accuracy": accuracy, "n": sum(pairs.values())}


def label_summaries(rows: list[dict]) -> dict[str, list[dict]]:
    """Per kind (audiences, themes): one row per label with its 2x2 counts, accuracy and kappa,
    and a first row 'all' pooling every label decision."""
    summaries: dict[str, list[dict]] = {}
    for kind in dict.fromkeys(row["kind"] for row in rows):
        labels = list(dict.fromkeys(row["label"] for row in rows if row["kind"] == kind))
        pooled: dict[tuple, int] = {}
        table = []
        for label in labels:
            pairs = {(row["engine"], row["reviewed"]): row["recommendations"] for row in rows if row["kind"] == kind and row["label"] == label}
            for pair, count in pairs.items():
                pooled[pair] = pooled.get(pair, 0) + count
            kappa, accuracy = kappa_and_accuracy(pairs)
            table.append({"label": label, "both": pairs.get((True, True), 0), "engine_only": pairs.get((True, False), 0),
                          "reviewer_only": pairs.get((False, True), 0), "neither": pairs.get((False, False), 0),
                          "accuracy": accuracy, "kappa": kappa})
        kappa, accuracy = kappa_and_accuracy(pooled)
        summaries[kind] = [{"label": "all", "both": pooled.get((True, True), 0), "engine_only": pooled.get((True, False), 0),
                            "reviewer_only": pooled.get((False, True), 0), "neither": pooled.get((False, False), 0),
                            "accuracy": accuracy, "kappa": kappa}] + table
    return summaries
