"""The embedded model's weights, loading in a background thread from the moment a command knows it will answer.

Importing llama-index and Chroma takes about 1.5 s; llama.cpp runs outside the GIL (ctypes), so the weights load
meanwhile, and then the system prompt is evaluated into the KV cache, where the first answer prompt continues from
it. ``EmbeddedLLM.load`` takes them (``take``) instead of loading them again. This module imports nothing heavy: it
runs before the rest of the package is imported.
"""

from __future__ import annotations

import contextlib
import ctypes
import socket
import threading
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import urlparse

from .model_file import gguf_path
from .settings import Settings
from .system_prompt import SYSTEM

Key = tuple[str, int, int, int]  # model path, n_ctx, n_threads, seed: what EmbeddedLLM loads the weights with


class _Loading:
    def __init__(self, key: Key) -> None:
        self.key, self.llama, self.seconds = key, None, 0.0
        self.thread = threading.Thread(target=self._run, name="model-preload", daemon=True)
        self.thread.start()

    def _run(self) -> None:
        started = time.perf_counter()
        try:
            llama = load_llama(*self.key)
        except Exception:  # EmbeddedLLM.load then loads them itself and raises what it meets
            return
        self.seconds = time.perf_counter() - started
        with contextlib.suppress(Exception):  # only time is lost without it
            evaluate_system_prompt(llama)  # the imports still run: the first prompt then starts after it
        self.llama = llama


_loading: dict[Key, _Loading] = {}
_lock = threading.Lock()


def model_key(settings: Settings) -> Key:
    """What the embedded model of ``settings`` loads its weights with (make_embedded builds it the same way)."""
    e = settings.embedded
    return str(e.model_path or gguf_path(e.cache_dir)), e.n_ctx, e.n_threads, settings.generation.seed


def start(settings: Settings) -> bool:
    """Start loading the embedded model's weights when ``settings`` will answer with it (``llm`` embedded, or auto
    with nothing listening at the Ollama host) and its GGUF file is there; True when started."""
    key = model_key(settings)
    if settings.llm not in ("embedded", "auto") or not Path(key[0]).is_file():
        return False
    if settings.llm == "auto" and _listening(settings.ollama_host):
        return False  # Ollama may answer: make_llm decides
    with _lock:
        if key not in _loading:
            _loading[key] = _Loading(key)
    return True


def take(key: Key) -> tuple[Any, float] | None:
    """The weights ``start`` began to load for ``key`` (waiting for them) and the seconds the load took; None when
    none were started or loading failed."""
    with _lock:
        loading = _loading.pop(key, None)
    if loading is None:
        return None
    loading.thread.join()
    return None if loading.llama is None else (loading.llama, loading.seconds)


def drop() -> None:
    """Forget the weights begun at start: another model answers after all (an Ollama that came up meanwhile); they
    are freed when their load ends."""
    with _lock:
        _loading.clear()


def load_llama(path: str, n_ctx: int, n_threads: int, seed: int) -> Any:
    """llama.cpp's model and context for the GGUF file at ``path``, its log silenced."""
    import llama_cpp

    from .lookup import Llama

    global _quiet_log
    _quiet_log = _quiet_log or _make_quiet_log()  # kept alive: llama.cpp holds the pointer
    llama_cpp.llama_log_set(_quiet_log, None)
    with no_amx_repacking():
        return Llama(model_path=path, n_ctx=n_ctx, n_threads=n_threads, n_threads_batch=n_threads, seed=seed,
                     verbose=False)


def chat_formatter(llama: Any) -> Any:
    """llama-cpp-python's formatter for the GGUF file's chat template, as its chat handler builds it (None when the
    file has no template)."""
    from llama_cpp.llama_chat_format import Jinja2ChatFormatter

    template = llama.metadata.get("tokenizer.chat_template")
    if not template:
        return None

    def text(token: int) -> str:  # the template's special tokens, read as the handler reads them
        return str(llama._model.token_get_text(token)) if token != -1 else ""

    return Jinja2ChatFormatter(template=template, eos_token=text(llama.token_eos()), bos_token=text(llama.token_bos()))


def evaluate_system_prompt(llama: Any) -> None:
    """Evaluate the answer prompts' fixed beginning (``system_prompt_tokens``) into the empty KV cache:
    llama-cpp-python continues the first prompt from it."""
    tokens = system_prompt_tokens(llama)
    if tokens and not llama.n_tokens:
        llama.eval(tokens)


def system_prompt_tokens(llama: Any) -> list[int]:
    """The answer prompts' fixed beginning: the system prompt as the chat template writes it, up to the user's text
    ([] when the GGUF file has no chat template)."""
    formatter = chat_formatter(llama)
    if formatter is None:
        return []
    formatted = formatter(messages=[{"role": "system", "content": SYSTEM}, {"role": "user", "content": "\x00"}])
    prefix = formatted.prompt.split("\x00")[0]
    return list(llama.tokenize(prefix.encode("utf-8"), add_bos=not formatted.added_special, special=True))


def _listening(url: str) -> bool:
    """Whether anything accepts a connection at ``url``'s host and port (within 0.2 s)."""
    parsed = urlparse(url if "://" in url else f"http://{url}")
    try:
        with socket.create_connection((parsed.hostname or "127.0.0.1", parsed.port or 11434), timeout=0.2):
            return True
    except OSError:
        return False


@contextlib.contextmanager
def no_amx_repacking() -> Iterator[None]:
    """Where llama.cpp was built with AMX (Intel Xeon since Sapphire Rapids), load the weights without its extra
    buffer types: the AMX matrix multiply segfaults on the first prompt with Q4_K_M weights on such machines
    (ggml-org/llama.cpp#20824, open). llama-cpp-python has no parameter for it, so its default model parameters
    are wrapped while the model loads. Elsewhere nothing changes."""
    import llama_cpp
    import llama_cpp.llama_cpp as api

    if b"AMX_INT8 = 1" not in llama_cpp.llama_print_system_info():
        yield
        return
    default = api.llama_model_default_params

    def without_extra_buffers() -> Any:
        params = default()
        params.use_extra_bufts = False
        return params

    api.llama_model_default_params = without_extra_buffers
    try:
        yield
    finally:
        api.llama_model_default_params = default


def _make_quiet_log() -> Any:
    import llama_cpp

    @llama_cpp.llama_log_callback
    def quiet(level: int, text: bytes, user_data: ctypes.c_void_p) -> None:
        return None

    return quiet


_quiet_log: Any = None
