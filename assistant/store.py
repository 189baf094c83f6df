"""The Chroma collection holding chunks, their embeddings and metadata.

Embedded ``PersistentClient`` by default; ``HttpClient`` when ``settings.chroma_url`` is set. Chroma never
embeds anything itself (no default embedding function, which would download a model): vectors come from
our embedder.
"""

from __future__ import annotations

from collections.abc import Iterator, Sequence
from contextlib import AbstractContextManager
from typing import Any
from urllib.parse import urlparse

import chromadb
from chromadb.config import Settings as ChromaSettings
from pydantic import TypeAdapter

from .errors import IndexMismatch
from .lock import index_lock, writing
from .settings import Settings
from .types import Chunk, Document, Passage, Withheld


def make_client(settings: Settings) -> Any:
    chroma_settings = ChromaSettings(anonymized_telemetry=False, allow_reset=False)
    if settings.chroma_url:
        url = urlparse(settings.chroma_url)
        if url.scheme not in {"http", "https"} or not url.hostname:
            raise ValueError(f"chroma_url must look like http://host:port, got {settings.chroma_url!r}")
        return chromadb.HttpClient(host=url.hostname, port=url.port or 8000, ssl=url.scheme == "https",
                                   settings=chroma_settings)
    settings.index_dir.mkdir(parents=True, exist_ok=True)
    return chromadb.PersistentClient(path=str(settings.index_dir / "chroma"), settings=chroma_settings)


class ChunkStore:
    """Chunks of documents, keyed ``{doc_id}::{n}``; each chunk carries its document's hash and chunk count."""

    def __init__(self, settings: Settings, embed_model: str, dimension: int, client: Any = None) -> None:
        if dimension <= 0:
            raise ValueError(f"dimension must be positive, got {dimension}")
        self.lock = index_lock(settings)
        self.client = client if client is not None else make_client(settings)
        self.where = settings.chroma_url or str(settings.index_dir)
        self.collection = self.client.get_or_create_collection(
            name=settings.collection,
            embedding_function=None,
            metadata={"hnsw:space": "cosine", "embed_model": embed_model, "dimension": dimension},
        )
        self.documents_collection = self.client.get_or_create_collection(
            name=f"{settings.collection}-documents", embedding_function=None, metadata={"hnsw:space": "cosine"}
        )
        meta = self.collection.metadata or {}
        stored = f"{meta.get('embed_model')} ({meta.get('dimension')} dimensions)"
        if meta.get("embed_model") != embed_model or meta.get("dimension") != dimension:
            raise IndexMismatch(stored, f"{embed_model} ({dimension} dimensions)", self.where)

    def writing(self) -> AbstractContextManager[None]:
        """Hold the index alone while writing (embedded mode); see lock.py."""
        return writing(self.lock)

    def count(self) -> int:
        return int(self.collection.count())

    def _all(self, include: list[str], page: int = 5000) -> Iterator[tuple[str, str | None, Any]]:
        """(id, document, metadata) of every chunk, fetched in pages: one ``get`` of a large collection fails
        with SQLite's "too many SQL variables" (seen at 100,000 chunks)."""
        offset = 0
        while True:
            rows = self.collection.get(include=include, limit=page, offset=offset)
            docs = rows.get("documents") or [None] * len(rows["ids"])
            metas = rows.get("metadatas") or [None] * len(rows["ids"])
            yield from zip(rows["ids"], docs, metas, strict=True)
            if len(rows["ids"]) < page:
                return
            offset += page

    def documents(self) -> dict[str, str]:
        """doc_id → content hash, for documents whose chunks are all present and of one version."""
        seen: dict[str, list[dict[str, Any]]] = {}
        for _, _, meta in self._all(["metadatas"]):
            seen.setdefault(str(meta["doc_id"]), []).append(dict(meta))
        complete: dict[str, str] = {}
        for doc_id, metas in seen.items():
            hashes = {m["content_hash"] for m in metas}
            if len(hashes) == 1 and len(metas) == metas[0]["n_chunks"]:
                complete[doc_id] = str(metas[0]["content_hash"])
        return complete

    def doc_ids(self) -> set[str]:
        return {str(meta["doc_id"]) for _, _, meta in self._all(["metadatas"])}

    def put(self, doc: Document, chunks: Sequence[Chunk], embeddings: Sequence[Sequence[float]]) -> None:
        """Upsert a document and its chunks, then delete any of its chunks left from an older version.

        The first chunk's embedding stands for the whole document in the documents collection.
        """
        if len(chunks) != len(embeddings):
            raise ValueError(f"{len(chunks)} chunks but {len(embeddings)} embeddings")
        if not chunks:
            raise ValueError(f"document {doc.doc_id!r} has no chunks")
        self.documents_collection.upsert(
            ids=[doc.doc_id], documents=[doc.text], embeddings=[list(embeddings[0])],
            metadatas=[{"title": doc.title, "date": doc.date or "", "author": doc.author or "",
                        "translator": doc.translator or "", "content_hash": doc.content_hash,
                        "withheld": _WITHHELD.dump_json(doc.withheld).decode()}],
        )
        self.collection.upsert(
            ids=[c.chunk_id for c in chunks],
            documents=[c.text for c in chunks],
            embeddings=[list(e) for e in embeddings],
            metadatas=[self._meta(doc, c, len(chunks)) for c in chunks],
        )
        current = {c.chunk_id for c in chunks}
        old = self.collection.get(where={"doc_id": doc.doc_id}, include=[])["ids"]
        stale = [i for i in old if i not in current]
        if stale:
            self.collection.delete(ids=stale)

    def delete(self, doc_id: str) -> None:
        self.collection.delete(where={"doc_id": doc_id})
        self.documents_collection.delete(ids=[doc_id])

    def document(self, doc_id: str) -> Document | None:
        """The cleaned article as ingested (the text all citation offsets refer to)."""
        rows = self.documents_collection.get(ids=[doc_id], include=["documents", "metadatas"])
        if not rows["ids"]:
            return None
        meta, text = rows["metadatas"][0], rows["documents"][0]
        return Document(doc_id=doc_id, title=str(meta["title"]), date=str(meta["date"]) or None,
                        author=str(meta["author"]) or None, translator=str(meta["translator"]) or None,
                        text=text or "", content_hash=str(meta["content_hash"]),
                        withheld=_WITHHELD.validate_json(str(meta.get("withheld") or "[]")))

    def withheld(self) -> dict[str, list[Withheld]]:
        """doc_id → what ingest withheld from the model in that document (documents with none left out)."""
        rows = self.documents_collection.get(include=["metadatas"])
        out = {str(i): _WITHHELD.validate_json(str((m or {}).get("withheld") or "[]"))
               for i, m in zip(rows["ids"], rows["metadatas"] or [], strict=False)}
        return {k: v for k, v in sorted(out.items()) if v}

    def query(self, embedding: Sequence[float], n: int) -> list[Passage]:
        # no count() first: Chroma returns what there is (nothing from an empty collection), and at 100,000
        # chunks each count() took 4 ms, more than the query itself (bench, retrieval_100k_ms)
        res = self.collection.query(query_embeddings=[list(embedding)], n_results=n,
                                    include=["documents", "metadatas", "distances"])
        out = []
        for cid, text, meta, dist in zip(res["ids"][0], res["documents"][0], res["metadatas"][0],
                                         res["distances"][0], strict=True):
            p = self._passage(cid, text, meta)
            p.dense_score = 1.0 - float(dist)
            out.append(p)
        return out

    def all_passages(self) -> list[Passage]:
        return [self._passage(i, t, m) for i, t, m in self._all(["documents", "metadatas"])]

    @staticmethod
    def _meta(doc: Document, chunk: Chunk, n_chunks: int) -> dict[str, Any]:
        return {
            "doc_id": doc.doc_id, "title": doc.title, "date": doc.date or "", "author": doc.author or "",
            "translator": doc.translator or "", "chunk_index": chunk.index, "n_chunks": n_chunks,
            "start": chunk.start, "end": chunk.end,
            "content_hash": doc.content_hash,
            "withheld": _WITHHELD.dump_json([w for w in doc.withheld
                                             if w.start < chunk.end and w.end > chunk.start]).decode(),
        }

    @staticmethod
    def _passage(chunk_id: str, text: str | None, meta: Any) -> Passage:
        return Passage(
            chunk_id=chunk_id, doc_id=str(meta["doc_id"]), title=str(meta["title"]),
            date=str(meta["date"]) or None, author=str(meta["author"]) or None,
            translator=str(meta.get("translator", "")) or None, text=text or "",
            start=int(meta["start"]), end=int(meta["end"]),
            withheld=_WITHHELD.validate_json(str(meta.get("withheld") or "[]")),
        )


_WITHHELD = TypeAdapter(list[Withheld])
