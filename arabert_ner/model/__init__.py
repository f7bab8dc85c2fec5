"""Model: the encoder and what feeds it. Word-to-subword alignment and windows (alignment), loading
tokenizers and trained folders and picking device and precision (loading), torch or ONNX forward passes
(backends), and the ONNX export (export)."""
