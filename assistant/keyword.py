"""An in-memory BM25 index over German-stemmed terms (umlauts folded, compounds split)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Sequence

from .text import terms, vocabulary_of
from .types import Passage


class KeywordIndex:
    def __init__(self, passages: Sequence[Passage], k1: float = 1.2, b: float = 0.75) -> None:
        if k1 <= 0 or not 0 <= b <= 1:
            raise ValueError(f"BM25 needs k1 > 0 and 0 <= b <= 1, got k1={k1}, b={b}")
        self.k1, self.b = k1, b
        self.passages = list(passages)
        self.vocabulary = vocabulary_of(p.text for p in self.passages)
        self.postings: dict[str, list[tuple[int, int]]] = defaultdict(list)
        self.lengths: list[int] = []
        for i, p in enumerate(self.passages):
            counts = Counter(terms(f"{p.title}\n{p.text}" if p.text.find(p.title) < 0 else p.text,
                                   self.vocabulary))
            self.lengths.append(sum(counts.values()))
            for term, tf in counts.items():
                self.postings[term].append((i, tf))
        self.avg_len = (sum(self.lengths) / len(self.lengths)) if self.lengths else 1.0

    def __len__(self) -> int:
        return len(self.passages)

    def query_terms(self, query: str) -> list[str]:
        """Stemmed query terms; a term no passage has also matches compounds ending in it ("drohn" →
        "angriffsdrohn")."""
        out: list[str] = []
        for t in dict.fromkeys(terms(query, self.vocabulary)):
            out.append(t)
            if t not in self.postings and len(t) >= 4:
                out.extend([k for k in self.postings if len(k) > len(t) + 2 and k.endswith(t)][:20])
        return list(dict.fromkeys(out))

    def search(self, query: str, n: int) -> list[Passage]:
        """The ``n`` best passages by BM25; ``keyword_score`` is set, passages without a match are left out."""
        scores: dict[int, float] = defaultdict(float)
        total = len(self.passages)
        for term in self.query_terms(query):
            posting = self.postings.get(term)
            if not posting:
                continue
            idf = math.log(1 + (total - len(posting) + 0.5) / (len(posting) + 0.5))
            for i, tf in posting:
                norm = tf + self.k1 * (1 - self.b + self.b * self.lengths[i] / self.avg_len)
                scores[i] += idf * tf * (self.k1 + 1) / norm
        best = sorted(scores.items(), key=lambda kv: (-kv[1], kv[0]))[:n]
        return [self.passages[i].model_copy(update={"keyword_score": s}) for i, s in best]
