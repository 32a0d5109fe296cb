"""Rewrite module source in an Excel VBA project (xl/vbaProject.bin) and read it back.

Excel keeps two forms of each module: the source (compressed text) and a compiled cache.
The xlwings quickstart add-in already ships without a usable cache (its _VBA_PROJECT
stream is the 7-byte header with version 0xFFFF, and the xlwings module starts at offset
0), so Excel compiles it from source on first open. We write our modules the same way:
source only (MODULEOFFSET 0), and the cache marked stale again, so Excel can never run
compiled code that differs from the source we wrote.
"""

from __future__ import annotations

import struct

from xl_portfolio.addin import ovba
from xl_portfolio.addin.cfb import CompoundFile

# _VBA_PROJECT as MS-OVBA 2.3.4.1 says a writer writes it: no cache, version "unknown".
STALE_CACHE = bytes.fromhex("CC61FFFF000000")


def _project(blob: bytes) -> tuple[CompoundFile, list[ovba.Record]]:
    project = CompoundFile.parse(blob)
    records = ovba.read_records(ovba.decompress(project.find("VBA/dir").data))
    return project, records


def module_sources(blob: bytes) -> dict[str, str]:
    """Every module's source text by module name."""
    project, records = _project(blob)
    encoding = ovba.code_page(records)
    sources = {}
    for name, (stream, index) in ovba.module_streams(records).items():
        offset = struct.unpack("<I", records[index].data)[0]
        data = project.find(f"VBA/{stream}").data[offset:]
        sources[name] = ovba.decompress(data).decode(encoding)
    return sources


def replace_modules(blob: bytes, sources: dict[str, str]) -> bytes:
    """The project with the source of existing modules replaced (names must exist).

    Source lines end with CRLF in the stream, as the VBA editor stores them.
    """
    project, records = _project(blob)
    encoding = ovba.code_page(records)
    modules = ovba.module_streams(records)
    unknown = set(sources) - set(modules)
    if unknown:
        raise KeyError(f"no such VBA module(s): {', '.join(sorted(unknown))}")
    for name, text in sources.items():
        stream, index = modules[name]
        records[index] = ovba.Record(ovba.MODULEOFFSET, struct.pack("<I", 0))
        normalised = "\r\n".join(text.replace("\r\n", "\n").split("\n"))
        project.find(f"VBA/{stream}").data = ovba.compress(normalised.encode(encoding))
    project.find("VBA/dir").data = ovba.compress(ovba.write_records(records))
    project.find("VBA/_VBA_PROJECT").data = STALE_CACHE
    return project.to_bytes()
