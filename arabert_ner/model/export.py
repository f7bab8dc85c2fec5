"""Export a trained folder to ONNX (fp32) and an int8 dynamically quantized copy, into ``DIR/onnx/``.

    arabert-ner export --model models/quickstart

``torch.onnx.export(..., dynamo=False)`` (``optimum`` does not work with transformers 5) and
onnxruntime's ``quantize_dynamic``. predict.py then runs them with ``--backend onnx --precision fp32|int8``.
"""
from __future__ import annotations

import logging
from pathlib import Path

from arabert_ner.errors import ConfigError, ModelError, OutputError

log = logging.getLogger(__name__)

ONNX_DIR = "onnx"
FP32_NAME = "model.onnx"
INT8_NAME = "model.int8.onnx"


def export_onnx(model_dir: str | Path, opset: int = 17) -> tuple[Path, Path]:
    """Write ``onnx/model.onnx`` and ``onnx/model.int8.onnx``; returns both paths."""
    import torch
    from onnxruntime.quantization import QuantType, quantize_dynamic

    from arabert_ner.model.loading import load_trained_model

    from torch.onnx._constants import ONNX_MIN_OPSET, ONNX_TORCHSCRIPT_EXPORTER_MAX_OPSET

    from arabert_ner.files import check_output

    if not ONNX_MIN_OPSET <= opset <= ONNX_TORCHSCRIPT_EXPORTER_MAX_OPSET:
        raise ConfigError(f"--opset {opset}: the exporter writes opsets {ONNX_MIN_OPSET} to "
                          f"{ONNX_TORCHSCRIPT_EXPORTER_MAX_OPSET} (default 17)")
    model_dir = Path(model_dir)
    out = model_dir / ONNX_DIR
    check_output(out, folder=True, what="ONNX folder")  # an onnx/ of someone else's files is left alone
    model, tokenizer, _ = load_trained_model(str(model_dir))
    model.eval()
    try:
        out.mkdir(exist_ok=True)
        probe = out / ".write-test"
        probe.write_text("ok")
        probe.unlink()
    except OSError as e:
        raise OutputError(f"{out}: cannot write there ({e.strerror})") from None
    fp32, int8 = out / FP32_NAME, out / INT8_NAME
    sample = tokenizer(["قتل 3 أشخاص في بغداد", "أصيب"], padding=True, return_tensors="pt")

    class Logits(torch.nn.Module):  # a plain tensor output, named for onnxruntime
        def __init__(self, inner):
            super().__init__()
            self.inner = inner

        def forward(self, input_ids, attention_mask):
            return self.inner(input_ids=input_ids, attention_mask=attention_mask).logits

    tmp = fp32.with_suffix(".tmp.onnx")
    with torch.inference_mode():
        torch.onnx.export(Logits(model), (sample["input_ids"], sample["attention_mask"]), str(tmp),
                          input_names=["input_ids", "attention_mask"], output_names=["logits"],
                          dynamic_axes={"input_ids": {0: "batch", 1: "sequence"},
                                        "attention_mask": {0: "batch", 1: "sequence"},
                                        "logits": {0: "batch", 1: "sequence"}},
                          opset_version=opset, dynamo=False)
    tmp.replace(fp32)
    tmp_int8 = int8.with_suffix(".tmp.onnx")
    root = logging.getLogger()
    level = root.level
    root.setLevel(logging.WARNING)  # the quantizer logs one INFO line per tensor on the root logger
    try:
        quantize_dynamic(str(fp32), str(tmp_int8), weight_type=QuantType.QInt8)
    finally:
        root.setLevel(level)
    tmp_int8.replace(int8)
    log.info("exported %s (%.1f MB) and %s (%.1f MB)", fp32, fp32.stat().st_size / 1e6, int8,
             int8.stat().st_size / 1e6)
    return fp32, int8


def onnx_path(model_dir: str | Path, precision: str) -> Path:
    if precision not in ("fp32", "int8"):
        raise ModelError(f"the ONNX backend runs fp32 or int8, not {precision}")
    path = Path(model_dir) / ONNX_DIR / (INT8_NAME if precision == "int8" else FP32_NAME)
    if not path.is_file():
        raise ModelError(f"{path}: not exported yet; run arabert-ner export --model {model_dir}")
    return path
