"""scripts/check_probe.py: the hand-written check cases load, and a misjudged case is reported with its reason."""

import importlib.util
from pathlib import Path

import numpy as np

from assistant.citations import CitationChecker

ROOT = Path(__file__).resolve().parents[1]


def load_script():
    spec = importlib.util.spec_from_file_location("check_probe", ROOT / "scripts" / "check_probe.py")
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def test_the_cases_load_with_a_verdict_each():
    cases = load_script().load(ROOT / "evals" / "check_probe.jsonl")
    assert len(cases) >= 50
    assert all(set(c) == {"passage", "question", "claim", "supported"} for c in cases)
    assert {c["supported"] for c in cases} == {True, False}


def test_a_misjudged_case_is_reported():
    probe = load_script()
    text = "Der Umsatz der Kellbacher Werke stieg 2025 um 7,4 Prozent auf 2,31 Milliarden Euro."
    right = {"passage": text, "question": "Wie hoch war der Umsatz?", "claim": "Der Umsatz lag bei 2,31 Milliarden Euro [1].",
             "supported": True}
    wrong_verdict = dict(right, claim="Der Umsatz lag bei 9,99 Milliarden Euro [1].", supported=True)
    checker = CitationChecker(embed=lambda texts: np.ones((len(texts), 4)))
    (case, reason), = probe.misjudged([right, wrong_verdict], checker)
    assert case is wrong_verdict and reason == "no passage supports it"
