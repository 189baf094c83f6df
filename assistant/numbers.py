"""Numbers as typed values, and what a text says of amounts and times.

- ``numbers``: numbers as values, so "11.000" == "11000" == "11 000" but != "1.000"; "1,5 Millionen" = "€1.5m" =
  1.5e6; "3rd" = 3; a time of day as hours.minutes on the 24-hour clock ("23.50 Uhr" = "11:50 p.m.").
- ``amounts``: the amounts a text names (numbers and number words, dates left out), for "how many" questions.
- ``times``: what says when (years, times of day, months, weekdays, time words), for "when" questions.
- ``partitives``: numbers given as part of a whole ("38 der 67 Menschen …"), for the citation check.
"""

from __future__ import annotations

import itertools
import re
from typing import NamedTuple

from .text import MONTHS_DE, MONTHS_EN, normalize, terms, words

# Thousands groups: "11.000", "11 000", and "11,000" (English; a German decimal comma rarely has 3 digits).
# A decimal comma, or an English decimal point with one or two digits ("1.24 billion"; "1.500" is thousands).
# English writes some suffixes onto the number: ordinals ("3rd"), scales ("€1.5bn", "$200m") and units ("5km").
_NUM = re.compile(r"(?<![\w.,])(\d{1,3}(?:[.,\u202f\u00a0 ]\d{3})+(?![\d])|\d+)(?:,(\d+)|\.(\d{1,2})(?![\d.]))?"
                  r"(st|nd|rd|th|bn|mn|m|k|km|kg|cm|mm|ha)?(?![\w])")
_SUFFIX_SCALE = {"bn": 1e9, "mn": 1e6, "m": 1e6, "k": 1e3}  # "m" and "k" only after a currency sign: "200m" is metres
_SCALE = {"tausend": 1e3, "thousand": 1e3, "million": 1e6, "millionen": 1e6, "mio": 1e6, "milliarde": 1e9,
          "milliarden": 1e9, "mrd": 1e9, "billionen": 1e12, "billion": 1e9}  # German "Billion" is capitalised


# What a value is measured in, and how it is hedged: words that add no content of their own to a question restated
# with its answer ("Die Kaimauer wird etwa 850 Meter lang" for "Wie lang wird die Kaimauer?").
UNIT_WORDS = set(_SCALE) | set("""
    prozent prozentpunkte percent euro dollar pfund pound pounds franken cent cents meter metre metres meters
    kilometer kilometre kilometres kilometers zentimeter centimetres millimeter millimetres quadratmeter hektar
    hectares tonne tonnen ton tons tonnes kilogramm kilo kilos kilograms grad degrees stunden hours minuten minutes
    sekunden seconds billions millions
    etwa rund ungefähr knapp fast nahezu gut about around approximately roughly nearly almost some
    """.split())


def numbers(text: str) -> set[float]:
    """Numbers in ``text`` as values: German thousands separators and decimal commas, "1,5 Millionen"; a time of
    day is one value, hours.minutes on the 24-hour clock: "23.50 Uhr" = "23:50 Uhr" = "11:50 p.m." = 23.5."""
    clocks = {float(f"{h}.{m}") for h, m in map(_clock, _CLOCK.finditer(text))}
    text = _CLOCK.sub(lambda m: " " * len(m.group(0)), text)  # same length: a scale word keeps its place
    return clocks | {_value(m, text) for m in _NUM.finditer(text)}


# A time of day: "um 18 Uhr", "19.30 Uhr", "6 p.m.", "6 o'clock", "11:50 am"; hours:minutes after "um", "gegen",
# "at" … ("at 7:15"). Not "6 am" (German "am") nor a bare "13:15" (a score).
_CLOCK = re.compile(
    r"(?<![\w.,:])(?P<h>\d{1,2})(?:[:.](?P<m>\d{2}))?\s*(?P<mark>uhr\b|h\b|a\.m\.|p\.m\.|pm\b|o['’]clock\b)"
    r"|(?<![\w.,:])(?P<h2>0?[1-9]|1[0-2]):(?P<m2>[0-5]\d)\s*(?P<am>am\b)"
    r"|\b(?:um|gegen|ab|bis|seit|at|by|until|after|from|since)\s+(?P<h3>[01]?\d|2[0-4]):(?P<m3>[0-5]\d)\b"
    r"(?![:.,]?\d)(?:\s*(?P<mark3>uhr\b|h\b|a\.m\.|p\.m\.|[ap]m\b))?",
    re.IGNORECASE)


def _clock(m: re.Match[str]) -> tuple[int, str]:
    """Hours on the 24-hour clock and minutes ("00" when none) of a ``_CLOCK`` match."""
    hours = int(m["h"] or m["h2"] or m["h3"])
    minutes = m["m"] or m["m2"] or m["m3"] or "00"
    mark = (m["mark"] or m["am"] or m["mark3"] or "").lower().replace(".", "")
    if mark == "pm" and hours < 12:
        hours += 12
    elif mark == "am" and hours == 12:
        hours = 0
    return hours, minutes


_SPELLED = {w: n for n, ws in enumerate(["", "", "zwei two", "drei three", "vier four", "fünf five", "sechs six",
                                          "sieben seven", "acht eight", "neun nine", "zehn ten", "elf eleven",
                                          "zwölf twelve"]) for w in ws.split()}


# how many times: "traf zweimal", "scored twice" (two goals)
_SPELLED |= {f"{w}mal": _SPELLED[w] for w in "zwei drei vier fünf sechs sieben acht neun zehn elf zwölf".split()}
_SPELLED |= {"twice": 2, "thrice": 3}


# "zum zweiten Mal", "for the second time": twice
_NTH = {w: n for n, ws in enumerate(["", "", "zweiten second", "dritten third", "vierten fourth", "fünften fifth"])
        for w in ws.split()}
_NTH_TIME = re.compile(rf"\b(?:zum|for\s+the)\s+({'|'.join(_NTH)})\s+(?:mal|time)\b", re.IGNORECASE)


def numbers_and_words(text: str) -> set[float]:
    """``numbers`` and the small numbers written as words ("zwei", "neun", "twelve", "zweimal", "twice", "zum
    zweiten Mal", "for the second time"): "9 Tore" = "neun Tore"."""
    nth = {float(_NTH[normalize(m[1])]) for m in _NTH_TIME.finditer(text)}
    return numbers(text) | nth | {float(_SPELLED[w]) for w in map(normalize, words(text)) if w in _SPELLED}


def _value(m: re.Match[str], text: str) -> float:
    whole = re.sub(r"[.,\u202f\u00a0 ]", "", m.group(1))
    decimals = m.group(2) or m.group(3)
    value = float(whole + ("." + decimals if decimals else ""))
    suffix = (m.group(4) or "").lower()
    if suffix == "bn" or (suffix in _SUFFIX_SCALE and text[max(0, m.start() - 1): m.start()] in ("€", "$", "£")):
        return value * _SUFFIX_SCALE[suffix]
    after = text[m.end(): m.end() + 14].strip()
    for word, factor in _SCALE.items():
        if after.lower().startswith(word):
            german_billion = word == "billion" and after.startswith("Billion")  # 10^12; English "billion" 10^9
            return value * (1e12 if german_billion else factor)
    return value


_OF = re.compile(r"\s+(?:der|von|aus|of|of\s+the)\s+(?:insgesamt\s+|total\s+)?", re.IGNORECASE)
# The whole's noun, with a place if one follows: "Menschen an Bord", "people on board", "Soldaten".
_WHOLE_NOUN = re.compile(r"\s*[^\W\d_][\w-]*(?:\s+(?:an|auf|in|im|am|on|aboard|at)\s+(?:der\s+|dem\s+|the\s+)?[\w-]+)?")
_CLAUSE_END = re.compile(r"[,;:–—()]|[.!?](?:\s|$)")


class Part(NamedTuple):
    """A number given as part of a whole: "38 der 67 Menschen an Bord ums Leben kamen" → whole 67 (written
    "67"), whole_noun {"mensch", "bord"}, said {"ums", "leb", "kam"} (what the clause says of the part)."""

    whole: float
    whole_noun: set[str]
    said: set[str]
    whole_text: str = ""
    part_text: str = ""  # as written: "38"
    noun_text: str = ""  # "Menschen an Bord"
    said_text: str = ""  # "ums Leben kamen"


# The whole named first: "Of the 14,500 runners who started, 13,870 reached the finish", "Von den 67 Menschen an Bord
# kamen 38 ums Leben".
_WHOLE_FIRST = re.compile(r"\b(?:of|von|unter)\s+(?:the|these|those|all|den|diesen|allen|insgesamt)\s+$", re.IGNORECASE)
_SENTENCE_BREAK = re.compile(r"[.;:!?](?:\s|$)")


def partitives(text: str) -> dict[float, Part]:
    """The numbers of ``text`` that it gives as part of a whole ("A der/von/of (the) B …", "Of the B …, A …"),
    keyed by the part."""
    found: dict[float, Part] = {}
    matches = list(_NUM.finditer(text))
    for whole, part in itertools.pairwise(matches):
        if not _WHOLE_FIRST.search(text[max(0, whole.start() - 20): whole.start()]):
            continue
        noun = _WHOLE_NOUN.match(text, whole.end())
        noun_end = noun.end() if noun else whole.end()
        between = text[noun_end: part.start()]
        if _SENTENCE_BREAK.search(between) or _value(part, text) >= _value(whole, text):
            continue
        extra, _, said_before = between.rpartition(",")  # "who started" is said of the whole
        noun_text = f"{text[whole.end(): noun_end].strip()} {extra.strip()}".strip()
        found[_value(part, text)] = _part(text, part, whole, noun_text, said_before, _clause_after(text, part.end()))
    for part, whole in itertools.pairwise(matches):
        if not _OF.fullmatch(text[part.end(): whole.start()]):
            continue
        noun = _WHOLE_NOUN.match(text, whole.end())
        noun_end = noun.end() if noun else whole.end()
        before = text[: part.start()]
        begins = max((m.end() for m in _CLAUSE_END.finditer(before)), default=0)  # "stimmten 12 der 16 Länder zu"
        noun_text = text[whole.end(): noun_end].strip()
        found[_value(part, text)] = _part(text, part, whole, noun_text, before[begins:], _clause_after(text, noun_end))
    return found


def _clause_after(text: str, start: int) -> str:
    """The rest of the clause that begins at ``start``."""
    end = _CLAUSE_END.search(text, start)
    return text[start: end.start() if end else len(text)]


def _part(text: str, part: re.Match[str], whole: re.Match[str], noun_text: str, said_before: str,
          said_after: str) -> Part:
    """The ``Part`` for two matched numbers; what is said of the part stands before and after them."""
    said_text = f"{said_before.strip()} {said_after.strip()}".strip()
    return Part(_value(whole, text), set(terms(noun_text)), set(terms(said_text)), whole.group(0), part.group(0),
                noun_text, said_text)


def replace_number(text: str, value: float, new: str) -> str:
    """``text`` with its first number of ``value`` written as ``new`` ("38 Menschen" → "67 Menschen")."""
    for m in _NUM.finditer(text):
        if _value(m, text) == value:
            return text[: m.start()] + new + text[m.end():]
    return text


_MONTH = "|".join(sorted(MONTHS_DE.keys() | MONTHS_EN.keys(), key=len, reverse=True))
_DATE = re.compile(
    rf"(?:\b\d{{1,2}}\.\s*(?:(?:und|bis|and|to|[-–])\s*\d{{1,2}}\.\s*)?)?\b(?:{_MONTH})\b(?:\s+\d{{1,2}}\b,?)?"
    rf"(?:\s+\d{{4}})?|\b(?:im\s+jahre?|in|seit|bis|since|until|by|von|vom|ab)\s+\d{{4}}\b",
    re.IGNORECASE,
)
AMOUNT_WORDS = {normalize(w) for w in
    """
    null zwei drei vier fünf sechs sieben acht neun zehn elf zwölf zwanzig dreißig vierzig fünfzig hundert
    hunderte tausend tausende zehntausende hunderttausende dutzend dutzende million millionen milliarde
    milliarden zero two three four five six seven eight nine ten eleven twelve
    twenty thirty forty fifty hundred hundreds thousand thousands dozen dozens million millions billion
    billions
    """.split()
} | {w for w in _SPELLED if w.endswith("mal") or w in ("twice", "thrice")}
# amount words that give an order of magnitude, not a count ("Zehntausende von Soldaten", "hundreds of homes")
MAGNITUDES = {normalize(w) for w in
              "hunderte tausende zehntausende hunderttausende dutzende millionen milliarden hundreds thousands dozens "
              "millions billions".split()}
# an ordinal after an article or a contracted preposition: "der 4. Zivilkammer", "zum 3. Mal", "im 2. Quartal"
_ORDINAL = re.compile(r"\b(?:der|die|das|dem|den|des|zum|zur|beim|im|vom|am|einer|eines|einem|seiner|ihrer)\s+"
                      r"\d{1,3}\.(?=\s+\w)", re.IGNORECASE)


def amounts(text: str) -> set[float | str]:
    """The numbers in ``text`` other than dates ("am 20. Mai 2025", "im Jahr 2023") and ordinals ("der 4.
    Zivilkammer"), and its number words ("zwei", "Zehntausende"; not "keine", which most sentences use for
    anything but an amount)."""
    undated = _ORDINAL.sub(" ", _DATE.sub(" ", text))
    return set[float | str](numbers(undated)) | {w for w in map(normalize, words(undated)) if w in AMOUNT_WORDS}


TIME_WORDS = {normalize(w) for w in
    """
    gestern heute morgen vorgestern damals kürzlich jüngst neulich bald demnächst später früher zuvor vorher danach
    seither seitdem anfang ende mitte beginn frühjahr frühling sommer herbst winter woche wochen monat monate
    monaten jahr jahre jahren jahres jahrzehnt jahrzehnte jahrzehnten jahrhundert tag tage tagen tages nacht
    yesterday today tomorrow ago recently lately soon later earlier before afterwards since beginning end
    spring summer autumn fall winter week weeks month months year years decade decades century day days night
    wochenende vormittag nachmittag abend mittag morgens vormittags mittags nachmittags abends nachts mitternacht
    stunde stunden minute minuten sekunden weekend morning afternoon evening tonight noon midnight hour hours minutes
    seconds
    """.split()
}
WEEKDAYS = set("""
    montag dienstag mittwoch donnerstag freitag samstag sonnabend sonntag
    monday tuesday wednesday thursday friday saturday sunday
    """.split())


_YEAR = re.compile(r"(?<![\w.,])(\d{4})(?![\w]|[.,]\d)")  # "2024", not "1.500" or "2024,5"


_BARE_YEAR = re.compile(r"(?<![\w.,])(?:1[89]|20)\d{2}(?![\w]|[.,]\d)(?!\s+[A-ZÄÖÜ])")


def without_years(text: str) -> str:
    """German ``text`` with its bare years blanked: "2024 zog Russland ab" gives a year, "2024 Soldaten" (a noun
    after it) an amount."""
    return _BARE_YEAR.sub(" ", text)


def moments(text: str) -> set[str]:
    """The weekdays and times of day ``text`` names ("am Donnerstag um 18 Uhr": "donnerstag", "18:00")."""
    clock = {f"{h}:{m}" for h, m in map(_clock, _CLOCK.finditer(text)) if h <= 24}
    return clock | ({normalize(w) for w in words(text)} & WEEKDAYS)


def times(text: str) -> set[float | str]:
    """What in ``text`` says when: its years (1000-2100), weekdays and times of day (``moments``), month names and
    time words ("Anfang", "damals"); not other numbers ("38 der 67")."""
    ws = {normalize(w) for w in words(text)}
    years = {float(y) for y in _YEAR.findall(text) if 1000 <= int(y) <= 2100}
    return set[float | str](years) | moments(text) | (ws & (TIME_WORDS | MONTHS_DE.keys() | MONTHS_EN.keys()))
