"""Prompt-lookup decoding: the guesses (no model), and with the real weights that guesses are checked in batches."""

from __future__ import annotations

import numpy as np
import pytest

from assistant.lookup import PromptLookup


def ids(*tokens: int) -> np.ndarray:
    return np.array(tokens, dtype=np.intc)


def test_guesses_what_followed_the_last_tokens_earlier():
    guess = PromptLookup(tokens=3, ngram=2)(ids(7, 1, 2, 3, 4, 5, 6, 9, 1, 2))
    assert guess.tolist() == [3, 4, 5]


def test_the_longest_and_then_the_latest_match_wins():
    # [2, 3] stands twice; only the second time after 1 as well, and that one is followed by 8
    look = PromptLookup(tokens=2, ngram=2)
    assert look(ids(5, 2, 3, 4, 4, 1, 2, 3, 8, 8, 0, 1, 2, 3)).tolist() == [8, 8]
    assert look(ids(2, 3, 4, 0, 2, 3, 6, 9, 2, 3)).tolist() == [6, 9]


def test_no_guess_without_a_match_of_ngram_tokens():
    look = PromptLookup(tokens=4, ngram=3)
    assert look(ids(1, 2, 3, 4, 9, 2, 3)).tolist() == []  # only two tokens match
    assert look(ids(1, 2)).tolist() == []
    assert look(ids(1, 2, 3, 1, 2, 3)).dtype == np.intc


def test_guesses_stop_at_the_end_of_what_was_written():
    assert PromptLookup(tokens=5, ngram=2)(ids(1, 2, 7, 1, 2)).tolist() == [7, 1, 2]


@pytest.mark.parametrize("kwargs", [{"tokens": 0}, {"ngram": 0}, {"ngram": 6, "longest": 5}])
def test_bad_arguments_are_named(kwargs):
    with pytest.raises(ValueError, match=next(iter(kwargs))):
        PromptLookup(**kwargs)


@pytest.mark.slow
def test_the_embedded_model_checks_guesses_in_batches():
    """A reply that copies a passage is written in fewer evaluation steps than it has tokens, and says the same
    as without guesses."""
    from assistant.llm import make_embedded
    from assistant.settings import Settings

    sentence = ("Beim Absturz der Maschine der Azerbaijan Airlines nahe der kasachischen Stadt Aktau starben "
                "38 der 67 Menschen an Bord.")
    messages = [{"role": "user", "content": f"Passage: {sentence}\nCopy the passage word for word."}]
    replies, steps, written = {}, {}, {}
    for draft in (0, 4):
        llm = make_embedded(Settings(embedded={"draft_tokens": draft, "state_cache_mb": 0}))
        llama = llm.load()
        calls = []
        evaluate = llama.eval
        llama.eval = lambda tokens, evaluate=evaluate, calls=calls: (calls.append(len(tokens)), evaluate(tokens))
        out = llama.create_chat_completion(messages, max_tokens=60, temperature=0.0, top_k=1)
        replies[draft] = out["choices"][0]["message"]["content"]
        steps[draft] = len(calls) - 1  # the prompt is one call
        written[draft] = out["usage"]["completion_tokens"]
    assert sentence[:40] in replies[0] and replies[4] == replies[0]
    assert steps[0] >= written[0] - 1 and steps[4] < written[4] / 2
