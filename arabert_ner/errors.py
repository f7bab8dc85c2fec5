"""Error types the command-line scripts turn into one-line messages.

Library code raises these; only the scripts decide how to exit.
"""
from __future__ import annotations


class ArabertNerError(Exception):
    """Base class: anything the user can fix (bad input, bad config, bad model folder)."""

    exit_code = 2


class ConfigError(ArabertNerError):
    """A config file or override is invalid (unknown key, wrong type, bad value)."""


class DataError(ArabertNerError):
    """An input data file cannot be used; the message names the file and line."""

    def __init__(self, message: str, path: str | None = None, line: int | None = None):
        where = ""
        if path is not None:
            where = f"{path}:{line}: " if line is not None else f"{path}: "
        super().__init__(f"{where}{message}")
        self.reason = message
        self.path = path
        self.line = line


class ModelError(ArabertNerError):
    """A model folder is missing files or disagrees with the config."""


class OutputError(ArabertNerError):
    """An output location cannot be written, or would overwrite a finished result."""
