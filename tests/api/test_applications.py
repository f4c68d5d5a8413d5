"""/v1/applications — job seekers' applications for jobs, their status
moves and history.

The contract: api-spec/openapi.yaml (tag `applications`).
Status: submitted → in_review → interview → offered (→ hired through
placements only); any open status → rejected or withdrawn; hired, rejected
and withdrawn are final. Moves: admins and consultants all legal ones,
employer users in_review/interview/offered/rejected, seeker users withdrawn
only, partners none."""
import re
import uuid
from contextlib import contextmanager
from datetime import datetime, timezone

import pytest

from conftest import OTHER_CODE, SCOPE_CODES
from support import ANONYMOUS, check, problem_slug

MISSING_ID = "00000000-0000-4000-8000-000000000000"
OPEN = ["submitted", "in_review", "interview", "offered"]
CHAIN = ["in_review", "interview", "offered"]     # from submitted, in order


# --- helpers ----------------------------------------------------------------

def path(app):
    return f"/v1/applications/{app['id']}"


def ids(resp):
    return [a["id"] for a in resp.body["data"]]


def listed(api, who, **query):
    """Ids of the first page (up to 100) `who` gets for `query`."""
    query.setdefault("limit", 100)
    return ids(check(api.get("/v1/applications", query=query,
                             token=who.token), 200))


def apply(api, who, seeker, job, status=201, **fields):
    body = {"seeker_id": seeker["id"], "job_id": job["id"]}
    body.update(fields)
    return check(api.post("/v1/applications", json=body, token=who.token),
                 status)


def move(api, app, to, who, status=200, reason=None, headers=None):
    """POST .../transitions {"to": to[, "reason": reason]} by `who`."""
    body = {"to": to}
    if reason is not None:
        body["reason"] = reason
    return check(api.post(path(app) + "/transitions", json=body,
                          token=who.token, headers=headers), status)


def history(api, app, who, status=200):
    return check(api.get(path(app) + "/history", token=who.token), status)


def when(stamp):
    """An RFC 3339 UTC timestamp as a datetime (any number of fraction
    digits), so that times compare correctly."""
    m = re.match(r"^(.{19})(?:\.(\d+))?Z$", stamp)
    assert m, stamp
    micro = int((m.group(2) or "0")[:6].ljust(6, "0"))
    return datetime.fromisoformat(m.group(1)).replace(
        microsecond=micro, tzinfo=timezone.utc)


def summary(seeker, notes=True):
    """The `seeker` summary an application shows of `seeker`; without
    `notes` (employer, partner) its support_needs are null."""
    got = {k: seeker[k] for k in ("first_name", "last_name", "easy_read",
                                  "needs_single_supervisor",
                                  "support_needs")}
    if not notes:
        got["support_needs"] = None
    return got


def listed_items(api, who, **query):
    query.setdefault("limit", 100)
    return check(api.get("/v1/applications", query=query, token=who.token),
                 200).body["data"]


def job_of(make, employer_user, status="published"):
    """A job of the employer of `employer_user` (whose employer is in 0101)."""
    return make.job(employer={"id": employer_user.employer_id,
                              "municipality_code": SCOPE_CODES[0]},
                    status=status)


@contextmanager
def nothing_created(db):
    """No application (or event) row is added inside the block (when the
    DB is reachable)."""
    before = db.applications_count() if db else None
    yield
    if db:
        assert db.applications_count() == before


@pytest.fixture(scope="module")
def boss(make):
    """An employer user (a new employer in 0101)."""
    return make.user("employer")


@pytest.fixture(scope="module")
def other_boss(make):
    """An employer user of another employer, with no jobs."""
    return make.user("employer")


@pytest.fixture(scope="module")
def stranger(make):
    """A consultant of another municipality only."""
    return make.user("consultant", municipality_codes=[OTHER_CODE])


# --- create -----------------------------------------------------------------

def test_consultant_applies_for_a_seeker(api, make, as_role):
    consultant = as_role("consultant")
    seeker = make.seeker(municipality_code="0101")
    job = make.job(status="published")
    resp = apply(api, consultant, seeker, job,
                 cover_note="Mads kan lide faste rutiner.")
    app = resp.body
    assert app["status"] == "submitted"
    assert app["seeker_id"] == seeker["id"]
    assert app["job_id"] == job["id"]
    assert app["cover_note"] == "Mads kan lide faste rutiner."
    assert app["prepared_with_consultant"] is True
    assert app["seeker"] == summary(seeker)
    assert resp.headers["Location"] == path(app)

    got = check(api.get(resp.headers["Location"], token=consultant.token),
                200)
    assert got.body == app
    assert got.headers["ETag"] == resp.headers["ETag"]


def test_consultant_may_say_it_was_not_prepared_together(api, make, as_role):
    app = apply(api, as_role("consultant"), make.seeker(),
                make.job(status="published"),
                prepared_with_consultant=False).body
    assert app["prepared_with_consultant"] is False
    assert app["cover_note"] is None


def test_seeker_user_applies_for_themselves(api, make):
    seeker = make.seeker()
    me = make.user("seeker", seeker_id=seeker["id"])
    app = apply(api, me, seeker, make.job(status="published")).body
    assert app["status"] == "submitted"
    assert app["prepared_with_consultant"] is False
    assert app["seeker"] == summary(seeker)
    assert listed(api, me) == [app["id"]]


def test_seeker_user_cannot_apply_for_another_seeker(api, make, db):
    me = make.user("seeker", seeker_id=make.seeker()["id"])
    someone_else = make.seeker()
    with nothing_created(db):
        resp = apply(api, me, someone_else, make.job(status="published"),
                     status=422)
    assert resp.field_errors() == {"seeker_id": "not_found"}


def test_consultant_cannot_apply_for_a_seeker_out_of_scope(api, make,
                                                           stranger, db):
    seeker = make.seeker(municipality_code="0101")
    with nothing_created(db):
        resp = apply(api, stranger, seeker, make.job(status="published"),
                     status=422)
    assert resp.field_errors() == {"seeker_id": "not_found"}


def test_consultant_applies_for_an_assigned_seeker_elsewhere(api, make,
                                                             as_role):
    consultant = as_role("consultant")
    seeker = make.seeker(municipality_code=OTHER_CODE,
                         consultant_id=consultant.id)
    app = apply(api, consultant, seeker, make.job(status="published")).body
    assert app["seeker_id"] == seeker["id"]


@pytest.mark.parametrize("job_status", ["draft", "closed"])
def test_job_that_is_not_published_is_409(api, make, as_role, db,
                                          job_status):
    # The consultant can see the job (it is in 0101), so it is a conflict,
    # not an unknown job.
    job = make.job(status=job_status)
    with nothing_created(db):
        resp = apply(api, as_role("consultant"), make.seeker(), job,
                     status=409)
    assert problem_slug(resp) == "conflict"


def test_filled_job_is_409(api, make, as_role, db):
    # A job becomes filled when its last position is taken by a hire.
    job = make.job(status="published", positions=1)
    make.placement(application=make.offered_application(job=job))
    filled = check(api.get(f"/v1/jobs/{job['id']}", token=make.admin.token),
                   200).body
    assert (filled["status"], filled["filled"]) == ("filled", 1)
    with nothing_created(db):
        resp = apply(api, as_role("consultant"), make.seeker(), job,
                     status=409)
    assert problem_slug(resp) == "conflict"


def test_seeker_user_cannot_see_a_draft_job(api, make, db):
    # Seekers see published jobs only: a draft is an unknown job to them.
    seeker = make.seeker()
    me = make.user("seeker", seeker_id=seeker["id"])
    with nothing_created(db):
        resp = apply(api, me, seeker, make.job(status="draft"), status=422)
    assert resp.field_errors() == {"job_id": "not_found"}


def test_unknown_job_is_422_not_found(api, admin, make, db):
    with nothing_created(db):
        resp = apply(api, admin, make.seeker(), {"id": MISSING_ID},
                     status=422)
    assert resp.field_errors() == {"job_id": "not_found"}


def test_inactive_seeker_is_409(api, admin, make, db):
    seeker = make.seeker(status="inactive")
    with nothing_created(db):
        resp = apply(api, admin, seeker, make.job(status="published"),
                     status=409)
    assert problem_slug(resp) == "conflict"


@pytest.mark.parametrize("end", ["withdrawn", "rejected"])
def test_one_open_application_per_seeker_and_job(api, admin, make, db, end):
    seeker, job = make.seeker(), make.job(status="published")
    first = make.application(seeker, job)
    with nothing_created(db):
        resp = apply(api, admin, seeker, job, status=409)
    assert problem_slug(resp) == "conflict"

    move(api, first, end, admin)
    again = apply(api, admin, seeker, job).body
    assert again["id"] != first["id"]
    assert again["status"] == "submitted"
    got = check(api.get(path(first), token=admin.token), 200).body
    assert got["status"] == end


def test_retry_with_idempotency_key_creates_one(api, admin, make, db):
    seeker, job = make.seeker(), make.job(status="published")
    body = {"seeker_id": seeker["id"], "job_id": job["id"]}
    key = {"Idempotency-Key": uuid.uuid4().hex}
    first = check(api.post("/v1/applications", json=body, token=admin.token,
                           headers=key), 201)
    with nothing_created(db):
        second = check(api.post("/v1/applications", json=body,
                                token=admin.token, headers=key), 201)
    assert second.body == first.body


# --- transitions ------------------------------------------------------------

def test_employer_moves_along_the_chain(api, admin, make, boss):
    app = make.application(job=job_of(make, boss))
    etags = {check(api.get(path(app), token=boss.token),
                   200).headers["ETag"]}
    for to in CHAIN:
        resp = move(api, app, to, boss, reason=f"Videre til {to}")
        assert resp.body["status"] == to
        assert resp.body["id"] == app["id"]
        assert when(resp.body["updated_at"]) >= when(app["created_at"])
        assert resp.headers["ETag"] not in etags
        etags.add(resp.headers["ETag"])
    got = check(api.get(path(app), token=boss.token), 200)
    assert got.body["status"] == "offered"
    assert got.headers["ETag"] == resp.headers["ETag"]

    # Hiring is a placement, not a transition.
    resp = move(api, app, "hired", admin, status=409)
    assert "placements" in resp.body.get("detail", "")
    assert check(api.get(path(app), token=admin.token),
                 200).body["status"] == "offered"


@pytest.mark.parametrize("before, to", [
    ([], "offered"),
    ([], "interview"),
    (["in_review"], "offered"),
    (["in_review"], "in_review"),
    (["in_review", "interview"], "in_review"),
    (["withdrawn"], "in_review"),
    (["withdrawn"], "withdrawn"),
    (["rejected"], "withdrawn"),
    (["in_review", "rejected"], "interview"),
], ids=lambda v: "-".join(v) or "submitted" if isinstance(v, list) else v)
def test_illegal_move_is_409(api, admin, make, before, to):
    app = make.application()
    for step in before:
        move(api, app, step, admin)
    status = before[-1] if before else "submitted"
    resp = move(api, app, to, admin, status=409)
    assert problem_slug(resp) == "conflict"
    detail = resp.body.get("detail", "")
    assert status in detail and to in detail, detail
    assert check(api.get(path(app), token=admin.token),
                 200).body["status"] == status


@pytest.mark.parametrize("before", [[], ["in_review"],
                                    ["in_review", "interview", "offered"]],
                         ids=["submitted", "in_review", "offered"])
def test_hired_is_409(api, admin, make, before):
    app = make.application()
    for step in before:
        move(api, app, step, admin)
    resp = move(api, app, "hired", admin, status=409)
    assert problem_slug(resp) == "conflict"


@pytest.mark.parametrize("start", OPEN)
@pytest.mark.parametrize("end", ["rejected", "withdrawn"])
def test_any_open_application_may_end(api, make, as_role, start, end):
    consultant = as_role("consultant")
    app = make.application(by=consultant)
    for step in CHAIN[:OPEN.index(start)]:
        move(api, app, step, consultant)
    assert move(api, app, end, consultant).body["status"] == end


def test_seeker_may_only_withdraw(api, make):
    seeker = make.seeker()
    me = make.user("seeker", seeker_id=seeker["id"])
    app = apply(api, me, seeker, make.job(status="published")).body
    for to in ("in_review", "rejected"):
        assert problem_slug(move(api, app, to, me, status=403)) == \
            "forbidden"
    assert move(api, app, "withdrawn", me,
                reason="Jeg har fundet noget andet.").body["status"] == \
        "withdrawn"
    events = history(api, app, me).body["data"]
    assert events[-1]["actor_id"] == me.id


def test_employer_may_not_withdraw(api, make, boss):
    app = make.application(job=job_of(make, boss))
    assert problem_slug(move(api, app, "withdrawn", boss, status=403)) == \
        "forbidden"
    assert move(api, app, "rejected", boss).body["status"] == "rejected"


def test_partner_reads_but_may_not_move(api, make, as_role):
    partner = as_role("partner")
    seeker = make.seeker(municipality_code="0101")
    app = make.application(seeker)
    got = check(api.get(path(app), token=partner.token), 200).body
    assert got["seeker"] == summary(seeker, notes=False)
    assert app["id"] in listed(api, partner, seeker_id=seeker["id"])
    assert problem_slug(move(api, app, "in_review", partner,
                             status=403)) == "forbidden"
    assert check(api.get(path(app), token=partner.token),
                 200).body["status"] == "submitted"


def test_stale_if_match_is_412(api, admin, make):
    app = make.application()
    etag = check(api.get(path(app), token=admin.token), 200).headers["ETag"]
    resp = move(api, app, "in_review", admin, headers={"If-Match": etag})
    assert resp.headers["ETag"] != etag
    move(api, app, "interview", admin, status=412,
         headers={"If-Match": etag})
    assert check(api.get(path(app), token=admin.token),
                 200).body["status"] == "in_review"
    assert len(history(api, app, admin).body["data"]) == 2


# --- history ----------------------------------------------------------------

def test_history_lists_every_move_oldest_first(api, make, as_role, boss):
    consultant = as_role("consultant")
    app = make.application(job=job_of(make, boss), by=consultant)
    move(api, app, "in_review", boss, reason="Vi kigger på den.")
    move(api, app, "interview", boss)
    move(api, app, "rejected", consultant, reason="Timerne passer ikke.")

    events = history(api, app, consultant).body["data"]
    assert [(e["from"], e["to"], e["actor_id"], e["reason"])
            for e in events] == [
        (None, "submitted", consultant.id, None),
        ("submitted", "in_review", boss.id, "Vi kigger på den."),
        ("in_review", "interview", boss.id, None),
        ("interview", "rejected", consultant.id, "Timerne passer ikke."),
    ]
    ats = [when(e["at"]) for e in events]
    assert ats == sorted(ats)
    # Everyone who may read the application may read its history; the
    # employer without the reasons (case notes), even its own.
    assert history(api, app, boss).body["data"] == [
        dict(e, reason=None) for e in events]


# --- who sees what ----------------------------------------------------------

def test_employer_sees_applications_to_own_jobs_only(api, make, boss,
                                                     other_boss):
    job = job_of(make, boss)
    app = make.application(job=job)
    assert check(api.get(path(app), token=boss.token), 200).body["id"] == \
        app["id"]
    assert listed(api, boss, job_id=job["id"]) == [app["id"]]
    assert app["id"] in listed(api, boss)

    check(api.get(path(app), token=other_boss.token), 404)
    history(api, app, other_boss, status=404)
    move(api, app, "in_review", other_boss, status=404)
    assert listed(api, other_boss, job_id=job["id"]) == []
    assert listed(api, other_boss) == []     # it has no jobs at all


@pytest.mark.parametrize("share", [True, False],
                         ids=["shared", "not-shared"])
def test_employer_sees_seeker_only_with_consent(api, admin, make, boss,
                                                share):
    seeker = make.seeker(consents={"processing": True,
                                   "share_with_employers": share})
    job = job_of(make, boss)
    app = make.application(seeker, job)
    expected = summary(seeker, notes=False) if share else None
    assert check(api.get(path(app), token=boss.token),
                 200).body["seeker"] == expected
    page = check(api.get("/v1/applications", query={"job_id": job["id"]},
                         token=boss.token), 200).body["data"]
    assert [a["seeker"] for a in page] == [expected]
    # Others always see it.
    assert check(api.get(path(app), token=admin.token),
                 200).body["seeker"] == summary(seeker)


def test_case_notes_reach_admin_consultant_and_seeker_only(api, make, admin,
                                                           as_role, boss):
    """cover_note, the history's reasons and the seeker summary's
    support_needs: admin, consultant and the seeker read them; employer and
    partner read null (the keys stay)."""
    seeker = make.seeker(support_needs=["Faste rutiner"])       # in 0101
    me = make.user("seeker", seeker_id=seeker["id"])
    app = make.application(seeker, job_of(make, boss),
                           cover_note="Jeg kan lide faste rutiner.")
    move(api, app, "in_review", admin, reason="Lone ringer i morgen.")
    readers = {"admin": admin, "consultant": as_role("consultant"),
               "seeker": me, "employer": boss, "partner": as_role("partner")}
    for role, who in readers.items():
        sees = role in ("admin", "consultant", "seeker")
        got = check(api.get(path(app), token=who.token), 200).body
        assert got["cover_note"] == \
            ("Jeg kan lide faste rutiner." if sees else None), role
        assert got["seeker"] == summary(seeker, notes=sees), role
        assert listed_items(api, who, seeker_id=seeker["id"]) == [got], role
        reasons = [e["reason"] for e in
                   history(api, app, who).body["data"]]
        assert reasons == [None, "Lone ringer i morgen." if sees else None], \
            role


def test_employer_move_answers_without_case_notes(api, make, boss):
    seeker = make.seeker()
    app = make.application(seeker, job_of(make, boss),
                           cover_note="Til arbejdsgiveren?")
    got = move(api, app, "in_review", boss, reason="Vi ringer.").body
    assert got["status"] == "in_review"
    assert got["cover_note"] is None
    assert got["seeker"]["support_needs"] is None


def test_consultant_of_another_municipality_sees_nothing(api, make,
                                                         stranger):
    seeker = make.seeker(municipality_code="0101")
    app = make.application(seeker)
    check(api.get(path(app), token=stranger.token), 404)
    history(api, app, stranger, status=404)
    move(api, app, "in_review", stranger, status=404)
    assert listed(api, stranger, seeker_id=seeker["id"]) == []


def test_seeker_user_sees_only_own_applications(api, make):
    mine, theirs = make.seeker(), make.seeker()
    me = make.user("seeker", seeker_id=mine["id"])
    app = make.application(mine)
    other = make.application(theirs)
    assert listed(api, me) == [app["id"]]
    assert listed(api, me, seeker_id=theirs["id"]) == []
    check(api.get(path(other), token=me.token), 404)
    history(api, other, me, status=404)
    move(api, other, "withdrawn", me, status=404)


@pytest.mark.parametrize("method, suffix", [
    ("GET", ""), ("POST", ""), ("GET", "/{id}"),
    ("POST", "/{id}/transitions"), ("GET", "/{id}/history")])
def test_anonymous_is_401(api, make, method, suffix):
    app = make.application()
    url = "/v1/applications" + suffix.format(id=app["id"])
    body = {"to": "withdrawn"} if suffix else \
        {"seeker_id": app["seeker_id"], "job_id": app["job_id"]}
    kw = {"json": body} if method == "POST" else {}
    resp = check(api.request(method, url, token=ANONYMOUS.token, **kw), 401)
    assert resp.headers["WWW-Authenticate"].startswith("Bearer")


# --- lists ------------------------------------------------------------------

def test_list_filters_and_pagination(api, admin, make):
    seeker = make.seeker()
    job1, job2 = make.job(status="published"), make.job(status="published")
    a1 = make.application(seeker, job1)
    a2 = make.application(seeker, job2)
    move(api, a1, "withdrawn", admin)

    assert listed(api, admin, seeker_id=seeker["id"]) == [a2["id"], a1["id"]]
    assert listed(api, admin, job_id=job1["id"]) == [a1["id"]]
    assert listed(api, admin, seeker_id=seeker["id"],
                  job_id=job2["id"]) == [a2["id"]]
    assert listed(api, admin, seeker_id=seeker["id"],
                  status="withdrawn") == [a1["id"]]
    assert listed(api, admin, seeker_id=seeker["id"],
                  status="submitted") == [a2["id"]]
    assert listed(api, admin, job_id=job1["id"], status="submitted") == []

    first = check(api.get("/v1/applications", token=admin.token, query={
        "seeker_id": seeker["id"], "limit": 1}), 200)
    assert ids(first) == [a2["id"]]
    cursor = first.body["next_cursor"]
    assert cursor
    link = first.headers["Link"]
    assert link.startswith("</v1/applications?") and 'rel="next"' in link
    second = check(api.get("/v1/applications", token=admin.token, query={
        "seeker_id": seeker["id"], "limit": 1, "cursor": cursor}), 200)
    assert ids(second) == [a1["id"]]
    assert second.body["next_cursor"] is None
    assert "Link" not in second.headers


@pytest.mark.parametrize("query", [{"seeker_id": "not-a-uuid"},
                                   {"job_id": "42"}, {"status": "accepted"},
                                   {"limit": 0}, {"limit": 101},
                                   {"cursor": "nonsense"}])
def test_bad_query_value_is_400(api, admin, query):
    resp = check(api.get("/v1/applications", query=query,
                         token=admin.token), 400)
    assert list(query)[0] in resp.field_errors()


# --- bad input --------------------------------------------------------------

def test_every_bad_create_field_is_listed(api, admin, db):
    with nothing_created(db):
        resp = check(api.post("/v1/applications", json={
            "seeker_id": "not-a-uuid",
            "cover_note": "x" * 2001,
            "prepared_with_consultant": "ja",
            "colour": "blå",
        }, token=admin.token), 422)
    assert problem_slug(resp) == "validation-failed"
    assert resp.field_errors() == {
        "seeker_id": "invalid_format",
        "job_id": "required",
        "cover_note": "too_long",
        "prepared_with_consultant": "invalid_type",
        "colour": "unknown_field",
    }


def test_empty_create_body_lists_both_ids(api, admin, db):
    with nothing_created(db):
        resp = check(api.post("/v1/applications", json={},
                              token=admin.token), 422)
    assert resp.field_errors() == {"seeker_id": "required",
                                   "job_id": "required"}


@pytest.mark.parametrize("body, errors", [
    ({"to": "accepted", "reason": "x" * 1001},
     {"to": "invalid_value", "reason": "too_long"}),
    ({"to": "submitted"}, {"to": "invalid_value"}),
    ({}, {"to": "required"}),
    ({"reason": "Fordi"}, {"to": "required"}),
    ({"to": 3, "reason": False}, {"to": "invalid_type",
                                  "reason": "invalid_type"}),
    ({"to": "in_review", "why": "x"}, {"why": "unknown_field"}),
], ids=["enum-and-too-long", "submitted", "empty", "no-to", "types",
        "unknown"])
def test_every_bad_transition_field_is_listed(api, admin, make, db, body,
                                              errors):
    app = make.application()
    with nothing_created(db):
        resp = check(api.post(path(app) + "/transitions", json=body,
                              token=admin.token), 422)
    assert resp.field_errors() == errors
    assert check(api.get(path(app), token=admin.token),
                 200).body["status"] == "submitted"
    assert len(history(api, app, admin).body["data"]) == 1


@pytest.mark.parametrize("method, url", [
    ("GET", "/v1/applications/not-a-uuid"),
    ("GET", "/v1/applications/123/history"),
    ("POST", "/v1/applications/abc/transitions"),
    ("GET", f"/v1/applications/{MISSING_ID}"),
    ("GET", f"/v1/applications/{MISSING_ID}/history"),
    ("POST", f"/v1/applications/{MISSING_ID}/transitions"),
])
def test_bad_or_unknown_id_is_404(api, admin, db, method, url):
    kw = {"json": {"to": "in_review"}} if method == "POST" else {}
    with nothing_created(db):
        resp = check(api.request(method, url, token=admin.token, **kw), 404)
    assert problem_slug(resp) == "not-found"


@pytest.mark.parametrize("method, suffix, allowed", [
    ("DELETE", "/{id}", {"GET"}),
    ("PATCH", "/{id}", {"GET"}),
    ("PUT", "", {"GET", "POST"}),
    ("GET", "/{id}/transitions", {"POST"}),
    ("POST", "/{id}/history", {"GET"}),
])
def test_wrong_method_is_405_with_allow(api, admin, method, suffix, allowed):
    url = "/v1/applications" + suffix.format(id=MISSING_ID)
    resp = check(api.request(method, url, token=admin.token), 405)
    got = {m.strip().upper() for m in resp.headers["Allow"].split(",")}
    assert allowed <= got <= allowed | {"HEAD", "OPTIONS"}
