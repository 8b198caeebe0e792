"""Convergence: recommendations from different documents that ask the same thing.

Recommendations are compared by the TF-IDF cosine similarity of their stemmed words and
grouped by average-linkage clustering; the threshold and stop words are in
data/convergence.yaml, with how the threshold was chosen.
"""

import re
from collections import Counter
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path

import numpy as np
import snowballstemmer
import yaml

SETTINGS_PATH = Path(__file__).resolve().parents[2] / "data" / "convergence.yaml"
WORD_RE = re.compile(r"[^\W\d_]{3,}")


@dataclass(frozen=True)
class Settings:
    threshold: float
    max_grouped: int
    stopwords: dict[str, frozenset[str]]


@lru_cache(maxsize=1)
def settings() -> Settings:
    data = yaml.safe_load(SETTINGS_PATH.read_text(encoding="utf-8"))
    return Settings(float(data["threshold"]), int(data["max_grouped"]),
                    {"id": frozenset(data["stopwords_id"]), "en": frozenset(data["stopwords_en"])})


@lru_cache(maxsize=2)
def _stemmer(language: str):
    return snowballstemmer.stemmer({"id": "indonesian", "en": "english"}[language])


def stemmed_words(text: str) -> list[tuple[str, str]]:
    """The text's content words as (stem, word as written, lower-cased): stop words dropped,
    stemmed as Indonesian or English, whichever language's stop words it has more of."""
    stopwords = settings().stopwords
    words = [word.lower() for word in WORD_RE.findall(text)]
    language = "en" if sum(word in stopwords["en"] for word in words) > sum(word in stopwords["id"] for word in words) else "id"
    kept = [word for word in words if word not in stopwords["id"] and word not in stopwords["en"]]
    return list(zip(_stemmer(language).stemWords(kept), kept))


def similarity(texts: list[str]) -> np.ndarray:
    """Pairwise cosine similarity of the texts' TF-IDF vectors over stemmed words."""
    from sklearn.feature_extraction.text import TfidfVectorizer

    if not texts:
        return np.zeros((0, 0))
    vectorizer = TfidfVectorizer(analyzer=lambda text: [stem for stem, _ in stemmed_words(text)], sublinear_tf=True)
    try:
        vectors = vectorizer.fit_transform(texts)
    except ValueError:  # no content word in any text
        return np.eye(len(texts))
    return (vectors @ vectors.T).toarray()


def clusters(matrix: np.ndarray, threshold: float) -> list[list[int]]:
    """Indices grouped by average-linkage clustering: within a group, the average similarity
    is at least ``threshold``. Largest groups first, then in order of first member."""
    from sklearn.cluster import AgglomerativeClustering

    count = len(matrix)
    if count < 2:
        return [[index] for index in range(count)]
    distance = np.clip(1.0 - matrix, 0.0, None)
    np.fill_diagonal(distance, 0.0)
    labels = AgglomerativeClustering(n_clusters=None, metric="precomputed", linkage="average",
                                     distance_threshold=1.0 - threshold).fit_predict(distance)
    grouped: dict[int, list[int]] = {}
    for index, label in enumerate(labels):
        grouped.setdefault(int(label), []).append(index)
    return sorted(grouped.values(), key=lambda members: (-len(members), members[0]))


def shared_words(texts: list[str], background: list[str], limit: int = 6) -> list[str]:
    """The words most of the texts share (by stem), each as most often written: those in
    most of the texts first, and among them those rarest in ``background`` (the texts the
    group was found among), so words every recommendation has come last."""
    stems_per_text = [stemmed_words(text) for text in texts]
    rarity = Counter(stem for text in background for stem in {stem for stem, _ in stemmed_words(text)})
    in_texts = Counter(stem for words in stems_per_text for stem in {stem for stem, _ in words})
    written: dict[str, Counter] = {}
    for words in stems_per_text:
        for stem, word in words:
            written.setdefault(stem, Counter())[word] += 1
    needed = max(2, (len(texts) + 1) // 2)
    common = sorted((stem for stem, count in in_texts.items() if count >= needed), key=lambda stem: (-in_texts[stem], rarity[stem], stem))
    return [written[stem].most_common(1)[0][0] for stem in common[:limit]]
