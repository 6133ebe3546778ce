"""Read YAML while remembering the line each value came from, so errors can point at it."""

from __future__ import annotations

import datetime as dt

import yaml

Path = tuple[object, ...]


class SourceError(ValueError):
    pass


def read_with_lines(text: str) -> tuple[object, dict[Path, int]]:
    """Parse YAML into plain data, plus the 1-based line of every value by its path."""
    try:
        node = yaml.compose(text, Loader=yaml.SafeLoader)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "unknown line"
        raise SourceError(f"{where}: this is not valid YAML ({getattr(error, 'problem', error)})") from None
    lines: dict[Path, int] = {}
    if node is None:
        return None, lines
    return _plain(node, (), lines), lines


def _plain(node: yaml.Node, path: Path, lines: dict[Path, int]) -> object:
    lines[path] = node.start_mark.line + 1
    if isinstance(node, yaml.MappingNode):
        result: dict[str, object] = {}
        for key_node, value_node in node.value:
            key = str(_scalar(key_node))
            if key in result:
                raise SourceError(f"line {key_node.start_mark.line + 1}: '{key}' is given twice")
            result[key] = _plain(value_node, (*path, key), lines)
        return result
    if isinstance(node, yaml.SequenceNode):
        return [_plain(item, (*path, n), lines) for n, item in enumerate(node.value)]
    return _scalar(node)


def _scalar(node: yaml.Node) -> object:
    value = (
        yaml.SafeLoader(" ").construct_object(node, deep=True)
        if node.tag != "tag:yaml.org,2002:str"
        else node.value
    )
    if isinstance(value, dt.datetime):
        return value.date()
    return value
