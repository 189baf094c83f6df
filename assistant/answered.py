"""Whether a checked answer answers the question asked. A sentence can be true to its passage and still answer
something else; the assistant then abstains ("the articles don't say") instead of showing it.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from .citations import CheckedAnswer
from .numbers import amounts, numbers, times
from .questions import asked_terms, asks_amount, asks_cause, asks_reason, asks_time
from .settings import CheckSettings
from .support import Asked, Support, sentence_windows, where_it_adds
from .text import found, normalize, share_found, terms, words
from .types import MODEL_FOUND_NONE, Passage, SentenceCheck


def unanswered_reason(checked: CheckedAnswer, passages: Sequence[Passage], question: str, check: CheckSettings,
                      support: Support) -> str:
    """Why the checked answer answers nothing ("" when it answers)."""
    if checked.model_abstained:
        return MODEL_FOUND_NONE
    if not any(s.supported for s in checked.sentences):
        return "nothing the model said is supported by the passages"
    if not speaks_of_asked(checked.sentences, question, check.elliptic_words):
        return "no supported sentence speaks of what the question asks"
    judge = support.judge
    if judge and check.judge_share and not answers_what_is_asked(
            checked.sentences, passages, question, check.judge_share, lambda q, s: judge(q, s) >= check.judge_refuse):
        return "the judge found no supported sentence answering the question"
    if asks_amount(question) and not names_amount(checked.sentences, question):
        return "the question asks how many and the answer names no amount"
    if asks_time(question) and not names_time(checked.sentences, question):
        return "the question asks when and the answer names no time"
    return ""


def names_amount(sentences: Sequence[SentenceCheck], question: str) -> bool:
    """Whether a supported sentence names an amount (a number that is not a date, or a number word) that the
    question does not: what an answer to "Wie viele …?" / "How many …?" must do to answer anything."""
    asked = numbers(question)
    return any(amounts(s.text) - asked for s in sentences if s.supported)


def speaks_of_asked(sentences: Sequence[SentenceCheck], question: str, elliptic_words: int = 4) -> bool:
    """Whether a supported sentence speaks of what is asked: it holds a term of the question, says yes or no, or is
    an elliptic answer of at most ``elliptic_words`` words ("150.000 Euro [1]", "Auf dem Feldberg [2]"). The full
    sentence "Drei Todesopfer – Land stellt Soforthilfe bereit [1]." does not answer "Was brachte den Regionalzug …
    zum Stehen?", nor does a sentence that names a year but no term of the question answer "Wann …?". Cause
    questions are exempt: the sentence that blames someone often shares no word with the question."""
    asked = asked_terms(question)
    if not asked or asks_cause(question):
        return True
    for s in (s for s in sentences if s.supported):
        said, held = words(s.text), set(terms(s.text))
        if len(said) <= elliptic_words or normalize(said[0]) in Asked.POLAR or any(found(t, held) for t in asked):
            return True
    return False


def answers_what_is_asked(sentences: Sequence[SentenceCheck], passages: Sequence[Passage], question: str,
                          min_share: float, answers: Callable[[str, str], bool]) -> bool:
    """Whether the answer answers a question that asks neither how many, when nor what caused something: for a
    supported sentence, the cited passage's sentences that hold most of what the sentence adds to the question
    (``where_it_adds``) hold ``min_share`` of the question's terms, or ``answers`` (the judge) finds one of them
    answering. A sentence can be true to its passage and still answer something else: "Der Landrat stellte den
    Haushalt vor" for "Wer leitete die Sitzung des Kreistags?"; a fragment "Gera und Jena" for "Wer war der Pilot?";
    nor does repeating the question's words make "Markus Vogt, der den Ortsverein führt" the winner of an election.
    Where a sentence elsewhere in the passages restates the whole question, the answer must stand there (or right
    after it): not for "Warum …?", whose reason often stands apart. Numbers and times have their own tests; a
    cause's sentence often shares no word with the question."""
    asked = asked_terms(question)
    if not asked or asks_cause(question) or asks_amount(question) or asks_time(question):
        return True
    restating = [] if asks_reason(question) else _restating(asked, passages, question)
    for s in (s for s in sentences if s.supported):
        cited = [passages[n - 1] for n in s.citations if 0 < n <= len(passages)]
        holding = [h for p in cited for h in where_it_adds(s.text, p, question)]
        if not holding:  # the question's own words (a yes or no), or another language: the claim is compared
            holding = [(s.text, set(terms(s.text)))]
        if _restated_elsewhere(restating, {h for h, _ in holding}):
            continue  # the answer stands where the passage restates the whole question, not here
        if any(share_found(asked, window) >= min_share for _, window in holding) or any(
                answers(question, sentence) for sentence, _ in holding):
            return True
    return False


def _restating(asked: set[str], passages: Sequence[Passage], question: str) -> list[tuple[list[str], set[int]]]:
    """Per passage: its sentences, and where among them one holds every term the question asks ("„Wir sind
    erleichtert“, sagte die Mutter nach der Verhandlung." for "Was sagte die Mutter nach der Verhandlung?")."""
    out = []
    for p in passages:
        sentences = [sentence for sentence, _ in sentence_windows(p, question)]
        words = [set(terms(sentence)) for sentence in sentences]  # once a sentence, not once an asked term
        whole = {j for j, w in enumerate(words) if all(found(t, w) for t in asked)}
        if whole:
            out.append((sentences, whole))
    return out


def _restated_elsewhere(restating: list[tuple[list[str], set[int]]], holding: set[str]) -> bool:
    """A sentence that restates the question (``_restating``) is neither a ``holding`` sentence (where the answer's
    words stand) nor the one before it, which sets its scene: the answer says what the passage says of something
    else ("Außerdem habe die Tochter … erklärt, sie habe sich … beworben")."""
    for sentences, whole in restating:
        near = {j + k for j, sentence in enumerate(sentences) if sentence in holding for k in (-1, 0)}
        if whole - near:
            return True
    return False


def names_time(sentences: Sequence[SentenceCheck], question: str) -> bool:
    """Whether a supported sentence says when (a number, a month, a time word) beyond the question: what an answer
    to "Wann …?" / "When …?" must do to answer anything ("Moskaus neue Verbündete [3]" does not)."""
    asked = times(question)
    return any(times(s.text) - asked for s in sentences if s.supported)
