"""Style ids → style names, read from the styles part (names are what ITU templates are known by)."""

from __future__ import annotations

from resdiff.ooxml.names import attr, child, local
from resdiff.ooxml.package import Package


def style_names(package: Package) -> dict[str, str]:
    names: dict[str, str] = {}
    for part in package.related(package.main_part, "styles"):
        for style in package.xml(part):
            if local(style) != "style":
                continue
            style_id = attr(style, "styleId")
            name_el = child(style, "name")
            if style_id and name_el is not None:
                names[style_id] = attr(name_el, "val") or style_id
    return names
