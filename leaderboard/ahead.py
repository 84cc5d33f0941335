"""Work done ahead on a spare core while the build checks the inputs on the other.

Validating and modelling a big board use one core for a second or two while the others idle; then
every render worker compiles the same templates for itself, and the workers render each dialogue's
Markdown. For a site that will render on several processes (workers.PARALLEL_FROM), a helper forked
once the inputs are loaded uses that idle core: it compiles every template (Jinja bytecode, which the
renderer loads before its workers fork, so that they inherit compiled templates), then renders the
Markdown of the loaded dialogues' prompts and answers until the build is ready to render and asks
for what it has. It works on unchecked input: what it renders is only a head start, and a text no
page shows is not kept. A small site, or where forking is not safe (no fork, one core, --serve's
threads), has no helper and nothing changes.
"""
from __future__ import annotations

import os
import pickle
import select
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import markup, workers


class Held(jinja2.BytecodeCache):
    """Jinja's bytecode by template, in memory. A template whose source changed since its bytecode
    was made does not match the bucket's checksum and is compiled again (Jinja checks)."""

    def __init__(self, code: dict | None = None):
        self.code = dict(code or {})

    def load_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        if bucket.key in self.code:
            bucket.bytecode_from_string(self.code[bucket.key])

    def dump_bytecode(self, bucket: jinja2.bccache.Bucket) -> None:
        self.code[bucket.key] = bucket.bytecode_to_string()


@dataclass
class Ahead:
    """What the helper did: the templates it compiled (their names, and the bytecode), and the
    Markdown it rendered (markup's cache entries)."""
    names: tuple = ()
    bytecode: Held = field(default_factory=Held)
    markdown: dict = field(default_factory=dict)


def page_templates(templates: Path) -> list:
    """The templates' names: the .html files of the templates folder (pages, their base and macros)."""
    return sorted(path.name for path in templates.glob("*.html"))


class Helper:
    """The helper process, started once the inputs are loaded (make_env makes the renderer's Jinja
    environment; cache is the file of Markdown kept from the last build, whose texts need no
    rendering). Whatever happens, discard() ends it: the build calls it on every way out before
    rendering."""

    # How long the build waits, once it asks, for the helper to start handing over (it may be inside
    # one long step: compiling the templates, or rendering a long text). Past that, it goes on without.
    PATIENCE = 5.0

    def __init__(self, inputs, templates: Path, cache: Path, make_env):
        self.pid, self.ends = None, []
        if pages(inputs) < workers.PARALLEL_FROM or not workers.can_fork():
            return
        try:
            results, their_end = os.pipe()
            self.ends = [results, their_end]
            stop, our_end = os.pipe()
            self.ends += [stop, our_end]
            parent = os.getpid()
            pid = os.fork()
        except OSError:   # no process or descriptor to spare: no head start
            self._close()
            return
        if pid == 0:
            try:
                _work(inputs, templates, cache, make_env, stop, their_end, (results, our_end), parent)
            finally:
                os._exit(1)
        os.close(their_end)
        os.close(stop)
        self.pid, self.results, self.stop, self.ends = pid, results, our_end, [results, our_end]

    def collect(self) -> Ahead:
        """Ask the helper to stop and hand over what it has done (nothing if there is no helper, or it
        failed or took too long: then everything is done as it is needed)."""
        if self.pid is None:
            return Ahead()
        try:
            os.write(self.stop, b".")
            if not select.select([self.results], [], [], self.PATIENCE)[0]:
                return Ahead()
            chunks = []
            while chunk := os.read(self.results, 1 << 20):
                chunks.append(chunk)
            names, code, rendered = pickle.loads(b"".join(chunks))
            return Ahead(names, Held(code), rendered)
        except Exception:   # a broken pipe, a helper killed mid-way, a bad pickle: no head start
            return Ahead()
        finally:
            self.discard()

    def discard(self) -> None:
        """Stop the helper and reap it (at once when the build stops before rendering: bad input)."""
        self._close()
        if self.pid is None:
            return
        try:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        except OSError:
            pass
        self.pid = None

    def _close(self) -> None:
        for end in self.ends:
            try:
                os.close(end)
            except OSError:
                pass
        self.ends = []


def _work(inputs, templates: Path, cache: Path, make_env, stop: int, out: int, theirs: tuple, parent: int) -> None:
    status = 1
    try:
        for end in theirs:   # the build's ends of the pipes
            os.close(end)
        workers.die_with_parent()
        if os.getppid() != parent:   # the build died before the line above took effect
            return
        names, bytecode = _compile(templates, make_env)
        try:
            _render_markdown(inputs, cache, stop)
        except Exception:   # a head start only: whatever went wrong, the build meets it in its own stages
            pass
        with os.fdopen(out, "wb") as sent:
            sent.write(pickle.dumps((names, bytecode.code, markup.hand_over()), pickle.HIGHEST_PROTOCOL))
        status = 0
    finally:
        os._exit(status)   # not the parent's exit code: its buffers and handlers are its own


def _render_markdown(inputs, cache: Path, stop: int) -> None:
    markup.load_cache(cache)
    for text in _chat_texts(inputs):
        if select.select([stop], [], [], 0)[0]:   # the build is ready to render
            return
        if not markup.cached("chat", text):
            markup.chat(text)


def _compile(templates: Path, make_env) -> tuple:
    bytecode = Held()
    env = make_env()
    env.bytecode_cache = bytecode
    compiled = []
    for name in page_templates(templates):
        try:
            env.get_template(name)
            compiled.append(name)
        except jinja2.TemplateError:   # left to the build, which reports it if the template is used
            pass
    return tuple(compiled), bytecode


def pages(inputs) -> int:
    """About how many pages the inputs make (a model's and a dialogue's page in each language): enough
    to tell a site that will render on several processes."""
    site = inputs.site if isinstance(inputs.site, dict) else {}
    languages = site.get("languages")
    items = sum((len(b.models) if isinstance(b.models, list) else 0) + len(b.dialogues) for b in inputs.boards)
    return items * (len(languages) if isinstance(languages, list) and languages else 1)


def _chat_texts(inputs):
    """The prompts and answers of every loaded dialogue, as their files have them (unchecked)."""
    for board in inputs.boards:
        for dialogue in board.dialogues:
            turns = dialogue.data.get("turns") if isinstance(dialogue.data, dict) else None
            for turn in turns if isinstance(turns, list) else ():
                if not isinstance(turn, dict):
                    continue
                responses = turn.get("responses")
                for text in [turn.get("prompt"), *(responses.values() if isinstance(responses, dict) else ())]:
                    if isinstance(text, str):
                        yield text
