"""Scoring one answer against its gold question, and the summary over a run. Deterministic; no judge.

Definitions (the README repeats them):
- fact recall: share of a question's facts stated in the answer text (markers removed); accuracy: all facts
  stated, no forbidden value, not abstained. Both over answerable questions.
- retrieval: recall@k of gold source documents among the passages given to the model; recall@k of
  fact-bearing passages (share of facts found in some given passage); MRR of the first gold-source passage.
- citation precision: share of cited passages that contain a gold fact stated by a sentence citing them (or, where
  those sentences state no gold fact, that come from a gold source). A passage is what the model read and a person
  sees on opening the citation: its article's title, date and author above its text (``seen``). Citation recall:
  share of the facts stated in the answer that a sentence states while citing a passage that contains the fact.
  Invalid markers: the share of the markers the model wrote that name no passage, averaged over answers with markers
  (pooled, one degenerate answer repeating "[2][3][4][5]" would outweigh all others). Citation figures are over
  answerable questions that were answered.
- abstention accuracy over unanswerable questions; false-abstention rate over answerable ones.
- false disagreement rate: share of the answers (not abstentions) to questions whose sources do not disagree that
  say the articles report different things (``Answer.sources_differ``); disagreement recall: share of the
  questions marked ``disagree`` whose answer says so.
"""

from __future__ import annotations

import math
import re
from statistics import median
from typing import Any

from pydantic import BaseModel, Field

from ..citations import MARKER
from ..types import Answer, Passage
from .gold import GoldQuestion
from .matching import fact_in


def strip_markers(text: str) -> str:
    return MARKER.sub("", text)


def marker_count(text: str) -> int:
    return sum(len(re.findall(r"\d+", m.group(1))) for m in MARKER.finditer(text))


class Row(BaseModel):
    """One question's result."""

    id: str
    kind: str
    question: str
    answerable: bool
    answer: str = ""
    abstained: bool = False
    error: str | None = None
    rewritten_query: str = ""
    citations: list[dict[str, Any]] = Field(default_factory=list)
    retrieved: list[str] = Field(default_factory=list, description="doc ids of the passages given, in order")
    facts_matched: list[bool] = Field(default_factory=list)
    forbidden_found: list[str] = Field(default_factory=list)
    correct: bool = False
    sources_differ: bool = Field(False, description="The answer says the articles report different things.")
    disagree: bool = Field(False, description="The gold question's sources disagree.")
    source_recall: float | None = None
    fact_passage_recall: float | None = None
    reciprocal_rank: float | None = None
    cited: int = 0
    cited_precise: int = 0
    facts_stated: int = 0
    facts_cited: int = 0
    markers: int = 0
    invalid_markers: int = 0
    latency_s: float = 0.0
    first_token_s: float | None = None
    prompt_tokens: int | None = None
    evaluated_prompt_tokens: int | None = None
    raw_answer: str = Field("", description="What the model wrote, before the check.")
    abstain_reason: str | None = None
    sentences: list[dict[str, Any]] = Field(default_factory=list, description="The check's verdict per sentence.")


def score(q: GoldQuestion, answer: Answer) -> Row:
    text = strip_markers(answer.text)
    row = Row(id=q.id, kind=q.kind, question=q.question, answerable=q.answerable, answer=answer.text,
              raw_answer=answer.raw_text, abstain_reason=answer.abstain_reason,
              sentences=[s.model_dump() for s in answer.sentences],
              abstained=answer.abstained, rewritten_query=answer.rewritten_query,
              citations=[{"number": c.number, "doc_id": c.doc_id, "chunk_id": c.chunk_id, "supported": c.supported}
                         for c in answer.citations],
              retrieved=[p.doc_id for p in answer.passages], latency_s=answer.latency_s,
              first_token_s=answer.first_token_s, prompt_tokens=answer.prompt_tokens,
              evaluated_prompt_tokens=answer.evaluated_prompt_tokens,
              sources_differ=answer.sources_differ, disagree=q.disagree)
    row.markers = marker_count(answer.raw_text) if answer.raw_text else 0
    row.invalid_markers = len(answer.removed_markers)
    if not q.answerable:
        row.correct = answer.abstained
        return row
    passages = answer.passages
    row.source_recall = sum(s in row.retrieved for s in q.sources) / len(q.sources)
    row.fact_passage_recall = sum(any(fact_in(f, seen(p)) for p in passages) for f in q.facts) / len(q.facts)
    row.reciprocal_rank = next((1.0 / i for i, d in enumerate(row.retrieved, 1) if d in q.sources), 0.0)
    if answer.abstained:
        row.facts_matched = [False] * len(q.facts)
        return row
    row.facts_matched = [fact_in(f, text) for f in q.facts]
    row.forbidden_found = [b for b in q.forbidden if fact_in([b], text)]
    row.correct = all(row.facts_matched) and not row.forbidden_found
    _score_citations(q, answer, row)
    return row


def _score_citations(q: GoldQuestion, answer: Answer, row: Row) -> None:
    by_chunk = {p.chunk_id: p for p in answer.passages}
    number_to_chunk = {c.number: c.chunk_id for c in answer.citations}
    sentences = [(strip_markers(s.text), [number_to_chunk[n] for n in s.citations if n in number_to_chunk])
                 for s in answer.sentences]
    for chunk_id in dict.fromkeys(c.chunk_id for c in answer.citations):
        passage = by_chunk.get(chunk_id)
        citing = [s for s, chunks in sentences if chunk_id in chunks]
        stated = [f for f in q.facts if any(fact_in(f, s) for s in citing)]
        row.cited += 1
        if passage is None:
            continue
        if stated:
            row.cited_precise += any(fact_in(f, seen(passage)) for f in stated)
        else:
            row.cited_precise += passage.doc_id in q.sources
    for forms, matched in zip(q.facts, row.facts_matched, strict=True):
        if not matched:
            continue
        row.facts_stated += 1
        row.facts_cited += any(fact_in(forms, s) and any(fact_in(forms, seen(by_chunk[c])) for c in chunks
                                                          if c in by_chunk) for s, chunks in sentences)


def seen(passage: Passage) -> str:
    """The passage as the model reads it (``prompts.passage_block``) and the source view shows it: the article's
    title, date, author and translator above the text. "Wer hat den Kommentar geschrieben? Anna Berg [1]" cites its
    article's byline."""
    return "\n".join(x for x in (passage.title, passage.date, passage.author, passage.translator, passage.text) if x)


def _mean(values: list[float]) -> float:
    return sum(values) / len(values) if values else math.nan


def _ratio(num: int, den: int) -> float:
    return num / den if den else math.nan


def percentile(values: list[float], q: float) -> float:
    """The nearest-rank ``q`` quantile; NaN for no values."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, math.ceil(q * len(ordered)) - 1)]


def summarize(rows: list[Row]) -> dict[str, Any]:
    """The summary figures; NaN where a denominator is empty (the gate treats NaN as a failure)."""
    ans = [r for r in rows if r.answerable]
    unans = [r for r in rows if not r.answerable]
    answered = [r for r in ans if not r.abstained and r.error is None]
    latencies = [r.latency_s for r in rows if r.error is None]
    ttft = [r.first_token_s for r in rows if r.first_token_s is not None]
    return {
        "n_questions": len(rows),
        "n_answerable": len(ans),
        "n_unanswerable": len(unans),
        "errors": sum(r.error is not None for r in rows),
        "fact_recall": _mean([sum(r.facts_matched) / len(r.facts_matched) if r.facts_matched else 0.0 for r in ans]),
        "accuracy": _mean([float(r.correct) for r in ans]),
        "citation_precision": _ratio(sum(r.cited_precise for r in answered), sum(r.cited for r in answered)),
        "citation_recall": _ratio(sum(r.facts_cited for r in answered), sum(r.facts_stated for r in answered)),
        "invalid_marker_rate": _mean([r.invalid_markers / r.markers for r in rows if r.markers]),
        "retrieval_recall_at_k": _mean([r.source_recall for r in ans if r.source_recall is not None]),
        "retrieval_fact_recall_at_k": _mean([r.fact_passage_recall for r in ans if r.fact_passage_recall is not None]),
        "mrr": _mean([r.reciprocal_rank for r in ans if r.reciprocal_rank is not None]),
        "abstention_accuracy": _mean([float(r.abstained) for r in unans]),
        "false_abstention_rate": _mean([float(r.abstained) for r in ans]),
        "false_disagreement_rate": _mean([float(r.sources_differ) for r in rows
                                          if not r.disagree and not r.abstained and r.error is None]),
        "disagreement_recall": _mean([float(r.sources_differ) for r in rows if r.disagree]),
        "latency_p50_s": median(latencies) if latencies else math.nan,
        "latency_p95_s": percentile(latencies, 0.95),
        "ttft_p50_s": median(ttft) if ttft else math.nan,
        "ttft_p95_s": percentile(ttft, 0.95),
        "prompt_tokens_mean": _mean([float(r.prompt_tokens) for r in rows if r.prompt_tokens]),
        "evaluated_prompt_tokens_mean": _mean([float(r.evaluated_prompt_tokens) for r in rows
                                               if r.prompt_tokens and r.evaluated_prompt_tokens is not None]),
    }


def by_kind(rows: list[Row]) -> dict[str, dict[str, float]]:
    kinds: dict[str, list[Row]] = {}
    for r in rows:
        kinds.setdefault(r.kind, []).append(r)
    return {k: {"n": len(rs), "accuracy": _mean([float(r.correct) for r in rs])} for k, rs in sorted(kinds.items())}
