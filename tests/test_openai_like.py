"""The OpenAI-compatible backend against llama-cpp-python's own server (``python -m llama_cpp.server``)."""

from __future__ import annotations

import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from assistant import Assistant, Settings
from assistant.bench import free_port, wait_until_ready
from assistant.errors import ServerUnavailable
from assistant.judge import LLMJudge
from assistant.llm import make_embedded, make_openai_like
from assistant.model_file import default_model_path


def _answers(url: str) -> bool:
    try:
        return httpx.get(url, timeout=2).status_code == 200
    except httpx.HTTPError:
        return False


# ``python -m llama_cpp.server``, loading the weights as the embedded model does (preload.no_amx_repacking: on a CPU
# with AMX llama.cpp's AMX kernels crash with this model)
SERVER = ("import runpy\nfrom assistant.preload import no_amx_repacking\nwith no_amx_repacking():\n"
          "    runpy.run_module('llama_cpp.server', run_name='__main__')")


@pytest.fixture(scope="module")
def llama_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    model = default_model_path(Settings().embedded.cache_dir)
    port = free_port()
    log = tmp_path_factory.mktemp("llama-server") / "server.log"
    with log.open("w") as out:
        proc = subprocess.Popen([sys.executable, "-c", SERVER, "--model", str(model), "--host",
                                 "127.0.0.1", "--port", str(port), "--n_ctx", "4096", "--n_threads", "2",
                                 "--model_alias", "local-model", "--verbose", "False"],
                                stdout=out, stderr=subprocess.STDOUT)
    url = f"http://127.0.0.1:{port}/v1"
    try:
        try:
            wait_until_ready(lambda: _answers(f"{url}/models"), proc, 120, "llama_cpp.server")
        except RuntimeError as exc:
            pytest.fail(f"{exc}: {log.read_text()[-2000:]}")
        yield url
    finally:
        proc.terminate()
        proc.wait(timeout=20)


@pytest.mark.slow
@pytest.mark.integration
def test_answers_through_an_openai_compatible_server(llama_server, settings, embedder) -> None:
    s = settings.model_copy(update={"llm": "openai", "openai_base_url": llama_server, "openai_model": "local-model"})
    a = Assistant(s, embedder=embedder)
    ans = a.ask("Wie viele Soldaten hatte Nordkorea zunächst nach Russland entsandt?")
    assert ans.model == "openai:local-model"
    assert not ans.abstained and "11.000" in ans.text, ans.text
    assert ans.citations and ans.citations[0].doc_id == "002_ae1e676b21058354.txt"


@pytest.mark.slow
@pytest.mark.integration
def test_the_judge_reads_the_servers_log_probabilities(llama_server, settings) -> None:
    """The same model's log-odds through the server's top_logprobs as in process (where the check's judge
    thresholds were chosen), not a written Yes or No as +3 or -3."""
    s = settings.model_copy(update={"llm": "openai", "openai_base_url": llama_server, "openai_model": "local-model"})
    pairs = [("Wie hoch war die höchste Windgeschwindigkeit?",
              "Die höchste Windgeschwindigkeit wurde am Brocken gemessen: 156 Kilometer pro Stunde."),
             ("Wie viele Menschen starben beim Absturz?", "Die Feuerwehr rückte aus.")]
    served, local = LLMJudge(make_openai_like(s)), LLMJudge(make_embedded(s))
    odds = [served(q, sentence) for q, sentence in pairs]
    assert odds == pytest.approx([local(q, sentence) for q, sentence in pairs], abs=0.15)
    assert odds[0] > 0 > odds[1] and abs(odds[0]) != 3.0


def test_a_dead_server_is_a_clear_error(settings, embedder) -> None:
    url = f"http://127.0.0.1:{free_port()}/v1"
    s = settings.model_copy(update={"llm": "openai", "openai_base_url": url})
    s.generation.request_timeout_s = 5
    a = Assistant(s, embedder=embedder)
    started = time.monotonic()
    with pytest.raises(ServerUnavailable, match=r"does not answer at http://127\.0\.0\.1") as exc:
        a.ask("Wie viele Soldaten hatte Nordkorea zunächst nach Russland entsandt?")
    assert "ASSISTANT_OPENAI_BASE_URL" in str(exc.value) and time.monotonic() - started < 30


def test_settings_read_the_endpoint_from_the_environment(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("ASSISTANT_LLM", "openai")
    monkeypatch.setenv("ASSISTANT_OPENAI_BASE_URL", "http://gpu-box:8000/v1")
    s = Settings()
    assert s.llm == "openai" and s.openai_base_url == "http://gpu-box:8000/v1"
