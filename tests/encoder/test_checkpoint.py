"""Reading a PyTorch zip checkpoint without torch: the format torch writes, and what it must refuse."""

import pickle
import sys
import types
import zipfile
from collections import OrderedDict

import numpy
import pytest

from govreport.encoder.checkpoint import read_state_dict
from govreport.errors import GovreportError


class _Storage:
    def __init__(self, key, data):
        self.key, self.data = key, data


def _write_checkpoint(path, tensors, extra_global=None):
    """A checkpoint laid out as torch.save writes one: archive/data.pkl plus one raw file per storage.

    torch and torch._utils are stood in for by modules that only carry the names torch pickles, so
    the pickle holds the same GLOBAL opcodes a real checkpoint does.
    """
    torch_module, utils_module = types.ModuleType("torch"), types.ModuleType("torch._utils")
    float_storage = type("FloatStorage", (), {"__module__": "torch"})
    torch_module.FloatStorage = float_storage

    def _rebuild_tensor_v2(*args):
        raise AssertionError("never called while writing")

    _rebuild_tensor_v2.__module__, _rebuild_tensor_v2.__qualname__ = "torch._utils", "_rebuild_tensor_v2"
    utils_module._rebuild_tensor_v2 = _rebuild_tensor_v2
    torch_module._utils = utils_module

    class Tensor:
        def __init__(self, storage, shape, stride, offset=0):
            self.storage, self.shape, self.stride, self.offset = storage, shape, stride, offset

        def __reduce__(self):
            return _rebuild_tensor_v2, (self.storage, self.offset, self.shape, self.stride, False, OrderedDict())

    class Pickler(pickle.Pickler):
        def persistent_id(self, obj):
            if isinstance(obj, _Storage):
                return ("storage", float_storage, obj.key, "cpu", obj.data.size)
            return None

    state, storages = OrderedDict(), {}
    for i, (name, (array, shape, stride, offset)) in enumerate(tensors.items()):
        storage = _Storage(str(i), numpy.asarray(array, dtype="<f4"))
        storages[storage.key] = storage.data
        state[name] = Tensor(storage, shape, stride, offset)
    if extra_global is not None:
        state["evil"] = extra_global
    saved = {m: sys.modules.get(m) for m in ("torch", "torch._utils")}
    sys.modules["torch"], sys.modules["torch._utils"] = torch_module, utils_module
    try:
        import io

        buffer = io.BytesIO()
        Pickler(buffer, protocol=2).dump(state)
    finally:
        for m, module in saved.items():
            if module is None:
                sys.modules.pop(m, None)
            else:
                sys.modules[m] = module
    with zipfile.ZipFile(path, "w") as archive:
        archive.writestr("archive/data.pkl", buffer.getvalue())
        for key, data in storages.items():
            archive.writestr(f"archive/data/{key}", data.tobytes())
    return path


def test_tensors_come_back_with_their_shape_stride_and_offset(tmp_path):
    flat = numpy.arange(12, dtype="float32")
    path = _write_checkpoint(tmp_path / "m.bin", {
        "dense.weight": (flat, [3, 4], [4, 1], 0),
        "dense.weight_t": (flat, [4, 3], [1, 4], 0),  # a transposed view of the same numbers
        "bias": (flat, [2], [1], 5),
    })
    state = read_state_dict(path)
    assert list(state) == ["dense.weight", "dense.weight_t", "bias"]
    assert numpy.array_equal(state["dense.weight"], flat.reshape(3, 4))
    assert numpy.array_equal(state["dense.weight_t"], flat.reshape(3, 4).T)
    assert numpy.array_equal(state["bias"], [5.0, 6.0])
    assert all(a.dtype == numpy.float32 for a in state.values())


def test_a_checkpoint_that_would_run_code_is_refused(tmp_path):
    path = _write_checkpoint(tmp_path / "m.bin", {"b": (numpy.zeros(2), [2], [1], 0)}, extra_global=print)
    with pytest.raises(GovreportError, match=r"m\.bin: unexpected object (__builtin__|builtins)\.print"):
        read_state_dict(path)


def test_a_file_that_is_not_a_checkpoint_is_named(tmp_path):
    path = tmp_path / "model.bin"
    path.write_bytes(b"not a zip")
    with pytest.raises(GovreportError, match=r"model\.bin: not a readable PyTorch zip checkpoint"):
        read_state_dict(path)


def test_the_fetched_encoder_reads_whole(context_encoder_folder):
    state = read_state_dict(context_encoder_folder / "pytorch_model.bin")
    assert state["embeddings.word_embeddings.weight"].shape == (21128, 512)
    assert state["encoder.layer.3.output.dense.weight"].shape == (512, 2048)
    assert len(state) == 72
