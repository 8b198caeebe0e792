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
PADDING = -1  # fills the sketch of a text with fewer shingles; no hash is negative


def sketch(text: str) -> list[int]:
    """The smallest SKETCH_SIZE stable hashes of the text's distinct word shingles."""
    words = [word.lower() for word in WORD_RE.findall(text)]
    shingles = {" ".join(words[index:index + SHINGLE_WORDS]) for index in range(max(1, len(words) - SHINGLE_WORDS + 1))} if words else set()
    hashes = sorted({int.from_bytes(hashlib.blake2b(shingle.encode("utf-8"), digest_size=8).digest(), "big") >> 1
                     for shingle in shingles})
    return hashes[:SKETCH_SIZE]


class SketchIndex:
    """Sketches of stored documents, searched at once for those that may hold the same text."""

    def __init__(self, entries: list[tuple[str, list[int]]]) -> None:
        import numpy as np  # here, not at the top: workers import this module for sketch()

        self.ids = [document_id for document_id, _ in entries]
        self.matrix = np.full((len(entries), SKETCH_SIZE), PADDING, dtype=np.int64)
        self.sizes = np.zeros(len(entries), dtype=np.int64)
        for row, (_, values) in enumerate(entries):
            self.matrix[row, :len(values)] = values
            self.sizes[row] = len(values)

    def candidates(self, values: list[int]) -> list[str]:
        """Ids of documents whose sketch shares at least CANDIDATE_SHARE of the larger one's values."""
        import numpy as np

        if not self.ids or not values:
            return []
        used = len(self.ids)
        shared = np.isin(self.matrix[:used], np.array(values, dtype=np.int64)).sum(axis=1)
        share = shared / np.maximum(np.maximum(self.sizes[:used], len(values)), 1)
        return [self.ids[row] for row in np.flatnonzero(share >= CANDIDATE_SHARE)]

    def add(self, document_id: str, values: list[int]) -> None:
        import numpy as np

        if len(self.ids) == len(self.matrix):  # room for as many again, so adding stays cheap
            grown = np.full((max(16, 2 * len(self.matrix)), SKETCH_SIZE), PADDING, dtype=np.int64)
            grown[:len(self.matrix)] = self.matrix
            self.matrix = grown
            self.sizes = np.concatenate([self.sizes, np.zeros(len(grown) - len(self.sizes), dtype=np.int64)])
        row = len(self.ids)
        self.matrix[row, :len(values)] = values
        self.sizes[row] = len(values)
        self.ids.append(document_id)
