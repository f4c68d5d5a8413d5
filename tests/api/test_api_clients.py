"""/v1/api-clients (admin) and what its clients may do: the
client_credentials grant with an API client's secret, scopes
(403 insufficient_scope), rotation, and tokens that die at once."""
import base64
import os
import urllib.parse

import pytest

from support import check, decode_jwt, problem_slug, unique

SCOPES = ["jobs:read", "seekers:read", "seekers:refer", "placements:read",
          "events:read", "webhooks:manage"]
SECRET_FIELDS = ("client_secret", "secret_hash", "previous_secret_hash")


def new_client(api, admin, scopes=("jobs:read", "seekers:read"),
               codes=("0101",), **extra):
    body = {"name": unique("Jobcenter"), "municipality_codes": list(codes),
            "scopes": list(scopes)}
    body.update(extra)
    return check(api.post("/v1/api-clients", json=body, token=admin.token),
                 201)


def grant(api, client_id, secret, basic=False):
    if basic:
        pair = f"{urllib.parse.quote(client_id)}:{urllib.parse.quote(secret)}"
        return api.post("/v1/auth/token",
                        json={"grant_type": "client_credentials"},
                        headers={"Authorization": "Basic " + base64.b64encode(
                            pair.encode()).decode()})
    return api.post("/v1/auth/token", json={
        "grant_type": "client_credentials", "client_id": client_id,
        "client_secret": secret})


def token_of(api, client):
    return check(grant(api, client["client_id"], client["client_secret"]),
                 200).body["access_token"]


def assert_invalid_client(resp):
    check(resp, 401)
    assert resp.body["error"] == "invalid_client"
    assert problem_slug(resp) == "invalid-client"


def assert_no_secret(client):
    for f in SECRET_FIELDS:
        assert f not in client, f


# --- managing clients --------------------------------------------------------

def test_create_shows_the_secret_once(api, admin):
    resp = new_client(api, admin, scopes=["seekers:read", "jobs:read"])
    c = resp.body
    assert resp.headers["Location"] == f"/v1/api-clients/{c['id']}"
    assert c["client_id"].startswith("jbc_")
    assert c["client_secret"].startswith("jbs_")
    assert len(c["client_secret"]) == 4 + 64
    assert c["scopes"] == ["jobs:read", "seekers:read"]
    assert c["municipality_codes"] == ["0101"]
    assert c["active"] is True and c["last_used_at"] is None

    one = check(api.get(f"/v1/api-clients/{c['id']}", token=admin.token),
                200).body
    assert_no_secret(one)
    assert one["client_id"] == c["client_id"]
    listed = check(api.get("/v1/api-clients", query={"limit": 100},
                           token=admin.token), 200).body["data"]
    mine = [x for x in listed if x["id"] == c["id"]]
    assert len(mine) == 1
    assert_no_secret(mine[0])
    assert c["client_secret"] not in str(listed)


def test_two_clients_get_different_ids_and_secrets(api, admin):
    a, b = new_client(api, admin).body, new_client(api, admin).body
    assert a["client_id"] != b["client_id"]
    assert a["client_secret"] != b["client_secret"]


def test_list_pages_and_filters(api, admin):
    c = new_client(api, admin).body
    check(api.patch(f"/v1/api-clients/{c['id']}", json={"active": False},
                    token=admin.token), 200)
    first = check(api.get("/v1/api-clients", query={"limit": 1},
                          token=admin.token), 200)
    assert len(first.body["data"]) == 1
    if first.body["next_cursor"]:
        nxt = check(api.get("/v1/api-clients", query={
            "limit": 1, "cursor": first.body["next_cursor"]},
            token=admin.token), 200).body["data"]
        assert nxt[0]["id"] != first.body["data"][0]["id"]
    inactive = check(api.get("/v1/api-clients", query={
        "active": "false", "limit": 100}, token=admin.token), 200).body
    assert c["id"] in [x["id"] for x in inactive["data"]]
    assert all(not x["active"] for x in inactive["data"])


@pytest.mark.parametrize("role", ["consultant", "partner", "seeker",
                                  "employer"])
def test_only_admins_manage_clients(api, as_role, role):
    who = as_role(role)
    resp = check(api.post("/v1/api-clients", json={
        "name": "x", "municipality_codes": ["0101"], "scopes": []},
        token=who.token), 403)
    assert problem_slug(resp) == "forbidden"
    check(api.get("/v1/api-clients", token=who.token), 403)


def test_anonymous_is_401(api):
    check(api.get("/v1/api-clients"), 401)


def test_unknown_scopes_are_422(api, admin):
    resp = check(api.post("/v1/api-clients", json={
        "name": "x", "municipality_codes": ["0101"],
        "scopes": ["jobs:read", "jobs:write"]}, token=admin.token), 422)
    fields = [e["field"] for e in resp.body["errors"]]
    assert fields == ["scopes[1]"], resp.body
    c = new_client(api, admin).body
    resp = check(api.patch(f"/v1/api-clients/{c['id']}", json={
        "scopes": ["admin"]}, token=admin.token), 422)
    assert resp.body["errors"][0]["field"].startswith("scopes")
    one = check(api.get(f"/v1/api-clients/{c['id']}", token=admin.token),
                200).body
    assert one["scopes"] == c["scopes"]


@pytest.mark.parametrize("body,field", [
    ({"municipality_codes": ["0101"], "scopes": []}, "name"),
    ({"name": "x", "municipality_codes": [], "scopes": []},
     "municipality_codes"),
    ({"name": "x", "municipality_codes": ["9999"], "scopes": []},
     "municipality_codes"),
    ({"name": "x", "municipality_codes": ["0101"]}, "scopes"),
    ({"name": "x", "municipality_codes": ["0101"], "scopes": [],
      "active": False}, "active"),
    ({"name": "x", "municipality_codes": ["0101"], "scopes": [],
      "client_secret": "mine"}, "client_secret"),
])
def test_bad_bodies_are_422(api, admin, body, field):
    resp = check(api.post("/v1/api-clients", json=body, token=admin.token),
                 422)
    assert field in [e["field"] for e in resp.body["errors"]], resp.body


def test_patch_renames_with_if_match(api, admin):
    c = new_client(api, admin).body
    got = check(api.get(f"/v1/api-clients/{c['id']}", token=admin.token),
                200)
    etag = got.headers["ETag"]
    renamed = check(api.patch(f"/v1/api-clients/{c['id']}",
                              json={"name": "Jobcenter Nord"},
                              headers={"If-Match": etag},
                              token=admin.token), 200).body
    assert renamed["name"] == "Jobcenter Nord"
    check(api.patch(f"/v1/api-clients/{c['id']}", json={"name": "Y"},
                    headers={"If-Match": etag}, token=admin.token), 412)


def test_unknown_client_is_404(api, admin):
    missing = "00000000-0000-4000-8000-000000000000"
    check(api.get(f"/v1/api-clients/{missing}", token=admin.token), 404)
    check(api.patch(f"/v1/api-clients/{missing}", json={"name": "x"},
                    token=admin.token), 404)
    check(api.post(f"/v1/api-clients/{missing}/secret", token=admin.token),
          404)
    check(api.get("/v1/api-clients/not-a-uuid", token=admin.token), 404)


# --- client_credentials ------------------------------------------------------

@pytest.mark.parametrize("basic", [False, True])
def test_token_claims(api, admin, basic):
    c = new_client(api, admin, scopes=["seekers:read", "jobs:read"]).body
    resp = check(grant(api, c["client_id"], c["client_secret"], basic), 200)
    assert "refresh_token" not in resp.body
    assert resp.headers["Cache-Control"] == "no-store"
    _, claims = decode_jwt(resp.body["access_token"])
    assert claims["role"] == "partner"
    assert claims["client_id"] == c["client_id"]
    assert claims["sub"] == c["id"]
    assert claims["municipality_codes"] == ["0101"]
    assert claims["scope"] == "jobs:read seekers:read"
    one = check(api.get(f"/v1/api-clients/{c['id']}", token=admin.token),
                200).body
    assert one["last_used_at"] is not None


def test_wrong_secret_and_unknown_client_are_401(api, admin):
    c = new_client(api, admin).body
    wrong = grant(api, c["client_id"], "jbs_" + "0" * 64)
    unknown = grant(api, "jbc_" + "0" * 24, c["client_secret"])
    for resp in (wrong, unknown):
        assert_invalid_client(resp)
    strip = lambda b: {k: v for k, v in b.items() if k != "request_id"}
    assert strip(wrong.body) == strip(unknown.body)
    # Another client's secret is not this one's.
    other = new_client(api, admin).body
    assert_invalid_client(grant(api, c["client_id"], other["client_secret"]))


def test_client_attempts_are_throttled(api, admin):
    c = new_client(api, admin).body
    for _ in range(5):
        assert_invalid_client(grant(api, c["client_id"], "wrong"))
    blocked = check(grant(api, c["client_id"], c["client_secret"]), 429)
    assert 1 <= int(blocked.headers["Retry-After"]) <= 900
    # Other clients are not blocked.
    other = new_client(api, admin).body
    token_of(api, other)


def test_a_success_forgives_earlier_failures(api, admin):
    c = new_client(api, admin).body
    for _ in range(4):
        assert_invalid_client(grant(api, c["client_id"], "wrong"))
    token_of(api, c)
    for _ in range(4):
        assert_invalid_client(grant(api, c["client_id"], "wrong"))
    token_of(api, c)


def test_deactivation_ends_tokens_at_once(api, admin):
    c = new_client(api, admin).body
    token = token_of(api, c)
    check(api.get("/v1/jobs", token=token), 200)
    check(api.patch(f"/v1/api-clients/{c['id']}", json={"active": False},
                    token=admin.token), 200)
    check(api.get("/v1/jobs", token=token), 401)
    assert_invalid_client(grant(api, c["client_id"], c["client_secret"]))
    check(api.patch(f"/v1/api-clients/{c['id']}", json={"active": True},
                    token=admin.token), 200)
    check(api.get("/v1/jobs", token=token), 401)   # still dead
    check(api.get("/v1/jobs", token=token_of(api, c)), 200)


@pytest.mark.parametrize("patch", [{"municipality_codes": ["0147"]},
                                   {"scopes": ["jobs:read"]}])
def test_a_scope_change_ends_tokens(api, admin, patch):
    c = new_client(api, admin).body
    token = token_of(api, c)
    check(api.get("/v1/jobs", token=token), 200)
    check(api.patch(f"/v1/api-clients/{c['id']}", json=patch,
                    token=admin.token), 200)
    check(api.get("/v1/jobs", token=token), 401)


def test_a_rename_keeps_tokens(api, admin):
    c = new_client(api, admin).body
    token = token_of(api, c)
    check(api.patch(f"/v1/api-clients/{c['id']}", json={"name": "Renamed"},
                    token=admin.token), 200)
    check(api.get("/v1/jobs", token=token), 200)


def test_rotation_keeps_the_old_secret_for_a_day(api, admin, db):
    c = new_client(api, admin).body
    token = token_of(api, c)
    rotated = check(api.post(f"/v1/api-clients/{c['id']}/secret",
                             token=admin.token), 200).body
    assert rotated["client_secret"] != c["client_secret"]
    assert rotated["client_id"] == c["client_id"]
    assert rotated["previous_secret_expires_at"] is not None
    assert rotated["secret_rotated_at"] is not None
    one = check(api.get(f"/v1/api-clients/{c['id']}", token=admin.token),
                200).body
    assert_no_secret(one)
    # Both work; tokens already issued live on.
    token_of(api, rotated)
    token_of(api, c)
    check(api.get("/v1/jobs", token=token), 200)
    # A second rotation ends the first secret at once.
    third = check(api.post(f"/v1/api-clients/{c['id']}/secret",
                           token=admin.token), 200).body
    assert_invalid_client(grant(api, c["client_id"], c["client_secret"]))
    token_of(api, rotated)
    token_of(api, third)


def test_the_old_secret_expires(api, admin):
    dsn = os.environ.get("JOBBRO_TEST_DSN")
    if not dsn:
        pytest.skip("JOBBRO_TEST_DSN is not set")
    import psycopg2
    c = new_client(api, admin).body
    rotated = check(api.post(f"/v1/api-clients/{c['id']}/secret",
                             token=admin.token), 200).body
    conn = psycopg2.connect(dsn, connect_timeout=5)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("UPDATE api_clients SET previous_secret_expires_at ="
                        " now() - interval '1 second' WHERE id = %s",
                        (c["id"],))
    finally:
        conn.close()
    assert_invalid_client(grant(api, c["client_id"], c["client_secret"]))
    token_of(api, rotated)
    one = check(api.get(f"/v1/api-clients/{c['id']}", token=admin.token),
                200).body
    assert one["previous_secret_expires_at"] is None


def test_the_deprecated_partner_user_grant_still_works(api, make):
    partner = make.user("partner")
    resp = check(grant(api, partner.id, partner.password), 200)
    _, claims = decode_jwt(resp.body["access_token"])
    assert "scope" not in claims and "client_id" not in claims


# --- scopes ------------------------------------------------------------------

def assert_insufficient(resp, scope):
    check(resp, 403)
    assert problem_slug(resp) == "insufficient-scope"
    assert resp.body["error"] == "insufficient_scope"
    assert resp.headers["WWW-Authenticate"] == \
        f'Bearer error="insufficient_scope", scope="{scope}"'


def test_operations_outside_the_scopes_are_403(api, admin, make):
    seeker = make.seeker()          # in 0101
    jobs_only = token_of(api, new_client(api, admin,
                                         scopes=["jobs:read"]).body)
    check(api.get("/v1/jobs", token=jobs_only), 200)
    assert_insufficient(api.get("/v1/seekers", token=jobs_only),
                        "seekers:read")
    assert_insufficient(api.get(f"/v1/seekers/{seeker['id']}",
                                token=jobs_only), "seekers:read")
    assert_insufficient(api.get("/v1/placements", token=jobs_only),
                        "placements:read")
    assert_insufficient(api.get("/v1/applications", token=jobs_only),
                        "seekers:read")
    assert_insufficient(api.post("/v1/seekers", json={}, token=jobs_only),
                        "seekers:refer")

    readers = token_of(api, new_client(api, admin,
                                       scopes=["seekers:read"]).body)
    assert_insufficient(api.get("/v1/jobs", token=readers), "jobs:read")
    got = check(api.get(f"/v1/seekers/{seeker['id']}", token=readers),
                200).body
    assert got["id"] == seeker["id"]
    # Reference data needs no scope; admin operations stay the role's.
    check(api.get("/v1/municipalities", token=readers), 200)
    check(api.get("/v1/users", token=readers), 403)


def test_no_scopes_at_all(api, admin):
    token = token_of(api, new_client(api, admin, scopes=[]).body)
    _, claims = decode_jwt(token)
    assert claims["scope"] == ""
    assert_insufficient(api.get("/v1/jobs", token=token), "jobs:read")


def test_a_scope_is_matched_whole(api, admin):
    """seekers:refer does not grant seekers:read (a prefix-free match)."""
    token = token_of(api, new_client(api, admin,
                                     scopes=["seekers:refer"]).body)
    assert_insufficient(api.get("/v1/seekers", token=token), "seekers:read")


def test_a_client_refers_a_seeker_in_its_municipality(api, admin):
    from support import seeker_body
    token = token_of(api, new_client(api, admin, scopes=[
        "seekers:refer", "seekers:read"]).body)
    created = check(api.post("/v1/seekers", json=seeker_body(
        municipality_code="0101"), token=token), 201).body
    check(api.get(f"/v1/seekers/{created['id']}", token=token), 200)
    resp = check(api.post("/v1/seekers", json=seeker_body(
        municipality_code="0147"), token=token), 422)
    assert resp.body["errors"][0]["code"] == "out_of_scope"


def test_user_tokens_are_not_scope_limited(api, as_role):
    partner = as_role("partner")
    check(api.get("/v1/seekers", token=partner.token), 200)
    check(api.get("/v1/jobs", token=partner.token), 200)


def test_the_audit_log_names_the_client(api, admin, make):
    seeker = make.seeker()
    c = new_client(api, admin, scopes=["seekers:read"]).body
    token = token_of(api, c)
    check(api.get(f"/v1/seekers/{seeker['id']}", token=token), 200)
    events = check(api.get("/v1/audit-events", query={
        "seeker_id": seeker["id"], "action": "seeker.read", "limit": 100},
        token=admin.token), 200).body["data"]
    mine = [e for e in events if e["client_id"] == c["client_id"]]
    assert len(mine) == 1
    assert mine[0]["actor_id"] == c["id"]
    assert mine[0]["actor_role"] == "partner"
    changes = check(api.get("/v1/audit-events", query={
        "actor_id": admin.id, "limit": 100}, token=admin.token), 200).body
    assert any(e["action"] == "api_client.created" and
               e["resource_id"] == c["id"] for e in changes["data"])


# Operations a partner may call that need no scope: its own identity,
# open reference data and the public job-board feed (the same answer
# without a token).
UNSCOPED = {"GET /v1/me", "GET /v1/municipalities",
            "GET /v1/municipalities/{code}", "GET /v1/feeds/jobs.jsonld"}


def test_every_partner_operation_needs_a_scope(api, admin):
    """Each operation of the access matrix that a partner may call maps
    to a scope: a client without scopes is refused 403
    insufficient_scope (before any lookup, so any id will do)."""
    from access_matrix import MATRIX
    token = token_of(api, new_client(api, admin, scopes=[]).body)
    fake = "00000000-0000-4000-8000-000000000000"
    checked = 0
    for op in MATRIX:
        if op.expect("partner", "own") in (401, 403) or op.name in UNSCOPED:
            continue
        path = op.path.replace("{id}", fake).replace("{code}", "0101")
        json = {} if op.method in ("POST", "PATCH") else None
        kw = {"json": json} if json is not None else {}
        resp = api.request(op.method, path, token=token, **kw)
        assert resp.status == 403 and \
            problem_slug(resp) == "insufficient-scope", \
            f"{op.name} needs no scope: {resp!r}"
        check(resp, 403)
        checked += 1
    assert checked >= 15
