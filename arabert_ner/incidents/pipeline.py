"""The incident stage end to end: tagged (or raw) articles in, incident files and the report out.

:func:`build_incidents` is the Python API on records already in memory; :func:`run_incidents` is the
command's job: stream the input once to build reports (an article's text is not kept once its reports
are made), deduplicate, write the files, then stream the input again for the few articles the report
links to.
"""
from __future__ import annotations

import logging
import sys
import time
from pathlib import Path
from typing import Any, Iterable, Iterator

from ..casualties.lexicon import default_lexicon
from ..config import IncidentsConfig, RunConfig
from ..errors import DataError
from ..records import Record
from .counts import count_table
from .dedup import DedupRule, deduplicate
from .places import gazetteer
from .reports import Report, article_reports

log = logging.getLogger(__name__)
CHUNK = 256


def _check(record: dict[str, Any], where: str, line: int) -> None:
    """The one record validator (:meth:`arabert_ner.records.Record.from_json`), with the lexicon's event types."""
    Record.from_json(record, where, line, event_types=default_lexicon().types)


def reports_of(records: Iterable[dict[str, Any]], cfg: IncidentsConfig | None = None,
               source: str = "<records>") -> Iterator[Report]:
    """Reports of tagged article records, in input order."""
    cfg = cfg or IncidentsConfig()
    gaz = gazetteer()
    table = count_table(cfg.counts_table or "counts.yaml")
    for n, record in enumerate(records, 1):
        _check(record, source, n)
        yield from article_reports(record, gaz, table, cfg.previous_day_before_hour, cfg.max_incident_figure or None)


def build_incidents(records: Iterable[dict[str, Any]], config: IncidentsConfig | RunConfig | None = None
                    ) -> list[dict[str, Any]]:
    """Tagged articles (predict.py's records with ``date`` and ``source``) -> incident records.

    >>> from arabert_ner.incidents import build_incidents
    >>> incidents = build_incidents(tagged_records)   # doctest: +SKIP
    """
    cfg = config.incidents if isinstance(config, RunConfig) else (config or IncidentsConfig())
    incidents = deduplicate(reports_of(records, cfg), DedupRule.from_config(cfg))
    return [i.record() for i in incidents]


def _tagged(input_path: str, model: str | None, config: RunConfig, overrides: list[str],
            encoding: str, only: set[str] | None = None, tagger=None) -> Iterator[dict[str, Any]]:
    """Records of the input (those whose id is in ``only``, when given): already tagged ones as they are,
    raw articles through the tagger."""
    from ..tagging.documents import Skipped, iter_documents
    from ..tagging.stream import merge_record
    from ..tagging.tagger import load_tagger
    from ..tagging.sharding import blocks

    tagger = None
    for chunk in blocks(iter_documents(input_path, None, encoding, "fail"), CHUNK):
        bad = next((d for d in chunk if isinstance(d, Skipped)), None)
        if bad is not None:
            raise DataError(bad.reason, bad.source, bad.line)
        if only is not None:
            chunk = [d for d in chunk if str(d.get("id")) in only]
        raw = [d for d in chunk if "casualties" not in d]
        if raw and tagger is None:
            tagger = load_tagger(model, overrides, config)
        tagged = iter(tagger.predict([d["text"] for d in raw])) if raw else iter(())
        for d in chunk:
            yield d if "casualties" in d else merge_record(d, next(tagged))


def run_incidents(input_path: str, output_dir: str, *, model: str | None = None, config: RunConfig | None = None,
                  overrides: list[str] | None = None, encoding: str = "utf-8", report: bool = True) -> dict[str, Any]:
    """The command: write incidents.{jsonl,csv,parquet,geojson}, report.html and articles.html."""
    from .outputs import table_text, write_all

    config = config or RunConfig()
    overrides = list(overrides or [])
    if input_path == "-":
        raise DataError("the incident command reads its input twice (reports, then the linked articles): "
                        "give --input a file")
    path = Path(input_path)
    if not path.is_file():
        raise DataError("input not found", str(path))
    out = Path(output_dir)
    started = time.perf_counter()
    n_articles, reports = _read_reports(input_path, model, config, overrides, encoding)
    mentions = sum(len(r.mentions) for r in reports)
    incidents = [i.record() for i in deduplicate(reports, DedupRule.from_config(config.incidents))]
    del reports
    paths = write_all(incidents, out)
    kept = sum(i["n_mentions"] for i in incidents)
    if kept != mentions:  # every mention lands in exactly one incident; anything else is a bug to report
        raise RuntimeError(f"{mentions} casualty mentions read but {kept} in incidents")
    if report:
        paths.update(_write_html(incidents, out, input_path, model, config, overrides, encoding))
    summary = _summary(incidents, n_articles, mentions, time.perf_counter() - started, paths)
    log.info("%d articles, %d casualty mentions -> %d incidents (%d reported by 2+ articles) in %.1f s; "
             "written to %s", n_articles, mentions, len(incidents), summary["incidents_reported_by_2plus_articles"],
             summary["seconds"], out)
    summary["table"] = table_text(incidents)
    return summary


def _read_reports(input_path: str, model: str | None, config: RunConfig, overrides: list[str],
                  encoding: str) -> tuple[int, list[Report]]:
    """The input's articles (tagged first where they have no casualties), counted, as reports."""
    from tqdm import tqdm

    n_articles = 0
    reports: list[Report] = []
    with tqdm(desc="reading articles", unit="doc", file=sys.stderr) as bar:
        def counted() -> Iterator[dict[str, Any]]:
            nonlocal n_articles
            for r in _tagged(input_path, model, config, overrides, encoding):
                n_articles += 1
                bar.update(1)
                yield r

        reports.extend(reports_of(counted(), config.incidents, input_path))
    if n_articles == 0:
        raise DataError("the input holds no articles", input_path)
    return n_articles, reports


def _write_html(incidents: list[dict[str, Any]], out: Path, input_path: str, model: str | None,
                config: RunConfig, overrides: list[str], encoding: str) -> dict[str, Path]:
    """report.html (the shown incidents, map and timeline) and articles.html (the articles it links to)."""
    from .outputs import atomic_path
    from .report import articles_html, build_report

    gaz = gazetteer()
    background = [(p.latitude, p.longitude) for p in gaz.cities.values()]
    names = {c: p.name for c, p in gaz.countries.items()}
    limit = config.incidents.report_incidents
    shown = sorted(incidents, key=lambda i: (i["cumulative"], -((i.get("killed") or {}).get("best") or 0),
                                             -((i.get("injured") or {}).get("best") or 0),
                                             i["incident_id"]))[:limit]
    linked = {s["article_id"] for i in shown for s in i["sources"]}
    with atomic_path(out / "report.html") as tmp:
        tmp.write_text(build_report(incidents, background=background, country_names=names, limit=limit),
                       encoding="utf-8")
    articles = list(_tagged(input_path, model, config, overrides, encoding, only=linked))
    with atomic_path(out / "articles.html") as tmp:
        tmp.write_text(articles_html(articles), encoding="utf-8")
    return {"report": out / "report.html", "articles": out / "articles.html"}


def _summary(incidents: list[dict[str, Any]], n_articles: int, mentions: int, seconds: float,
             paths: dict[str, Path]) -> dict[str, Any]:
    return {"articles": n_articles, "mentions": mentions, "incidents": len(incidents),
            "incidents_reported_by_2plus_articles": sum(1 for i in incidents if i["n_articles"] > 1),
            "cumulative": sum(1 for i in incidents if i["cumulative"]),
            "date_unresolved": sum(1 for i in incidents if i["date_precision"] == "unresolved"),
            "place_unresolved": sum(1 for i in incidents if i["place_precision"] == "unresolved"),
            "seconds": round(seconds, 1), "files": {k: str(v) for k, v in paths.items()}}
