"""LLM backends, all llama-index ``LLM``s: the embedded llama.cpp model, Ollama and OpenAI-compatible servers.

``make_llm`` picks one from Settings; ``auto`` takes Ollama when it answers and has the model.
``stream_chat`` turns backend failures into the user-facing errors of ``errors.py``.
"""

from __future__ import annotations

import ctypes
import threading
import time
from collections import OrderedDict, deque
from collections.abc import Iterable, Iterator, Sequence
from contextlib import contextmanager
from typing import Any

import httpx
import numpy as np
from llama_index.core.base.llms.types import (
    ChatMessage,
    ChatResponse,
    ChatResponseGen,
    CompletionResponse,
    CompletionResponseGen,
    LLMMetadata,
    MessageRole,
)
from llama_index.core.llms import LLM
from llama_index.core.llms.callbacks import llm_chat_callback, llm_completion_callback
from llama_index.core.llms.custom import CustomLLM
from pydantic import PrivateAttr

from . import preload
from .errors import AssistantError, ModelNotFound, OllamaUnavailable, ServerUnavailable
from .model_file import MODEL_NAME, default_model_path
from .settings import Settings


class EmbeddedLLM(CustomLLM):
    """llama.cpp in-process (llama-cpp-python), chat template from the GGUF file. Loaded on first use."""

    model_path: str
    model_label: str = MODEL_NAME
    n_ctx: int = 4096
    n_threads: int = 2
    max_tokens: int = 320
    temperature: float = 0.0
    seed: int = 42
    state_cache_bytes: int = 0
    draft_tokens: int = 0
    draft_ngram: int = 3
    _llama: Any = PrivateAttr(default=None)
    _lock: threading.RLock = PrivateAttr(default_factory=threading.RLock)
    _reused: deque[tuple[int, int]] = PrivateAttr(default_factory=lambda: deque(maxlen=10_000))
    _states: OrderedDict[tuple[int, ...], np.ndarray] = PrivateAttr(default_factory=OrderedDict)
    _evaluated: int = PrivateAttr(default=0)
    _formatter: Any = PrivateAttr(default=None)
    _load_s: float | None = PrivateAttr(default=None)

    @property
    def prefix_reuse(self) -> list[tuple[int, int]]:
        """Per prompt so far: (tokens taken from the KV cache instead of evaluated, tokens in the cache when the
        first answer token came, about the prompt's length). llama.cpp reuses the longest prefix a prompt shares
        with the one before it; the saved states (``state_cache_bytes``) extend that to earlier prompts."""
        return list(self._reused)

    def prime(self) -> None:
        """Load the weights and evaluate the answer prompts' fixed beginning (the system prompt) while nothing is
        asked yet (``Assistant.warm_up``): the first question's prompt continues from it."""
        with self._lock:
            preload.evaluate_system_prompt(self.load())

    @property
    def load_seconds(self) -> float | None:
        """How long loading the weights took (None before they are loaded)."""
        return self._load_s

    @property
    def evaluated_tokens(self) -> int:
        """Prompt tokens evaluated so far, all prompts together: those not taken from a cache."""
        return self._evaluated

    @property
    def metadata(self) -> LLMMetadata:
        return LLMMetadata(context_window=self.n_ctx, num_output=self.max_tokens, is_chat_model=True,
                           model_name=self.model_label)

    def load(self) -> Any:
        with self._lock:
            if self._llama is None:
                key = (self.model_path, self.n_ctx, self.n_threads, self.seed)
                loaded = preload.take(key)  # the weights a command began to load at its start, if it did
                if loaded is None:
                    started = time.perf_counter()
                    loaded = preload.load_llama(*key), time.perf_counter() - started
                self._llama, self._load_s = loaded
                if self.draft_tokens:  # prompt-lookup decoding (lookup.py)
                    from .lookup import PromptLookup

                    self._llama.draft_model = PromptLookup(self.draft_tokens, self.draft_ngram)
            return self._llama

    def count_tokens(self, text: str) -> int:
        return len(self.load().tokenize(text.encode("utf-8"), add_bos=False, special=True))

    def _params(self, kwargs: dict[str, Any]) -> dict[str, Any]:
        params = {"max_tokens": kwargs.get("max_tokens", self.max_tokens), "temperature": self.temperature,
                  "seed": self.seed, "top_k": 1 if self.temperature == 0 else 40}
        if kwargs.get("grammar"):  # GBNF text (grammar.py): only answers it admits can be written
            from llama_cpp import LlamaGrammar

            params["grammar"] = LlamaGrammar.from_string(kwargs["grammar"], verbose=False)
        return params

    @llm_chat_callback()
    def chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponse:
        text = "".join(r.delta or "" for r in self.stream_chat(messages, **kwargs))
        return ChatResponse(message=ChatMessage(role=MessageRole.ASSISTANT, content=text))

    @llm_chat_callback()
    def stream_chat(self, messages: Sequence[ChatMessage], **kwargs: Any) -> ChatResponseGen:
        payload = _payload(messages)

        def gen() -> ChatResponseGen:
            with self._lock:
                llama, text = self.load(), ""
                if self.state_cache_bytes:
                    self._restore_closest(llama, self._prompt_tokens(llama, payload))
                cached = llama.input_ids[: llama.n_tokens].tolist()  # what the KV cache holds now
                for i, part in enumerate(llama.create_chat_completion(payload, stream=True, **self._params(kwargs))):
                    if i == 0:  # the prompt is evaluated: the cache now starts with it
                        now = llama.input_ids[: llama.n_tokens].tolist()
                        hit = _common_prefix(cached, now)
                        self._reused.append((hit, len(now)))
                        self._evaluated += len(now) - hit
                    delta = part["choices"][0]["delta"].get("content") or ""
                    if delta:
                        text += delta
                        yield ChatResponse(message=ChatMessage(role=MessageRole.ASSISTANT, content=text),
                                           delta=delta)
                if self.state_cache_bytes:
                    self._save(llama)

        return gen()

    def yes_log_odds(self, messages: Sequence[ChatMessage]) -> float | None:
        """Log-odds of "Yes" against "No" as the first token of the reply (judge.py): the prompt is evaluated, from
        a saved state where one begins alike, and nothing is generated. None when the GGUF file has no chat
        template to build the prompt with."""
        import llama_cpp

        payload = _payload(messages)
        with self._lock:
            llama = self.load()
            tokens = self._prompt_tokens(llama, payload)
            if not tokens:
                return None
            if self.state_cache_bytes:
                self._restore_closest(llama, tokens)
            hit = min(_common_prefix(llama.input_ids[: llama.n_tokens].tolist(), tokens), len(tokens) - 1)
            llama.n_tokens = hit  # llama.eval removes the cells after it
            llama.eval(tokens[hit:])
            self._reused.append((hit, len(tokens)))
            self._evaluated += len(tokens) - hit
            logits = np.ctypeslib.as_array(llama_cpp.llama_get_logits_ith(llama.ctx, -1), shape=(llama.n_vocab(),))
            if self.state_cache_bytes:
                self._save(llama)
            yes, no = ([llama.tokenize(w.encode(), add_bos=False)[0] for w in pair]
                       for pair in (("Yes", "yes"), ("No", "no")))
            return float(np.logaddexp.reduce(logits[yes]) - np.logaddexp.reduce(logits[no]))

    # -- saved prompt states: llama.cpp keeps one prompt in its KV cache; these keep earlier ones -------------
    def _save(self, llama: Any) -> None:
        """Keep the KV cache of the prompt just answered (sequence 0 only: llama-cpp-python's own
        ``save_state`` also copies its n_batch × vocabulary logits buffer, 311 MB for Qwen, with every state)."""
        import llama_cpp

        key = tuple(llama.input_ids[: llama.n_tokens].tolist())
        size = llama_cpp.llama_state_seq_get_size(llama.ctx, 0)
        if not key or size > self.state_cache_bytes:
            return
        buf = np.empty(size, dtype=np.uint8)  # touched once, by llama.cpp: a fresh buffer's pages are slow here
        if llama_cpp.llama_state_seq_get_data(llama.ctx, _pointer(buf), size, 0) != size:
            return
        self._states.pop(key, None)
        self._states[key] = buf
        while sum(len(v) for v in self._states.values()) > self.state_cache_bytes:
            self._states.popitem(last=False)  # the least recently used

    def _restore_closest(self, llama: Any, tokens: list[int]) -> None:
        """Load the saved state sharing the longest beginning with this prompt when it shares more than the KV
        cache does now. llama-cpp-python then evaluates only the rest: it compares ``input_ids`` with the prompt."""
        import llama_cpp

        if not self._states or not tokens:
            return
        now = _common_prefix(llama.input_ids[: llama.n_tokens].tolist(), tokens)
        key = max(self._states, key=lambda k: _common_prefix(k, tokens))
        usable = min(_common_prefix(key, tokens), len(tokens) - 1)  # one token is evaluated for fresh logits
        if usable <= now:
            return
        data = self._states[key]
        self._states.move_to_end(key)
        if llama_cpp.llama_state_seq_set_data(llama.ctx, _pointer(data), len(data), 0) != len(data):
            llama.n_tokens = 0  # nothing usable in the cache: the prompt is evaluated from the start
            return
        llama.input_ids[:usable] = key[:usable]
        llama.n_tokens = usable  # cells after it are removed before the rest of the prompt is evaluated

    def _prompt_tokens(self, llama: Any, payload: list[dict[str, str]]) -> list[int]:
        """The tokens of the chat prompt as llama-cpp-python's handler for the GGUF chat template builds them
        ([] when the file has no template)."""
        if self._formatter is None:  # compiling the template takes 25 ms: once
            self._formatter = preload.chat_formatter(llama)
            if self._formatter is None:
                return []
        formatted = self._formatter(messages=payload)
        return list(llama.tokenize(formatted.prompt.encode("utf-8"), add_bos=not formatted.added_special,
                                   special=True))

    @llm_completion_callback()
    def complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponse:
        text = self.chat([ChatMessage(role=MessageRole.USER, content=prompt)], **kwargs).message.content
        return CompletionResponse(text=text or "")

    @llm_completion_callback()
    def stream_complete(self, prompt: str, formatted: bool = False, **kwargs: Any) -> CompletionResponseGen:
        for r in self.stream_chat([ChatMessage(role=MessageRole.USER, content=prompt)], **kwargs):
            yield CompletionResponse(text=r.message.content or "", delta=r.delta)


def _pointer(buf: np.ndarray) -> Any:
    """A numpy byte array as the ``uint8_t *`` llama.cpp's state functions take."""
    return buf.ctypes.data_as(ctypes.POINTER(ctypes.c_uint8))


def _payload(messages: Sequence[ChatMessage]) -> list[dict[str, str]]:
    """Messages as the plain dicts llama-cpp-python's chat handler takes."""
    return [{"role": m.role.value, "content": m.content or ""} for m in messages]


def _common_prefix(a: Sequence[int], b: Sequence[int]) -> int:
    n = 0
    for x, y in zip(a, b, strict=False):
        if x != y:
            break
        n += 1
    return n


def make_embedded(settings: Settings) -> EmbeddedLLM:
    path = settings.embedded.model_path or default_model_path(settings.embedded.cache_dir)
    label = MODEL_NAME if settings.embedded.model_path is None else path.stem
    g = settings.generation
    return EmbeddedLLM(model_path=str(path), model_label=f"embedded:{label}", n_ctx=settings.embedded.n_ctx,
                       n_threads=settings.embedded.n_threads, max_tokens=g.max_tokens,
                       temperature=g.temperature, seed=g.seed,
                       state_cache_bytes=settings.embedded.state_cache_mb * 2**20,
                       draft_tokens=settings.embedded.draft_tokens, draft_ngram=settings.embedded.draft_ngram)


def make_ollama(settings: Settings, check: bool = True) -> LLM:
    from llama_index.llms.ollama import Ollama

    thinks = False
    if check:
        check_ollama(settings.ollama_host, settings.ollama_model)
        thinks = thinking_model(settings.ollama_host, settings.ollama_model)
    g = settings.generation
    return Ollama(model=settings.ollama_model, base_url=settings.ollama_host, temperature=g.temperature,
                  request_timeout=g.request_timeout_s, context_window=settings.embedded.n_ctx,
                  additional_kwargs={"seed": g.seed, "num_predict": g.max_tokens}, keep_alive="10m",
                  thinking=False if thinks else None)


def thinking_model(host: str, model: str, timeout: float = 3.0) -> bool:
    """Whether Ollama's ``model`` can think (its capabilities name "thinking": Qwen3, DeepSeek-R1): such a model is
    asked not to (``think: false``), so that what it writes is the answer, with no trace to wait for. Ollama rejects
    the field for other models; an Ollama that does not say is not sent it."""
    import ollama

    try:
        shown = ollama.Client(host=host, timeout=timeout).show(model)
    except (httpx.HTTPError, ConnectionError, ollama.ResponseError, ValueError):  # ValueError: a reply of another form
        return False
    return "thinking" in (shown.capabilities or [])


def check_ollama(host: str, model: str, timeout: float = 3.0) -> None:
    """Raise OllamaUnavailable / ModelNotFound unless Ollama at ``host`` answers and has ``model``."""
    import ollama

    try:
        listing = ollama.Client(host=host, timeout=timeout).list()
    except (httpx.HTTPError, ConnectionError, ollama.ResponseError) as exc:
        raise OllamaUnavailable(host, type(exc).__name__) from exc
    names = {m.model for m in listing.models if m.model}
    if model not in names and f"{model}:latest" not in names:
        raise ModelNotFound(model)


def make_openai_like(settings: Settings) -> LLM:
    """An OpenAI-compatible chat endpoint through llama-index's ``OpenAILike``."""
    from llama_index.llms.openai_like import OpenAILike

    g = settings.generation
    return OpenAILike(model=settings.openai_model, api_base=settings.openai_base_url,
                      api_key=settings.openai_api_key, is_chat_model=True, context_window=settings.embedded.n_ctx,
                      max_tokens=g.max_tokens, temperature=g.temperature, timeout=g.request_timeout_s,
                      max_retries=1, additional_kwargs={"seed": g.seed})


def make_llm(settings: Settings) -> LLM:
    if settings.llm == "embedded":
        return make_embedded(settings)
    if settings.llm == "openai":
        return make_openai_like(settings)
    if settings.llm == "ollama":
        return make_ollama(settings)
    try:
        llm = make_ollama(settings)
    except AssistantError:
        return make_embedded(settings)
    preload.drop()  # weights a command began to load at its start (Ollama did not listen then) are not needed
    return llm


def model_name(llm: LLM) -> str:
    name = llm.metadata.model_name
    prefix = {"Ollama": "ollama:", "OpenAILike": "openai:"}.get(type(llm).__name__, "")
    return name if name.startswith("embedded:") else f"{prefix}{name}"


def count_tokens(llm: LLM, text: str) -> int:
    """Exact for the embedded model; for others a safe over-estimate (German runs ~3.2 chars per token)."""
    if isinstance(llm, EmbeddedLLM):
        return llm.count_tokens(text)
    return len(text) // 3 + 1


def stream_chat(llm: LLM, messages: list[ChatMessage], max_tokens: int | None = None,
                grammar: str | None = None) -> Iterator[str]:
    """Text deltas from ``llm``; connection and model errors become AssistantErrors with the fix. ``grammar``
    (GBNF) constrains the embedded model's output; other backends answer unconstrained."""
    if isinstance(llm, EmbeddedLLM):  # in-process: no connection errors, so no client libraries to import first
        kwargs = {k: v for k, v in (("max_tokens", max_tokens), ("grammar", grammar)) if v}
        yield from (r.delta for r in llm.stream_chat(messages, **kwargs) if r.delta)
        return
    yield from _stream_remote(llm, messages)


def _stream_remote(llm: LLM, messages: list[ChatMessage]) -> Iterator[str]:
    with remote_errors(llm):
        raw: Any = None

        def deltas() -> Iterator[str]:
            nonlocal raw
            for r in llm.stream_chat(messages):
                raw = r.raw
                if r.delta:
                    yield r.delta

        yield from without_trace(deltas())
        done = raw.get("done") if isinstance(raw, dict) else getattr(raw, "done", None)
        if type(llm).__name__ == "Ollama" and not done:
            raise OllamaUnavailable(getattr(llm, "base_url", ""), "the answer stream ended before Ollama finished it")


OPEN_TRACE, CLOSE_TRACE = "<think>", "</think>"


def without_trace(deltas: Iterable[str]) -> Iterator[str]:
    """Text deltas without a reasoning trace at their start ("<think> … </think>", as Qwen3 or DeepSeek-R1 write it
    where the server does not take it apart or the model thinks although asked not to): it is not the answer."""
    head, rest = "", iter(deltas)
    for delta in rest:
        head += delta
        text = head.lstrip()
        if OPEN_TRACE.startswith(text):
            continue  # perhaps the tag, not yet whole
        if text.startswith(OPEN_TRACE):
            end = text.find(CLOSE_TRACE)
            if end < 0:
                continue  # inside the trace
            head = text[end + len(CLOSE_TRACE):].lstrip()
            if not head:
                continue  # the answer begins in a later delta
        yield head.lstrip()  # no answer begins with blanks
        yield from rest
        return
    if head.strip() and not head.lstrip().startswith(OPEN_TRACE):  # ended on what looked like the tag's start
        yield head


def first_token_logprobs(llm: LLM, messages: list[ChatMessage], top: int = 20) -> list[tuple[str, float]] | None:
    """The ``top`` likeliest first tokens of a server's reply with their log-probabilities (one token generated):
    Ollama from 0.12.11, vLLM, llama.cpp's and llama-cpp-python's servers. None where the server returns none (an
    older Ollama ignores the request) or refuses them (HTTP 400, 422, 500, 501), and for other LLMs."""
    import ollama
    import openai

    kind = type(llm).__name__
    if kind not in ("Ollama", "OpenAILike"):
        return None
    payload, model = _payload(messages), getattr(llm, "model", "")
    with remote_errors(llm):
        try:
            if kind == "Ollama":
                # the answers' options (num_ctx above all: another one makes Ollama load the model again)
                options = {**getattr(llm, "_model_kwargs", {}), "temperature": 0, "num_predict": 1}
                r = llm.client.chat(model=model, messages=payload, stream=False, logprobs=True,  # type: ignore[attr-defined]
                                    top_logprobs=top, options=options, keep_alive=getattr(llm, "keep_alive", None),
                                    think=getattr(llm, "thinking", None))
                tops = r.logprobs[0].top_logprobs if r.logprobs else None
            else:
                c = llm._get_client().chat.completions.create(  # type: ignore[attr-defined]
                    model=model, messages=payload, max_tokens=1, temperature=0, logprobs=True, top_logprobs=top)
                content = c.choices[0].logprobs.content if c.choices and c.choices[0].logprobs else None
                tops = content[0].top_logprobs if content else None
        except (ollama.ResponseError, openai.APIStatusError) as exc:
            if exc.status_code in (400, 422, 500, 501):  # logprobs not offered: the caller reads the written reply
                return None
            raise
    return [(t.token, t.logprob) for t in tops] if tops else None


@contextmanager
def remote_errors(llm: LLM) -> Iterator[None]:
    """Connection and server failures of Ollama or an OpenAI-compatible server as AssistantErrors with the fix."""
    import ollama  # imported here: openai alone takes about 0.9 s, on the way to the first token of a new process
    import openai

    host = getattr(llm, "base_url", "")  # Ollama
    api_base = getattr(llm, "api_base", "?")  # OpenAI-compatible
    try:
        yield
    except ollama.ResponseError as exc:
        if exc.status_code == 404:
            raise ModelNotFound(getattr(llm, "model", "?")) from exc
        raise OllamaUnavailable(host, f"HTTP {exc.status_code}: {exc.error}") from exc
    except (httpx.ConnectError, httpx.ReadError, httpx.RemoteProtocolError, ConnectionError) as exc:
        raise OllamaUnavailable(host, type(exc).__name__) from exc
    except httpx.TimeoutException as exc:
        raise OllamaUnavailable(host, "no answer in time") from exc
    except openai.NotFoundError as exc:
        raise ServerUnavailable(api_base, f"no model {getattr(llm, 'model', '?')!r}") from exc
    except openai.APITimeoutError as exc:
        raise ServerUnavailable(api_base, "no answer in time") from exc
    except openai.APIConnectionError as exc:
        raise ServerUnavailable(api_base, type(exc).__name__) from exc
    except openai.APIStatusError as exc:
        raise ServerUnavailable(api_base, f"HTTP {exc.status_code}") from exc
