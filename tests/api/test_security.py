"""Trust: access tokens die at once (api.session), concurrent refreshes keep
the session, headers every answer carries, JSON only in UTF-8, /metrics
for this host only, and an erased person's stored answers are gone."""
import json
import os
import time
from concurrent.futures import ThreadPoolExecutor

import pytest

from support import (check, decode_jwt, fresh_claims, login, make_jwt,
                     problem_slug, seeker_body, unique_email)

PASSWORD = "korrekt-hest-batteri"


def assert_revoked(resp):
    check(resp, 401)
    assert 'error="invalid_token"' in resp.headers["WWW-Authenticate"]


def consultant_with_seeker(make, api):
    """A new consultant of 0101 and a seeker in its scope."""
    user = make.user("consultant")
    seeker = make.seeker(by=user)
    return user, seeker


def reads(api, user, seeker):
    """/v1/me, a list and an export, with the user's access token."""
    return [api.get("/v1/me", token=user.token),
            api.get("/v1/seekers", token=user.token),
            api.get(f"/v1/seekers/{seeker['id']}/export", token=user.token)]


CHANGES = {
    "deactivated": {"active": False},
    "role": {"role": "partner"},
    "municipalities": {"municipality_codes": ["0101", "0147"]},
    "password": {"password": "a-brand-new-password"},
}


@pytest.mark.parametrize("change", sorted(CHANGES))
def test_a_security_change_revokes_access_tokens(api, make, admin, change):
    user, seeker = consultant_with_seeker(make, api)
    for resp in reads(api, user, seeker):
        check(resp, 200)
    check(api.patch(f"/v1/users/{user.id}", json=CHANGES[change],
                    token=admin.token), 200)
    for resp in reads(api, user, seeker):
        assert_revoked(resp)
    if change in ("deactivated", "password"):
        # ... and the refresh tokens with them.
        resp = api.post("/v1/auth/token", json={
            "grant_type": "refresh_token",
            "refresh_token": user.refresh_token})
        check(resp, 400)
        assert resp.body["error"] == "invalid_grant"


def test_a_rename_keeps_tokens(api, make, admin):
    user, seeker = consultant_with_seeker(make, api)
    check(api.patch(f"/v1/users/{user.id}", json={"name": "Another Name"},
                    token=admin.token), 200)
    for resp in reads(api, user, seeker):
        check(resp, 200)


def test_logout_all_ends_every_session_of_the_caller(api, make):
    user, seeker = consultant_with_seeker(make, api)
    second = login(api, user.email, user.password)
    other = make.user("consultant")
    check(api.post("/v1/auth/logout-all", token=user.token), 204)
    for resp in reads(api, user, seeker):
        assert_revoked(resp)
    assert_revoked(api.get("/v1/me", token=second["access_token"]))
    for refresh in (user.refresh_token, second["refresh_token"]):
        resp = api.post("/v1/auth/token", json={
            "grant_type": "refresh_token", "refresh_token": refresh})
        check(resp, 400)
    check(api.get("/v1/me", token=other.token), 200)
    fresh = login(api, user.email, user.password)
    check(api.get("/v1/me", token=fresh["access_token"]), 200)


def test_logout_all_needs_a_token(api):
    check(api.post("/v1/auth/logout-all"), 401)


def test_erasure_revokes_the_seekers_tokens(api, make, admin):
    seeker = make.seeker()
    user = make.user("seeker", seeker_id=seeker["id"])
    check(api.get("/v1/me", token=user.token), 200)
    check(api.post(f"/v1/seekers/{seeker['id']}/erase", token=admin.token),
          204)
    assert_revoked(api.get("/v1/me", token=user.token))


def test_me_for_a_user_that_does_not_exist_is_401(api, make, jwt_secret):
    user = make.user("consultant")
    _, claims = decode_jwt(user.token)
    forged = make_jwt({"alg": "HS256", "typ": "JWT"}, fresh_claims(
        claims, sub="00000000-0000-4000-8000-00000000dead"), jwt_secret)
    assert_revoked(api.get("/v1/me", token=forged))


# --- refresh tokens -----------------------------------------------------------

def refresh(api, token):
    return api.post("/v1/auth/token", json={"grant_type": "refresh_token",
                                            "refresh_token": token})


def test_parallel_refreshes_keep_the_session(api, make):
    """Eight refreshes of one token at once (a mobile app from two
    screens): all succeed within the grace window, and every new refresh
    token works."""
    user = make.user("seeker")
    with ThreadPoolExecutor(8) as pool:
        answers = list(pool.map(lambda _: refresh(api, user.refresh_token),
                                range(8)))
    assert [r.status for r in answers] == [200] * 8
    for r in answers:
        check(refresh(api, r.body["refresh_token"]), 200)


def test_reuse_after_the_grace_revokes_the_family(api, make):
    """The test server's grace is 2 s (JOBBRO_REFRESH_REUSE_GRACE)."""
    user = make.user("seeker")
    new = check(refresh(api, user.refresh_token), 200).body
    time.sleep(2.5)
    resp = check(refresh(api, user.refresh_token), 400)
    assert resp.body["error"] == "invalid_grant"
    check(refresh(api, new["refresh_token"]), 400)


# --- headers and media types --------------------------------------------------

def test_every_answer_says_nosniff(api, admin):
    for resp in (api.get("/healthz"), api.get("/v1/nowhere"),
                 api.get("/v1/jobs"), api.get("/v1/me", token=admin.token),
                 api.get("/v1/me", token="not-a-token")):
        assert resp.headers.get("X-Content-Type-Options") == "nosniff", \
            resp.path


def test_personal_answers_are_not_stored(api, make, admin):
    seeker = make.seeker()
    for resp in (check(api.get("/v1/me", token=admin.token), 200),
                 check(api.get(f"/v1/seekers/{seeker['id']}",
                               token=admin.token), 200),
                 check(api.get("/v1/seekers", token=admin.token), 200)):
        assert resp.headers.get("Cache-Control") == "no-store", resp.path


@pytest.mark.parametrize("ctype,status", [
    ("application/json; charset=latin1", 415),
    ("application/json; charset=ISO-8859-1", 415),
    ("application/json;charset=\"utf-16\"", 415),
    ("application/json; charset=utf-8", 201),
    ("application/json; charset=UTF8", 201),
    ("application/json", 201),
])
def test_json_must_be_utf8(api, admin, ctype, status):
    body = json.dumps(seeker_body())
    resp = check(api.post("/v1/seekers", raw_body=body, token=admin.token,
                          headers={"Content-Type": ctype}), status)
    if status == 415:
        assert problem_slug(resp) == "unsupported-media-type"


def test_metrics_for_this_host_or_with_the_token(api):
    check(api.get("/metrics"), 200)
    # Forwarded for a client elsewhere by the trusted proxy: refused.
    away = {"X-Forwarded-For": "198.51.100.77"}
    check(api.get("/metrics", headers=away), 403)
    token = os.environ.get("JOBBRO_METRICS_TOKEN")
    if token:
        check(api.get("/metrics", headers=dict(
            away, Authorization=f"Bearer {token}")), 200)
        check(api.get("/metrics", headers=dict(
            away, Authorization="Bearer wrong")), 403)


# --- erasure ------------------------------------------------------------------

def test_an_erased_persons_stored_answer_is_gone(api, admin):
    """A replayed Idempotency-Key of a request that created the person
    answers 410, not the stored body with their name."""
    key = unique_email("idem")
    body = seeker_body()
    created = check(api.post("/v1/seekers", json=body, token=admin.token,
                             headers={"Idempotency-Key": key}), 201).body
    check(api.post(f"/v1/seekers/{created['id']}/erase", token=admin.token),
          204)
    resp = check(api.post("/v1/seekers", json=body, token=admin.token,
                          headers={"Idempotency-Key": key}), 410)
    assert body["first_name"] not in json.dumps(resp.body)


def _marker(kind):
    import uuid
    return f"Zq{kind}{uuid.uuid4().hex[:10]}"


def _columns_holding(dsn, needle):
    """(table, column) of every text-like column of schema public in which
    some row holds needle (case-insensitive)."""
    import psycopg2
    conn = psycopg2.connect(dsn, connect_timeout=5)
    found = []
    try:
        with conn.cursor() as cur:
            cur.execute("""
                SELECT c.table_name, c.column_name
                FROM information_schema.columns c
                JOIN information_schema.tables t USING (table_schema,
                    table_name)
                WHERE c.table_schema = 'public'
                  AND t.table_type = 'BASE TABLE'
                  AND (c.data_type IN ('text', 'character varying', 'json',
                      'jsonb', 'inet') OR c.udt_name IN ('_text', '_varchar'))
                ORDER BY 1, 2""")
            for table, column in cur.fetchall():
                cur.execute(
                    f'SELECT count(*) FROM "{table}" '
                    f'WHERE "{column}"::text ILIKE %s', (f"%{needle}%",))
                if cur.fetchone()[0]:
                    found.append((table, column))
    finally:
        conn.close()
    return found


def _log_files():
    files = []
    if os.environ.get("JOBBRO_KORE_LOG"):
        files.append(os.environ["JOBBRO_KORE_LOG"])
    logdir = os.environ.get("JOBBRO_PG_LOG_DIR")
    if logdir and os.path.isdir(logdir):
        files += [os.path.join(logdir, f) for f in os.listdir(logdir)]
    return files


def test_erasure_leaves_nothing(api, make, admin):
    """After erase no column of any table and no log file holds the
    person's former name, e-mail, phone, support person, support needs or
    notes; not even the stored answer of an Idempotency-Key, the login
    throttle or the audit trail."""
    dsn = os.environ.get("JOBBRO_TEST_DSN")
    if not dsn:
        pytest.skip("JOBBRO_TEST_DSN is not set")
    m = {k: _marker(k) for k in ("first", "last", "mail", "helper",
                                 "need", "cover", "reason", "place",
                                 "outcome")}
    m["phone"] = "+45 " + str(int(m["first"][-8:], 16) % 10**8).zfill(8)
    email = f"{m['mail'].lower()}@erase.example"
    key = _marker("key")
    body = seeker_body(first_name=m["first"], last_name=m["last"],
                       email=email, phone=m["phone"],
                       support_person={"name": m["helper"],
                                       "relation": "Mor",
                                       "phone": "+45 11 22 33 44"},
                       support_needs=[m["need"]])
    seeker = check(api.post("/v1/seekers", json=body, token=admin.token,
                            headers={"Idempotency-Key": key}),
                   201).body
    # The person's own login, tried with a wrong password and used.
    user = make.user("seeker", seeker_id=seeker["id"], email=email,
                     name=f"{m['first']} {m['last']}")
    check(api.post("/v1/auth/token", json={
        "grant_type": "password", "username": email,
        "password": "wrong-password"}), 400)
    check(api.get(f"/v1/seekers/{seeker['id']}", token=user.token), 200)
    app = make.application(seeker=seeker, cover_note=m["cover"])
    check(api.post(f"/v1/applications/{app['id']}/transitions",
                   json={"to": "in_review", "reason": m["reason"]},
                   token=admin.token), 200)
    interview = make.interview(application=dict(app, status="in_review"),
                               location=m["place"])
    check(api.get(f"/v1/seekers/{seeker['id']}/export", token=admin.token),
          200)

    check(api.post(f"/v1/seekers/{seeker['id']}/erase", token=admin.token),
          204)
    check(api.post("/v1/seekers", json=body, token=admin.token,
                   headers={"Idempotency-Key": key}), 410)

    leftovers = {}
    for kind, value in m.items():
        held = _columns_holding(dsn, value)
        if held:
            leftovers[kind] = held
    held = _columns_holding(dsn, email)
    if held:
        leftovers["email"] = held
    assert leftovers == {}, leftovers
    for path in _log_files():
        with open(path, encoding="utf-8", errors="replace") as f:
            text = f.read()
        for value in list(m.values()) + [email]:
            assert value not in text, (path, value)
    assert interview["id"]


# --- the audit trail, through api.session ------------------------------------

def audit(api, admin, **query):
    return check(api.get("/v1/audit-events", query=query,
                         token=admin.token), 200).body["data"]


def test_a_change_is_audited_with_its_actor(api, make, admin):
    consultant = make.user("consultant")
    seeker = make.seeker(by=consultant)
    resp = check(api.patch(f"/v1/seekers/{seeker['id']}",
                           json={"phone": "+45 70 70 70 70"},
                           token=consultant.token,
                           headers={"X-Forwarded-For": "198.51.100.42"}),
                 200)
    events = audit(api, admin, seeker_id=seeker["id"],
                   action="seeker.updated")
    assert len(events) == 1
    e = events[0]
    assert (e["actor_id"], e["actor_role"], e["ip"], e["request_id"]) == (
        consultant.id, "consultant", "198.51.100.42",
        resp.headers["X-Request-Id"])
    created = audit(api, admin, seeker_id=seeker["id"],
                    action="seeker.created")
    assert [c["actor_id"] for c in created] == [consultant.id]


def test_logins_and_logouts_are_audited(api, make, admin):
    user = make.user("partner")
    check(api.post("/v1/auth/token", json={
        "grant_type": "password", "username": user.email,
        "password": "wrong-password"},
        headers={"X-Forwarded-For": "198.51.100.43"}), 400)
    check(api.post("/v1/auth/revoke", json={"token": user.refresh_token}),
          200)
    check(api.post("/v1/auth/logout-all", token=user.token), 204)
    actions = sorted(e["action"] for e in audit(api, admin,
                                                actor_id=user.id))
    for action in ("auth.login", "auth.login_failed", "auth.logout",
                   "auth.logout_all"):
        assert action in actions, actions
    failed = audit(api, admin, actor_id=user.id, action="auth.login_failed")
    assert failed[0]["ip"] == "198.51.100.43"


def test_no_secret_is_kept_by_an_idempotency_key(api, admin):
    """Secrets shown once (an API client's, a webhook's, a calendar feed's
    URL) are not stored with the Idempotency-Key's answer."""
    import psycopg2
    dsn = os.environ.get("JOBBRO_TEST_DSN")
    if not dsn:
        pytest.skip("JOBBRO_TEST_DSN is not set")
    key = _marker("idem")
    made = check(api.post("/v1/api-clients", json={
        "name": "Idem client", "municipality_codes": ["0101"],
        "scopes": ["jobs:read"]}, token=admin.token,
        headers={"Idempotency-Key": key}), 201).body
    conn = psycopg2.connect(dsn, connect_timeout=5)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT body::text FROM idempotency_keys "
                        "WHERE key = %s", (key,))
            (stored,) = cur.fetchone()
    finally:
        conn.close()
    assert made["client_secret"] not in stored
    assert made["client_id"] in stored
