"""The VBA project's own formats (MS-OVBA): the compression of its source streams and the
records of its `dir` stream.

Why our own ~100 lines: the add-in's VBA is rewritten at build time (vba_project.py), and
the PyPI writers for this (ms-ovba 0.0.1, ms-cfb 0.0.6) are first releases. The codec is
small, specified exactly (MS-OVBA 2.4.1) and round-trip tested against oletools' reader.
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

CHUNK = 4096
_MAX_CHUNK_BYTES = 4098  # header (2) + data: CompressedChunkSize is 12 bits + 3
_SEARCH = 64  # earlier matches tried per position: plenty for source text, and fast


def _copy_token_bits(done: int) -> int:
    """Bits of a copy token used for the offset, given bytes already done in the chunk."""
    bits = 4
    while (1 << bits) < done:
        bits += 1
    return bits


def _compress_chunk(data: bytes) -> bytes:
    """One chunk (<= 4096 bytes): greedy longest match, LZ77 tokens as the spec packs them."""
    out = bytearray()
    candidates: dict[bytes, list[int]] = {}
    pos = 0
    while pos < len(data):
        flags = 0
        tokens = bytearray()
        for bit in range(8):
            if pos >= len(data):
                break
            bits = _copy_token_bits(pos)
            max_length = (0xFFFF >> bits) + 3
            best_len, best_off = 0, 0
            for start in reversed(candidates.get(data[pos:pos + 3], [])[-_SEARCH:]):
                length = 0
                limit = min(max_length, len(data) - pos)
                while length < limit and data[start + length] == data[pos + length]:
                    length += 1
                if length > best_len:
                    best_len, best_off = length, pos - start
                    if length == limit:
                        break
            step = best_len if best_len >= 3 else 1
            if best_len >= 3:
                flags |= 1 << bit
                tokens += struct.pack("<H", ((best_off - 1) << (16 - bits)) | (best_len - 3))
            else:
                tokens.append(data[pos])
            for p in range(pos, pos + step):
                candidates.setdefault(data[p:p + 3], []).append(p)
            pos += step
        out.append(flags)
        out += tokens
    return bytes(out)


def compress(data: bytes) -> bytes:
    """A CompressedContainer: signature byte, then one chunk per 4096 bytes of input."""
    out = bytearray(b"\x01")
    for start in range(0, len(data), CHUNK):
        raw = data[start:start + CHUNK]
        packed = _compress_chunk(raw)
        if 2 + len(packed) <= _MAX_CHUNK_BYTES:
            out += struct.pack("<H", 0xB000 | (len(packed) + 2 - 3)) + packed
        elif len(raw) == CHUNK:  # incompressible: stored as is (only for full chunks)
            out += struct.pack("<H", 0x3000 | (CHUNK + 2 - 3)) + raw
        else:
            raise ValueError("an incompressible last chunk cannot be stored")
    return bytes(out)


def decompress(container: bytes) -> bytes:
    """The inverse of compress(), for any valid container (read back what Excel wrote)."""
    if not container or container[0] != 1:
        raise ValueError("not an MS-OVBA compressed container")
    out = bytearray()
    pos = 1
    while pos < len(container):
        header = struct.unpack_from("<H", container, pos)[0]
        end = min(pos + (header & 0x0FFF) + 3, len(container))
        pos += 2
        chunk_start = len(out)
        if not header & 0x8000:
            out += container[pos:pos + CHUNK]
            pos += CHUNK
            continue
        while pos < end:
            flags = container[pos]
            pos += 1
            for bit in range(8):
                if pos >= end:
                    break
                if not flags & (1 << bit):
                    out.append(container[pos])
                    pos += 1
                    continue
                token = struct.unpack_from("<H", container, pos)[0]
                pos += 2
                bits = _copy_token_bits(len(out) - chunk_start)
                offset = (token >> (16 - bits)) + 1
                length = (token & (0xFFFF >> bits)) + 3
                for _ in range(length):
                    out.append(out[-offset])
    return bytes(out)


# --- the dir stream: the project's table of modules ---------------------------------

PROJECTCODEPAGE = 0x0003
PROJECTVERSION = 0x0009  # its size field says 4, yet 6 bytes follow (MS-OVBA 2.3.4.2.1.11)
MODULENAME = 0x0019
MODULESTREAMNAME = 0x001A
MODULEOFFSET = 0x0031


@dataclass
class Record:
    id: int
    data: bytes

    def pack(self) -> bytes:
        size = 4 if self.id == PROJECTVERSION else len(self.data)
        return struct.pack("<HI", self.id, size) + self.data


def read_records(dir_stream: bytes) -> list[Record]:
    """The decompressed dir stream as its records, in order."""
    records = []
    pos = 0
    while pos + 6 <= len(dir_stream):
        rid, size = struct.unpack_from("<HI", dir_stream, pos)
        pos += 6
        if rid == PROJECTVERSION:
            size = 6
        records.append(Record(rid, dir_stream[pos:pos + size]))
        pos += size
    return records


def write_records(records: list[Record]) -> bytes:
    return b"".join(r.pack() for r in records)


def code_page(records: list[Record]) -> str:
    """The Python codec of the project's code page (module source is stored in it)."""
    for record in records:
        if record.id == PROJECTCODEPAGE:
            return f"cp{struct.unpack('<H', record.data)[0]}"
    return "cp1252"


def module_streams(records: list[Record]) -> dict[str, tuple[str, int]]:
    """Module name -> (stream name, index of its MODULEOFFSET record)."""
    modules: dict[str, tuple[str, int]] = {}
    name = stream = None
    for index, record in enumerate(records):
        if record.id == MODULENAME:
            name, stream = record.data.decode("latin-1"), None
        elif record.id == MODULESTREAMNAME:
            stream = record.data.decode("latin-1")
        elif record.id == MODULEOFFSET and name is not None:
            modules[name] = (stream or name, index)
    return modules
