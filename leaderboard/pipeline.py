"""The build, top to bottom: load -> validate -> model -> render -> write.

A build of the inputs the output was last built from stops once it has hashed them. The stages'
modules, and the libraries they import, are loaded only past that point: importing them is half
the time of such a build of the bundled site.
"""
from __future__ import annotations

import gc
import hashlib
import os
import sys
from importlib import metadata
from pathlib import Path

from . import sources, write
from .problems import BuildFailed, Problems

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"
# The libraries whose version can change the output (the plotly package fixes the plotly.js version).
LIBRARIES = ("jinja2", "markupsafe", "pyyaml", "markdown", "nh3", "pygments", "plotly", "numpy", "pandas",
             "pyarrow")


def build(scores_dir: Path, out_dir: Path, problems: Problems, *, check: bool = False, strict: bool = False,
          templates: Path = TEMPLATES, base_url: str | None = None, waiting=lambda: None):
    """Build the site, recording problems; return the number of files written, or None when the
    output is already what these inputs give. Raises BuildFailed on bad input, leaving the output
    folder as it was. One build at a time writes an output folder: another one's build is waited
    for (after calling waiting())."""
    if not guard_output(scores_dir, out_dir, templates, problems) or check:
        return make(scores_dir, out_dir, problems, strict, templates, base_url, dry=True)
    try:
        lock = write.exclusive(out_dir, waiting)
        lock.__enter__()
    except OSError as exc:   # its folder cannot be made, or written
        problems.error(out_dir, None, f"cannot write the site there: {exc.strerror}")
        raise BuildFailed(problems) from None
    try:
        fingerprint = inputs_fingerprint(scores_dir, templates, f"strict-{strict} base-{base_url}")
        if fingerprint and write.up_to_date(out_dir, fingerprint):
            write.remove_leftovers(out_dir)
            return None
        return make(scores_dir, out_dir, problems, strict, templates, base_url, fingerprint=fingerprint)
    finally:
        lock.__exit__(None, None, None)


def make(scores_dir, out_dir, problems, strict, templates, base_url, dry=False, fingerprint=""):
    """Load, validate, model, render and write (into a staging folder swapped in at the end, unless dry)."""
    # A build makes many objects that live to its end and few cycles: the garbage collector, which
    # walks every live object each time enough are made, is paused until the build is done
    # (measured: 17-18% off loading, validating and modelling 1,000 models, 45-51% at 10,000).
    paused = gc.isenabled()
    gc.disable()
    try:
        return stages(scores_dir, out_dir, problems, strict, templates, base_url, dry, fingerprint)
    finally:
        if paused:
            gc.enable()


def stages(scores_dir, out_dir, problems, strict, templates, base_url, dry, fingerprint):
    from . import ahead, config, markup, model, render, validate   # the stages (see the module's docstring)
    cache = markup_cache_path(out_dir)
    inputs = config.load(scores_dir, problems)
    helper = ahead.Helper(inputs, templates, cache, lambda: render.environment(templates))   # meanwhile
    try:
        checked = validate.validate(inputs, problems)
        if checked is None or problems.failed(strict):
            raise BuildFailed(problems)
        site = model.build(checked, base_url)
        for lang in render.missing_strings(templates, site.languages):
            problems.warn(templates / "i18n" / f"{lang}.yaml", None, f'no interface strings for "{lang}": '
                          f"its pages use those of {site.languages[0]}")
        markup.load_cache(cache)
        done = helper.collect()
    finally:
        helper.discard()   # (it holds a copy of the output's lock until it ends)
    markup.adopt(done.markdown)
    try:
        staging = write.Staging(out_dir, dry=dry)
    except OSError as exc:
        problems.error(out_dir, None, f"cannot write the site beside it: {exc.strerror}")
        raise BuildFailed(problems) from None
    try:
        render.render_site(site, templates, staging, done, fingerprint[:16])
        if problems.failed(strict):
            raise BuildFailed(problems)
        if not dry:
            # Only a build without warnings may be skipped next time: a skip would not show them again.
            staging.swap_in(fingerprint if not problems.items else "")
    except OSError as exc:   # a full disk, a read-only folder: the site was not swapped in
        if exc.filename is None or not str(exc.filename).startswith(str(staging.path.parent)):
            raise
        problems.error(out_dir, None, f"cannot write the site: {exc.strerror} ({problems_path(exc.filename)})")
        raise BuildFailed(problems) from None
    except BaseException as stopped:   # for a true message: had the new site been swapped in?
        stopped.published = staging.swapped
        raise
    finally:
        staging.discard()
    if not dry:
        try:
            markup.save_cache(cache)
        except OSError as exc:   # only the next build is slower
            problems.warn(cache, None, f"could not keep the rendered Markdown for the next build: {exc.strerror}")
    return len(staging.written)


def inputs_fingerprint(scores_dir: Path, templates: Path, options: str) -> str:
    """A hash of everything the output depends on: the scores, the templates, this package's code,
    the libraries' versions and the options ("" when a library's version cannot be known: the site
    is then always built)."""
    try:
        versions = " ".join(f"{name}-{metadata.version(name)}" for name in LIBRARIES)
    except metadata.PackageNotFoundError:
        return ""
    python = "python-{}.{}".format(*sys.version_info[:2])
    total = hashlib.sha256(f"{python} {versions} {options}".encode("utf-8"))
    for root in (scores_dir, templates, Path(__file__).parent):
        sources.fingerprint(Path(root), total)   # what the build reads, as it reads it (links followed)
    return total.hexdigest()


def problems_path(path) -> str:
    from .problems import display_path
    return display_path(path)


def markup_cache_path(out_dir: Path) -> Path:
    """Rendered Markdown kept between builds, beside the output folder (not in it: never published)."""
    out = Path(os.path.abspath(out_dir))
    return out.parent / f".{out.name}.markup-cache.json"


def guard_output(scores_dir: Path, out_dir: Path, templates: Path, problems: Problems) -> bool:
    """Whether the output folder may be written; refuse one that would overwrite the sources or
    anything not built here."""
    out = out_dir.resolve()
    for name, source in (("scores", scores_dir.resolve()), ("templates", templates.resolve())):
        if out == source or source in out.parents or out in source.parents:
            problems.error(out_dir, None, f"output folder overlaps the {name} folder {source}: "
                           "choose an --out outside it")
            return False
    reason = write.refusal(out_dir)
    if reason:
        problems.error(out_dir, None, f"not written: it {reason}")
    return not reason
