"""--serve: builds, serves on 127.0.0.1, and rebuilds when scores/ change."""
from __future__ import annotations

import shutil
import socket
import subprocess
import sys
import time
import urllib.request

from conftest import BOARD, ROOT, SCORES


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def fetch(url: str) -> str:
    with urllib.request.urlopen(url, timeout=5) as response:
        return response.read().decode("utf-8")


def wait_for(predicate, seconds=20.0):
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            if predicate():
                return True
        except OSError:
            pass
        time.sleep(0.2)
    return False


def test_serve_rebuilds_on_change(tmp_path):
    scores = tmp_path / "scores"
    shutil.copytree(SCORES, scores)
    port = free_port()
    server = subprocess.Popen(
        [sys.executable, str(ROOT / "build.py"), "--serve", "--port", str(port), "--scores", str(scores),
         "--out", str(tmp_path / "site")], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    try:
        url = f"http://127.0.0.1:{port}/{BOARD}/2023-08-02/"
        assert wait_for(lambda: "94.64" in fetch(url)), "the server never answered"
        release = scores / BOARD / "releases" / "2023-08-02.csv"
        release.write_text(release.read_text("utf-8").replace("gpt-4,overall,94.64", "gpt-4,overall,93.21"), "utf-8")
        assert wait_for(lambda: "93.21" in fetch(url)), "the change was never rebuilt"
        # Broken input keeps the last good site online.
        release.write_text("model,dimension,score\nnobody,overall,1\n", "utf-8")
        time.sleep(2)
        assert "93.21" in fetch(url)
    finally:
        server.terminate()
        output = server.communicate(timeout=10)[0]
    assert f"serving {tmp_path / 'site'} at http://127.0.0.1:{port}/" in output
    assert 'unknown model "nobody"' in output


def test_serve_lists_no_folder_serves_no_hidden_file_and_survives_a_nul(tmp_path):
    import http.client
    import http.server
    import functools
    import threading
    from conftest import SCORES, run_build
    from leaderboard.serve import Handler
    out = tmp_path / "site"
    assert run_build("--scores", SCORES, "--out", out).returncode == 0
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), functools.partial(Handler, directory=str(out)))
    threading.Thread(target=httpd.serve_forever, daemon=True).start()

    def status(path: str) -> int:
        connection = http.client.HTTPConnection("127.0.0.1", httpd.server_port, timeout=5)
        connection.request("GET", path)
        code = connection.getresponse().status
        connection.close()
        return code
    try:
        assert status(f"/{BOARD}/data/") == 404                # a folder without index.html is not listed
        assert status("/.leaderboard-site") == 404             # the build's own marker is not served
        assert status("/%00/index.html") == 400                # a NUL in the address is a bad request
        assert status(f"/{BOARD}/") == 200
    finally:
        httpd.shutdown()
