"""Read and rewrite a compound file (MS-CFB version 3), the container of vbaProject.bin.

olefile reads these files but can only overwrite a stream with one of the same size;
the add-in build makes modules longer. So: read every stream, keep the directory entries
exactly as they are (names, tree, class ids, times), and write the file anew with each
stream where its new size puts it (small ones in the mini stream, as the format demands).
"""

from __future__ import annotations

import struct
from dataclasses import dataclass

SIGNATURE = bytes.fromhex("D0CF11E0A1B11AE1")
SECTOR = 512
MINI_SECTOR = 64
MINI_CUTOFF = 4096
FREESECT, ENDOFCHAIN, FATSECT = 0xFFFFFFFF, 0xFFFFFFFE, 0xFFFFFFFD
NOSTREAM = 0xFFFFFFFF
STORAGE, STREAM, ROOT = 1, 2, 5
ENTRY = 128
_HEADER_DIFAT = 109


class CompoundFileError(ValueError):
    """Not a compound file this module can read."""


@dataclass
class Entry:
    raw: bytearray  # the 128-byte directory entry, patched only for start and size
    data: bytes = b""

    @property
    def kind(self) -> int:
        return self.raw[66]

    @property
    def name(self) -> str:
        length = struct.unpack_from("<H", self.raw, 64)[0]
        return bytes(self.raw[:max(length - 2, 0)]).decode("utf-16-le")

    @property
    def child(self) -> int:
        return struct.unpack_from("<I", self.raw, 76)[0]

    @property
    def left(self) -> int:
        return struct.unpack_from("<I", self.raw, 68)[0]

    @property
    def right(self) -> int:
        return struct.unpack_from("<I", self.raw, 72)[0]


class CompoundFile:
    """The directory entries of a compound file, with every stream's bytes."""

    def __init__(self, entries: list[Entry]):
        self.entries = entries

    @classmethod
    def parse(cls, blob: bytes) -> CompoundFile:
        if blob[:8] != SIGNATURE:
            raise CompoundFileError("not a compound file")
        shift, mini_shift = struct.unpack_from("<HH", blob, 0x1E)
        size = 1 << shift
        n_fat, first_dir = struct.unpack_from("<II", blob, 0x2C)
        cutoff, first_minifat, n_minifat, first_difat, n_difat = struct.unpack_from(
            "<IIIII", blob, 0x38)
        fat_sectors = list(struct.unpack_from(f"<{_HEADER_DIFAT}I", blob, 0x4C))

        def sector_at(sector: int) -> int:
            return (sector + 1) * size

        difat = first_difat
        for _ in range(n_difat):
            values = struct.unpack_from(f"<{size // 4}I", blob, sector_at(difat))
            fat_sectors += values[:-1]
            difat = values[-1]
        fat: list[int] = []
        for sector in fat_sectors[:n_fat]:
            fat += struct.unpack_from(f"<{size // 4}I", blob, sector_at(sector))

        def chain(start: int, table: list[int]) -> list[int]:
            sectors = []
            while start not in (ENDOFCHAIN, FREESECT) and len(sectors) <= len(table):
                sectors.append(start)
                start = table[start]
            return sectors

        def read(start: int) -> bytes:
            return b"".join(blob[sector_at(s):sector_at(s) + size] for s in chain(start, fat))

        directory = read(first_dir)
        entries = [Entry(bytearray(directory[i:i + ENTRY]))
                   for i in range(0, len(directory) - ENTRY + 1, ENTRY)]
        minifat: list[int] = []
        if n_minifat:
            raw = read(first_minifat)
            minifat = list(struct.unpack(f"<{len(raw) // 4}I", raw))
        root = entries[0]
        mini_stream = read(struct.unpack_from("<I", root.raw, 116)[0])
        mini = 1 << mini_shift
        for entry in entries:
            if entry.kind != STREAM:
                continue
            start, length = struct.unpack_from("<IQ", entry.raw, 116)
            length &= 0xFFFFFFFF  # version 3: the high half is undefined
            if length < cutoff:
                data = b"".join(mini_stream[s * mini:(s + 1) * mini]
                                for s in chain(start, minifat))
            else:
                data = read(start)
            entry.data = data[:length]
        return cls(entries)

    def find(self, path: str) -> Entry:
        """The entry at a '/'-separated path, e.g. 'VBA/dir' (names ignore case)."""
        index = self.entries[0].child
        found: Entry | None = None
        for part in path.split("/"):
            found = self._search(index, part.upper())
            if found is None:
                raise KeyError(path)
            index = found.child
        assert found is not None
        return found

    def _search(self, index: int, name: str) -> Entry | None:
        stack = [index]
        while stack:
            i = stack.pop()
            if i == NOSTREAM or i >= len(self.entries):
                continue
            entry = self.entries[i]
            if entry.name.upper() == name:
                return entry
            stack += [entry.left, entry.right]
        return None

    def to_bytes(self) -> bytes:
        """The file, version 3, 512-byte sectors: streams, mini stream, mini FAT,
        directory, FAT, in that order."""
        fat: list[int] = []
        body = bytearray()

        def place(data: bytes) -> int:
            if not data:
                return ENDOFCHAIN
            start = len(fat)
            count = -(-len(data) // SECTOR)
            fat.extend(range(start + 1, start + count))
            fat.append(ENDOFCHAIN)
            body.extend(data.ljust(count * SECTOR, b"\0"))
            return start

        mini_stream = bytearray()
        minifat: list[int] = []
        for entry in self.entries:
            if entry.kind != STREAM:
                continue
            if len(entry.data) >= MINI_CUTOFF:
                start = place(entry.data)
            elif entry.data:
                start = len(minifat)
                count = -(-len(entry.data) // MINI_SECTOR)
                minifat.extend(range(start + 1, start + count))
                minifat.append(ENDOFCHAIN)
                mini_stream.extend(entry.data.ljust(count * MINI_SECTOR, b"\0"))
            else:
                start = ENDOFCHAIN
            struct.pack_into("<IQ", entry.raw, 116, start, len(entry.data))
        root = self.entries[0]
        struct.pack_into("<IQ", root.raw, 116, place(bytes(mini_stream)), len(mini_stream))
        minifat_bytes = b"".join(struct.pack("<I", v) for v in minifat)
        per_sector = SECTOR // 4
        if minifat:
            minifat_bytes += struct.pack("<I", FREESECT) * (-len(minifat) % per_sector)
        first_minifat = place(minifat_bytes)
        directory = b"".join(bytes(e.raw) for e in self.entries)
        empty = bytearray(ENTRY)
        struct.pack_into("<III", empty, 68, NOSTREAM, NOSTREAM, NOSTREAM)
        directory += bytes(empty) * (-len(self.entries) % (SECTOR // ENTRY))
        first_dir = place(directory)
        n_fat = 1
        while len(fat) + n_fat > n_fat * per_sector:
            n_fat += 1
        if n_fat > _HEADER_DIFAT:
            raise CompoundFileError("file too large for this writer (no DIFAT sectors)")
        fat_start = len(fat)
        fat.extend([FATSECT] * n_fat)
        fat.extend([FREESECT] * (n_fat * per_sector - len(fat)))
        body.extend(b"".join(struct.pack("<I", v) for v in fat))
        header = bytearray(SECTOR)
        header[:8] = SIGNATURE
        struct.pack_into("<HHHHH", header, 0x18, 0x3E, 3, 0xFFFE, 9, 6)
        struct.pack_into("<IIIIIIIII", header, 0x28, 0, n_fat, first_dir, 0, MINI_CUTOFF,
                         first_minifat, -(-len(minifat_bytes) // SECTOR), ENDOFCHAIN, 0)
        difat = [*range(fat_start, fat_start + n_fat)]
        difat += [FREESECT] * (_HEADER_DIFAT - n_fat)
        struct.pack_into(f"<{_HEADER_DIFAT}I", header, 0x4C, *difat)
        return bytes(header) + bytes(body)
