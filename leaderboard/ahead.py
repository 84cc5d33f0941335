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
    cache is the file of Markdown kept from the last build, whose texts need no rendering)."""

    def __init__(self, scores_dir: Path, templates: Path, cache: Path, make_env):
        self.pid = None
        if not workers.can_fork():
            return
        results, their_end = os.pipe()
        stop, our_end = os.pipe()
        pid = os.fork()
        if pid == 0:
            os.close(results)
            os.close(our_end)
            _work(scores_dir, templates, cache, make_env, stop, their_end)   # never returns
        os.close(their_end)
        os.close(stop)
        self.pid, self.results, self.stop = pid, results, our_end

    def collect(self) -> Ahead:
        """Ask the helper to stop and hand over what it has done (nothing if there is no helper or it
        failed: then everything is done as it is needed)."""
        if self.pid is None:
            return Ahead()
        try:
            os.write(self.stop, b".")
            with os.fdopen(self.results, "rb") as received:
                data = received.read()
            names, code, rendered = pickle.loads(data)
            return Ahead(names, Held(code), rendered)
        except (OSError, ValueError, TypeError, EOFError, pickle.UnpicklingError):
            return Ahead()
        finally:
            self.discard()

    def discard(self) -> None:
        """Stop the helper and reap it (at once when the build stops before rendering: bad input)."""
        if self.pid is None:
            return
        for end in (self.stop, self.results):
            try:
                os.close(end)
            except OSError:   # already closed by collect()
                pass
        try:
            os.kill(self.pid, 9)
            os.waitpid(self.pid, 0)
        except OSError:
            pass
        self.pid = None


def _work(scores_dir: Path, templates: Path, cache: Path, make_env, stop: int, out: int) -> None:
    status = 1
    try:
        workers.die_with_parent()
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
