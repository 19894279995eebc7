"""Writing a file so that readers see the old content or the new one, never half of it."""
from __future__ import annotations

import os
import tempfile
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import BinaryIO


@contextmanager
def atomic_output(path: str | Path, mode: int = 0o644) -> Iterator[BinaryIO]:
    """A binary stream whose content replaces ``path`` when the block ends; an error in the block (a
    checksum that does not match, a full disk) leaves ``path`` as it was and no partial file behind.

    The content goes to a hidden ``.NAME.*.partial`` file beside ``path``, is flushed to disk and
    renamed over ``path`` (a rename within one folder is atomic). OSError from the file system
    propagates for the caller to word.

    >>> import tempfile, pathlib
    >>> target = pathlib.Path(tempfile.mkdtemp()) / "a.txt"
    >>> with atomic_output(target) as stream:
    ...     _ = stream.write(b"new")
    >>> target.read_bytes(), [p.name for p in target.parent.iterdir()]
    (b'new', ['a.txt'])
    """
    path = Path(path)
    handle, name = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".partial")
    temporary = Path(name)
    try:
        with os.fdopen(handle, "wb") as stream:
            yield stream
            stream.flush()
            os.fsync(stream.fileno())
        temporary.chmod(mode)   # mkstemp makes it 0600; these files are shared like any other
        os.replace(temporary, path)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
