"""/v1/users — accounts of every role, admin only."""
import pytest

from support import (assert_subset, check, login, problem_slug, unique,
                     unique_email)

NON_ADMINS = ["consultant", "employer", "seeker", "partner"]
MISSING_ID = "00000000-0000-4000-8000-000000000000"


def user_body(role="seeker", **fields):
    body = {"email": unique_email(role), "name": unique("Bruger"),
            "role": role, "password": "et-langt-kodeord"}
    body.update(fields)
    return body


def create(api, admin, body, status=201):
    return check(api.post("/v1/users", json=body, token=admin.token), status)


def assert_no_secrets(user):
    for key in user:
        assert "password" not in key and "hash" not in key, key


def test_admin_creates_and_reads_a_user(api, admin):
    body = user_body("consultant", municipality_codes=["0101", "0147"])
    resp = create(api, admin, body)
    user = resp.body
    assert_subset({"email": body["email"], "name": body["name"],
                   "role": "consultant",
                   "municipality_codes": ["0101", "0147"],
                   "employer_id": None, "seeker_id": None, "active": True},
                  user)
    assert_no_secrets(user)
    assert resp.headers["Location"] == f"/v1/users/{user['id']}"

    got = check(api.get(f"/v1/users/{user['id']}", token=admin.token), 200)
    assert got.body == user
    assert got.headers["ETag"] == resp.headers["ETag"]


@pytest.mark.parametrize("role", ["admin", "consultant", "employer", "seeker",
                                  "partner"])
def test_admin_creates_every_role(api, make, role):
    who = make.user(role)
    assert who.token and who.role == role


def test_employer_user_is_bound_to_its_employer(api, admin, make):
    employer = make.employer()
    user = create(api, admin, user_body(
        "employer", employer_id=employer["id"])).body
    assert user["employer_id"] == employer["id"]


def test_list_filters_by_role_and_active(api, admin):
    partner = create(api, admin, user_body(
        "partner", municipality_codes=["0101"])).body
    data = check(api.get("/v1/users", query={"role": "partner"},
                         token=admin.token), 200).body["data"]
    assert partner["id"] in [u["id"] for u in data]
    assert all(u["role"] == "partner" for u in data)

    check(api.patch(f"/v1/users/{partner['id']}", json={"active": False},
                    token=admin.token), 200)
    inactive = check(api.get("/v1/users", query={"active": "false"},
                             token=admin.token), 200).body["data"]
    assert partner["id"] in [u["id"] for u in inactive]
    assert all(u["active"] is False for u in inactive)
    active = check(api.get("/v1/users", query={"active": "true",
                                                "role": "partner"},
                           token=admin.token), 200).body["data"]
    assert partner["id"] not in [u["id"] for u in active]
    assert all(u["active"] and u["role"] == "partner" for u in active)


def test_list_paginates(api, admin):
    for _ in range(3):
        create(api, admin, user_body())
    first = check(api.get("/v1/users", query={"limit": 2},
                          token=admin.token), 200)
    assert len(first.body["data"]) == 2
    assert first.body["next_cursor"]
    assert 'rel="next"' in first.headers["Link"]
    second = check(api.get("/v1/users", query={
        "limit": 2, "cursor": first.body["next_cursor"]},
        token=admin.token), 200)
    ids = [u["id"] for u in first.body["data"] + second.body["data"]]
    assert len(set(ids)) == len(ids) == 4


def test_patch_updates_and_changes_etag(api, admin):
    resp = create(api, admin, user_body())
    user, etag = resp.body, resp.headers["ETag"]
    patched = check(api.patch(f"/v1/users/{user['id']}",
                              json={"name": "Nyt Navn"}, token=admin.token,
                              headers={"If-Match": etag}), 200)
    assert patched.body["name"] == "Nyt Navn"
    assert patched.headers["ETag"] != etag
    stale = check(api.patch(f"/v1/users/{user['id']}",
                            json={"name": "Gammelt Navn"}, token=admin.token,
                            headers={"If-Match": etag}), 412)
    assert problem_slug(stale) == "precondition-failed"
    again = check(api.get(f"/v1/users/{user['id']}", token=admin.token), 200)
    assert again.body["name"] == "Nyt Navn"


def test_patch_password_lets_the_user_log_in_with_it(api, admin, make):
    user = make.user("seeker")
    check(api.patch(f"/v1/users/{user.id}",
                    json={"password": "et-helt-nyt-kodeord"},
                    token=admin.token), 200)
    login(api, user.email, "et-helt-nyt-kodeord")
    resp = check(api.post("/v1/auth/token", json={
        "grant_type": "password", "username": user.email,
        "password": user.password}), 400)
    assert resp.body["error"] == "invalid_grant"


def test_deactivated_user_cannot_log_in_or_refresh(api, admin, make):
    user = make.user("seeker")
    resp = check(api.patch(f"/v1/users/{user.id}", json={"active": False},
                           token=admin.token), 200)
    assert resp.body["active"] is False
    for body in ({"grant_type": "password", "username": user.email,
                  "password": user.password},
                 {"grant_type": "refresh_token",
                  "refresh_token": user.refresh_token}):
        resp = check(api.post("/v1/auth/token", json=body), 400)
        assert resp.body["error"] == "invalid_grant"


def test_reactivated_user_can_log_in_again(api, admin, make):
    user = make.user("seeker")
    for active in (False, True):
        check(api.patch(f"/v1/users/{user.id}", json={"active": active},
                        token=admin.token), 200)
    login(api, user.email, user.password)


def test_validation_lists_every_bad_field(api, admin):
    resp = create(api, admin, {"email": "not-an-email", "name": "",
                               "role": "wizard", "password": "short",
                               "municipality_codes": ["101"],
                               "employer_id": "nope",
                               "password_hash": "x"}, 422)
    assert problem_slug(resp) == "validation-failed"
    errors = resp.field_errors()
    assert_subset({"email": "invalid_format", "name": "too_short",
                   "role": "invalid_value", "password": "too_short",
                   "employer_id": "invalid_format",
                   "password_hash": "unknown_field"}, errors)
    assert any(f.startswith("municipality_codes") for f in errors), errors


def test_missing_required_fields(api, admin):
    errors = create(api, admin, {}, 422).field_errors()
    assert_subset({f: "required" for f in ("email", "name", "role",
                                           "password")}, errors)


@pytest.mark.parametrize("role, missing", [("consultant", "municipality_codes"),
                                           ("partner", "municipality_codes"),
                                           ("employer", "employer_id")])
def test_scope_is_required_for_scoped_roles(api, admin, role, missing):
    resp = create(api, admin, user_body(role), 422)
    assert missing in resp.field_errors()


def test_unknown_employer_is_not_found(api, admin):
    resp = create(api, admin, user_body("employer", employer_id=MISSING_ID),
                  422)
    assert resp.field_errors().get("employer_id") == "not_found"


def test_unknown_municipality_code_is_rejected(api, admin):
    resp = create(api, admin, user_body("consultant",
                                        municipality_codes=["9999"]), 422)
    assert any(f.startswith("municipality_codes")
               for f in resp.field_errors())


def test_duplicate_email_is_409(api, admin):
    body = user_body()
    create(api, admin, body)
    dup = create(api, admin, user_body(email=body["email"]), 409)
    assert problem_slug(dup) == "conflict"
    create(api, admin, user_body(email=body["email"].upper()), 409)


def test_read_only_fields_cannot_be_patched(api, admin, make):
    user = make.user("seeker")
    resp = check(api.patch(f"/v1/users/{user.id}", json={
        "id": MISSING_ID, "created_at": "2020-01-01T00:00:00Z"},
        token=admin.token), 422)
    assert {"id", "created_at"} <= set(resp.field_errors())


@pytest.mark.parametrize("path", [f"/v1/users/{MISSING_ID}",
                                  "/v1/users/not-a-uuid", "/v1/users/123"])
def test_unknown_user_is_404(api, admin, path):
    check(api.get(path, token=admin.token), 404)
    check(api.patch(path, json={"name": "x"}, token=admin.token), 404)


@pytest.mark.parametrize("role", NON_ADMINS)
def test_other_roles_are_forbidden(api, as_role, admin, role):
    who = as_role(role)
    target = f"/v1/users/{admin.id}"
    for resp in (api.get("/v1/users", token=who.token),
                 api.post("/v1/users", json=user_body(), token=who.token),
                 api.get(target, token=who.token),
                 api.patch(target, json={"role": role}, token=who.token)):
        assert problem_slug(check(resp, 403)) == "forbidden"


def test_anonymous_is_401(api, admin):
    target = f"/v1/users/{admin.id}"
    for resp in (api.get("/v1/users"),
                 api.post("/v1/users", json=user_body()),
                 api.get(target),
                 api.patch(target, json={"name": "x"})):
        check(resp, 401)
