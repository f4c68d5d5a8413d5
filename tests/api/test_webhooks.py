"""Webhooks: /v1/webhooks and the sender, jobbro-webhookd, against a local
receiver (http.server on 127.0.0.1 in a thread). make test runs one sender
with a short retry window (JOBBRO_WEBHOOK_RETRY_WINDOW=8 s), backoff
(0.3 s .. 2 s) and timeout (2 s); events are written straight into the
events table, as the change feed's triggers do."""
import hashlib
import hmac
import http.server
import json
import os
import signal
import socket
import subprocess
import threading
import time
import uuid

import pytest

from support import check, spec

EVENTS_ALL = ["job.published", "application.created"]


# --- the receiver -----------------------------------------------------------

class Receiver:
    """Records every POST; `behave(n)` says what the n-th (from 1) gets:
    (status, seconds to wait first)."""

    def __init__(self, behave=None, port=0):
        self.behave = behave or (lambda n: (200, 0))
        self.requests = []
        self.lock = threading.Lock()
        outer = self

        class Handler(http.server.BaseHTTPRequestHandler):
            def do_POST(self):
                raw = self.rfile.read(int(self.headers["Content-Length"]))
                with outer.lock:
                    outer.requests.append((dict(self.headers), raw))
                    n = len(outer.requests)
                status, delay = outer.behave(n)
                if delay:
                    time.sleep(delay)
                try:
                    self.send_response(status)
                    self.send_header("Content-Length", "0")
                    self.end_headers()
                except OSError:
                    pass

            def log_message(self, *args):
                pass

        self.server = http.server.ThreadingHTTPServer(("127.0.0.1", port),
                                                      Handler)
        self.server.daemon_threads = True
        self.port = self.server.server_address[1]
        self.thread = threading.Thread(target=self.server.serve_forever,
                                       daemon=True)
        self.thread.start()

    @property
    def url(self):
        return f"http://127.0.0.1:{self.port}/hook"

    def of_event(self, event_id):
        with self.lock:
            return [(h, b) for h, b in self.requests
                    if h.get("Jobbro-Event-Id") == str(event_id)]

    def close(self):
        self.server.shutdown()
        self.server.server_close()


def free_port():
    s = socket.socket()
    s.bind(("127.0.0.1", 0))
    port = s.getsockname()[1]
    s.close()
    return port


def wait_for(what, timeout=40, interval=0.1):
    """Poll `what()` until it is truthy; return it, or fail."""
    deadline = time.monotonic() + timeout
    while True:
        value = what()
        if value:
            return value
        if time.monotonic() > deadline:
            pytest.fail(f"gave up waiting after {timeout} s")
        time.sleep(interval)


# --- fixtures ---------------------------------------------------------------

def sql(query, *params):
    import psycopg2
    conn = psycopg2.connect(os.environ["JOBBRO_TEST_DSN"], connect_timeout=5)
    try:
        with conn, conn.cursor() as cur:
            cur.execute(query, params)
            return cur.fetchall() if cur.description else None
    finally:
        conn.close()


def emit(type_="job.published", code="0101", n=1):
    """Write n events in one transaction; their ids."""
    rows = sql("INSERT INTO events (type, resource_type, resource_id, "
               "municipality_code, data) SELECT %s, split_part(%s, '.', 1), "
               "gen_random_uuid(), %s, jsonb_build_object('status', 'x') "
               "FROM generate_series(1, %s) RETURNING id",
               type_, type_, code, n)
    return [r[0] for r in rows]


@pytest.fixture
def hooks(api, admin):
    """Creates webhooks as admin; deletes them (and stops receivers)
    afterwards, so no other test's events keep the sender busy."""
    made, receivers = [], []

    class Hooks:
        def receiver(self, behave=None, port=0):
            r = Receiver(behave, port)
            receivers.append(r)
            return r

        def create(self, url, events=None, **body):
            body.update(url=url, events=events or EVENTS_ALL)
            resp = check(api.post("/v1/webhooks", json=body,
                                  token=admin.token), 201)
            made.append(resp.body["id"])
            return resp.body

        def deliveries(self, hook_id, **query):
            return check(api.get(f"/v1/webhooks/{hook_id}/deliveries",
                                 query=query or None, token=admin.token),
                         200).body["data"]

        def delivery(self, hook_id, event_id):
            for d in self.deliveries(hook_id, limit=100):
                if str(d["event"]["id"]) == str(event_id):
                    return d
            return None

    yield Hooks()
    for hook_id in made:
        api.delete(f"/v1/webhooks/{hook_id}", token=admin.token)
    for r in receivers:
        r.close()


def verify(headers, raw, secret):
    """The receiver's side: check Jobbro-Signature over the raw body."""
    parts = dict(p.split("=", 1) for p in
                 headers["Jobbro-Signature"].split(","))
    assert abs(int(parts["t"]) - time.time()) < 300
    want = hmac.new(secret.encode(), parts["t"].encode() + b"." + raw,
                    hashlib.sha256).hexdigest()
    return hmac.compare_digest(want, parts["v1"])


# --- delivery ---------------------------------------------------------------

def test_delivered_and_signed(hooks):
    r = hooks.receiver()
    secret = "s3cret-" + "x" * 40
    hook = hooks.create(r.url, ["job.published"], secret=secret)
    assert hook["secret"] == secret and hook["active"] is True
    other, = emit("application.created")
    event, = emit("job.published")

    (headers, raw), = wait_for(lambda: r.of_event(event))
    assert headers["Content-Type"] == "application/json"
    assert headers["Jobbro-Event-Type"] == "job.published"
    assert verify(headers, raw, secret)
    assert not verify(headers, raw + b" ", secret)
    body = json.loads(raw)
    spec().validate({"$ref": "#/components/schemas/WebhookEvent"}, body,
                    "delivery body")
    assert str(body["id"]) == str(event) and body["type"] == "job.published"
    assert body["resource"]["type"] == "job"
    assert body["data"] == {"status": "x"}

    d = wait_for(lambda: hooks.delivery(hook["id"], event))
    d = wait_for(lambda: (lambda x: x if x["status"] == "delivered"
                          else None)(hooks.delivery(hook["id"], event)))
    assert d["attempts"] == 1 and d["last_status"] == 200
    assert d["event"]["type"] == "job.published"
    assert d["delivered_at"] and d["next_attempt_at"] is None
    # An event of a type the webhook did not ask for is not delivered.
    assert hooks.delivery(hook["id"], other) is None
    assert r.of_event(other) == []


def test_generated_secret_is_shown_once(api, admin, hooks):
    r = hooks.receiver()
    hook = hooks.create(r.url)
    assert len(hook["secret"]) >= 32
    one = check(api.get(f"/v1/webhooks/{hook['id']}", token=admin.token),
                200).body
    assert "secret" not in one
    page = check(api.get("/v1/webhooks", token=admin.token,
                         query={"limit": 100}), 200).body
    assert hook["id"] in [w["id"] for w in page["data"]]
    assert all("secret" not in w for w in page["data"])
    event, = emit()
    (headers, raw), = wait_for(lambda: r.of_event(event))
    assert verify(headers, raw, hook["secret"])


def test_receiver_down_then_up(hooks):
    port = free_port()
    hook = hooks.create(f"http://127.0.0.1:{port}/hook")
    event, = emit()
    d = wait_for(lambda: (lambda x: x if x and x["attempts"] >= 1
                          else None)(hooks.delivery(hook["id"], event)))
    assert d["status"] == "pending" and d["last_status"] is None
    assert d["last_error"] and d["next_attempt_at"]
    r = hooks.receiver(port=port)
    wait_for(lambda: r.of_event(event))
    d = wait_for(lambda: (lambda x: x if x["status"] == "delivered"
                          else None)(hooks.delivery(hook["id"], event)))
    assert d["attempts"] >= 2 and d["last_error"] is None


def test_slow_receiver_is_retried(hooks):
    # The first answer comes after the sender's 2 s timeout.
    r = hooks.receiver(lambda n: (200, 3.5 if n == 1 else 0))
    hook = hooks.create(r.url)
    event, = emit()
    d = wait_for(lambda: (lambda x: x if x and x["status"] == "delivered"
                          else None)(hooks.delivery(hook["id"], event)))
    assert d["attempts"] >= 2
    assert len(r.of_event(event)) >= 2


def test_500_then_200(hooks):
    r = hooks.receiver(lambda n: (500 if n == 1 else 200, 0))
    hook = hooks.create(r.url)
    event, = emit()
    d = wait_for(lambda: (lambda x: x if x and x["status"] == "delivered"
                          else None)(hooks.delivery(hook["id"], event)))
    assert d["attempts"] == 2 and d["last_status"] == 200
    assert len(r.of_event(event)) == 2


def test_disabled_after_the_retry_window(api, admin, hooks):
    r = hooks.receiver(lambda n: (500, 0))
    hook = hooks.create(r.url)
    event, = emit()
    off = wait_for(lambda: (lambda x: x if not x["active"] else None)(
        check(api.get(f"/v1/webhooks/{hook['id']}", token=admin.token),
              200).body), timeout=60)
    assert off["disabled_reason"]
    d = hooks.delivery(hook["id"], event)
    assert d["status"] == "failed" and d["last_status"] == 500
    assert d["failed_at"] and d["next_attempt_at"] is None
    assert d["attempts"] >= 3      # backoff 0.3 s .. 2 s over 8 s
    tries = len(r.of_event(event))
    # Turned off: new events make no deliveries.
    later, = emit()
    assert hooks.delivery(hook["id"], later) is None
    # Turned on again: delivered from then on.
    check(api.patch(f"/v1/webhooks/{hook['id']}", json={"active": True},
                    token=admin.token), 200)
    r.behave = lambda n: (200, 0)
    again, = emit()
    wait_for(lambda: r.of_event(again))
    assert len(r.of_event(event)) == tries


def test_two_senders_share_the_work(hooks):
    """A second sender on the same database: every event is delivered
    exactly once, and both senders deliver some."""
    r = hooks.receiver(lambda n: (200, 0.15))
    hook = hooks.create(r.url)
    env = dict(os.environ, ASAN_OPTIONS="detect_leaks=0")
    proc = subprocess.Popen([os.environ["JOBBRO_WEBHOOKD"]], env=env,
                            stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE, text=True)
    lines = []
    reader = threading.Thread(target=lambda: lines.extend(proc.stderr),
                              daemon=True)
    reader.start()
    try:
        wait_for(lambda: any("started" in x for x in lines))
        time.sleep(0.5)     # connected and listening
        events = emit(n=30)
        wait_for(lambda: all(r.of_event(e) for e in events), timeout=60)
        for e in events:
            assert len(r.of_event(e)) == 1, e
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=20)
        reader.join(timeout=5)
    assert proc.returncode == 0
    mine = [x for x in lines if "-> delivered" in x]
    assert 0 < len(mine) < 30, lines[-5:]
    # Recorded as delivered (just after the receiver answered).
    wait_for(lambda: {str(d["event"]["id"]) for d in hooks.deliveries(
        hook["id"], status="delivered", limit=100)} >= {str(e)
                                                         for e in events})


# --- the API ----------------------------------------------------------------

def test_update_and_delete(api, admin, hooks):
    hook = hooks.create("https://hooks.example.org/a")
    path = f"/v1/webhooks/{hook['id']}"
    got = check(api.get(path, token=admin.token), 200)
    resp = check(api.patch(path, json={"events": ["placement.ended"],
                                       "active": False,
                                       "url": "https://hooks.example.org/b"},
                           token=admin.token), 200)
    assert resp.body["events"] == ["placement.ended"]
    assert resp.body["active"] is False
    assert resp.body["url"] == "https://hooks.example.org/b"
    check(api.patch(path, json={"active": True}, token=admin.token,
                    headers={"If-Match": got.headers["ETag"]}), 412)
    check(api.delete(path, token=admin.token), 204)
    check(api.get(path, token=admin.token), 404)
    check(api.get(path + "/deliveries", token=admin.token), 404)


@pytest.mark.parametrize("body,field,code", [
    ({"url": "https://h.example.org/", "events": ["job.deleted"]},
     "events[0]", "invalid_value"),
    ({"url": "https://h.example.org/", "events": []}, "events", "too_short"),
    ({"url": "ftp://h.example.org/", "events": ["job.published"]},
     "url", "invalid_format"),
    ({"url": "javascript:alert(1)", "events": ["job.published"]},
     "url", "invalid_format"),
    ({"url": "https://user:pw@h.example.org/", "events": ["job.published"]},
     "url", "invalid_format"),
    ({"url": "https://h.example.org/", "events": ["job.published"],
      "secret": "x" * 31}, "secret", "too_short"),
    ({"events": ["job.published"]}, "url", "required"),
    ({"url": "https://h.example.org/", "events": ["job.published"],
      "active": False}, "active", "read_only"),
])
def test_bad_input_stores_nothing(api, admin, body, field, code):
    before = sql("SELECT count(*) FROM webhooks")[0][0]
    resp = check(api.post("/v1/webhooks", json=body, token=admin.token), 422)
    assert resp.field_errors().get(field) == code, resp
    assert sql("SELECT count(*) FROM webhooks")[0][0] == before


def test_bad_patch_changes_nothing(api, admin, hooks):
    hook = hooks.create("https://hooks.example.org/c")
    path = f"/v1/webhooks/{hook['id']}"
    before = check(api.get(path, token=admin.token), 200)
    for body, field in ((({"url": "gopher://x.example.org/"}), "url"),
                        ({"events": ["nope"]}, "events[0]"),
                        ({"secret": "y" * 40}, "secret")):
        resp = check(api.patch(path, json=body, token=admin.token), 422)
        assert field in resp.field_errors(), resp
    after = check(api.get(path, token=admin.token), 200)
    assert after.body == before.body


# --- API clients' webhooks --------------------------------------------------

def api_client(api, admin, scopes=("webhooks:manage",), codes=("0101",)):
    """A new API client (POST /v1/api-clients) and an access token of it
    (client_credentials)."""
    from support import unique
    client = check(api.post("/v1/api-clients", json={
        "name": unique("Hooks"), "municipality_codes": list(codes),
        "scopes": list(scopes)}, token=admin.token), 201).body
    token = check(api.post("/v1/auth/token", json={
        "grant_type": "client_credentials", "client_id": client["client_id"],
        "client_secret": client["client_secret"]}), 200).body["access_token"]
    return client, token


def test_an_api_client_manages_its_own_webhooks(api, admin, hooks):
    a, a_token = api_client(api, admin)
    b, b_token = api_client(api, admin)
    admins = hooks.create("https://hooks.example.org/admin")
    resp = check(api.post("/v1/webhooks", json={
        "url": "https://hooks.example.org/a", "events": ["job.published"]},
        token=a_token), 201)
    hook = resp.body
    path = f"/v1/webhooks/{hook['id']}"
    assert resp.headers["Location"] == path
    assert len(hook["secret"]) >= 32
    assert hook["municipality_codes"] == ["0101"]
    assert sql("SELECT client_id, created_by FROM webhooks WHERE id = %s",
               hook["id"]) == [(a["client_id"], None)]

    mine = check(api.get("/v1/webhooks", query={"limit": 100},
                         token=a_token), 200).body["data"]
    assert [w["id"] for w in mine] == [hook["id"]]
    got = check(api.get(path, token=a_token), 200)
    assert "secret" not in got.body
    check(api.get(path + "/deliveries", token=a_token), 200)
    changed = check(api.patch(path, json={"events": ["job.closed"]},
                              token=a_token,
                              headers={"If-Match": got.headers["ETag"]}),
                    200).body
    assert changed["events"] == ["job.closed"]

    # Another client: nothing of a's, and not the admin's either.
    assert check(api.get("/v1/webhooks", query={"limit": 100},
                         token=b_token), 200).body["data"] == []
    for resp in (api.get(path, token=b_token),
                 api.get(path + "/deliveries", token=b_token),
                 api.patch(path, json={"active": False}, token=b_token),
                 api.delete(path, token=b_token),
                 api.get(f"/v1/webhooks/{admins['id']}", token=a_token),
                 api.delete(f"/v1/webhooks/{admins['id']}", token=a_token)):
        check(resp, 404)
    assert check(api.get(path, token=a_token), 200).body["active"] is True
    # The admin sees every webhook.
    check(api.get(path, token=admin.token), 200)

    check(api.delete(path, token=a_token), 204)
    check(api.get(path, token=a_token), 404)


def test_webhooks_need_the_scope(api, admin):
    _, token = api_client(api, admin, scopes=["events:read", "jobs:read"])
    for resp in (api.get("/v1/webhooks", token=token),
                 api.post("/v1/webhooks", json={
                     "url": "https://hooks.example.org/x",
                     "events": ["job.published"]}, token=token)):
        check(resp, 403)
        assert resp.body["error"] == "insufficient_scope"


def test_a_partner_user_may_not_manage_webhooks(api, admin, as_role, hooks):
    partner = as_role("partner")
    hook = hooks.create("https://hooks.example.org/p")
    before = sql("SELECT count(*) FROM webhooks")[0][0]
    for resp in (api.get("/v1/webhooks", token=partner.token),
                 api.post("/v1/webhooks", json={
                     "url": "https://hooks.example.org/x",
                     "events": ["job.published"]}, token=partner.token),
                 api.get(f"/v1/webhooks/{hook['id']}", token=partner.token),
                 api.delete(f"/v1/webhooks/{hook['id']}",
                            token=partner.token)):
        check(resp, 403)
    assert sql("SELECT count(*) FROM webhooks")[0][0] == before


def test_a_client_gets_events_of_its_municipalities_only(api, admin, hooks):
    r = hooks.receiver()
    client, token = api_client(api, admin, codes=["0101"])
    hook = check(api.post("/v1/webhooks", json={
        "url": r.url, "events": ["job.published"]}, token=token), 201).body
    path = f"/v1/webhooks/{hook['id']}"
    try:
        outside, = emit(code="0147")
        unscoped, = emit(code=None)
        inside, = emit(code="0101")
        (headers, raw), = wait_for(lambda: r.of_event(inside))
        assert verify(headers, raw, hook["secret"])
        events = {str(d["event"]["id"]) for d in check(api.get(
            path + "/deliveries", query={"limit": 100}, token=token),
            200).body["data"]}
        assert events == {str(inside)}
        assert r.of_event(outside) == [] and r.of_event(unscoped) == []

        # Narrowed to another municipality: its old webhook gets nothing.
        check(api.patch(f"/v1/api-clients/{client['id']}",
                        json={"municipality_codes": ["0147"]},
                        token=admin.token), 200)
        later = emit(code="0101") + emit(code="0147")
        assert sql("SELECT count(*) FROM webhook_deliveries WHERE "
                   "webhook_id = %s AND event_id = ANY(%s)",
                   hook["id"], later)[0][0] == 0
    finally:
        check(api.delete(path, token=admin.token), 204)
