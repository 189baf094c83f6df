"""The Assistant: rewrite → retrieve → (abstain) → prompt and generate per source → check citations → Answer."""

from __future__ import annotations

import re
import sys
import threading
import time
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, Literal

import numpy as np
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.llms import LLM

from .answered import unanswered_reason
from .citations import MARKER, CheckedAnswer, CitationChecker, answering_sentence
from .disagreement import articles_differ, by_article
from .embeddings import make_embedder
from .errors import ContextTooLong, EmptyCorpus
from .evidence import EvidenceSelector
from .grammar import citation_grammar
from .ingest import FileResult, IngestReport, add_files, ingest, remove_file
from .judge import Judge, LLMJudge
from .llm import EmbeddedLLM, count_tokens, make_llm, model_name, stream_chat
from .prompts import (
    ABSTAIN,
    SOURCES_DIFFER,
    UNSUPPORTED_MARK,
    answer_messages,
    best_of_each_first,
    by_source,
    fit_passages,
    prompt_order,
    renumbered,
    rewrite_messages,
)
from .questions import asks_amount, asks_cause
from .retrieval import HybridRetriever, Retriever
from .settings import Settings
from .store import ChunkStore
from .support import about_article
from .text import detect_language, terms
from .types import EMPTY_QUESTION, NO_MATCH, QUOTED, Answer, Document, Passage, Withheld

Message = dict[str, str]
# the same marker four times in a row: the small model can loop on it ("… Russland [1] [1] [1] …") to its token limit
LOOPING = re.compile(r"(\[\d+\])(?:\s*\1){3}\s*$")


class Assistant:
    """Question answering over the corpus with verified citations.

    Collaborators default to what ``settings`` describe; tests hand in fakes. Models load on first use.
    """

    def __init__(
        self,
        settings: Settings | None = None,
        *,
        llm: LLM | None = None,
        embedder: BaseEmbedding | None = None,
        store: ChunkStore | None = None,
        retriever: Retriever | None = None,
        judge: Judge | None = None,
        auto_ingest: bool = True,
    ) -> None:
        self.settings = settings or Settings()
        self.embedder = embedder or make_embedder(self.settings)
        self._llm = llm
        self._store = store
        self._retriever = retriever
        self._judge = judge
        self._auto_ingest = auto_ingest
        self._evidence: EvidenceSelector | None = None
        self._lock = threading.RLock()

    # -- collaborators, created lazily so that import and construction stay fast -------------------------
    @property
    def store(self) -> ChunkStore:
        with self._lock:
            if self._store is None:
                dim = getattr(self.embedder, "dimension", None) or len(self.embedder.get_text_embedding("x"))
                self._store = ChunkStore(self.settings, self.embedder.model_name, int(dim))
                if self._auto_ingest and self._store.count() == 0:  # the first question ingests, with a bar
                    ingest(self.settings, self.embedder, self._store, show_bar=sys.stderr.isatty())
            return self._store

    @property
    def retriever(self) -> Retriever:
        with self._lock:
            if self._retriever is None:
                self._retriever = HybridRetriever(self.store, self.embedder, self.settings.retrieval)
            return self._retriever

    @property
    def llm(self) -> LLM:
        with self._lock:
            if self._llm is None:
                self._llm = make_llm(self.settings)
            return self._llm

    @property
    def judge(self) -> Judge | None:
        """Asked by the check where its focus test's words fail (``check.judge``); None when that is off."""
        with self._lock:
            if self._judge is None and self.settings.check.judge:
                self._judge = LLMJudge(self.llm)
            return self._judge if self.settings.check.judge else None

    @property
    def evidence(self) -> EvidenceSelector:
        with self._lock:
            if self._evidence is None:
                gen, embedder = self.settings.generation, self.embedder
                self._evidence = EvidenceSelector(
                    lambda texts: np.asarray(embedder.get_text_embedding_batch(texts), dtype=np.float32),
                    lambda q: np.asarray(embedder.get_query_embedding(q), dtype=np.float32),
                    gen.evidence_tokens, gen.evidence_term_weight, gen.evidence_context, gen.evidence_margin)
            return self._evidence

    @property
    def model(self) -> str:
        return model_name(self.llm)

    def with_llm(self, llm: LLM) -> Assistant:
        """The same index, embedder and retriever, answering with another model (the UI's per-session choice)."""
        other = Assistant(self.settings, llm=llm, embedder=self.embedder, store=self.store,
                          retriever=self.retriever, auto_ingest=False)
        other._evidence = self._evidence  # and its cache of sentence vectors
        return other

    def set_llm(self, llm: LLM) -> None:
        with self._lock:
            self._llm = llm
            if isinstance(self._judge, LLMJudge):
                self._judge = None  # the new model judges

    def warm_up(self) -> threading.Thread:
        """Load what the first question needs in a background thread and return it (started; ``join()`` waits):
        the model's weights (its system prompt evaluated too), the index (an empty one is ingested) with its
        keyword index, and the embedder. The first question then waits for none of them, or only for the rest of
        one. A failure is left for the first question, which raises it with its message for the user."""

        def load() -> None:
            try:
                llm = self.llm
                if isinstance(llm, EmbeddedLLM):
                    llm.prime()
                retriever = self.retriever
                if isinstance(retriever, HybridRetriever):
                    retriever.keyword  # noqa: B018 - built from the store's passages
                self.embedder.get_query_embedding("warm-up")
            except Exception:  # the first question raises it again
                pass

        thread = threading.Thread(target=load, name="assistant-warm-up", daemon=True)
        thread.start()
        return thread

    # -- ingestion -----------------------------------------------------------------------------------------
    def ingest(self, show_bar: bool = False, progress: Any = None) -> IngestReport:
        report = ingest(self.settings, self.embedder, self.store, progress=progress, show_bar=show_bar)
        if report.changed and isinstance(self._retriever, HybridRetriever):
            self._retriever.refresh()
        return report

    def add_files(self, uploads: Sequence[tuple[str, Path]], show_bar: bool = False,
                  progress: Any = None) -> IngestReport:
        """Copy files into the corpus folder under safe names (those that do not read as a document are refused
        with the reason) and ingest; the report lists both."""
        self.store  # noqa: B018 - an empty index reads the folder first, so the report is about these files
        stored, refused = add_files(self.settings, uploads)
        report = self.ingest(show_bar=show_bar, progress=progress)
        report.results = [r for r in report.results if r.doc_id in stored] + refused
        return report

    def remove(self, doc_id: str) -> IngestReport:
        """Delete a document's file from the corpus folder and its passages from the index."""
        self.store  # noqa: B018 - as in add_files
        if not remove_file(self.settings, doc_id):
            return IngestReport([FileResult(doc_id, "skipped", "no such file in the corpus folder")])
        report = self.ingest()
        report.results = [r for r in report.results if r.doc_id == doc_id]
        return report

    def document(self, doc_id: str) -> Document | None:
        return self.store.document(doc_id)

    # -- asking ----------------------------------------------------------------------------------------------
    def ask(self, question: str) -> Answer:
        return self.chat([{"role": "user", "content": question}])

    def chat(self, messages: Sequence[Message]) -> Answer:
        answer = None
        for event in self.stream(messages):
            if isinstance(event, Answer):
                answer = event
        assert answer is not None
        return answer

    def stream(self, question: str | Sequence[Message], top_k: int | None = None) -> Iterator[str | Answer]:
        """Text tokens as the model writes them, then, last, the checked Answer."""
        messages = [{"role": "user", "content": question}] if isinstance(question, str) else list(question)
        if not messages or messages[-1].get("role") != "user":
            raise ValueError(f"the last message must be the user's question, got {messages[-1:]!r}")
        started = time.perf_counter()
        query = str(messages[-1].get("content", ""))
        language = detect_language(query)
        history = [m for m in messages[:-1] if m.get("role") in ("user", "assistant")]
        if not query.strip():
            yield self._abstain(query, query, [], language, EMPTY_QUESTION, started)
            return
        self._check_length(query)
        rewritten = self._rewrite(history, query) if history else query
        passages = self.retriever.retrieve(rewritten, top_k or self.settings.top_k)
        if not passages and self.store.count() == 0:  # counted only then: 4 ms a question at 100,000 chunks
            raise EmptyCorpus(str(self.settings.corpus_dir))
        if self._weak(rewritten, passages):
            yield self._abstain(query, rewritten, passages, language, NO_MATCH, started)
            return
        gen = self.settings.generation
        contested = asks_cause(rewritten) or asks_amount(rewritten)  # where reports of one event differ most
        if gen.evidence_tokens:
            chosen = self.evidence.select(rewritten, passages, lambda s: count_tokens(self.llm, s))
            if not chosen:  # nothing but withheld or empty sentences: nothing to answer from
                yield self._abstain(query, rewritten, passages, language, NO_MATCH, started)
                return
            passages = chosen
        else:
            if contested and gen.per_source:  # every close article must survive the trimming to be heard
                passages = best_of_each_first(passages, gen.contested_margin)
            passages = fit_passages(passages, gen.context_tokens, lambda s: count_tokens(self.llm, s),
                                    about_article(rewritten))
        margin = gen.contested_margin if contested else gen.source_margin
        groups = by_source(passages, margin=margin) if gen.per_source else [list(range(1, len(passages) + 1))]
        raws: list[str] = []
        first, prompt_tokens, first_prompt = None, 0, 0
        evaluated_before = self.llm.evaluated_tokens if isinstance(self.llm, EmbeddedLLM) else 0
        for group in groups:
            numbers = prompt_order(passages, group)
            prompt = answer_messages(rewritten, [passages[n - 1] for n in numbers], language)
            prompt_tokens += sum(count_tokens(self.llm, m.content or "") for m in prompt)
            first_prompt = first_prompt or prompt_tokens
            if raws:
                yield "\n\n"
            raws.append("")
            grammar = citation_grammar(range(1, len(numbers) + 1), ABSTAIN.values()) \
                if gen.constrain_citations else None
            for delta in renumbered(stream_chat(self.llm, prompt, grammar=grammar), numbers):
                first = first if first is not None else time.perf_counter() - started
                raws[-1] += delta
                yield delta
                if LOOPING.search(raws[-1]):
                    break  # closes the stream: the model stops generating
        answer = self._finish(query, rewritten, passages, language, raws, started, first, prompt_tokens)
        answer.first_prompt_tokens = first_prompt
        if isinstance(self.llm, EmbeddedLLM):
            answer.evaluated_prompt_tokens = self.llm.evaluated_tokens - evaluated_before
        yield answer

    # -- stages -----------------------------------------------------------------------------------------------
    def _check_length(self, query: str) -> None:
        limit = self.settings.embedded.n_ctx // 4
        if len(query) > limit:  # cheap bound first: a token is at least one character
            tokens = count_tokens(self.llm, query[: limit * 8])
            if tokens > limit:
                raise ContextTooLong(tokens, limit)

    def _rewrite(self, history: list[Message], query: str) -> str:
        out = "".join(stream_chat(self.llm, rewrite_messages(history, query), max_tokens=80)).strip()
        out = out.strip('"„“ ').splitlines()[0].strip() if out.strip() else ""
        if not out or len(out) > 4 * len(query) + 200:
            last_user = next((m["content"] for m in reversed(history) if m.get("role") == "user"), "")
            return f"{last_user} {query}".strip()
        return out

    def _weak(self, query: str, passages: list[Passage]) -> bool:
        """Weak retrieval: no passage close in meaning and most query terms found nowhere in the passages; across
        languages, where terms cannot match, closeness in meaning alone (its bar lowered: ``cross_language_offset``)."""
        if not passages:
            return True
        r = self.settings.retrieval
        best = max(passages, key=lambda p: p.dense_score or 0.0)
        best_dense = best.dense_score or 0.0
        if detect_language(query) != detect_language(best.text):
            return best_dense < r.min_dense_score - r.cross_language_offset
        if best_dense >= r.min_dense_score:
            return False
        wanted = {t for t in terms(query) if "-" not in t}  # hyphenated words count by their parts
        found = set().union(*(set(terms(f"{p.title} {p.text}")) for p in passages))
        return not wanted or len(wanted & found) / len(wanted) < 0.5

    def checker(self) -> CitationChecker:
        """The citation check with this assistant's settings, embedder and judge (``check.judge``)."""
        def embed(texts: list[str]) -> np.ndarray:
            return np.asarray([self.embedder.get_query_embedding(t) for t in texts])

        c = self.settings.check
        return CitationChecker(c.min_term_overlap, c.semantic_threshold, c.focus_share, embed=embed,
                               judge=self.judge, judge_threshold=c.judge_threshold, answer_share=c.judge_share)

    def _finish(self, query: str, rewritten: str, passages: list[Passage], language: str, raws: list[str],
                started: float, first: float | None, prompt_tokens: int) -> Answer:
        checker = self.checker()
        parts = [checker.check(raw, passages, UNSUPPORTED_MARK[language], rewritten) for raw in raws]
        checked = checker.combine(parts, passages, UNSUPPORTED_MARK[language])
        differ = articles_differ(parts if len(parts) > 1 else by_article(checked, passages), passages, rewritten)
        text = f"{SOURCES_DIFFER[language]} {checked.text}" if differ else checked.text
        answer = Answer(question=query, text=text, raw_text="\n\n".join(raws), citations=checked.citations,
                        passages=passages, rewritten_query=rewritten, sentences=checked.sentences,
                        removed_markers=checked.removed_markers, language=_lang(language), model=self.model,
                        first_token_s=first, prompt_tokens=prompt_tokens, sources_differ=differ,
                        withheld=_withheld(passages))
        reason = unanswered_reason(checked, passages, rewritten, self.settings.check, checker.support)
        quoted = self._quote(checker, rewritten, passages, language, reason) if reason and not differ else None
        if quoted:
            answer.text, answer.citations, answer.sentences = quoted.text, quoted.citations, quoted.sentences
            reason = ""
        if reason:
            answer.abstained, answer.text, answer.citations = True, ABSTAIN[language], []
            answer.sources_differ = False
            answer.abstain_reason = reason
        answer.latency_s = time.perf_counter() - started
        return answer

    def _quote(self, checker: CitationChecker, question: str, passages: list[Passage], language: str,
               failed: str) -> CheckedAnswer | None:
        """The passage sentence that answers the question in its own words (``answering_sentence``), checked like an
        answer (and judged, where there is a judge), when the model's answer failed (``failed`` says why); None
        when there is none."""
        share, support = self.settings.generation.quote_share, checker.support
        sentence = answering_sentence(question, passages, share) if share else None
        if sentence is None or (support.judge and not support.judged_answering(question, MARKER.sub("", sentence))):
            return None  # chosen by its words: the judge, where there is one, must find that it answers
        checked = checker.check(sentence, passages, UNSUPPORTED_MARK[language], question)
        if not checked.sentences or not checked.sentences[0].supported or unanswered_reason(
                checked, passages, question, self.settings.check, support):
            return None
        for s in checked.sentences:
            s.reason = f"{QUOTED}; the model's answer: {failed}"
        return checked

    def _abstain(self, query: str, rewritten: str, passages: list[Passage], language: str, reason: str,
                 started: float) -> Answer:
        model = self.model if self._llm is not None else ""
        return Answer(question=query, text=ABSTAIN[language], abstained=True, abstain_reason=reason,
                      rewritten_query=rewritten, passages=passages, language=_lang(language), model=model,
                      latency_s=time.perf_counter() - started, withheld=_withheld(passages))


def _withheld(passages: list[Passage]) -> list[Withheld]:
    """The withheld sentences of the passages, each once (overlapping chunks share sentences)."""
    seen: dict[tuple[str, int, str], Withheld] = {}
    for p in passages:
        for w in p.withheld:
            seen.setdefault((p.doc_id, w.start, w.text), w)
    return list(seen.values())


def _lang(language: str) -> Literal["de", "en"]:
    return "en" if language == "en" else "de"
