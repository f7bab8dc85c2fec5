"""The incident stage: casualty mentions of many articles -> one row per incident, for analysts.

It owns everything after tagging: resolving each event's date against its article's (``dates``), its
place against a gazetteer (``places``), its figures as UCDP low/best/high (``counts``), its victims
(``victims``), cumulative tolls (``cumulative``), grouping one article's mentions into reports
(``reports``), deduplicating reports across articles (``dedup``, ``incident``), the files and the HTML
report (``outputs``, ``report``), the run (``pipeline``; the command is ``arabert_ner/cli/incidents.py``) and scoring against an
incident gold set (``scoring``). The tables it reads are data files in ``data/``.

>>> from arabert_ner.incidents import build_incidents
"""
from __future__ import annotations


def build_incidents(records, config=None):
    """Tagged articles -> incident records; see :func:`arabert_ner.incidents.pipeline.build_incidents`."""
    from .pipeline import build_incidents as _build

    return _build(records, config)


__all__ = ["build_incidents"]
