"""Zipping a package back: the same bytes for the same parts (fixed timestamps and modes), so CI can diff
outputs."""

from __future__ import annotations

import io
import zipfile

from resdiff.ooxml.package import Package

# Fixed timestamp so that the same input gives the same bytes (CI can diff outputs).
_EPOCH = (1980, 1, 1, 0, 0, 0)


def fixed_info(name: str) -> zipfile.ZipInfo:
    info = zipfile.ZipInfo(name, date_time=_EPOCH)
    info.compress_type = zipfile.ZIP_DEFLATED
    info.external_attr = 0o644 << 16
    return info


def zip_package(package: Package, replaced: dict[str, bytes]) -> bytes:
    """The package's parts, in their original order, with `replaced` parts swapped in."""
    buffer = io.BytesIO()
    with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
        for name, body in package.parts.items():
            archive.writestr(fixed_info(package.infos[name].filename), replaced.get(name, body))
    return buffer.getvalue()
