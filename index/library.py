"""The public face of the retrieval library: one object for asking, building and status.

Usable without any CLI or Telegram::

    from index import Library, load_config
    lib = Library(load_config("config.yaml"))
    lib.ensure_built()
    answer = lib.ask("Wat is Dutch TechZone?")

Thread safety: ``ask`` may run in many threads while ``update`` runs in another.
A search takes one reference to the loaded index and uses only that, and a
build replaces the reference only after the new generation is complete, so no
answer ever mixes two generations.
"""

from __future__ import annotations

import dataclasses
import logging
import re
import threading
import time
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from index import build as builder
from index import glossary
from index.analysis import fold_spaces
from index.answerability import highlight, judge, subject_names
from index.config import Config
from index.conversation import Turn, understand
from index.embedders import Embedder, create_embedder, model_id
from index.errors import ConfigError, GenerationGoneError, IndexMismatchError, IndexMissingError, KnowledgeError
from index.evidence import Matcher
from index.filters import Filter, available, matching, named_in
from index.glossary import Entry
from index.manifest import FileEntry
from index.models import Answer, BuildReport, Chunk, DocumentMeta, Passage, Skipped
from index.search import Mode, evidence, rank, select
from index.serial import SerialEmbedder
from index.signals import definition_target
from index.storage import Backend, Generation, open_backend
from index.translate import is_english, to_dutch

log = logging.getLogger(__name__)
# How often a loaded library asks the backend whether another process swapped in a newer generation.
REFRESH_SECONDS = 2.0
MASKS_KEPT = 16


_EXPANSION = re.compile(r"\b(?:waar\s+sta(?:at|an)|betekent|betekenen|stands?\s+for|mean)\b", re.IGNORECASE)


def _abbreviation_in(question: str, target: str) -> bool:
    """Is the term asked about an abbreviation ("HTSM") as the question writes it?"""
    return any(glossary.is_abbreviation(w) and w.lower() == target.strip(" ?") for w in re.findall(r"[\w&-]+", question))


def _sentence_with(text: str, entry: Entry) -> str | None:
    """The sentence of a passage that spells the term out (for the bold line)."""
    for sentence in re.split(r"(?<=[.!?])\s+", text):
        if entry.term in sentence and entry.meaning.split()[0] in sentence:
            return sentence.strip()
    return None


@dataclass(frozen=True)
class IndexStatus:
    """What is in the served index."""

    documents: int
    passages: int
    built_at: str
    build_seconds: float
    engine: str
    model: str
    skipped: tuple[Skipped, ...]
    path: str


class Library:
    """Questions in, cited passages out; also builds and updates the index."""

    def __init__(self, config: Config, embedder: Embedder | None = None) -> None:
        self.config = config
        self._embedder: SerialEmbedder | None = SerialEmbedder(embedder) if embedder is not None else None
        self._stored: Generation | None = None
        self._backend: Backend | None = None
        self._checked = time.monotonic()  # when the backend was last asked for its current generation
        self._masks: dict[tuple[str, frozenset[str]], np.ndarray] = {}  # recent filters' passage masks
        self._docs: tuple[object, list[DocumentMeta]] | None = None  # (generation, its documents' metadata)
        self._build_lock = threading.Lock()
        self._derived_glossary: tuple[object, list[Entry]] | None = None  # (generation, entries)
        self._given_glossary: tuple[float, list[Entry]] | None = None  # (mtime of begrippen.yaml, entries)
        self._merged_glossary: tuple[object, list[Entry]] | None = None  # both, per generation and begrippen.yaml

    # -- loading -------------------------------------------------------------------------

    @property
    def embedder(self) -> SerialEmbedder:
        """The embedding engine, loaded on first use."""
        if self._embedder is None:
            self._embedder = SerialEmbedder(create_embedder(self.config.embedding))
        return self._embedder

    def _expected_model(self) -> tuple[str, str]:
        if self._embedder is not None:
            return self._embedder.engine, self._embedder.model
        return self.config.embedding.engine, model_id(self.config.embedding)

    @property
    def backend(self) -> Backend:
        """Where the index is stored (``store.backend``)."""
        if self._backend is None:
            self._backend = open_backend(self.config)
        return self._backend

    def is_built(self) -> bool:
        """True when a built index exists in the data directory (or the database)."""
        return self.backend.current_name() is not None

    def load(self) -> None:
        """Load the current index; raises IndexMissingError or IndexMismatchError."""
        if self.backend.current_name() is None:
            raise IndexMissingError(f"no index in {self.backend.where}; build one with: dtzbot index build")
        loaded = self.backend.load()  # the settings checked are those of the generation loaded
        engine, model = self._expected_model()
        problem = builder.check_settings(loaded.manifest, self.config, engine, model)
        if problem:
            raise IndexMismatchError(f"{problem}; rebuild it with: dtzbot index build")
        self._stored = loaded

    def ensure_built(self) -> BuildReport | None:
        """Load the index, building it first when there is none; returns the build report if it built."""
        if not self.is_built():  # as an update: a replica that starts at the same time finds the other's build
            report = self.update()
            return report
        if self._stored is None:
            self.load()
        return None

    @property
    def stored(self) -> Generation:
        """The loaded index (loaded on first use; a newer generation that another process built is picked up)."""
        if self._stored is None:
            self.load()
        elif time.monotonic() - self._checked > REFRESH_SECONDS:
            self._checked = time.monotonic()
            current = self.backend.current_name()
            if current is not None and current != self._stored.name:
                log.info("index: a newer generation %s was built elsewhere; loading it", current)
                self.load()
        assert self._stored is not None
        return self._stored

    # -- asking --------------------------------------------------------------------------

    def ask(
        self,
        question: str,
        k: int | None = None,
        offset: int = 0,
        previous: Turn | None = None,
        filters: Filter | None = None,
    ) -> Answer:
        """Answer a question with the best ``k`` passages after ``offset``.

        With ``previous`` (the turn before it in a conversation) an elliptical question ("En in
        2024?", "Wie betaalt dat?") is understood against that turn, and ``Answer.understood``
        says how; a question complete on its own is searched as asked.

        ``filters`` keeps the answer to some documents (a year, a type, a source). A document
        the question names outright ("in het jaarplan 2024") does the same when the index has
        it. ``Answer.filtered`` says which filter was used; when the filter leaves no document,
        the answer has no passages and ``Answer.filter_empty`` is set.
        """
        try:
            return self._ask(question, k, offset, previous, filters)
        except GenerationGoneError:  # two newer generations were built while this one was searched
            self.load()
            return self._ask(question, k, offset, previous, filters)

    def _ask(self, question: str, k: int | None, offset: int, previous: Turn | None, filters: Filter | None) -> Answer:
        question = " ".join(question.split())
        read = understand(question, previous)
        stored = self.stored  # one generation for the whole search
        used = filters or Filter()
        scope = self.config.store.collection
        if scope:  # a bot of one council answers from that council's documents only
            used = dataclasses.replace(used, collection=scope)
        named = named_in(read.question)
        docs = self._metas(stored) if used or named else []
        if used and not matching(docs, used):
            return Answer(question, False, (), understood=read.shown, filtered=used.describe(), filter_empty=True)
        if named and matching(docs, used.merged(named)):
            used = used.merged(named)
        allowed = None
        keep: set[str] = set()
        if used:  # most questions have no filter: no mask to build
            keep = {d.source for d in matching(docs, used)}
            allowed = self._mask(stored, keep)
        answer = self._search(stored, read.question, k, offset, allowed)
        shown = dataclasses.replace(used, collection="") if scope else used  # the bot's own scope goes without saying
        answer = dataclasses.replace(answer, question=question, understood=read.shown, filtered=shown.describe())
        target = definition_target(read.question)
        entry = self.define(target) if target and offset == 0 else None
        if entry is None:
            if target and _EXPANSION.search(read.question) and _abbreviation_in(read.question, target):
                # "Waar staat HTSM voor?" and no document spells HTSM out: passages that merely use it are no answer
                return dataclasses.replace(answer, answered=False)
            return answer
        # A term of the glossary: its meaning first, with the passage that spells it out leading the quotes.
        passages = answer.passages
        defining = stored.chunk(entry.chunk_id) if entry.chunk_id else None
        if defining is not None and (allowed is None or defining.source in keep):
            rest = [p for p in passages if p.chunk.id != defining.id]
            best = passages[0].score if passages else 1.0
            passages = (Passage(defining, best, _sentence_with(defining.text, entry)), *rest)[: len(passages) or 1]
        return dataclasses.replace(answer, passages=passages, answered=True, definition=entry)

    def _metas(self, stored: Generation) -> list[DocumentMeta]:
        """Every document's metadata, made once per generation (a filtered or scoped question reads it)."""
        if self._docs is None or self._docs[0] is not stored:
            self._docs = (stored, [entry.meta(source) for source, entry in stored.info.files.items()])
        return self._docs[1]

    def _mask(self, stored: Generation, keep: set[str]) -> np.ndarray:
        """The passages of documents ``keep``, as a mask; the last few are kept (a council's bot asks for the same one)."""
        key = (stored.name, frozenset(keep))
        mask = self._masks.pop(key, None)
        if mask is None:
            mask = stored.mask_of(keep)
        self._masks[key] = mask
        while len(self._masks) > MASKS_KEPT:  # another thread may evict the same one, or be inserting
            try:
                self._masks.pop(next(iter(self._masks), ("", frozenset())), None)
            except RuntimeError:  # changed size while looking for the oldest: the other thread trims
                break
        return mask

    def glossary(self) -> list[Entry]:
        """The glossary: the bureau's ``begrippen.yaml`` and the abbreviations the documents spell out."""
        stored = self.stored
        if self._derived_glossary is None or self._derived_glossary[0] is not stored:
            saved = stored.manifest.get("glossary")  # derived at build time (older indexes: derived now)
            entries = [Entry(**e) for e in saved] if isinstance(saved, list) else glossary.from_passages(stored.passages_of())
            self._derived_glossary = (stored, entries)
        path = self.config.knowledge_dir / glossary.GLOSSARY_FILE
        try:
            mtime = path.stat().st_mtime
        except OSError:
            mtime = -1.0
        if self._given_glossary is None or self._given_glossary[0] != mtime:
            try:
                given = glossary.read_given(self.config.knowledge_dir)
            except ConfigError as exc:
                log.warning("%s; the glossary has the documents' own entries only", exc)
                given = []
            self._given_glossary = (mtime, given)
            self._merged_glossary = None
        if self._merged_glossary is None or self._merged_glossary[0] is not stored:
            self._merged_glossary = (stored, glossary.merged(self._given_glossary[1], self._derived_glossary[1]))
        return self._merged_glossary[1]

    def define(self, term: str) -> Entry | None:
        """The glossary entry for a term ("HTSM", "de LKC"), or None."""
        return glossary.lookup(self.glossary(), term)

    def _search(self, stored: Generation, question: str, k: int | None, offset: int, allowed: np.ndarray | None) -> Answer:
        cfg = self.config.search
        k = k or cfg.top_k
        if not question or stored.size == 0:
            return Answer(question, False, ())
        ranking = rank(stored, self._query_vector(question), question, cfg, allowed=allowed)
        picked = select(stored, ranking, k, cfg.max_per_document, offset)
        ev = evidence(stored, ranking)

        covered = Matcher(stored, ranking.query_terms).share

        subject = subject_names(stored, question)  # once per question, not per passage
        passages = tuple(
            Passage(stored.chunks[i], score, highlight(stored, question, i, covered, subject)) for i, score in picked
        )
        answered = ev >= cfg.min_evidence and bool(passages)
        if answered:
            best = [int(i) for i in ranking.order[: max(5, k)]]
            verdict = judge(stored, question, best, covered, ranking.query_terms)
            answered = verdict.answers
            if not answered:
                log.debug("question %r: not answered: %s", question, verdict.reason)
        log.debug("question %r: evidence %.3f", question, ev)
        return Answer(question, answered, passages, ev)

    def _query_vector(self, question: str) -> np.ndarray:
        """The question's embedding; an English question's together with that of its word-for-word Dutch
        translation: the small model places "Why did the province send ..." far from the Dutch text that
        answers it, the translation closer."""
        if not is_english(question):
            return self.embedder.embed_query(question)
        dutch = re.sub(r"\|\S+", "", to_dutch(question))  # the first of alternatives: "opgericht|opgezet" -> "opgericht"
        if dutch == fold_spaces(question):
            return self.embedder.embed_query(question)
        batch = getattr(self.embedder, "embed_queries", None)
        both = batch([question, dutch]) if batch else [self.embedder.embed_query(t) for t in (question, dutch)]
        vec = np.asarray(both[0], dtype=np.float32) + np.asarray(both[1], dtype=np.float32)
        return vec / max(float(np.linalg.norm(vec)), 1e-12)

    def rank_ids(self, question: str, n: int, mode: Mode = "hybrid") -> list[str]:
        """Chunk ids of the best ``n`` passages in one retrieval mode (for benchmarks)."""
        stored = self.stored
        vec = self._query_vector(question) if mode != "lexical" else None
        ranking = rank(stored, vec, question, self.config.search, mode)
        return [stored.chunks[int(i)].id for i in ranking.order[:n]]

    # -- building ------------------------------------------------------------------------

    def build(self, progress: builder.Progress | None = None) -> BuildReport:
        """Re-read every document and swap in a new index."""
        return self._run(incremental=False, progress=progress)

    def update(self, progress: builder.Progress | None = None) -> BuildReport:
        """Re-read only new and changed documents and swap in a new index."""
        return self._run(incremental=True, progress=progress)

    def _run(self, incremental: bool, progress: builder.Progress | None) -> BuildReport:
        with self._build_lock:
            report = builder.run(self.config, self.embedder, incremental=incremental, progress=progress, backend=self.backend)
            kept = report.kept_generation and self._stored is not None and self._stored.name == self.backend.current_name()
            if not kept:  # a new generation (or none loaded yet): load it
                self._stored = self.backend.load()
            return report

    # -- information ---------------------------------------------------------------------

    def status(self) -> IndexStatus:
        """Counts, build time, engine and skipped files of the served index."""
        m = self.stored.info
        return IndexStatus(
            documents=len(m.files),
            passages=m.passages,
            built_at=m.built_at,
            build_seconds=m.build_seconds,
            engine=m.engine,
            model=m.model,
            skipped=m.skipped,
            path=str(self.stored.path),
        )

    def filter_choices(self) -> tuple[list[str], list[str]]:
        """The years and document types a filter can choose from in the served index."""
        return available(self.documents())

    def recent(self, limit: int = 10) -> list[tuple[DocumentMeta, FileEntry]]:
        """The documents most recently added or changed, newest first, with their entries (added_at, changed_at)."""
        files = self.stored.info.files
        scope = self.config.store.collection
        order = sorted(
            (s for s in files if not scope or files[s].collection == scope),
            key=lambda s: (files[s].changed_at, files[s].added_at, s),
            reverse=True,
        )
        return [(files[s].meta(s), files[s]) for s in order[:limit]]

    def documents(self) -> list[DocumentMeta]:
        """The documents in the served index, newest first."""
        scope = self.config.store.collection
        docs = [e.meta(s) for s, e in self.stored.info.files.items() if not scope or e.collection == scope]
        return sorted(docs, key=lambda d: (d.date, d.title), reverse=True)

    def files(self) -> dict[str, FileEntry]:
        """What the index holds per document: metadata (and where derived values came from), words kept."""
        return dict(self.stored.info.files)

    def passages(self, source: str | None = None) -> list[Chunk]:
        """The passages of one document (by its file name relative to the knowledge folder), or of all, in order."""
        return self.stored.passages_of(source)

    def chunk(self, chunk_id: str) -> Chunk | None:
        """A passage of the served index by its id, or None."""
        return self.stored.chunk(chunk_id)

    def document(self, source: str) -> DocumentMeta | None:
        """Metadata of one indexed document."""
        entry = self.stored.info.files.get(source)
        return entry.meta(source) if entry else None

    def source_path(self, source: str) -> Path:
        """The file of an indexed document; never a path outside the knowledge folder."""
        root = self.config.knowledge_dir.resolve()
        path = (root / source).resolve()
        if not path.is_relative_to(root) or source not in self.stored.info.files:
            raise KnowledgeError(f"not an indexed document: {source}")
        return path

    def stale(self) -> list[str]:
        """Changes in the knowledge folder since the served index was built."""
        return builder.stale_sources(self.config, self.stored.manifest)
