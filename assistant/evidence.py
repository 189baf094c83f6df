"""Evidence selection: from the retrieved passages, the sentences that answer the question, within a token budget.

The model reads these sentences (in article order, gaps shown as "…") instead of whole passages: fewer prompt
tokens, which is most of the time to the first token on a CPU, and less text to copy a wrong number from. A
sentence scores by its closeness in meaning to the question (the multilingual embedding, so an English question
finds a German sentence) plus the share of the question's terms it holds. Sentences scoring more than ``margin``
below the best are left out (they only distract a small model); the rest fill the budget in order of score, each of
the first ``context_sentences`` followed by the sentence after it (an event is often followed by who is blamed).
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

import numpy as np

from .numbers import amounts, times
from .questions import asked_terms, asks_amount, asks_time
from .text import share_found, split_sentences, terms
from .types import Passage

EmbedMany = Callable[[list[str]], np.ndarray]  # texts -> unit vectors, one row each ("passage: " side)
EmbedOne = Callable[[str], np.ndarray]  # the question -> unit vector ("query: " side)
Count = Callable[[str], int]  # tokens of a text


class EvidenceSelector:
    def __init__(self, embed_sentences: EmbedMany, embed_question: EmbedOne, budget_tokens: int = 180,
                 term_weight: float = 0.1, context_sentences: int = 2, margin: float = 0.1,
                 cache_size: int = 50_000) -> None:
        if budget_tokens < 10:
            raise ValueError(f"budget_tokens must be at least 10, got {budget_tokens}")
        if term_weight < 0:
            raise ValueError(f"term_weight must not be negative, got {term_weight}")
        if context_sentences < 0:
            raise ValueError(f"context_sentences must not be negative, got {context_sentences}")
        if margin < 0:
            raise ValueError(f"margin must not be negative, got {margin}")
        self.embed_sentences, self.embed_question = embed_sentences, embed_question
        self.budget, self.term_weight, self.context = budget_tokens, term_weight, context_sentences
        self.margin = margin
        self._cache: dict[str, np.ndarray] = {}
        self._cache_size = cache_size

    def select(self, question: str, passages: Sequence[Passage], count: Count) -> list[Passage]:
        """The passages that hold a chosen sentence, in rank order, each with ``shown`` set to its chosen spans."""
        spans = _sentences(passages)
        if not spans:
            return []
        texts = [passages[i].text[a:b] for i, a, b in spans]
        scores = self._vectors(texts) @ self.embed_question(question) + self.term_weight * _term_share(question,
                                                                                                        texts)
        wanted = asks_amount(question), asks_time(question)
        if any(wanted):  # a sentence without the kind of value asked for cannot answer it
            scores -= np.array([0.0 if (not wanted[0] or amounts(t)) and (not wanted[1] or times(t)) else 0.05
                                for t in texts])
        floor = float(scores.max()) - self.margin  # a sentence far less close than the best only distracts
        ranked = [int(i) for i in np.argsort(-scores, kind="stable") if scores[i] >= floor]
        order: list[int] = []
        for rank, k in enumerate(ranked):  # the sentence after each of the best comes right after it
            order.append(k)
            after = k + 1
            if rank < self.context and after < len(spans) and spans[after][0] == spans[k][0] and after not in order:
                order.append(after)
        chosen: list[int] = []
        used = 0
        for k in dict.fromkeys(order):
            cost = count(texts[k]) + 2
            if used + cost > self.budget and chosen:
                continue
            chosen.append(k)
            used += cost
        shown: dict[int, list[tuple[int, int]]] = {}
        for k in sorted(chosen):
            i, a, b = spans[k]
            shown.setdefault(i, []).append((a, b))
        return [passages[i].model_copy(update={"shown": shown[i]}) for i in sorted(shown)]

    def _vectors(self, texts: list[str]) -> np.ndarray:
        missing = list(dict.fromkeys(t for t in texts if t not in self._cache))
        if missing:
            if len(self._cache) + len(missing) > self._cache_size:
                self._cache.clear()
            for t, v in zip(missing, self.embed_sentences(missing), strict=True):
                self._cache[t] = np.asarray(v, dtype=np.float32)
        return np.stack([self._cache[t] for t in texts])


def _sentences(passages: Sequence[Passage]) -> list[tuple[int, int, int]]:
    """(passage index, start, end) of every sentence with words, each sentence of an article once (overlapping
    chunks share sentences: the better-ranked passage keeps it)."""
    seen: set[tuple[str, int]] = set()
    out = []
    for i, p in enumerate(passages):
        for a, b in split_sentences(p.text):
            key = (p.doc_id, p.start + a)
            if key in seen or not terms(p.text[a:b]):
                continue
            seen.add(key)
            out.append((i, a, b))
    return out


def _term_share(question: str, texts: list[str]) -> np.ndarray:
    """Per text, the share of the question's content terms it holds (stems, compounds by prefix)."""
    asked = asked_terms(question)
    if not asked:
        return np.zeros(len(texts))
    return np.array([share_found(asked, set(terms(x))) for x in texts])
