"""Small file helpers: atomic writes, so an interrupted job never leaves a half-written result, and the
one overwrite rule every command follows (:func:`check_output`).

The overwrite rule (stated in README and every command's ``--help``, as :data:`OVERWRITE_RULE`):
a command never writes over one of its inputs (paths compared after resolving symlinks and relative
parts), and it deletes or replaces a folder only when the folder is empty or is a folder this toolkit
wrote (a model, staging or export folder) -- never the current folder, the repository, the base model's
folder or any folder holding an input. Output files are written as ``OUTPUT.part`` and renamed when complete.
"""
from __future__ import annotations

import json
import os
import tempfile
from pathlib import Path
from typing import Any

from arabert_ner.errors import OutputError

OVERWRITE_RULE = ("Overwrite rule (every command): nothing is written over an input (paths compared after "
                  "resolving symlinks and relative parts). A folder is written into, or replaced with --overwrite, "
                  "only when it is new, empty or was written by this toolkit (a model, staging or export folder); "
                  "any other non-empty folder, the current folder, the repository and any folder holding an input "
                  "are refused. Files are written as OUTPUT.part and renamed when complete.")
# What marks a folder as written by this toolkit: the header of the run_config.yaml train.py writes (a
# staged copy keeps it), or the marker train.py leaves while a run is in progress.
TOOLKIT_CONFIG_HEADER = "# Resolved config of this training run, written by arabert_ner"
IN_PROGRESS_MARKER = ("checkpoints", "run_config.in_progress.yaml")
EXPORT_FILES = frozenset({"model.onnx", "model.int8.onnx"})
REPO_ROOT = Path(__file__).resolve().parents[1]


def _umask() -> int:
    mask = os.umask(0)
    os.umask(mask)
    return mask


def file_mode() -> int:
    """The mode ``open()`` would give a new file: 0666 less the user's umask (mkstemp would give 0600)."""
    return 0o666 & ~_umask()


def atomic_write_text(path: Path, text: str, encoding: str = "utf-8") -> None:
    """Write ``text`` to a temporary file beside ``path``, then rename it over ``path``."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    except OSError as e:
        raise OutputError(f"{path}: cannot write ({e.strerror})") from None
    try:
        os.chmod(tmp, file_mode())  # others read a model on a shared machine as the umask allows
        with os.fdopen(fd, "w", encoding=encoding, newline="\n") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, path)
    except OSError as e:
        Path(tmp).unlink(missing_ok=True)
        raise OutputError(f"{path}: cannot write ({e.strerror})") from None


def atomic_write_json(path: Path, data: Any) -> None:
    atomic_write_text(path, json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def is_toolkit_folder(folder: Path) -> bool:
    """True for a folder this toolkit wrote: a model or a staged copy of one (its ``run_config.yaml``
    carries our header), a training run in progress, or an ONNX export folder (only our files)."""
    folder = Path(folder)
    config = folder / "run_config.yaml"
    if config.is_file():
        try:
            with open(config, encoding="utf-8") as fh:
                if fh.readline().startswith(TOOLKIT_CONFIG_HEADER):
                    return True
        except (OSError, UnicodeDecodeError):
            return False
    if folder.joinpath(*IN_PROGRESS_MARKER).is_file():
        return True
    if folder.name == "onnx" and folder.is_dir():
        names = {p.name for p in folder.iterdir()}
        return bool(names) and all(n in EXPORT_FILES or n.endswith(".tmp.onnx") for n in names)
    return False


def _real(path: str | Path) -> Path:
    return Path(os.path.realpath(os.path.expanduser(str(path))))


def check_output(path: str | Path, *, inputs: tuple | list = (), folder: bool = False,
                 overwrite: bool = False, what: str = "output") -> str:
    """Apply the overwrite rule to one output before any work is done; raise :class:`OutputError` naming
    the path if it would break it.

    ``inputs`` are every file and folder the command reads (documents, gold, merge parts, model folders).
    For a file output: refused when it (or a file it would create beside it) is one of the inputs, lies
    inside an input folder over an existing file, or is a folder. For a folder output (``folder=True``):
    refused when it is the current folder, the repository, an input or a folder holding one, a file, or a
    non-empty folder this toolkit did not write; a toolkit folder needs ``overwrite``. Returns
    ``"new"``, ``"empty"`` or ``"toolkit"`` (for folders) or ``"file"``."""
    real = _real(path)
    real_inputs = [_real(p) for p in inputs if p not in (None, "-")]
    if not folder:
        if real.is_dir():
            raise OutputError(f"{path}: is a folder; give a file name for the {what}")
        for inp in real_inputs:
            if real == inp:
                raise OutputError(f"{path}: is also an input of this command ({inp}); refusing to write over "
                                  f"it -- choose another {what} file")
            if inp.is_dir() and real.exists() and inp in real.parents:
                raise OutputError(f"{path}: is a file inside the input folder {inp}; refusing to write over it")
        return "file"
    if real.exists() and not real.is_dir():
        raise OutputError(f"{path}: is a file, not a folder; choose another {what} folder")
    forbidden = {_real(Path.cwd()): "the current folder", REPO_ROOT: "the repository's root",
                 _real(Path.home()): "your home folder", Path(real.anchor): "the filesystem root"}
    if real in forbidden:
        raise OutputError(f"{path}: is {forbidden[real]}; refusing to write a {what} there -- choose a new "
                          f"folder (for example models/NAME)")
    for inp in real_inputs:
        if real == inp or real in inp.parents:
            raise OutputError(f"{path}: holds an input of this command ({inp}); refusing to write a {what} "
                              f"there -- choose another folder")
    if not real.exists():
        return "new"
    if not any(real.iterdir()):
        return "empty"
    if not is_toolkit_folder(real):
        raise OutputError(f"{path}: is not empty and was not written by this toolkit (no run_config.yaml of "
                          f"ours); refusing to write into it or delete it -- choose a new or empty folder")
    return "toolkit"


def remove_toolkit_folder(path: str | Path) -> None:
    """Delete a folder only if :func:`is_toolkit_folder` says this toolkit wrote it (or it is empty)."""
    import shutil

    real = _real(path)
    if not real.exists():
        return
    if any(real.iterdir()) and not is_toolkit_folder(real):
        raise OutputError(f"{path}: was not written by this toolkit; refusing to delete it")
    shutil.rmtree(real)


def fingerprint(path: str | Path | None) -> str | None:
    """A content hash of an input file or folder (None for stdin): what ``--resume`` and ``--merge``
    compare to be sure a part was made from this input. A folder's is over its files' names and bytes."""
    import hashlib

    if path in (None, "-"):
        return None
    real = _real(path)
    digest = hashlib.sha256()
    files = sorted(p for p in real.rglob("*") if p.is_file()) if real.is_dir() else [real]
    for f in files:
        if real.is_dir():
            digest.update(f.relative_to(real).as_posix().encode("utf-8") + b"\0")
        try:
            with open(f, "rb") as fh:
                for block in iter(lambda: fh.read(1 << 20), b""):
                    digest.update(block)
        except OSError:
            return None
    return f"sha256:{digest.hexdigest()[:32]}"
