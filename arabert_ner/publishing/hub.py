"""Publishing to the Hugging Face Hub: a staging folder with only what belongs, a card, a safe upload.

The upload sends exactly the staging folder: weights (safetensors), config with labels, tokenizer,
run_config.yaml, metrics, the card, and onnx/ when exported. Never checkpoints, optimizer state, pickles,
tokens, or anything a symlink points to.
"""
from __future__ import annotations

import json
import logging
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

from arabert_ner.publishing.card import data_license, more_permissive, render_card
from arabert_ner.config import RUN_CONFIG_NAME, load_run_config
from arabert_ner.errors import ConfigError, ModelError, OutputError
from arabert_ner.files import atomic_write_text, check_output

log = logging.getLogger(__name__)

ALLOWED_FILES = {"config.json", "tokenizer.json", "tokenizer_config.json", "special_tokens_map.json", "vocab.txt",
                 "added_tokens.json", RUN_CONFIG_NAME, "metrics.json", "train_results.json", "report.md",
                 "f1_per_type.png", "model.safetensors.index.json", "generation_config.json"}
ALLOWED_SUFFIXES = {".safetensors"}
ALLOWED_DIRS = {"onnx": {".onnx", ".json", ".txt"}}


class HubError(ModelError):
    """The Hub cannot be reached, the token is missing, or the repository is not the user's."""


def stage(model_dir: Path, stage_dir: Path, repo_id: str, license_: str | None = None) -> list[Path]:
    """Copy the publishable files of ``model_dir`` into ``stage_dir`` and write the model card."""
    model_dir = Path(model_dir)
    if not (model_dir / RUN_CONFIG_NAME).is_file() or not list(model_dir.glob("*.safetensors")):
        raise ModelError(f"{model_dir}: not a finished model folder (needs {RUN_CONFIG_NAME} and *.safetensors)")
    cfg = load_run_config(model_dir)
    required = data_license(cfg.data.licenses)
    chosen = license_ or required
    if license_ and more_permissive(license_, required):
        log.warning("publishing under '%s', more permissive than the training data allow ('%s' from "
                    "data.licenses: %s); you asked for it with --license", license_, required, cfg.data.licenses)
    check_repo_id(repo_id)
    for weights in sorted(w for w in model_dir.glob("*.safetensors") if not w.is_symlink()):  # links stay behind
        check_safetensors(weights)
    stage_dir = Path(stage_dir)
    if check_output(stage_dir, inputs=[model_dir], folder=True, what="staging folder") != "new" \
            and any(stage_dir.iterdir()):
        raise OutputError(f"{stage_dir}: staging folder is not empty (an earlier staging?); remove it or "
                          f"choose another --output-dir")
    try:
        stage_dir.mkdir(parents=True, exist_ok=True)
        (stage_dir / ".write-test").write_text("ok")
        (stage_dir / ".write-test").unlink()
    except OSError as e:
        raise OutputError(f"{stage_dir}: cannot write there ({e.strerror})") from None
    copied: list[Path] = []
    for item in sorted(model_dir.iterdir()):
        if item.is_symlink():
            log.warning("not published: %s is a symbolic link (nothing outside the model folder goes up)", item.name)
            continue
        if item.is_dir() and item.name in ALLOWED_DIRS:
            for sub in sorted(item.rglob("*")):
                if sub.is_symlink() or not sub.is_file() or sub.suffix not in ALLOWED_DIRS[item.name]:
                    continue
                target = stage_dir / sub.relative_to(model_dir)
                target.parent.mkdir(parents=True, exist_ok=True)
                shutil.copyfile(sub, target)
                copied.append(target)
            continue
        if item.is_file() and (item.name in ALLOWED_FILES or item.suffix in ALLOWED_SUFFIXES):
            shutil.copyfile(item, stage_dir / item.name)
            copied.append(stage_dir / item.name)
    metrics = _read_json(model_dir / "metrics.json")
    train_results = _read_json(model_dir / "train_results.json")
    summary = _read_json(model_dir.parent / "summary.json") if model_dir.name.startswith("seed-") else None
    card = render_card(repo_id, cfg, metrics, summary, chosen, train_results)
    atomic_write_text(stage_dir / "README.md", card)
    copied.append(stage_dir / "README.md")
    _scrub_tokens(stage_dir)
    return copied


def check_repo_id(repo_id: str) -> None:
    """``OWNER/NAME`` by the Hub's own rules (huggingface_hub's validator), before anything is staged."""
    from huggingface_hub.utils import HFValidationError, validate_repo_id

    if repo_id.count("/") != 1:
        raise ConfigError(f"--repo-id '{repo_id}': must be OWNER/NAME (exactly one '/')")
    try:
        validate_repo_id(repo_id)
    except HFValidationError as e:
        raise ConfigError(f"--repo-id '{repo_id}': {_first_sentence(str(e))}") from None


def _first_sentence(text: str) -> str:
    return text.strip().splitlines()[0] if text.strip() else "invalid"


def check_safetensors(path: Path) -> None:
    """Refuse weights that do not load (truncated, corrupt) or that carry a token in their metadata."""
    from safetensors import safe_open

    try:
        with safe_open(str(path), framework="pt") as f:
            metadata = f.metadata() or {}
            for key in f.keys():  # reading each tensor checks the file is as long as its header says
                f.get_slice(key)
    except Exception as e:  # noqa: BLE001 - safetensors raises its own error types for every corruption
        raise ModelError(f"{path}: corrupt weights file ({_first_sentence(str(e)) or type(e).__name__}); "
                         f"nothing staged") from None
    token = _token(required=False)
    text = json.dumps(metadata)
    if (token and token in text) or _looks_like_token(text):
        raise HubError(f"{path}: its safetensors metadata contains what looks like a Hugging Face token; "
                       f"nothing staged")


def _read_json(path: Path) -> dict[str, Any] | None:
    if not path.is_file():
        return None
    return json.loads(path.read_text(encoding="utf-8"))


def _scrub_tokens(stage_dir: Path) -> None:
    """Refuse to publish a folder in which a Hugging Face token appears (e.g. pasted into a config)."""
    token = _token(required=False)
    for f in stage_dir.rglob("*"):
        if f.is_file() and f.suffix in (".json", ".yaml", ".md", ".txt"):
            text = f.read_text(encoding="utf-8", errors="replace")
            if (token and token in text) or "hf_" in text and _looks_like_token(text):
                raise HubError(f"{f.name}: contains what looks like a Hugging Face token; remove it before publishing")


def _looks_like_token(text: str) -> bool:
    import re

    return re.search(r"\bhf_[A-Za-z0-9]{30,}\b", text) is not None


def _token(required: bool = True) -> str | None:
    token = os.environ.get("HF_TOKEN")
    if not token:
        try:
            from huggingface_hub import get_token

            token = get_token()
        except Exception:  # noqa: BLE001 - no stored login is the same as no token
            token = None
    if required and not token:
        raise HubError("no Hugging Face token: set HF_TOKEN or run `hf auth login` (the token is never written "
                       "anywhere by this tool)")
    return token


def upload(stage_dir: Path, repo_id: str, private: bool = False, revision: str | None = None,
           commit_message: str | None = None, api=None) -> str:
    """Create the repo (and branch) if needed and upload exactly ``stage_dir``; returns the commit URL."""
    check_repo_id(repo_id)
    if os.environ.get("HF_HUB_OFFLINE", "").strip().lower() in ("1", "true", "yes", "on"):
        raise HubError("cannot reach the Hub: HF_HUB_OFFLINE=1 is set (unset it to publish, or use --dry-run)")
    token = _token()
    if api is None:
        from huggingface_hub import HfApi

        api = HfApi(token=token)
    owner = repo_id.split("/")[0]
    try:
        me = api.whoami()
        names = {me.get("name")} | {o.get("name") for o in me.get("orgs", []) if isinstance(o, dict)}
        if owner not in names:
            raise HubError(f"repository owner '{owner}' is not you ({me.get('name')}) or one of your organisations")
        api.create_repo(repo_id=repo_id, repo_type="model", private=private, exist_ok=True)
        if revision:
            api.create_branch(repo_id=repo_id, branch=revision, exist_ok=True)
        info = api.upload_folder(folder_path=str(stage_dir), repo_id=repo_id, repo_type="model", revision=revision,
                                 commit_message=commit_message or "Upload model trained with arabert-ner")
    except HubError:
        raise
    except Exception as e:  # network, HTTP and auth errors from huggingface_hub: one line for the user
        text = str(e).replace(token or "\0", "***").splitlines()[0] if str(e) else type(e).__name__
        raise HubError(f"upload to {repo_id} failed: {type(e).__name__}: {text}") from None
    return str(getattr(info, "commit_url", info))


def publish(model_dir: str, repo_id: str, *, dry_run: bool = False, output_dir: str | None = None,
            private: bool = False, revision: str | None = None, commit_message: str | None = None,
            license_: str | None = None, api=None) -> Path:
    """Stage (always), then upload unless ``dry_run``; returns the staging folder."""
    check_repo_id(repo_id)
    temporary = not output_dir
    stage_dir = Path(output_dir) if output_dir else Path(tempfile.mkdtemp(prefix="arabert-ner-publish-"))
    try:
        return _stage_and_upload(model_dir, repo_id, stage_dir, dry_run, private, revision, commit_message,
                                 license_, api, temporary)
    except BaseException:
        if temporary:  # a failed upload must not leave a full copy of the model in the temp folder
            shutil.rmtree(stage_dir, ignore_errors=True)
        raise


def _stage_and_upload(model_dir, repo_id, stage_dir, dry_run, private, revision, commit_message, license_, api,
                      temporary: bool) -> Path:
    files = stage(Path(model_dir), stage_dir, repo_id, license_)
    total = 0
    for f in sorted(files):
        size = f.stat().st_size
        total += size
        print(f"{size:>12,d}  {f.relative_to(stage_dir)}")
    print(f"{total:>12,d}  total, staged in {stage_dir}")
    if dry_run:
        print("dry run: nothing uploaded")
        return stage_dir
    url = upload(stage_dir, repo_id, private=private, revision=revision, commit_message=commit_message, api=api)
    print(f"uploaded to {url}")
    if temporary:
        shutil.rmtree(stage_dir, ignore_errors=True)
    return stage_dir
