"""Citations are checked in code, not trusted.

For each sentence of the model's answer: markers naming no passage are removed; the sentence is supported when a
cited passage supports it (``support.Support``). A sentence whose cited passages do not support it, or that cites
none, gets the citation of a passage that does ("citation corrected/added by check"); one that no passage supports
is marked. Whether articles disagree is ``disagreement.py``'s question.

A sentence that only repeats the question's words, with no term, number or yes/no of its own ("Der russische
Botschafter in Baku ist [2].", "In Jekaterinburg gibt es Einwohner [1].", "Aserbaidschan hat mehrere Harop-Drohnen
gekauft [2]." for "Wie viele …?") answers nothing and is unsupported. Whether the supported sentences answer the
question is ``answered.py``'s question.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

from . import injection
from .numbers import Part, amounts, numbers, partitives, times
from .questions import asked_terms, asks_amount, asks_cause, asks_reason, asks_time
from .support import (
    Asked,
    Embed,
    Judge,
    Support,
    byline_names,
    is_full_sentence,
    names_only_author,
    speaks_of_asked_in,
)
from .text import HTML_TAG, MD_IMAGE, MD_LINK, URL, detect_language, found, share_found, split_sentences, terms, words
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

@dataclass
class CheckedAnswer:
    text: str
    citations: list[Citation]
    sentences: list[SentenceCheck]
    removed_markers: list[int]
    model_abstained: bool


class CitationChecker:
    def __init__(self, min_term_overlap: float = 0.5, semantic_threshold: float = 0.86, focus_share: float = 0.6,
                 embed: Embed | None = None, judge: Judge | None = None, judge_threshold: float = 0.0,
                 answer_share: float = 0.4) -> None:
        if not 0 <= answer_share <= 1:
            raise ValueError(f"answer_share must be in [0, 1], got {answer_share}")
        self.support = Support(min_term_overlap, semantic_threshold, focus_share, embed, judge, judge_threshold)
        self.answer_share = answer_share  # check.judge_share: a cited passage must speak of what is asked (0: off)

    def check(self, raw: str, passages: Sequence[Passage], unsupported_mark: str,
              question: str = "") -> CheckedAnswer:
        asked = Asked(question)
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
            out_sentences.append(_shown(check, unsupported_mark))
        model_abstained = bool(ABSTAIN_PATTERNS.search(raw)) and not any(c.supported for c in checks)
        citations = self._citations(checks, passages)
        return CheckedAnswer(" ".join(out_sentences), citations, checks, removed, model_abstained)

    def combine(self, parts: Sequence[CheckedAnswer], passages: Sequence[Passage],
                unsupported_mark: str) -> CheckedAnswer:
        """One answer from answers checked one source at a time; parts that state nothing supported are left out
        (when no part does, all are kept and the caller abstains); a sentence said twice is said once."""
        answering = [p for p in parts if any(s.supported for s in p.sentences)] or list(parts)
        sentences = said_once([s for p in answering for s in p.sentences])
        return CheckedAnswer(" ".join(_shown(s, unsupported_mark) for s in sentences),
                             self._citations(sentences, passages), sentences,
                             [n for p in parts for n in p.removed_markers],
                             any(p.model_abstained for p in parts) and not any(s.supported for s in sentences))

    def _check_sentence(self, claim: str, cited: list[int], passages: Sequence[Passage], asked: Asked,
                        parts: list[dict[float, Part]]) -> SentenceCheck:
        if ABSTAIN_PATTERNS.search(claim):
            return SentenceCheck(text=claim, citations=[], supported=False, reason="the model found no answer")
        if repeats_withheld(claim, passages):
            return SentenceCheck(text=claim, citations=cited, supported=False,
                                 reason="repeats a sentence withheld as addressed to an AI")
        if asked.in_other_language(claim):
            return SentenceCheck(text=claim, citations=cited, supported=False,
                                 reason="not in the language of the question")
        if names_only_author(claim, passages, asked.question):
            return SentenceCheck(text=claim, citations=cited, supported=False,
                                 reason="names the article's author, not someone it reports on")
        if asked.repeated_by(claim):
            return SentenceCheck(text=claim, citations=cited, supported=False,
                                 reason="repeats the question, adds nothing")
        as_whole = self.support.part_as_whole(claim, passages, asked, parts)
        if as_whole:
            return as_whole
        supporting = [n for n in cited if self.support.supports(claim, passages[n - 1], asked.question)]
        if supporting and self.answer_share and not any(
                speaks_of_asked_in(passages[n - 1], claim, asked.question, self.answer_share) for n in supporting):
            there = [n for n, p in enumerate(passages, start=1) if n not in cited and speaks_of_asked_in(
                p, claim, asked.question, self.answer_share) and self.support.supports(claim, p, asked.question)]
            if there:  # the model's numbers often slip: "[2]" for what passage 1 says where it speaks of the question
                return SentenceCheck(text=claim, citations=there[:1], supported=True,
                                     reason="citation corrected by check: the cited passage speaks of something else")
        if supporting:
            return SentenceCheck(text=claim, citations=supporting, supported=True,
                                 reason="" if len(supporting) == len(cited) else "some markers did not support it")
        found = [n for n, p in enumerate(passages, start=1)
                 if n not in cited and self.support.supports(claim, p, asked.question)][:1]
        if found:
            reason = "citation corrected by check" if cited else "citation added by check"
            return SentenceCheck(text=claim, citations=found, supported=True, reason=reason)
        if not cited:
            return SentenceCheck(text=claim, citations=[], supported=False,
                                 reason="no citation, no passage supports it")
        return SentenceCheck(text=claim, citations=cited, supported=False, reason="no passage supports it")

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


def answering_sentence(question: str, passages: Sequence[Passage], min_share: float) -> str | None:
    """The passage sentence, with its marker, that holds at least ``min_share`` of the question's terms and what
    the question asks for beyond them: a time for "when", an amount for "how many", a term of its own for who, what,
    where — the passage's own words answer it ("Im Januar 2025 unterzeichneten Russland und der Iran einen Vertrag
    … [1]", "Das Stadtmuseum zog im Frühjahr nach Kassel um [1]"). Not for why or what caused something: the
    sentence in the question's words tells what happened, the reason stands elsewhere. Same language only; a
    sentence with a link, image or HTML is never quoted."""
    when, many = asks_time(question), asks_amount(question)
    fact = not (when or many)  # who, what, where
    asked, question_terms = asked_terms(question), set(terms(question))
    if (fact and (asks_cause(question) or asks_reason(question))) or len(asked) < 3:
        return None
    language, asked_times, asked_numbers = detect_language(question), times(question), numbers(question)
    best: tuple[float, str] | None = None
    for n, p in enumerate(passages, start=1):
        if detect_language(p.text) != language:
            continue
        for a, b in split_sentences(p.text):
            sentence = p.text[a:b].strip()
            if _MARKUP.search(sentence) or MD_LINK.search(sentence):
                continue  # a link, image or tag: not quoted word for word
            held = set(terms(sentence))
            share = share_found(asked, held)
            if share < min_share or (when and not times(sentence) - asked_times) or (
                    many and not amounts(sentence) - asked_numbers) or (
                    fact and all(found(t, question_terms) for t in held)):
                continue
            if best is None or share > best[0]:
                ended = sentence if sentence[-1] in ".!?" else f"{sentence}."
                best = (share, _with_marks(ended, f"[{n}]"))
    return best[1] if best else None


def said_once(sentences: Sequence[SentenceCheck]) -> list[SentenceCheck]:
    """The sentences with each wording once: a repeat (the same words, case and punctuation aside; one prompt per
    article often gives the same sentence) adds its citations to the first where both are supported or both not,
    and is left out ("38 people died [1]. 38 people died [2]." becomes "38 people died [1][2].")."""
    out: list[SentenceCheck] = []
    first: dict[tuple[str, bool], int] = {}
    for s in sentences:
        key = (" ".join(words(s.text)).casefold(), s.supported)
        if key not in first:
            first[key] = len(out)
            out.append(s)
            continue
        kept = out[first[key]]
        out[first[key]] = kept.model_copy(update={"citations": kept.citations + [
            n for n in s.citations if n not in kept.citations]})
    return out


def _shown(check: SentenceCheck, unsupported_mark: str) -> str:
    """The checked sentence as the answer shows it: its markers before the closing stop, then the mark when
    unsupported."""
    out = _with_marks(check.text, "".join(f"[{n}]" for n in check.citations))
    return f"{out} {unsupported_mark}" if not check.supported else out


def _with_marks(sentence: str, marks: str) -> str:
    """The sentence with its markers before its closing punctuation: "38 Menschen starben [1]."."""
    if not marks:
        return sentence
    body, stop = (sentence[:-1], sentence[-1]) if sentence[-1] in ".!?" else (sentence, "")
    return f"{body} {marks}{stop}"


def best_span(passage: Passage, claim: str) -> tuple[int, int]:
    """The passage sentence sharing most terms and numbers with ``claim`` (offsets within the passage); a heading
    (no closing punctuation: "Aserbaidschan und Russland") only when no full sentence shares anything, or when it is
    the byline of an author or translator the claim names ("Ein Gastkommentar von Asif Masimov")."""
    spans = split_sentences(passage.text) or [(0, len(passage.text))]
    want, want_nums = set(terms(claim)), numbers(claim)
    names = [t for t in byline_names(passage) if all(found(x, want) for x in t)]

    def score(span: tuple[int, int]) -> float:
        s = passage.text[span[0]: span[1]]
        return len(want & set(terms(s))) + 2 * len(want_nums & numbers(s))

    def eligible(span: tuple[int, int]) -> bool:
        s = passage.text[span[0]: span[1]]
        return is_full_sentence(s) or any(all(found(x, set(terms(s))) for x in t) for t in names)

    full = [s for s in spans if eligible(s) and score(s) > 0]
    return max(full or spans, key=score)
