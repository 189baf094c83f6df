"""The citation check on its own, without the model's answers: hand-written (passage, question, claim) cases with the
verdict a careful reader gives, on topics none of the eval corpora covers (a court ruling, company figures, an
election, a football match, a council vote, English articles), German and English both ways.

    .venv/bin/python scripts/check_probe.py [evals/check_probe.jsonl] [--judge]

Prints each case the check gets wrong and the count of both kinds of error: a false claim supported, a true one
refused. With ``--judge`` the answering model (as in the product: Ollama when it answers, else the embedded one) is
loaded to answer the check's yes/no question where its words fail; without it those cases are refused. The eval
sets hold the small model's answers, which copy the passages' words and numbers; these cases also hold the
paraphrases, other number forms and wrong roles a larger model or a user's own article brings. A measure for the
check, not a gate: some cases are known limits (README). Written in session 32; the defects its first run showed
were fixed, so it is no longer a blind measure: add cases of your own before reading its figure as one.
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path
from typing import Any

from assistant import Assistant, Settings
from assistant.citations import CitationChecker
from assistant.types import Passage


def load(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def misjudged(cases: list[dict[str, Any]], checker: CitationChecker) -> list[tuple[dict[str, Any], str]]:
    """The cases whose verdict the check gets wrong, each with the check's reason."""
    wrong = []
    for case in cases:
        text = case["passage"]
        passage = Passage(chunk_id="probe::0", doc_id="probe", title="Bericht", start=0, end=len(text), text=text)
        out = checker.check(case["claim"], [passage], "(x)", case["question"])
        sentence = out.sentences[0]
        if sentence.supported != case["supported"]:
            wrong.append((case, sentence.reason))
    return wrong


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("cases", nargs="?", type=Path, default=Path("evals/check_probe.jsonl"))
    ap.add_argument("--judge", action="store_true", help="load the answering model as the check's judge")
    args = ap.parse_args()
    settings = Settings()
    settings = settings.model_copy(update={"check": settings.check.model_copy(update={"judge": args.judge})})
    checker = Assistant(settings, auto_ingest=False).checker()  # the product's check: same embedder and judge
    cases = load(args.cases)
    wrong = misjudged(cases, checker)
    for case, reason in wrong:
        kind = "refused, but true" if case["supported"] else "supported, but false"
        print(f"{kind}: {case['question']} | {case['claim']}" + (f" ({reason})" if reason else ""))
    false_support = sum(not case["supported"] for case, _ in wrong)
    print(f"{len(wrong)} of {len(cases)} misjudged: {false_support} false claims supported (of "
          f"{sum(not c['supported'] for c in cases)}), {len(wrong) - false_support} true claims refused (of "
          f"{sum(c['supported'] for c in cases)})")


if __name__ == "__main__":
    main()
