"""German-aware text helpers shared by ingestion, keyword search and the citation check.

- ``split_sentences``: sentence spans that survive "u.a.", "z.B." and dates like "21. Dezember".
- ``terms``: normalised, stemmed content words (umlauts folded, compounds split against a vocabulary).
- ``numbers``: numbers as typed values, so "11.000" == "11000" == "11 000" but != "1.000".
- ``amounts``: the amounts a text names (numbers and number words, dates left out), for "how many" questions.
- ``asks_one_answer``: questions where articles that answer differently disagree.
- ``partitives``: numbers given as part of a whole ("38 der 67 Menschen …"), for the citation check.
- ``detect_language``: "de" or "en" for the answer language.
"""

from __future__ import annotations

import itertools
import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache
from typing import NamedTuple

import snowballstemmer

ABBREVIATIONS = {
    "u.a", "z.b", "d.h", "u.ä", "bzw", "ca", "vgl", "sog", "usw", "etc", "dr", "prof", "nr", "st", "mio",
    "mrd", "mr", "mrs", "jh", "jhd", "inkl", "evtl", "ggf", "z.t", "o.ä", "u.v.m", "s", "bspw", "gen", "abs",
    "vs", "e.g", "i.e", "u.s", "no", "jan", "feb", "mär", "apr", "jun", "jul", "aug", "sep", "sept", "okt",
    "nov", "dez", "geb", "hl", "str", "tel", "zit", "dt", "engl", "franz", "russ",
}
MONTHS_DE = {
    "januar": 1, "jänner": 1, "februar": 2, "märz": 3, "april": 4, "mai": 5, "juni": 6, "juli": 7,
    "august": 8, "september": 9, "oktober": 10, "november": 11, "dezember": 12,
}
MONTHS_EN = {
    "january": 1, "february": 2, "march": 3, "april": 4, "may": 5, "june": 6, "july": 7, "august": 8,
    "september": 9, "october": 10, "november": 11, "december": 12,
}

# Markup that never belongs in an answer or an article's text: images, links, HTML tags, bare URLs.
MD_IMAGE = re.compile(r"!\[[^\]]*\]\([^)]*\)")
MD_LINK = re.compile(r"\[([^\]]+)\]\([^)]*\)")
HTML_TAG = re.compile(r"<[^>]*>")
URL = re.compile(r"https?://\S+")

_BOUNDARY = re.compile(r"[.!?…]+[\"“”„»«)\]’']*(?=\s+)")
_WORD = re.compile(r"[^\W_]+(?:[-'’][^\W_]+)*", re.UNICODE)

STOPWORDS_DE = set(
    """
    aber alle allem allen aller alles als also am an ander andere anderen anderer anderes auch auf
    aus bei beim bin bis bist da damit dann das dass daß dem den denn der des dessen die dies diese
    diesem diesen dieser dieses doch dort du durch ein eine einem einen einer eines er es etwa euch
    für gab gegen gewesen gibt hab habe haben hat hatte hatten heißt hier hieß hin hinter ich ihm
    ihn ihnen ihr ihre ihrem ihren ihrer ihres im in ins ist ja jede jedem jeden jeder jedes jedoch
    jene jener kann kein keine keinem keinen keiner können könnte laut machen man manche mehr mein
    mit muss musste nach nicht nichts noch nun nur ob oder ohne sagt sagte sehr sein seine seinem
    seinen seiner seit sich sie sind so solche soll sollte sondern sonst um und uns unser unter viel
    vom von vor wann war waren warum was weil welche welchem welchen welcher welches wenn wer werde
    werden weshalb wie wieder wieso will wir wird wo woher wohin wollen wollte worum wurde wurden
    während würde würden zu zum zur zwar zwischen über
    """.split()
)
STOPWORDS_EN = set(
    """
    a about according after an and are as at be been before but by did do does for from had has have
    how i in into is it its many much of on or said say says than that the their them then there
    these they this those to was were what when where which who whom whose why will with would
    """.split()
)
STOPWORDS = STOPWORDS_DE | STOPWORDS_EN

_stemmer_de = snowballstemmer.stemmer("german")
_stemmer_en = snowballstemmer.stemmer("english")


def normalize(text: str) -> str:
    """NFC, lower case, ß→ss; umlauts kept (the stemmer folds them)."""
    return unicodedata.normalize("NFC", text).lower().replace("ß", "ss")


def fold(text: str) -> str:
    """Normalise and fold umlauts and other marks: "Über" / "Ueber" / "U\u0308ber" → "uber"."""
    text = normalize(text)
    for a, b in (("ä", "a"), ("ö", "o"), ("ü", "u")):
        text = text.replace(a, b)
    text = unicodedata.normalize("NFKD", text)
    return "".join(c for c in text if not unicodedata.combining(c))


def _fold_ue(word: str) -> str:
    # Transliterated umlauts ("Ueberflug", "Moeller"): only at the start of a word, where "ue" is rare otherwise.
    return re.sub(r"^(a|o|u)e(?=[bcdfghklmnpqrstvwz])", r"\1", word)


@lru_cache(maxsize=200_000)
def stem(word: str) -> str:
    """Snowball-German stem of one folded word."""
    return fold(_fold_ue(_stemmer_de.stemWord(normalize(word))))


def english_terms(text: str) -> set[str]:
    """Content words by their Snowball-English stem ("supplied" and "supply" → "suppli"): to compare an English
    answer with an English question."""
    return {_stemmer_en.stemWord(w) for w in map(normalize, words(text)) if w not in STOPWORDS and not w.isdigit()}


def words(text: str) -> list[str]:
    return _WORD.findall(unicodedata.normalize("NFC", text))


def terms(text: str, vocabulary: set[str] | None = None) -> list[str]:
    """Stemmed content words; hyphenated words also give their parts; compounds split against ``vocabulary``."""
    out: list[str] = []
    for w in words(text):
        low = normalize(w)
        if low in STOPWORDS or low.isdigit():
            continue
        parts = [low] + (low.split("-") if "-" in low else [])
        for p in parts:
            if len(p) < 2 or p in STOPWORDS:
                continue
            s = stem(p)
            out.append(s)
            if vocabulary is not None and len(s) >= 8:
                out.extend(split_compound(s, vocabulary))
    return out


def split_compound(stemmed: str, vocabulary: set[str]) -> list[str]:
    """Head and modifier of a German compound, when both are known words ("angriffsdrohn" → "angriff", "drohn")."""
    for i in range(3, len(stemmed) - 3):
        head, modifier = stemmed[i:], stemmed[:i]
        if head in vocabulary and len(head) >= 4:
            for cand in (modifier, modifier.rstrip("s"), modifier[:-1] if modifier.endswith("en") else ""):
                if len(cand) >= 3 and cand in vocabulary:
                    return [cand, head]
            return [head]
    return []


def split_sentences(text: str, offset: int = 0) -> list[tuple[int, int]]:
    """Sentence spans (start, end) in ``text``; paragraph breaks always end a sentence."""
    spans: list[tuple[int, int]] = []
    for para in re.finditer(r"[^\n]+", text):
        p_text, p_start = para.group(), para.start()
        start = 0
        for m in _BOUNDARY.finditer(p_text):
            end = m.end()
            if _is_abbreviation(p_text, m.start()) or not _next_starts_sentence(p_text, end):
                continue
            _add_span(spans, p_text, p_start + offset, start, end)
            start = end
        _add_span(spans, p_text, p_start + offset, start, len(p_text))
    return spans


def _add_span(spans: list[tuple[int, int]], p_text: str, base: int, start: int, end: int) -> None:
    while start < end and p_text[start].isspace():
        start += 1
    while end > start and p_text[end - 1].isspace():
        end -= 1
    if end > start:
        spans.append((base + start, base + end))


def _is_abbreviation(text: str, dot: int) -> bool:
    if text[dot] != ".":
        return False
    m = re.search(r"(\S+)$", text[:dot])
    if not m:
        return False
    token = m.group(1).lower().lstrip("(\"„“")
    if token in ABBREVIATIONS or re.fullmatch(r"(?:[^\W\d_]\.)+[^\W\d_]", token):
        return True
    if re.fullmatch(r"[^\W\d_]", token):  # an initial: "J. Smith"
        return True
    # "21. Dezember", "20. und 21. Mai", "3. Platz": a one- or two-digit number followed by a word is an ordinal
    return bool(re.fullmatch(r"\d{1,2}", token))


def _next_starts_sentence(text: str, end: int) -> bool:
    rest = text[end:].lstrip()
    return not rest or not rest[0].islower()


# Thousands groups: "11.000", "11 000", and "11,000" (English; a German decimal comma rarely has 3 digits).
# A decimal comma, or an English decimal point with one or two digits ("1.24 billion"; "1.500" is thousands).
_NUM = re.compile(r"(?<![\w.,])(\d{1,3}(?:[.,\u202f\u00a0 ]\d{3})+(?![\d])|\d+)(?:,(\d+)|\.(\d{1,2})(?![\d.]))?"
                  r"(?![\w])")
_SCALE = {"tausend": 1e3, "thousand": 1e3, "million": 1e6, "millionen": 1e6, "mio": 1e6, "milliarde": 1e9,
          "milliarden": 1e9, "mrd": 1e9, "billionen": 1e12, "billion": 1e9}  # German "Billion" is capitalised


def numbers(text: str) -> set[float]:
    """Numbers in ``text`` as values: German thousands separators and decimal commas, "1,5 Millionen"."""
    return {_value(m, text) for m in _NUM.finditer(text)}


_SPELLED = {w: n for n, ws in enumerate(["", "", "zwei two", "drei three", "vier four", "fünf five", "sechs six",
                                          "sieben seven", "acht eight", "neun nine", "zehn ten", "elf eleven",
                                          "zwölf twelve"]) for w in ws.split()}


def numbers_and_words(text: str) -> set[float]:
    """``numbers`` and the small numbers written as words ("zwei", "neun", "twelve"): "9 Tore" = "neun Tore"."""
    return numbers(text) | {float(_SPELLED[w]) for w in map(normalize, words(text)) if w in _SPELLED}


def _value(m: re.Match[str], text: str) -> float:
    whole = re.sub(r"[.,\u202f\u00a0 ]", "", m.group(1))
    decimals = m.group(2) or m.group(3)
    value = float(whole + ("." + decimals if decimals else ""))
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


def partitives(text: str) -> dict[float, Part]:
    """The numbers of ``text`` that it gives as part of a whole ("A der/von/of (the) B …"), keyed by the part."""
    found: dict[float, Part] = {}
    matches = list(_NUM.finditer(text))
    for part, whole in itertools.pairwise(matches):
        if not _OF.fullmatch(text[part.end(): whole.start()]):
            continue
        noun = _WHOLE_NOUN.match(text, whole.end())
        noun_end = noun.end() if noun else whole.end()
        rest = text[noun_end:]
        end = _CLAUSE_END.search(rest)
        before = text[: part.start()]
        begins = max((m.end() for m in _CLAUSE_END.finditer(before)), default=0)  # "stimmten 12 der 16 Länder zu"
        noun_text = text[whole.end(): noun_end].strip()
        said_text = f"{before[begins:].strip()} {rest[: end.start() if end else len(rest)].strip()}".strip()
        found[_value(part, text)] = Part(_value(whole, text), set(terms(noun_text)), set(terms(said_text)),
                                         whole.group(0), part.group(0), noun_text, said_text)
    return found


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
}
_ASKS_AMOUNT = re.compile(r"\b(?:wie\s*viele?n?|wie\s+(?:hoch|groß|gross|teuer|lange?|alt|schwer|weit)|how\s+many|"
                          r"how\s+much|how\s+(?:high|large|big|long|old|expensive|heavy|far))\b", re.IGNORECASE)


def asks_amount(question: str) -> bool:
    """ "Wie viele …?", "Wie hoch war der Umsatz?", "How many …?", "How much …?": the answer names an amount."""
    return bool(_ASKS_AMOUNT.search(question))


_ASKS_ONE = re.compile(
    r"\b(?:warum|weshalb|wieso|weswegen|wodurch|ursachen?|grund|gründe|schuld|verantwortlich\w*|wer|wem|wen|wessen|"
    r"wann|wo|why|causes?|caused|reasons?|blamed?|responsible|who|whom|whose|when|where)\b", re.IGNORECASE)
# English "when" asks only where it opens the question or a part of it ("… and when …?"); elsewhere it is the
# conjunction ("How many people died when the plane crashed?")
_ASKS_TIME = re.compile(r"\b(?:wann|in\s+welchem\s+jahr|(?:in\s+)?what\s+year)\b|(?:^|[,;]|\band\b)\W*"
                        r"(?:since\s+|until\s+)?when\b", re.IGNORECASE)


def asks_one_answer(question: str) -> bool:
    """A question with one true answer: a cause, an agent, a time, a place or an amount ("Warum …?", "Was war die
    Ursache …?", "Wer …?", "Wann …?", "Wie viele …?"). Articles that answer it differently disagree; articles that
    answer "Wie reagierte …?", "Was forderte …?" or "Welche … ?" differently add to each other."""
    return bool(_ASKS_ONE.search(question)) or asks_amount(question)


_ASKS_CAUSE = re.compile(r"\b(?:ursachen?|wodurch|verursacht\w*|schuld(?:ig\w*|frage)?|caused?|causes|blamed?)\b",
                         re.IGNORECASE)  # not "Schulden", "Schuldner"


def asks_cause(question: str) -> bool:
    """What caused an event, whom the articles blame: "Was war die Ursache …?", "Wodurch …?", "Wer ist schuld …?",
    "What caused …?" (not "Warum …?": that asks for reasons and motives as often as for causes)."""
    return bool(_ASKS_CAUSE.search(question))


def asks_time(question: str) -> bool:
    """ "Wann …?", "When …?", "In welchem Jahr …?" """
    return bool(_ASKS_TIME.search(question))


def amounts(text: str) -> set[float | str]:
    """The numbers in ``text`` other than dates ("am 20. Mai 2025", "im Jahr 2023"), and its number words
    ("zwei", "Zehntausende"; not "keine", which most sentences use for anything but an amount)."""
    undated = _DATE.sub(" ", text)
    return set[float | str](numbers(undated)) | {w for w in map(normalize, words(undated)) if w in AMOUNT_WORDS}


TIME_WORDS = {normalize(w) for w in
    """
    gestern heute morgen vorgestern damals kürzlich jüngst neulich bald demnächst später früher zuvor vorher danach
    seither seitdem anfang ende mitte beginn frühjahr frühling sommer herbst winter woche wochen monat monate
    monaten jahr jahre jahren jahres jahrzehnt jahrzehnte jahrzehnten jahrhundert tag tage tagen tages nacht
    yesterday today tomorrow ago recently lately soon later earlier before afterwards since beginning end
    spring summer autumn fall winter week weeks month months year years decade decades century day days night
    """.split()
}


_YEAR = re.compile(r"(?<![\w.,])(\d{4})(?![\w]|[.,]\d)")  # "2024", not "1.500" or "2024,5"


def times(text: str) -> set[float | str]:
    """What in ``text`` says when: its years (1000-2100), month names and time words ("Anfang", "damals"); not
    other numbers ("38 der 67")."""
    ws = {normalize(w) for w in words(text)}
    years = {float(y) for y in _YEAR.findall(text) if 1000 <= int(y) <= 2100}
    return set[float | str](years) | (ws & (TIME_WORDS | MONTHS_DE.keys() | MONTHS_EN.keys()))


_DE_SUFFIX = re.compile(r"(?:isch|ische[nrms]?|lich|liche[nrms]?|ungen|keit|heit|chte[nt]?)$")
_EN_SUFFIX = re.compile(r"(?:ing|tion|tions|ly)$")


def _language_votes(text: str) -> tuple[int, int]:
    raw = words(text)
    ws = [normalize(w) for w in raw]
    lower = [w for w in raw if w[:1].islower()]  # not names: "Merz won in Düsseldorf" has no German mark
    en = sum(w in STOPWORDS_EN and w not in STOPWORDS_DE for w in ws) + sum(bool(_EN_SUFFIX.search(w)) for w in lower)
    de = sum(w in STOPWORDS_DE and w not in STOPWORDS_EN for w in ws) + sum(
        any(c in w for c in "äöüß") or bool(_DE_SUFFIX.search(w)) for w in lower)
    return en, de


def detect_language(text: str) -> str:
    """"en" when the text reads as English, else "de" (the corpus language)."""
    en, de = _language_votes(text)
    return "en" if en > de else "de"


def reads_german(text: str) -> bool:
    """Whether the text has more German than English marks (not the default of ``detect_language``: "Baku blamed
    Russian electronic jamming" has neither)."""
    en, de = _language_votes(text)
    return de > en


def vocabulary_of(texts: Iterable[str]) -> set[str]:
    return {t for text in texts for t in terms(text) if len(t) >= 3}


def found(term: str, source_terms: set[str]) -> bool:
    """Whether a stemmed term is among ``source_terms``, by stem or by a shared prefix (``prefix_hit``)."""
    return term in source_terms or prefix_hit(term, source_terms)


def share_found(wanted: Iterable[str], held: set[str]) -> float:
    """The share of the ``wanted`` terms that are ``found`` among ``held`` (0 when none are wanted)."""
    wanted = list(wanted)
    return sum(found(t, held) for t in wanted) / len(wanted) if wanted else 0.0


def prefix_hit(term: str, source_terms: set[str]) -> bool:
    """Inflection and compounds the stemmer misses: "russisch" ~ "russland" no, "abgeschoss" ~ "abschuss" no,
    but "aserbaidschan" ~ "aserbaidschanisch" yes (shared prefix of at least 6 letters and 80% of the term)."""
    if len(term) < 6:
        return False
    need = max(6, int(len(term) * 0.8))
    prefix = term[:need]
    return any(s.startswith(prefix) or (len(s) >= 6 and term.startswith(s[: max(6, int(len(s) * 0.8))]))
               for s in source_terms)


# The words that make a question a question: no evidence that a sentence answers it.
QUESTION_WORDS = set(terms("wie viele viel hoch wann welche welcher welches welchem jahr wer was wo warum how many "
                           "much high when what which year who where why"))
