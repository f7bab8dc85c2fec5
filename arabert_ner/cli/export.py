"""`arabert-ner export`: a trained folder to ONNX (fp32) and an int8 dynamically quantized copy."""
from __future__ import annotations

import argparse

from arabert_ner.cli.common import add_debug, overwrite_rule_help, run_main


def main(argv: list[str] | None = None, prog: str | None = None) -> int:
    from arabert_ner.model import export

    parser = argparse.ArgumentParser(prog=prog, description=export.__doc__, epilog=overwrite_rule_help(),
                                     formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--model", required=True, metavar="DIR", help="Trained model folder.")
    parser.add_argument("--opset", type=int, default=17, help="ONNX opset (default: %(default)s).")
    add_debug(parser)
    args = parser.parse_args(argv)
    return run_main(lambda: export.export_onnx(args.model, args.opset) and 0, debug=args.debug)

