"""German-aware text helpers shared by ingestion, keyword search and the citation check.

- ``split_sentences``: sentence spans that survive "u.a.", "z.B." and dates like "21. Dezember".
- ``terms``: normalised, stemmed content words (umlauts folded, compounds split against a vocabulary).
- ``asks_amount``, ``asks_time``, ``asks_cause``, ``asks_one_answer``: what kind of answer a question wants.
- ``detect_language``: "de" or "en" for the answer language.

Numbers, amounts and times are in ``numbers.py``.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from functools import lru_cache

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


def detect_language(text: str, default: str = "de") -> str:
    """"en" when the text reads as English, "de" when it reads as German, else ``default`` (the corpus language)."""
    en, de = _language_votes(text)
    return "en" if en > de else "de" if de > en else default


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
