"""``assistant eval``: run pipelines over a gold file, write report.json and report.md, gate on a baseline."""

from __future__ import annotations

import json
import math
import platform
import sys
import time
from pathlib import Path
from typing import Any

from tqdm import tqdm

from ..errors import AssistantError
from .gold import GoldQuestion
from .metrics import Row, by_kind, score, strip_markers, summarize
from .pipelines import Pipeline

# Figures the gate compares, and which way is better.
HIGHER_IS_BETTER = ["fact_recall", "accuracy", "citation_precision", "citation_recall", "retrieval_recall_at_k",
                    "retrieval_fact_recall_at_k", "mrr", "abstention_accuracy"]
LOWER_IS_BETTER = ["false_abstention_rate", "invalid_marker_rate", "false_disagreement_rate",
                   "injection_followed_rate", "injection_false_positive_rate", "corpus_sentences_withheld",
                   "outbound_requests"]
HIGHER_IS_BETTER += ["injection_detection_rate", "legit_answer_accuracy"]


def run_pipeline(pipeline: Pipeline, gold: list[GoldQuestion], show_bar: bool = True) -> list[Row]:
    rows: list[Row] = []
    for q in tqdm(gold, desc=pipeline.name, unit="q", disable=not show_bar, file=sys.stderr):
        try:
            rows.append(score(q, pipeline.answer(q)))
        except AssistantError:
            raise  # a setup problem (model missing, server down): stop with its message
        except Exception as exc:  # one question failing is a result, not the end of the run
            rows.append(Row(id=q.id, kind=q.kind, question=q.question, answerable=q.answerable,
                            error=f"{type(exc).__name__}: {exc}"))
    return rows


def flips(pipeline: Pipeline, gold: list[GoldQuestion], rows: list[Row], n: int, show_bar: bool = True) -> int:
    """Ask the first ``n`` questions again; how many answers change (the noise floor of the gate)."""
    again = run_pipeline(pipeline, gold[:n], show_bar)
    return sum(strip_markers(a.answer).strip() != strip_markers(b.answer).strip() for a, b in zip(rows, again,
                                                                                                     strict=False))


def evaluate(pipelines: list[Pipeline], gold: list[GoldQuestion], flip_check: int = 0,
             show_bar: bool = True) -> dict[str, Any]:
    report: dict[str, Any] = {"gold_questions": len(gold), "machine": f"{platform.machine()}, "
                              f"{platform.python_implementation()} {platform.python_version()}",
                              "started": time.strftime("%Y-%m-%d %H:%M:%S"), "pipelines": {}}
    for pipeline in pipelines:
        started = time.perf_counter()
        rows = run_pipeline(pipeline, gold, show_bar)
        summary = summarize(rows)
        summary["model"] = pipeline.model
        summary["duration_s"] = round(time.perf_counter() - started, 1)
        if flip_check:
            summary["flip_checked"] = min(flip_check, len(gold))
            summary["flips"] = flips(pipeline, gold, rows, flip_check, show_bar)
        report["pipelines"][pipeline.name] = {"summary": summary, "by_kind": by_kind(rows),
                                              "rows": [r.model_dump() for r in rows]}
    first = next(iter(report["pipelines"].values()))
    report["summary"] = first["summary"]  # our pipeline's figures, at the top level where tools look
    report["rows"] = first["rows"]
    return report


def gate(summary: dict[str, Any], baseline: dict[str, Any]) -> list[str]:
    """Failures: a figure of the stored baseline that this run fell below by more than its tolerance (rose above,
    for lower-is-better figures) or left missing or NaN, or a question that errored."""
    figures, tolerance = baseline["figures"], baseline.get("tolerance", {})
    failures = []
    for name in (n for n in HIGHER_IS_BETTER + LOWER_IS_BETTER if n in figures):
        value = summary.get(name)
        if value is None or (isinstance(value, float) and math.isnan(value)):
            failures.append(f"{name} is undefined ({value})")
            continue
        tol = float(tolerance.get(name, tolerance.get("default", 0.0)))
        if name in HIGHER_IS_BETTER and value < figures[name] - tol:
            failures.append(f"{name} {value:.3f} is below the baseline {figures[name]:.3f} - {tol}")
        if name in LOWER_IS_BETTER and value > figures[name] + tol:
            failures.append(f"{name} {value:.3f} is above the baseline {figures[name]:.3f} + {tol}")
    if summary.get("errors"):
        failures.append(f"{summary['errors']} questions failed with an error")
    return failures


def baseline_from(summary: dict[str, Any], tolerance: float) -> dict[str, Any]:
    return {"model": summary.get("model"), "n_questions": summary.get("n_questions"),
            "figures": {k: round(summary[k], 4) for k in HIGHER_IS_BETTER + LOWER_IS_BETTER if k in summary},
            "tolerance": {"default": tolerance}}


def _fmt(v: Any) -> str:
    if isinstance(v, float):
        return "NaN" if math.isnan(v) else f"{v:.3f}"
    return str(v)


def markdown(report: dict[str, Any], failures: list[str] | None = None) -> str:
    names = list(report["pipelines"])
    lines = [f"# Eval report ({report['started']}, {report['gold_questions']} gold questions)", ""]
    if failures is not None:
        lines += ["**Gate: " + ("FAILED**" if failures else "passed**"), *[f"- {f}" for f in failures], ""]
    lines += ["| figure | " + " | ".join(names) + " |", "|---|" + "---|" * len(names)]
    keys = list(report["pipelines"][names[0]]["summary"]) if names else []
    for k in keys:
        lines.append(f"| {k} | " + " | ".join(_fmt(report["pipelines"][n]["summary"].get(k)) for n in names) + " |")
    lines += ["", "## Accuracy by kind", "", "| kind | n | " + " | ".join(names) + " |",
              "|---|---|" + "---|" * len(names)]
    for kind, v in (report["pipelines"][names[0]]["by_kind"] if names else {}).items():
        lines.append(f"| {kind} | {v['n']} | " + " | ".join(_fmt(report["pipelines"][n]["by_kind"][kind]["accuracy"])
                                                       for n in names) + " |")
    if "injection" in report:
        lines += ["", "## Injection", "", "| figure | value |", "|---|---|",
                  *(f"| {k} | {_fmt(v)} |" for k, v in report["injection"]["figures"].items()), "",
                  "| id | kind | withheld | followed | right | answer |", "|---|---|---|---|---|---|"]
        for r in report["injection"]["rows"]:
            bad = (r["kind"] == "injection" and (r["followed"] or not r["withheld"])) or \
                (r["kind"] == "legit" and (r["withheld"] or r["right"] is False))
            if bad:
                cell = r["answer"].replace("|", "\\|").replace("\n", " ")[:160]
                lines.append(f"| {r['id']} | {r['kind']} | {'; '.join(r['withheld'])[:80]} | "
                             f"{', '.join(r['followed'])} | {r['right']} | {cell} |")
    for n in names:
        wrong = [r for r in report["pipelines"][n]["rows"] if not r["correct"]]
        lines += ["", f"## Failures of {n} ({len(wrong)})", "", "| id | kind | question | answer | why |",
                  "|---|---|---|---|---|"]
        for r in wrong:
            why = r["error"] or ("abstained" if r["abstained"] else "answered an unanswerable question"
                                 if not r["answerable"] else
                                 f"facts {r['facts_matched']}" + (f", forbidden {r['forbidden_found']}"
                                                                 if r["forbidden_found"] else ""))
            cell = r["answer"].replace("|", "\\|").replace("\n", " ")[:220]
            lines.append(f"| {r['id']} | {r['kind']} | {r['question'][:90]} | {cell} | {why} |")
    return "\n".join(lines) + "\n"


def _no_nan(value: Any) -> Any:
    """JSON has no NaN: undefined figures are written as null."""
    if isinstance(value, float) and math.isnan(value):
        return None
    if isinstance(value, dict):
        return {k: _no_nan(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_no_nan(v) for v in value]
    return value


def write_report(report: dict[str, Any], out: Path, failures: list[str] | None = None) -> None:
    out.mkdir(parents=True, exist_ok=True)
    clean = _no_nan(report)
    if failures is not None:
        clean["gate"] = {"passed": not failures, "failures": failures}
    (out / "report.json").write_text(json.dumps(clean, ensure_ascii=False, indent=2), encoding="utf-8")
    (out / "report.md").write_text(markdown(report, failures), encoding="utf-8")
