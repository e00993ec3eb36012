"""Login cannot be stalled (issue 17, item 4): the password check runs off the event loop, costs
the same for unknown names, is throttled per name and per address; a login session expires;
behind a reverse proxy a login is required, also on 127.0.0.1."""

from __future__ import annotations

import asyncio
import base64
import gc
import inspect
import statistics
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import httpx
import pytest
from fastapi.testclient import TestClient

from assistant.config import Settings
from assistant.credentials import (
    LoginRequired,
    hash_password,
    make_auth,
    require_login_off_loopback,
)
from tests.conftest import run_cli
from tests.fakes import fake_ui_baken, free_port

PASSWORD = "lang-genoeg-wachtwoord"
KNOWN = [f"medewerker{i}" for i in range(8)]


class FakeClock:
    def __init__(self) -> None:
        self.now = 1000.0

    def __call__(self) -> float:
        return self.now


def logins_file(folder: Path, iterations: int, names: list[str] = KNOWN) -> Path:
    path = folder / "logins.txt"
    path.write_text("".join(f"{n}:{hash_password(PASSWORD, iterations=iterations)}\n"
                            for n in names), encoding="utf-8")
    return path


def timed(auth: Any, name: str, password: str) -> float:
    start = time.perf_counter()
    assert not auth(name, password)
    return time.perf_counter() - start


# --- the cost of a check ---------------------------------------------------------------------


def test_an_unknown_name_costs_as_much_as_a_known_one(tmp_path: Path) -> None:
    """A reduced iteration count keeps the test fast; the ratio is what counts."""
    settings = Settings(data_dir=tmp_path, ui_auth_file=logins_file(tmp_path, 60_000),
                        auth_user="beheer", auth_password="beheer-wachtwoord-123")
    auth = make_auth(settings)
    assert auth is not None and auth(KNOWN[0], PASSWORD)  # also prepares what is cached
    # one wrong attempt per name, interleaved, so no name is throttled and load is shared
    known, unknown, settings_user = [], [], []
    for i, name in enumerate(KNOWN[1:7]):
        known.append(timed(auth, name, "fout-wachtwoord"))
        unknown.append(timed(auth, f"onbekend{i}", "fout-wachtwoord"))
    settings_user.append(timed(auth, "beheer", "fout-wachtwoord"))
    ratio = statistics.median(unknown) / statistics.median(known)
    assert 0.6 < ratio < 1.6, (known, unknown)
    assert 0.5 < settings_user[0] / statistics.median(known) < 2.0, (known, settings_user)


def chat_login_callback(settings: Settings, monkeypatch: pytest.MonkeyPatch) -> Any:
    """The login callback that the chat's ``launch`` hands to Gradio (nothing is started)."""
    import gradio as gr

    class Stop(Exception):
        pass

    handed: dict[str, Any] = {}

    def fake_launch(self: Any, *args: Any, **kwargs: Any) -> Any:
        handed.update(kwargs)
        raise Stop

    monkeypatch.setattr(gr.Blocks, "launch", fake_launch)
    with pytest.raises(Stop):
        _launch(settings)
    return handed["auth"]


async def as_gradio_calls(auth: Any, name: str, password: str) -> bool:
    """What Gradio's async /login route does with the callback (gradio/routes.py)."""
    if inspect.iscoroutinefunction(auth):
        return bool(await auth(name, password))
    return bool(auth(name, password))


def test_slow_password_checks_leave_the_event_loop_free(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    settings = Settings(data_dir=tmp_path / "data", port=free_port(),
                        ui_auth_file=logins_file(tmp_path, 600_000),  # the real cost
                        taalcheck_dictionary=tmp_path / "geen")  # no dictionary loading now
    auth = chat_login_callback(settings, monkeypatch)
    gc.collect()  # not the garbage of building the UI either
    guard = make_auth(settings)
    assert guard is not None
    one_check = timed(guard, KNOWN[0], "fout")

    async def scenario() -> tuple[list[float], float]:
        late: list[float] = []
        done = asyncio.Event()

        async def other_user() -> None:  # another coroutine the loop should keep serving
            while not done.is_set():
                start = time.perf_counter()
                await asyncio.sleep(0.01)
                late.append(time.perf_counter() - start - 0.01)

        other = asyncio.create_task(other_user())
        await asyncio.sleep(0.05)
        start = time.perf_counter()
        results = await asyncio.gather(*(as_gradio_calls(auth, name, "fout")
                                         for name in KNOWN[4:8]))
        elapsed = time.perf_counter() - start
        done.set()
        await other
        assert results == [False] * 4
        return late, elapsed

    late, elapsed = asyncio.run(scenario())
    assert elapsed > one_check  # the four checks took a while …
    # … but the other coroutine never waited for one of them
    # (before: it waited a whole check at a time; a shared machine may add a short wait)
    assert max(late) < one_check / 2, (one_check, elapsed, sorted(late)[-5:])


# --- throttling (fake clock) -----------------------------------------------------------------


def test_failed_logins_for_a_name_are_throttled_with_a_growing_wait(tmp_path: Path) -> None:
    from assistant.credentials import LoginThrottled

    clock = FakeClock()
    auth = make_auth(Settings(data_dir=tmp_path, ui_auth_file=logins_file(tmp_path, 1000)),
                     clock=clock)
    assert auth is not None
    for _ in range(5):
        assert not auth.check(KNOWN[0], "fout", "10.0.0.1")
    with pytest.raises(LoginThrottled, match="Te veel mislukte inlogpogingen") as first:
        auth.check(KNOWN[0], PASSWORD, "10.0.0.2")  # even the right password, from elsewhere
    assert 0 < first.value.wait_s <= 30
    assert auth.check(KNOWN[1], PASSWORD, "10.0.0.1")  # another name is not affected
    clock.now += 31
    assert not auth.check(KNOWN[0], "fout", "10.0.0.1")
    with pytest.raises(LoginThrottled) as second:
        auth.check(KNOWN[0], PASSWORD)
    assert second.value.wait_s > first.value.wait_s  # the wait grows
    assert "seconden" in str(second.value) or "minuten" in str(second.value)
    clock.now += 61
    assert auth.check(KNOWN[0], PASSWORD)  # the right password after the wait; clears the name
    assert not auth.check(KNOWN[0], "fout")
    assert auth.check(KNOWN[0], PASSWORD)


def test_failed_logins_from_one_address_are_throttled(tmp_path: Path) -> None:
    from assistant.credentials import LoginThrottled

    clock = FakeClock()
    auth = make_auth(Settings(data_dir=tmp_path, ui_auth_file=logins_file(tmp_path, 1000)),
                     clock=clock)
    assert auth is not None
    for i in range(20):  # a different name each time: only the address adds up
        assert not auth.check(f"gok{i}", "fout", "192.0.2.7")
    with pytest.raises(LoginThrottled):
        auth.check(KNOWN[0], PASSWORD, "192.0.2.7")
    assert auth.check(KNOWN[0], PASSWORD, "192.0.2.8")
    clock.now += 5 * 60 + 31  # quiet for the window after the wait: forgotten
    assert auth.check(KNOWN[0], PASSWORD, "192.0.2.7")


# --- sessions --------------------------------------------------------------------------------


def test_a_login_session_ends_after_session_hours() -> None:
    from assistant.ui.auth import ExpiringTokens

    assert 1 <= Settings().ui.session_hours <= 12
    clock = FakeClock()
    tokens = ExpiringTokens(8 * 3600, clock)
    tokens["abc"] = "anna"
    clock.now += 8 * 3600 - 1
    assert tokens.get("abc") == "anna" and "abc" in tokens
    clock.now += 2
    assert tokens.get("abc") is None and "abc" not in tokens and list(tokens.keys()) == []


# --- behind a reverse proxy ------------------------------------------------------------------


def test_behind_a_reverse_proxy_a_login_is_required_also_on_loopback(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path, ui_root_path="/baken")
    assert settings.ui.host == "127.0.0.1"
    with pytest.raises(LoginRequired, match="reverse proxy"):
        require_login_off_loopback(settings, make_auth(settings))
    with_login = Settings(data_dir=tmp_path, ui_root_path="/baken", auth_user="a",
                          auth_password="b")
    require_login_off_loopback(with_login, make_auth(with_login))  # must not raise


def test_baken_ui_behind_a_proxy_without_login_does_not_start(tmp_path: Path) -> None:
    proc = run_cli("ui", "--data-dir", str(tmp_path), check=False, timeout=120,
                   env={"BAKEN_UI_ROOT_PATH": "/baken", "BAKEN_PORT": str(free_port())})
    assert proc.returncode == 2, proc.stdout + proc.stderr
    assert "reverse proxy" in proc.stderr and "inlog" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_the_api_refuses_proxied_requests_without_login(tmp_path: Path) -> None:
    from tests.fakes import make_api, settings_for

    app, _ = make_api(settings_for(tmp_path / "data"))
    client = TestClient(app)
    assert client.get("/api/collections").status_code == 200  # this computer, no proxy
    for header in ("X-Forwarded-For", "Forwarded", "X-Real-IP"):
        response = client.get("/api/collections", headers={header: "for=203.0.113.9"})
        assert response.status_code == 403
        assert "reverse proxy" in response.json()["error"]


def test_the_api_throttles_failed_logins_in_dutch(tmp_path: Path) -> None:
    from tests.fakes import make_api, settings_for

    settings = settings_for(tmp_path / "data",
                            ui_auth_file=logins_file(tmp_path, 1000, ["anna"]))
    app, _ = make_api(settings)
    client = TestClient(app)
    wrong = {"Authorization": "Basic " + base64.b64encode(b"anna:fout").decode()}
    right = {"Authorization": "Basic " + base64.b64encode(f"anna:{PASSWORD}".encode()).decode()}
    assert [client.get("/api/collections", headers=wrong).status_code
            for _ in range(5)] == [401] * 5
    response = client.get("/api/collections", headers=right)
    assert response.status_code == 429
    assert "Te veel mislukte inlogpogingen" in response.json()["error"]
    assert int(response.headers["retry-after"]) > 0


# --- the real chat ---------------------------------------------------------------------------


def _launch(settings: Settings) -> Any:
    from assistant.ui.app import launch

    return launch(fake_ui_baken(settings), prevent_thread_lock=True)


@pytest.fixture(scope="module")
def chat(tmp_path_factory: pytest.TempPathFactory) -> Iterator[tuple[str, Any]]:
    """The real chat (over a fake Baken) with a logins file."""
    folder = tmp_path_factory.mktemp("chat-login")
    settings = Settings(data_dir=folder / "data", port=free_port(), session_hours=1,
                        ui_auth_file=logins_file(folder, 1000))
    demo = _launch(settings)
    try:
        yield f"http://127.0.0.1:{settings.ui.port}", demo
    finally:
        demo.close()


def test_the_chat_throttles_failed_logins(chat: tuple[str, Any]) -> None:
    url, _ = chat
    with httpx.Client(base_url=url, timeout=60) as client:
        codes = [client.post("/login", data={"username": KNOWN[0], "password": "fout"}
                             ).status_code for _ in range(5)]
        assert all(400 <= code < 500 for code in codes), codes
        response = client.post("/login", data={"username": KNOWN[0], "password": PASSWORD})
        assert response.status_code == 429
        assert "Te veel mislukte inlogpogingen" in response.text
        assert client.get("/gradio_api/login_check").status_code == 401


def test_a_chat_session_expires(chat: tuple[str, Any]) -> None:
    url, demo = chat
    tokens = demo.server_app.tokens
    clock = FakeClock()
    tokens.clock = clock  # an AttributeError here: the sessions never expire
    with httpx.Client(base_url=url, timeout=60) as client:
        assert client.post("/login", data={"username": KNOWN[1],
                                           "password": PASSWORD}).status_code == 200
        assert client.get("/gradio_api/login_check").status_code == 200
        clock.now += 3600 - 5
        assert client.get("/gradio_api/login_check").status_code == 200
        clock.now += 10  # session_hours = 1
        assert client.get("/gradio_api/login_check").status_code == 401


def test_the_chat_login_is_known_to_the_originals_route_until_logout(
        chat: tuple[str, Any]) -> None:
    """``/bron/…`` knows the login of Gradio's own login page (through Baken's session, not
    Gradio's internal state): 401 before login and after logout, and with a login the
    login's own rights apply (this one may not open originals: 403, Dutch)."""
    url, _ = chat
    with httpx.Client(base_url=url, timeout=60) as client:
        assert client.get("/bron/apv.md").status_code == 401
        assert client.post("/login", data={"username": KNOWN[2],
                                           "password": PASSWORD}).status_code == 200
        refused = client.get("/bron/apv.md")
        assert refused.status_code == 403 and "geen recht" in refused.text
        assert client.get("/logout").status_code == 302
        assert client.get("/gradio_api/login_check").status_code == 401
        assert client.get("/bron/apv.md").status_code == 401


def test_the_chat_without_login_refuses_proxied_requests(tmp_path: Path) -> None:
    settings = Settings(data_dir=tmp_path / "data", port=free_port())
    demo = _launch(settings)
    try:
        with httpx.Client(base_url=f"http://127.0.0.1:{settings.ui.port}", timeout=60) as client:
            assert client.get("/").status_code == 200  # on this computer itself
            for header in ("X-Forwarded-For", "Forwarded", "X-Forwarded-Host"):
                response = client.get("/", headers={header: "203.0.113.9"})
                assert response.status_code == 403
                assert "reverse proxy" in response.text and "inlog" in response.text
    finally:
        demo.close()
