"""The eval's metrics, report and gate; a deliberately broken pipeline must fail the gate."""

from __future__ import annotations

import json
import math
import random
import re
from pathlib import Path

from assistant.evals.gold import GoldQuestion, load_gold
from assistant.evals.metrics import score, summarize
from assistant.evals.pipelines import AssistantPipeline, PlainLlamaIndexPipeline
from assistant.evals.run import baseline_from, evaluate, gate, write_report
from assistant.prompts import ABSTAIN
from assistant.text import split_sentences, terms
from assistant.types import Answer, Citation, Passage, SentenceCheck

from .conftest import ScriptedLLM

GOLD = Path(__file__).resolve().parent.parent / "evals" / "gold.jsonl"
D2 = "002_ae1e676b21058354.txt"


def q(**kw) -> GoldQuestion:
    base = {"id": "t1", "question": "Wie viele Soldaten schickte Nordkorea?", "facts": [["11.000"]],
            "sources": [D2], "answerable": True, "kind": "factoid"}
    return GoldQuestion.model_validate(base | kw)


def passage(text: str, doc_id: str = D2, n: int = 0) -> Passage:
    return Passage(chunk_id=f"{doc_id}::{n}", doc_id=doc_id, title="t", text=text, start=0, end=len(text))


def answer(text: str, passages: list[Passage], cited: list[int], abstained: bool = False) -> Answer:
    cits = [Citation(number=n, doc_id=passages[n - 1].doc_id, title="t", quote="", start=0, end=0, supported=True,
                     chunk_id=passages[n - 1].chunk_id) for n in cited]
    return Answer(question="q", text=text, raw_text=text, citations=cits, passages=passages, abstained=abstained,
                  rewritten_query="q", sentences=[SentenceCheck(text=text, citations=cited, supported=True)])


def test_a_correct_cited_answer_scores_full_marks() -> None:
    ps = [passage("Nordkorea hatte zunächst 11.000 Soldaten entsandt."), passage("Anderes.", "x.txt", 1)]
    row = score(q(), answer("Nordkorea schickte 11.000 Soldaten [1].", ps, [1]))
    assert row.correct and row.facts_matched == [True]
    assert (row.cited, row.cited_precise, row.facts_stated, row.facts_cited) == (1, 1, 1, 1)
    assert row.source_recall == 1 and row.reciprocal_rank == 1 and row.fact_passage_recall == 1


def test_wrong_citation_and_near_miss_values_count_against_the_answer() -> None:
    ps = [passage("Anderes.", "x.txt", 1), passage("Nordkorea hatte zunächst 11.000 Soldaten entsandt.")]
    row = score(q(), answer("Nordkorea schickte 11.000 Soldaten [1].", ps, [1]))
    assert row.correct and row.cited_precise == 0 and row.facts_cited == 0 and row.reciprocal_rank == 0.5
    row = score(q(forbidden=["1.000"]), answer("Es waren 1.000 Soldaten [2].", ps, [2]))
    assert not row.correct and row.facts_matched == [False] and row.forbidden_found == ["1.000"]
    row = score(q(forbidden=["1.000"]), answer("Es waren 11.000, nicht 1.000 [2].", ps, [2]))
    assert not row.correct and row.facts_matched == [True]


def test_a_byline_answer_cites_the_passage_it_was_read_with() -> None:
    """The model reads, and the source view shows, each passage under its article's title, date and author."""
    author = q(question="Wer schrieb den Kommentar über den Hafenausbau?", facts=[["Marta Lindqvist"]])
    ps = [passage("Der Hafen wird bis 2030 ausgebaut."), passage("Der Hafen wird ausgebaut.", "x.txt", 1)]
    ps[0] = ps[0].model_copy(update={"author": "Marta Lindqvist", "date": "2025-03-02"})
    ps[1] = ps[1].model_copy(update={"author": "Jonas Brandt"})
    row = score(author, answer("Marta Lindqvist [1].", ps, [1]))
    assert (row.cited, row.cited_precise, row.facts_cited, row.fact_passage_recall) == (1, 1, 1, 1)
    row = score(author, answer("Marta Lindqvist [2].", ps, [2]))
    assert (row.cited, row.cited_precise, row.facts_cited) == (1, 0, 0)


def test_abstention_is_right_only_for_unanswerable_questions() -> None:
    ps = [passage("Anderes.")]
    unanswerable = q(facts=[], sources=[], answerable=False, kind="unanswerable")
    assert score(unanswerable, answer(ABSTAIN["de"], ps, [], abstained=True)).correct
    assert not score(unanswerable, answer("Brasilien [1].", ps, [1])).correct
    assert not score(q(), answer(ABSTAIN["de"], ps, [], abstained=True)).correct


def test_saying_the_articles_disagree_counts_only_where_they_do() -> None:
    ps = [passage("Nordkorea schickte 11.000 Soldaten.")]
    said = answer("11.000 [1].", ps, [1]).model_copy(update={"sources_differ": True})
    plain = answer("11.000 [1].", ps, [1])
    rows = [score(q(), said), score(q(id="t2"), plain), score(q(id="t3", disagree=True, sources=[D2, "x"]), plain)]
    figures = summarize(rows)
    assert figures["false_disagreement_rate"] == 0.5 and figures["disagreement_recall"] == 0.0
    assert summarize([score(q(id="t3", disagree=True, sources=[D2, "x"]), said)])["disagreement_recall"] == 1.0


def test_an_undefined_figure_fails_the_gate() -> None:
    ps = [passage("Nordkorea hatte zunächst 11.000 Soldaten entsandt.")]
    summary = summarize([score(q(), answer("11.000 [1].", ps, [1]))])  # no unanswerable question in the run
    assert math.isnan(summary["abstention_accuracy"])
    failures = gate(summary, baseline_from(summary | {"abstention_accuracy": 1.0}, 0.05))
    assert failures == ["abstention_accuracy is undefined (nan)"]


def extractive(messages) -> str:
    """A stand-in for a model: copies the passage sentence sharing most words with the question, cited."""
    user = messages[-1].content or ""
    question = set(terms(user.rsplit("Question:", 1)[-1].split("\n")[0]))
    best, best_n, best_overlap = "", 0, 0
    for m in re.finditer(r"\[(\d+)\][^\n]*\n<<<\n(.*?)\n>>>", user, re.S):
        text = m.group(2)
        for s, e in split_sentences(text):
            overlap = len(question & set(terms(text[s:e])))
            if overlap > best_overlap:
                best, best_n, best_overlap = text[s:e].strip(), int(m.group(1)), overlap
    return f"{best.rstrip('.')} [{best_n}]." if best_overlap >= 2 else ABSTAIN["de"]


class RandomRetriever:
    """The broken pipeline: passages drawn at random, whatever the question."""

    def __init__(self, passages: list[Passage], seed: int = 0) -> None:
        self.passages, self.rng = passages, random.Random(seed)

    def retrieve(self, query: str, top_k: int) -> list[Passage]:
        return [p.model_copy(update={"dense_score": 0.9}) for p in self.rng.sample(self.passages, top_k)]


def test_a_broken_retriever_fails_the_gate(make_assistant, tmp_path: Path) -> None:
    all_gold = load_gold(GOLD)
    gold = [g for g in all_gold if g.answerable and not g.history][:40] + [g for g in all_gold if not g.answerable][:5]
    good = make_assistant(ScriptedLLM(script=extractive))
    report = evaluate([AssistantPipeline(good)], gold, show_bar=False)
    stored = baseline_from(report["summary"], tolerance=0.05)
    assert gate(report["summary"], stored) == []
    assert report["summary"]["accuracy"] > 0.3  # the fake copies sentences: it gets many facts right

    broken = make_assistant(ScriptedLLM(script=extractive), store=good.store,
                            retriever=RandomRetriever(good.store.all_passages()))
    bad = evaluate([AssistantPipeline(broken)], gold, show_bar=False)
    failures = gate(bad["summary"], stored)
    assert any(f.startswith("retrieval_recall_at_k") for f in failures)
    assert any(f.startswith("accuracy") for f in failures)

    write_report(bad, tmp_path, failures)
    data = json.loads((tmp_path / "report.json").read_text())
    for name in ("fact_recall", "accuracy", "citation_precision", "citation_recall", "retrieval_recall_at_k",
                 "abstention_accuracy", "false_abstention_rate", "latency_p50_s", "latency_p95_s"):
        assert isinstance(data["summary"][name], float), name
    assert data["gate"]["passed"] is False and len(data["rows"]) == len(gold)
    md = (tmp_path / "report.md").read_text()
    assert "Gate: FAILED" in md and "## Failures of assistant" in md


def test_plain_llama_index_baseline_runs_on_the_same_store(make_assistant, settings) -> None:
    a = make_assistant(ScriptedLLM(script=lambda m: "Nordkorea schickte 11.000 Soldaten."))
    plain = PlainLlamaIndexPipeline(a.store, a.embedder, a.llm, settings.top_k)
    report = evaluate([AssistantPipeline(a), plain], [q()], show_bar=False)
    row = report["pipelines"]["plain-llama-index"]["rows"][0]
    assert row["correct"] and len(row["retrieved"]) == settings.top_k and row["citations"]
    assert D2 in row["retrieved"]


def test_the_eval_starts_the_assistant_as_a_user_does_before_its_first_question(monkeypatch, tmp_path: Path) -> None:
    """Its per-question figures leave out the start (the model's load and system prompt: `assistant bench` times
    that): the eval warms the assistant up and waits for it, as the UI and `assistant ask` start it."""
    from assistant.cli import main
    from assistant.core import Assistant

    events: list[str] = []

    class Started:
        def join(self) -> None:
            events.append("ready")

    def asked(self: AssistantPipeline, g: GoldQuestion) -> Answer:
        events.append("asked")
        return Answer(question=g.question, rewritten_query=g.question, text=ABSTAIN["de"], abstained=True)

    monkeypatch.setattr(Assistant, "warm_up", lambda self: events.append("warm_up") or Started())
    monkeypatch.setattr(Assistant, "ingest", lambda self, *a, **k: events.append("ingest"))
    monkeypatch.setattr(AssistantPipeline, "answer", asked)
    gold = tmp_path / "gold.jsonl"
    gold.write_text(q().model_dump_json() + "\n")
    assert main(["eval", "--gold", str(gold), "--out", str(tmp_path / "out")]) == 0
    assert events == ["ingest", "warm_up", "ready", "asked"]
