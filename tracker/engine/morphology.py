"""Affix-aware patterns for Indonesian words, shared by the codebook cues and text search.

A cue is written as plain words; a word marked with a leading ``~`` is an Indonesian stem
that also matches its affixed forms (blokir: memblokir, diblokir, pemblokiran, blokirnya).
"""

import re
from functools import lru_cache

PREFIXES = (
    "memper", "diper", "menge", "penge", "meng", "meny", "peng", "peny",
    "mem", "men", "pem", "pen", "ber", "ter", "per", "me", "di", "pe", "ke", "se", "be",
)
SUFFIXES = ("kannya", "annya", "kan", "an", "i", "nya", "lah", "kah")
# meN-/peN- replace the stem's first consonant with a nasal: tangkap -> menangkap.
NASAL_SUBSTITUTION = {"p": ("mem", "pem"), "t": ("men", "pen"), "k": ("meng", "peng"), "s": ("meny", "peny")}
WORD_GAP = r"(?:\W+\w+){0,5}?"
SEPARATOR = r"[\W_]+"

_PREFIX_RE = "(?:" + "|".join(PREFIXES) + ")"
_SUFFIX_RE = "(?:" + "|".join(SUFFIXES) + ")"


def stem_pattern(stem: str) -> str:
    """Regex (no anchors) for an Indonesian stem with its prefixes, suffixes and nasal forms."""
    stem = stem.lower()
    forms = [f"{_PREFIX_RE}?{re.escape(stem)}"]
    nasal = NASAL_SUBSTITUTION.get(stem[:1])
    if nasal and len(stem) > 3:
        forms.append(f"(?:{'|'.join(nasal)}){re.escape(stem[1:])}")
    return f"(?:{'|'.join(forms)}){_SUFFIX_RE}?"


def _token_pattern(token: str) -> str:
    if token in ("...", "…"):
        return WORD_GAP
    alternatives = []
    for part in token.split("|"):
        if part.startswith("~"):
            alternatives.append(stem_pattern(part[1:]))
        elif part.endswith("*"):
            alternatives.append(re.escape(part[:-1]) + r"\w*")
        else:
            alternatives.append(re.escape(part))
    return alternatives[0] if len(alternatives) == 1 else "(?:" + "|".join(alternatives) + ")"


def cue_pattern(cue: str) -> str:
    """Regex for a cue written in the codebook's cue language.

    Words are separated by any run of non-word characters; ``~stem`` matches affixed
    forms; ``word*`` matches any ending; ``a|b`` is either word; ``...`` skips up to five
    words.
    """
    parts = []
    for token in cue.split():
        pattern = _token_pattern(token)
        if pattern == WORD_GAP:
            parts.append(pattern)
        else:
            if parts and parts[-1] != WORD_GAP:
                parts.append(SEPARATOR)
            elif parts:
                parts.append(r"\W+")
            parts.append(pattern)
    return r"(?<!\w)" + "".join(parts) + r"(?!\w)"


MAX_SEARCH_WORDS = 5


def search_terms(query: str) -> list[tuple[str, str]]:
    """For each word of a free-text search (at most five), a substring every match contains
    and a regular expression that decides; a row matches when every word does.

    The substring lets the database skip most rows cheaply before running the expression.
    Indonesian affixes are covered (blokir finds memblokir, tangkap finds menangkap) and
    English endings too (arrest finds arrested). Words are escaped, so nothing typed acts
    as a pattern. The expressions avoid look-arounds so DuckDB's RE2 engine can run them.
    """
    terms = []
    for word in re.findall(r"\w+", query.lower())[:MAX_SEARCH_WORDS]:
        escaped = re.escape(word)
        if word.isalpha() and len(word) >= 4:
            # meN-/peN- may drop the first letter (tangkap: menangkap), so look for the rest.
            needle = word[1:] if word[:1] in NASAL_SUBSTITUTION else word
            terms.append((needle, rf"(?i)\b(?:{stem_pattern(word)}|{escaped}\w*)\b"))
        else:
            terms.append((word, rf"(?i)\b{escaped}\w*"))
    return terms


# Cues are matched word by word (much faster than one regular expression per label):
# a text is split into words once, and each cue's first word is looked up in an index.
WORD_TOKEN_RE = re.compile(r"[^\W_]+")
MAX_GAP_WORDS = 5


@lru_cache(maxsize=512)
def words(text: str) -> tuple[tuple[tuple[str, int, int], ...], dict[str, list[int]]]:
    """The words of a text, lowercased, with their offsets; and where each word occurs."""
    tokens = tuple((match.group().lower(), match.start(), match.end()) for match in WORD_TOKEN_RE.finditer(text))
    positions: dict[str, list[int]] = {}
    for index, (word, _, _) in enumerate(tokens):
        positions.setdefault(word, []).append(index)
    return tokens, positions


def stem_forms(stem: str) -> frozenset[str]:
    """Every affixed form of an Indonesian stem that ``stem_pattern`` matches."""
    stem = stem.lower()
    bases = [prefix + stem for prefix in ("",) + PREFIXES]
    nasal = NASAL_SUBSTITUTION.get(stem[:1])
    if nasal and len(stem) > 3:
        bases += [prefix + stem[1:] for prefix in nasal]
    return frozenset(base + suffix for base in bases for suffix in ("",) + SUFFIXES)


class WordMatcher:
    """One word of a cue: a set of exact forms, or a prefix (``word*``)."""

    def __init__(self, part: str) -> None:
        self.prefix = part[:-1].lower() if part.endswith("*") else None
        if part.startswith("~"):
            self.forms = stem_forms(part[1:])
        else:
            self.forms = frozenset() if self.prefix is not None else frozenset([part.lower()])

    def matches(self, word: str) -> bool:
        return word in self.forms if self.prefix is None else word.startswith(self.prefix)


class Phrase:
    """A cue in the cue language, matched against a text's words."""

    def __init__(self, cue: str) -> None:
        # Each step is either None (a gap of up to five words) or a list of alternatives,
        # each alternative a sequence of words ("hak-hak" is two words).
        self.steps: list[list[list[WordMatcher]] | None] = []
        for token in cue.split():
            if token in ("...", "…"):
                self.steps.append(None)
                continue
            alternatives = []
            for part in token.split("|"):
                marker = "~" if part.startswith("~") else ""
                pieces = WORD_TOKEN_RE.findall(part)
                if part.endswith("*"):
                    pieces[-1] += "*"
                alternatives.append([WordMatcher(marker + pieces[0] if i == 0 else piece) for i, piece in enumerate(pieces)])
            self.steps.append(alternatives)
        if not self.steps or self.steps[0] is None:
            raise ValueError(f"cue {cue!r} must start with a word")
        # Most cues are a few words, each one of a set of forms: matched with set lookups.
        simple = all(
            step is not None and all(len(alternative) == 1 and alternative[0].prefix is None for alternative in step)
            for step in self.steps
        )
        self.word_sets: tuple[frozenset[str], ...] | None = tuple(
            frozenset().union(*(alternative[0].forms for alternative in step)) for step in self.steps
        ) if simple else None

    def first_words(self) -> list[WordMatcher]:
        return [alternative[0] for alternative in self.steps[0]]

    def match_at(self, tokens: tuple, start: int) -> int | None:
        """The index after the last word of a match starting at word ``start``, or None."""
        if self.word_sets is not None:
            end = start + len(self.word_sets)
            if end > len(tokens):
                return None
            for offset, forms in enumerate(self.word_sets):
                if tokens[start + offset][0] not in forms:
                    return None
            return end
        return self._match(tokens, 0, start)

    def _match(self, tokens: tuple, step_index: int, position: int) -> int | None:
        if step_index == len(self.steps):
            return position
        step = self.steps[step_index]
        if step is None:
            for skip in range(MAX_GAP_WORDS + 1):
                end = self._match(tokens, step_index + 1, position + skip)
                if end is not None:
                    return end
            return None
        best = None
        for alternative in step:
            if position + len(alternative) <= len(tokens) and all(
                matcher.matches(tokens[position + offset][0]) for offset, matcher in enumerate(alternative)
            ):
                end = self._match(tokens, step_index + 1, position + len(alternative))
                if end is not None and (best is None or end > best):
                    best = end
        return best
