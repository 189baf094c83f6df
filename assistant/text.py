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


_ASKS_AMOUNT = re.compile(r"\b(?:wie\s*viele?n?|wie\s+(?:hoch|groß|gross|teuer|lange?|alt|schwer|weit)|how\s+many|"
                          r"how\s+much|how\s+(?:high|large|big|long|old|expensive|heavy|far))\b", re.IGNORECASE)


_PRICE = re.compile(r"\b(?:kostet(?:e|en)?|kosten|gekostet|costs?)\b", re.IGNORECASE)  # "Was kostet …?"
_WHAT = re.compile(r"^\W*(?:(?:und|and)\s+)?(?:was|what)\b", re.IGNORECASE)


def asked_terms(question: str) -> set[str]:
    """The question's terms that say what it asks about: not its question words, nor the measure of an amount
    question ("Wie teuer ist das Foyer?", "Was kostet das Foyer?" ask about the foyer, not "teuer" or "kostet")."""
    about = _PRICE.sub(" ", _ASKS_AMOUNT.sub(" ", question)) if asks_amount(question) else question
    return set(terms(about)) - QUESTION_WORDS


def asks_amount(question: str) -> bool:
    """ "Wie viele …?", "Wie hoch war der Umsatz?", "How many …?", "How much …?", "Was kostet …?", "What did …
    cost?": the answer names an amount."""
    return bool(_ASKS_AMOUNT.search(question) or (_WHAT.search(question) and _PRICE.search(question)))


_COUNTED = re.compile(r"\b[Ww]ie\s+viele\s+(?:[a-zäöüß]\w*\s+){0,2}([A-ZÄÖÜ]\w+)")  # capitalised: the noun


def counted_noun(question: str) -> set[str]:
    """The terms of the noun a German "Wie viele …?" counts ("Wie viele nordkoreanische Soldaten …" → Soldaten)."""
    m = _COUNTED.search(question)
    return set(terms(m.group(1))) if m else set()


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


_ASKS_REASON = re.compile(r"\b(?:warum|weshalb|wieso|weswegen|why)\b", re.IGNORECASE)


def asks_reason(question: str) -> bool:
    """Reasons and motives: "Warum …?", "Weshalb …?", "Why …?" (the reason often stands after the sentence that
    restates the question)."""
    return bool(_ASKS_REASON.search(question))


def asks_cause(question: str) -> bool:
    """What caused an event, whom the articles blame: "Was war die Ursache …?", "Wodurch …?", "Wer ist schuld …?",
    "What caused …?" (not "Warum …?": that asks for reasons and motives as often as for causes)."""
    return bool(_ASKS_CAUSE.search(question))


def asks_time(question: str) -> bool:
    """ "Wann …?", "When …?", "In welchem Jahr …?" """
    return bool(_ASKS_TIME.search(question))



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
