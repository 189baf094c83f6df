"""The UI as an attack surface: local by default, optional login, no file reads outside the app, patched Gradio."""

from __future__ import annotations

import inspect
import urllib.error
import urllib.request

import gradio as gr
import pytest

from assistant import ui
from assistant.bench import free_port
from assistant.cli import build_parser
from assistant.ui import build_app

from .conftest import ScriptedLLM


def get(url: str) -> tuple[int, str]:
    try:
        with urllib.request.urlopen(url, timeout=10) as r:
            return r.status, r.read().decode(errors="replace")
    except urllib.error.HTTPError as e:
        return e.code, e.read().decode(errors="replace")


def test_binds_to_loopback_by_default():
    assert inspect.signature(ui.serve).parameters["host"].default == "127.0.0.1"
    assert build_parser().parse_args(["serve"]).host == "127.0.0.1"


def test_pinned_gradio_has_the_published_fixes():
    # GHSA-j36p-7w88-g82j (path traversal, fixed 6.16.0), CVE-2026-28414 (absolute path traversal, 6.7.0),
    # CVE-2026-28415/28416 (SSRF through gr.load proxy_url, 6.6.0)
    version = tuple(int(x) for x in gr.__version__.split(".")[:3])
    assert version >= (6, 16, 0), gr.__version__


@pytest.fixture
def app_url(make_assistant, request):
    app = build_app(make_assistant(ScriptedLLM(script=lambda m: "Nordkorea schickte 11.000 Soldaten [1].")))
    app.queue(max_size=4, default_concurrency_limit=1)
    port = free_port()
    app.launch(server_name="127.0.0.1", server_port=port, prevent_thread_lock=True, quiet=True,
               auth=getattr(request, "param", None))
    yield f"http://127.0.0.1:{port}"
    app.close()


@pytest.mark.integration
def test_file_route_refuses_paths_outside_the_app(app_url):
    for path in ("/gradio_api/file=/etc/passwd", "/gradio_api/file=../../../../etc/passwd",
                 "/gradio_api/file=%2e%2e/%2e%2e/%2e%2e/etc/passwd", "/file=/etc/passwd",
                 "/gradio_api/file=/proc/self/environ", "/static/../../../../etc/passwd"):
        status, body = get(app_url + path)
        assert "root:x:0:0" not in body and "PATH=" not in body, path
        assert status in (403, 404, 405) or (status == 200 and "<html" in body.lower()), (path, status)


@pytest.mark.integration
@pytest.mark.parametrize("app_url", [("analyst", "s3cret")], indirect=True)
def test_login_is_required_when_auth_is_set(app_url):
    from gradio_client import Client

    with pytest.raises(Exception):  # noqa: B017 - gradio_client raises a plain error for a refused login
        Client(app_url, verbose=False).predict("Wie viele Soldaten?", [], 5, api_name="/ask")
    status, _ = get(app_url + "/gradio_api/info")
    assert status in (401, 403)
    chat = Client(app_url, auth=("analyst", "s3cret"), verbose=False).predict(
        "Wie viele Soldaten schickte Nordkorea?", [], 5, api_name="/ask")[0]
    assert "11.000" in str(chat[-1]["content"])
