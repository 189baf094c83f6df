"""The weights a command begins to load at its start are the ones the embedded model then uses, loaded once."""

from __future__ import annotations

import socket
import subprocess
import sys

import pytest

from assistant import preload
from assistant.llm import EmbeddedLLM
from assistant.settings import Settings


@pytest.fixture
def gguf(tmp_path):
    path = tmp_path / "model.gguf"
    path.write_bytes(b"GGUF")
    return path


@pytest.fixture
def loads(monkeypatch):
    """llama.cpp's loader replaced by one that records its calls and returns a stand-in."""
    calls: list[tuple[str, int, int, int]] = []

    def load(path: str, n_ctx: int, n_threads: int, seed: int) -> object:
        calls.append((path, n_ctx, n_threads, seed))
        return f"llama:{path}"

    monkeypatch.setattr(preload, "load_llama", load)
    return calls


def settings_for(path, llm="embedded", host="http://127.0.0.1:9"):
    return Settings(llm=llm, ollama_host=host, embedded={"model_path": path, "n_ctx": 2048, "n_threads": 2})


def test_the_embedded_model_takes_the_weights_loaded_at_start_instead_of_loading_them_again(gguf, loads):
    assert preload.start(settings_for(gguf))
    llm = EmbeddedLLM(model_path=str(gguf), n_ctx=2048, n_threads=2, seed=42)
    assert llm.load() == f"llama:{gguf}" and loads == [(str(gguf), 2048, 2, 42)]
    assert llm.load_seconds is not None
    assert preload.take((str(gguf), 2048, 2, 42)) is None  # taken once
    other = EmbeddedLLM(model_path=str(gguf), n_ctx=4096, n_threads=2, seed=42)  # other settings: its own load
    assert other.load() == f"llama:{gguf}" and len(loads) == 2


def test_nothing_is_loaded_for_another_backend_a_missing_file_or_an_ollama_that_listens(gguf, tmp_path, loads):
    assert not preload.start(settings_for(gguf, llm="ollama"))
    assert not preload.start(settings_for(gguf, llm="openai"))
    assert not preload.start(settings_for(tmp_path / "missing.gguf"))
    with socket.socket() as server:  # something listens where Ollama would: auto may answer with it
        server.bind(("127.0.0.1", 0))
        server.listen()
        port = server.getsockname()[1]
        assert not preload.start(settings_for(gguf, llm="auto", host=f"http://127.0.0.1:{port}"))
    assert loads == []
    assert preload.start(settings_for(gguf, llm="auto"))  # nothing listens at port 9: the embedded model answers
    assert preload.take((str(gguf), 2048, 2, 42)) == (f"llama:{gguf}", pytest.approx(0, abs=5))


def test_a_failed_load_at_start_is_left_to_the_model_to_meet_and_report(gguf, monkeypatch):
    def broken(*args: object) -> object:
        raise ValueError("Failed to load model from file")

    monkeypatch.setattr(preload, "load_llama", broken)
    assert preload.start(settings_for(gguf))  # the thread fails quietly
    assert preload.take((str(gguf), 2048, 2, 42)) is None
    with pytest.raises(ValueError, match="Failed to load model"):
        EmbeddedLLM(model_path=str(gguf), n_ctx=2048, n_threads=2, seed=42).load()


def test_the_embedded_model_answers_without_importing_the_network_clients():
    """openai's client takes about 0.9 s to import: on the way to a new process's first answer token it was time
    lost before the prompt's evaluation could start."""
    code = (
        "import sys\n"
        "from llama_index.core.base.llms.types import ChatMessage, ChatResponse\n"
        "from assistant.llm import EmbeddedLLM, stream_chat\n"
        "class Canned(EmbeddedLLM):\n"
        "    def stream_chat(self, messages, **kwargs):\n"
        "        yield ChatResponse(message=ChatMessage(role='assistant', content='Ja [1].'), delta='Ja [1].')\n"
        "out = ''.join(stream_chat(Canned(model_path='x'), [ChatMessage(role='user', content='?')]))\n"
        "print(out, 'openai' in sys.modules, 'ollama' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.split()
    assert out == ["Ja", "[1].", "False", "False"]
