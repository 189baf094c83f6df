"""1, 10 and 30 simulated chat users through gradio_client: every answer reaches its own asker."""

from __future__ import annotations

import json
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from assistant.bench import free_port
from assistant.ui import build_app

from .conftest import ScriptedLLM
from .test_eval import extractive

# questions with distinct answers; each user adds a unique tag, and the fake model copies a passage sentence
QUESTIONS = [
    ("Wie viele Soldaten hatte Nordkorea zunächst nach Russland entsandt?", "11.000"),
    ("Bei welchem Treffen in Turkmenistan trafen sich Putin und Pezeshkian?", "Pezeshkian"),
    ("In welchem Jahr schloss die Türkei ihre Grenze zu Armenien?", "1993"),
    ("Welche Nachrichtenagentur behauptet, einen anonymen Brief mit Zeugenaussagen erhalten zu haben?", "Minval"),
    ("Welchen Modus der Außenpolitik nennt der Gastkommentar Spiegelstrategie?", "Spiegelstrategie"),
    ("Wohin flog das Passagierflugzeug der Azerbaijan Airlines, als es abstürzte?", "Grosny"),
]
QUEUE = 16
RESULTS = Path(__file__).resolve().parent.parent / "evals" / "out" / "concurrency.json"


def slow_extractive(messages) -> str:
    time.sleep(0.15)  # a model takes time: requests pile up in the queue
    return extractive(messages)


@pytest.fixture(scope="module")
def app_url(tmp_path_factory):
    from assistant import Assistant, Settings

    from .conftest import CORPUS, FakeEmbedder

    tmp = tmp_path_factory.mktemp("concurrency")
    a = Assistant(Settings(corpus_dir=CORPUS, index_dir=tmp / "index", llm="embedded"), embedder=FakeEmbedder(),
                  llm=ScriptedLLM(script=slow_extractive))
    app = build_app(a)
    app.queue(max_size=QUEUE, default_concurrency_limit=1)
    port = free_port()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True)
    yield f"http://127.0.0.1:{port}/"
    app.close()


def one_user(url: str, n: int) -> tuple[str, float, str]:
    from gradio_client import Client

    question, fact = QUESTIONS[n % len(QUESTIONS)]
    tag = f"[Nutzer {n:03d}]"
    client = Client(url, verbose=False)
    started = time.perf_counter()
    try:
        chat = client.predict(f"{question} {tag}", [], 5, api_name="/ask")[0]
    except Exception as exc:  # the queue is full: gradio refuses the request
        return "busy", time.perf_counter() - started, str(exc)
    took = time.perf_counter() - started
    asked, answer = str(chat[-2]["content"]), str(chat[-1]["content"])
    ok = tag.replace("[", "").replace("]", "") in asked.replace("[", "").replace("]", "") and fact in answer
    return ("ok" if ok else "wrong"), took, answer


@pytest.mark.integration
@pytest.mark.parametrize("users", [1, 10, 30])
def test_concurrent_users_each_get_their_own_answer(app_url, users):
    with ThreadPoolExecutor(max_workers=users) as pool:
        results = list(pool.map(lambda n: one_user(app_url, n), range(users)))
    status = [r[0] for r in results]
    assert "wrong" not in status, [r for r in results if r[0] == "wrong"]
    busy = [r for r in results if r[0] == "busy"]
    assert all("queue" in r[2].lower() and "full" in r[2].lower() for r in busy), busy
    if users <= QUEUE:
        assert not busy
    assert status.count("ok") >= min(users, QUEUE)  # nobody lost: each got an answer or a clean refusal
    times = sorted(r[1] for r in results if r[0] == "ok")
    figures = {"users": users, "answered": len(times), "busy": len(busy),
               "p50_s": round(statistics.median(times), 2), "p95_s": round(times[max(0, int(0.95 * len(times)) - 1)], 2)}
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    old = json.loads(RESULTS.read_text()) if RESULTS.exists() else {}
    RESULTS.write_text(json.dumps(old | {str(users): figures}, indent=2))
    print(figures)
