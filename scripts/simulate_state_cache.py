"""How many prompt tokens llama.cpp would evaluate per question with saved prompt states of a given size
(``embedded.state_cache_mb``), simulated over the prompts of a replayed eval, in the order they were asked:

    .venv/bin/python scripts/replay_eval.py --split test --cache C.json --prompts /tmp/test-prompts.jsonl
    .venv/bin/python scripts/simulate_state_cache.py /tmp/test-prompts.jsonl 0 512 1024 2048

Follows ``EmbeddedLLM``: a prompt continues from the KV cache or from the saved state that begins most like it (one
token is always evaluated), and its state (prompt and answer) is saved, the least recently used going first. The
eval counts the answer prompts and the judge's, not the follow-up rewrites; a question is a run of answer prompts with
the same "Question:" line. The system prompt is in the KV cache before the first question (``preload``).
"""

from __future__ import annotations

import json
import sys
from collections import OrderedDict
from pathlib import Path

from assistant import Settings
from assistant.llm import _common_prefix as common
from assistant.llm import make_embedded
from assistant.preload import system_prompt_tokens
from assistant.prompts import read_answer_prompt

BYTES_PER_TOKEN = 28 * 2**10  # Qwen2.5-1.5B: 28 layers x 2 KV heads x 128 x (K, V) x f16


def main() -> None:
    path, sizes = Path(sys.argv[1]), [int(x) for x in sys.argv[2:]] or [0, 512, 1024, 2048]
    llm = make_embedded(Settings())
    llama = llm.load()

    asked, last_question, questions = [], None, 0
    for line in path.read_text().splitlines():
        p = json.loads(line)
        prompt = llm._prompt_tokens(llama, [{"role": r, "content": c} for r, c in p["messages"]])  # as it asks
        answer = list(llama.tokenize(p["output"].encode(), add_bos=False)) if p["output"] else []
        if p["kind"] == "answer":
            read = read_answer_prompt(p["messages"][-1][1])
            question = read[0] if read else None
            questions += question != last_question
            last_question = question
        asked.append((p["kind"] != "other", prompt, answer))
    primed = system_prompt_tokens(llama)
    for mb in sizes:
        states: OrderedDict[tuple[int, ...], None] = OrderedDict()
        cache, evaluated = list(primed), 0
        for counted, prompt, answer in asked:
            hit = common(cache, prompt)
            best = max(states, key=lambda k: common(k, prompt), default=None)
            if best is not None and common(best, prompt) > hit:
                hit = common(best, prompt)
                states.move_to_end(best)
            evaluated += (len(prompt) - min(hit, len(prompt) - 1)) * counted
            cache = prompt + answer
            if mb and len(cache) * BYTES_PER_TOKEN <= mb * 2**20:
                states.pop(tuple(cache), None)
                states[tuple(cache)] = None
                while sum(map(len, states)) * BYTES_PER_TOKEN > mb * 2**20:
                    states.popitem(last=False)
        print(f"state_cache_mb {mb}: {evaluated / max(questions, 1):.1f} prompt tokens evaluated a question "
              f"({questions} questions)")


if __name__ == "__main__":
    main()
