"""Text addressed to an AI rather than to a reader (indirect prompt injection, OWASP LLM01), found at ingest.

A sentence of an article that matches one of ``RULES`` is *withheld*: ingest blanks it out of the text the
model, the retrievers and the citation check see (same length, so every offset stays valid), records it with its
reason in the chunk metadata, and lists it in the ingest summary and the UI's corpus view. The rest of the
article stays usable. Text hidden from readers in HTML (comments, ``display:none`` …) never enters the text and is
listed too (``assistant/clean.py``).

The rules are data: each names what it finds and a reason a user can read. They look for the *form* of an
instruction to a model (override, role markers, a new role, a demand on every answer, markup that fetches a URL,
invisible characters), not for topics, so a news report that quotes an order ("Ignorieren Sie die Gerüchte")
or a recipe's imperative passes.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

from .text import HTML_TAG, MD_IMAGE, MD_LINK, URL, split_sentences
from .types import Withheld

_I = re.IGNORECASE


@dataclass(frozen=True)
class Rule:
    reason: str
    pattern: re.Pattern[str]


_PRIOR = (r"(?:all\w*|sämtliche\w*|jegliche\w*|vorherig\w*|vorig\w*|bisherig\w*|obig\w*|früher\w*|vorangegangen\w*|"
          r"ursprünglich\w*|dein\w*|deiner|previous|prior|above|earlier|preceding|original|your)")
_ORDERS_DE = r"(?:anweisung\w*|instruktion\w*|befehl\w*|regeln|vorgaben|richtlinien|prompts?|systemprompts?)"
_ORDERS_EN = r"(?:instructions?|prompts?|rules|directions|guidelines|directives|system\s+(?:prompt|message)s?)"
# the imperative verbs that ask a model how to answer or cite, and what they then ask for
_ANSWER_VERB = (r"(?:antworte|antwortet|antworten\s+sie|beantworte|zitiere|zitieren\s+sie|nenne|nennen\s+sie|"
                r"answer|respond|reply|cite|say)")
_ANY_VERB = (_ANSWER_VERB[:-1] + r"|schreibe|schreib|schreiben\s+sie|gib|geben\s+sie|füge|fügen\s+sie|erwähne|"
             r"erwähnen\s+sie|verweise|behaupte|sage|sag|include|add|insert|write|output|print|mention|append|"
             r"state|begin|start|end|tell)")
_EVERY_ANSWER = (r"(?:(?:auf|in|bei|zu)\s+(?:jede[mnrs]?|alle[mn]?|deine[mnr]?|ihre[mnr]?)\s+(?:frage|antwort)\w*|"
                 r"jede\s+frage|(?:every|each|all|any|your)\s+(?:questions?|answers?|responses?|repl(?:y|ies)|"
                 r"quer(?:y|ies)))")
_AI = (r"(?:ki|k\.i\.|ai|a\.i\.|llm|llms|gpt|chatgpt|chatbot\w*|sprachmodell\w*|language\s+models?|"
       r"ai\s+assistants?|ki-\w+|ai-\w+|bots?)")

RULES: tuple[Rule, ...] = (
    Rule("tells the model to ignore or override its instructions",
         re.compile(rf"\b(?:ignorier\w*|vergiss|vergesst|vergessen\s+sie|missachte\w*|übergehe\w*|"
                    rf"überschreibe\w*|setze\s+\w+\s+außer\s+kraft)\b[^.!?\n]{{0,40}}\b{_PRIOR}\s+"
                    rf"(?:\w+\s+)?{_ORDERS_DE}", _I)),
    Rule("tells the model to ignore or override its instructions",
         re.compile(rf"\b(?:ignore|disregard|forget|override|bypass|overwrite)\b[^.!?\n]{{0,40}}\b{_PRIOR}\s+"
                    rf"(?:\w+\s+)?{_ORDERS_EN}", _I)),
    Rule("tells the model to ignore or override its instructions",
         re.compile(rf"\b(?:ignore|disregard|forget)\b[^.!?\n]{{0,20}}\b{_ORDERS_EN}\s+(?:above|before|so\s+far|"
                    rf"given\s+(?:before|earlier|so\s+far))|\b(?:ignorier\w*|vergiss|vergessen\s+sie)\b[^.!?\n]{{0,20}}"
                    rf"\b{_ORDERS_DE}\s+(?:von\s+)?(?:oben|vorher|zuvor|bisher)", _I)),
    Rule("tells the model to ignore or override its instructions",
         re.compile(rf"\b{_PRIOR}\s+{_ORDERS_DE}\s+(?:sind|gelten)\s+(?:ab\s+sofort\s+|jetzt\s+|nicht\s+mehr\s+)*"
                    rf"(?:ungültig|aufgehoben|nichtig|außer\s+kraft)|\b{_PRIOR}\s+{_ORDERS_EN}\s+(?:are|is)\s+"
                    rf"(?:now\s+|no\s+longer\s+)*(?:void|invalid|cancel+ed|obsolete|valid)", _I)),
    Rule("a role or system marker of a chat prompt",
         re.compile(r"<\|[a-z_]{2,20}\|>|\[/?INST\]|<</?SYS>>|<\s*/?\s*(?:system|assistant)\s*>|"
                    r"(?:^|[\s\"„“'‚(])(?-i:SYSTEM|SYSTEMANWEISUNG|SYSTEMNACHRICHT|ADMIN|DEVELOPER)\s*:|"
                    r"(?-i:\bSYSTEM(?:ANWEISUNG|NACHRICHT|BEFEHL|PROMPT)\b)|"
                    r"\b(?:system|admin|developer|entwickler)[\s-]*(?:prompt|anweisung|nachricht|message|"
                    r"instruction|override|befehl|modus|mode)\w*\s*:|"
                    r"\b(?:neue|geänderte|aktualisierte|wichtige|geheime|new|updated|important|secret|hidden)\s+"
                    r"(?:system)?(?:anweisung|instruktion|instruction|directive|befehl)(?:en|s)?\s*:", _I)),
    Rule("gives the model a new role",
         re.compile(r"\b(?:du\s+bist|sie\s+sind|ihr\s+seid)\s+(?:jetzt|ab\s+sofort|nun|von\s+nun\s+an|ab\s+jetzt)\s+"
                    r"(?:ein|eine|der|die|das|kein|keine|mein|meine)\b|"
                    r"\b(?:verhalte\s+dich|tu\s+so|gib\s+dich)\s+(?:ab\s+sofort\s+|jetzt\s+)?(?:wie|als)\b|"
                    r"\bspiele?\s+(?:ab\s+sofort\s+|jetzt\s+)?die\s+rolle\b|"
                    r"\byou\s+are\s+now\b|\bfrom\s+now\s+on,?\s+you\b|\b(?:act|behave)\s+as\s+(?:if|an?|the)\b|"
                    r"\bpretend\s+(?:to\s+be|you\s+are)\b|\b(?:jailbreak|developer\s+mode|DAN\s+mode)\b", _I)),
    Rule("addresses an AI model instead of the reader",
         re.compile(rf"\b(?:hinweis|nachricht|anweisung|botschaft|achtung|note|message|instructions?|attention)\s+"
                    rf"(?:an|für|to|for)\s+(?:die\s+|den\s+|das\s+|alle\s+|the\s+|any\s+|all\s+)?{_AI}\b|"
                    rf"\b(?:liebe|lieber|liebes|hallo|hey|hi|dear|hello|achtung),?\s+{_AI}\b|"
                    rf"\b(?:if|wenn|falls)\s+(?:you\s+are|you're|du|sie)\s+(?:an?\s+|eine?\s+)?{_AI}\b|"
                    rf"\b(?:an|to)\s+(?:alle\s+|all\s+)?{_AI}\s*,?\s+(?:die|welche|that|which|who)\s+"
                    rf"(?:diesen|this)\s+(?:text|artikel|article|page|seite)", _I)),
    Rule("demands how every answer is written or cited",
         re.compile(rf"(?:^|[.:;!?,–—\"„“'‚(]\s*|\b(?:und|and|then|dann|bitte|please)\s+)(?:bitte\s+|please\s+|"
                    rf"ab\s+jetzt\s+|from\s+now\s+on\s+)?(?:immer\s+|stets\s+|nur\s+|always\s+|only\s+)?"
                    rf"{_ANY_VERB}\b[^.!?\n]{{0,80}}?(?:{_EVERY_ANSWER}|"
                    rf"\b(?:nur|ausschließlich)\s+(?:mit|noch|auf)\b|\b(?:only|exclusively)\s+(?:with|in)\b|"
                    rf"\b(?:das|dem|the)\s+wort\b|\bthe\s+word\b|"
                    rf"\b(?:diese[nms]?|folgende[nms]?|this|these|the\s+following)\s+(?:link|bild|url|quelle|"
                    rf"source|image|picture|satz|sentence|text|zeile|line)s?\b|"
                    rf"\b(?:als|as)\s+(?:die\s+|a\s+|the\s+)?(?:quelle|beleg|source|reference)\b|"
                    rf"\b(?:den|einen|the|a)\s+(?:link|url)\b|\[\d+\])", _I)),
    Rule("demands how every answer is written or cited",
         re.compile(rf"(?:^|[.:;!?,–—\"„“'‚(]\s*|\b(?:und|and|bitte|please)\s+)(?:immer|stets|always|only|nur)\s+"
                    rf"{_ANSWER_VERB}\b|(?:^|[.:;!?\"„“'‚(]\s*){_ANSWER_VERB}\s+(?:\w+\s+){{0,3}}"
                    rf"(?:immer|stets|always)\b", _I)),
    Rule("markup that would make a client fetch a URL",
         re.compile(r"!\[[^\]]*\]\s*\(|<\s*(?:img|iframe|script|object|embed|link|meta|svg|video|audio|source|"
                    r"image|frame)\b|\bsrc\s*=|\burl\s*\(\s*['\"]?\s*(?:https?:)?//", _I)),
)

# zero-width, bidirectional and "tag" characters: invisible to a reader, read by a model
_INVISIBLE = re.compile("[\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u2069\ufeff\U000e0000-\U000e007f]")
_BIDI_OR_TAG = re.compile("[\u202a-\u202e\u2066-\u2069\U000e0000-\U000e007f]")
INVISIBLE_REASON = "invisible characters hide text from the reader"


def visible(text: str) -> str:
    """The text a rule reads: invisible characters removed and compatibility forms folded (full-width letters)."""
    return unicodedata.normalize("NFKC", _INVISIBLE.sub("", text))


def reason_for(text: str) -> str | None:
    """Why this text is addressed to a model rather than to a reader, or None."""
    plain = visible(text)
    for rule in RULES:
        if rule.pattern.search(plain):
            if _INVISIBLE.search(text):
                return f"{rule.reason}; {INVISIBLE_REASON}"
            return rule.reason
    if _BIDI_OR_TAG.search(text) or len(_INVISIBLE.findall(text)) >= 3:
        return INVISIBLE_REASON
    return None


def scan(text: str) -> list[Withheld]:
    """The sentences of ``text`` to withhold, with offsets into ``text``. Two neighbouring sentences that only
    together read as an instruction ("Ignoriere bitte. Alle vorherigen Anweisungen gelten nicht.") are both
    withheld."""
    spans = split_sentences(text)
    flagged: dict[int, str] = {}
    for i, (start, end) in enumerate(spans):
        reason = reason_for(text[start:end])
        if reason:
            flagged[i] = reason
    for i in range(len(spans) - 1):
        if i in flagged or i + 1 in flagged or "\n" in text[spans[i][1]:spans[i + 1][0]]:
            continue
        joined = text[spans[i][0]:spans[i][1]].rstrip(".!?…") + " " + text[spans[i + 1][0]:spans[i + 1][1]]
        reason = reason_for(joined)
        if reason:
            flagged[i] = flagged[i + 1] = f"{reason} (across two sentences)"
    return [Withheld(start=spans[i][0], end=spans[i][1], text=text[spans[i][0]:spans[i][1]], reason=r)
            for i, r in sorted(flagged.items())]


BLANK = "\u2002"  # an en space: whitespace to every reader of the text, and told apart from the article's own spaces


def blank(text: str, withheld: list[Withheld]) -> str:
    """``text`` with the withheld spans replaced by en spaces of the same length: offsets stay valid."""
    chars = list(text)
    for w in withheld:
        if 0 <= w.start < w.end <= len(chars):
            chars[w.start:w.end] = BLANK * (w.end - w.start)
    return "".join(chars)


GAP = re.compile(f"[ \t]*{BLANK}{{3,}}[ \t]*")


def close_gaps(text: str, mark: str = " […] ") -> str:
    """Passage text for the model: a blanked span becomes ``mark``."""
    return GAP.sub(mark, text)


def strip_markup(text: str, link: str = "[link removed]") -> str:
    """Images and HTML tags removed, links reduced to their text, bare URLs replaced by ``link``: nothing left
    that a client would fetch or render (the UI escapes the rest, the CLI prints it)."""
    text = MD_IMAGE.sub("", text)
    text = MD_LINK.sub(r"\1", text)
    text = HTML_TAG.sub("", text)
    return URL.sub(link, text)


def neutralise(text: str) -> str:
    """Plain text for a terminal or JSON: markup stripped, invisible characters dropped."""
    return _INVISIBLE.sub("", strip_markup(text))
