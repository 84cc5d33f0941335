"""Work done ahead on a spare core while the build reads and checks the inputs on the other.

Loading, validating and modelling a big board use one core for a few seconds while the others idle;
then every render worker compiles the same templates for itself, and the workers render each
dialogue's Markdown. A helper forked at the start uses that idle core: it compiles every template
(Jinja bytecode, which the renderer loads before its workers fork, so that they inherit compiled
templates), then renders the Markdown of the dialogues' prompts and answers, read from their files,
until the build is ready to render and asks for what it has. What it renders is only a head start:
a text it guessed wrong is rendered by the page that uses it, as before. Where forking is not safe
(no fork, one core, --serve's threads) there is no helper and nothing changes.
"""
from __future__ import annotations

import os
import pickle
import select
from dataclasses import dataclass, field
from pathlib import Path

import jinja2

from . import dialogues, markup, workers
from .problems import Problems


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
    """The helper process, started with the build (make_env makes the renderer's Jinja environment;
    cache is the file of Markdown kept from the last build, whose texts need no rendering). Whatever
    happens, discard() ends it: the build calls it on every way out before rendering."""

    # How long the build waits, once it asks, for the helper to start handing over (it may be inside
    # one long step: compiling, or reading a big folder of dialogues). Past that, it goes on without.
    PATIENCE = 5.0

    def __init__(self, scores_dir: Path, templates: Path, cache: Path, make_env):
        self.pid, self.ends = None, []
        if not workers.can_fork():
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
                _work(scores_dir, templates, cache, make_env, stop, their_end, (results, our_end), parent)
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


def _work(scores_dir: Path, templates: Path, cache: Path, make_env, stop: int, out: int, theirs: tuple,
          parent: int) -> None:
    status = 1
    try:
        for end in theirs:   # the build's ends of the pipes
            os.close(end)
        workers.die_with_parent()
        if os.getppid() != parent:   # the build died before the line above took effect
            return
        names, bytecode = _compile(templates, make_env)
        try:
            _render_markdown(scores_dir, cache, stop)
        except Exception:   # a head start only: whatever went wrong, the build meets it in its own stages
            pass
        with os.fdopen(out, "wb") as sent:
            sent.write(pickle.dumps((names, bytecode.code, markup.hand_over()), pickle.HIGHEST_PROTOCOL))
        status = 0
    finally:
        os._exit(status)   # not the parent's exit code: its buffers and handlers are its own


def _render_markdown(scores_dir: Path, cache: Path, stop: int) -> None:
    markup.load_cache(cache)
    for text in _chat_texts(scores_dir):
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


def _chat_texts(scores_dir: Path):
    """The prompts and answers of every board's dialogues, as their files have them (unchecked: an
    unusable one is only a wasted guess)."""
    for board in sorted(p for p in scores_dir.iterdir() if (p / "board.yaml").is_file()):
        for dialogue in dialogues.load_dialogues(board / "dialogues", Problems(), scores_dir):
            turns = dialogue.data.get("turns") if isinstance(dialogue.data, dict) else None
            for turn in turns if isinstance(turns, list) else ():
                if not isinstance(turn, dict):
                    continue
                responses = turn.get("responses")
                for text in [turn.get("prompt"), *(responses.values() if isinstance(responses, dict) else ())]:
                    if isinstance(text, str):
                        yield text
