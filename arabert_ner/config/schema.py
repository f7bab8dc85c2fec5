"""The run config's schema: one frozen pydantic model per section, a help string on every key, the flag
that sets a key where one does, and the cross-field checks that types alone do not catch.

To add a key: add a field to its section with ``_f(default, help)`` (and ``flag=Flag(...)`` when a command
should take it as a flag); ``--help-config`` lists it and :mod:`.loading` validates it.
"""
from __future__ import annotations

import re
from typing import Annotated, Any, Literal, NamedTuple

from pydantic import BaseModel, BeforeValidator, ConfigDict, Field, ValidationInfo, model_validator

from arabert_ner.errors import ConfigError

_FLOAT = re.compile(r"^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$")


def _to_float(value: Any) -> Any:
    if isinstance(value, int) and not isinstance(value, bool):
        return float(value)
    if isinstance(value, str) and _FLOAT.match(value.strip()):
        return float(value)  # YAML 1.1 reads 3e-5 (no dot) as a string
    return value


def _to_str(value: Any) -> Any:
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        return str(value)  # a revision like 1234abc may read as a number in YAML
    return value


# Strict otherwise: a bool is never an int, "3" never an int, 1 never a bool.
Float = Annotated[float, BeforeValidator(_to_float)]
Str = Annotated[str, BeforeValidator(_to_str)]


class Flag(NamedTuple):
    """The command-line flag that sets a key, declared on the key's field; ``cli/common.add_config_args``
    adds it to those commands' parsers and turns its value into a dotted override."""

    name: str
    commands: tuple[str, ...]
    help: str
    metavar: str | None = None
    action: str | None = None  # "append" for a repeatable flag of a list key (default: nargs="+")
    required: bool = False


TAGGING = ("predict", "serve")
SERVE = ("serve",)


def _f(default: Any, help: str, flag: Flag | None = None) -> Any:
    """A field with a help string (shown by ``--help-config``) and, maybe, the flag that sets it."""
    return Field(default, description=help, json_schema_extra={"flag": flag} if flag else None)


class _Section(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True, strict=True)


class ModelConfig(_Section):
    name_or_path: Str = _f("aubmindlab/bert-base-arabertv02",
                           "Base model: a Hugging Face hub id or a local model folder.")
    revision: Str = _f("main", "Hub revision (branch, tag or commit) of the base model.")
    max_length: int = _f(256, "Subword window of the model; longer sentences are split, never truncated.")
    label_all_subwords: bool = _f(False, "Train on every subword of a word (default: only the first).")
    trust_remote_code: bool = _f(False, "Allow custom model code from the hub. Off unless you trust it.",
        flag=Flag("--trust-remote-code", TAGGING, "Allow custom model code from the hub"))
    allow_pickle: bool = _f(False, "Allow loading pickle (.bin) weights. Off: safetensors only.",
        flag=Flag("--allow-pickle", TAGGING, "Allow pickle (.bin) weights, which can run code when loaded"))


class NormalizationConfig(_Section):
    """Mirrors AraBERT's ``ArabertPreprocessor`` switches; defaults reproduce ``bert-base-arabertv02``."""

    strip_diacritics: bool = _f(True, "Remove tashkeel (fatha, damma, kasra, tanween, sukun, shadda).")
    strip_tatweel: bool = _f(True, "Remove tatweel (U+0640), as in عـــاجل.")
    unify_digits: bool = _f(True, "Map Arabic-Indic digits (٠-٩) to 0-9.")
    map_persian_digits: bool = _f(True, "Map Persian digits (۰-۹) to 0-9. AraBERT's own preprocessor "
                                        "drops them; we keep them as numbers.")
    map_presentation_forms: bool = _f(True, "Map Arabic presentation forms (U+FB50-FDEF, U+FE70-FEFC: ﺳﺒﻌﺔ, ﻻ, "
                                            "as text copied from PDFs has) to the letters they show. AraBERT's own "
                                            "preprocessor drops them; we keep the words.")
    split_glued_digits: bool = _f(True, "Put spaces around punctuation and between digits and letters "
                                        "(مقتل100 -> مقتل 100).")
    reduce_repeated_chars: bool = _f(True, "Cut runs of 3+ identical non-digit characters to two.")
    replace_urls_emails_mentions: bool = _f(True, "Replace URLs, e-mails and @mentions by [رابط], [بريد], [مستخدم].")
    remove_html_markup: bool = _f(True, "Remove HTML tags and unescape entities.")
    replace_slash_with_dash: bool = _f(True, "Replace '/' by '-', as AraBERT v02 does.")


class DataConfig(_Section):
    train: Str | list[Str] | None = _f(None, "Training data: CoNLL (.txt/.conll), JSONL with spans (.jsonl), "
                                             "or a datasets id when format=hf; a list of files is read in order.")
    dev: Str | list[Str] | None = _f(None, "Dev data; when empty a fixed, seeded slice of train is used.")
    test: Str | None = _f(None, "Test data used by evaluate.py when --data is not given.")
    format: Literal["auto", "conll", "jsonl", "hf"] = _f("auto", "Reader; auto picks by file extension.")
    encoding: Str = _f("utf-8", "Text encoding of input files (a BOM is accepted).")
    conll_token_column: int = _f(0, "CoNLL column holding the token (0-based, negative counts from the end).")
    conll_tag_column: int = _f(-1, "CoNLL column holding the tag (0-based, negative counts from the end).")
    hf_config_name: Str | None = _f(None, "datasets config name (format=hf).")
    hf_tokens_column: Str = _f("tokens", "datasets column with the word list (format=hf).")
    hf_tags_column: Str = _f("ner_tags", "datasets column with the tags, names or ClassLabel ids (format=hf).")
    dev_fraction: Float = _f(0.1, "Share of train held out as dev when no dev file is given.")
    dev_seed: int = _f(13, "Seed of the train/dev split (recorded so the split can be rebuilt).")
    label_map: Str | None = _f(None, "Label map: a shipped name (anercorp, aqmar, newsfane, entities_only) "
                                     "or a YAML file.")
    licenses: list[Str] = _f([], "Licences of the training data, copied into the model card.")


class LabelsConfig(_Section):
    types: list[Str] = _f(["PER", "ORG", "LOC", "MISC"],
                          "Span types the model predicts; tags are O plus B-/I- of each, in this order.")
    repair: bool = _f(True, "Repair IOB1 and orphan I- tags into IOB2 (counted and reported). "
                            "When false, an invalid sequence is an error.")


class TrainingConfig(_Section):
    epochs: Float = _f(3.0, "Training epochs.")
    max_steps: int = _f(-1, "Stop after this many optimizer steps (-1: run all epochs).")
    learning_rate: Float = _f(5e-5, "Peak learning rate (AdamW).")
    batch_size: int = _f(16, "Training batch size per device.")
    eval_batch_size: int = _f(32, "Evaluation batch size per device.")
    gradient_accumulation_steps: int = _f(1, "Batches accumulated per optimizer step.")
    weight_decay: Float = _f(0.01, "AdamW weight decay.")
    warmup: Float = _f(0.1, "Warmup: a float < 1 is a share of all steps, >= 1 a number of steps.")
    seed: int = _f(42, "Random seed (weights of the new head, shuffling, dropout).")
    precision: Literal["auto", "fp32", "bf16", "fp16"] = _f(
        "auto", "auto: bf16 on GPUs that have it (else fp16), bf16 on CPUs with native bf16, else fp32.")
    device: Literal["auto", "cpu", "cuda"] = _f("auto", "auto uses a GPU when one is visible.")
    group_by_length: bool = _f(True, "Batch sentences of similar length together (less padding).")
    early_stopping_patience: int = _f(3, "Stop after this many evaluations without dev F1 gain (0: off).")
    eval_every_epoch: bool = _f(True, "Evaluate on dev after every epoch (else only at the end).")
    save_total_limit: int = _f(2, "Checkpoints kept on disk (the best one is always kept).")
    keep_checkpoints: bool = _f(False, "Keep checkpoints/ after a successful run (they hold optimizer state).")
    logging_steps: int = _f(50, "Log loss every N steps.")
    dataloader_num_workers: int = _f(0, "Worker processes for data loading.")


class InferenceConfig(_Section):
    batch_size: int = _f(32, "Sentences per forward pass.",
        flag=Flag("--batch-size", TAGGING, "Sentences per forward pass"))
    device: Literal["auto", "cpu", "cuda"] = _f("auto", "auto uses a GPU when one is visible.",
        flag=Flag("--device", TAGGING, "Where to run"))
    backend: Literal["torch", "onnx"] = _f("torch", "torch, or onnx (run arabert-ner export first).",
        flag=Flag("--backend", TAGGING, "torch (default) or onnx: the files of arabert-ner export"))
    precision: Literal["fp32", "bf16", "fp16", "int8"] = _f(
        "fp32", "fp32; bf16 autocast (only where the hardware computes bf16 natively: on AVX2-only CPUs it "
                "was measured 7x slower); fp16 on GPUs; int8 (torch dynamic quantization, or the ONNX int8 file).",
        flag=Flag("--precision", TAGGING, "fp32 (default), bf16, fp16 (GPU) or int8"))
    window_overlap: int = _f(64, "Subwords shared by consecutive windows of a sentence longer than "
                                 "model.max_length; each word is labelled by the window where it has most context.")


class CasualtiesConfig(_Section):
    engine: Literal["auto", "hybrid", "model", "rules"] = _f(
        "auto", "Casualty engine: rules (no model needed), model (tagged spans, counts read from them), "
                "hybrid (the rule events, plus the model's confident spans where the rules read nothing); auto = "
                "the engine that scored best on real news when the folder was trained (casualty_engine.json), "
                "else rules.",
        flag=Flag("--casualty-engine", (*TAGGING, "evaluate", "incidents"),
                  "rules: no model needed; model: tagged spans; hybrid: model spans with rule-read counts and "
                  "subsets; auto (default): hybrid if the model tags casualties, else rules"))
    vague_lower_bound: bool = _f(False, "Give vague counts their smallest value (عشرات 30, مئات 300, آلاف 3000) "
                                        "instead of null; approximate stays true.")
    hybrid_threshold: Float = _f(0.9, "Hybrid engine: the least confidence (mean tag probability) at which a model "
                                      "span where the rules read nothing becomes an event. With engine auto, the "
                                      "threshold chosen on real news (casualty_engine.json) is used instead.")
    lexicons: list[Str] = _f(["msa"], "Casualty lexicons, base first: shipped varieties (msa, levantine, gulf, "
                                      "maghrebi) or YAML files of the same shape (arabert_ner/casualties/lexicons/).")
    selection_data: Str | None = _f("data/real_casualties/dev.jsonl",
                                    "Real-news gold on which train.py compares the rules, model and hybrid "
                                    "engines and records the best as the folder's default (casualty_engine.json); "
                                    "without it (or its ../shared corpus) the default is the rules.")


class DistillationConfig(_Section):
    teacher: Str | None = _f(None, "Fine-tuned teacher folder (or hub id). When set, train.py trains a smaller "
                                   "student from it instead of fine-tuning model.name_or_path.",
        flag=Flag("--teacher", ("distill",), "Fine-tuned teacher folder", metavar="DIR", required=True))
    unlabelled: list[Str] = _f([], "Unlabelled news the teacher labels (soft labels): .jsonl / .jsonl.gz "
                                   "({\"text\"} per line), .txt files or folders of them.",
        flag=Flag("--unlabelled", ("distill",), "Unlabelled news (.jsonl, .jsonl.gz, .txt or folders)", metavar="FILE"))
    student_layers: int = _f(0, "Transformer layers of the student; 0: half the teacher's. The student starts "
                                "from every other teacher layer, counted down from the top one.",
        flag=Flag("--student-layers", ("distill",), "Student layers (default: half the teacher's)", metavar="N"))
    temperature: Float = _f(2.0, "Softmax temperature of the soft labels (higher: more of the teacher's doubt).")
    soft_weight: Float = _f(0.5, "Weight of the soft-label loss; gold cross-entropy gets 1 - soft_weight where "
                                 "gold labels exist (data.train).")
    max_unlabelled_sentences: int = _f(0, "Read at most this many unlabelled sentences (0: all).")


class ServingConfig(_Section):
    """``arabert-ner serve``: the HTTP server, its request batcher and its limits."""

    host: Str = _f("127.0.0.1", "Address to listen on; 0.0.0.0 listens on every interface (put a TLS proxy in "
                                "front of it).",
        flag=Flag("--host", SERVE, "Address to listen on, default 127.0.0.1"))
    port: int = _f(8000, "TCP port to listen on.",
        flag=Flag("--port", SERVE, "TCP port, default 8000"))
    max_batch_documents: int = _f(32, "Documents of concurrent requests tagged together in one call of the "
                                      "tagger; a larger request runs alone.",
        flag=Flag("--max-batch-documents", SERVE, "Documents of concurrent requests tagged together", metavar="N"))
    batch_wait_ms: Float = _f(5.0, "How long the batcher waits for more requests once one is queued and the "
                                   "tagger is idle, in milliseconds (0: never wait).",
        flag=Flag("--batch-wait-ms", SERVE, "How long to wait for more requests before tagging a batch", metavar="MS"))
    max_request_bytes: int = _f(2_000_000, "Largest request body accepted, in bytes (413 beyond it); about "
                                           "a hundred long articles.",
        flag=Flag("--max-request-bytes", SERVE, "Largest request body", metavar="BYTES"))
    max_documents: int = _f(100, "Most documents one request may carry (413 beyond it).",
        flag=Flag("--max-documents", SERVE, "Documents per request", metavar="N"))
    api_key_env: Str = _f("ARABERT_NER_API_KEY", "Environment variable holding the API key. When it is set and "
                                                 "not empty, every endpoint except /healthz and the page at / "
                                                 "needs 'Authorization: Bearer KEY' or 'X-API-Key: KEY'.")
    cors_origins: list[Str] = _f([], "Origins allowed to call the API from a browser (CORS); empty: CORS off. "
                                     "['*'] allows any origin.",
        flag=Flag("--cors-origin", SERVE, "Allow browser calls from this origin (repeatable). Default: CORS off", metavar="ORIGIN", action="append"))


class IncidentsConfig(_Section):
    """``arabert-ner incidents``: how casualty mentions of many articles become incidents."""

    date_window_days: int = _f(5, "Two reports can be one incident when their dates are at most this many days "
                                  "apart (more when a date is only known to the week or month).")
    max_distance_km: Float = _f(30.0, "Two reports placed in different cities can be one incident when the cities "
                                      "are at most this far apart.")
    count_ratio: Float = _f(0.2, "Smallest over largest best figure (killed, injured) for two reports to be one "
                                 "incident; tolls rise as they are updated.")
    count_slack: int = _f(3, "Best figures at most this far apart are always compatible (3 and 5 killed).")
    min_similarity: Float = _f(0.2, "Context similarity (rapidfuzz token-set ratio of the reports' sentences, 0-1) "
                                    "needed to merge reports not placed in the same city.")
    place_override_similarity: Float = _f(0.6, "Context similarity (0-1) at which reports merge even though their "
                                               "places disagree (a statement from the capital about an attack "
                                               "elsewhere); 1 turns this off.")
    previous_day_before_hour: int = _f(6, "An article whose date has a time before this hour was written the day "
                                          "before (SaudiNewsNet's date is the scraping time; measured in "
                                          "docs/incidents.md); 0 turns this off.")
    max_incident_figure: int = _f(10000, "A killed or injured figure above this is no single incident's (a "
                                          "population, a war's toll, a misread number): kept, flagged cumulative "
                                          "'oversized', never summed; 0 turns this off.")
    counts_table: Str | None = _f(None, "YAML table of vague counts and qualifiers (default: the shipped "
                                        "arabert_ner/incidents/data/counts.yaml; see docs/incidents.md).")
    report_incidents: int = _f(300, "Incidents listed with their sentences in report.html (largest tolls first); "
                                    "the CSV/Parquet/GeoJSON files always hold all of them.")


class RunConfig(_Section):
    """The whole run: what to read, which model, how to train and predict."""

    output_dir: Str = _f("models/run", "Model folder written by train.py.",
        flag=Flag("--output-dir", ("train", "distill"), "Model folder to write", metavar="DIR"))
    model: ModelConfig = Field(default_factory=ModelConfig)
    normalization: NormalizationConfig = Field(default_factory=NormalizationConfig)
    data: DataConfig = Field(default_factory=DataConfig)
    labels: LabelsConfig = Field(default_factory=LabelsConfig)
    training: TrainingConfig = Field(default_factory=TrainingConfig)
    inference: InferenceConfig = Field(default_factory=InferenceConfig)
    casualties: CasualtiesConfig = Field(default_factory=CasualtiesConfig)
    distillation: DistillationConfig = Field(default_factory=DistillationConfig)
    serving: ServingConfig = Field(default_factory=ServingConfig)
    incidents: IncidentsConfig = Field(default_factory=IncidentsConfig)

    @model_validator(mode="after")
    def _cross_checks(self, info: ValidationInfo) -> "RunConfig":
        if not (info.context or {}).get("partial"):
            validate(self)
        return self

    def to_dict(self) -> dict[str, Any]:
        return self.model_dump()


def validate(cfg: RunConfig) -> None:
    """Cross-field checks that types alone do not catch."""
    if cfg.model.max_length < 8:
        raise ConfigError(f"'model.max_length' must be at least 8, got {cfg.model.max_length}")
    if not 0.0 < cfg.data.dev_fraction < 1.0:
        raise ConfigError(f"'data.dev_fraction' must be between 0 and 1, got {cfg.data.dev_fraction}")
    if not cfg.labels.types:
        raise ConfigError("'labels.types' must name at least one span type")
    for t in cfg.labels.types:
        if not t or t == "O" or "-" in t or " " in t:
            raise ConfigError(f"'labels.types' entry {t!r} is not a valid type name (no '-', spaces or 'O')")
    if len(set(cfg.labels.types)) != len(cfg.labels.types):
        raise ConfigError(f"'labels.types' has duplicates: {cfg.labels.types}")
    for name in ("batch_size", "eval_batch_size", "gradient_accumulation_steps"):
        if getattr(cfg.training, name) < 1:
            raise ConfigError(f"'training.{name}' must be at least 1")
    if cfg.inference.batch_size < 1:
        raise ConfigError("'inference.batch_size' must be at least 1")
    if not 0 <= cfg.inference.window_overlap <= cfg.model.max_length // 2:
        raise ConfigError(f"'inference.window_overlap' must be between 0 and half of model.max_length "
                          f"({cfg.model.max_length // 2}), got {cfg.inference.window_overlap}")
    for name in ("max_batch_documents", "max_request_bytes", "max_documents"):
        if getattr(cfg.serving, name) < 1:
            raise ConfigError(f"'serving.{name}' must be at least 1")
    if cfg.serving.batch_wait_ms < 0:
        raise ConfigError("'serving.batch_wait_ms' must not be negative")
    if not 0 <= cfg.serving.port <= 65535:
        raise ConfigError(f"'serving.port' must be between 0 and 65535, got {cfg.serving.port}")
    inc = cfg.incidents
    if not 0 <= inc.previous_day_before_hour <= 23 or inc.max_incident_figure < 0:
        raise ConfigError("'incidents.previous_day_before_hour' must be 0-23 and 'max_incident_figure' not negative")
    if inc.date_window_days < 0 or inc.max_distance_km < 0 or inc.count_slack < 0:
        raise ConfigError("'incidents.date_window_days', 'max_distance_km' and 'count_slack' must not be negative")
    if not all(0.0 <= v <= 1.0 for v in (inc.count_ratio, inc.min_similarity, inc.place_override_similarity)):
        raise ConfigError("'incidents.count_ratio', 'min_similarity' and 'place_override_similarity' must be between 0 and 1")
    if cfg.training.warmup < 0:
        raise ConfigError("'training.warmup' must not be negative")
