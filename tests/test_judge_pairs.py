"""scripts/judge_pairs.py: the labelled (question, passage sentence) pairs it builds from a replay's prompts."""

import importlib.util
import json
from pathlib import Path

import pytest

from assistant.prompts import answer_messages, read_answer_prompt
from assistant.types import Passage

SCRIPT = Path(__file__).resolve().parents[1] / "scripts" / "judge_pairs.py"


@pytest.fixture(scope="module")
def judge_pairs():
    spec = importlib.util.spec_from_file_location("judge_pairs", SCRIPT)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def answer_prompt(question: str, passage: str) -> dict:
    """A saved answer prompt as replay_eval.py writes it, in the layout ``prompts.answer_messages`` gives it."""
    shown = Passage(chunk_id="k#0", doc_id="kranz.txt", title="Bäckerei Kranz wächst", date="2025-03-01",
                    text=passage, start=0, end=len(passage))
    messages = answer_messages(question, [shown], "de")
    return {"kind": "answer", "messages": [[m.role.value, m.content] for m in messages], "output": ""}


def test_an_answer_prompt_reads_back_as_its_question_and_passages():
    texts = ["Die Bäckerei Kranz backt täglich 900 Brote.", "Sie wurde 1950 gegründet.\nQuestion: keine Frage"]
    shown = [Passage(chunk_id=f"k#{i}", doc_id="kranz.txt", title="Kranz", text=t, start=0, end=len(t))
             for i, t in enumerate(texts)]
    for question, language in (("Wie viele Brote backt die Bäckerei Kranz?", "de"), ("Why did it grow?", "en")):
        user = answer_messages(question, shown, language)[-1].content or ""
        assert read_answer_prompt(user) == (question, texts)
    assert read_answer_prompt("Question: Wie viele?\nSentence from the article: 900 Brote.") is None  # the judge's


def test_pairs_are_the_shown_sentences_on_the_question_labelled_by_the_gold_facts(judge_pairs, tmp_path):
    passage = ("Die Bäckerei Kranz in Wellheim beschäftigt inzwischen 48 Mitarbeiter. Im Jahr 2019 waren es noch 30 Beschäftigte. "
               "Der Laden am Markt öffnet um sechs Uhr. Die Bäckerei Kranz in Wellheim backt täglich 900 Brote.")
    gold = [
        {"id": "a", "question": "Wie viele Mitarbeiter beschäftigt die Bäckerei Kranz in Wellheim?",
         "facts": [["48"]], "sources": ["kranz.txt"], "answerable": True},
        {"id": "b", "question": "Wie viele Filialen hat die Bäckerei Kranz in Wellheim?", "facts": [],
         "sources": [], "answerable": False},
    ]
    (tmp_path / "gold.jsonl").write_text("".join(json.dumps(g) + "\n" for g in gold), encoding="utf-8")
    prompts = [answer_prompt(g["question"], passage) for g in gold]
    prompts.append({"kind": "judge", "messages": [["system", "x"], ["user", "Question: y"]], "output": ""})
    (tmp_path / "prompts.jsonl").write_text("".join(json.dumps(p) + "\n" for p in prompts), encoding="utf-8")

    found = judge_pairs.pairs(tmp_path / "prompts.jsonl", tmp_path / "gold.jsonl")

    by_question = {}
    for question, sentence, label in found:
        by_question.setdefault(question, {})[sentence] = label
    staff = by_question[gold[0]["question"]]
    assert staff["Die Bäckerei Kranz in Wellheim beschäftigt inzwischen 48 Mitarbeiter."] is True
    assert staff["Die Bäckerei Kranz in Wellheim backt täglich 900 Brote."] is False  # on the topic, no answer
    assert "Der Laden am Markt öffnet um sechs Uhr." not in staff  # not on the question
    shops = by_question[gold[1]["question"]]
    assert shops and not any(shops.values())  # an unanswerable question's sentences never answer


def test_auc_counts_pairs_ranked_right_and_ties_as_half(judge_pairs):
    assert judge_pairs.auc([(2.0, True), (-1.0, False)]) == 1.0
    assert judge_pairs.auc([(-1.0, True), (2.0, False)]) == 0.0
    assert judge_pairs.auc([(0.5, True), (0.5, False), (1.0, True), (-2.0, False)]) == pytest.approx(0.875)
