"""Exceptions of the coding library. Library code raises; only the CLI decides exit codes."""

from __future__ import annotations

from pathlib import Path


class EventCoderError(Exception):
    """Base class of the library's errors."""


class DictionaryError(EventCoderError):
    """A dictionary file is malformed: names the file, the line and the problem."""

    def __init__(self, path: Path | str, line: int, message: str) -> None:
        self.path, self.line, self.message = Path(path), line, message
        super().__init__(f"{path}:{line}: {message}")


class InputError(EventCoderError):
    """An input path cannot be read at all (missing, unknown format)."""


class ModelError(EventCoderError):
    """The configured spaCy model is not installed or cannot be loaded."""


class ValidationFailed(EventCoderError):
    """The dataset failed validation beyond the configured threshold."""


class DatasetError(EventCoderError):
    """An output folder is not a dataset this tool wrote (no articles table, unreadable files)."""


class SettingError(EventCoderError, ValueError):
    """A setting (an ``EVENTCODER_*`` variable or an option) has a value the tool does not know."""
