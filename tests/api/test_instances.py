"""Several instances behave as one service. scripts/test.sh starts a second
Kore, B (JOBBRO_INSTANCE_B_URL), with the main server's settings on the
same database, haproxy in front of both (JOBBRO_LB_URL: round robin,
`option forwardfor`, health check /healthz) and a second jobbro-webhookd.
What lives in PostgreSQL is shared: the login throttle, idempotency keys,
sessions (logout-all), webhook delivery claims. What lives in a worker's
shared memory is not: rate limits count per instance (README, "Rate
limits" and "Running at scale")."""
import os
import re
import time
import uuid

import pytest

from support import Client, check, employer_body, login, unique_email
from test_webhooks import Receiver, emit, wait_for

LB_URL = os.environ.get("JOBBRO_LB_URL")
B_URL = os.environ.get("JOBBRO_INSTANCE_B_URL")
pytestmark = pytest.mark.skipif(
    not (LB_URL and B_URL),
    reason="JOBBRO_LB_URL / JOBBRO_INSTANCE_B_URL not set")


@pytest.fixture(scope="module")
def a():
    return Client()


@pytest.fixture(scope="module")
def b():
    return Client(B_URL)


@pytest.fixture(scope="module")
def lb():
    return Client(LB_URL)


def logged(path, rid):
    """The number of request log lines in the log at `path` with `rid`."""
    with open(path, encoding="utf-8", errors="replace") as f:
        return sum(1 for line in f if f'"request_id":"{rid}"' in line)


def guess(api, email, password="not-the-password", ip=None):
    return api.post("/v1/auth/token", json={
        "grant_type": "password", "username": email, "password": password},
        headers={"X-Forwarded-For": ip})


# --- the balancer -----------------------------------------------------------

def test_the_balancer_spreads_requests_over_both(lb):
    """Ten requests through haproxy, each with its own X-Request-Id: each
    is served (and logged) by exactly one instance, and both serve some."""
    logs = (os.environ["JOBBRO_KORE_LOG"], os.environ["JOBBRO_KORE_B_LOG"])
    rids = [f"lb-{uuid.uuid4().hex}-{i}" for i in range(10)]
    for rid in rids:
        resp = check(lb.get("/v1/municipalities",
                            headers={"X-Request-Id": rid}), 200)
        assert resp.headers["X-Request-Id"] == rid

    def where():    # log lines are written at the worker's next pass
        counts = [[logged(p, rid) for p in logs] for rid in rids]
        return counts if all(sum(c) == 1 for c in counts) else None
    counts = wait_for(where, timeout=20, interval=0.2)
    on_a = sum(c[0] for c in counts)
    assert 0 < on_a < len(rids), counts


def test_the_balancer_forwards_the_client(lb, a, make):
    """haproxy adds the client's address (127.0.0.1, a trusted proxy
    itself) with `option forwardfor`: a request through it is answered
    like a direct one."""
    user = make.user("seeker")
    for api in (lb, lb, a):
        check(api.get("/v1/me", token=user.token), 200)


# --- login throttle ---------------------------------------------------------

def test_the_login_throttle_is_shared(a, b, make):
    """5 wrong passwords from one address, spread over A and B, and the
    next try waits on both — even with the right password."""
    user = make.user("seeker")
    ip = "198.51.100.77"
    for i in range(5):
        resp = guess(a if i % 2 else b, user.email, ip=ip)
        check(resp, 400)
        assert resp.body["error"] == "invalid_grant"
    for api in (a, b):
        blocked = check(guess(api, user.email, user.password, ip=ip), 429)
        assert 0 < int(blocked.headers["Retry-After"]) <= 900
    # another address is another count, on either instance
    check(guess(b, user.email, user.password, ip="198.51.100.78"), 200)


# --- idempotency ------------------------------------------------------------

def test_an_idempotency_key_is_shared(a, b, admin):
    """The same key and body on A, then on B: B answers A's 201 (the same
    employer), not a second one; another body under that key is 422."""
    body, key = employer_body(), str(uuid.uuid4())
    hdr = {"Idempotency-Key": key}
    first = check(a.post("/v1/employers", json=body, token=admin.token,
                         headers=hdr), 201)
    again = check(b.post("/v1/employers", json=body, token=admin.token,
                         headers=hdr), 201)
    assert again.body == first.body
    assert again.headers["Location"] == first.headers["Location"]
    listed = check(b.get("/v1/employers", query={"cvr": body["cvr"]},
                         token=admin.token), 200)
    assert [e["id"] for e in listed.body["data"]] == [first.body["id"]]
    other = check(b.post("/v1/employers", json=employer_body(),
                         token=admin.token, headers=hdr), 422)
    assert other.field_errors() == {"Idempotency-Key": "mismatch"}


# --- tokens -----------------------------------------------------------------

def test_a_token_of_one_instance_works_on_the_other(a, b, make):
    user = make.user("consultant")
    tokens = login(b, user.email, user.password)
    me = check(a.get("/v1/me", token=tokens["access_token"]), 200).body
    assert me["id"] == user.id
    check(b.get("/v1/me", token=user.token), 200)   # issued by A


def test_logout_all_on_one_instance_ends_the_sessions_on_the_other(a, b,
                                                                     make):
    user = make.user("consultant")
    second = login(b, user.email, user.password)
    check(b.get("/v1/me", token=user.token), 200)
    check(a.post("/v1/auth/logout-all", token=user.token), 204)
    for token in (user.token, second["access_token"]):
        resp = check(b.get("/v1/me", token=token), 401)
        assert 'error="invalid_token"' in resp.headers["WWW-Authenticate"]
    resp = b.post("/v1/auth/token", json={
        "grant_type": "refresh_token", "refresh_token": second[
            "refresh_token"]})
    check(resp, 400)


# --- webhooks ---------------------------------------------------------------

def test_two_senders_deliver_each_event_once(a, admin):
    """Both jobbro-webhookd of make test run: events are delivered exactly
    once each (the claim is a row lock in PostgreSQL)."""
    r = Receiver()
    hook = check(a.post("/v1/webhooks", json={
        "url": r.url, "events": ["job.published"]}, token=admin.token),
        201).body
    try:
        events = emit(n=10)
        wait_for(lambda: all(r.of_event(e) for e in events), timeout=60)
        time.sleep(2)   # a second delivery would have come by now
        for e in events:
            assert len(r.of_event(e)) == 1, e
    finally:
        a.delete(f"/v1/webhooks/{hook['id']}", token=admin.token)
        r.close()


# --- rate limits ------------------------------------------------------------

def limits(resp):
    """(remaining, reset) of a 200."""
    check(resp, 200)
    values = [resp.headers.get(h) or "" for h in
              ("RateLimit-Remaining", "RateLimit-Reset")]
    assert all(re.fullmatch(r"\d+", v) for v in values), dict(resp.headers)
    return tuple(int(v) for v in values)


def test_rate_limits_count_per_instance(a, b, make):
    """Documented: each instance counts a caller's requests on its own (N
    instances allow N times the budget). One token on A and B: three more
    requests on A do not move B's count, and A's goes on from its own."""
    user = make.user("seeker")

    def me(api):
        return limits(api.get("/v1/me", token=user.token))
    while True:     # start well inside both windows
        (_, reset_a), (first_b, reset_b) = me(a), me(b)
        if min(reset_a, reset_b) >= 10:
            break
        time.sleep(max(reset_a, reset_b) + 1)
    on_a = [me(a)[0] for _ in range(3)]
    assert on_a == [on_a[0], on_a[0] - 1, on_a[0] - 2], on_a
    assert me(b)[0] == first_b - 1
    assert me(a)[0] == on_a[2] - 1
