"""Affix-aware patterns for Indonesian words, shared by the codebook cues and text search.

A cue is written as plain words; a word marked with a leading ``~`` is an Indonesian stem
that also matches its affixed forms (blokir: memblokir, diblokir, pemblokiran, blokirnya).
"""

import re

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


def search_patterns(query: str) -> list[str]:
    """One regex per word of a free-text search; a row matches when every one matches.

    Indonesian affixes are covered (blokir finds memblokir) and English endings too
    (arrest finds arrested). Words are escaped, so nothing typed acts as a pattern. The
    patterns avoid look-arounds so DuckDB's RE2 engine can run them.
    """
    patterns = []
    for word in re.findall(r"\w+", query.lower()):
        escaped = re.escape(word)
        if word.isalpha() and len(word) >= 4:
            patterns.append(rf"(?i)\b(?:{stem_pattern(word)}|{escaped}\w*)\b")
        else:
            patterns.append(rf"(?i)\b{escaped}\w*")
    return patterns
