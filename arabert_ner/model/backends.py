"""Forward passes for inference: PyTorch (fp32, bf16 autocast, dynamic int8) or ONNX Runtime (fp32, int8).

Every backend takes padded ``input_ids``/``attention_mask`` tensors and returns fp32 logits on the CPU,
so everything around it (windows, decoding, casualties) is the same whichever runs.
"""
from __future__ import annotations

import logging
from pathlib import Path

from arabert_ner.errors import ConfigError

log = logging.getLogger(__name__)


class TorchForward:
    def __init__(self, model, device: str = "cpu", precision: str = "fp32"):
        import torch

        if precision == "int8":
            if device != "cpu":
                raise ConfigError("torch int8 (dynamic quantization) runs on CPU only; use --device cpu")
            model = torch.ao.quantization.quantize_dynamic(model.float(), {torch.nn.Linear}, dtype=torch.qint8)
        elif precision == "fp16" and device != "cuda":
            raise ConfigError("fp16 inference needs a GPU")
        self.model = model.to(device).eval()
        self.device = device
        self.precision = precision

    def __call__(self, input_ids, attention_mask):
        import torch

        dtype = torch.bfloat16 if self.precision == "bf16" else torch.float16
        with torch.inference_mode(), torch.autocast(device_type=self.device, dtype=dtype,
                                                    enabled=self.precision in ("bf16", "fp16")):
            logits = self.model(input_ids=input_ids.to(self.device), attention_mask=attention_mask.to(self.device)).logits
        return logits.float().cpu()


class OnnxForward:
    def __init__(self, path: Path, threads: int = 0):
        import onnxruntime as ort

        options = ort.SessionOptions()
        if threads:
            options.intra_op_num_threads = threads
        self.session = ort.InferenceSession(str(path), options, providers=["CPUExecutionProvider"])
        self.path = path

    def __call__(self, input_ids, attention_mask):
        import torch

        (logits,) = self.session.run(["logits"], {"input_ids": input_ids.numpy(),
                                                  "attention_mask": attention_mask.numpy()})
        return torch.from_numpy(logits)


def make_forward(model, source: str, backend: str, precision: str, device: str):
    """The forward pass the config asks for; the ONNX files come from ``source``/onnx/."""
    if backend == "onnx":
        from arabert_ner.model.export import onnx_path

        if device != "cpu":
            raise ConfigError("the ONNX backend runs on CPU here; use --device cpu or --backend torch")
        return OnnxForward(onnx_path(source, precision))
    return TorchForward(model, device, precision)
