"""How well the judge (assistant/judge.py) tells passage sentences that answer a question from those that do not,
on labelled pairs taken from the prompts of a replayed eval:

    .venv/bin/python scripts/replay_eval.py --split dev --cache C.json --prompts /tmp/dev-prompts.jsonl
    .venv/bin/python scripts/judge_pairs.py /tmp/dev-prompts.jsonl evals/gold.jsonl

A pair is a gold question and a sentence of a passage its answer prompt showed that holds 40 % of the question's
asked terms (20 % and a number for "how many" / "when"); it answers when it states one of the question's gold facts
(never for an unanswerable question). Prints the AUC of the judge's log-odds and, at the check's two thresholds
(``check.judge_threshold`` to accept, ``check.judge_refuse`` to refuse), the share of answering and of other
sentences at or above them. A measure for trying judge prompts or another model, not a gate.
"""

from __future__ import annotations

import json
import sys
from pathlib import Path

from assistant import Settings
from assistant.evals.gold import load_gold
from assistant.evals.matching import fact_in
from assistant.judge import LLMJudge
from assistant.llm import make_embedded
from assistant.numbers import numbers
from assistant.prompts import read_answer_prompt
from assistant.questions import asked_terms, asks_amount, asks_time
from assistant.text import share_found, split_sentences, terms


def pairs(prompts: Path, gold: Path) -> list[tuple[str, str, bool]]:
    by_text = {q.question.strip(): q for q in load_gold(gold)}
    out: dict[tuple[str, str], bool] = {}
    for line in prompts.read_text(encoding="utf-8").splitlines():
        p = json.loads(line)
        read = read_answer_prompt(p["messages"][-1][1]) if p["kind"] == "answer" else None
        q = by_text.get(read[0].strip()) if read else None
        asked = asked_terms(q.question) if q else set()
        if read is None or q is None or not asked:
            continue
        numeric = asks_amount(q.question) or asks_time(q.question)
        for block in read[1]:
            for a, b in split_sentences(block):
                s = block[a:b].strip().strip("… ").strip()
                share = share_found(asked, set(terms(s)))
                if len(s) >= 15 and (share >= 0.4 or (numeric and numbers(s) and share >= 0.2)):
                    out[(q.question, s)] = q.answerable and any(fact_in(f, s) for f in q.facts)
    return [(question, s, label) for (question, s), label in out.items()]


def auc(scored: list[tuple[float, bool]]) -> float:
    pos = [x for x, label in scored if label]
    neg = [x for x, label in scored if not label]
    return sum((a > b) + 0.5 * (a == b) for a in pos for b in neg) / max(1, len(pos) * len(neg))


def main() -> None:
    settings = Settings()
    found = pairs(Path(sys.argv[1]), Path(sys.argv[2]))
    judge = LLMJudge(make_embedded(settings))
    scored = [(judge(question, sentence), label) for question, sentence, label in found]
    pos = [x for x, label in scored if label]
    neg = [x for x, label in scored if not label]
    print(f"{len(scored)} pairs ({len(pos)} answering), AUC {auc(scored):.3f}")
    for name, th in (("judge_threshold", settings.check.judge_threshold),
                     ("judge_refuse", settings.check.judge_refuse)):
        print(f"{name} {th}: answering {sum(x >= th for x in pos) / max(1, len(pos)):.2f}, "
              f"others {sum(x >= th for x in neg) / max(1, len(neg)):.2f} at or above")


if __name__ == "__main__":
    main()
