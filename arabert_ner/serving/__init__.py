"""Serving: the HTTP API and the right-to-left web page over a loaded :class:`~arabert_ner.Tagger`.

This package owns everything between a socket and the tagger: the FastAPI app and its routes
(:mod:`.app`), the batcher that groups concurrent requests into one tagger call (:mod:`.batcher`),
reading and checking request bodies with their limits and errors (:mod:`.inputs`), running it on uvicorn
(:mod:`.server`) and the page at ``/`` (``static/index.html``). The command is ``arabert-ner serve``
(:mod:`arabert_ner.cli.serve`).
It owns no tagging logic: records are built by the same functions predict.py uses
(``Tagger.predict`` and ``tagging.stream.merge_record``); its settings are the ``serving`` section of the config.
"""
from __future__ import annotations

from typing import TYPE_CHECKING, Any

__all__ = ["create_app", "app_for_model"]

if TYPE_CHECKING:
    from .app import app_for_model, create_app


def __getattr__(name: str) -> Any:
    # FastAPI is an extra ("serve"): importing the package must not need it, nor load torch.
    if name in __all__:
        from . import app

        return getattr(app, name)
    raise AttributeError(f"module 'arabert_ner.serving' has no attribute {name!r}")
