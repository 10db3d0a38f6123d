"""What the student's process sends back: plain data only, in length-prefixed frames.

The child turns what it captured into plain values (tensors, numbers, strings, None, and lists,
tuples and dicts of them) and writes them with torch.save; the grader reads them back with
torch.load(weights_only=True), which unpickles no arbitrary object, and checks the result again.
"""

from __future__ import annotations

import io
import json
import os
import struct
from dataclasses import dataclass

import torch

from coursecheck.compare import Opaque

_HEADER = struct.Struct("!cI")
CELL, PROBE, END = b"C", b"P", b"E"
_PLAIN_SCALARS = (bool, int, float, str, type(None))
_MAX_DEPTH = 8


def plain(value: object, depth: int = 0) -> object:
    """The value as plain data; anything else becomes {"__opaque__": its type name}."""
    if isinstance(value, torch.Tensor):
        return torch.Tensor._make_subclass(torch.Tensor, value.detach().cpu().clone().contiguous(), False)
    if type(value) in _PLAIN_SCALARS:
        return value
    if depth < _MAX_DEPTH and type(value) in (list, tuple):
        return type(value)(plain(v, depth + 1) for v in value)
    if depth < _MAX_DEPTH and type(value) is dict:
        return {str(k): plain(v, depth + 1) for k, v in value.items()}
    return {"__opaque__": type(value).__name__}


def encode_data(data: object) -> bytes:
    buffer = io.BytesIO()
    torch.save(plain(data), buffer)
    return buffer.getvalue()


def decode_data(payload: bytes) -> object:
    """Load what the child sent, without unpickling arbitrary objects, and make it plain again."""
    return _sanitize(torch.load(io.BytesIO(payload), weights_only=True))


def _sanitize(value: object, depth: int = 0) -> object:
    if isinstance(value, torch.Tensor):
        return torch.Tensor._make_subclass(torch.Tensor, value.detach(), False)
    if type(value) in _PLAIN_SCALARS:
        return value
    if depth < _MAX_DEPTH and isinstance(value, (list, tuple)):
        return (tuple if isinstance(value, tuple) else list)(_sanitize(v, depth + 1) for v in value)
    if depth < _MAX_DEPTH and isinstance(value, dict):
        if set(value) == {"__opaque__"}:
            return Opaque(str(value["__opaque__"]))
        return {str(k): _sanitize(v, depth + 1) for k, v in value.items()}
    return Opaque(type(value).__name__)


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

    def feed(self, chunk: bytes) -> list[tuple[bytes, bytes]]:
        self.total += len(chunk)
        if self.total > self.limit:
            raise ValueError(f"the submission sent back more than {self.limit // 2**20} MB")
        self.buffer += chunk
        frames = []
        while len(self.buffer) >= _HEADER.size:
            kind, size = _HEADER.unpack_from(self.buffer)
            if len(self.buffer) < _HEADER.size + size:
                break
            frames.append((kind, bytes(self.buffer[_HEADER.size : _HEADER.size + size])))
            del self.buffer[: _HEADER.size + size]
        return frames
