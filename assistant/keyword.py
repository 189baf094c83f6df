"""Keyword search: BM25 (Lucene's formula) with ``bm25s``' sparse index over German-stemmed terms (umlauts folded,
compounds split); the analysis is ours, the index and scoring are bm25s'."""

from __future__ import annotations

from collections.abc import Sequence

import bm25s
import numpy as np

from .text import terms, vocabulary_of
from .types import Passage


class KeywordIndex:
    def __init__(self, passages: Sequence[Passage], k1: float = 1.2, b: float = 0.75) -> None:
        if k1 <= 0 or not 0 <= b <= 1:
            raise ValueError(f"BM25 needs k1 > 0 and 0 <= b <= 1, got k1={k1}, b={b}")
        self.passages = list(passages)
        self.vocabulary = vocabulary_of(p.text for p in self.passages)
        corpus = [terms(f"{p.title}\n{p.text}" if p.text.find(p.title) < 0 else p.text, self.vocabulary)
                  for p in self.passages]
        self.bm25 = bm25s.BM25(method="lucene", k1=k1, b=b)
        if self.passages:
            self.bm25.index(corpus, show_progress=False)
        self.known: dict[str, int] = {t: i for t, i in self.bm25.vocab_dict.items() if t} if self.passages else {}

    def __len__(self) -> int:
        return len(self.passages)

    def query_terms(self, query: str) -> list[str]:
        """Stemmed query terms the index knows; a term it does not know matches compounds ending in it
        ("drohn" → "angriffsdrohn")."""
        out: list[str] = []
        for t in dict.fromkeys(terms(query, self.vocabulary)):
            if t in self.known:
                out.append(t)
            elif len(t) >= 4:
                out.extend([k for k in self.known if len(k) > len(t) + 2 and k.endswith(t)][:20])
        return list(dict.fromkeys(out))

    def search(self, query: str, n: int) -> list[Passage]:
        """The ``n`` best passages by BM25; ``keyword_score`` is set, passages without a match are left out."""
        wanted = self.query_terms(query)
        if not wanted:
            return []
        scores = self.bm25.get_scores_from_ids([self.known[t] for t in wanted])
        hits = np.flatnonzero(scores > 0)
        best = hits[np.lexsort((hits, -scores[hits]))][:n]  # by score, then by position (ties are stable)
        return [self.passages[i].model_copy(update={"keyword_score": float(scores[i])}) for i in best]
