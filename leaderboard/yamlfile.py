"""YAML reading that remembers where each value stood, for located error messages."""
from __future__ import annotations

import bisect
import re
from pathlib import Path

import yaml

from . import sources
from .problems import Problems


class YMap(dict):
    """A mapping that knows the line of itself and of each key (1-based)."""
    line: int = 1
    lines: dict

    def line_of(self, key) -> int:
        return self.lines.get(key, self.line)


class YList(list):
    """A list that knows the line of itself and of each item (1-based)."""
    line: int = 1
    lines: list

    def line_of(self, index: int) -> int:
        return self.lines[index] if index < len(self.lines) else self.line


# libyaml's parser when PyYAML has it (several times faster), with the same constructors on top.
_Base = getattr(yaml, "CSafeLoader", yaml.SafeLoader)


class Lines:
    """Where a parser's mark is, as an editor counts lines: only \\n, \\r\\n and \\r end one. (YAML 1.1,
    and so PyYAML and libyaml, also break lines at U+0085, U+2028 and U+2029, which may well stand
    inside a model's answer: counted their way, every line number after one would be off.)"""

    def __init__(self, text: str):
        self.starts = None
        if any(c in text for c in "\x85\u2028\u2029"):
            self.starts = [0] + [m.end() for m in re.finditer(r"\r\n|\r|\n", text)]

    def line(self, mark) -> int:
        return mark.line + 1 if self.starts is None else bisect.bisect_right(self.starts, mark.index)

    def column(self, mark) -> int:
        return mark.column + 1 if self.starts is None else mark.index - self.starts[self.line(mark) - 1] + 1


class Unusable(yaml.YAMLError):
    """A value no board needs and that could cost the build without end: located at its node."""

    def __init__(self, node, problem: str):
        super().__init__(problem)
        self.problem, self.problem_mark = problem, node.start_mark


class _Loader(_Base):
    """SafeLoader that keeps dates as text (checked later as YYYY-MM-DD) and records lines. It refuses
    what no board needs and could cost without bound: keys that are not text or numbers (a key made of
    aliases, written out, can take gigabytes) and integers longer than Python takes. (The YAML reader
    itself refuses unpaired surrogates.)"""

    def __init__(self, stream, duplicates: list):
        super().__init__(stream)
        self.duplicates = duplicates
        self.lines = Lines(stream)

    def construct_yaml_int(self, node):
        try:
            return super().construct_yaml_int(node)
        except ValueError:   # past Python's 4,300 digits
            raise Unusable(node, "a whole number of thousands of digits: no board needs one") from None

    def construct_yaml_map(self, node):
        data = YMap()
        data.line = self.lines.line(node.start_mark)
        data.lines = {}
        yield data
        for key_node, value_node in node.value:
            if not isinstance(key_node, yaml.ScalarNode):
                raise Unusable(key_node, "a key that is a list or a mapping: keys are text")
            key = self.construct_object(key_node, deep=True)
            if key in data:
                self.duplicates.append((key, self.lines.line(key_node.start_mark)))
            data[key] = self.construct_object(value_node, deep=True)
            data.lines[key] = self.lines.line(key_node.start_mark)

    def construct_yaml_seq(self, node):
        data = YList()
        data.line = self.lines.line(node.start_mark)
        data.lines = [self.lines.line(child.start_mark) for child in node.value]
        yield data
        data.extend(self.construct_object(child, deep=True) for child in node.value)


_Loader.add_constructor("tag:yaml.org,2002:map", _Loader.construct_yaml_map)
_Loader.add_constructor("tag:yaml.org,2002:seq", _Loader.construct_yaml_seq)
_Loader.add_constructor("tag:yaml.org,2002:int", _Loader.construct_yaml_int)
# Aliases let a few lines stand for a billion values (nine lists of nine aliases of …). A document may
# expand to this many values, counted as if written out; past it, it is refused before anything walks it.
MOST_VALUES = 1_000_000
_Loader.yaml_implicit_resolvers = {
    first: [(tag, regexp) for tag, regexp in resolvers if tag != "tag:yaml.org,2002:timestamp"]
    for first, resolvers in _Base.yaml_implicit_resolvers.items()
}


def parse(text: str, path, problems: Problems, line_offset: int = 0):
    """Parse YAML text; on a syntax error, record it (with line and column) and return None."""
    duplicates: list = []
    loader = None
    try:
        loader = _Loader(text, duplicates)
        data = loader.get_single_data()
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        reason = getattr(exc, "problem", None) or str(exc)
        context = getattr(exc, "context_mark", None)
        lines = Lines(text)
        if context is not None and mark is not None and context.line != mark.line:
            reason += f" ({getattr(exc, 'context', None) or 'the construct'} opened at line " \
                      f"{lines.line(context) + line_offset}, column {lines.column(context)})"
        if mark is None:
            problems.error(path, None, f"invalid YAML: {reason}")
        else:
            problems.error(path, lines.line(mark) + line_offset, f"invalid YAML: {reason}", lines.column(mark))
        return None
    except RecursionError:
        problems.error(path, None, "invalid YAML: nested too deeply")
        return None
    finally:
        if loader is not None:
            loader.dispose()
    if expanded(data) > MOST_VALUES:
        problems.error(path, None, f"holds more than {MOST_VALUES:,} values once its aliases are written out: "
                       "write the values themselves, or use fewer aliases of aliases")
        return None
    for key, line in duplicates:
        problems.error(path, line + line_offset, f'duplicate key "{key}": each key may appear once')
    if line_offset:
        _shift(data, line_offset)
    return data


def expanded(data, budget: int = MOST_VALUES + 1) -> int:
    """How many values data holds written out (shared lists and mappings counted each time), counting
    no further than budget: a walk that stops early, however many times the aliases multiply."""
    count, stack = 0, [data]
    while stack and count < budget:
        value = stack.pop()
        count += 1
        if isinstance(value, dict):
            stack.extend(value.values())
        elif isinstance(value, list):
            stack.extend(value)
    return count


def load(path, problems: Problems, root):
    """Read and parse a YAML file below root; None (with the problem recorded) when it cannot be read."""
    text = read_text(path, problems, root)
    if text is None:
        return None
    before = problems.counts()[0]
    data = parse(text, path, problems)
    if data is None and problems.counts()[0] == before:
        problems.error(path, 1, "empty file: see README.md, \"The data contract\", for what it holds")
    return data


def read_text(path, problems: Problems, root):
    """A file's text as UTF-8 (a BOM is accepted); None with a problem recorded otherwise: also when
    it is not a regular file inside root, or too big (sources.py)."""
    refused = sources.problem(Path(path), Path(root))
    if refused:
        problems.error(path, None, refused)
        return None
    try:
        raw = path.read_bytes()
    except OSError as exc:
        problems.error(path, None, f"cannot read file: {exc.strerror}")
        return None
    if raw.startswith((b"\xff\xfe", b"\xfe\xff")) or b"\x00" in raw[:4096]:
        problems.error(path, 1, "UTF-16 text (or NUL bytes): save the file as UTF-8")
        return None
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        column = exc.start - (raw.rfind(b"\n", 0, exc.start) + 1) + 1
        problems.error(path, line, f"not UTF-8 text (byte 0x{raw[exc.start]:02x}): save the file as UTF-8 "
                       "(in Excel: \"CSV UTF-8\"; GBK and GB18030 are not accepted)", column)
        return None


def _shift(data, offset: int):
    """Move recorded lines by offset (front matter starts below line 1 of its file)."""
    if isinstance(data, YMap):
        data.line += offset
        data.lines = {k: v + offset for k, v in data.lines.items()}
        for value in data.values():
            _shift(value, offset)
    elif isinstance(data, YList):
        data.line += offset
        data.lines = [v + offset for v in data.lines]
        for value in data:
            _shift(value, offset)
