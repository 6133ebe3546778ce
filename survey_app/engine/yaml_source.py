"""Read YAML while remembering the line each value came from, so errors can point at it."""

from __future__ import annotations

import datetime as dt

import yaml

Path = tuple[object, ...]
# libyaml's parser where it is installed: twenty times faster on the long safeguarding rules file.
COMPOSER = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class SourceError(ValueError):
    pass


def read_with_lines(text: str) -> tuple[object, dict[Path, int]]:
    """Parse YAML into plain data, plus the 1-based line of every value by its path."""
    try:
        node = yaml.compose(text, Loader=COMPOSER)
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        where = f"line {mark.line + 1}" if mark else "unknown line"
        raise SourceError(f"{where}: this is not valid YAML ({getattr(error, 'problem', error)})") from None
    lines: dict[Path, int] = {}
    if node is None:
        return None, lines
    return _Reader(lines).plain(node, ()), lines


class _Reader:
    def __init__(self, lines: dict[Path, int]) -> None:
        # One constructor for the whole file: making one per value made a long file take a second.
        self.lines, self.constructor = lines, yaml.SafeLoader("")

    def plain(self, node: yaml.Node, path: Path) -> object:
        self.lines[path] = node.start_mark.line + 1
        if isinstance(node, yaml.MappingNode):
            result: dict[object, object] = {}
            for key_node, value_node in node.value:
                key = self.key(key_node)
                if key in result:
                    raise SourceError(f"line {key_node.start_mark.line + 1}: '{key}' is given twice")
                result[key] = self.plain(value_node, (*path, key))
            return result
        if isinstance(node, yaml.SequenceNode):
            return [self.plain(item, (*path, n)) for n, item in enumerate(node.value)]
        return self.scalar(node)

    def key(self, node: yaml.Node) -> object:
        """A name as written; a bare yes, no or number stays what YAML made of it, so a check can say
        'put it in quotes' instead of quietly using the word True."""
        if isinstance(node, yaml.ScalarNode):
            return self.scalar(node)
        return str(self.constructor.construct_object(node, deep=True))

    def scalar(self, node: yaml.Node) -> object:
        if node.tag == "tag:yaml.org,2002:str":
            return node.value
        value = self.constructor.construct_object(node, deep=True)
        return value.date() if isinstance(value, dt.datetime) else value
