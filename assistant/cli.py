"""Command line: ``assistant ingest | ask [--json] | chat | serve``."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Sequence
from pathlib import Path
from typing import TYPE_CHECKING, Any

from . import preload
from .errors import AssistantError
from .injection import close_gaps, neutralise
from .questions import closest_start
from .settings import Settings, settings_table
from .types import QUOTED, Answer

if TYPE_CHECKING:
    from .core import Assistant


def format_answer(answer: Answer) -> str:
    """The answer, then its numbered sources (title, date, document id, quoted span). Everything from the model
    or a document is shown as plain text: no image, link or HTML markup survives (injection.neutralise)."""
    lines = [neutralise(answer.text), ""]
    if answer.abstained:
        if answer.abstain_reason:
            lines.append(f"(why: {answer.abstain_reason})")
        if answer.passages:
            lines.append("Closest passages:")
            for p in answer.passages[:3]:  # from its sentence on the question, one line per passage
                start = closest_start(p.text, answer.rewritten_query or answer.question)
                preview = " ".join(neutralise(close_gaps(p.text[start:])).split())
                lines.append(f"  - {p.title} ({p.date or 'date unknown'}) [{p.doc_id}]: {'… ' if start else ''}"
                             f"{preview[:160]}…")
    else:
        lines.append("Sources:")
        for c in answer.citations:
            flag = "" if c.supported else "  (not supported)"
            lines.append(f"  [{c.number}] {neutralise(c.title)} ({c.date or 'date unknown'}) [{c.doc_id}, "
                         f"characters {c.start}-{c.end}]{flag}")
            lines.append(f"      \"{neutralise(close_gaps(c.quote))}\"")
    if any(s.reason.startswith(QUOTED) for s in answer.sentences):
        lines.append("(quoted word for word from the source: the model's answer did not pass the check)")
    for s in answer.sentences:
        if s.written:
            lines.append(f"(corrected by the check, the source counts the number as part of a whole: "
                         f"\"{neutralise(s.written)}\" -> \"{neutralise(s.text)}\")")
    for w in answer.withheld:
        lines.append(f"(withheld from the model, {w.reason}: \"{neutralise(' '.join(w.text.split()))[:120]}\")")
    if answer.rewritten_query != answer.question:
        lines.append(f"(searched for: {answer.rewritten_query})")
    lines.append(f"({answer.model or 'no model'}, {answer.latency_s:.1f} s)")
    return "\n".join(lines)


def answer_json(answer: Answer) -> str:
    """The Answer as JSON with the answer text, quotes and withheld text as plain text (no markup)."""
    shown = answer.model_copy(deep=True)
    shown.text = neutralise(shown.text)
    for c in shown.citations:
        c.quote = neutralise(c.quote)
    for w in shown.withheld:
        w.text = neutralise(w.text)
    return shown.model_dump_json(indent=2)


def _assistant(settings: Settings) -> Assistant:
    preload.start(settings)  # the weights load while llama-index and Chroma are imported
    from .core import Assistant

    a = Assistant(settings)  # an empty index is ingested on first use, with a progress bar on stderr
    a.warm_up()  # the model loads while the index opens and the question is embedded
    return a


def cmd_ingest(args: argparse.Namespace, settings: Settings) -> int:
    from .core import Assistant

    a = Assistant(settings, auto_ingest=False)
    if args.rebuild:
        from .lock import index_lock, writing
        from .store import make_client

        with writing(index_lock(settings), "rebuild"):
            client = make_client(settings)
            for name in (settings.collection, f"{settings.collection}-documents"):
                if name in {c.name if hasattr(c, "name") else c for c in client.list_collections()}:
                    client.delete_collection(name)
    report = a.ingest(show_bar=sys.stderr.isatty())
    print("\n".join(report.lines()))
    return 0


def cmd_ask(args: argparse.Namespace, settings: Settings) -> int:
    a = _assistant(settings)
    question = " ".join(args.question)
    if args.json:
        print(answer_json(a.ask(question)))
        return 0
    answer = None
    for event in a.stream(question):
        if isinstance(event, Answer):
            answer = event
        elif sys.stdout.isatty():
            print(event, end="", flush=True)
    assert answer is not None
    if sys.stdout.isatty():
        print("\r\033[J", end="")
    print(format_answer(answer))
    return 0


def cmd_chat(args: argparse.Namespace, settings: Settings) -> int:
    a = _assistant(settings)
    history: list[dict[str, str]] = []
    print("Ask about the articles, in German or English (an empty line or Ctrl-D ends).")
    while True:
        try:
            question = input("> ").strip()
        except EOFError:
            break
        if not question:
            break
        try:
            answer = a.chat([*history, {"role": "user", "content": question}])
        except AssistantError as exc:
            print(f"Error: {exc}")
            continue
        print(format_answer(answer), flush=True)
        history += [{"role": "user", "content": question}, {"role": "assistant", "content": answer.text}]
    return 0


def cmd_serve(args: argparse.Namespace, settings: Settings) -> int:
    preload.start(settings)  # the weights load while Gradio, llama-index and Chroma are imported
    from .ui import serve

    auth = None
    if args.auth:
        user, _, password = args.auth.partition(":")
        if not user or not password:
            raise SystemExit(f"--auth needs USER:PASS, got {args.auth!r}")
        auth = (user, password)
    serve(settings, host=args.host, port=args.port, auth=auth)
    return 0


def cmd_eval(args: argparse.Namespace, settings: Settings) -> int:
    import json
    import tempfile

    from .evals.gold import load_gold, own_corpus_settings
    from .evals.pipelines import AssistantPipeline, Pipeline, PlainLlamaIndexPipeline
    from .evals.run import baseline_from, evaluate, gate, write_report

    gold = [q for q in load_gold(args.gold) if args.split is None or q.split == args.split][: args.limit]
    scratch = tempfile.TemporaryDirectory(prefix="assistant-eval-")  # a gold file's own articles are indexed here
    settings = own_corpus_settings(settings, args.gold, args.corpus, Path(scratch.name))
    from .core import Assistant

    a = Assistant(settings)
    a.ingest()
    # started as the UI, `assistant ask` and the README's Python example start it: the model loaded and its system
    # prompt evaluated before the first question (`assistant bench` measures that start), not inside its figures
    a.warm_up().join()
    pipelines: list[Pipeline] = [AssistantPipeline(a)]
    if args.baseline:
        pipelines.append(PlainLlamaIndexPipeline(a.store, a.embedder, a.llm, settings.top_k))
    show = sys.stderr.isatty() or args.progress
    report: dict[str, Any] = evaluate(pipelines, gold, flip_check=args.flip_check, show_bar=show) if gold else {
        "gold_questions": 0, "started": "", "pipelines": {}, "summary": {}, "rows": []}
    if args.injection:
        from .evals.injection import load_cases, run_injection

        report["injection"] = run_injection(load_cases(args.injection), settings, a.llm, a.embedder, show,
                                            answer_legit=args.legit_answers,
                                            ask_withheld=args.injection_ask == "all")
        report["summary"].update(report["injection"]["figures"])
    failures = gate(report["summary"], json.loads(args.check.read_text())) if args.check else None
    write_report(report, args.out, failures)
    if args.save_baseline:
        args.save_baseline.write_text(json.dumps(baseline_from(report["summary"], args.tolerance), indent=2) + "\n")
    print((args.out / "report.md").read_text(encoding="utf-8").split("\n## Accuracy by kind")[0])
    print(f"written: {args.out / 'report.json'}, {args.out / 'report.md'}")
    return 1 if failures else 0


def cmd_report(args: argparse.Namespace, settings: Settings) -> int:
    """The headline figures of several eval runs side by side (dev, test, second corpus)."""
    import json

    keys = ["n_questions", "accuracy", "fact_recall", "citation_precision", "citation_recall",
            "abstention_accuracy", "false_abstention_rate", "false_disagreement_rate", "ttft_p50_s",
            "latency_p50_s", "prompt_tokens_mean"]
    runs = {str(d): json.loads((d / "report.json").read_text(encoding="utf-8"))["summary"] for d in args.runs}
    print("| figure | " + " | ".join(runs) + " |\n|---|" + "---|" * len(runs))
    for k in keys:
        cells = [runs[r].get(k) for r in runs]
        print(f"| {k} | " + " | ".join("" if v is None else f"{v:.3f}" if isinstance(v, float) else str(v)
                                       for v in cells) + " |")
    return 0


def cmd_bench(args: argparse.Namespace, settings: Settings) -> int:
    from .bench import main as bench

    bench(settings, args.out, runs=args.runs, large=not args.quick)
    print(f"written: {args.out / 'report.json'}")
    return 0


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="assistant", description=__doc__)
    sub = parser.add_subparsers(dest="command", required=True)
    p = sub.add_parser("ingest", help="ingest the corpus folder (incremental)")
    p.add_argument("--rebuild", action="store_true", help="drop the index first (after an embedding change)")
    p.set_defaults(func=cmd_ingest)
    p = sub.add_parser("ask", help="answer one question with sources")
    p.add_argument("question", nargs="+")
    p.add_argument("--json", action="store_true", help="print the Answer as JSON")
    p.set_defaults(func=cmd_ask)
    p = sub.add_parser("chat", help="a conversation in the terminal")
    p.set_defaults(func=cmd_chat)
    p = sub.add_parser("eval", help="score answers against gold facts; compare with the plain llama-index pipeline")
    p.add_argument("--gold", type=Path, default=Path("evals/gold.jsonl"), help="gold file (JSON lines)")
    p.add_argument("--out", type=Path, default=Path("evals/out"), help="folder for report.json and report.md")
    p.add_argument("--baseline", action="store_true", help="also run the plain llama-index pipeline")
    p.add_argument("--check", type=Path, help="stored figures (evals/baseline.json); exit 1 when a figure falls")
    p.add_argument("--save-baseline", type=Path, help="write this run's figures as the new stored baseline")
    p.add_argument("--tolerance", type=float, default=0.05, help="allowed drop when saving a baseline")
    p.add_argument("--flip-check", type=int, default=0, metavar="N", help="ask the first N questions twice")
    p.add_argument("--limit", type=int, default=None, metavar="N", help="only the first N gold questions")
    p.add_argument("--progress", action="store_true", help="show the progress bar even when not on a terminal")
    p.add_argument("--split", help="only the gold questions of this split (dev or test)")
    p.add_argument("--corpus", type=Path, metavar="DIR", help="the articles the gold file asks about, indexed into "
                   "a temporary store (default: articles/ beside the gold file if there is one, else the corpus)")
    p.add_argument("--injection", type=Path, metavar="FILE",
                   help="also run the injection cases (evals/injection.jsonl); --limit 0 runs only them")
    p.add_argument("--legit-answers", action="store_true",
                   help="with --injection: also ask the legitimate cases' questions (else only detection)")
    p.add_argument("--injection-ask", choices=["all", "reaching"], default="all",
                   help="with --injection: ask every injection case's question, or only those of cases whose text "
                   "reaches the index (CI: what ingest withholds whole, the model never sees)")
    p.set_defaults(func=cmd_eval)
    p = sub.add_parser("report", help="the figures of several eval runs side by side")
    p.add_argument("runs", type=Path, nargs="+", help="eval output folders (each with report.json)")
    p.set_defaults(func=cmd_report)
    p = sub.add_parser("bench", help="latency, ingest and scale figures next to the plain llama-index pipeline")
    p.add_argument("--out", type=Path, default=Path("bench"), help="folder for report.json")
    p.add_argument("--runs", type=int, default=5, help="measured runs per figure, after a warm-up")
    p.add_argument("--quick", action="store_true", help="skip the 1,000-document and 100,000-chunk figures")
    p.set_defaults(func=cmd_bench)
    p = sub.add_parser("settings", help="print every setting: environment variable, default, description")
    p.set_defaults(func=lambda args, settings: print(settings_table()) or 0)
    p = sub.add_parser("serve", help="start the chat UI")
    p.add_argument("--host", default="127.0.0.1")
    p.add_argument("--port", type=int, default=7860)
    p.add_argument("--auth", help="USER:PASS to require a login")
    p.set_defaults(func=cmd_serve)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    args = build_parser().parse_args(argv)
    try:
        return int(args.func(args, Settings()))
    except AssistantError as exc:
        print(f"Error: {exc}", file=sys.stderr)
        return 2
    except KeyboardInterrupt:
        return 130


if __name__ == "__main__":
    raise SystemExit(main())
