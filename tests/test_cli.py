"""The command line's quiet and verbose modes, and how it treats its own bugs."""
from __future__ import annotations

from conftest import build_in_process, demo_project
from leaderboard import render

GOOD = ("model,dimension,score\nalpha,overall,50\nbeta,overall,40\ngamma,overall,30\nref-model,overall,90\n"
        "alpha,code,40\nalpha,logic,60\n")


def test_quiet_prints_nothing_on_success(tmp_path, capsys):
    scores = demo_project(tmp_path, GOOD)
    code, err = build_in_process(capsys, "--scores", scores, "--out", tmp_path / "site", "-q")
    assert code == 0 and err == ""
    code, err = build_in_process(capsys, "--scores", scores, "--out", tmp_path / "second")
    assert code == 0 and err.startswith("built ") and "(0 errors, 0 warnings)" in err


def test_internal_errors_show_a_traceback_only_with_verbose(tmp_path, capsys, monkeypatch):
    def broken(*_args):
        raise RuntimeError("renderer broke")
    monkeypatch.setattr(render, "render_site", broken)
    scores = demo_project(tmp_path, GOOD)
    code, err = build_in_process(capsys, "--scores", scores, "--out", tmp_path / "site")
    assert code == 1 and "internal error: RuntimeError: renderer broke" in err and "Traceback" not in err
    code, err = build_in_process(capsys, "--scores", scores, "--out", tmp_path / "site", "-v")
    assert code == 1 and "Traceback (most recent call last)" in err
    assert not (tmp_path / "site").exists()


def test_a_language_without_interface_strings_still_builds(tmp_path, capsys):
    scores = demo_project(tmp_path, GOOD, **{"site.yaml": "title: t\nlanguages: [zh, en, ja]\nboards: [demo]\n"})
    code, err = build_in_process(capsys, "--scores", scores, "--out", tmp_path / "site")
    assert code == 0
    assert 'warning: no interface strings for "ja"' in err
    assert '<html lang="ja">' in (tmp_path / "site" / "ja" / "index.html").read_text("utf-8")


def test_dimension_ids_with_dots_build(tmp_path, capsys):
    from conftest import BOARD_YAML
    scores = demo_project(tmp_path, GOOD.replace("alpha,code,", "alpha,code.v2,"),
                          **{"demo/board.yaml": BOARD_YAML.replace("id: code", "id: code.v2")})
    code, err = build_in_process(capsys, "--scores", scores, "--out", tmp_path / "site")
    assert code == 0, err
    assert "40.00" in (tmp_path / "site" / "demo" / "dimensions" / "code.v2" / "index.html").read_text("utf-8")


def test_base_url_from_the_command_line_makes_the_404_page_work_at_any_depth(tmp_path, capsys):
    from conftest import soup
    scores = demo_project(tmp_path, GOOD)
    code, err = build_in_process(capsys, "--scores", scores, "--out", tmp_path / "site",
                                 "--base-url", "https://example.org/repo")
    assert code == 0, err
    missing = soup(tmp_path / "site" / "404.html")
    assert missing.find("style") and not missing.find_all("link", rel="stylesheet")   # styled wherever it is served
    assert [a["href"] for a in missing.find("main").find_all("a")] == ["https://example.org/repo/",
                                                                       "https://example.org/repo/en/"]
    assert soup(tmp_path / "site" / "index.html").find("link", rel="stylesheet")["href"] == "assets/site.css"
    assert "<loc>https://example.org/repo/demo/</loc>" in (tmp_path / "site" / "sitemap.xml").read_text("utf-8")
    canonical = soup(tmp_path / "site" / "en" / "demo" / "index.html").find("link", rel="canonical")["href"]
    assert canonical == "https://example.org/repo/en/demo/"
    # without one, the 404 page finds the site's root itself (tested in a browser) and there is no sitemap
    code, err = build_in_process(capsys, "--scores", scores, "--out", tmp_path / "plain")
    assert [a["href"] for a in soup(tmp_path / "plain" / "404.html").find("main").find_all("a")] == ["./", "en/"]
    assert not (tmp_path / "plain" / "sitemap.xml").exists()


def test_a_base_url_that_is_not_an_address_is_a_usage_error(capsys):
    import pytest
    with pytest.raises(SystemExit) as stop:
        build_in_process(capsys, "--base-url", "example.org/repo")
    assert stop.value.code == 2
    assert "is not an absolute http(s) address" in capsys.readouterr().err
