"""Re-score the gold set with the model's outputs cached by prompt: try a change to the citation check, the
abstention rules or the per-article grouping in seconds instead of a 10-minute eval.

    .venv/bin/python scripts/replay_eval.py [--cache evals/out/replay-cache.json] [--split dev]
        [--gold evals/corpora/frisch/gold.jsonl] [QUESTION_ID_OR_KIND ...]

The first run asks the model for every prompt and fills the cache; later runs ask it only for prompts that
changed. Settings come from the environment as usual (ASSISTANT_GENERATION__SOURCE_MARGIN=0.03 ...). A replayed
figure is a development aid: the README and evals/baseline.json take theirs from `assistant eval`.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import tempfile
from collections.abc import Iterator
from pathlib import Path

from llama_index.core.base.llms.types import ChatMessage
from llama_index.core.llms import LLM

import assistant.core
from assistant import Assistant, Settings
from assistant.evals.gold import load_gold, own_corpus_settings
from assistant.evals.metrics import by_kind, summarize
from assistant.evals.pipelines import AssistantPipeline
from assistant.evals.run import run_pipeline
from assistant.judge import LLMJudge
from assistant.llm import stream_chat
from assistant.system_prompt import SYSTEM


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("only", nargs="*", help="question ids or kinds to run (default: all)")
    ap.add_argument("--cache", type=Path, default=Path("evals/out/replay-cache.json"))
    ap.add_argument("--rows", type=Path, default=Path("evals/out/replay-rows.json"))
    ap.add_argument("--gold", type=Path, default=Path("evals/gold.jsonl"))
    ap.add_argument("--split", help="only the gold questions of this split (dev or test)")
    ap.add_argument("--prompts", type=Path, help="write every prompt (answers, rewrites, the judge's) in the order "
                    "asked, with the answer, as JSON lines: the input of scripts/simulate_state_cache.py")
    args = ap.parse_args()
    cache: dict[str, str] = json.loads(args.cache.read_text()) if args.cache.exists() else {}
    asked = 0
    prompts: list[dict[str, object]] = []

    def cached(llm: LLM, messages: list[ChatMessage], max_tokens: int | None = None,
               grammar: str | None = None) -> Iterator[str]:
        nonlocal asked
        key = hashlib.sha256(json.dumps([[m.role.value, m.content] for m in messages] + [max_tokens, grammar])
                             .encode()).hexdigest()
        if key not in cache:
            asked += 1
            cache[key] = "".join(stream_chat(llm, messages, max_tokens, grammar))
            args.cache.parent.mkdir(parents=True, exist_ok=True)
            args.cache.write_text(json.dumps(cache))
        kind = "answer" if messages[0].content == SYSTEM else "other"
        prompts.append({"kind": kind, "messages": [[m.role.value, m.content] for m in messages], "output": cache[key]})
        yield cache[key]

    def judged(self: LLMJudge, messages: list[ChatMessage]) -> float:
        nonlocal asked
        key = "judge:" + hashlib.sha256(json.dumps([m.content for m in messages]).encode()).hexdigest()
        if key not in cache:
            asked += 1
            cache[key] = repr(real_score(self, messages))
            args.cache.write_text(json.dumps(cache))
        prompts.append({"kind": "judge", "messages": [[m.role.value, m.content] for m in messages], "output": ""})
        return float(cache[key])

    assistant.core.stream_chat = cached  # the seams: the model's answers and its yes/no to the check's question
    real_score, LLMJudge.score = LLMJudge.score, judged  # type: ignore[method-assign]
    gold = [q for q in load_gold(args.gold) if (not args.only or q.id in args.only or q.kind in args.only)
            and (args.split is None or q.split == args.split)]
    scratch = tempfile.TemporaryDirectory(prefix="replay-")
    a = Assistant(own_corpus_settings(Settings(), args.gold, None, Path(scratch.name)))
    a.ingest()
    rows = run_pipeline(AssistantPipeline(a), gold, show_bar=False)
    figures = {k: round(v, 3) if isinstance(v, float) else v for k, v in summarize(rows).items()
               if not k.startswith(("latency", "ttft"))}
    print(json.dumps(figures, indent=1))
    print("accuracy by kind:", {k: round(v["accuracy"], 3) for k, v in by_kind(rows).items()})
    print(f"model asked for {asked} of the prompts; rows in {args.rows}")
    args.rows.write_text(json.dumps([r.model_dump() for r in rows], ensure_ascii=False, indent=1))
    if args.prompts:
        args.prompts.write_text("".join(json.dumps(p, ensure_ascii=False) + "\n" for p in prompts))


if __name__ == "__main__":
    main()
