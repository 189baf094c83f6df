"""What a question asks: an amount, a time, a cause, a reason, one answer or several, and about what (its terms
less its question words). German and English question forms; the check, the evidence choice and the disagreement
test read them."""

from __future__ import annotations

import re

from .text import share_found, split_sentences, terms

# The words that make a question a question: no evidence that a sentence answers it.
QUESTION_WORDS = set(terms("wie viele viel hoch wann welche welcher welches welchem jahr wer was wo warum how many "
                           "much high when what which year who where why"))


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


def closest_start(text: str, question: str) -> int:
    """Where in ``text`` the sentence holding the largest share of what ``question`` asks about begins (the first
    such; 0 when no sentence holds any): where a reader's view of a passage starts when the assistant found no
    answer in it, so that the passage's sentence on the question is in view, not the passage's first lines."""
    asked = asked_terms(question)
    best, start = 0.0, 0
    for a, b in split_sentences(text):
        share = share_found(asked, set(terms(text[a:b])))
        if share > best:
            best, start = share, a
    return start
