"""Prompt-lookup decoding for the embedded model: answers copy words from the passages, so after each token the
tokens that followed the same last few tokens earlier in the prompt are guessed and checked in one batch
(llama-cpp-python's speculative decoding, ``Llama.draft_model``). Greedy decoding keeps a guess only where the
model would have written it; a batch is evaluated with other floating-point rounding than one token at a time, so
now and then (1 of 17 dev prompts) the answer takes another word. Imported only when the weights load.
"""

from __future__ import annotations

from typing import Any

import llama_cpp
import numpy as np
from llama_cpp.llama_speculative import LlamaDraftModel


class PromptLookup(LlamaDraftModel):
    """Up to ``tokens`` guesses: what followed the latest earlier place where the last ``ngram`` (or more, up to
    ``longest``) tokens stand; none where they stand nowhere before."""

    def __init__(self, tokens: int = 4, ngram: int = 3, longest: int = 5) -> None:
        if tokens < 1:
            raise ValueError(f"tokens must be at least 1, got {tokens}")
        if not 1 <= ngram <= longest:
            raise ValueError(f"ngram must be between 1 and longest ({longest}), got {ngram}")
        self.tokens, self.ngram, self.longest = tokens, ngram, longest

    def __call__(self, input_ids: Any, /, **kwargs: Any) -> Any:
        ids = np.asarray(input_ids)
        for n in range(min(self.longest, len(ids) - 1), self.ngram - 1, -1):
            windows = np.lib.stride_tricks.sliding_window_view(ids[:-1], n)
            hits = np.flatnonzero((windows == ids[-n:]).all(axis=1))
            if len(hits):
                start = int(hits[-1]) + n
                return ids[start:start + self.tokens].astype(np.intc)
        return np.array([], dtype=np.intc)


class Llama(llama_cpp.Llama):
    """llama-cpp-python's ``Llama``, with logits for every token of a batch no longer than a token and its guesses,
    and for a prompt's last token only. (Given a draft model at construction, llama-cpp-python computes logits for
    every prompt token and copies them into an n_ctx × vocabulary array: the 151k-token output layer for each
    prompt token, about a sixth more prompt time. The draft model is therefore set after construction.)"""

    def eval(self, tokens: Any) -> None:
        draft = self.draft_model
        every = draft is not None and len(tokens) <= getattr(draft, "tokens", 0) + 1
        self._ctx.kv_cache_seq_rm(-1, self.n_tokens, -1)
        for i in range(0, len(tokens), self.n_batch):
            batch = tokens[i:i + self.n_batch]
            self._batch.set_batch(batch=batch, n_past=self.n_tokens, logits_all=every)
            self._ctx.decode(self._batch)
            self.input_ids[self.n_tokens:self.n_tokens + len(batch)] = batch
            self.n_tokens += len(batch)
            self._requires_eval = False
