"""Citations are checked in code, not trusted.

For each sentence of the model's answer: markers naming no passage are removed; the sentence is supported by a
cited passage when every number in it occurs in the passage (as a value), its key terms do (by stem), and each
number stands in a passage sentence that shares those terms ("Am 20. Mai besuchte Kallas Armenien" is not
supported by "Lawrow besuchte Eriwan am 20. Mai. Wenige Tage danach besuchte Kallas Armenien."; a part of a whole,
"38 der 67 Menschen an Bord kamen ums Leben", supports what is said of the 38, not "38 Menschen waren an Bord":
the check writes that claim with the whole, "67 Menschen waren an Bord", when the passage then supports it);
or, only for answers in another language than the passage, when the sentence and the passage sentence holding its
numbers are close in the multilingual embedding space (``semantic_threshold``, measured on the corpus, see README).
Within one language the embedding is no evidence: it found wrongly cited passages "close" to the claim.
A sentence whose cited passages do not support it, or that cites none, gets the citation of a passage that
does ("citation corrected/added by check"); one that no passage supports is marked.

A sentence that only repeats the question's words, with no term, number or yes/no of its own ("Der russische
Botschafter in Baku ist [2].", "In Jekaterinburg gibt es Einwohner [1].", "Aserbaidschan hat mehrere Harop-Drohnen
gekauft [2]." for "Wie viele …?") answers nothing and is unsupported. Nor does an answer to "Wie viele …?" that
names no amount at all (``names_amount``): the assistant abstains instead.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import lru_cache

import numpy as np

from . import injection
from .text import (
    HTML_TAG,
    MD_IMAGE,
    QUESTION_WORDS,
    URL,
    Part,
    amounts,
    asks_amount,
    asks_one_answer,
    asks_time,
    detect_language,
    english_terms,
    found,
    normalize,
    numbers,
    numbers_and_words,
    partitives,
    reads_german,
    replace_number,
    share_found,
    split_sentences,
    terms,
    times,
    words,
)
from .types import Citation, Passage, SentenceCheck

MARKER = re.compile(r"\s*\[(\d+(?:\s*[,;]\s*\d+)*)\]")  # "[2]", "[1, 3]", with the space before it
_BROKEN_MARKER = re.compile(r"\s*\[[\d,;\s]*(?=\s|$)")  # "[", "[2" cut off by the token limit or a typo
_MARKERS_AFTER_STOP = re.compile(r"([.!?])((?:\s*\[\d+(?:\s*[,;]\s*\d+)*\])+)")
_MARKUP = re.compile("|".join(p.pattern for p in (MD_IMAGE, HTML_TAG, URL)))
ABSTAIN_PATTERNS = re.compile(
    r"keine angaben|enthalten (?:die artikel )?keine|nicht in den (?:artikeln|passagen)|keine informationen|"
    r"(?:don't|do not|does not|doesn't) (?:say|contain|mention)|no information|not mentioned|not in the articles",
    re.IGNORECASE,
)

Embed = Callable[[list[str]], np.ndarray]


@dataclass
class CheckedAnswer:
    text: str
    citations: list[Citation]
    sentences: list[SentenceCheck]
    removed_markers: list[int]
    model_abstained: bool


class CitationChecker:
    def __init__(self, min_term_overlap: float = 0.5, semantic_threshold: float = 0.86, focus_share: float = 0.6,
                 embed: Embed | None = None) -> None:
        if not 0 <= focus_share <= 1:
            raise ValueError(f"focus_share must be in [0, 1], got {focus_share}")
        self.focus_share = focus_share
        if not 0 < min_term_overlap <= 1:
            raise ValueError(f"min_term_overlap must be in (0, 1], got {min_term_overlap}")
        if not 0 < semantic_threshold <= 1:
            raise ValueError(f"semantic_threshold must be in (0, 1], got {semantic_threshold}")
        self.min_term_overlap = min_term_overlap
        self.semantic_threshold = semantic_threshold
        self.embed = embed

    def check(self, raw: str, passages: Sequence[Passage], unsupported_mark: str,
              question: str = "") -> CheckedAnswer:
        asked = _Asked(question)
        parts = [partitives(p.text) for p in passages]  # parsed once for all the answer's sentences
        text = _MARKUP.sub(" ", raw).strip()  # images, HTML and URLs are never part of an answer
        text = _MARKERS_AFTER_STOP.sub(lambda m: f"{m.group(2)}{m.group(1)}", text)
        removed: list[int] = []
        checks: list[SentenceCheck] = []
        out_sentences: list[str] = []
        for start, end in split_sentences(text):
            sentence = text[start:end]
            cited: list[int] = []
            for m in MARKER.finditer(sentence):
                for num in (int(x) for x in re.split(r"[,;]", m.group(1))):
                    if not 1 <= num <= len(passages):
                        removed.append(num)
                    elif num not in cited:
                        cited.append(num)
            claim = _BROKEN_MARKER.sub("", MARKER.sub("", sentence)).strip()
            if not claim or not re.search(r"\w", claim):
                continue
            check = self._check_sentence(claim, cited, passages, asked, parts)
            checks.append(check)
            claim = check.text
            out = _with_marks(claim, "".join(f"[{n}]" for n in check.citations))
            if not check.supported:
                out = f"{out} {unsupported_mark}"
            out_sentences.append(out)
        model_abstained = bool(ABSTAIN_PATTERNS.search(raw)) and not any(c.supported for c in checks)
        citations = self._citations(checks, passages)
        return CheckedAnswer(" ".join(out_sentences), citations, checks, removed, model_abstained)

    def combine(self, parts: Sequence[CheckedAnswer], passages: Sequence[Passage]) -> CheckedAnswer:
        """One answer from answers checked one source at a time; parts that state nothing supported are left out
        (when no part does, all are kept and the caller abstains)."""
        answering = [p for p in parts if any(s.supported for s in p.sentences)] or list(parts)
        sentences = [s for p in answering for s in p.sentences]
        return CheckedAnswer(" ".join(p.text for p in answering if p.text), self._citations(sentences, passages),
                             sentences, [n for p in parts for n in p.removed_markers],
                             any(p.model_abstained for p in parts) and not any(s.supported for s in sentences))

    def by_article(self, checked: CheckedAnswer, passages: Sequence[Passage]) -> list[CheckedAnswer]:
        """One answer as parts by the article its sentences cite (a sentence citing two articles goes to the first):
        what ``differ`` compares when one prompt answered from several articles."""
        parts: dict[str, list[SentenceCheck]] = {}
        for s in checked.sentences:
            doc = passages[s.citations[0] - 1].doc_id if s.citations else ""
            parts.setdefault(doc, []).append(s)
        return [CheckedAnswer("", [], sentences, [], False) for sentences in parts.values()]

    def differ(self, parts: Sequence[CheckedAnswer], passages: Sequence[Passage], question: str) -> bool:
        """Whether the articles disagree: the question has one true answer (``asks_one_answer``: a cause, an
        agent, a time, a place, an amount) and two parts cite different articles and answer it differently. For an
        amount or a time, each names an amount (number) beyond the question's that neither the other part nor its
        cited passages hold; otherwise each states a term of that kind ("Luftabwehr" against "Störsysteme"; not
        "Ilham Alijew" against "Alijew"). Articles answering "Wie reagierte …?" with
        different measures add to each other; they do not disagree."""
        if not asks_one_answer(question):
            return False
        asked = _Asked(question)
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

    def _check_sentence(self, claim: str, cited: list[int], passages: Sequence[Passage], asked: _Asked,
                        parts: list[dict[float, Part]]) -> SentenceCheck:
        if ABSTAIN_PATTERNS.search(claim):
            return SentenceCheck(text=claim, citations=[], supported=False, reason="the model found no answer")
        if repeats_withheld(claim, passages):
            return SentenceCheck(text=claim, citations=cited, supported=False,
                                 reason="repeats a sentence withheld as addressed to an AI")
        if asked.english and len(words(claim)) >= 3 and reads_german(claim):  # a sentence, not a name
            return SentenceCheck(text=claim, citations=cited, supported=False,
                                 reason="not in the language of the question")
        if asked.repeated_by(claim):
            return SentenceCheck(text=claim, citations=cited, supported=False,
                                 reason="repeats the question, adds nothing")
        as_whole = self._check_part_as_whole(claim, passages, asked, parts)
        if as_whole:
            return as_whole
        supporting = [n for n in cited if self.supports(claim, passages[n - 1], asked.question)]
        if supporting:
            return SentenceCheck(text=claim, citations=supporting, supported=True,
                                 reason="" if len(supporting) == len(cited) else "some markers did not support it")
        found = [n for n, p in enumerate(passages, start=1)
                 if n not in cited and self.supports(claim, p, asked.question)][:1]
        if found:
            reason = "citation corrected by check" if cited else "citation added by check"
            return SentenceCheck(text=claim, citations=found, supported=True, reason=reason)
        if not cited:
            return SentenceCheck(text=claim, citations=[], supported=False,
                                 reason="no citation, no passage supports it")
        return SentenceCheck(text=claim, citations=cited, supported=False, reason="no passage supports it")

    def _check_part_as_whole(self, claim: str, passages: Sequence[Passage], asked: _Asked,
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
        question's terms. "Lindenau hat 64 Millionen Einwohner" does not answer "Wie viele Einwohner hat
        Lindenau?" from "Lindenau will 64 Millionen Euro investieren"."""
        if not (asks_amount(question) or asks_time(question)) or detect_language(question) != detect_language(
                passage.text):
            return True
        added = numbers_and_words(claim) - numbers_and_words(question)
        asked = _whole_words(set(terms(question)) - QUESTION_WORDS)  # "AZAL-Maschine" is one word
        if not added or not asked:
            return True
        for value in added:
            holding = [window for _, held, window in _windows(passage) if value in held]
            if holding and not any(share_found(asked, w) >= self.focus_share for w in holding):
                return False
        return True

    def _holds(self, claim: str, passage: Passage, question: str = "") -> bool:
        """Whether ``passage`` supports ``claim``; a bare value ("4 000") must stand in a passage sentence that
        shares the ``question``'s terms. A number the claim repeats from the question ("im Dezember 2024") is the
        question's premise, not the claim's: the passage need not hold it ("im Dezember letzten Jahres")."""
        source = f"{_byline(passage)} {passage.text}"
        asked_numbers = numbers_and_words(question)
        claim_numbers = {n for n in numbers_and_words(claim) if n != 1 and n not in asked_numbers}  # 1: "ein"
        if not claim_numbers <= numbers_and_words(source):
            return False
        claim_terms = set(terms(claim))
        if not claim_terms:
            asked = set(terms(question))
            return bool(claim_numbers) and (not asked or self._numbers_in_context(claim_numbers, asked, passage))
        source_terms = set(terms(source))
        same_language = detect_language(claim) == detect_language(passage.text)
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
        the passage in another role ("Baku machte … Störsysteme verantwortlich") does not answer who is to blame."""
        spans = split_sentences(passage.text) or [(0, len(passage.text))]
        sentences = [set(terms(s)) for s in [passage.text[a:b] for a, b in spans] + [_byline(passage)]]
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
        passage_terms = set().union(*(window for _, _, window in windows))
        in_passage = {t for t in claim_terms if found(t, passage_terms)}
        if not in_passage:
            return False
        for value in claim_numbers:
            around = [(window, partitives(sentence).get(value)) for sentence, held, window in windows
                      if value in held]
            if around and not any(share_found(in_passage, window) >= self.min_term_overlap
                                  and _said_of_part(part, claim_numbers, claim_terms) for window, part in around):
                return False
        return True

    def _semantic(self, claim: str, claim_numbers: set[float], passage: Passage) -> float:
        """How close the claim is to the closest passage sentence holding its numbers."""
        assert self.embed is not None
        spans = split_sentences(passage.text)
        sentences = [passage.text[a:b] for a, b in spans] or [passage.text]
        sentences = [s for s in sentences if claim_numbers <= numbers(s)] or sentences
        vectors = self.embed([claim, *sentences])
        return float(np.max(vectors[1:] @ vectors[0]))

    def _citations(self, checks: list[SentenceCheck], passages: Sequence[Passage]) -> list[Citation]:
        by_number: dict[int, list[SentenceCheck]] = {}
        for c in checks:
            for n in c.citations:
                by_number.setdefault(n, []).append(c)
        out = []
        for n in sorted(by_number):
            p = passages[n - 1]
            claims = by_number[n]
            qs, qe = best_span(p, " ".join(c.text for c in claims))
            out.append(Citation(number=n, doc_id=p.doc_id, title=p.title, date=p.date, quote=p.text[qs:qe],
                                start=p.start + qs, end=p.start + qe, chunk_id=p.chunk_id,
                                supported=all(c.supported for c in claims)))
        return out


def repeats_withheld(claim: str, passages: Sequence[Passage], share: float = 0.5) -> bool:
    """The claim repeats a withheld sentence of a passage: half of its terms (at least two) stand in it, or it
    reads as an instruction itself."""
    if injection.reason_for(claim):
        return True
    mine = set(terms(claim))
    for w in (w for p in passages for w in p.withheld):
        common = mine & set(terms(injection.visible(w.text)))
        if len(common) >= 2 and len(common) >= share * len(mine):
            return True
    return False


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


def _said_of_part(part: Part | None, claim_numbers: set[float], claim_terms: set[str]) -> bool:
    """A number that is part of a whole in the passage ("38 der 67 Menschen an Bord kamen ums Leben") is about
    what the passage says of the part: the claim names the whole too, or a term of what is said of the part
    ("38 Menschen kamen ums Leben", not "38 Menschen waren an Bord")."""
    if part is None:
        return True
    return part.whole in claim_numbers or not part.said or any(found(t, part.said) for t in claim_terms)


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


def _byline(passage: Passage) -> str:
    """Title, date, author and translator: read with the passage, as one more of its sentences."""
    translator = f"Übersetzung {passage.translator}" if passage.translator else ""
    return f"{passage.title} {passage.date or ''} {passage.author or ''} {translator}"


def names_amount(sentences: Sequence[SentenceCheck], question: str) -> bool:
    """Whether a supported sentence names an amount (a number that is not a date, or a number word) that the
    question does not: what an answer to "Wie viele …?" / "How many …?" must do to answer anything."""
    asked = numbers(question)
    return any(amounts(s.text) - asked for s in sentences if s.supported)


def names_time(sentences: Sequence[SentenceCheck], question: str) -> bool:
    """Whether a supported sentence says when (a number, a month, a time word) beyond the question: what an answer
    to "Wann …?" / "When …?" must do to answer anything ("Moskaus neue Verbündete [3]" does not)."""
    asked = times(question)
    return any(times(s.text) - asked for s in sentences if s.supported)




def answering_sentence(question: str, passages: Sequence[Passage], min_share: float) -> str | None:
    """For a "when" or "how many" question: the passage sentence, with its marker, that holds at least ``min_share``
    of the question's terms and a time or amount beyond the question's — the passage's own words answer it
    ("Im Januar 2025 unterzeichneten Russland und der Iran einen Vertrag … [1]"). Same language only."""
    when, many = asks_time(question), asks_amount(question)
    asked = set(terms(question)) - QUESTION_WORDS
    if not (when or many) or len(asked) < 3:
        return None
    language, asked_times, asked_numbers = detect_language(question), times(question), numbers(question)
    best: tuple[float, str] | None = None
    for n, p in enumerate(passages, start=1):
        if detect_language(p.text) != language:
            continue
        for a, b in split_sentences(p.text):
            sentence = p.text[a:b].strip()
            held = set(terms(sentence))
            share = share_found(asked, held)
            if share < min_share or (when and not times(sentence) - asked_times) or (
                    many and not amounts(sentence) - asked_numbers):
                continue
            if best is None or share > best[0]:
                ended = sentence if sentence[-1] in ".!?" else f"{sentence}."
                best = (share, _with_marks(ended, f"[{n}]"))
    return best[1] if best else None


def _with_marks(sentence: str, marks: str) -> str:
    """The sentence with its markers before its closing punctuation: "38 Menschen starben [1]."."""
    if not marks:
        return sentence
    body, stop = (sentence[:-1], sentence[-1]) if sentence[-1] in ".!?" else (sentence, "")
    return f"{body} {marks}{stop}"


def best_span(passage: Passage, claim: str) -> tuple[int, int]:
    """The passage sentence sharing most terms and numbers with ``claim`` (offsets within the passage); a heading
    (no closing punctuation: "Aserbaidschan und Russland") only when no full sentence shares anything."""
    spans = split_sentences(passage.text) or [(0, len(passage.text))]
    want, want_nums = set(terms(claim)), numbers(claim)

    def score(span: tuple[int, int]) -> float:
        s = passage.text[span[0]: span[1]]
        return len(want & set(terms(s))) + 2 * len(want_nums & numbers(s))

    full = [s for s in spans if passage.text[s[0]: s[1]].rstrip()[-1:] in '.!?…"“”»\'' and score(s) > 0]
    return max(full or spans, key=score)


class _Asked:
    """The question's terms and numbers: what a sentence must go beyond to answer anything."""

    POLAR = {"ja", "nein", "yes", "no"}
    VAGUE = set(terms("mehrere einige zahlreiche wenige etliche several some few numerous"))  # no amount

    def __init__(self, question: str) -> None:
        self.question = question
        self.terms = set(terms(question))
        self.numbers = numbers(question)
        self.english = detect_language(question) == "en" if question.strip() else False
        self.english_terms = english_terms(question) if self.english else set()

    def repeated_by(self, claim: str) -> bool:
        """True when the claim holds no term, number or yes/no beyond the question's ("mehrere" is no amount)."""
        if not self.terms:
            return False
        claim_words = words(claim)
        first = normalize(claim_words[0]) if claim_words else ""
        new_terms = [t for t in terms(claim) if not found(t, self.terms) and t not in self.VAGUE]
        if self.english:  # the German stemmer keeps "supplied" and "supply" apart
            new_terms = [t for t in new_terms if english_terms(t) - self.english_terms]
        return not new_terms and not (numbers(claim) - self.numbers) and first not in self.POLAR
