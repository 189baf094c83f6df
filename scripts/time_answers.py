"""Measures answer latency with the embedded model on this machine: python scripts/time_answers.py"""

from __future__ import annotations

import statistics
import time

from assistant import Assistant, Settings

QUESTIONS = [
    "Wie viele Menschen starben beim Absturz der AZAL-Maschine?",
    "Wie viele Soldaten schickte Nordkorea zunächst nach Russland?",
    "Welche israelischen Waffensysteme setzt Aserbaidschan ein?",
    "Wann besuchte Lawrow Eriwan?",
    "How many soldiers did North Korea initially send to Russia?",
    "Wer gewann die Fußball-WM 2022?",
]


def main() -> None:
    t0 = time.perf_counter()
    a = Assistant(Settings(llm="embedded"))
    a.ask("Wer ist Alijew?")  # warm-up: loads both models
    print(f"start + warm-up: {time.perf_counter() - t0:.1f} s")
    totals, firsts = [], []
    for q in QUESTIONS:
        ans = a.ask(q)
        totals.append(ans.latency_s)
        if ans.first_token_s is not None:
            firsts.append(ans.first_token_s)
        print(f"{ans.latency_s:5.1f} s  ttft {ans.first_token_s or 0:4.1f} s  prompt {ans.prompt_tokens} tok  "
              f"{'ABSTAINED' if ans.abstained else ''} {q}\n        -> {ans.text[:140]}")
    print(f"answer p50 {statistics.median(totals):.1f} s, max {max(totals):.1f} s; "
          f"time to first token p50 {statistics.median(firsts):.1f} s ({len(QUESTIONS)} questions, model {a.model})")


if __name__ == "__main__":
    main()
