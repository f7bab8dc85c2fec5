"""Shared fixtures: the tiny offline model and a quickstart model trained from the shipped config."""
from __future__ import annotations

import os
from pathlib import Path

import pytest

# Offline before transformers is imported anywhere: hub lookups otherwise hang ~50 s each.
os.environ.setdefault("HF_HUB_OFFLINE", "1")
os.environ.setdefault("TRANSFORMERS_OFFLINE", "1")
os.environ.setdefault("HF_DATASETS_OFFLINE", "1")

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "data"
CORPUS = [str(ROOT / "data" / f"{s}.jsonl") for s in ("train", "dev", "test")]


def shared_file(*parts: str) -> Path:
    """A file of ../shared/data, or skip the test cleanly where the folder is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        pytest.skip(f"{path} not available (../shared/data is absent)")
    return path


@pytest.fixture(scope="session")
def tiny_model(tmp_path_factory) -> Path:
    from arabert_ner.training.tiny_model import build_tiny_model, read_vocab

    out = tmp_path_factory.mktemp("tiny") / "tiny-bert"
    return build_tiny_model(out, read_vocab(ROOT / "data" / "tiny_vocab.txt"), hidden_size=128, layers=2,
                            heads=4, seed=0)


# The casualty engine choice scores every engine on the real-news dev set after training (about 15 s a run);
# the session's trained_model makes it for real, tests of other things skip it with this override.
NO_ENGINE_CHOICE = "casualties.selection_data=null"


def quickstart_config(model_dir: Path, output_dir: Path, *extra: str, choose_engine: bool = False):
    """The shipped quickstart config, pointed at the test's tiny model and shrunk for speed."""
    from arabert_ner.config import load_config

    return load_config(ROOT / "configs" / "quickstart.yaml", [
        f"model.name_or_path={model_dir}", f"output_dir={output_dir}",
        f"data.train={ROOT / 'data' / 'train.jsonl'}", f"data.dev={ROOT / 'data' / 'dev.jsonl'}",
        f"data.test={ROOT / 'data' / 'test.jsonl'}", "training.epochs=25",
        *([] if choose_engine else [NO_ENGINE_CHOICE]), *extra])


@pytest.fixture(scope="session")
def trained_model(tiny_model, tmp_path_factory) -> Path:
    from arabert_ner.training.finetune import train

    out = tmp_path_factory.mktemp("runs") / "quickstart"
    train(quickstart_config(tiny_model, out, choose_engine=True))
    return out
