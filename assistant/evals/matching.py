"""Does a text state a gold fact? Deterministic, German-aware, and strict about numbers and dates.

A fact is a list of accepted surface forms; a form is one of three kinds, decided by what it looks like:

- a date ("21.12.2024", "21. Dezember, 2024", "December 21, 2024", "Januar 2025"): compared as (year, month, day)
  values; a part the form leaves out is not required, a year the text leaves out is not held against it;
- a number ("11.000", "4 000", "1,5 Millionen", "30,000"): compared as a value, never as a fuzzy string, so
  "1.000" is not "11.000";
- anything else: its words, folded (case, Unicode, umlauts "ü" = "ue" = "u" + combining mark) and stemmed
  (inflection), must occur in order in the text; a long word also matches as the start of a compound
  ("Störsystem" in "Störsysteme", "Kampfflugzeug" in "Kampfflugzeugen").
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from ..numbers import numbers
from ..text import MONTHS_DE, MONTHS_EN, fold, stem, words

Date = tuple[int | None, int | None, int | None]  # (year, month, day)

_MONTHS = {fold(k): v for k, v in {**MONTHS_DE, **MONTHS_EN}.items()}
_MONTH = "|".join(sorted((re.escape(m) for m in _MONTHS), key=len, reverse=True))
_DATE_PATTERNS = [
    # 21.12.2024, 21.12.24, 12.12.
    (re.compile(r"(?<![\d.])(?P<d>\d{1,2})\.\s?(?P<m>\d{1,2})\.(?:\s?(?P<y>\d{4}|\d{2})(?!\d))?"), "num"),
    # 2024-12-21, 2025-08
    (re.compile(r"(?<!\d)(?P<y>\d{4})-(?P<m>\d{2})(?:-(?P<d>\d{2}))?(?!\d)"), "num"),
    # 21. Dezember, 2024 / 21 December 2024 / 21. Dezember
    (re.compile(rf"(?<!\d)(?P<d>\d{{1,2}})\.?\s+(?P<mn>{_MONTH})\b(?:,?\s+(?P<y>\d{{4}})(?!\d))?"), "name"),
    # December 21, 2024
    (re.compile(rf"\b(?P<mn>{_MONTH})\s+(?P<d>\d{{1,2}})(?:st|nd|rd|th)?,?\s+(?P<y>\d{{4}})(?!\d)"), "name"),
    # Januar 2025 / January 2025
    (re.compile(rf"\b(?P<mn>{_MONTH})\s+(?P<y>\d{{4}})(?!\d)"), "name"),
]
_NUMBER_FORM = re.compile(
    r"\s*\d[\d.,\u202f\u00a0 ]*(?:\s*(?:tausend|thousand|millionen|million|mio\.?|milliarden|milliarde|mrd\.?|"
    r"billion))?\s*", re.IGNORECASE)


def dates(text: str) -> list[tuple[Date, tuple[int, int]]]:
    """Every date in ``text`` with its span; overlapping weaker readings of the same span are dropped."""
    folded = fold(text)  # same length as text for the scripts in the corpus; spans index the folded text
    found: list[tuple[Date, tuple[int, int]]] = []
    for pattern, kind in _DATE_PATTERNS:
        for m in pattern.finditer(folded):
            if any(s <= m.start() < e or s < m.end() <= e for _, (s, e) in found):
                continue
            g = m.groupdict()
            month = int(g["m"]) if kind == "num" else _MONTHS[g["mn"]]
            day = int(g["d"]) if g.get("d") else None
            year = int(g["y"]) if g.get("y") else None
            if year is not None and year < 100:
                year += 2000
            if not 1 <= month <= 12 or (day is not None and not 1 <= day <= 31):
                continue
            found.append(((year, month, day), m.span()))
    return found


def _date_form(form: str) -> Date | None:
    """The date a form is, when the whole form is one date."""
    found = dates(form)
    if len(found) == 1:
        start, end = found[0][1]
        folded = fold(form)
        if not folded[:start].strip() and not folded[end:].strip(" ."):
            return found[0][0]
    return None


def _date_matches(want: Date, have: Date) -> bool:
    wy, wm, wd = want
    hy, hm, hd = have
    if wm != hm:
        return False
    if wd is not None and wd != hd:
        return False
    return wy is None or hy is None or wy == hy


def _key(word: str) -> str:
    """A word's matching key: folded, stemmed, transliterated umlauts ("ue") folded too."""
    return re.sub(r"(?<=[^aeiou])([aou])e(?=[^aeiou]|$)", r"\1", stem(fold(word)))


@dataclass(frozen=True)
class _Text:
    """A text prepared once for many fact lookups."""

    keys: tuple[str, ...]
    values: frozenset[float]
    dates: tuple[Date, ...]


@lru_cache(maxsize=4096)
def prepare(text: str) -> _Text:
    no_dates = text
    for _, (s, e) in sorted(dates(text), key=lambda d: -d[1][0]):
        no_dates = no_dates[:s] + " " + no_dates[e:]
    return _Text(tuple(_key(w) for w in words(text)), frozenset(numbers(no_dates) | numbers(text)),
                 tuple(d for d, _ in dates(text)))


def form_in(form: str, text: str) -> bool:
    """Whether ``text`` states this one surface form (see the module doc for how each kind compares)."""
    t = prepare(text)
    date = _date_form(form)
    if date is not None:
        return any(_date_matches(date, have) for have in t.dates)
    if _NUMBER_FORM.fullmatch(form) and numbers(form):
        want = numbers(form)
        return len(want) == 1 and next(iter(want)) in t.values
    keys = [_key(w) for w in words(form)]
    if not keys:
        return False
    starts = range(len(t.keys) - len(keys) + 1)
    return any(all(_word_matches(k, t.keys[i + j]) for j, k in enumerate(keys)) for i in starts)


def _word_matches(want: str, have: str) -> bool:
    return want == have or (len(want) >= 6 and have.startswith(want))


def fact_in(forms: list[str], text: str) -> bool:
    """A fact is stated when any of its accepted forms is."""
    return any(form_in(f, text) for f in forms)
