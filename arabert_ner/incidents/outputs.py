"""Incident files: ``incidents.jsonl`` (nested, every mention), ``incidents.csv`` and ``incidents.parquet``
(one flat row per incident, the same columns, readable by pandas, Polars and DuckDB) and
``incidents.geojson`` (one Point feature per incident with coordinates; QGIS opens it). Each is written
beside itself and renamed when complete, so an interrupted run never leaves half a file.
"""
from __future__ import annotations

import contextlib
import csv
import io
import json
import os
import tempfile
from pathlib import Path
from typing import Any, Iterator

from ..errors import OutputError
from .victims import CATEGORIES

# (column, type) of the flat table; the order is the CSV's and the Parquet schema's.
COLUMNS: list[tuple[str, str]] = [
    ("incident_id", "string"), ("date", "string"), ("date_precision", "string"), ("date_text", "string"),
    ("country", "string"), ("admin1", "string"), ("region", "string"), ("city_geonameid", "int64"),
    ("city", "string"), ("place_text", "string"), ("place_precision", "string"),
    ("latitude", "float64"), ("longitude", "float64"),
    ("killed_best", "int64"), ("killed_low", "int64"), ("killed_high", "int64"),
    ("injured_best", "int64"), ("injured_low", "int64"), ("injured_high", "int64"),
    ("approximate", "bool"), ("killed_reported", "string"), ("injured_reported", "string"),
    *[(f"victims_{c}", "int64") for c in CATEGORIES],
    ("cumulative", "bool"), ("cumulative_kind", "string"), ("n_articles", "int64"), ("n_mentions", "int64"),
    ("article_ids", "string"), ("newspapers", "string"),
]


def flat_row(inc: dict[str, Any]) -> dict[str, Any]:
    """One incident record as a flat row of :data:`COLUMNS` (lists joined with ``;``)."""
    k, i = inc.get("killed") or {}, inc.get("injured") or {}
    city = inc.get("city") or {}
    victims = inc.get("victims") or {}
    row = {
        "incident_id": inc["incident_id"], "date": inc["date"], "date_precision": inc["date_precision"],
        "date_text": inc.get("date_text"), "country": inc["country"], "admin1": inc["admin1"],
        "region": inc["region"], "city_geonameid": city.get("geonameid"), "city": city.get("name"),
        "place_text": inc["place_text"], "place_precision": inc["place_precision"],
        "latitude": inc["latitude"], "longitude": inc["longitude"],
        "killed_best": k.get("best"), "killed_low": k.get("low"), "killed_high": k.get("high"),
        "injured_best": i.get("best"), "injured_low": i.get("low"), "injured_high": i.get("high"),
        "approximate": bool(k.get("approximate") or i.get("approximate")),
        "killed_reported": ";".join(str(x) for x in inc.get("killed_reported") or []),
        "injured_reported": ";".join(str(x) for x in inc.get("injured_reported") or []),
        **{f"victims_{c}": victims.get(c) for c in CATEGORIES},
        "cumulative": bool(inc["cumulative"]), "cumulative_kind": inc.get("cumulative_kind"),
        "n_articles": inc["n_articles"], "n_mentions": inc["n_mentions"],
        "article_ids": ";".join(s["article_id"] for s in inc["sources"]),
        "newspapers": ";".join(sorted({s["newspaper"] or "" for s in inc["sources"]})),
    }
    return row


@contextlib.contextmanager
def atomic_path(path: Path) -> Iterator[Path]:
    """A temporary path beside ``path``, renamed over it when the block ends without an error."""
    path = Path(path)
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
        os.close(fd)
        umask = os.umask(0)
        os.umask(umask)
        os.chmod(tmp, 0o666 & ~umask)  # mkstemp makes it private; a result file is as readable as any other
    except OSError as e:
        raise OutputError(f"{path}: cannot write ({e.strerror})") from None
    try:
        yield Path(tmp)
        os.replace(tmp, path)
    finally:
        Path(tmp).unlink(missing_ok=True)


def write_jsonl(incidents: list[dict[str, Any]], path: Path) -> None:
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8", newline="\n") as fh:
        for inc in incidents:
            fh.write(json.dumps(inc, ensure_ascii=False) + "\n")


def write_csv(rows: list[dict[str, Any]], path: Path) -> None:
    # utf-8-sig: spreadsheet programs then read the Arabic as UTF-8 instead of a legacy code page
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8-sig", newline="") as fh:
        writer = csv.DictWriter(fh, fieldnames=[c for c, _ in COLUMNS])
        writer.writeheader()
        writer.writerows(rows)


def write_parquet(rows: list[dict[str, Any]], path: Path) -> None:
    import pyarrow as pa
    import pyarrow.parquet as pq

    types = {"string": pa.string(), "int64": pa.int64(), "float64": pa.float64(), "bool": pa.bool_()}
    schema = pa.schema([(c, types[t]) for c, t in COLUMNS])
    table = pa.Table.from_pylist(rows, schema=schema)
    with atomic_path(path) as tmp:
        pq.write_table(table, tmp)


def write_geojson(incidents: list[dict[str, Any]], path: Path) -> None:
    """A FeatureCollection (RFC 7946: longitude first); incidents without coordinates are left out here
    and stay in the other files."""
    features = []
    for inc in incidents:
        if inc.get("latitude") is None or inc.get("longitude") is None:
            continue
        props = flat_row(inc)
        features.append({"type": "Feature", "id": inc["incident_id"],
                         "geometry": {"type": "Point", "coordinates": [round(inc["longitude"], 5),
                                                                       round(inc["latitude"], 5)]},
                         "properties": props})
    with atomic_path(path) as tmp, open(tmp, "w", encoding="utf-8") as fh:
        json.dump({"type": "FeatureCollection", "features": features}, fh, ensure_ascii=False)


def write_all(incidents: list[dict[str, Any]], out_dir: Path) -> dict[str, Path]:
    """Write every incident file into ``out_dir``; returns their paths by format."""
    out_dir = Path(out_dir)
    rows = [flat_row(i) for i in incidents]
    paths = {"jsonl": out_dir / "incidents.jsonl", "csv": out_dir / "incidents.csv",
             "parquet": out_dir / "incidents.parquet", "geojson": out_dir / "incidents.geojson"}
    write_jsonl(incidents, paths["jsonl"])
    write_csv(rows, paths["csv"])
    write_parquet(rows, paths["parquet"])
    write_geojson(incidents, paths["geojson"])
    return paths


def table_text(incidents: list[dict[str, Any]], limit: int = 30) -> str:
    """A plain table for the terminal: the incidents with the largest killed figures first."""
    rows = sorted(incidents, key=lambda i: (bool(i["cumulative"]), -((i.get("killed") or {}).get("best") or 0),
                                            -((i.get("injured") or {}).get("best") or 0)))[:limit]
    buf = io.StringIO()
    head = f"{'incident':<11} {'date':<10} {'prec':<7} {'place':<26} {'killed':>7} {'injured':>8} {'art':>4}  flags"
    buf.write(head + "\n" + "-" * len(head) + "\n")
    for i in rows:
        place = (i.get("city") or {}).get("name") or i.get("region")
        if i.get("country"):
            place = f"{place}, {i['country']}" if place else f"({i['place_precision']}) {i['country']}"
        else:
            place = f"unresolved: {i.get('place_text') or '?'}"
        k, inj = (i.get("killed") or {}).get("best"), (i.get("injured") or {}).get("best")
        flags = ",".join(f for f, on in (("approx", (i.get("killed") or {}).get("approximate")),
                                          (i.get("cumulative_kind") or "", i.get("cumulative"))) if on)
        buf.write(f"{i['incident_id']:<11} {i['date'] or '?':<10} {i['date_precision']:<7} {place[:26]:<26} "
                  f"{'' if k is None else k:>7} {'' if inj is None else inj:>8} {i['n_articles']:>4}  {flags}\n")
    if len(incidents) > limit:
        buf.write(f"... {len(incidents) - limit} more in the files\n")
    return buf.getvalue()
