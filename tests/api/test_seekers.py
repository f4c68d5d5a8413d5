"""/v1/seekers — job seekers, their support needs, preferences and consents.

The contract: api-spec/README.md ("Seekers") and api-spec/openapi.yaml."""
import uuid
from contextlib import contextmanager
from datetime import date

import pytest

from conftest import OTHER_CODE
from support import assert_subset, check, problem_slug, seeker_body, unique

MISSING_ID = "00000000-0000-4000-8000-000000000000"
EMPTY_PREFERENCES = {"max_weekly_hours": None, "job_types": [],
                     "interests": [], "travel_radius_km": None}


def path(seeker):
    return f"/v1/seekers/{seeker['id']}"


def ids(resp):
    return [s["id"] for s in resp.body["data"]]


def listed(api, who, **query):
    """Ids of the first page (up to 100) `who` gets for `query`."""
    query.setdefault("limit", 100)
    return ids(check(api.get("/v1/seekers", query=query, token=who.token),
                     200))


def years_ago(years):
    """Today's date `years` years back (28 Feb for 29 Feb)."""
    today = date.today()
    try:
        return today.replace(year=today.year - years).isoformat()
    except ValueError:
        return today.replace(year=today.year - years, day=28).isoformat()


@contextmanager
def nothing_created(db):
    """No seeker row is added inside the block (when the DB is reachable)."""
    before = db.seekers_count() if db else None
    yield
    if db:
        assert db.seekers_count() == before


@contextmanager
def unchanged(api, admin, seeker):
    """`seeker` has the same body and ETag after the block."""
    before = check(api.get(path(seeker), token=admin.token), 200)
    yield
    after = check(api.get(path(seeker), token=admin.token), 200)
    assert after.body == before.body
    assert after.headers["ETag"] == before.headers["ETag"]


# --- create, read, update ---------------------------------------------------

def test_every_field_round_trips(api, admin, as_role):
    body = seeker_body(consultant_id=as_role("consultant").id,
                       status="paused")
    resp = check(api.post("/v1/seekers", json=body, token=admin.token), 201)
    seeker = resp.body
    assert_subset(body, seeker)
    assert resp.headers["Location"] == path(seeker)
    etag = resp.headers["ETag"]

    got = check(api.get(path(seeker), token=admin.token), 200)
    assert got.body == seeker
    assert got.headers["ETag"] == etag

    page = check(api.get("/v1/seekers", query={"q": body["last_name"]},
                         token=admin.token), 200)
    assert page.body == {"data": [seeker], "next_cursor": None}
    assert "Link" not in page.headers


def test_defaults(api, admin):
    body = {"first_name": "Ida", "last_name": unique("Holm"),
            "birth_date": "2001-09-30", "municipality_code": "0101",
            "consents": {"processing": True, "share_with_employers": False}}
    seeker = check(api.post("/v1/seekers", json=body, token=admin.token),
                   201).body
    assert_subset(body, seeker)
    assert_subset({
        "email": None, "phone": None, "consultant_id": None,
        "support_person": None, "benefit_type": "none",
        "monthly_benefit_dkk": None, "preferences": EMPTY_PREFERENCES,
        "location": None, "support_needs": [],
        "needs_single_supervisor": False, "easy_read": False,
        "status": "active"}, seeker)


def test_missing_keys_of_nested_objects_become_null_or_empty(make):
    seeker = make.seeker(support_person={"name": "Ole Holm"},
                         preferences={"job_types": ["ordinary"]})
    assert seeker["support_person"] == {"name": "Ole Holm", "relation": None,
                                        "phone": None}
    assert seeker["preferences"] == dict(EMPTY_PREFERENCES,
                                         job_types=["ordinary"])


def test_patch_writes_every_field(api, admin, make, as_role):
    seeker = make.seeker()
    patch = seeker_body(
        first_name="Ida", birth_date="1990-01-02", phone="+45 99 88 77 66",
        municipality_code=OTHER_CODE, consultant_id=as_role("consultant").id,
        support_person={"name": "Bo", "relation": None, "phone": None},
        benefit_type="kontanthjaelp", monthly_benefit_dkk=0,
        preferences={"max_weekly_hours": 37, "job_types": ["ordinary"],
                     "interests": [], "travel_radius_km": 500},
        location={"lat": -90, "lon": 180}, support_needs=[],
        needs_single_supervisor=False, easy_read=False,
        consents={"processing": True, "share_with_employers": False},
        status="inactive")
    after = check(api.patch(path(seeker), json=patch, token=admin.token),
                  200).body
    assert_subset(patch, after)
    assert after["id"] == seeker["id"]
    assert after["created_at"] == seeker["created_at"]
    assert after["updated_at"] >= seeker["updated_at"]


def test_patch_merges_and_replaces_nested_objects_whole(api, admin, make):
    seeker = make.seeker()
    after = check(api.patch(path(seeker), json={
        "phone": None, "support_person": None, "location": None,
        "preferences": {"interests": ["Heste"]}}, token=admin.token),
        200).body
    assert_subset({"phone": None, "support_person": None, "location": None,
                   "preferences": dict(EMPTY_PREFERENCES,
                                       interests=["Heste"])}, after)
    untouched = {k: v for k, v in seeker.items()
                 if k not in ("phone", "support_person", "location",
                              "preferences", "updated_at")}
    assert_subset(untouched, after)


def test_if_match(api, admin, make):
    seeker = make.seeker()
    etag = check(api.get(path(seeker), token=admin.token),
                 200).headers["ETag"]
    good = check(api.patch(path(seeker), json={"phone": "+45 11 11 11 11"},
                           token=admin.token, headers={"If-Match": etag}),
                 200)
    assert good.headers["ETag"] != etag
    with unchanged(api, admin, seeker):
        stale = check(api.patch(path(seeker), json={"phone": None},
                                token=admin.token,
                                headers={"If-Match": etag}), 412)
        assert problem_slug(stale) == "precondition-failed"


@pytest.mark.parametrize("seeker_path", [f"/v1/seekers/{MISSING_ID}",
                                         "/v1/seekers/not-a-uuid"])
def test_unknown_seeker_is_404(api, admin, seeker_path):
    assert problem_slug(check(api.get(seeker_path, token=admin.token),
                              404)) == "not-found"
    check(api.patch(seeker_path, json={"phone": None}, token=admin.token),
          404)


# --- lists ------------------------------------------------------------------

@pytest.fixture(scope="module")
def crowd(make, as_role):
    """Three seekers sharing a marker, different in every filter."""
    marker = uuid.uuid4().hex[:10]
    consultant = as_role("consultant")
    holm = make.seeker(last_name=f"Holm{marker}", municipality_code="0101",
                       consultant_id=consultant.id)
    berg = make.seeker(last_name=f"Berg{marker}", municipality_code=OTHER_CODE,
                       status="paused")
    ida = make.seeker(first_name=f"Ida{marker}", last_name="Kjær",
                      status="inactive")
    return {"marker": marker, "consultant": consultant, "holm": holm["id"],
            "berg": berg["id"], "ida": ida["id"]}


def test_list_filters(api, admin, crowd):
    marker = crowd["marker"]

    def names(**query):
        by_id = {crowd[k]: k for k in ("holm", "berg", "ida")}
        return [by_id[i] for i in listed(api, admin, q=marker, **query)]

    assert names() == ["ida", "berg", "holm"]           # newest first
    assert names(municipality_code=OTHER_CODE) == ["berg"]
    assert names(consultant_id=crowd["consultant"].id) == ["holm"]
    assert names(status="paused") == ["berg"]
    assert names(status="inactive") == ["ida"]
    assert names(status="placed") == []
    assert listed(api, admin, q=f"hOLM{marker.upper()}") == [crowd["holm"]]
    assert listed(api, admin, q=f"iDA{marker}") == [crowd["ida"]]


def test_pagination(api, admin, make):
    marker = uuid.uuid4().hex[:10]
    made = [make.seeker(last_name=f"Side{i} {marker}")["id"]
            for i in range(5)]
    seen, cursor, pages = [], None, 0
    while True:
        query = {"q": marker, "limit": 2}
        if cursor:
            query["cursor"] = cursor
        resp = check(api.get("/v1/seekers", query=query, token=admin.token),
                     200)
        seen += ids(resp)
        pages += 1
        cursor = resp.body["next_cursor"]
        assert ("Link" in resp.headers) == (cursor is not None)
        if cursor is None:
            break
    assert pages == 3
    assert seen == list(reversed(made))


@pytest.mark.parametrize("query", [{"consultant_id": "not-a-uuid"},
                                   {"status": "retired"}, {"limit": 0},
                                   {"limit": 101}, {"cursor": "nonsense"},
                                   {"q": "x" * 201}])
def test_bad_query_value_is_400(api, admin, query):
    resp = check(api.get("/v1/seekers", query=query, token=admin.token), 400)
    assert list(query)[0] in resp.field_errors()


# --- validation -------------------------------------------------------------

def test_every_bad_field_is_listed(api, admin, db):
    with nothing_created(db):
        resp = check(api.post("/v1/seekers", json={
            "first_name": 42,
            "last_name": "",
            "birth_date": "17-05-1998",
            "email": "no-at-sign",
            "phone": "1" * 41,
            "municipality_code": "101",
            "consultant_id": "not-a-uuid",
            "support_person": {"relation": "Mor"},
            "benefit_type": "boligstoette",
            "monthly_benefit_dkk": -1,
            "preferences": {"job_types": ["skaanejob", "fuldtid"],
                            "max_weekly_hours": 0},
            "location": {"lat": 91, "lon": 12.5},
            "support_needs": ["Ro", ""],
            "needs_single_supervisor": "yes",
            "easy_read": 1,
            "status": "retired",
            "nickname": "Mads",
        }, token=admin.token), 422)
    assert problem_slug(resp) == "validation-failed"
    assert_subset({
        "first_name": "invalid_type",
        "last_name": "too_short",
        "birth_date": "invalid_format",
        "email": "invalid_format",
        "phone": "too_long",
        "municipality_code": "invalid_format",
        "consultant_id": "invalid_format",
        "support_person.name": "required",
        "benefit_type": "invalid_value",
        "monthly_benefit_dkk": "out_of_range",
        "preferences.job_types[1]": "invalid_value",
        "preferences.max_weekly_hours": "out_of_range",
        "location.lat": "out_of_range",
        "support_needs[1]": "too_short",
        "needs_single_supervisor": "invalid_type",
        "easy_read": "invalid_type",
        "status": "invalid_value",
        "nickname": "unknown_field",
        "consents": "required",
    }, resp.field_errors())


def test_missing_required_fields(api, admin, db):
    with nothing_created(db):
        resp = check(api.post("/v1/seekers", json={}, token=admin.token), 422)
    assert_subset({"first_name": "required", "last_name": "required",
                   "birth_date": "required", "municipality_code": "required",
                   "consents": "required"}, resp.field_errors())


@pytest.mark.parametrize("field", ["first_name", "last_name", "birth_date",
                                   "municipality_code", "consents"])
def test_required_fields_cannot_be_nulled(api, admin, make, field):
    seeker = make.seeker()
    with unchanged(api, admin, seeker):
        resp = check(api.patch(path(seeker), json={field: None},
                               token=admin.token), 422)
    assert field in resp.field_errors()


@pytest.mark.parametrize("field", ["id", "created_at", "updated_at"])
def test_read_only_fields_are_rejected(api, admin, make, field):
    seeker = make.seeker()
    with unchanged(api, admin, seeker):
        resp = check(api.patch(path(seeker), json={field: seeker[field]},
                               token=admin.token), 422)
    assert field in resp.field_errors()


def test_nested_objects_are_sent_whole(api, admin, make):
    seeker = make.seeker()
    with unchanged(api, admin, seeker):
        resp = check(api.patch(path(seeker), json={
            "location": {"lat": 55.0},
            "consents": {"processing": True}}, token=admin.token), 422)
    assert resp.field_errors() == {"location.lon": "required",
                                   "consents.share_with_employers":
                                   "required"}


def test_processing_consent_must_be_given(api, admin, make, db):
    no = {"processing": False, "share_with_employers": False}
    with nothing_created(db):
        resp = check(api.post("/v1/seekers", json=seeker_body(consents=no),
                              token=admin.token), 422)
    assert resp.field_errors() == {"consents.processing": "invalid_value"}

    seeker = make.seeker()
    with unchanged(api, admin, seeker):
        resp = check(api.patch(path(seeker), json={"consents": no},
                               token=admin.token), 422)
    assert resp.field_errors() == {"consents.processing": "invalid_value"}


@pytest.mark.parametrize("age", [10, 14, 102])
def test_age_out_of_range(api, admin, make, db, age):
    with nothing_created(db):
        resp = check(api.post("/v1/seekers", json=seeker_body(
            birth_date=years_ago(age)), token=admin.token), 422)
    assert resp.field_errors() == {"birth_date": "out_of_range"}

    seeker = make.seeker()
    with unchanged(api, admin, seeker):
        resp = check(api.patch(path(seeker), json={
            "birth_date": years_ago(age)}, token=admin.token), 422)
    assert resp.field_errors() == {"birth_date": "out_of_range"}


@pytest.mark.parametrize("age", [16, 99])
def test_age_in_range(make, age):
    assert make.seeker(birth_date=years_ago(age))["birth_date"] == \
        years_ago(age)


@pytest.fixture(scope="module")
def retired_consultant(api, admin, make):
    """A consultant whose account was deactivated."""
    who = make.user("consultant")
    check(api.patch(f"/v1/users/{who.id}", json={"active": False},
                    token=admin.token), 200)
    return who


@pytest.mark.parametrize("whose", ["partner", "admin", "retired", "missing"])
def test_consultant_id_must_be_an_active_consultant(api, admin, as_role, db,
                                                    retired_consultant,
                                                    whose):
    consultant_id = {"retired": retired_consultant.id,
                     "missing": MISSING_ID}.get(whose) or as_role(whose).id
    with nothing_created(db):
        resp = check(api.post("/v1/seekers", json=seeker_body(
            consultant_id=consultant_id), token=admin.token), 422)
    assert resp.field_errors() == {"consultant_id": "not_found"}


def test_unknown_municipality_is_not_found(api, admin, db):
    with nothing_created(db):
        resp = check(api.post("/v1/seekers", json=seeker_body(
            municipality_code="9999"), token=admin.token), 422)
    assert resp.field_errors() == {"municipality_code": "not_found"}


def test_placed_is_set_by_placements_only(api, admin, make, db):
    with nothing_created(db):
        resp = check(api.post("/v1/seekers", json=seeker_body(
            status="placed"), token=admin.token), 422)
    assert resp.field_errors() == {"status": "invalid_value"}

    seeker = make.seeker()
    with unchanged(api, admin, seeker):
        resp = check(api.patch(path(seeker), json={"status": "placed"},
                               token=admin.token), 422)
    assert resp.field_errors() == {"status": "invalid_value"}


# --- who may do what --------------------------------------------------------

@pytest.fixture(scope="module")
def scope(make, as_role):
    """Seekers sharing a marker: `home` in 0101 (the consultant's and
    partner's municipality), `away` in 0147, `assigned` in 0147 but
    assigned to the consultant."""
    marker = uuid.uuid4().hex[:10]
    consultant = as_role("consultant")
    return {
        "marker": marker,
        "home": make.seeker(last_name=f"Hjem {marker}",
                            municipality_code="0101"),
        "away": make.seeker(last_name=f"Ude {marker}",
                            municipality_code=OTHER_CODE),
        "assigned": make.seeker(last_name=f"Tildelt {marker}",
                                municipality_code=OTHER_CODE,
                                consultant_id=consultant.id),
    }


@pytest.fixture(scope="module")
def me(make):
    """A seeker and a logged-in user of role seeker who is that seeker."""
    seeker = make.seeker(benefit_type="foertidspension")
    return seeker, make.user("seeker", seeker_id=seeker["id"])


READS = {
    # role: which of the scope fixture's seekers it may read
    "admin": {"home", "away", "assigned"},
    "consultant": {"home", "assigned"},
    "partner": {"home"},
}


@pytest.mark.parametrize("role", list(READS))
def test_who_reads_what(api, as_role, scope, role):
    who = as_role(role)
    for kind in ("home", "away", "assigned"):
        check(api.get(path(scope[kind]), token=who.token),
              200 if kind in READS[role] else 404)
    assert set(listed(api, who, q=scope["marker"])) == \
        {scope[kind]["id"] for kind in READS[role]}


@pytest.mark.parametrize("role", ["consultant", "partner"])
def test_lists_only_hold_seekers_in_scope(api, as_role, scope, role):
    who = as_role(role)
    for seeker in check(api.get("/v1/seekers", query={"limit": 100},
                                token=who.token), 200).body["data"]:
        assert seeker["municipality_code"] in who.municipality_codes or \
            (role == "consultant" and seeker["consultant_id"] == who.id)


def test_consultant_edits_seekers_in_scope(api, admin, as_role, scope):
    consultant = as_role("consultant")
    for kind in ("home", "assigned"):
        check(api.patch(path(scope[kind]), json={"easy_read": True},
                        token=consultant.token), 200)
    with unchanged(api, admin, scope["away"]):
        check(api.patch(path(scope["away"]), json={"easy_read": True},
                        token=consultant.token), 404)


def test_consultant_creates_and_is_assigned(api, as_role):
    consultant = as_role("consultant")
    body = seeker_body()
    seeker = check(api.post("/v1/seekers", json=body,
                            token=consultant.token), 201).body
    assert_subset(body, seeker)
    assert seeker["consultant_id"] == consultant.id


@pytest.mark.parametrize("role", ["consultant", "partner"])
def test_create_outside_municipalities_is_out_of_scope(api, as_role, db,
                                                       role):
    with nothing_created(db):
        resp = check(api.post("/v1/seekers", json=seeker_body(
            municipality_code=OTHER_CODE), token=as_role(role).token), 422)
    assert resp.field_errors() == {"municipality_code": "out_of_scope"}


@pytest.mark.parametrize("extra", [{}, {"consultant_id": None}])
def test_partner_refers_unassigned_seekers(api, as_role, extra):
    partner = as_role("partner")
    body = seeker_body(**extra)
    seeker = check(api.post("/v1/seekers", json=body, token=partner.token),
                   201).body
    # Support needs are a case note: the partner sends, never reads them.
    assert seeker["support_needs"] is None
    body.pop("support_needs", None)
    assert_subset(body, seeker)
    assert seeker["consultant_id"] is None
    check(api.get(path(seeker), token=partner.token), 200)


def test_partner_cannot_assign_a_consultant(api, as_role, db):
    with nothing_created(db):
        resp = check(api.post("/v1/seekers", json=seeker_body(
            consultant_id=as_role("consultant").id),
            token=as_role("partner").token), 422)
    assert resp.field_errors() == {"consultant_id": "read_only"}


def test_seeker_sees_only_themselves(api, admin, scope, me):
    seeker, user = me
    got = check(api.get(path(seeker), token=user.token), 200)
    assert got.body == check(api.get(path(seeker), token=admin.token),
                             200).body
    check(api.get(path(scope["home"]), token=user.token), 404)
    check(api.patch(path(scope["home"]), json={"phone": None},
                    token=user.token), 404)


def test_seeker_edits_their_own_details(api, me):
    seeker, user = me
    patch = {"phone": "+45 31 32 33 34",
             "preferences": dict(EMPTY_PREFERENCES, interests=["Køkken"]),
             "consents": {"processing": True, "share_with_employers": False}}
    resp = check(api.patch(path(seeker), json=patch, token=user.token), 200)
    assert_subset(patch, resp.body)


@pytest.mark.parametrize("field, value", [
    ("benefit_type", "kontanthjaelp"),
    ("monthly_benefit_dkk", 1000),
    ("status", "paused"),
    ("municipality_code", OTHER_CODE),
    ("consultant_id", "consultant"),
])
def test_seeker_may_not_write_case_fields(api, admin, as_role, me, field,
                                          value):
    seeker, user = me
    if field == "consultant_id":
        value = as_role("consultant").id
    with unchanged(api, admin, seeker):
        resp = check(api.patch(path(seeker), json={field: value},
                               token=user.token), 422)
    assert resp.field_errors() == {field: "read_only"}


def call(api, op, who, target):
    """One of the four operations, by `who`, on `target` (get/patch)."""
    if op == "list":
        return api.get("/v1/seekers", token=who.token)
    if op == "get":
        return api.get(path(target), token=who.token)
    if op == "create":
        return api.post("/v1/seekers", json=seeker_body(), token=who.token)
    return api.patch(path(target), json={"phone": "+45 40 40 40 40"},
                     token=who.token)


DENIED = [("employer", op, 403) for op in ("list", "get", "create", "patch")]
DENIED += [("seeker", "list", 403), ("seeker", "create", 403),
           ("partner", "patch", 403)]
DENIED += [("anonymous", op, 401) for op in ("list", "get", "create",
                                             "patch")]


@pytest.mark.parametrize("role, op, status", DENIED)
def test_who_may_not(api, admin, as_role, db, scope, me, role, op, status):
    # The seeker user is a real seeker (me), so 403 is about the role.
    who = me[1] if role == "seeker" else as_role(role)
    with nothing_created(db), unchanged(api, admin, scope["home"]):
        resp = check(call(api, op, who, scope["home"]), status)
    assert problem_slug(resp) == {401: "unauthorized",
                                  403: "forbidden"}[status]


# --- stage (read-only, computed) --------------------------------------------

STAGES = ["searching", "submitted", "in_review", "interview", "offered",
          "placed", "paused", "inactive"]


def stage_of(api, admin, seeker):
    return check(api.get(path(seeker), token=admin.token),
                 200).body["stage"]


def move(api, admin, app, *tos):
    for to in tos:
        app = check(api.post(f"/v1/applications/{app['id']}/transitions",
                             json={"to": to}, token=admin.token), 200).body
    return app


def test_stage_follows_the_way_to_a_job(api, admin, make):
    """searching -> submitted -> in_review -> interview -> offered ->
    placed; after the placement ends, searching again (the hired
    application is no longer open)."""
    seeker = make.seeker()
    assert seeker["stage"] == "searching"
    assert stage_of(api, admin, seeker) == "searching"
    app = make.application(seeker=seeker)
    assert stage_of(api, admin, seeker) == "submitted"
    for to in ("in_review", "interview", "offered"):
        app = move(api, admin, app, to)
        assert stage_of(api, admin, seeker) == to
    p = make.placement(application=app, start_date="2026-01-05")
    got = check(api.get(path(seeker), token=admin.token), 200).body
    assert (got["status"], got["stage"]) == ("placed", "placed")
    check(api.post(f"/v1/placements/{p['id']}/end", json={
        "end_date": "2026-02-01", "reason": "quit"}, token=admin.token), 200)
    got = check(api.get(path(seeker), token=admin.token), 200).body
    assert (got["status"], got["stage"]) == ("active", "searching")


def test_stage_after_an_interview_is_scheduled(api, admin, make):
    seeker = make.seeker()
    make.interview(application=make.application(seeker=seeker))
    assert stage_of(api, admin, seeker) == "interview"


def test_stage_is_the_furthest_open_application(api, admin, make):
    seeker = make.seeker()
    first = make.application(seeker=seeker)
    second = move(api, admin, make.application(seeker=seeker), "in_review",
                  "interview")
    assert stage_of(api, admin, seeker) == "interview"
    move(api, admin, second, "rejected")
    assert stage_of(api, admin, seeker) == "submitted"
    move(api, admin, first, "withdrawn")
    assert stage_of(api, admin, seeker) == "searching"


def test_paused_and_inactive_come_before_applications(api, admin, make):
    seeker = make.seeker()
    make.offered_application(seeker=seeker)
    assert stage_of(api, admin, seeker) == "offered"
    for status, stage in [("paused", "paused"), ("inactive", "inactive"),
                          ("active", "offered")]:
        got = check(api.patch(path(seeker), json={"status": status},
                              token=admin.token), 200).body
        assert (got["status"], got["stage"]) == (status, stage)
    assert make.seeker(status="paused")["stage"] == "paused"
    assert make.seeker(status="inactive")["stage"] == "inactive"


def test_stage_is_on_every_seeker_json(api, admin, make, as_role):
    consultant = make.user("consultant")
    seeker = make.seeker(consultant_id=consultant.id)
    make.application(seeker=seeker)
    page = check(api.get("/v1/seekers", query={
        "consultant_id": consultant.id}, token=admin.token), 200).body
    assert [s["stage"] for s in page["data"]] == ["submitted"]
    assert check(api.get(path(seeker), token=consultant.token),
                 200).body["stage"] == "submitted"
    me = make.user("seeker", seeker_id=seeker["id"])
    assert check(api.get(path(seeker), token=me.token),
                 200).body["stage"] == "submitted"


@pytest.fixture(scope="module")
def staged(api, admin, make):
    """One seeker per stage, all assigned to a new consultant."""
    consultant = make.user("consultant")

    def seeker(**fields):
        return make.seeker(consultant_id=consultant.id, **fields)

    by_stage = {"searching": seeker()}
    by_stage["submitted"] = seeker()
    make.application(seeker=by_stage["submitted"])
    by_stage["in_review"] = seeker()
    move(api, admin, make.application(seeker=by_stage["in_review"]),
         "in_review")
    by_stage["interview"] = seeker()
    move(api, admin, make.application(seeker=by_stage["interview"]),
         "in_review", "interview")
    by_stage["offered"] = seeker()
    make.offered_application(seeker=by_stage["offered"])
    by_stage["placed"] = seeker()
    make.placement(application=make.offered_application(
        seeker=by_stage["placed"]))
    by_stage["paused"] = seeker(status="paused")
    by_stage["inactive"] = seeker(status="inactive")
    return consultant, {k: v["id"] for k, v in by_stage.items()}


@pytest.mark.parametrize("stage", STAGES)
def test_list_filter_by_stage(api, admin, staged, stage):
    consultant, by_stage = staged
    assert listed(api, admin, consultant_id=consultant.id, stage=stage) == \
        [by_stage[stage]]
    # the consultant's own view filters the same way
    assert listed(api, consultant, consultant_id=consultant.id,
                  stage=stage) == [by_stage[stage]]
    page = check(api.get("/v1/seekers", query={
        "consultant_id": consultant.id, "stage": stage},
        token=admin.token), 200).body["data"]
    assert [s["stage"] for s in page] == [stage]


def test_stage_and_status_filters_combine(api, admin, staged):
    consultant, by_stage = staged
    assert listed(api, admin, consultant_id=consultant.id, status="active",
                  stage="offered") == [by_stage["offered"]]
    assert listed(api, admin, consultant_id=consultant.id, status="paused",
                  stage="offered") == []
    assert set(listed(api, admin, consultant_id=consultant.id,
                      status="active")) == {
        by_stage[s] for s in ("searching", "submitted", "in_review",
                              "interview", "offered")}


@pytest.mark.parametrize("value", ["hired", "Searching", "", "active"])
def test_bad_stage_filter_is_400(api, admin, value):
    resp = check(api.get("/v1/seekers", query={"stage": value},
                         token=admin.token), 400)
    assert resp.field_errors() == {"stage": "invalid_value"}


def test_stage_cannot_be_written(api, admin, make, db):
    with nothing_created(db):
        resp = check(api.post("/v1/seekers", json=seeker_body(
            stage="placed"), token=admin.token), 422)
    assert resp.field_errors() == {"stage": "unknown_field"}
    seeker = make.seeker()
    with unchanged(api, admin, seeker):
        resp = check(api.patch(path(seeker), json={"stage": "offered"},
                               token=admin.token), 422)
    assert resp.field_errors() == {"stage": "unknown_field"}
