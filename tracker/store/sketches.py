"""Finding a stored document with the same text without reading every stored text.

``tracker.engine.duplicates`` says two texts are the same when they share 90 % of their
five-word shingles; checking a new document that way against every stored one reads and
shingles the whole corpus (minutes at 10,000 documents, and for every file of an ingest).
So each document keeps a sketch: the 128 smallest of its shingles' hashes (stable hashes,
so sketches made in different processes compare). Two sketches share about the same
share of their values as the two texts share shingles (for texts that are the same, over
80 % of the union), so a sketch sharing at least 60 % marks a candidate, and only the few
candidates' texts are compared in full, with the engine's rule.
"""

import hashlib
import re

# As tracker.engine.duplicates shingles a text (a test holds the two together); not imported
# from there because workers make sketches, and that module brings numpy, whose start-up
# alone would take much of a worker's memory budget.
SHINGLE_WORDS = 5
WORD_RE = re.compile(r"[^\W_]+")

SKETCH_SIZE = 128
CANDIDATE_SHARE = 0.75


def sketch(text: str) -> list[int]:
    """The smallest SKETCH_SIZE stable hashes of the text's distinct word shingles."""
    words = [word.lower() for word in WORD_RE.findall(text)]
    shingles = {" ".join(words[index:index + SHINGLE_WORDS]) for index in range(max(1, len(words) - SHINGLE_WORDS + 1))} if words else set()
    hashes = sorted({int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big") >> 1
                     for shingle in shingles})
    return hashes[:SKETCH_SIZE]


class SketchIndex:
    """Sketches of stored documents, searched at once for those that may hold the same text.

    The stored sketches' values are kept sorted, with the document each belongs to, so a
    search looks up its 128 values by bisection; sketches added afterwards (the documents
    of one ingest, checked against each other too) go into a dictionary by value.
    """

    def __init__(self, entries: list[tuple[str, list[int]]]) -> None:
        import numpy as np  # here, not at the top: workers import this module for sketch()

        self.ids = [document_id for document_id, _ in entries]
        self.sizes = [len(values) for _, values in entries]
        values = np.fromiter((value for _, sketch_values in entries for value in sketch_values), dtype=np.int64)
        rows = np.repeat(np.arange(len(entries), dtype=np.int64), self.sizes)
        order = np.argsort(values, kind="stable")
        self.values, self.rows = values[order], rows[order]
        self.added: dict[int, list[int]] = {}

    def candidates(self, values: list[int]) -> list[str]:
        """Ids of documents whose sketch shares at least CANDIDATE_SHARE of the larger one's values."""
        import numpy as np

        if not values:
            return []
        wanted = np.asarray(values, dtype=np.int64)
        starts = np.searchsorted(self.values, wanted, side="left")
        ends = np.searchsorted(self.values, wanted, side="right")
        found = ends > starts  # most values are in no stored sketch
        hits = [self.rows[start:end] for start, end in zip(starts[found].tolist(), ends[found].tolist())]
        hits.append(np.array([row for value in values for row in self.added.get(value, ())], dtype=np.int64))
        rows, shared = np.unique(np.concatenate(hits), return_counts=True)
        sizes = np.maximum(np.array(self.sizes, dtype=np.int64)[rows], len(values))
        return [self.ids[row] for row in rows[shared / sizes >= CANDIDATE_SHARE].tolist()]

    def add(self, document_id: str, values: list[int]) -> None:
        row = len(self.ids)
        self.ids.append(document_id)
        self.sizes.append(len(values))
        for value in values:
            self.added.setdefault(value, []).append(row)
