"""The build, top to bottom: load -> validate -> model -> render -> write."""
from __future__ import annotations

import os
from pathlib import Path

from . import config, markup, model, render, validate, write
from .problems import BuildFailed, Problems

TEMPLATES = Path(__file__).resolve().parent.parent / "templates"


def build(scores_dir: Path, out_dir: Path, problems: Problems, *, check: bool = False, strict: bool = False,
          templates: Path = TEMPLATES) -> int:
    """Build the site, recording problems; return the number of files written. Raises BuildFailed
    on bad input, leaving the output folder as it was."""
    guard_output(scores_dir, out_dir, templates, problems)
    inputs = config.load(scores_dir, problems)
    checked = validate.validate(inputs, problems)
    if problems.failed(strict):
        raise BuildFailed(problems)
    site = model.build(inputs, checked)
    for lang in render.missing_strings(templates, site.languages):
        problems.warn(templates / "i18n" / f"{lang}.yaml", None, f'no interface strings for "{lang}": '
                      f"its pages use those of {site.languages[0]}")
    cache = markup_cache_path(out_dir)
    markup.load_cache(cache)
    files = render.render_site(site, templates)
    for path in write.outside(files):
        problems.error(out_dir / path, None, "refusing to write outside the output folder")
    if problems.failed(strict):
        raise BuildFailed(problems)
    if not check:
        write.write_site(files, out_dir)
        try:
            markup.save_cache(cache)
        except OSError as exc:   # only the next build is slower
            problems.warn(cache, None, f"could not keep the rendered Markdown for the next build: {exc.strerror}")
    return len(files)


def markup_cache_path(out_dir: Path) -> Path:
    """Rendered Markdown kept between builds, beside the output folder (not in it: never published)."""
    out = Path(os.path.abspath(out_dir))
    return out.parent / f".{out.name}.markup-cache.json"


def guard_output(scores_dir: Path, out_dir: Path, templates: Path, problems: Problems) -> None:
    """Refuse an output folder that would overwrite the sources or anything not built here."""
    out = out_dir.resolve()
    for name, source in (("scores", scores_dir.resolve()), ("templates", templates.resolve())):
        if out == source or source in out.parents or out in source.parents:
            problems.error(out_dir, None, f"output folder overlaps the {name} folder {source}: "
                           "choose an --out outside it")
            return
    reason = write.refusal(out_dir)
    if reason:
        problems.error(out_dir, None, f"not written: it {reason}")
