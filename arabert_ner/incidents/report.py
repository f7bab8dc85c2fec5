"""``report.html``: one self-contained right-to-left page for analysts, opened offline.

A timeline of killed and injured per day and a map of incidents by coordinates (matplotlib PNGs inside
the page as data URIs; the map's background is the gazetteer's 34,000 cities, a dot each, so coasts and
populated areas show without any map file), a table per country and place, and for each incident the
sentences that reported it with the casualty span marked and a link to the tagged article in
``articles.html`` beside it. Cumulative tolls are listed apart and left out of the charts and sums.
"""
from __future__ import annotations

import base64
import html
import io
from collections import Counter, defaultdict
from typing import Any

STYLE = """
body { font-family: "Noto Naskh Arabic", "Noto Sans Arabic", "DejaVu Sans", Tahoma, sans-serif; margin: 1.5em auto;
       max-width: 70em; line-height: 1.8; color: #212529; background: #fff; padding: 0 1em; }
h1 { font-size: 1.5em; margin-bottom: 0.2em; } h2 { font-size: 1.2em; border-bottom: 2px solid #dee2e6; margin-top: 1.6em; }
.summary { display: flex; gap: 1em; flex-wrap: wrap; }
.summary div { background: #f1f3f5; border-radius: 0.5em; padding: 0.4em 1em; }
.summary b { font-size: 1.4em; display: block; }
img { max-width: 100%; border: 1px solid #dee2e6; border-radius: 0.4em; }
table { border-collapse: collapse; width: 100%; font-size: 0.92em; }
th, td { border-bottom: 1px solid #e9ecef; padding: 0.25em 0.5em; text-align: right; vertical-align: top; }
th { background: #f8f9fa; } td.num { direction: ltr; text-align: left; font-variant-numeric: tabular-nums; }
.ltr { direction: ltr; unicode-bidi: isolate; display: inline-block; }
.incident { border: 1px solid #dee2e6; border-radius: 0.5em; padding: 0.5em 1em; margin: 0.8em 0; }
.incident h3 { margin: 0; font-size: 1.05em; }
.meta { color: #495057; font-size: 0.9em; }
.incident ul { margin: 0.3em 0; padding-inline-start: 1.2em; }
mark.killed { background: #ffc9c9; } mark.injured { background: #ffe8cc; }
.tag { font-size: 0.8em; color: #868e96; }
"""


def _png(fig) -> str:
    buf = io.BytesIO()
    fig.savefig(buf, format="png", dpi=110, bbox_inches="tight")
    return "data:image/png;base64," + base64.b64encode(buf.getvalue()).decode("ascii")


def _counted(incidents: list[dict[str, Any]]) -> list[dict[str, Any]]:
    return [i for i in incidents if not i["cumulative"]]


def period(incidents: list[dict[str, Any]]) -> tuple[str, str] | None:
    """The articles' period (their dates, from a month before the first): the span of the timeline and the
    sums. An incident dated long before (Hiroshima, 1945, recalled on its anniversary) stays in the list."""
    import datetime as dt

    days = sorted(str(s["date"])[:10] for i in incidents for s in i["sources"] if s.get("date"))
    days = [d for d in days if len(d) == 10 and d[4] == "-"]
    if not days:
        return None
    start = dt.date.fromisoformat(days[0]) - dt.timedelta(days=31)
    return start.isoformat(), days[-1]


def _in_period(i: dict[str, Any], span: tuple[str, str] | None) -> bool:
    return i["date"] is not None and (span is None or span[0] <= i["date"] <= span[1])


def timeline_png(incidents: list[dict[str, Any]]) -> str | None:
    """Killed and injured per day (best figures) over the articles' period."""
    import matplotlib

    matplotlib.use("Agg")
    import datetime as dt

    import matplotlib.dates as mdates
    import matplotlib.pyplot as plt

    killed, injured = Counter(), Counter()
    span = period(incidents)
    for i in _counted(incidents):
        if not _in_period(i, span):
            continue
        d = dt.date.fromisoformat(i["date"])
        killed[d] += (i.get("killed") or {}).get("best") or 0
        injured[d] += (i.get("injured") or {}).get("best") or 0
    days = sorted(set(killed) | set(injured))
    if not days:
        return None
    fig, ax = plt.subplots(figsize=(10, 3.6))
    x = mdates.date2num(days)
    ax.bar(x - 0.2, [killed[d] for d in days], width=0.4, color="#e03131", label="killed")
    ax.bar(x + 0.2, [injured[d] for d in days], width=0.4, color="#f59f00", label="injured")
    ax.xaxis.set_major_formatter(mdates.DateFormatter("%d %b"))
    ax.set_ylabel("people (best figure)")
    ax.set_title("Killed and injured per day (cumulative tolls excluded"
                 + (f"; {span[0]} to {span[1]})" if span else ")"))
    ax.legend(loc="upper left")
    ax.grid(axis="y", alpha=0.3)
    fig.autofmt_xdate()
    uri = _png(fig)
    plt.close(fig)
    return uri


def map_png(incidents: list[dict[str, Any]], background: list[tuple[float, float]]) -> str | None:
    """Incidents as circles sized by killed, over the gazetteer's cities as a light dot map."""
    import matplotlib

    matplotlib.use("Agg")
    import matplotlib.pyplot as plt

    pts = [i for i in _counted(incidents) if i.get("latitude") is not None]
    if not pts:
        return None
    lons = [i["longitude"] for i in pts]
    lats = [i["latitude"] for i in pts]
    pad = 4.0
    x0, x1, y0, y1 = min(lons) - pad, max(lons) + pad, min(lats) - pad, max(lats) + pad
    if x1 - x0 < 25:
        mid = (x0 + x1) / 2
        x0, x1 = mid - 12.5, mid + 12.5
    if y1 - y0 < 15:
        mid = (y0 + y1) / 2
        y0, y1 = mid - 7.5, mid + 7.5
    fig, ax = plt.subplots(figsize=(10, 6.2))
    bx = [lon for lat, lon in background if x0 <= lon <= x1 and y0 <= lat <= y1]
    by = [lat for lat, lon in background if x0 <= lon <= x1 and y0 <= lat <= y1]
    ax.scatter(bx, by, s=1.2, color="#ced4da", linewidths=0, label="cities (GeoNames)")
    sizes = [12 + 3 * min(1000, ((i.get("killed") or {}).get("best") or 0)) ** 0.7 for i in pts]
    colors = ["#c92a2a" if i.get("killed") else "#f08c00" for i in pts]
    ax.scatter(lons, lats, s=sizes, c=colors, alpha=0.55 if len(pts) < 100 else 0.35, edgecolors="#495057",
               linewidths=0.5)
    by_place = defaultdict(int)
    where = {}
    for i in pts:
        name = (i.get("city") or {}).get("name") or i.get("region") or i.get("country")
        by_place[name] += (i.get("killed") or {}).get("best") or 0
        where[name] = (i["longitude"], i["latitude"])
    for name, _ in sorted(by_place.items(), key=lambda kv: -kv[1])[:10]:
        lon, lat = where[name]
        ax.annotate(name, (lon, lat), xytext=(4, 4), textcoords="offset points", fontsize=8, color="#212529")
    ax.set_xlim(x0, x1)
    ax.set_ylim(y0, y1)
    ax.set_aspect("equal", adjustable="box")
    ax.set_xlabel("longitude")
    ax.set_ylabel("latitude")
    ax.set_title("Incidents by place (circle area ~ killed; orange: injured only)")
    ax.grid(alpha=0.2)
    uri = _png(fig)
    plt.close(fig)
    return uri


def _num(v: Any) -> str:
    return "" if v is None else str(v)


def _figure_text(fig: dict[str, Any] | None) -> str:
    if not fig or fig.get("best") is None:
        return "—"
    lo, hi = fig.get("low"), fig.get("high")
    rng = "" if lo == hi == fig["best"] else f" ({_num(lo)}–{'?' if hi is None else hi})"
    return f'<span class="ltr">{"~" if fig.get("approximate") else ""}{fig["best"]}{rng}</span>'


def _place_text(i: dict[str, Any], names: dict[str, str]) -> str:
    city = (i.get("city") or {}).get("name")
    parts = [p for p in (city, i.get("region"), names.get(i.get("country") or "", i.get("country"))) if p]
    label = ", ".join(dict.fromkeys(parts)) or "unresolved"
    said = f' <span class="tag">«{html.escape(i["place_text"])}»</span>' if i.get("place_text") else ""
    return f'<span class="ltr">{html.escape(label)}</span> <span class="tag">[{i["place_precision"]}]</span>{said}'


def _sentence_html(mentions: list[dict[str, Any]]) -> str:
    """One reporting sentence with each of its casualty spans marked (the stored sentence is
    whitespace-stripped, so a span is found by its text near its offset)."""
    s = mentions[0]["sentence"]
    lead = len(s) - len(s.lstrip()) if s else 0
    marks = []
    for m in mentions:
        k = s.find(m["text"], max(0, m["start"] - m["sentence_start"] - lead - 5))
        if k < 0:
            k = s.find(m["text"])
        if k >= 0 and not any(a < k + len(m["text"]) and k < b for a, b, _ in marks):
            marks.append((k, k + len(m["text"]), m["type"]))
    out, pos = [], 0
    for a, b, typ in sorted(marks):
        out.append(html.escape(s[pos:a]) + f'<mark class="{typ}">{html.escape(s[a:b])}</mark>')
        pos = b
    return "".join(out) + html.escape(s[pos:])


def build_report(incidents: list[dict[str, Any]], *, articles_link: str | None = "articles.html",
                 background: list[tuple[float, float]] | None = None, country_names: dict[str, str] | None = None,
                 limit: int = 300, title: str = "حوادث الضحايا") -> str:
    """The whole page as a string: the summary, the charts, a table per country and place, and each shown
    incident with the sentences that reported it."""
    names = country_names or {}
    span = period(incidents)
    counted = [i for i in _counted(incidents) if _in_period(i, span)]
    n_articles = len({s["article_id"] for i in incidents for s in i["sources"]})
    killed = sum((i.get("killed") or {}).get("best") or 0 for i in counted)
    injured = sum((i.get("injured") or {}).get("best") or 0 for i in counted)
    merged = sum(1 for i in incidents if i["n_articles"] > 1)
    parts = [f'<!DOCTYPE html>\n<html lang="ar" dir="rtl"><head><meta charset="utf-8"><title>{html.escape(title)}'
             f'</title><style>{STYLE}</style></head><body>',
             f"<h1>{html.escape(title)}</h1>",
             '<div class="summary">'
             f'<div><b class="ltr">{len(incidents)}</b>حادثة <span class="ltr">(incidents)</span></div>'
             f'<div><b class="ltr">{merged}</b>رواها أكثر من مقال <span class="ltr">(reported by 2+ articles)</span></div>'
             f'<div><b class="ltr">{n_articles}</b>مقالا <span class="ltr">(articles)</span></div>'
             f'<div><b class="ltr">{killed}</b>قتيلا <span class="ltr">(killed, best; in the period)</span></div>'
             f'<div><b class="ltr">{injured}</b>جريحا <span class="ltr">(injured, best; in the period)</span></div>'
             f'<div><b class="ltr">{sum(1 for i in incidents if i["cumulative"])}</b>حصيلة تراكمية <span class="ltr">(cumulative, not summed)</span></div>'
             + (f'<div><b class="ltr">{span[0]} – {span[1]}</b>الفترة <span class="ltr">(period of the sums, the charts and the table)</span></div>' if span else '')
             + "</div>"]
    parts += _charts(incidents, counted, background or [])
    parts += _place_table(counted, names)
    parts += _incident_sections(incidents, names, articles_link, limit)
    parts.append("</body></html>\n")
    return "\n".join(parts)


def _charts(incidents: list[dict[str, Any]], counted: list[dict[str, Any]],
            background: list[tuple[float, float]]) -> list[str]:
    parts: list[str] = []
    timeline = timeline_png(incidents)
    parts.append("<h2>الخط الزمني (timeline)</h2>")
    parts.append(f'<img alt="killed and injured per day" src="{timeline}">' if timeline else "<p>لا تواريخ.</p>")
    the_map = map_png(counted, background)
    parts.append("<h2>الخريطة (map)</h2>")
    parts.append(f'<img alt="incidents by coordinates" src="{the_map}">' if the_map else "<p>لا إحداثيات.</p>")
    return parts


def _place_table(counted: list[dict[str, Any]], names: dict[str, str]) -> list[str]:
    parts: list[str] = []
    # table per country and place
    parts.append("<h2>حسب البلد والمكان (by country and place)</h2><table><tr><th>البلد</th><th>المكان</th>"
                 "<th>حوادث</th><th>قتلى</th><th>جرحى</th></tr>")
    groups: dict[tuple[str, str], list[dict[str, Any]]] = defaultdict(list)
    for i in counted:
        country = names.get(i.get("country") or "", i.get("country") or "unresolved")
        place = (i.get("city") or {}).get("name") or i.get("region") or (i.get("place_text") if i.get("country")
                                                                           is None else "(country level)")
        groups[(country, place or "?")].append(i)
    by_country = defaultdict(int)
    for (country, _), items in groups.items():
        by_country[country] += sum((i.get("killed") or {}).get("best") or 0 for i in items)
    for (country, place), items in sorted(groups.items(), key=lambda kv: (-by_country[kv[0][0]], kv[0][0],
                                                                          -len(kv[1]), kv[0][1])):
        k = sum((i.get("killed") or {}).get("best") or 0 for i in items)
        inj = sum((i.get("injured") or {}).get("best") or 0 for i in items)
        parts.append(f'<tr><td><span class="ltr">{html.escape(country)}</span></td><td><span class="ltr">'
                     f'{html.escape(str(place))}</span></td><td class="num">{len(items)}</td><td class="num">{k}</td>'
                     f'<td class="num">{inj}</td></tr>')
    parts.append("</table>")
    return parts


def _incident_sections(incidents: list[dict[str, Any]], names: dict[str, str], articles_link: str | None,
                       limit: int) -> list[str]:
    parts: list[str] = []
    # incidents with their sentences
    shown = sorted(incidents, key=lambda i: (i["cumulative"], -((i.get("killed") or {}).get("best") or 0),
                                             -((i.get("injured") or {}).get("best") or 0), i["incident_id"]))[:limit]
    parts.append(f"<h2>الحوادث ومصادرها (incidents and their sources; {len(shown)} of {len(incidents)})</h2>")
    for i in shown:
        victims = ", ".join(f"{k} {'' if v is None else v}".strip() for k, v in (i.get("victims") or {}).items())
        flag = f' · <b>تراكمية ({i["cumulative_kind"]})</b>' if i["cumulative"] else ""
        parts.append(
            f'<div class="incident" id="{i["incident_id"]}"><h3><span class="ltr">{i["incident_id"]}</span> · '
            f'قتلى {_figure_text(i.get("killed"))} · جرحى {_figure_text(i.get("injured"))}{flag}</h3>'
            f'<div class="meta">التاريخ: <span class="ltr">{i["date"] or "?"}</span> '
            f'<span class="tag">[{i["date_precision"]}]</span> · المكان: {_place_text(i, names)}'
            + (f" · الضحايا: <span class=\"ltr\">{html.escape(victims)}</span>" if victims else "")
            + (f' · الأرقام المنشورة: <span class="ltr">{i["killed_reported"]}</span>' if len(i["killed_reported"]) > 1 else "")
            + "</div><ul>")
        papers = {s["article_id"]: s for s in i["sources"]}
        sentences: dict[tuple[str, int], list[dict[str, Any]]] = {}
        for m in i["mentions"]:
            sentences.setdefault((m["article_id"], m["sentence_start"]), []).append(m)
        for (article_id, _), ms in sentences.items():
            src = papers.get(article_id, {})
            link = (f'<a href="{articles_link}#{html.escape(article_id)}">{html.escape(article_id)}</a>'
                    if articles_link else html.escape(article_id))
            parts.append(f'<li>{_sentence_html(ms)} <span class="tag ltr">— {html.escape(src.get("newspaper") or "?")}'
                         f', {html.escape(str(src.get("date") or "?"))[:10]}, {link}</span></li>')
        parts.append("</ul></div>")
    return parts


def articles_html(records: list[dict[str, Any]]) -> str:
    """The tagged articles the report links to, each under an anchor named by its id."""
    from ..tagging.render import HTML_TAIL, html_head, to_html

    out = [html_head()]
    for r in records:
        r = {"entities": [], "casualties": [], **r}
        out.append(f'<div id="{html.escape(str(r.get("id")))}">'
                   f'<p class="totals">{html.escape(str(r.get("source") or ""))} · {html.escape(str(r.get("date") or ""))}'
                   f" · {html.escape(str(r.get('title') or ''))}</p>{to_html(r)}</div>")
    out.append(HTML_TAIL)
    return "".join(out)
