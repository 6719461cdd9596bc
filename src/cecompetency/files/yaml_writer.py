"""Writing plain data as YAML in the house style: the one YAML writer."""

from __future__ import annotations

from typing import Any

import yaml

__all__ = ["dump_yaml"]


class _Dumper(getattr(yaml, "CSafeDumper", yaml.SafeDumper)):  # type: ignore[misc]
    """Block style for multi-line text, so dumped files read like hand-written ones."""


def _represent_str(dumper: Any, value: str) -> Any:
    style = "|" if "\n" in value else None
    return dumper.represent_scalar("tag:yaml.org,2002:str", value, style=style)


_Dumper.add_representer(str, _represent_str)
# Values shared by YAML aliases are written out in full: no '&id001' anchors in our files.
_Dumper.ignore_aliases = lambda _self, _data: True


def dump_yaml(data: Any) -> str:
    """YAML text of plain data in the house style (key order kept, Unicode as is)."""
    text: str = yaml.dump(
        data,
        Dumper=_Dumper,
        sort_keys=False,
        allow_unicode=True,
        width=100,
        default_flow_style=False,
    )
    return text
