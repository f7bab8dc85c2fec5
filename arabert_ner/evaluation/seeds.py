"""Several runs of one recipe (seeds) summarised as mean ± sample sd, and two models compared per type."""
from __future__ import annotations

import statistics
from pathlib import Path
from typing import Any

from arabert_ner.files import atomic_write_json, atomic_write_text


def flat_metrics(m: dict[str, Any]) -> dict[str, float]:
    """The numbers worth averaging over seeds, under stable dotted names."""
    out: dict[str, float] = {}
    for mode in ("default", "strict"):
        if mode not in m:
            continue
        for avg in ("micro", "macro"):
            for k, v in m[mode][avg].items():
                if k != "support":
                    out[f"{mode}.{avg}.{k}"] = float(v)
        for typ, row in m[mode]["per_type"].items():
            out[f"{mode}.{typ}.f1"] = float(row["f1"])
    if "token_accuracy" in m:
        out["token_accuracy"] = float(m["token_accuracy"])
    if "casualties" in m:
        out["casualties.events.f1"] = float(m["casualties"]["events"]["f1"])
        out["casualties.spans.f1"] = float(m["casualties"]["spans"]["all"]["f1"])
    return out


def summarise(runs: dict[str, dict[str, Any]]) -> dict[str, Any]:
    """``{metric: {"mean", "sd", "n", "values"}}``; sd is the sample standard deviation (ddof=1)."""
    flats = {name: flat_metrics(m) for name, m in runs.items()}
    keys = sorted({k for f in flats.values() for k in f})
    out: dict[str, Any] = {}
    for k in keys:
        values = [f[k] for f in flats.values() if k in f]
        out[k] = {"mean": statistics.fmean(values), "sd": statistics.stdev(values) if len(values) > 1 else None,
                  "n": len(values), "values": values}
    return out


def _pm(row: dict[str, Any]) -> str:
    sd = "n/a" if row["sd"] is None else f"{row['sd']:.4f}"
    return f"{row['mean']:.4f} ± {sd}"


def write_summary(runs: dict[str, dict[str, Any]], data: str, output_dir: Path) -> dict[str, Any]:
    summary = {"data": data, "runs": list(runs), "metrics": summarise(runs)}
    output_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_json(output_dir / "summary.json", summary)
    m = summary["metrics"]
    n = len(runs)
    lines = [f"# {n} runs on `{data}`", "", "Mean ± sample standard deviation (ddof=1) over: " +
             ", ".join(f"`{r}`" for r in runs), "",
             "| metric | default | strict |", "|---|---|---|"]
    for name in ("micro.f1", "micro.precision", "micro.recall", "macro.f1"):
        if f"default.{name}" in m:
            lines.append(f"| {name} | {_pm(m[f'default.{name}'])} | {_pm(m[f'strict.{name}'])} |")
    types = sorted({k.split(".")[1] for k in m if k.startswith("strict.") and k.endswith(".f1")
                    and k.split(".")[1] not in ("micro", "macro")})
    for t in types:
        lines.append(f"| {t} F1 | {_pm(m[f'default.{t}.f1'])} | {_pm(m[f'strict.{t}.f1'])} |")
    if "token_accuracy" in m:
        lines.append(f"| token accuracy | {_pm(m['token_accuracy'])} | |")
    if "casualties.events.f1" in m:
        lines.append(f"| casualty event F1 | {_pm(m['casualties.events.f1'])} | |")
    lines.append(f"\nn = {n} per metric.")
    atomic_write_text(output_dir / "report.md", "\n".join(lines) + "\n")
    return summary


def write_comparison(a_name: str, a: dict[str, Any], b_name: str, b: dict[str, Any], data: str,
                     output_dir: Path) -> str:
    """Per-type F1 of two models side by side (strict and default), with B - A."""
    lines = [f"# `{a_name}` (A) vs `{b_name}` (B) on `{data}`", "",
             "| type | mode | A F1 | B F1 | B − A |", "|---|---|---|---|---|"]
    for mode in ("strict", "default"):
        types = sorted(set(a[mode]["per_type"]) | set(b[mode]["per_type"]))
        for t in types + ["micro"]:
            fa = a[mode]["micro"]["f1"] if t == "micro" else a[mode]["per_type"].get(t, {}).get("f1", 0.0)
            fb = b[mode]["micro"]["f1"] if t == "micro" else b[mode]["per_type"].get(t, {}).get("f1", 0.0)
            lines.append(f"| {t} | {mode} | {fa:.4f} | {fb:.4f} | {fb - fa:+.4f} |")
    text = "\n".join(lines) + "\n"
    output_dir.mkdir(parents=True, exist_ok=True)
    atomic_write_text(output_dir / "compare.md", text)
    return text


# Keys that are meant to differ between the runs of one recipe.
_PER_RUN_KEYS = {"output_dir", "training.seed"}


def check_runs(runs: list[str]) -> list[str]:
    """The run folders of ``evaluate.py --runs``: a pattern the shell left unexpanded is expanded here, a
    pattern that matches nothing is an error naming it, and runs of different recipes (configs that differ
    in more than the seed) are named in a warning, since their mean is not one recipe's."""
    import glob
    import logging

    from arabert_ner.config import RUN_CONFIG_NAME, read_yaml
    from arabert_ner.errors import ConfigError

    found: list[str] = []
    for spec in runs:
        if Path(spec).exists() or not glob.has_magic(spec):
            found.append(spec)
            continue
        matches = sorted(glob.glob(spec))
        if not matches:
            raise ConfigError(f"--runs '{spec}': no folder matches this pattern")
        found.extend(matches)
    for run in found:
        if not Path(run).is_dir():
            raise ConfigError(f"--runs: {run}: not a model folder")
    recipes = {}
    for run in found:
        path = Path(run) / RUN_CONFIG_NAME
        if path.is_file():
            recipes[run] = {k: v for k, v in _flatten(read_yaml(path)).items() if k not in _PER_RUN_KEYS}
    if len(recipes) > 1:
        first, *rest = recipes
        diffs = []
        for run in rest:
            for key in sorted(set(recipes[first]) | set(recipes[run])):
                a, b = recipes[first].get(key), recipes[run].get(key)
                if a != b:
                    diffs.append(f"{key}: {a!r} in {first}, {b!r} in {run}")
        if diffs:
            logging.getLogger(__name__).warning(
                "the runs are not one recipe (%d difference(s) besides the seed; their mean mixes recipes): %s",
                len(diffs), "; ".join(diffs[:5]) + ("; ..." if len(diffs) > 5 else ""))
    return found


def _flatten(data: dict[str, Any], prefix: str = "") -> dict[str, Any]:
    out: dict[str, Any] = {}
    for k, v in (data or {}).items():
        if isinstance(v, dict):
            out.update(_flatten(v, f"{prefix}{k}."))
        else:
            out[f"{prefix}{k}"] = v
    return out
