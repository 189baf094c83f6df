"""Fakes and fixtures: a scripted LLM, a deterministic embedder, a temp index per test, no network."""

from __future__ import annotations

import hashlib
import os
import shutil
import socket
import subprocess
import sys
import uuid
from collections.abc import Callable, Iterator, Sequence
from pathlib import Path
from typing import Any

import numpy as np
import pytest
from llama_index.core.base.embeddings.base import BaseEmbedding
from llama_index.core.base.llms.types import (
    ChatMessage,
    ChatResponse,
    ChatResponseGen,
    CompletionResponse,
    CompletionResponseGen,
    LLMMetadata,
    MessageRole,
)
from llama_index.core.llms.callbacks import llm_chat_callback, llm_completion_callback
from llama_index.core.llms.custom import CustomLLM
from pydantic import PrivateAttr

from assistant import Assistant, Settings
from assistant.store import ChunkStore
from assistant.text import terms

ROOT = Path(__file__).resolve().parent.parent
CORPUS = ROOT / "corpus"


class FakeEmbedder(BaseEmbedding):
    """Hashed bag of German stems, L2-normalised: deterministic, fast, and similar texts are close."""

    model_name: str = "fake-hash-embedder"
    dim: int = 256

    @property
    def dimension(self) -> int:
        return self.dim

    def _vec(self, text: str) -> list[float]:
        v = np.zeros(self.dim)
        for t in terms(text):
            v[int(hashlib.md5(t.encode()).hexdigest(), 16) % self.dim] += 1.0
        n = np.linalg.norm(v)
        return list(v / n) if n else [1.0 / np.sqrt(self.dim)] * self.dim

    def _get_query_embedding(self, query: str) -> list[float]:
        return self._vec(query)

    def _get_text_embedding(self, text: str) -> list[float]:
        return self._vec(text)

    async def _aget_query_embedding(self, query: str) -> list[float]:
        return self._vec(query)


Script = Callable[[Sequence[ChatMessage]], str]


class ScriptedLLM(CustomLLM):
    """Answers from a script (a function of the messages, or fixed replies in turn); records every prompt."""

    replies: list[str] = []
    _script: Script | None = PrivateAttr(default=None)
    _prompts: list[list[ChatMessage]] = PrivateAttr(default_factory=list)

    def __init__(self, replies: list[str] | None = None, script: Script | None = None, **kw: Any) -> None:
        super().__init__(replies=list(replies or []), **kw)
        self._script = script

    @property
    def prompts(self) -> list[list[ChatMessage]]:
        return self._prompts

    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata(context_window=4096, num_output=256, is_chat_model=True, model_name="scripted")

    def _reply(self, messages: Sequence[ChatMessage]) -> str:
        self._prompts.append(list(messages))
        if self._script is not None:
            return self._script(messages)
        return self.replies.pop(0)

    @llm_chat_callback()
    def chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
        return ChatResponse(message=ChatMessage(role=MessageRole.ASSISTANT, content=self._reply(messages)))

    @llm_chat_callback()
    def stream_chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponseGen:
        text = self._reply(messages)

        def gen() -> ChatResponseGen:
            out = ""
            for word in text.split(" "):
                delta = word if not out else " " + word
                out += delta
                yield ChatResponse(message=ChatMessage(role=MessageRole.ASSISTANT, content=out), delta=delta)

        return gen()

    @llm_completion_callback()
    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        return CompletionResponse(text=self._reply([ChatMessage(role=MessageRole.USER, content=prompt)]))

    @llm_completion_callback()
    def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponseGen:
        text = self._reply([ChatMessage(role=MessageRole.USER, content=prompt)])
        yield CompletionResponse(text=text, delta=text)


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Only loopback connections: a test that reaches out to the internet fails."""
    if request.node.get_closest_marker("integration") and request.node.get_closest_marker("live"):
        return
    real_connect = socket.socket.connect

    def guarded(self: socket.socket, address: Any) -> Any:
        host = address[0] if isinstance(address, tuple) else str(address)
        if self.family in (socket.AF_INET, socket.AF_INET6) and host not in ("127.0.0.1", "::1", "localhost"):
            raise ConnectionRefusedError(f"network blocked in tests: {address!r}")
        return real_connect(self, address)

    monkeypatch.setattr(socket.socket, "connect", guarded)


@pytest.fixture(autouse=True)
def no_judge(monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    """Scripted LLMs answer only what a test scripts: the check does not put its yes/no question (judge.py) to
    them; tests of the judge hand one in, and the tests with the real model (``slow``) keep it."""
    if not request.node.get_closest_marker("slow"):
        monkeypatch.setenv("ASSISTANT_CHECK__JUDGE", "false")


@pytest.fixture
def corpus_dir(tmp_path: Path) -> Path:
    d = tmp_path / "corpus"
    shutil.copytree(CORPUS, d)
    return d


@pytest.fixture
def settings(tmp_path: Path, corpus_dir: Path) -> Settings:
    return Settings(corpus_dir=corpus_dir, index_dir=tmp_path / "index", llm="embedded", top_k=5)


@pytest.fixture
def embedder() -> FakeEmbedder:
    return FakeEmbedder()


@pytest.fixture
def make_assistant(settings: Settings, embedder: FakeEmbedder) -> Callable[..., Assistant]:
    def make(llm: CustomLLM | None = None, **kw: Any) -> Assistant:
        return Assistant(kw.pop("settings", settings), llm=llm or ScriptedLLM(["-"]), embedder=embedder, **kw)

    return make


@pytest.fixture(scope="session")
def seed_index(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The seed corpus ingested once with the real embedder, by ``assistant ingest`` in its own process (which leaves
    Chroma's files complete when it exits): ``real_seed`` copies it instead of embedding the articles again."""
    index = tmp_path_factory.mktemp("seed") / "index"
    env = {**os.environ, "ASSISTANT_CORPUS_DIR": str(CORPUS), "ASSISTANT_INDEX_DIR": str(index)}
    subprocess.run([sys.executable, "-m", "assistant.cli", "ingest"], env=env, cwd=ROOT, check=True,
                   capture_output=True, timeout=600)
    return index


def real_seed(directory: Path, seed_index: Path, **overrides: Any) -> Settings:
    """Settings (with ``overrides``) for the real models over a copy of the seed corpus and its ingested index in
    ``directory``: a further ingest there finds every article unchanged (a file added to the corpus copy is ingested
    by ``Assistant.ingest``, alone: the first question ingests only into an empty index)."""
    shutil.copytree(CORPUS, directory / "corpus")
    shutil.copytree(seed_index, directory / "index")
    return Settings(corpus_dir=directory / "corpus", index_dir=directory / "index", llm="embedded", **overrides)


@pytest.fixture(scope="session")
def chroma_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    """A real Chroma server (``chroma run``) on 127.0.0.1 for the session; its URL."""
    from assistant.bench import chroma_server as start

    with start(tmp_path_factory.mktemp("chroma-server")) as url:
        yield url


def open_store(settings: Settings, embedder: FakeEmbedder) -> ChunkStore:
    return ChunkStore(settings, embedder.model_name, embedder.dimension)


def embedded_and_server_store(request: pytest.FixtureRequest, settings: Settings) -> Settings:
    """Use as a module's ``settings`` fixture (params embedded/server) to run its tests against both stores."""
    if request.param == "server":
        url = request.getfixturevalue("chroma_server")
        return settings.model_copy(update={"chroma_url": url, "collection": f"t{uuid.uuid4().hex[:16]}"})
    return settings
