"""The model card (README.md on the Hub), rendered from run_config.yaml and measured metrics only."""
from __future__ import annotations

from pathlib import Path
from typing import Any

import yaml

from arabert_ner.config import RunConfig
from arabert_ner.corpus.labels import label_list

# Most restrictive first. A model is published under the most restrictive licence of its training data.
LICENSE_ORDER = ["cc-by-nc-sa-4.0", "cc-by-nc-4.0", "cc-by-sa-4.0", "cc-by-sa-3.0", "cc-by-4.0", "apache-2.0", "mit"]
ENTITY_MEANING = {"PER": "person", "ORG": "organisation", "LOC": "location (countries, cities, regions, facilities)",
                  "MISC": "other names (events, competitions, prizes, operations)"}


def type_meaning() -> dict[str, str]:
    """What each label means: the entity types and every casualty type of the lexicon."""
    from arabert_ner.casualties.lexicon import default_lexicon

    return {**ENTITY_MEANING, **{t.tag: t.description for t in default_lexicon().types.values()}}
CITATIONS = {
    "arabert": """@inproceedings{antoun2020arabert,
  title={AraBERT: Transformer-based Model for Arabic Language Understanding},
  author={Antoun, Wissam and Baly, Fady and Hajj, Hazem},
  booktitle={LREC 2020 Workshop Language Resources and Evaluation Conference},
  year={2020}
}""",
    "anercorp": """@inproceedings{benajiba2007anersys,
  title={ANERsys: An Arabic Named Entity Recognition System Based on Maximum Entropy},
  author={Benajiba, Yassine and Rosso, Paolo and Bened{\\'i} Ruiz, Jos{\\'e} Miguel},
  booktitle={CICLing},
  year={2007}
}
@inproceedings{obeid2020camel,
  title={CAMeL Tools: An Open Source Python Toolkit for Arabic Natural Language Processing},
  author={Obeid, Ossama and others},
  booktitle={LREC},
  year={2020}
}""",
    "saudinewsnet": """@misc{alhagri2015saudinewsnet,
  title={Saudi Newspapers Arabic Corpus (SaudiNewsNet)},
  author={Alhagri, Mazen Abdulaziz},
  year={2015}
}""",
}


def license_id(text: str) -> str:
    """``"CC-BY-NC-SA-4.0 (SaudiNewsNet)"`` -> ``"cc-by-nc-sa-4.0"``."""
    return text.strip().split()[0].lower() if text.strip() else "unknown"


def data_license(licenses: list[str]) -> str:
    """The most restrictive licence among the training data's (unknown ones count as most restrictive)."""
    ids = [license_id(l) for l in licenses] or ["unknown"]
    ranked = [LICENSE_ORDER.index(i) if i in LICENSE_ORDER else -1 for i in ids]
    worst = min(ranked)
    return "other" if worst < 0 else LICENSE_ORDER[worst]


def more_permissive(chosen: str, required: str) -> bool:
    if required == "other":
        return chosen != "other"
    if chosen not in LICENSE_ORDER:
        return False
    return LICENSE_ORDER.index(chosen) > LICENSE_ORDER.index(required)


def _metric_rows(metrics: dict[str, Any], summary: dict[str, Any] | None) -> list[dict[str, Any]]:
    rows = []
    for mode, label in (("default", "seqeval default (conlleval)"), ("strict", "seqeval strict IOB2")):
        for key in ("f1", "precision", "recall"):
            name = f"{key.capitalize() if key != 'f1' else 'F1'} ({label}, micro)"
            if summary:
                row = summary["metrics"].get(f"{mode}.micro.{key}")
                if row:
                    sd = "" if row["sd"] is None else f" ± {row['sd']:.4f}"
                    rows.append({"type": key, "value": round(row["mean"], 4),
                                 "name": f"{name}, mean{sd} over {row['n']} seeds"})
                    continue
            rows.append({"type": key, "value": round(metrics[mode]["micro"][key], 4), "name": name})
    return rows


def render_card(repo_id: str, cfg: RunConfig, metrics: dict[str, Any] | None, summary: dict[str, Any] | None,
                license_: str, train_results: dict[str, Any] | None) -> str:
    """The card's markdown: front matter, then one block per section, in the order a reader needs them."""
    name = repo_id.split("/")[-1]
    evaluated = bool(metrics and "default" in metrics)
    out = ["---", yaml.safe_dump(_front_matter(name, cfg, metrics if evaluated else None, summary, license_),
                                 sort_keys=False, allow_unicode=True).strip(), "---", "",
           f"# {name}", "",
           f"Token classification for Arabic news: {', '.join(cfg.labels.types)}, fine-tuned from "
           f"`{cfg.model.name_or_path}` with arabert-ner (this card was generated from the run's "
           f"`run_config.yaml` and measured `metrics.json`).", ""]
    out += _labels_section(cfg)
    out += _training_section(cfg, license_, train_results)
    out += _evaluation_section(metrics if evaluated else None, summary)
    out += _usage_section(repo_id)
    if _has_casualty_types(cfg):
        out += _scheme_section()
    out += _limitations_section(license_)
    out += _citations_section(cfg)
    return "\n".join(out) + "\n"


def _has_casualty_types(cfg: RunConfig) -> bool:
    return bool((set(type_meaning()) - set(ENTITY_MEANING)) & set(cfg.labels.types))


def _front_matter(name: str, cfg: RunConfig, metrics: dict[str, Any] | None, summary: dict[str, Any] | None,
                  license_: str) -> dict[str, Any]:
    """The Hub's YAML metadata; ``model-index`` only when there are measured metrics to show."""
    datasets = sorted({_dataset_name(p) for p in _as_list(cfg.data.train)})
    front: dict[str, Any] = {
        "language": ["ar"], "license": license_, "library_name": "transformers",
        "pipeline_tag": "token-classification", "datasets": datasets,
        "tags": ["arabic", "token-classification", "named-entity-recognition", "arabert-ner"]
        + (["casualties"] if _has_casualty_types(cfg) else []),
    }
    if _is_hub_id(cfg.model.name_or_path):
        front["base_model"] = cfg.model.name_or_path  # a local base model has no Hub id to link to
    if metrics:
        front["model-index"] = [{"name": name, "results": [{
            "task": {"type": "token-classification", "name": "Named Entity Recognition"},
            "dataset": {"name": Path(metrics["data"]).name, "type": Path(metrics["data"]).parent.name or "local",
                        "split": "test"},
            "metrics": _metric_rows(metrics, summary)}]}]
    return front


def _labels_section(cfg: RunConfig) -> list[str]:
    meanings = type_meaning()
    out = ["## Labels", "", "| id | label | meaning |", "|---|---|---|"]
    for i, l in enumerate(label_list(cfg.labels.types)):
        meaning = "outside any span" if l == "O" else f"{'first' if l[0] == 'B' else 'next'} word of a {l[2:]} span: {meanings.get(l[2:], l[2:])}"
        out.append(f"| {i} | `{l}` | {meaning} |")
    return out


def _training_section(cfg: RunConfig, license_: str, train_results: dict[str, Any] | None) -> list[str]:
    t = cfg.training
    out = ["", "## Training", "",
           f"- base model: `{cfg.model.name_or_path}` (revision `{cfg.model.revision}`), max length {cfg.model.max_length} subwords, "
           f"labels on the first subword of each word",
           f"- data: {', '.join(f'`{p}`' for p in _as_list(cfg.data.train))}; dev: "
           f"{', '.join(f'`{p}`' for p in _as_list(cfg.data.dev)) if cfg.data.dev else f'a seeded {cfg.data.dev_fraction:.0%} slice of train (seed {cfg.data.dev_seed})'}",
           f"- data licences: {', '.join(cfg.data.licenses) or 'not recorded'} → model licence `{license_}`",
           f"- {t.epochs:g} epochs (early stopping patience {t.early_stopping_patience}), learning rate {t.learning_rate:g}, "
           f"batch {t.batch_size}, warmup {t.warmup:g}, weight decay {t.weight_decay:g}, seed {t.seed}, precision {t.precision}"]
    if train_results:
        out.append(f"- trained on {train_results.get('device')} ({train_results.get('precision')}) in "
                   f"{train_results.get('train_seconds')} s; {train_results.get('train_sentences')} train and "
                   f"{train_results.get('dev_sentences')} dev sentences")
    return out


def _evaluation_section(metrics: dict[str, Any] | None, summary: dict[str, Any] | None) -> list[str]:
    """Measured scores (``metrics`` is None when none were measured), the seeds' spread, casualty events."""
    out = ["", "## Evaluation", ""]
    if not metrics:
        out.append("No evaluation was run for this model (no `metrics.json` in the model folder).")
        return out
    out += [f"Measured on `{metrics['data']}` ({metrics['sentences']} sentences), seqeval on words:", "",
            "| mode | precision | recall | F1 |", "|---|---|---|---|"]
    for mode in ("default", "strict"):
        m = metrics[mode]["micro"]
        out.append(f"| {mode} | {m['precision']:.4f} | {m['recall']:.4f} | {m['f1']:.4f} |")
    out += ["", "| type | F1 (strict) | support |", "|---|---|---|"]
    for typ, row in metrics["strict"]["per_type"].items():
        out.append(f"| {typ} | {row['f1']:.4f} | {row['support']} |")
    if summary:
        out += ["", f"Over {len(summary['runs'])} seeds (mean ± sample sd):", ""]
        for key in ("default.micro.f1", "strict.micro.f1"):
            row = summary["metrics"].get(key)
            if row:
                sd = "n/a" if row["sd"] is None else f"{row['sd']:.4f}"
                out.append(f"- {key}: {row['mean']:.4f} ± {sd} (n = {row['n']})")
    if "casualties" in metrics:
        c = metrics["casualties"]
        out += ["", f"Casualty events (engine `{c['engine']}`): P {c['events']['precision']:.4f}, "
                f"R {c['events']['recall']:.4f}, F1 {c['events']['f1']:.4f}."]
    return out


def _usage_section(repo_id: str) -> list[str]:
    return ["", "## Usage", "", "```python", "from transformers import pipeline", "",
            f'nlp = pipeline("token-classification", model="{repo_id}", aggregation_strategy="simple")',
            'nlp("قتل 3 أشخاص في انفجار في بغداد أمس")', "```", "",
            "With arabert-ner (AraBERT normalisation with exact offsets, long articles, casualty counts):", "",
            "```bash", f"python predict.py --model {repo_id} --input articles.jsonl --output tagged.jsonl", "```", "",
            "```python", "from arabert_ner import Tagger", "",
            f'Tagger.from_pretrained("{repo_id}").predict(["أعلنت وزارة الصحة مقتل100 شخص في غزة"])', "```", ""]


def _scheme_section() -> list[str]:
    return ["## Casualty scheme", "",
            "A casualty span covers the count expression and the victim noun after it (`12 شخصا`, `شرطيان`, "
            "`عشرات المدنيين`) and stops before any named entity. Counts are read from the span (digits in any "
            "script, number words, duals = 2, vague counts = null and approximate); subsets (`بينهم 28 عسكريا`) "
            "are a breakdown of their event, and repeated tolls are linked, not added.", ""]


def _limitations_section(license_: str) -> list[str]:
    return ["## Intended use and limitations", "",
            "- For research and monitoring of Arabic news: tagging entities and extracting what an article "
            "claims about people killed or injured. Extracted counts are what the article claims, not verified "
            "facts; check each span against its text (offsets are exact).",
            "- Trained on Modern Standard Arabic news; dialects, social media and other domains will score lower.",
            f"- Licence `{license_}` follows the training data" +
            (": non-commercial use only." if "nc" in license_ else "."), ""]


def _citations_section(cfg: RunConfig) -> list[str]:
    """BibTeX for the base model and the training corpora the card can recognise from their paths."""
    out = ["## Citations", ""]
    cites = ["arabert"] if "arabert" in cfg.model.name_or_path.lower() else []
    joined = " ".join(_as_list(cfg.data.train)).lower()
    cites += [k for k in ("anercorp", "saudinewsnet") if k in joined]
    if cites:
        out += ["```bibtex", "\n".join(CITATIONS[c] for c in cites), "```"]
    else:
        out.append("See the training data's own citations.")
    return out


def _is_hub_id(name: str) -> bool:
    return not Path(name).exists() and name.count("/") == 1 and not name.startswith((".", "/"))


def _dataset_name(path: str) -> str:
    """anercorp for ../shared/data/anercorp/train.txt; arabert-ner-corpus for this repo's data/."""
    parent = Path(path).parent.name
    return "arabert-ner-corpus" if parent in ("data", "") else parent


def _as_list(v: str | list[str] | None) -> list[str]:
    if v is None:
        return []
    return [v] if isinstance(v, str) else list(v)
