"""The Ollama backend against a local HTTP server speaking Ollama's API, and live when OLLAMA_HOST answers."""

from __future__ import annotations

import json
import math
import os
import re
import threading
import time
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer

import httpx
import pytest

from assistant import Assistant, Settings
from assistant.errors import ModelNotFound, OllamaUnavailable
from assistant.llm import make_llm, make_ollama

from .conftest import FakeEmbedder

MODEL = "qwen2.5:7b-instruct"
REPLY = "Nordkorea schickte zunächst 11.000 Soldaten nach Russland [1]."


class FakeOllama(BaseHTTPRequestHandler):
    requests: list[dict] = []
    reply = REPLY
    fail_mid_stream = False
    stall_s = 0.0  # a slow server: wait this long before the first chunk
    top: list[tuple[str, float]] | None = None  # a reply's likeliest first tokens, for requests that ask for them
    refuse_logprobs = False  # HTTP 500 for such requests
    capabilities: list[str] | None = None  # what /api/show says the model can do; None: 404, as an old Ollama

    def log_message(self, *args):
        pass

    def _json(self, status, body):
        data = json.dumps(body).encode()
        self.send_response(status)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(data)))
        self.end_headers()
        self.wfile.write(data)

    def do_GET(self):
        if self.path == "/api/tags":
            self._json(200, {"models": [{"name": MODEL, "model": MODEL, "size": 1, "digest": "x"}]})
        else:
            self._json(404, {"error": "not found"})

    def do_POST(self):
        body = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        type(self).requests.append(body)
        if body.get("model") != MODEL:
            return self._json(404, {"error": f"model '{body.get('model')}' not found, try pulling it first"})
        if self.path == "/api/show" and self.capabilities is not None:
            return self._json(200, {"modelfile": "", "template": "", "details": {"family": "qwen3"}, "model_info": {},
                                    "modified_at": "2026-01-01T00:00:00Z", "capabilities": self.capabilities})
        if self.path != "/api/chat":
            return self._json(404, {"error": "not found"})
        time.sleep(self.stall_s)
        if body.get("logprobs") and self.refuse_logprobs:
            return self._json(500, {"error": "logprobs are not supported"})
        if body.get("stream") is False:  # one token asked for, its log-probabilities returned where set (Ollama 0.12.11+)
            first = type(self).reply.split(" ")[0]
            done = {"model": MODEL, "created_at": "2025-01-01T00:00:00Z", "done": True, "done_reason": "length",
                    "message": {"role": "assistant", "content": first}}
            if body.get("logprobs") and self.top is not None:
                tops = [{"token": t, "logprob": lp, "bytes": list(t.encode())} for t, lp in self.top]
                done["logprobs"] = [{**tops[0], "top_logprobs": tops[: body.get("top_logprobs", 0)]}]
            return self._json(200, done)
        self.send_response(200)
        self.send_header("Content-Type", "application/x-ndjson")
        self.end_headers()
        words = type(self).reply.split(" ")
        for i, w in enumerate(words):
            if self.fail_mid_stream and i == 3:
                self.wfile.flush()
                self.connection.close()
                return
            chunk = {"model": MODEL, "created_at": "2025-01-01T00:00:00Z",
                     "message": {"role": "assistant", "content": (" " if i else "") + w}, "done": False}
            self.wfile.write((json.dumps(chunk) + "\n").encode())
            self.wfile.flush()
        done = {"model": MODEL, "created_at": "2025-01-01T00:00:00Z", "message": {"role": "assistant", "content": ""},
                "done": True, "done_reason": "stop", "prompt_eval_count": 10, "eval_count": len(words)}
        self.wfile.write((json.dumps(done) + "\n").encode())


@pytest.fixture
def ollama_server():
    FakeOllama.requests = []
    FakeOllama.reply = REPLY
    FakeOllama.fail_mid_stream = False
    FakeOllama.stall_s = 0.0
    FakeOllama.top = None
    FakeOllama.refuse_logprobs = False
    FakeOllama.capabilities = None
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOllama)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    yield f"http://127.0.0.1:{server.server_address[1]}"
    server.shutdown()


def ollama_settings(settings: Settings, host: str, **kw) -> Settings:
    return settings.model_copy(update={"llm": "ollama", "ollama_host": host, **kw})


def test_streams_answer_with_citation(ollama_server, settings):
    a = Assistant(ollama_settings(settings, ollama_server), embedder=FakeEmbedder())
    events = list(a.stream("Wie viele Soldaten schickte Nordkorea nach Russland?"))
    answer = events[-1]
    assert "".join(e for e in events[:-1]) == REPLY
    assert answer.model == f"ollama:{MODEL}" and answer.citations[0].supported
    chat = [r for r in FakeOllama.requests if "messages" in r][-1]
    assert chat["stream"] is True and chat["options"]["temperature"] == 0 and chat["options"]["seed"] == 42


def test_the_judge_reads_ollamas_log_probabilities(ollama_server, settings):
    from assistant.judge import JUDGE_SYSTEM, LLMJudge

    FakeOllama.reply = "No"
    FakeOllama.top = [("No", math.log(0.5)), ("Yes", math.log(0.3)), (" yes", math.log(0.1)), ("The", math.log(0.05))]
    judge = LLMJudge(make_ollama(ollama_settings(settings, ollama_server)))
    assert judge("Wie viele Soldaten schickte Nordkorea?", "Nordkorea schickte Truppen.") == pytest.approx(
        math.log(0.4 / 0.5))  # "Yes" and " yes" against "No": close, not the written No's -3
    (asked,) = [r for r in FakeOllama.requests if "messages" in r]
    assert asked["messages"][0]["content"] == JUDGE_SYSTEM and asked["stream"] is False
    assert asked["logprobs"] is True and asked["top_logprobs"] == 20 and asked["options"]["num_predict"] == 1
    Assistant(ollama_settings(settings, ollama_server), embedder=FakeEmbedder()).ask("Wie viele Soldaten?")
    answered = FakeOllama.requests[-1]
    assert answered["stream"] is True and answered["options"]["num_ctx"] == asked["options"]["num_ctx"] == 4096


@pytest.mark.parametrize("refuse", [False, True])
@pytest.mark.parametrize(("reply", "odds"), [("Yes.", 3.0), ("No, it does not.", -3.0)])
def test_without_log_probabilities_the_judge_reads_the_written_yes_or_no(ollama_server, settings, reply, odds,
                                                                          refuse):
    """An Ollama before 0.12.11 ignores the request for them; a server may refuse it: the written reply counts, and
    the judge does not ask for them again."""
    from assistant.judge import JUDGE_SYSTEM, LLMJudge

    FakeOllama.reply, FakeOllama.refuse_logprobs = reply, refuse
    judge = LLMJudge(make_ollama(ollama_settings(settings, ollama_server)))
    assert judge("Wie viele Soldaten schickte Nordkorea?", "Nordkorea schickte 11.000 Soldaten.") == odds
    assert judge("Wie viele Panzer schickte Nordkorea?", "Nordkorea schickte 11.000 Soldaten.") == odds
    chat = [r for r in FakeOllama.requests if "messages" in r]
    assert [r.get("logprobs") for r in chat] == [True, None, None]
    assert chat[-1]["messages"][0]["content"] == JUDGE_SYSTEM and chat[-1]["stream"] is True


@pytest.mark.parametrize(("capabilities", "think"), [(["completion", "thinking"], False), (["completion"], None),
                                                     (None, None)])
def test_a_thinking_model_is_asked_not_to_think(ollama_server, settings, capabilities, think):
    """Qwen3 and the like would write a trace first (to wait for, and to check as if it were the answer); Ollama
    rejects ``think`` for a model that cannot think, and an older one does not say."""
    from assistant.judge import LLMJudge

    FakeOllama.capabilities, FakeOllama.top = capabilities, [("Yes", -0.1), ("No", -2.4)]
    llm = make_ollama(ollama_settings(settings, ollama_server))
    Assistant(ollama_settings(settings, ollama_server), llm=llm, embedder=FakeEmbedder()).ask("Wie viele Soldaten?")
    LLMJudge(llm)("Wie viele Soldaten schickte Nordkorea?", "Nordkorea schickte 11.000 Soldaten.")
    chats = [r for r in FakeOllama.requests if "messages" in r]
    assert [r["stream"] for r in chats] == [True, False] and [r.get("think") for r in chats] == [think, think]


def test_a_reasoning_trace_is_not_part_of_the_answer(ollama_server, settings):
    FakeOllama.reply = f"<think> Gefragt ist eine Zahl, Passage 1 nennt sie. </think> {REPLY}"
    a = Assistant(ollama_settings(settings, ollama_server), embedder=FakeEmbedder())
    events = list(a.stream("Wie viele Soldaten schickte Nordkorea nach Russland?"))
    assert "".join(e for e in events[:-1]) == REPLY and events[-1].text == REPLY and events[-1].citations[0].supported


@pytest.mark.parametrize(("deltas", "text"), [
    (["<thi", "nk>\nGefragt ist", " eine Zahl.</thi", "nk>\n\n", "11.000", " Soldaten [1]."], "11.000 Soldaten [1]."),
    (["11.000", " Soldaten [1]."], "11.000 Soldaten [1]."),
    (["  <", "think> nur Gedanken, dann das Ende"], ""),  # cut off inside the trace: nothing was answered
    (["<", "3 Länder [1]."], "<3 Länder [1]."),  # began like the tag, was not
    (["<"], "<"),
])
def test_without_trace(deltas, text):
    from assistant.llm import without_trace

    assert "".join(without_trace(deltas)) == text


def test_model_not_pulled(ollama_server, settings):
    with pytest.raises(ModelNotFound, match="ollama pull llama9"):
        make_llm(ollama_settings(settings, ollama_server, ollama_model="llama9"))
    a = Assistant(ollama_settings(settings, ollama_server, ollama_model="llama9"), embedder=FakeEmbedder(),
                  llm=make_ollama(ollama_settings(settings, ollama_server, ollama_model="llama9"), check=False))
    with pytest.raises(ModelNotFound, match="ollama pull llama9"):
        a.ask("Wie viele Soldaten schickte Nordkorea nach Russland?")


def test_connection_refused(settings):
    with pytest.raises(OllamaUnavailable, match="ollama serve"):
        make_llm(ollama_settings(settings, "http://127.0.0.1:9"))


def test_server_dies_mid_stream_then_comes_back(ollama_server, settings):
    a = Assistant(ollama_settings(settings, ollama_server), embedder=FakeEmbedder())
    FakeOllama.fail_mid_stream = True
    with pytest.raises(OllamaUnavailable):
        a.ask("Wie viele Soldaten schickte Nordkorea nach Russland?")
    FakeOllama.fail_mid_stream = False
    assert not a.ask("Wie viele Soldaten schickte Nordkorea nach Russland?").abstained


def test_slow_server_is_a_bounded_wait(ollama_server, settings):
    s = ollama_settings(settings, ollama_server)
    s.generation.request_timeout_s = 1.0
    a = Assistant(s, embedder=FakeEmbedder())
    FakeOllama.stall_s = 3.0
    started = time.monotonic()
    with pytest.raises(OllamaUnavailable, match="no answer in time"):
        a.ask("Wie viele Soldaten schickte Nordkorea nach Russland?")
    assert time.monotonic() - started < 2.5
    FakeOllama.stall_s = 0.0
    assert not a.ask("Wie viele Soldaten schickte Nordkorea nach Russland?").abstained


def test_down_before_a_question_then_back(settings):
    server = ThreadingHTTPServer(("127.0.0.1", 0), FakeOllama)
    host = f"http://127.0.0.1:{server.server_address[1]}"
    a = Assistant(ollama_settings(settings, host), embedder=FakeEmbedder(),
                  llm=make_ollama(ollama_settings(settings, host), check=False))
    server.server_close()  # Ollama is down when the question comes
    started = time.monotonic()
    with pytest.raises(OllamaUnavailable, match="ollama serve"):
        a.ask("Wie viele Soldaten schickte Nordkorea nach Russland?")
    assert time.monotonic() - started < 5
    server = ThreadingHTTPServer(("127.0.0.1", int(host.rsplit(":", 1)[1])), FakeOllama)  # back, same port
    threading.Thread(target=server.serve_forever, daemon=True).start()
    try:
        assert "11.000" in a.ask("Wie viele Soldaten schickte Nordkorea nach Russland?").text
    finally:
        server.shutdown()


def test_auto_falls_back_to_embedded_when_ollama_is_down(settings, monkeypatch):
    from assistant import llm as llm_module

    s = settings.model_copy(update={"llm": "auto", "ollama_host": "http://127.0.0.1:9"})
    monkeypatch.setattr(llm_module, "make_embedded", lambda s: "embedded-sentinel")
    assert make_llm(s) == "embedded-sentinel"


def _live_host() -> str | None:
    host = os.environ.get("OLLAMA_HOST")
    if not host:
        return None
    host = host if host.startswith("http") else f"http://{host}"
    try:
        httpx.get(f"{host}/api/tags", timeout=2).raise_for_status()
    except httpx.HTTPError:
        return None
    return host


@pytest.mark.integration
@pytest.mark.live
@pytest.mark.skipif(_live_host() is None, reason="no Ollama server answers at OLLAMA_HOST")
def test_live_ollama(settings):
    s = ollama_settings(settings, _live_host() or "",
                        ollama_model=os.environ.get("ASSISTANT_OLLAMA_MODEL", Settings().ollama_model))
    ans = Assistant(s, embedder=FakeEmbedder()).ask("Wie viele Soldaten schickte Nordkorea zunächst nach Russland?")
    assert ans.model.startswith("ollama:") and ("11.000" in ans.text or "11000" in ans.text)
    version = httpx.get(f"{_live_host()}/api/version", timeout=5).json().get("version", "0")
    if tuple(int(x) for x in re.findall(r"\d+", version)[:3]) >= (0, 12, 11):  # log-probabilities, not a written word
        from assistant.judge import LLMJudge

        judge = LLMJudge(make_ollama(s))
        odds = [judge("Wie viele Soldaten schickte Nordkorea nach Russland?", sentence) for sentence in
                ("Nordkorea hat zunächst rund 11.000 Soldaten nach Russland geschickt.", "Die Feuerwehr rückte aus.")]
        assert odds[0] > 0 > odds[1] and 3.0 not in map(abs, odds), odds


def test_weights_begun_at_start_are_dropped_when_ollama_answers_after_all(ollama_server, settings, tmp_path,
                                                                          monkeypatch):
    from assistant import preload

    gguf = tmp_path / "model.gguf"
    gguf.write_bytes(b"GGUF")
    monkeypatch.setattr(preload, "load_llama", lambda *key: "llama")
    down = settings.model_copy(update={"llm": "auto", "ollama_host": "http://127.0.0.1:9"}, deep=True)
    down.embedded.model_path = gguf
    assert preload.start(down)  # nothing listened at the start
    assert preload._loading
    make_llm(settings.model_copy(update={"llm": "auto", "ollama_host": ollama_server}))  # then Ollama answers
    assert not preload._loading
