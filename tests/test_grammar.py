"""The citation grammar: its text, and (slow, where llama.cpp parses it) that the real model writes only what it
admits: every sentence cited, only the passage numbers given, or the abstain sentence."""

from __future__ import annotations

import re

import pytest

from assistant.grammar import citation_grammar
from assistant.prompts import ABSTAIN

SHAPE = re.compile(r"^(?:[^\[\]\n]+?\s?\[\d+(?:, \d+)*\]\.?(?:[ \n]|$)){1,3}$")


def test_grammar_names_only_the_given_numbers_and_the_abstain_sentences():
    g = citation_grammar([3, 1, 3], ABSTAIN.values())
    assert 'num ::= "1" | "3"' in g
    assert '"Dazu enthalten die Artikel keine Angaben."' in g and '"The articles don\'t say."' in g
    assert g.count("(sep sentence)?") == 2


def test_grammar_escapes_quotes_and_backslashes():
    g = citation_grammar([1], ['Sag "nein" \\ jetzt'])
    assert r'"Sag \"nein\" \\ jetzt"' in g


@pytest.mark.parametrize("numbers", [[], [0], [-2]])
def test_grammar_refuses_numbers_that_are_no_passages(numbers):
    with pytest.raises(ValueError, match="positive passage numbers"):
        citation_grammar(numbers, ABSTAIN.values())


def test_grammar_refuses_zero_sentences():
    with pytest.raises(ValueError, match="most_sentences must be at least 1, got 0"):
        citation_grammar([1], ABSTAIN.values(), most_sentences=0)


def test_grammar_refuses_an_answer_without_a_way_to_abstain():
    with pytest.raises(ValueError, match="abstain must hold at least one sentence"):
        citation_grammar([1], ["", ""])


@pytest.mark.slow
def test_the_model_writes_only_cited_sentences_with_given_numbers(tmp_path, seed_index):
    from assistant import Assistant

    from .conftest import real_seed

    bot = Assistant(real_seed(tmp_path, seed_index, generation={"constrain_citations": True}))
    for question in ("Wie viele Menschen starben beim Absturz der AZAL-Maschine?", "Wer gewann die Fußball-WM 2022?",
                     "How many soldiers did North Korea initially send to Russia?"):
        ans = bot.ask(question)
        for raw in ans.raw_text.split("\n\n"):
            if not raw:
                continue
            assert raw.strip() in ABSTAIN.values() or SHAPE.match(raw.strip()), raw
            cited = {int(n) for m in re.findall(r"\[([\d, ]+)\]", raw) for n in m.split(",")}
            assert cited <= set(range(1, len(ans.passages) + 1)), raw
        assert not ans.removed_markers

    # the grammar reaches llama.cpp: passages numbered 1 and 2, a grammar that admits only [7] (or its abstain line)
    from assistant.llm import stream_chat
    from assistant.prompts import answer_messages

    passages = bot.retriever.retrieve("Wie viele Menschen starben beim Absturz der AZAL-Maschine?", 2)
    prompt = answer_messages("Wie viele Menschen starben beim Absturz?", passages, "de")
    out = "".join(stream_chat(bot.llm, prompt, grammar=citation_grammar([7], ["Keine Angabe."]))).strip()
    assert out == "Keine Angabe." or ("[7]" in out and "[1]" not in out and "[2]" not in out), out
