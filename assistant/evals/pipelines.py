"""What the eval runs: our Assistant, and the plain llama-index pipeline a user would write in ten lines."""

from __future__ import annotations

import time
from collections.abc import Iterator
from typing import Protocol

from llama_index.core import VectorStoreIndex
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.base.response.schema import StreamingResponse
from llama_index.core.llms import LLM
from llama_index.core.query_engine import RetrieverQueryEngine
from llama_index.core.schema import NodeWithScore
from llama_index.vector_stores.chroma import ChromaVectorStore

from ..citations import ABSTAIN_PATTERNS
from ..core import Assistant
from ..llm import model_name
from ..store import ChunkStore
from ..text import split_sentences
from ..types import Answer, Citation, Passage, SentenceCheck
from .gold import GoldQuestion


def plain_index(store: ChunkStore, embedder: BaseEmbedding) -> VectorStoreIndex:
    """What a user would write: a llama-index ``VectorStoreIndex`` over our Chroma collection."""
    return VectorStoreIndex.from_vector_store(ChromaVectorStore(chroma_collection=store.collection),
                                              embed_model=embedder)


def plain_query_engine(store: ChunkStore, embedder: BaseEmbedding, llm: LLM, top_k: int) -> RetrieverQueryEngine:
    """``as_query_engine()`` with our LLM passed in (llama-index's global default would be OpenAI), streaming."""
    engine = plain_index(store, embedder).as_query_engine(llm=llm, similarity_top_k=top_k, streaming=True)
    assert isinstance(engine, RetrieverQueryEngine), type(engine)
    return engine


def stream_tokens(engine: RetrieverQueryEngine, question: str) -> tuple[StreamingResponse, Iterator[str]]:
    """The streaming response and its tokens (``streaming=True`` makes every response a StreamingResponse)."""
    response = engine.query(question)
    assert isinstance(response, StreamingResponse), type(response)
    return response, iter(response.response_gen)


class Pipeline(Protocol):
    name: str

    @property
    def model(self) -> str: ...

    def answer(self, q: GoldQuestion) -> Answer: ...


class AssistantPipeline:
    """Our pipeline: ``Assistant.chat`` with the gold question's history."""

    name = "assistant"

    def __init__(self, assistant: Assistant) -> None:
        self.assistant = assistant

    @property
    def model(self) -> str:
        return self.assistant.model

    def answer(self, q: GoldQuestion) -> Answer:
        return self.assistant.chat(q.messages())


class PlainLlamaIndexPipeline:
    """``VectorStoreIndex`` over the same Chroma collection, ``as_query_engine()``, the same embedder and LLM.

    What it shows as sources are its source nodes; each counts as cited by every sentence. It has no
    conversation (a query engine takes only the question) and no abstention flag: an answer that says the
    context does not hold the answer counts as an abstention (the same phrases our checker recognises).
    """

    name = "plain-llama-index"

    def __init__(self, store: ChunkStore, embedder: BaseEmbedding, llm: LLM, top_k: int) -> None:
        if top_k < 1:
            raise ValueError(f"top_k must be at least 1, got {top_k}")
        self.llm = llm
        self.engine = plain_query_engine(store, embedder, llm, top_k)

    @property
    def model(self) -> str:
        return model_name(self.llm)

    def answer(self, q: GoldQuestion) -> Answer:
        started = time.perf_counter()
        response, tokens = stream_tokens(self.engine, q.question)
        text, first = "", None
        for delta in tokens:
            first = first if first is not None else time.perf_counter() - started
            text += delta
        passages = [_passage(n) for n in response.source_nodes]
        citations = [Citation(number=i, doc_id=p.doc_id, title=p.title, date=p.date, quote=p.text[:200],
                              start=p.start, end=p.end, supported=True, chunk_id=p.chunk_id)
                     for i, p in enumerate(passages, 1)]
        numbers = [c.number for c in citations]
        sentences = [SentenceCheck(text=text[s:e], citations=numbers, supported=True)
                     for s, e in split_sentences(text)]
        abstained = not text.strip() or text.strip() == "Empty Response" or bool(ABSTAIN_PATTERNS.search(text))
        return Answer(question=q.question, text=text.strip(), raw_text=text, citations=citations,
                      passages=passages, abstained=abstained, rewritten_query=q.question, sentences=sentences,
                      model=self.model, latency_s=time.perf_counter() - started, first_token_s=first)


def _passage(n: NodeWithScore) -> Passage:
    meta = n.node.metadata
    return Passage(chunk_id=n.node.node_id, doc_id=str(meta.get("doc_id", "")), title=str(meta.get("title", "")),
                   date=str(meta.get("date") or "") or None, text=n.node.get_content(),
                   start=int(meta.get("start", 0)), end=int(meta.get("end", 0)), score=float(n.score or 0.0))
