"""Loading models and tokenizers safely, and choosing device and precision from the hardware.

Weights load from safetensors only unless ``model.allow_pickle`` is set (a pickle file can run code);
custom model code from the hub runs only with ``model.trust_remote_code``.
"""
from __future__ import annotations

import json
import logging
from pathlib import Path

from arabert_ner.errors import ConfigError, ModelError

log = logging.getLogger(__name__)


def resolve_device(device: str) -> str:
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise ConfigError("device 'cuda' was asked for but no GPU is visible to PyTorch")
    return device


def cpu_has_native_bf16() -> bool:
    """True where the CPU computes bf16 natively (AVX512-BF16 or AMX), where autocast pays off.

    On AVX2-only CPUs bf16 autocast was measured 7x slower than fp32, so it must not be chosen there.
    ``_is_mkldnn_bf16_supported`` is a private PyTorch API, hence the guard.
    """
    import torch

    try:
        return bool(torch.ops.mkldnn._is_mkldnn_bf16_supported())
    except (AttributeError, RuntimeError):
        return False


def resolve_precision(precision: str, device: str) -> str:
    """``auto`` -> bf16 on GPUs that have it (else fp16), bf16 on CPUs with native bf16, else fp32."""
    import torch

    if precision != "auto":
        if precision == "fp16" and device != "cuda":
            raise ConfigError("precision fp16 needs a GPU; use bf16 or fp32 on CPU")
        return precision
    if device == "cuda":
        return "bf16" if torch.cuda.is_bf16_supported() else "fp16"
    return "bf16" if cpu_has_native_bf16() else "fp32"


def _is_local(name_or_path: str) -> bool:
    return Path(name_or_path).exists()


def check_model_source(name_or_path: str) -> None:
    """Tell a mistyped local folder from a Hub id before anything reaches for the network.

    ``models/quickstrat`` has the OWNER/NAME shape of a Hub id, but where ``models/`` is a local folder it
    is meant as a path: say the folder is missing and name the nearest existing one. A Hub id that cannot
    be fetched while offline says so instead of a tokenizer or "repo id" error."""
    import difflib
    import os

    path = Path(name_or_path).expanduser()
    if path.exists():
        return
    looks_local = (name_or_path.startswith((".", "/", "~")) or name_or_path.count("/") != 1
                   or os.sep != "/" and os.sep in name_or_path or path.parent.is_dir())
    if looks_local:
        parent = path.parent if path.parent.is_dir() else None
        near = []
        if parent is not None:
            names = [p.name for p in parent.iterdir() if p.is_dir()]
            near = [str(parent / n) for n in difflib.get_close_matches(path.name, names, n=1, cutoff=0.6)]
        hint = f"; did you mean {near[0]}?" if near else (
            f" ({parent} holds no folder of a similar name)" if parent is not None else "")
        raise ModelError(f"{name_or_path}: no such model folder{hint}")
    if os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on"):
        from huggingface_hub import try_to_load_from_cache

        if try_to_load_from_cache(name_or_path, "config.json") is None:
            raise ModelError(f"{name_or_path}: not a local folder, and the Hub id is not in the local cache while "
                             f"offline (HF_HUB_OFFLINE=1); download it once online, or give a local folder")


def check_weights_format(name_or_path: str, allow_pickle: bool) -> None:
    """Refuse a local folder whose only weights are pickle files, unless allowed."""
    path = Path(name_or_path)
    if not path.is_dir():
        return
    safe = list(path.glob("*.safetensors"))
    pickled = [p for p in path.glob("*.bin") if p.name != "training_args.bin"] + list(path.glob("*.pt"))
    if not safe and pickled and not allow_pickle:
        raise ModelError(f"{path}: only pickle weights ({pickled[0].name}) found; pickle can run code when "
                         f"loaded. Convert to safetensors, or pass --allow-pickle (model.allow_pickle=true) if you trust it")
    if not safe and not pickled:
        raise ModelError(f"{path}: no model weights (*.safetensors) in this folder")


def load_tokenizer(name_or_path: str, revision: str = "main", trust_remote_code: bool = False):
    from transformers import AutoTokenizer

    check_model_source(name_or_path)
    try:
        tok = AutoTokenizer.from_pretrained(name_or_path, revision=None if _is_local(name_or_path) else revision,
                                            trust_remote_code=trust_remote_code)
    except (OSError, ValueError) as e:
        raise ModelError(f"cannot load tokenizer '{name_or_path}': {_first_line(e)}") from None
    if not getattr(tok, "is_fast", False):
        raise ModelError(f"'{name_or_path}': a fast tokenizer is needed to map subwords to words")
    if len(tok) < 10:
        raise ModelError(f"'{name_or_path}': tokenizer has only {len(tok)} tokens; its vocabulary did not load")
    return tok


def _first_line(e: Exception) -> str:
    text = str(e).strip()
    return text.splitlines()[0] if text else type(e).__name__


def load_model_for_training(name_or_path: str, labels: list[str], revision: str = "main",
                            trust_remote_code: bool = False, allow_pickle: bool = False):
    """A token-classification model with a fresh head for ``labels`` on top of the base encoder."""
    from transformers import AutoModelForTokenClassification

    check_model_source(name_or_path)
    check_weights_format(name_or_path, allow_pickle)
    try:
        return AutoModelForTokenClassification.from_pretrained(
            name_or_path, revision=None if _is_local(name_or_path) else revision,
            num_labels=len(labels), id2label=dict(enumerate(labels)),
            label2id={l: i for i, l in enumerate(labels)}, trust_remote_code=trust_remote_code,
            use_safetensors=None if allow_pickle else True, ignore_mismatched_sizes=True)
    except (OSError, ValueError) as e:
        raise ModelError(f"cannot load base model '{name_or_path}': {_first_line(e)}") from None
    except Exception as e:  # noqa: BLE001 - safetensors' own error type for corrupt weights
        raise _corrupt_weights(name_or_path, e) from None


def _corrupt_weights(name_or_path: str, e: Exception) -> Exception:
    """A weights file that does not parse becomes one line naming it; anything else stays a bug."""
    if "safetensor" not in type(e).__name__.lower() and "safetensor" not in type(e).__module__.lower():
        return e
    files = sorted(Path(name_or_path).glob("*.safetensors")) if Path(name_or_path).is_dir() else []
    where = files[0] if len(files) == 1 else name_or_path
    return ModelError(f"{where}: corrupt weights file ({type(e).__name__}: {_first_line(e)})")


def read_model_labels(model_dir: str) -> list[str] | None:
    """The label list from a local folder's config.json (None for hub ids, read after loading)."""
    path = Path(model_dir) / "config.json"
    if not path.is_file():
        return None
    try:
        id2label = json.loads(path.read_text(encoding="utf-8")).get("id2label") or {}
    except json.JSONDecodeError as e:
        raise ModelError(f"{path}: invalid JSON ({e.msg})") from None
    return [id2label[str(i)] for i in range(len(id2label))] if id2label else None


def load_trained_model(name_or_path: str, revision: str = "main", trust_remote_code: bool = False,
                       allow_pickle: bool = False):
    """A fine-tuned token-classification model and its tokenizer; labels come from its config."""
    from transformers import AutoModelForTokenClassification

    check_model_source(name_or_path)
    if _is_local(name_or_path):
        path = Path(name_or_path)
        if not path.is_dir():
            raise ModelError(f"{path}: a model must be a folder (or a hub id)")
        if not (path / "config.json").is_file():
            raise ModelError(f"{path}: not a model folder (no config.json)")
        check_weights_format(name_or_path, allow_pickle)
    tokenizer = load_tokenizer(name_or_path, revision, trust_remote_code)
    try:
        model = AutoModelForTokenClassification.from_pretrained(
            name_or_path, revision=None if _is_local(name_or_path) else revision,
            trust_remote_code=trust_remote_code, use_safetensors=None if allow_pickle else True)
    except (OSError, ValueError) as e:
        raise ModelError(f"cannot load model '{name_or_path}': {_first_line(e)}") from None
    except Exception as e:  # noqa: BLE001 - safetensors' own error type for corrupt weights
        raise _corrupt_weights(name_or_path, e) from None
    id2label = model.config.id2label
    labels = [id2label[i] for i in range(len(id2label))]
    if all(l.startswith("LABEL_") for l in labels):
        raise ModelError(f"'{name_or_path}' has no label names in its config (id2label is LABEL_0...); "
                         f"it was not saved by a token-classification training")
    model.eval()
    return model, tokenizer, labels
