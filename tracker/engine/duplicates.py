"""Duplicates by content: two documents whose texts share nearly all their word shingles.

A shingle is a run of five words (lower-cased, punctuation, line breaks and page breaks
ignored), so the same study read from TXT, PDF and DOCX gives the same shingles however
its lines were wrapped. Two texts are the same when the shingles they share are at least
90 % of the larger text's: a text and a copy with a page number or a heading added or
lost still match; an excerpt, or a different study on the same topic, does not.
"""

import re
from collections.abc import Iterable

import numpy as np

SHINGLE_WORDS = 5
SAME_SHARE = 0.9
WORD_RE = re.compile(r"[^\W_]+")


def shingles(text: str) -> np.ndarray:
    """The text's distinct word shingles, as sorted hashes (compared within one process)."""
    words = [word.lower() for word in WORD_RE.findall(text)]
    if len(words) < SHINGLE_WORDS:
        return np.array([hash(tuple(words))] if words else [], dtype=np.int64)
    hashed = [hash(tuple(words[index:index + SHINGLE_WORDS])) for index in range(len(words) - SHINGLE_WORDS + 1)]
    return np.unique(np.array(hashed, dtype=np.int64))


def shared_share(first: np.ndarray, second: np.ndarray) -> float:
    """How many shingles the two share, as a share of the larger set."""
    if not len(first) or not len(second):
        return 0.0
    return len(np.intersect1d(first, second, assume_unique=True)) / max(len(first), len(second))


def same_text(text: str, stored: Iterable[tuple[str, str]]) -> tuple[str, float] | None:
    """The first stored (id, text) whose text is the same as ``text`` or nearly so, with
    the share of shingles they have in common; None when there is none."""
    mine = shingles(text)
    for document_id, other in stored:
        share = shared_share(mine, shingles(other))
        if share >= SAME_SHARE:
            return document_id, share
    return None
