"""Whether a passage supports one sentence of an answer: the test behind every citation.

A passage supports a claim when every number of the claim occurs in it (as a value), the claim's key terms do (by
stem), and each number stands in a passage sentence that, with the one before it, shares those terms ("Am 20. Mai
besuchte Kallas Armenien" is not supported by "Lawrow besuchte Eriwan am 20. Mai. Wenige Tage danach besuchte Kallas
Armenien."). For "how many" and "when" questions the number must also stand where the passage speaks of what is
asked (``focus_share``); for "how many" it must be an amount there, not a date ("2025 Menschen starben" is not "Im Jahr
2025 starben drei Menschen"). A part of a whole, "38 der 67 Menschen an Bord kamen ums Leben", supports what is said of
the 38, not "38 Menschen waren an Bord": ``part_as_whole`` writes that claim with the whole, "67 Menschen waren an
Bord", when the passage then supports it. Only for answers in another language than the passage, a claim is also
supported when it is close in the multilingual embedding space to the passage sentence holding its numbers
(``semantic_threshold``), and a bare value ("11,000"), or the question restated with one ("11,800 spectators watched
the final"), when it stands in the passage sentence with numbers closest in meaning to the question; within one
language the embedding is no evidence: it found wrongly cited passages "close".
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from functools import lru_cache

import numpy as np

from .numbers import (
    MAGNITUDES,
    UNIT_WORDS,
    Part,
    amounts,
    moments,
    numbers,
    numbers_and_words,
    partitives,
    replace_number,
    without_years,
)
from .questions import asked_terms, asks_amount, asks_cause, asks_time, counted_noun
from .text import (
    detect_language,
    english_terms,
    found,
    normalize,
    reads_german,
    share_found,
    split_sentences,
    terms,
    words,
)
from .types import Passage, SentenceCheck

Embed = Callable[[list[str]], np.ndarray]
Judge = Callable[[str, str], float]  # (question, passage sentence) -> log-odds that it answers (judge.LLMJudge)
# A question about the article itself (its date, author, translator): only then does its byline answer.
_ABOUT_ARTICLE = re.compile(
    r"\b(artikel\w*|bericht(e|s|en)?|beitrag\w*|gastbeitrag\w*|kommentar\w*|gastkommentar\w*|meldung\w*|"
    r"reportage\w*|interview\w*|text(es)?|erschien\w*|veröffentlicht\w*|geschrieben|verfasst|autor\w*|"
    r"übersetz\w*|articles?|reports?|story|stories|piece|column|published|written|wrote|authors?|translat\w*)\b",
    re.IGNORECASE)


def about_article(question: str) -> bool:
    """Whether the question asks about the article itself (its date, author, translator), not only its content."""
    return bool(_ABOUT_ARTICLE.search(question))


def is_full_sentence(text: str) -> bool:
    """A sentence, not a heading or a byline line: it ends with a stop, a closing quote or a bracket."""
    return text.rstrip()[-1:] in '.!?…"“”»)\''


def byline_names(passage: Passage) -> list[list[str]]:
    """The terms of each name in the passage's author and translator ("Lena Marquardt und dpa": two names)."""
    names = re.split(r",|&|\bund\b|\band\b", " ".join(n for n in (passage.author, passage.translator) if n))
    return [t for t in (terms(n) for n in names) if t]


_WRITING = re.compile(r"\b(?:bericht\w*|schreib\w*|schrieb\w*|report\w*|writ\w*|wrote)\b", re.IGNORECASE)


def names_only_author(claim: str, passages: Sequence[Passage], question: str) -> bool:
    """Whether the claim names an article's author or translator (first and last name) whom no full sentence of the
    passages names: a byline tells who wrote, not who did what the article reports ("Jonas Riedl won the cup
    final" from "Von Jonas Riedl"; "Die Tochter des Vermieters ist Miriam Castell"). Not where the question or the
    claim speaks of the article or of reporting and writing ("Wer hat über den Sturm berichtet?")."""
    if any(about_article(t) or _WRITING.search(t) for t in (question, claim)):
        return False
    said = set(terms(claim))
    named = [t for p in passages for t in byline_names(p) if len(t) >= 2 and all(found(x, said) for x in t)]
    if not named:
        return False
    full = [set(terms(p.text[a:b])) for p in passages for a, b in split_sentences(p.text)
            if is_full_sentence(p.text[a:b])]
    return any(not any(all(found(x, sentence) for x in t) for sentence in full) for t in named)


_QUOTED = re.compile(r"[„“\"»«][^„“”\"»«]+[“”\"«»]")


class Asked:
    """The question's terms and numbers: what a sentence must go beyond to answer anything."""

    POLAR = {"ja", "nein", "yes", "no"}
    VAGUE = set(terms("mehrere einige zahlreiche wenige etliche several some few numerous"))  # no amount
    UNITS = set(terms(" ".join(UNIT_WORDS)))  # "850 Meter", "2.31 billion", "etwa": no content of their own
    NO_CONTENT = VAGUE | UNITS

    def __init__(self, question: str) -> None:
        self.question = question
        self.terms = set(terms(question))
        self.numbers = numbers(question)
        self.english = detect_language(question) == "en" if question.strip() else False
        self.english_terms = english_terms(question) if self.english else set()

    def in_other_language(self, claim: str) -> bool:
        """True when the claim is a sentence (three words or more, not a name) in the other language than the
        question's: German in an answer to an English question, English in one to a German question. Words in
        quotation marks do not count when others stand beside them: 'The mayor said: „Wir bauen.“' is English."""
        if not self.question.strip() or len(words(claim)) < 3:
            return False
        frame = _QUOTED.sub(" ", claim)  # a quote is the article's words, in the article's language
        if words(frame):
            claim = frame
        return reads_german(claim) if self.english else detect_language(claim) == "en"

    def repeated_by(self, claim: str) -> bool:
        """True when the claim holds no term, number or yes/no beyond the question's ("mehrere" is no amount)."""
        if not self.terms:
            return False
        claim_words = words(claim)
        first = normalize(claim_words[0]) if claim_words else ""
        return not self._new_terms(claim) and not (numbers(claim) - self.numbers) and first not in self.POLAR

    def adds_only_numbers(self, claim: str) -> bool:
        """True when the claim is the question with numbers added ("11,800 spectators watched the final" for "How
        many spectators watched the final?"): what it says rests on its numbers alone."""
        return bool(self.terms) and bool(numbers(claim) - self.numbers) and not self._new_terms(claim)

    def _new_terms(self, claim: str) -> list[str]:
        new_terms = []
        for word in words(claim):
            if self.english and not english_terms(word) - self.english_terms:
                continue  # the German stemmer keeps "supplied" and "supply" apart; the English stem of the word
                # itself, not of its German stem ("Weiler" → "weil" would read as a stopword)
            new_terms += [t for t in terms(word) if not found(t, self.terms) and t not in self.NO_CONTENT]
        return new_terms


class Support:
    """The support test with its thresholds (``CheckSettings``); ``embed`` (texts → unit vectors) enables the
    cross-language tests, which are skipped without it; ``judge`` is asked where the focus test's words fail."""

    def __init__(self, min_term_overlap: float = 0.5, semantic_threshold: float = 0.86, focus_share: float = 0.6,
                 embed: Embed | None = None, judge: Judge | None = None, judge_threshold: float = 0.0) -> None:
        if not 0 < min_term_overlap <= 1:
            raise ValueError(f"min_term_overlap must be in (0, 1], got {min_term_overlap}")
        if not 0 < semantic_threshold <= 1:
            raise ValueError(f"semantic_threshold must be in (0, 1], got {semantic_threshold}")
        if not 0 <= focus_share <= 1:
            raise ValueError(f"focus_share must be in [0, 1], got {focus_share}")
        self.min_term_overlap, self.semantic_threshold, self.focus_share = (min_term_overlap, semantic_threshold,
                                                                            focus_share)
        self.embed, self.judge, self.judge_threshold = embed, judge, judge_threshold

    def part_as_whole(self, claim: str, passages: Sequence[Passage], asked: Asked,
                      parts: list[dict[float, Part]]) -> SentenceCheck | None:
        """A claim that gives a passage's part of a whole as the whole ("38 Menschen waren an Bord" for "38 der 67
        Menschen an Bord ums Leben kamen"): written with the whole when the passage supports that, else refused;
        None for any other claim."""
        claim_numbers, claim_terms, language = numbers(claim), set(terms(claim)), detect_language(claim)
        for n, passage_parts in enumerate(parts, start=1):
            given = _part_given_as_whole(claim_numbers, claim_terms or asked.terms, passage_parts)
            if not given and language != detect_language(passages[n - 1].text):
                given = self._part_given_as_whole_by_meaning(claim, claim_numbers, passage_parts)
            if given:
                value, part = given
                whole = replace_number(claim, value, part.whole_text)
                if whole != claim and self.supports(whole, passages[n - 1], asked.question):
                    return SentenceCheck(text=whole, citations=[n], supported=True, written=claim,
                                         reason=f"number corrected by check: the passage counts {_show(value)} "
                                                f"as part of {part.whole_text}")
                return SentenceCheck(text=claim, citations=[n], supported=False, reason="gives a part as the whole")
        return None

    def _part_given_as_whole_by_meaning(self, claim: str, claim_numbers: set[float],
                                        parts: dict[float, Part]) -> tuple[float, Part] | None:
        """Across languages, where the words cannot match: the claim is closer in meaning to the part with the
        whole's noun ("38 Menschen an Bord") than to what the passage says of the part ("38 Menschen ums Leben
        kamen"): "38 people were on board" (0.94 against 0.89), not "38 people died in the crash" (0.85 / 0.89)."""
        if self.embed is None:
            return None
        for value in sorted(claim_numbers):
            part = parts.get(value)
            if part is None or part.whole in claim_numbers or not part.said_text or not part.noun_text:
                continue
            head = part.noun_text.split()[0]
            vectors = self.embed([claim, f"{part.part_text} {part.noun_text}",
                                  f"{part.part_text} {head} {part.said_text}"])
            if float(vectors[1] @ vectors[0]) > float(vectors[2] @ vectors[0]):
                return value, part
        return None

    def supports(self, claim: str, passage: Passage, question: str = "") -> bool:
        """Whether ``passage`` supports ``claim`` (``_holds``) where it speaks of what is asked (``_in_focus``)."""
        return self._holds(claim, passage, question) and self._in_focus(claim, passage, question)

    def _in_focus(self, claim: str, passage: Passage, question: str) -> bool:
        """For a "how many" or "when" question in the passage's language: each number the claim adds to the
        question stands in a passage sentence that, with the one before it, holds ``focus_share`` of the
        question's terms (for "when", the sentence alone: a date belongs to its own sentence's event, not to the one
        before it), and for "Wie viele <noun> …?" the noun. "Lindenau hat 64 Millionen Einwohner" does not
        answer "Wie viele Einwohner hat Lindenau?" from "Lindenau will 64 Millionen Euro investieren", nor does "14
        Sekunden vor dem Ende" say how many goals a player scored. Where the share of terms fails, a ``judge`` may
        still find that the sentence holding the number (and the noun) answers the question (an article seldom
        repeats its topic: "Die höchste Windgeschwindigkeit … gemessen: 156 Kilometer pro Stunde." about a storm)."""
        if not (asks_amount(question) or asks_time(question)) or detect_language(question) != detect_language(
                passage.text):
            return True
        own = asks_time(question) and not asks_amount(question)  # a date belongs to its own sentence's event
        added: set[float | str] = set(numbers_and_words(claim) - numbers_and_words(question))
        if own:  # so do a weekday and a time of day ("am Donnerstag")
            added |= moments(claim) - moments(question)
        asked = _whole_words(asked_terms(question))  # "AZAL-Maschine" is one word
        if not added or not asked:
            return True
        noun = counted_noun(question)  # "Wie viele Tore …": the number counts goals, not seconds
        for value in added:
            holding = [(sentence, _sentence(sentence)[0] if own else window)
                       for sentence, held, window in _windows(passage)
                       if value in held or (isinstance(value, str) and value in moments(sentence))]
            if not holding:
                continue
            counting = [(s, w) for s, w in holding if all(found(t, w) for t in noun)]
            if not any(share_found(asked, w) >= self.focus_share for _, w in counting) and not any(
                    self.judged_answering(question, s.strip()) for s, _ in counting):
                return False
        return True

    def judged_answering(self, question: str, sentence: str) -> bool:
        """Whether the ``judge`` finds ``sentence`` answering ``question`` (False without a judge)."""
        return self.judge is not None and self.judge(question, sentence) >= self.judge_threshold

    def _holds(self, claim: str, passage: Passage, question: str = "") -> bool:
        """Whether ``passage`` supports ``claim``; a bare value ("4 000") must stand in a passage sentence that
        shares the ``question``'s terms. A number the claim repeats from the question ("im Dezember 2024") is the
        question's premise, not the claim's: the passage need not hold it ("im Dezember letzten Jahres")."""
        source = f"{_byline(passage)} {passage.text}"
        asked_numbers = numbers_and_words(question)
        claim_numbers = {n for n in numbers_and_words(claim) if n != 1 and n not in asked_numbers}  # 1: "ein"
        if not claim_numbers <= numbers_and_words(source):
            return False
        if question and claim_numbers - numbers_and_words(passage.text) and not about_article(question):
            return False  # the byline's date is when the article appeared, not when what it reports happened
        if asks_amount(question):
            dated = _undated(claim) & (claim_numbers - _amounts_in(passage.text))  # the passage gives them as dates
            if dated and not _undated(claim) - dated:
                return False  # its amounts are dates: not "2025 Menschen starben" from "Im Jahr 2025" ("310 Stellen
                # bis Ende 2027" names an amount)
        claim_terms = set(terms(claim))
        if not claim_terms:
            asked = set(terms(question))
            if not claim_numbers:
                return False
            if not asked or self._numbers_in_context(claim_numbers, asked, passage):
                return True
            return self._closest_holds(claim_numbers, question, passage)
        if claim_numbers and Asked(question).adds_only_numbers(claim) and self._closest_holds(
                claim_numbers, question, passage):  # the question restated with a value: like a bare value
            return True
        source_terms = set(terms(source))
        # a sentence with no mark of either language ("Mehmet Aydin scored two goals.") is in the question's
        same_language = detect_language(claim, detect_language(question)) == detect_language(passage.text)
        asked_terms = set(terms(question)) if same_language else set()  # across languages only names would count
        answering = {t for t in claim_terms if not found(t, asked_terms)} or claim_terms
        units = _whole_words(answering)  # "AZAL-Maschine" is one word, not three terms
        hits = sum(1 for t in units if found(t, source_terms) or all(found(x, source_terms) for x in t.split("-")))
        if hits / len(units) >= self.min_term_overlap:
            if len(answering) == 1 and answering != claim_terms and not claim_numbers:  # a bare name
                return self._in_context(answering, claim_terms - answering, passage)
            return self._numbers_in_context(claim_numbers, claim_terms, passage)
        if self.embed is None or same_language:
            return False
        return self._semantic(claim, claim_numbers, passage) >= self.semantic_threshold

    def _in_context(self, answer: set[str], context: set[str], passage: Passage) -> bool:
        """The one term a sentence adds to the question ("Baku ist schuld am Absturz …") stands in a passage
        sentence that holds at least half of the sentence's other terms that the passage holds at all: a name of
        the passage in another role ("Baku machte … Störsysteme verantwortlich") does not answer who is to blame.
        The byline counts as a sentence without the title: a name the title alone holds is the article's topic, not
        what this passage says ("In Armenien regiert die Taliban" from a passage on Armenia under a title on the
        Taliban)."""
        spans = split_sentences(passage.text) or [(0, len(passage.text))]
        sentences = [set(terms(s)) for s in [passage.text[a:b] for a, b in spans] + [_byline(passage, title=False)]]
        held = {t for t in context if any(found(t, st) for st in sentences)}
        if not held:
            return False
        return any(all(found(t, st) for t in answer) and
                   share_found(held, st) >= self.min_term_overlap for st in sentences)

    def _numbers_in_context(self, claim_numbers: set[float], claim_terms: set[str], passage: Passage) -> bool:
        """Each number of the claim stands in a passage sentence that, with the sentence before it (which often
        sets the scene: "… ein Passagierflugzeug abstürzte. … 38 Menschen starben."), holds at least half of the
        claim's terms that the passage holds at all (a term the passage lacks, like "AZAL-Maschine" for
        "Passagierflugzeug", counts for no sentence; when it holds none, the number is not about the claim)."""
        windows = _windows(passage)
        text_terms = set().union(*(window for _, _, window in windows[:-1]))
        in_passage = {t for t in claim_terms if found(t, text_terms | windows[-1][2])}
        if not in_passage:
            return False
        # a term only the byline holds (the title's topic) cannot stand by a number of the text
        in_text = {t for t in in_passage if found(t, text_terms)}
        for value in claim_numbers:
            around = [(window, partitives(sentence), in_text if j < len(windows) - 1 else in_passage)
                      for j, (sentence, held, window) in enumerate(windows) if value in held]
            if around and not any(share_found(held_terms, window) >= self.min_term_overlap
                                  and _said_of_part(parts.get(value), claim_numbers, claim_terms)
                                  and _said_of_whole(value, parts, claim_numbers, claim_terms)
                                  for window, parts, held_terms in around):
                return False
            # the byline (a title with "2. Bundesliga", a date) says no amount of anything
            if around and _said_of_another_amount(value, claim_numbers, in_passage, windows[:-1]):
                return False
        return True

    def _closest_holds(self, claim_numbers: set[float], question: str, passage: Passage) -> bool:
        """Across languages, for a bare value ("11,000 [1]" for "How many soldiers …?" from a German passage) or the
        question restated with one, where the question's terms cannot be found: the passage sentence with numbers
        that is closest in meaning to the question holds every value."""
        if self.embed is None or detect_language(question) == detect_language(passage.text):
            return False
        numbered = [(sentence, held) for sentence, held, _ in _windows(passage)[:-1] if held]  # not the byline
        if not numbered:
            return False
        vectors = self.embed([question, *(sentence for sentence, _ in numbered)])
        closest = numbered[int(np.argmax(vectors[1:] @ vectors[0]))][1]
        return claim_numbers <= closest

    def _semantic(self, claim: str, claim_numbers: set[float], passage: Passage) -> float:
        """How close the claim is to the closest passage sentence holding its numbers."""
        assert self.embed is not None
        spans = split_sentences(passage.text)
        sentences = [passage.text[a:b] for a, b in spans] or [passage.text]
        sentences = [s for s in sentences if claim_numbers <= numbers(s)] or sentences
        vectors = self.embed([claim, *sentences])
        return float(np.max(vectors[1:] @ vectors[0]))


def where_it_adds(claim: str, passage: Passage, question: str) -> list[tuple[str, set[str]]]:
    """The passage's sentences (its byline one of them for a question about the article) that hold the most of what
    ``claim`` adds to the question's terms (at least one), each with the terms of it and the sentence before it; none
    where the passage is in another language than the claim or the claim adds nothing. A bare value ("31:27 [1]")
    adds no term: its sentences are those that hold its numbers."""
    if detect_language(passage.text) != detect_language(claim):
        return []
    question_terms = set(terms(question))
    added = [t for t in terms(claim) if not found(t, question_terms)]
    windows = sentence_windows(passage, question)
    if not added:
        values = numbers_and_words(claim) - numbers_and_words(question)
        return [w for w in windows if values and values <= numbers_and_words(w[0])]
    counts = [sum(found(t, set(terms(sentence))) for t in added) for sentence, _ in windows]
    best = max(counts, default=0)
    return [w for w, count in zip(windows, counts, strict=True) if best and count == best]


def speaks_of_asked_in(passage: Passage, claim: str, question: str, min_share: float) -> bool:
    """Whether the passage speaks of what a question asks where it says what ``claim`` adds: a sentence of
    ``where_it_adds`` holds ``min_share`` of the question's terms. Always for questions of how many, when or what
    caused something (they have their own tests), and where the words cannot tell (another language, nothing added)."""
    asked = asked_terms(question)
    if not asked or asks_cause(question) or asks_amount(question) or asks_time(question):
        return True
    holding = where_it_adds(claim, passage, question)
    return not holding or any(share_found(asked, window) >= min_share for _, window in holding)


def sentence_windows(passage: Passage, question: str) -> list[tuple[str, set[str]]]:
    """Each sentence of the passage with the terms of it and of the sentence before it; then its byline, where the
    ``question`` asks about the article itself (its date, author): else an author is no answer."""
    windows = [(sentence.strip(), window) for sentence, _, window in _windows(passage)]
    return windows if about_article(question) else windows[:-1]


def _windows(passage: Passage) -> tuple[tuple[str, set[float], set[str]], ...]:
    """Each sentence of the passage, then its byline: the text, its numbers (digits or words), and the terms of it
    and of the sentence before it, which often sets the scene ("… ein Passagierflugzeug abstürzte. … 38 Menschen
    starben."); the byline stands alone. Where the check looks for what stands around a number."""
    return _windows_of(passage.text, _byline(passage))


@lru_cache(maxsize=1024)
def _windows_of(text: str, byline: str) -> tuple[tuple[str, set[float], set[str]], ...]:
    sentences = [text[a:b] for a, b in split_sentences(text) or [(0, len(text))]]
    own = [set(terms(s)) for s in sentences]
    windows = [(s, numbers_and_words(s), own[j] | (own[j - 1] if j else set())) for j, s in enumerate(sentences)]
    return (*windows, (byline, numbers_and_words(byline), set(terms(byline))))


def _said_of_another_amount(value: float, claim_numbers: set[float], claim_terms: set[str],
                            windows: Sequence[tuple[str, set[float], set[str]]]) -> bool:
    """The claim says of an amount what the passage says of another one: a sentence with an amount the claim does
    not name holds more of the claim's terms than any sentence holding ``value`` does with the one before it
    (unless that one counts something exactly: its words are about its own count, "Zwei Menschen kamen ums Leben …
    Mindestens 23 Menschen wurden verletzt."; a magnitude sets the scene, "Nordkorea schickte Zehntausende von
    Soldaten … zunächst 11.000 Soldaten"). "1.200 Mitarbeiter wurden entlassen" took its number from "… zunächst
    1.200 Mitarbeiter nach Polen versetzt." next to "Rund 300 dieser Mitarbeiter wurden … entlassen." (a date is no
    such amount)."""
    holding = [_sentence(sentence)[0] if j and _sentence(windows[j - 1][0])[1] - claim_numbers - MAGNITUDES else window
               for j, (sentence, held, window) in enumerate(windows)
               if value in held and value in _sentence(sentence)[1]]
    if not holding:
        return False
    best = max(sum(found(t, window) for t in claim_terms) for window in holding)
    for sentence, held, _ in windows:
        if value in held:
            continue
        own, other = _sentence(sentence)
        if other - claim_numbers and sum(found(t, own) for t in claim_terms) > best:
            return True
    return False


@lru_cache(maxsize=1024)
def _undated(text: str) -> frozenset[float]:
    """The values of ``text``'s numbers that are amounts, not dates or ordinals (``amounts``: "drei" is 3)."""
    return frozenset(v for a in amounts(text) for v in (numbers_and_words(a) if isinstance(a, str) else {a}))


@lru_cache(maxsize=1024)
def _amounts_in(text: str) -> frozenset[float]:
    """``_undated``, and in German without the years that stand alone ("2024 zog Russland ab")."""
    return _undated(without_years(text) if detect_language(text) == "de" else text)


@lru_cache(maxsize=4096)
def _sentence(sentence: str) -> tuple[set[str], set[float | str]]:
    """A sentence's own terms and amounts, a number word as its value ("fünf" is 5; "Hunderte" stays a word)."""
    values: set[float | str] = set()
    for a in amounts(sentence):
        values |= (numbers_and_words(a) if isinstance(a, str) else set()) or {a}
    return set(terms(sentence)), values


def _said_of_part(part: Part | None, claim_numbers: set[float], claim_terms: set[str]) -> bool:
    """A number that is part of a whole in the passage ("38 der 67 Menschen an Bord kamen ums Leben") is about
    what the passage says of the part: the claim names the whole too, or a term of what is said of the part
    ("38 Menschen kamen ums Leben", not "38 Menschen waren an Bord")."""
    if part is None:
        return True
    return part.whole in claim_numbers or not part.said or any(found(t, part.said) for t in claim_terms)


def _said_of_whole(value: float, parts: dict[float, Part], claim_numbers: set[float], claim_terms: set[str]) -> bool:
    """A number that is the whole of a part in the passage ("Of the 14,500 runners who started, 13,870 reached the
    finish"; "38 der 67 Menschen an Bord kamen ums Leben") is about the whole: the claim names the part too, or
    what the whole's own words add to its noun ("started", "an Bord"), or nothing the passage says of the part:
    "14,500 runners reached the finish" and "67 Menschen kamen ums Leben" are not supported."""
    for part_value, part in parts.items():
        if part.whole != value or part_value in claim_numbers:
            continue
        head = set(terms(part.noun_text.split()[0])) if part.noun_text else set()
        if not any(found(t, claim_terms) for t in part.whole_noun - head) and any(
                found(t, part.said) for t in claim_terms):
            return False
    return True


def _part_given_as_whole(claim_numbers: set[float], claim_terms: set[str],
                         parts: dict[float, Part]) -> tuple[float, Part] | None:
    """A number of the claim that a passage (its ``partitives``) says is a part of a whole, given as the whole
    itself: "38 Menschen waren an Bord" where the passage says "38 der 67 Menschen an Bord kamen ums Leben"."""
    for value in sorted(claim_numbers):
        part = parts.get(value)
        if (part is not None and part.whole_noun and all(found(t, claim_terms) for t in part.whole_noun)
                and not _said_of_part(part, claim_numbers, claim_terms)):
            return value, part
    return None


def _whole_words(claim_terms: set[str]) -> set[str]:
    """The terms without the parts of a hyphenated term that is there too."""
    parts = {x for t in claim_terms if "-" in t for x in t.split("-")}
    return {t for t in claim_terms if t not in parts} or claim_terms


def _show(value: float) -> str:
    return f"{value:g}" if value < 1e6 else f"{value:,.0f}"


def _byline(passage: Passage, title: bool = True) -> str:
    """Title (unless ``title`` is False), date, author and translator: read with the passage, as one more of its
    sentences."""
    translator = f"Übersetzung {passage.translator}" if passage.translator else ""
    return f"{passage.title if title else ''} {passage.date or ''} {passage.author or ''} {translator}"

