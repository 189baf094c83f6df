"""Whether articles disagree: parts of one answer, each citing its own article, that answer a question with one
true answer differently."""

from __future__ import annotations

from collections.abc import Sequence

from .citations import CheckedAnswer
from .numbers import amounts, numbers
from .questions import asks_amount, asks_one_answer, asks_time
from .support import Asked
from .text import found, terms
from .types import Passage, SentenceCheck


def by_article(checked: CheckedAnswer, passages: Sequence[Passage]) -> list[CheckedAnswer]:
    """One answer as parts by the article its sentences cite (a sentence citing two articles goes to the first):
    what ``articles_differ`` compares when one prompt answered from several articles."""
    parts: dict[str, list[SentenceCheck]] = {}
    for s in checked.sentences:
        doc = passages[s.citations[0] - 1].doc_id if s.citations else ""
        parts.setdefault(doc, []).append(s)
    return [CheckedAnswer("", [], sentences, [], False) for sentences in parts.values()]


def articles_differ(parts: Sequence[CheckedAnswer], passages: Sequence[Passage], question: str) -> bool:
    """Whether the articles disagree: the question has one true answer (``asks_one_answer``: a cause, an
    agent, a time, a place, an amount) and two parts cite different articles and answer it differently. For an
    amount or a time, each names an amount (number) beyond the question's that neither the other part nor its
    cited passages hold; otherwise each states a term of that kind ("Luftabwehr" against "Störsysteme"; not
    "Ilham Alijew" against "Alijew"). Articles answering "Wie reagierte …?" with
    different measures add to each other; they do not disagree, nor do articles by different authors on who reported:
    the names a part takes from its article's byline are left out."""
    if not asks_one_answer(question):
        return False
    asked = Asked(question)
    by_number = asks_amount(question) or asks_time(question)
    said = []  # per answering part: what it says beyond the question, what it and its passages hold, articles
    for part in parts:
        supported = [s for s in part.sentences if s.supported]
        cited = sorted({n for s in supported for n in s.citations})
        if cited:
            claims = " ".join(s.text for s in supported)
            own: set[float | str] = (
                amounts(claims) - asked.numbers if asks_amount(question) else
                set(numbers(claims) - asked.numbers) if by_number else
                {t for t in terms(claims) if not found(t, asked.terms)})
            if not by_number:  # who wrote it: each article its own (its date's digits may be an amount: kept)
                own -= set(terms(" ".join(x for n in cited for x in (passages[n - 1].author,
                                                                      passages[n - 1].translator) if x)))
            text = " ".join([claims, *(f"{passages[n - 1].title} {passages[n - 1].text}" for n in cited)])
            holds: set[float | str] = set(numbers(text)) if by_number else set(terms(text))
            said.append((own, holds, {passages[n - 1].doc_id for n in cited}))

    def disagree(a: set[float | str], holds_a: set[float | str], b: set[float | str],
                 holds_b: set[float | str]) -> bool:
        if by_number:  # "67 an Bord" and "38 starben" do not disagree where the 67's passage has the 38 too
            return bool(a and b) and bool(a - holds_b) and bool(b - holds_a)
        words_a, words_b = {str(x) for x in holds_a}, {str(x) for x in holds_b}
        return any(not found(str(t), words_b) for t in a) and any(not found(str(t), words_a) for t in b)

    return any(not (da & db) and disagree(a, ha, b, hb)
               for i, (a, ha, da) in enumerate(said) for b, hb, db in said[i + 1:])
