"""/v1/employers — companies that offer adapted jobs."""
import pytest

from conftest import OTHER_CODE
from support import (assert_subset, bad_checksum_cvr, check, employer_body,
                     problem_slug, random_cvr)

MISSING_ID = "00000000-0000-4000-8000-000000000000"


def ids(resp):
    return [e["id"] for e in resp.body["data"]]


def path(employer):
    return f"/v1/employers/{employer['id']}"


# --- CRUD -------------------------------------------------------------------

def test_create_get_list(api, admin):
    body = employer_body()
    resp = check(api.post("/v1/employers", json=body, token=admin.token), 201)
    employer = resp.body
    assert_subset(body, employer)
    assert resp.headers["Location"] == path(employer)
    etag = resp.headers["ETag"]

    got = check(api.get(path(employer), token=admin.token), 200)
    assert got.body == employer
    assert got.headers["ETag"] == etag

    listed = check(api.get("/v1/employers", query={"cvr": body["cvr"]},
                           token=admin.token), 200)
    assert listed.body["data"] == [employer]
    assert listed.body["next_cursor"] is None


def test_only_required_fields(api, admin):
    body = {"name": "Minimal ApS", "cvr": random_cvr(),
            "municipality_code": "0101"}
    employer = check(api.post("/v1/employers", json=body,
                              token=admin.token), 201).body
    assert_subset(body, employer)
    for optional in ("street", "postal_code", "city", "contact_name",
                     "contact_email", "contact_phone", "agreement_signed_on",
                     "notes"):
        assert employer[optional] is None, optional


def test_lengths_count_characters_not_bytes(api, admin):
    name = "ø" * 200
    employer = check(api.post("/v1/employers", json=employer_body(name=name),
                              token=admin.token), 201).body
    assert employer["name"] == name
    resp = check(api.post("/v1/employers", json=employer_body(
        name="ø" * 201), token=admin.token), 422)
    assert resp.field_errors() == {"name": "too_long"}


def test_list_filters(api, admin, make):
    marker = random_cvr()
    a = make.employer(name=f"Grøn Gartner {marker}", municipality_code="0101")
    b = make.employer(name=f"Blå Bager {marker}", municipality_code=OTHER_CODE)

    def listed(**query):
        return ids(check(api.get("/v1/employers", query=query,
                                 token=admin.token), 200))

    assert set(listed(q=marker)) == {a["id"], b["id"]}
    assert listed(q=f"gRøn GARTNER {marker}") == [a["id"]]
    assert listed(q=marker, municipality_code=OTHER_CODE) == [b["id"]]
    assert listed(cvr=a["cvr"]) == [a["id"]]
    # Newest first.
    assert listed(q=marker) == [b["id"], a["id"]]


def test_pagination(api, admin, make):
    marker = random_cvr()
    made = [make.employer(name=f"Side {i} {marker}")["id"] for i in range(5)]
    seen, cursor, pages = [], None, 0
    while True:
        query = {"q": marker, "limit": 2}
        if cursor:
            query["cursor"] = cursor
        resp = check(api.get("/v1/employers", query=query,
                             token=admin.token), 200)
        seen += ids(resp)
        pages += 1
        cursor = resp.body["next_cursor"]
        assert ("Link" in resp.headers) == (cursor is not None)
        if cursor is None:
            break
    assert pages == 3
    assert seen == list(reversed(made))


def test_patch_merges_and_clears(api, admin, make):
    employer = make.employer()
    resp = check(api.patch(path(employer), json={
        "contact_phone": "+45 87 65 43 21", "notes": None},
        token=admin.token), 200)
    assert resp.body["contact_phone"] == "+45 87 65 43 21"
    assert resp.body["notes"] is None
    assert resp.body["name"] == employer["name"]
    assert resp.body["updated_at"] >= employer["updated_at"]


@pytest.mark.parametrize("field", ["name", "cvr", "municipality_code"])
def test_required_fields_cannot_be_nulled(api, admin, make, field):
    employer = make.employer()
    resp = check(api.patch(path(employer), json={field: None},
                           token=admin.token), 422)
    assert field in resp.field_errors()


def test_if_match(api, admin, make):
    employer = make.employer()
    etag = check(api.get(path(employer), token=admin.token),
                 200).headers["ETag"]
    good = check(api.patch(path(employer), json={"city": "Valby"},
                           token=admin.token, headers={"If-Match": etag}), 200)
    new_etag = good.headers["ETag"]
    assert new_etag != etag
    stale = check(api.patch(path(employer), json={"city": "Vanløse"},
                            token=admin.token, headers={"If-Match": etag}),
                  412)
    assert problem_slug(stale) == "precondition-failed"
    check(api.delete(path(employer), token=admin.token,
                     headers={"If-Match": etag}), 412)
    after = check(api.get(path(employer), token=admin.token), 200)
    assert after.body["city"] == "Valby"
    assert after.headers["ETag"] == new_etag


def test_delete(api, admin, make):
    employer = make.employer()
    resp = check(api.delete(path(employer), token=admin.token), 204)
    assert resp.raw == b""
    check(api.get(path(employer), token=admin.token), 404)
    check(api.delete(path(employer), token=admin.token), 404)


def test_delete_with_jobs_is_409(api, admin, make):
    employer = make.employer()
    make.job(employer)
    resp = check(api.delete(path(employer), token=admin.token), 409)
    assert problem_slug(resp) == "conflict"
    check(api.get(path(employer), token=admin.token), 200)


# --- validation -------------------------------------------------------------

def test_bad_cvr_checksum(api, admin):
    resp = check(api.post("/v1/employers", json=employer_body(
        cvr=bad_checksum_cvr()), token=admin.token), 422)
    assert resp.field_errors() == {"cvr": "invalid_checksum"}


@pytest.mark.parametrize("cvr", ["1234567", "123456789", "1234567a",
                                 " 25313763", ""])
def test_bad_cvr_format(api, admin, cvr):
    resp = check(api.post("/v1/employers", json=employer_body(cvr=cvr),
                          token=admin.token), 422)
    assert "cvr" in resp.field_errors()


def test_duplicate_cvr_is_409(api, admin, make):
    employer = make.employer()
    resp = check(api.post("/v1/employers", json=employer_body(
        cvr=employer["cvr"]), token=admin.token), 409)
    assert problem_slug(resp) == "conflict"
    other = make.employer()
    check(api.patch(path(other), json={"cvr": employer["cvr"]},
                    token=admin.token), 409)


def test_every_bad_field_is_listed(api, admin):
    resp = check(api.post("/v1/employers", json={
        "name": "", "cvr": bad_checksum_cvr(), "municipality_code": "101",
        "contact_email": "no-at-sign", "agreement_signed_on": "2026-02-30",
        "notes": "x" * 5001, "street": 12, "website": "https://x.dk"},
        token=admin.token), 422)
    assert_subset({"name": "too_short", "cvr": "invalid_checksum",
                   "municipality_code": "invalid_format",
                   "contact_email": "invalid_format",
                   "agreement_signed_on": "invalid_format",
                   "notes": "too_long", "street": "invalid_type",
                   "website": "unknown_field"}, resp.field_errors())


def test_missing_required_fields(api, admin):
    resp = check(api.post("/v1/employers", json={}, token=admin.token), 422)
    assert_subset({"name": "required", "cvr": "required",
                   "municipality_code": "required"}, resp.field_errors())


def test_unknown_municipality_is_422_in_words(api, admin):
    resp = check(api.post("/v1/employers", json=employer_body(
        municipality_code="9999"), token=admin.token), 422)
    assert resp.field_errors() == {"municipality_code": "not_found"}
    assert resp.body["errors"][0]["message"] == "no such municipality"
    # PostgreSQL's own text names tables and constraints: never shown.
    text = resp.raw.decode()
    assert "violates" not in text and "employers_" not in text, text


@pytest.mark.parametrize("field", ["id", "created_at", "updated_at"])
def test_read_only_fields_are_rejected(api, admin, make, field):
    employer = make.employer()
    resp = check(api.patch(path(employer), json={field: employer[field]},
                           token=admin.token), 422)
    assert field in resp.field_errors()


@pytest.mark.parametrize("employer_path", [f"/v1/employers/{MISSING_ID}",
                                           "/v1/employers/not-a-uuid"])
def test_unknown_employer_is_404(api, admin, employer_path):
    check(api.get(employer_path, token=admin.token), 404)
    check(api.patch(employer_path, json={"city": "x"}, token=admin.token),
          404)
    check(api.delete(employer_path, token=admin.token), 404)


# --- who may do what --------------------------------------------------------

@pytest.fixture(scope="module")
def home(make):
    """An employer inside consultants' and partners' scope (0101)."""
    return make.employer(municipality_code="0101")


@pytest.fixture(scope="module")
def away(make):
    """An employer outside that scope (0147 Frederiksberg)."""
    return make.employer(municipality_code=OTHER_CODE)


def listed_ids(api, who, **query):
    query.setdefault("limit", 100)
    return ids(check(api.get("/v1/employers", query=query,
                             token=who.token), 200))


@pytest.mark.parametrize("role", ["consultant", "partner"])
def test_scoped_roles_see_their_municipalities_only(api, as_role, home, away,
                                                    role):
    who = as_role(role)
    check(api.get(path(home), token=who.token), 200)
    assert problem_slug(check(api.get(path(away), token=who.token),
                              404)) == "not-found"
    for e in check(api.get("/v1/employers", query={"limit": 100},
                           token=who.token), 200).body["data"]:
        assert e["municipality_code"] == "0101"
    assert home["id"] in listed_ids(api, who, cvr=home["cvr"])
    assert listed_ids(api, who, cvr=away["cvr"]) == []


def test_consultant_creates_and_patches_in_scope(api, as_role, away):
    consultant = as_role("consultant")
    employer = check(api.post("/v1/employers", json=employer_body(
        municipality_code="0101"), token=consultant.token), 201).body
    check(api.patch(path(employer), json={"city": "Nordvest"},
                    token=consultant.token), 200)
    check(api.patch(path(away), json={"city": "Nordvest"},
                    token=consultant.token), 404)


def test_consultant_cannot_place_employers_outside_scope(api, as_role, home):
    consultant = as_role("consultant")
    resp = check(api.post("/v1/employers", json=employer_body(
        municipality_code=OTHER_CODE), token=consultant.token), 422)
    assert resp.field_errors() == {"municipality_code": "out_of_scope"}
    resp = check(api.patch(path(home), json={"municipality_code": OTHER_CODE},
                           token=consultant.token), 422)
    assert resp.field_errors() == {"municipality_code": "out_of_scope"}


def test_employer_user_sees_and_patches_only_its_own(api, as_role, home):
    who = as_role("employer")
    own = f"/v1/employers/{who.employer_id}"
    check(api.get(own, token=who.token), 200)
    check(api.patch(own, json={"contact_name": "Ny Kontakt"},
                    token=who.token), 200)
    check(api.get(path(home), token=who.token), 404)
    check(api.patch(path(home), json={"city": "x"}, token=who.token), 404)
    assert listed_ids(api, who) == [who.employer_id]


@pytest.mark.parametrize("role, status", [("employer", 403),
                                          ("partner", 403),
                                          ("seeker", 403),
                                          ("anonymous", 401)])
def test_who_may_not_create(api, as_role, role, status):
    check(api.post("/v1/employers", json=employer_body(),
                   token=as_role(role).token), status)


@pytest.mark.parametrize("role, status", [("partner", 403), ("seeker", 403),
                                          ("anonymous", 401)])
def test_who_may_not_patch(api, as_role, home, role, status):
    check(api.patch(path(home), json={"city": "x"},
                    token=as_role(role).token), status)


@pytest.mark.parametrize("role, status", [("consultant", 403),
                                          ("employer", 403),
                                          ("partner", 403), ("seeker", 403),
                                          ("anonymous", 401)])
def test_only_admins_delete(api, as_role, home, role, status):
    check(api.delete(path(home), token=as_role(role).token), status)
    check(api.get(path(home), token=as_role("admin").token), 200)


@pytest.mark.parametrize("role, status", [("seeker", 403),
                                          ("anonymous", 401)])
def test_who_may_not_read(api, as_role, home, role, status):
    token = as_role(role).token
    check(api.get("/v1/employers", token=token), status)
    check(api.get(path(home), token=token), status)
