"""Rate limits (src/throttle.c, src/ratelimit.c): budgets per access
token, per API client and per address, a stricter one at the token
endpoint, RateLimit-* headers on every answer, 429 + Retry-After beyond.

Run against the second server scripts/test.sh starts for them
(JOBBRO_RL_URL: 2 workers, JOBBRO_RL_LIMIT requests per window and
JOBBRO_RL_LIMIT_AUTH at POST /v1/auth/token); tokens come from the main
server, whose limits are out of reach. Each test spends the budget of
callers of its own: a new address (X-Forwarded-For from the trusted proxy
127.0.0.1), a new token or a new API client."""
import os
import random
import re
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from support import Client, check, problem_slug, unique

RL_URL = os.environ.get("JOBBRO_RL_URL")
pytestmark = pytest.mark.skipif(not RL_URL, reason="JOBBRO_RL_URL not set")


def _policy(name, default):
    n, w = re.fullmatch(r"(\d+)/(\d+)s",
                        os.environ.get(name, default)).groups()
    return int(n), int(w)


LIMIT, WINDOW = _policy("JOBBRO_RL_LIMIT", "20/20s")
AUTH_LIMIT, AUTH_WINDOW = _policy("JOBBRO_RL_LIMIT_AUTH", "5/2s")
HEADERS = ("RateLimit-Limit", "RateLimit-Remaining", "RateLimit-Reset")


@pytest.fixture(scope="module")
def rl():
    return Client(RL_URL)


def new_address():
    return f"10.{random.randrange(256)}.{random.randrange(256)}." \
           f"{random.randrange(1, 255)}"


def from_(ip, **headers):
    headers["X-Forwarded-For"] = ip
    return headers


def limits(resp):
    """(limit, remaining, reset) of an answer, which must carry them."""
    for h in HEADERS:
        assert re.fullmatch(r"\d+", resp.headers.get(h) or ""), \
            f"{h} missing or not a number: {resp!r} {dict(resp.headers)}"
    return tuple(int(resp.headers[h]) for h in HEADERS)


def assert_refused(resp, window):
    assert resp.status == 429, resp
    assert problem_slug(resp) == "too-many-requests"
    limit, remaining, reset = limits(resp)
    assert remaining == 0
    assert 1 <= int(resp.headers["Retry-After"]) <= window
    assert 1 <= reset <= window
    assert int(resp.headers["Retry-After"]) == reset


def new_client(api, admin):
    """A new API client (scope jobs:read) of the main server."""
    return check(api.post("/v1/api-clients", json={
        "name": unique("Jobcenter"), "municipality_codes": ["0101"],
        "scopes": ["jobs:read"]}, token=admin.token), 201).body


def token_of(api, client):
    """A client_credentials token of client, from the main server."""
    return check(api.post("/v1/auth/token", json={
        "grant_type": "client_credentials",
        "client_id": client["client_id"],
        "client_secret": client["client_secret"]}), 200).body["access_token"]


def ok(resp):
    """A 200 (its body and headers are other tests' business)."""
    assert resp.status == 200, resp
    return resp


def spend(rl, n, **kw):
    """n GET /v1/municipalities/0101 as kw says; their answers."""
    return [rl.get("/v1/municipalities/0101", **kw) for _ in range(n)]


def test_every_kind_of_answer_carries_the_headers(rl, admin):
    ip = new_address()
    answers = [
        rl.get("/v1/municipalities", headers=from_(ip)),
        ok(rl.get("/v1/municipalities/0101", headers=from_(ip))),
        check(rl.get("/v1/municipalities/9999", headers=from_(ip)), 404),
        check(rl.get("/v1/no-such-thing", headers=from_(ip)), 404),
        check(rl.request("DELETE", "/v1/municipalities",
                         headers=from_(ip)), 405),
        check(rl.get("/v1/me", headers=from_(ip)), 401),
        check(rl.get("/v1/me", token="not.a.token", headers=from_(ip)), 401),
        check(rl.post("/v1/jobs", raw_body="{", headers=from_(ip)), 401),
    ]
    assert answers[0].status == 200 and "data" in answers[0].body
    seen = [limits(a) for a in answers]
    assert [s[0] for s in seen] == [LIMIT] * len(answers)
    # One budget, counted down by each answer (all well within a window).
    assert [s[1] for s in seen] == list(range(LIMIT - 1,
                                              LIMIT - 1 - len(answers), -1))
    assert all(1 <= s[2] <= WINDOW for s in seen)
    assert answers[0].headers["RateLimit-Policy"] == f"{LIMIT};w={WINDOW}"
    exposed = answers[0].headers["Access-Control-Expose-Headers"]
    for h in HEADERS + ("Retry-After",):
        assert h in exposed


def test_probes_and_preflights_are_not_counted(rl):
    ip = new_address()
    first = limits(rl.get("/v1/municipalities/0101", headers=from_(ip)))
    for path in ("/healthz", "/readyz"):
        resp = ok(rl.get(path, headers=from_(ip)))
        assert "RateLimit-Remaining" not in resp.headers
    resp = rl.request("OPTIONS", "/v1/jobs", headers=from_(
        ip, Origin="https://example.org",
        **{"Access-Control-Request-Method": "POST"}))
    assert resp.status == 204
    assert "RateLimit-Remaining" not in resp.headers
    second = limits(rl.get("/v1/municipalities/0101", headers=from_(ip)))
    assert second[1] == first[1] - 1


def test_addresses_have_budgets_of_their_own(rl):
    a, b = new_address(), new_address()
    for resp in spend(rl, LIMIT, headers=from_(a)):
        ok(resp)
    assert_refused(rl.get("/v1/municipalities/0101", headers=from_(a)),
                   WINDOW)
    # Beyond the budget even an unknown path or a bad token is refused.
    assert_refused(rl.get("/v1/no-such-thing", headers=from_(a)), WINDOW)
    assert_refused(rl.get("/v1/me", token="x.y.z", headers=from_(a)), WINDOW)
    resp = ok(rl.get("/v1/municipalities/0101", headers=from_(b)))
    assert limits(resp)[1] == LIMIT - 1


def test_each_access_token_has_its_own_budget(rl, make):
    one, other = make.user("consultant"), make.user("consultant")
    ip = new_address()
    for resp in spend(rl, LIMIT, token=one.token, headers=from_(ip)):
        ok(resp)
    refused = check(rl.get("/v1/me", token=one.token, headers=from_(ip)),
                    429)
    assert_refused(refused, WINDOW)
    assert "token" in refused.body["detail"]
    # Another user's token from the same address, and the address itself,
    # still have their budgets.
    assert limits(ok(rl.get("/v1/me", token=other.token,
                            headers=from_(ip))))[1] == LIMIT - 1
    assert limits(ok(rl.get("/v1/municipalities/0101",
                            headers=from_(ip))))[1] == LIMIT - 1


def test_tokens_of_one_api_client_share_a_budget(api, rl, admin):
    client = new_client(api, admin)
    first, second = token_of(api, client), token_of(api, client)
    assert first != second
    half = LIMIT // 2
    for resp in spend(rl, half, token=first):
        ok(resp)
    resp = ok(rl.get("/v1/municipalities/0101", token=second))
    assert limits(resp)[1] == LIMIT - half - 1
    for resp in spend(rl, LIMIT - half - 1, token=second):
        ok(resp)
    refused = check(rl.get("/v1/municipalities/0101", token=first), 429)
    assert_refused(refused, WINDOW)
    assert "API client" in refused.body["detail"]
    # Another client is not affected.
    other = token_of(api, new_client(api, admin))
    ok(rl.get("/v1/municipalities/0101", token=other))


def token_request(rl, ip):
    """A POST /v1/auth/token the endpoint refuses cheaply (no grant)."""
    return rl.post("/v1/auth/token", json={}, headers=from_(ip))


def test_token_endpoint_is_stricter_and_its_window_ends(rl):
    """AUTH_LIMIT tries per window from one address, then 429 until the
    window ends; the address's other budget is untouched."""
    ip = new_address()
    resp = check(token_request(rl, ip), 400)
    assert limits(resp)[:2] == (AUTH_LIMIT, AUTH_LIMIT - 1)
    for _ in range(3 * AUTH_LIMIT):     # until the budget is spent
        last = limits(resp)
        resp = token_request(rl, ip)
        if resp.status == 429:
            break
        check(resp, 400)
    assert last[1] == 0, "refused before the budget was spent"
    assert_refused(check(resp, 429), AUTH_WINDOW)
    assert limits(ok(rl.get("/v1/municipalities/0101",
                            headers=from_(ip))))[:2] == (LIMIT, LIMIT - 1)

    time.sleep(int(resp.headers["Retry-After"]) + 0.2)
    resp = check(token_request(rl, ip), 400)
    assert limits(resp)[1] == AUTH_LIMIT - 1


def test_a_burst_gets_exactly_the_budget_across_workers(rl):
    """3 × LIMIT requests at once over many connections (both workers):
    exactly LIMIT pass, each with its own RateLimit-Remaining — one count
    for the instance, not one per worker — and the rest are 429."""
    ip = new_address()

    def one(_):
        return rl.get("/v1/municipalities/0101", headers=from_(ip))

    started = time.monotonic()
    with ThreadPoolExecutor(12) as pool:
        answers = list(pool.map(one, range(3 * LIMIT)))
    assert time.monotonic() - started < WINDOW, "the burst outlasted a window"
    passed = [a for a in answers if a.status == 200]
    refused = [a for a in answers if a.status != 200]
    assert len(passed) == LIMIT, [a.status for a in answers]
    assert sorted(limits(a)[1] for a in passed) == list(range(LIMIT))
    for a in refused:
        assert_refused(check(a, 429), WINDOW)


def test_refusals_are_counted_in_metrics(rl):
    text = ok(rl.get("/metrics")).body
    m = re.search(r"^jobbro_rate_limited_total (\d+)$", text, re.M)
    assert m, text[-600:]
    before = int(m.group(1))
    ip = new_address()
    spend(rl, LIMIT, headers=from_(ip))
    assert_refused(rl.get("/v1/municipalities/0101", headers=from_(ip)),
                   WINDOW)
    text = ok(rl.get("/metrics")).body
    assert int(re.search(r"^jobbro_rate_limited_total (\d+)$", text,
                         re.M).group(1)) >= before + 1
    assert re.search(r"^jobbro_rate_limit_evictions_total \d+$", text, re.M)
    assert re.search(r"^jobbro_rate_limit_fail_open_total \d+$", text, re.M)
