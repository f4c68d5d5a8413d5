"""/v1/placements — hiring a job seeker (an offered application) and ending
the placement.

The contract: api-spec/openapi.yaml (tag `placements`).
Hiring, in one transaction: the application (must be `offered`) moves to
`hired`, the job's `filled` grows by one (status `filled` when the last
position is taken), the seeker becomes `placed`, and five pending
follow-ups are scheduled at start_date + 1, 3, 6, 12 and 24 months.
Ending: status `ended`, the job's `filled` shrinks (filled → published),
the seeker is `active` again, pending follow-ups due later are `missed`.
Hire/end: admins, consultants, employer users (own jobs); seekers and
partners read only."""
import calendar
import threading
from contextlib import contextmanager
from datetime import date, datetime, timedelta, timezone

import pytest

from support import ANONYMOUS, check, problem_slug

MISSING_ID = "00000000-0000-4000-8000-000000000000"
MONTHS = [1, 3, 6, 12, 24]


# --- helpers ----------------------------------------------------------------

def path(placement):
    return f"/v1/placements/{placement['id']}"


def add_months(day, months):
    """`day` + `months` months, clamped to the month's end (as
    PostgreSQL's date + interval does)."""
    y, m = divmod(day.month - 1 + months, 12)
    year, month = day.year + y, m + 1
    last = calendar.monthrange(year, month)[1]
    return date(year, month, min(day.day, last))


def today():
    return datetime.now(timezone.utc).date()


def hire(api, who, app, status=201, start_date=None, headers=None,
         extra=None, **fields):
    """POST /v1/placements for `app` (start_date today, weekly_hours 12,
    job_type skaanejob, hourly_wage_dkk 135.5 unless `fields` say
    otherwise; `extra` adds body keys whose names clash with this
    function's own parameters)."""
    body = {"application_id": app["id"],
            "start_date": start_date or today().isoformat(),
            "weekly_hours": 12, "hourly_wage_dkk": 135.5,
            "job_type": "skaanejob"}
    body.update(fields)
    body.update(extra or {})
    return check(api.post("/v1/placements", json=body, token=who.token,
                          headers=headers), status)


def end(api, placement, who, end_date, reason="contract_ended", status=200,
        headers=None):
    return check(api.post(path(placement) + "/end", json={
        "end_date": end_date, "reason": reason}, token=who.token,
        headers=headers), status)


def get(api, what, who, status=200):
    """GET /v1/<what> (e.g. f"jobs/{id}") as `who`."""
    return check(api.get(f"/v1/{what}", token=who.token), status).body


def follow_ups(api, who, placement, **query):
    """Every follow-up of `placement` that `who` sees (first page)."""
    query.update(placement_id=placement["id"], limit=100)
    return check(api.get("/v1/follow-ups", query=query, token=who.token),
                 200).body["data"]


def listed(api, who, **query):
    query.setdefault("limit", 100)
    return [p["id"] for p in check(api.get("/v1/placements", query=query,
                                           token=who.token),
                                   200).body["data"]]


@contextmanager
def nothing_placed(db):
    """No placement or follow-up row is added inside the block (when the
    DB is reachable)."""
    before = db.placements_count() if db else None
    yield
    if db:
        assert db.placements_count() == before


def own_job(make, boss, positions=1):
    """A published job of the employer of `boss` (in 0101)."""
    return make.job(employer={"id": boss.employer_id,
                              "municipality_code": "0101"},
                    status="published", positions=positions)


# --- hiring -----------------------------------------------------------------

def last_january_31():
    """The latest 31 January within the past year (its month offsets clamp
    to the months' ends)."""
    year = (today() - timedelta(days=30)).year
    return date(year, 1, 31)


def test_hire_an_offered_application(api, make, admin):
    app = make.offered_application(positions=1)
    start = last_january_31()
    resp = hire(api, admin, app, start_date=start.isoformat(),
                weekly_hours=14.5, hourly_wage_dkk=142.25,
                job_type="fleksjob")      # an admin may set another type
    p = resp.body

    assert resp.headers["Location"] == path(p)
    assert resp.headers["ETag"]
    job = get(api, f"jobs/{app['job_id']}", admin)
    assert p["application_id"] == app["id"]
    assert p["seeker_id"] == app["seeker_id"]
    assert p["job_id"] == app["job_id"]
    assert p["employer_id"] == job["employer_id"]
    assert p["start_date"] == start.isoformat()
    assert p["weekly_hours"] == 14.5
    assert p["hourly_wage_dkk"] == 142.25
    assert p["job_type"] == "fleksjob"
    assert p["status"] == "active"
    assert p["end_date"] is None
    assert p["end_reason"] is None

    got = check(api.get(path(p), token=admin.token), 200)
    assert got.body == p
    assert got.headers["ETag"] == resp.headers["ETag"]

    # the application is hired, and the move is in its history
    assert get(api, f"applications/{app['id']}", admin)["status"] == "hired"
    last = get(api, f"applications/{app['id']}/history", admin)["data"][-1]
    assert (last["from"], last["to"]) == ("offered", "hired")
    assert last["actor_id"] == admin.id

    # the job's last position is taken; the seeker is placed
    assert job["filled"] == 1
    assert job["status"] == "filled"
    assert get(api, f"seekers/{app['seeker_id']}", admin)["status"] == \
        "placed"

    # five follow-ups, start_date + 1, 3, 6, 12, 24 months (pending, or
    # overdue once due)
    fus = follow_ups(api, admin, p)
    assert [f["month"] for f in fus] == MONTHS
    assert [f["due_on"] for f in fus] == \
        [add_months(start, m).isoformat() for m in MONTHS]
    for f in fus:
        assert f["placement_id"] == p["id"]
        assert f["seeker_id"] == p["seeker_id"]
        assert f["status"] == ("overdue" if date.fromisoformat(
            f["due_on"]) < today() else "pending")
        assert f["completed_at"] is None
        assert f["still_employed"] is None


def test_hire_with_positions_left_keeps_job_published(api, make, admin):
    app = make.offered_application(positions=2)
    p = hire(api, admin, app, hourly_wage_dkk=None).body
    assert p["hourly_wage_dkk"] is None
    job = get(api, f"jobs/{app['job_id']}", admin)
    assert (job["filled"], job["status"]) == (1, "published")


def test_hourly_wage_may_be_left_out(api, make, admin):
    body = {"application_id": make.offered_application()["id"],
            "start_date": today().isoformat(), "weekly_hours": 10,
            "job_type": "ordinary"}
    p = check(api.post("/v1/placements", json=body, token=admin.token),
              201).body
    assert p["hourly_wage_dkk"] is None
    assert p["job_type"] == "ordinary"


@pytest.mark.parametrize("moves", [[], ["in_review"],
                                   ["in_review", "interview"],
                                   ["rejected"], ["withdrawn"]])
def test_application_that_is_not_offered_is_409(api, make, admin, db,
                                                moves):
    app = make.application()
    for to in moves:
        app = check(api.post(f"/v1/applications/{app['id']}/transitions",
                             json={"to": to}, token=admin.token), 200).body
    with nothing_placed(db):
        resp = hire(api, admin, app, status=409)
    assert problem_slug(resp) == "conflict"
    assert get(api, f"applications/{app['id']}", admin)["status"] == \
        app["status"]
    job = get(api, f"jobs/{app['job_id']}", admin)
    assert job["filled"] == 0
    assert get(api, f"seekers/{app['seeker_id']}", admin)["status"] == \
        "active"
    assert listed(api, admin, seeker_id=app["seeker_id"]) == []


def test_hired_application_cannot_be_hired_again(api, make, admin, db):
    app = make.offered_application(positions=3)
    hire(api, admin, app)
    with nothing_placed(db):
        hire(api, admin, app, status=409)
    assert get(api, f"jobs/{app['job_id']}", admin)["filled"] == 1


def test_unknown_application_is_422_not_found(api, admin, db):
    with nothing_placed(db):
        resp = hire(api, admin, {"id": MISSING_ID}, status=422)
    assert resp.field_errors() == {"application_id": "not_found"}


def test_concurrent_hires_for_the_last_position_one_wins(api, make, admin,
                                                         db):
    job = make.job(status="published", positions=1)
    apps = [make.offered_application(job=job) for _ in range(2)]
    before = db.placements_count() if db else None
    barrier = threading.Barrier(2)
    results = [None, None]

    def run(i):
        barrier.wait()
        results[i] = api.post("/v1/placements", json={
            "application_id": apps[i]["id"],
            "start_date": today().isoformat(),
            "weekly_hours": 12, "job_type": "skaanejob"}, token=admin.token)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)

    assert sorted(r.status for r in results) == [201, 409], results
    for r in results:
        check(r, r.status)
    winner = next(r for r in results if r.status == 201).body
    loser = apps[1] if winner["application_id"] == apps[0]["id"] else apps[0]

    got = get(api, f"jobs/{job['id']}", admin)
    assert (got["filled"], got["status"]) == (1, "filled")
    assert listed(api, admin, job_id=job["id"]) == [winner["id"]]
    assert get(api, f"applications/{loser['id']}", admin)["status"] == \
        "offered"
    if db:
        assert db.placements_count() == {
            "placements": before["placements"] + 1,
            "follow_ups": before["follow_ups"] + 5}


def test_bad_body_lists_every_bad_field(api, admin, db):
    with nothing_placed(db):
        resp = check(api.post("/v1/placements", json={
            "start_date": "2027-13-01", "weekly_hours": 0,
            "job_type": "bad"}, token=admin.token), 422)
    assert problem_slug(resp) == "validation-failed"
    assert resp.field_errors() == {"application_id": "required",
                                   "start_date": "invalid_format",
                                   "weekly_hours": "out_of_range",
                                   "job_type": "invalid_value"}


@pytest.mark.parametrize("fields, errors", [
    ({"weekly_hours": 0}, {"weekly_hours": "out_of_range"}),
    ({"weekly_hours": 38}, {"weekly_hours": "out_of_range"}),
    ({"weekly_hours": -1}, {"weekly_hours": "out_of_range"}),
    ({"weekly_hours": "12"}, {"weekly_hours": "invalid_type"}),
    ({"job_type": "bad"}, {"job_type": "invalid_value"}),
    ({"start_date": "2027-02-30"}, {"start_date": "invalid_format"}),
    ({"start_date": "tomorrow"}, {"start_date": "invalid_format"}),
    ({"hourly_wage_dkk": -1}, {"hourly_wage_dkk": "out_of_range"}),
    ({"application_id": "nope"}, {"application_id": "invalid_format"}),
    ({"status": "ended"}, {"status": "unknown_field"}),
])
def test_bad_field_is_422(api, make, admin, db, fields, errors):
    app = make.offered_application()
    with nothing_placed(db):
        resp = hire(api, admin, app, status=422, extra=fields)
    assert resp.field_errors() == errors
    assert get(api, f"applications/{app['id']}", admin)["status"] == \
        "offered"


def test_missing_required_fields_are_listed(api, admin, db):
    with nothing_placed(db):
        resp = check(api.post("/v1/placements", json={}, token=admin.token),
                     422)
    assert resp.field_errors() == {"application_id": "required",
                                   "start_date": "required",
                                   "weekly_hours": "required"}


def test_retry_with_idempotency_key_creates_one(api, make, admin, db):
    app = make.offered_application(positions=2)
    key = {"Idempotency-Key": f"placement-{app['id']}"}
    first = hire(api, admin, app, headers=key).body
    again = hire(api, admin, app, headers=key).body
    assert again == first
    assert listed(api, admin, job_id=app["job_id"]) == [first["id"]]


# --- ending -----------------------------------------------------------------

def test_end_a_placement(api, make, admin):
    start = today() - timedelta(days=40)          # month 1 is due already
    app = make.offered_application(positions=1)
    p = make.placement(application=app, start_date=start.isoformat())
    assert get(api, f"jobs/{app['job_id']}", admin)["status"] == "filled"

    ended = end(api, p, admin, today().isoformat(), "quit").body
    assert ended["id"] == p["id"]
    assert ended["status"] == "ended"
    assert ended["end_date"] == today().isoformat()
    assert ended["end_reason"] == "quit"
    assert ended["start_date"] == p["start_date"]
    assert get(api, f"placements/{p['id']}", admin) == ended

    job = get(api, f"jobs/{app['job_id']}", admin)
    assert (job["filled"], job["status"]) == (0, "published")
    assert get(api, f"seekers/{app['seeker_id']}", admin)["status"] == \
        "active"

    # the follow-up due before the end stays (overdue); the later ones are
    # missed
    statuses = {f["month"]: f["status"] for f in follow_ups(api, admin, p)}
    assert statuses == {1: "overdue", 3: "missed", 6: "missed",
                        12: "missed", 24: "missed"}


def test_end_on_the_start_date(api, make, admin):
    day = (today() - timedelta(days=3)).isoformat()
    p = make.placement(start_date=day)
    ended = end(api, p, admin, day, "other").body
    assert ended["end_date"] == day
    assert {f["status"] for f in follow_ups(api, admin, p)} == {"missed"}


def test_seeker_with_another_active_placement_stays_placed(api, make,
                                                           admin):
    seeker = make.seeker()
    # both applications before the first hire (a placed seeker may not
    # apply)
    apps = [make.offered_application(seeker=seeker) for _ in range(2)]
    first = make.placement(application=apps[0])
    make.placement(application=apps[1])
    end(api, first, admin, first["start_date"], "moved")
    assert get(api, f"seekers/{seeker['id']}", admin)["status"] == "placed"


def test_job_with_positions_left_stays_published(api, make, admin):
    app = make.offered_application(positions=2)
    p = make.placement(application=app)
    end(api, p, admin, p["start_date"])
    job = get(api, f"jobs/{app['job_id']}", admin)
    assert (job["filled"], job["status"]) == (0, "published")


def test_end_twice_is_409(api, make, admin):
    p = make.placement()
    first = end(api, p, admin, p["start_date"], "dismissed").body
    resp = end(api, p, admin, p["start_date"], "quit", status=409)
    assert problem_slug(resp) == "conflict"
    assert get(api, f"placements/{p['id']}", admin) == first


def test_end_before_start_is_422(api, make, admin):
    p = make.placement(start_date=(today() - timedelta(days=5)).isoformat())
    resp = end(api, p, admin, (today() - timedelta(days=6)).isoformat(),
               status=422)
    assert resp.field_errors() == {"end_date": "out_of_range"}
    assert get(api, f"placements/{p['id']}", admin) == p


@pytest.mark.parametrize("days", [1, 400, 27000])
def test_end_in_the_future_is_422(api, make, admin, days):
    p = make.placement()
    resp = end(api, p, admin, (today() + timedelta(days=days)).isoformat(),
               status=422)
    assert resp.field_errors() == {"end_date": "out_of_range"}
    assert get(api, f"placements/{p['id']}", admin) == p
    assert {f["status"] for f in follow_ups(api, admin, p)} == {"pending"}


def test_placement_that_starts_later_cannot_end_yet(api, make, admin):
    start = today() + timedelta(days=30)
    p = make.placement(start_date=start.isoformat())
    resp = end(api, p, admin, today().isoformat(), status=422)
    assert resp.field_errors() == {"end_date": "out_of_range"}


# --- dates that make sense, the job's type ----------------------------------

@pytest.mark.parametrize("start", [
    date(1901, 1, 1), date(2099, 12, 31),
    "a year and a day ago", "a year and a day ahead"])
def test_start_date_more_than_a_year_away_is_422(api, make, admin, db,
                                                 start):
    if start == "a year and a day ago":
        start = add_months(today(), -12) - timedelta(days=1)
    elif start == "a year and a day ahead":
        start = add_months(today(), 12) + timedelta(days=1)
    app = make.offered_application()
    with nothing_placed(db):
        resp = hire(api, admin, app, start_date=start.isoformat(),
                    status=422)
    assert resp.field_errors() == {"start_date": "out_of_range"}
    assert get(api, f"applications/{app['id']}", admin)["status"] == \
        "offered"


@pytest.mark.parametrize("months", [-12, 12])
def test_start_date_a_year_away_is_fine(api, make, admin, months):
    start = add_months(today(), months)
    p = hire(api, admin, make.offered_application(),
             start_date=start.isoformat()).body
    assert p["start_date"] == start.isoformat()


def test_late_registration_ends_today(api, make, admin):
    """Registered half a year late; the follow-ups already due are
    overdue, those due after the end are missed."""
    start = add_months(today(), -7)
    p = hire(api, admin, make.offered_application(),
             start_date=start.isoformat()).body
    end(api, p, admin, today().isoformat(), "quit")
    statuses = {f["month"]: f["status"] for f in follow_ups(api, admin, p)}
    assert statuses == {1: "overdue", 3: "overdue", 6: "overdue",
                        12: "missed", 24: "missed"}
    assert not [f for f in check(api.get("/v1/follow-ups", query={
        "placement_id": p["id"], "status": "pending"}, token=admin.token),
        200).body["data"]]


def test_job_type_defaults_to_the_jobs(api, make, admin):
    job = make.job(status="published", job_type="fleksjob")
    app = make.offered_application(job=job)
    body = {"application_id": app["id"], "start_date": today().isoformat(),
            "weekly_hours": 10}
    consultant = make.user("consultant")
    p = check(api.post("/v1/placements", json=body, token=consultant.token),
              201).body
    assert p["job_type"] == "fleksjob"


@pytest.mark.parametrize("role", ["consultant", "employer"])
def test_job_type_other_than_the_jobs_is_422_but_the_same_is_fine(
        api, make, admin, db, role):
    who = make.user(role)
    job = make.job(employer={"id": who.employer_id, "municipality_code":
                             "0101"} if role == "employer" else None,
                   status="published", job_type="fleksjob")
    app = make.offered_application(job=job)
    with nothing_placed(db):
        resp = hire(api, who, app, job_type="ordinary", status=422)
    assert resp.field_errors() == {"job_type": "invalid_value"}
    p = hire(api, who, app, job_type="fleksjob").body
    assert p["job_type"] == "fleksjob"


def test_admin_may_override_job_type(api, make, admin):
    job = make.job(status="published", job_type="fleksjob")
    p = hire(api, admin, make.offered_application(job=job),
             job_type="skaanejob").body
    assert p["job_type"] == "skaanejob"


def test_end_bad_body_lists_every_bad_field(api, make, admin):
    p = make.placement()
    resp = check(api.post(path(p) + "/end", json={
        "end_date": "2027-02-30", "reason": "bored"}, token=admin.token),
        422)
    assert resp.field_errors() == {"end_date": "invalid_format",
                                   "reason": "invalid_value"}
    resp = check(api.post(path(p) + "/end", json={}, token=admin.token),
                 422)
    assert resp.field_errors() == {"end_date": "required",
                                   "reason": "required"}
    assert get(api, f"placements/{p['id']}", admin) == p


def test_if_match(api, make, admin):
    p = make.placement()
    etag = check(api.get(path(p), token=admin.token), 200).headers["ETag"]
    stale = '"stale-' + etag.strip('"') + '"'
    resp = end(api, p, admin, p["start_date"], status=412,
               headers={"If-Match": stale})
    assert problem_slug(resp) == "precondition-failed"
    assert get(api, f"placements/{p['id']}", admin)["status"] == "active"

    resp = end(api, p, admin, p["start_date"], headers={"If-Match": etag})
    assert resp.headers["ETag"] != etag
    assert resp.body["status"] == "ended"


# --- who may do what --------------------------------------------------------

def test_consultant_hires_for_own_seekers(api, make):
    consultant = make.user("consultant")
    seeker = make.seeker(by=consultant)
    app = make.offered_application(seeker=seeker, by=consultant)
    p = hire(api, consultant, app).body
    assert p["seeker_id"] == seeker["id"]
    assert p["id"] in listed(api, consultant, seeker_id=seeker["id"])
    end(api, p, consultant, p["start_date"])


def test_employer_hires_for_own_jobs_only(api, make, admin, db):
    boss = make.user("employer")
    app = make.offered_application(job=own_job(make, boss))
    stranger = make.user("employer")

    with nothing_placed(db):
        resp = hire(api, stranger, app, status=422)
    assert resp.field_errors() == {"application_id": "not_found"}

    p = hire(api, boss, app).body
    assert p["employer_id"] == boss.employer_id
    assert get(api, f"placements/{p['id']}", boss) == p
    assert listed(api, boss, job_id=app["job_id"]) == [p["id"]]

    get(api, f"placements/{p['id']}", stranger, status=404)
    assert p["id"] not in listed(api, stranger)
    end(api, p, stranger, p["start_date"], status=404)
    assert end(api, p, boss, p["start_date"]).body["status"] == "ended"


def test_seeker_reads_own_but_cannot_hire_or_end(api, make, admin, db):
    seeker = make.seeker()
    me = make.user("seeker", seeker_id=seeker["id"])
    app = make.offered_application(seeker=seeker)
    other = make.placement()

    with nothing_placed(db):
        resp = hire(api, me, app, status=403)
    assert problem_slug(resp) == "forbidden"

    p = make.placement(application=app)
    assert get(api, f"placements/{p['id']}", me) == p
    get(api, f"placements/{other['id']}", me, status=404)
    assert listed(api, me) == [p["id"]]
    end(api, p, me, p["start_date"], status=403)
    assert get(api, f"placements/{p['id']}", admin)["status"] == "active"


def test_partner_reads_only(api, make, admin, as_role, db):
    partner = as_role("partner")
    app = make.offered_application()      # seeker in 0101: partner's scope
    with nothing_placed(db):
        resp = hire(api, partner, app, status=403)
    assert problem_slug(resp) == "forbidden"
    p = make.placement(application=app)
    assert get(api, f"placements/{p['id']}", partner) == p
    assert listed(api, partner, seeker_id=app["seeker_id"]) == [p["id"]]
    end(api, p, partner, p["start_date"], status=403)


def test_anonymous_is_401(api, make):
    p = make.placement()
    check(api.get("/v1/placements", token=ANONYMOUS.token), 401)
    check(api.get(path(p), token=ANONYMOUS.token), 401)
    check(api.post("/v1/placements", json={
        "application_id": p["application_id"],
        "start_date": today().isoformat(),
        "weekly_hours": 12, "job_type": "skaanejob"},
        token=ANONYMOUS.token), 401)
    check(api.post(path(p) + "/end", json={
        "end_date": p["start_date"], "reason": "quit"},
        token=ANONYMOUS.token), 401)


def test_bad_or_unknown_id_is_404(api, admin):
    for bad in ["not-a-uuid", "123", MISSING_ID,
                "00000000-0000-4000-8000-00000000000g"]:
        check(api.get(f"/v1/placements/{bad}", token=admin.token), 404)
        check(api.post(f"/v1/placements/{bad}/end", json={
            "end_date": "2027-01-04", "reason": "quit"},
            token=admin.token), 404)


# --- listing ----------------------------------------------------------------

def test_list_filters(api, make, admin):
    seeker = make.seeker()
    apps = [make.offered_application(seeker=seeker) for _ in range(2)]
    a, b = (make.placement(application=app) for app in apps)
    end(api, b, admin, b["start_date"])

    assert set(listed(api, admin, seeker_id=seeker["id"])) == \
        {a["id"], b["id"]}
    assert listed(api, admin, seeker_id=seeker["id"], status="active") == \
        [a["id"]]
    assert listed(api, admin, seeker_id=seeker["id"], status="ended") == \
        [b["id"]]
    assert listed(api, admin, job_id=a["job_id"]) == [a["id"]]
    assert listed(api, admin, employer_id=a["employer_id"]) == [a["id"]]


def test_list_pagination(api, make, admin):
    seeker = make.seeker()
    apps = [make.offered_application(seeker=seeker) for _ in range(3)]
    made = {make.placement(application=app)["id"] for app in apps}
    seen, cursor = [], None
    while True:
        query = {"seeker_id": seeker["id"], "limit": 2}
        if cursor:
            query["cursor"] = cursor
        resp = check(api.get("/v1/placements", query=query,
                             token=admin.token), 200)
        seen += [p["id"] for p in resp.body["data"]]
        cursor = resp.body["next_cursor"]
        if not cursor:
            break
        assert 'rel="next"' in resp.headers["Link"]
    assert len(seen) == 3 and set(seen) == made


@pytest.mark.parametrize("query", [{"limit": 0}, {"limit": 101},
                                   {"cursor": "garbage"},
                                   {"seeker_id": "nope"},
                                   {"status": "bored"}])
def test_list_bad_query_is_400(api, admin, query):
    check(api.get("/v1/placements", query=query, token=admin.token), 400)
