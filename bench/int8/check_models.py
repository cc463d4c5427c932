"""ONNX's own checker (python3-onnx, Debian) on the committed int8 default models, and a look at their structure:
per-channel int8 weights, uint8 activations, which Convs stayed float32. Independent of the C# writer that made them.
Usage: /usr/bin/python3 bench/int8/check_models.py   (exit 1 on any failure)"""
import collections
import glob
import sys

import onnx

failed = False
for path in sorted(glob.glob("src/Transforms/Models/*.int8.onnx")):
    model = onnx.load(path)
    try:
        onnx.checker.check_model(model, full_check=True)
    except Exception as error:  # the checker raises several types
        print(f"{path}: FAILED {error}")
        failed = True
        continue
    init = {t.name: t for t in model.graph.initializer}
    ops = collections.Counter(n.op_type for n in model.graph.node)
    weights = [t for t in model.graph.initializer if t.data_type == onnx.TensorProto.INT8 and len(t.dims) == 4]
    float_convs = [n.name for n in model.graph.node if n.op_type == "Conv" and n.input[1] in init]
    activations = {init[n.input[2]].data_type for n in model.graph.node if n.op_type == "QuantizeLinear"}
    print(f"{path}: checker ok; {dict(ops)}; {len(weights)} int8 weight tensors; activation types "
          f"{sorted(onnx.TensorProto.DataType.Name(t) for t in activations)}; float32 Convs: {float_convs}")
sys.exit(1 if failed else 0)
