"""Hybrid retrieval: dense (Chroma) and German keyword (BM25) rankings fused by weighted reciprocal rank."""

from __future__ import annotations

import threading
from typing import Protocol

from llama_index.core.base.embeddings.base import BaseEmbedding

from .keyword import KeywordIndex
from .settings import RetrievalSettings
from .store import ChunkStore
from .types import Passage


class Retriever(Protocol):
    def retrieve(self, query: str, top_k: int) -> list[Passage]: ...


def fuse(rankings: list[tuple[float, list[Passage]]], rrf_k: int) -> list[Passage]:
    """Weighted reciprocal rank fusion; scores of each input are carried over to the fused passage."""
    fused: dict[str, Passage] = {}
    scores: dict[str, float] = {}
    for weight, ranking in rankings:
        for rank, p in enumerate(ranking, start=1):
            scores[p.chunk_id] = scores.get(p.chunk_id, 0.0) + weight / (rrf_k + rank)
            have = fused.setdefault(p.chunk_id, p.model_copy())
            have.dense_score = have.dense_score if p.dense_score is None else p.dense_score
            have.keyword_score = have.keyword_score if p.keyword_score is None else p.keyword_score
    order = sorted(fused, key=lambda cid: (-scores[cid], cid))
    return [fused[cid].model_copy(update={"score": scores[cid]}) for cid in order]


class HybridRetriever:
    def __init__(self, store: ChunkStore, embedder: BaseEmbedding, settings: RetrievalSettings) -> None:
        if settings.dense_weight == 0 and settings.keyword_weight == 0:
            raise ValueError("dense_weight and keyword_weight are both 0: nothing would be retrieved")
        self.store, self.embedder, self.settings = store, embedder, settings
        self._keyword: KeywordIndex | None = None
        self._lock = threading.Lock()

    def refresh(self) -> None:
        """Forget the keyword index; it is rebuilt from the store on the next query (after an ingest)."""
        with self._lock:
            self._keyword = None

    @property
    def keyword(self) -> KeywordIndex:
        with self._lock:
            if self._keyword is None:
                self._keyword = KeywordIndex(self.store.all_passages())
            return self._keyword

    def retrieve(self, query: str, top_k: int) -> list[Passage]:
        if top_k < 1:
            raise ValueError(f"top_k must be at least 1, got {top_k}")
        n = max(self.settings.candidates, top_k)
        rankings: list[tuple[float, list[Passage]]] = []
        if self.settings.dense_weight > 0:
            vector = self.embedder.get_query_embedding(query)
            rankings.append((self.settings.dense_weight, self.store.query(vector, n)))
        if self.settings.keyword_weight > 0:
            rankings.append((self.settings.keyword_weight, self.keyword.search(query, n)))
        return fuse(rankings, self.settings.rrf_k)[:top_k]
