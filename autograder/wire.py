"""What the student's process sends back: plain data only, in length-prefixed frames.

The child turns what it captured into plain values (tensors, numbers, strings, None, and lists,
tuples and dicts of them) and writes them as a JSON header followed by the tensors' raw bytes; the
grader rebuilds them from that, checking every dtype, shape and size: nothing is ever unpickled.
"""

from __future__ import annotations

import json
import math
import os
import struct
from collections.abc import Iterator
from dataclasses import dataclass

import torch

from coursecheck.problem import Opaque

_HEADER = struct.Struct("!cI")
_SIZES = struct.Struct("!I")
CELL, PROBE, END = b"C", b"P", b"E"
_PLAIN_SCALARS = (bool, int, float, str, type(None))
_MAX_DEPTH = 8


def plain(value: object, depth: int = 0) -> object:
    """The value as plain data; anything else becomes an Opaque holding only its type name."""
    if isinstance(value, torch.Tensor):
        return torch.Tensor._make_subclass(torch.Tensor, value.detach().cpu().clone().contiguous(), False)
    if type(value) in _PLAIN_SCALARS:
        return value
    if depth < _MAX_DEPTH and type(value) in (list, tuple):
        return type(value)(plain(v, depth + 1) for v in value)
    if depth < _MAX_DEPTH and type(value) is dict:
        return {str(k): plain(v, depth + 1) for k, v in value.items()}
    return Opaque(type(value).__name__)


def encode_data(data: object) -> bytes:
    """Plain data as a JSON header and the tensors' raw bytes after it: nothing to unpickle on the other side."""
    blobs: list[bytes] = []

    def describe(value: object) -> object:
        if isinstance(value, torch.Tensor):
            raw = value.view(torch.int16) if value.dtype == torch.bfloat16 else value
            blobs.append(raw.numpy().tobytes())
            return {"__tensor__": len(blobs) - 1, "dtype": str(value.dtype).removeprefix("torch."),
                    "shape": list(value.shape)}
        if isinstance(value, Opaque):
            return {"__opaque__": value.type_name}
        if isinstance(value, float) and not math.isfinite(value):
            return {"__float__": repr(value)}
        if isinstance(value, tuple):
            return {"__tuple__": [describe(v) for v in value]}
        if isinstance(value, list):
            return [describe(v) for v in value]
        if isinstance(value, dict):
            return {"__dict__": [[k, describe(v)] for k, v in value.items()]}
        return value

    header = json.dumps(describe(plain(data))).encode()
    sizes = json.dumps([len(b) for b in blobs]).encode()
    return _SIZES.pack(len(header)) + header + sizes + b"\n" + b"".join(blobs)


def decode_data(payload: bytes) -> object:
    """Rebuild what the child sent from JSON and raw bytes, checking every dtype, shape and size."""
    (length,) = _SIZES.unpack_from(payload)
    header = json.loads(payload[_SIZES.size : _SIZES.size + length])
    rest = payload[_SIZES.size + length :]
    line_end = rest.index(b"\n")
    sizes = json.loads(rest[:line_end])
    if not isinstance(sizes, list) or not all(type(n) is int and n >= 0 for n in sizes):
        raise ValueError("malformed tensor sizes")
    offsets, position = [], line_end + 1
    for size in sizes:
        offsets.append((position, size))
        position += size
    if position != len(rest):
        raise ValueError("the tensor bytes do not add up")

    def build(value: object, depth: int = 0) -> object:
        if depth > _MAX_DEPTH:
            raise ValueError("nested too deep")
        if isinstance(value, list):
            return [build(v, depth + 1) for v in value]
        if not isinstance(value, dict):
            return value
        if "__tensor__" in value:
            return _tensor(value, rest, offsets)
        if "__float__" in value:
            return float(value["__float__"])
        if "__tuple__" in value:
            return tuple(build(v, depth + 1) for v in value["__tuple__"])
        if "__opaque__" in value:
            return Opaque(str(value["__opaque__"]))
        if "__dict__" in value:
            return {str(k): build(v, depth + 1) for k, v in value["__dict__"]}
        raise ValueError("an unknown object in the data")

    return build(header)


def _tensor(spec: dict, rest: bytes, offsets: list[tuple[int, int]]) -> torch.Tensor:
    dtype = getattr(torch, str(spec.get("dtype")), None)
    shape = spec.get("shape")
    if not isinstance(dtype, torch.dtype) or dtype.is_complex:
        raise ValueError(f"unsupported dtype {spec.get('dtype')!r}")
    if not isinstance(shape, list) or not all(type(n) is int and n >= 0 for n in shape):
        raise ValueError("malformed shape")
    start, size = offsets[int(spec["__tensor__"])]
    if size != math.prod(shape) * torch.empty((), dtype=dtype).element_size():
        raise ValueError("the tensor's bytes do not match its shape")
    if size == 0:
        return torch.empty(shape, dtype=dtype)
    storage = torch.int16 if dtype == torch.bfloat16 else dtype
    return torch.frombuffer(bytearray(rest[start : start + size]), dtype=storage).view(dtype).reshape(shape)


def write_frame(fd: int, kind: bytes, body: bytes) -> None:
    data = _HEADER.pack(kind, len(body)) + body
    view = memoryview(data)
    while view:
        view = view[os.write(fd, view) :]


def encode_record(record: dict) -> bytes:
    return json.dumps(record, default=str).encode()


def decode_record(payload: bytes) -> dict:
    record = json.loads(payload)
    if not isinstance(record, dict):
        raise ValueError("a cell record is not a JSON object")
    return record


@dataclass
class FrameReader:
    """Splits the bytes read from the child into frames, refusing more than `limit` bytes in all."""

    limit: int
    buffer: bytearray
    total: int = 0

    def feed(self, chunk: bytes) -> None:
        self.total += len(chunk)
        if self.total > self.limit:
            raise ValueError(f"the submission sent back more than {self.limit // 2**20} MB")
        self.buffer += chunk

    def frames(self) -> Iterator[tuple[bytes, bytes]]:
        """The complete frames received so far, each taken out of the buffer as it is yielded."""
        while len(self.buffer) >= _HEADER.size:
            kind, size = _HEADER.unpack_from(self.buffer)
            if len(self.buffer) < _HEADER.size + size:
                return
            frame = (kind, bytes(self.buffer[_HEADER.size : _HEADER.size + size]))
            del self.buffer[: _HEADER.size + size]
            yield frame
