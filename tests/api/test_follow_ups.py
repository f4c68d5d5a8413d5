"""/v1/follow-ups — the follow-up conversations 1, 3, 6, 12 and 24 months
into every placement.

The contract: api-spec/openapi.yaml (tag `follow-ups`).
Hiring schedules five pending follow-ups; `overdue` is computed (pending
and due_on before today). Recording makes one `done` (a done or missed one
is 409); still_employed=false ends the placement (today, reason `other`)
and the later pending follow-ups become `missed`. Record: admins and
consultants; employers, seekers and partners read only."""
from datetime import date, datetime, timedelta, timezone

import pytest

from conftest import OTHER_CODE
from support import ANONYMOUS, check, problem_slug

MISSING_ID = "00000000-0000-4000-8000-000000000000"
MONTHS = [1, 3, 6, 12, 24]

FULL_RECORD = {
    "still_employed": True,
    "weekly_hours": 14.5,
    "seeker_satisfaction": 5,
    "employer_satisfaction": 4,
    "wellbeing_score": 3,
    "social_score": 4,
    "wellbeing_notes": "Mads er glad for sine kolleger og føler sig tryg.",
    "social_notes": "Spiser frokost med holdet hver dag.",
    "needs_support": False,
}


# --- helpers ----------------------------------------------------------------

def path(follow_up):
    return f"/v1/follow-ups/{follow_up['id']}"


def today():
    return datetime.now(timezone.utc).date()


def months_ago(n, extra_days=0):
    """About `n` months (30 days each) and `extra_days` before today."""
    return today() - timedelta(days=30 * n + extra_days)


def add_months(day, months):
    """`day` + `months` months (day of month at most 28 here)."""
    y, m = divmod(day.month - 1 + months, 12)
    return day.replace(year=day.year + y, month=m + 1)


def when(stamp):
    return datetime.fromisoformat(stamp.replace("Z", "+00:00"))


def of(api, who, placement, **query):
    """The follow-ups of `placement` that `who` sees for `query`."""
    query.update(placement_id=placement["id"], limit=100)
    return check(api.get("/v1/follow-ups", query=query, token=who.token),
                 200).body["data"]


def by_month(api, who, placement):
    return {f["month"]: f for f in of(api, who, placement)}


def listed(api, who, **query):
    query.setdefault("limit", 100)
    return [f["id"] for f in check(api.get("/v1/follow-ups", query=query,
                                           token=who.token),
                                   200).body["data"]]


def record(api, follow_up, who, body=None, status=200, headers=None):
    body = dict(FULL_RECORD) if body is None else body
    return check(api.post(path(follow_up) + "/record", json=body,
                          token=who.token, headers=headers), status)


def get(api, what, who, status=200):
    return check(api.get(f"/v1/{what}", token=who.token), status).body


# --- reading and listing ----------------------------------------------------

def test_get_follow_up(api, make, admin):
    start = today().replace(day=15)
    p = make.placement(start_date=start.isoformat())
    fus = of(api, admin, p)
    assert [f["month"] for f in fus] == MONTHS
    assert [f["due_on"] for f in fus] == [
        add_months(start, m).isoformat() for m in MONTHS]
    resp = check(api.get(path(fus[0]), token=admin.token), 200)
    assert resp.body == fus[0]
    assert resp.headers["ETag"]


def test_started_three_months_ago_shows_overdue(api, make, admin):
    start = months_ago(3, extra_days=5)
    p = make.placement(start_date=start.isoformat())
    statuses = {m: f["status"] for m, f in by_month(api, admin, p).items()}
    assert statuses == {1: "overdue", 3: "overdue", 6: "pending",
                        12: "pending", 24: "pending"}

    overdue = of(api, admin, p, status="overdue")
    assert [f["month"] for f in overdue] == [1, 3]
    assert all(date.fromisoformat(f["due_on"]) < today() for f in overdue)
    assert [f["month"] for f in of(api, admin, p, status="pending")] == \
        [6, 12, 24]
    assert of(api, admin, p, status="done") == []
    assert of(api, admin, p, status="missed") == []


def test_list_filters_by_status(api, make, admin):
    # month 1 overdue (then recorded: done); months 3+ missed after the end
    p = make.placement(start_date=months_ago(2).isoformat())
    first = by_month(api, admin, p)[1]
    record(api, first, admin)
    check(api.post(f"/v1/placements/{p['id']}/end", json={
        "end_date": today().isoformat(), "reason": "moved"},
        token=admin.token), 200)

    assert [f["id"] for f in of(api, admin, p, status="done")] == \
        [first["id"]]
    assert [f["month"] for f in of(api, admin, p, status="missed")] == \
        [3, 6, 12, 24]
    assert of(api, admin, p, status="pending") == []
    assert of(api, admin, p, status="overdue") == []


def test_list_filters_by_consultant_and_municipality(api, make, admin):
    consultant = make.user("consultant")
    mine = make.placement(application=make.offered_application(
        seeker=make.seeker(by=consultant)))
    elsewhere = make.placement(application=make.offered_application(
        seeker=make.seeker(municipality_code=OTHER_CODE)))
    mine_ids = [f["id"] for f in of(api, admin, mine)]
    elsewhere_ids = [f["id"] for f in of(api, admin, elsewhere)]

    assert listed(api, admin, consultant_id=consultant.id) == mine_ids
    assert listed(api, consultant, consultant_id=consultant.id) == mine_ids
    assert [f["id"] for f in of(api, admin, elsewhere,
                                municipality_code=OTHER_CODE)] == \
        elsewhere_ids
    assert of(api, admin, elsewhere, municipality_code="0101") == []
    assert [f["id"] for f in of(api, admin, mine,
                                municipality_code="0101")] == mine_ids
    assert of(api, admin, mine, consultant_id=consultant.id,
              municipality_code=OTHER_CODE) == []


def test_list_due_before_and_order(api, make, admin):
    start = today().replace(day=10)
    p = make.placement(start_date=start.isoformat())
    got = of(api, admin, p, due_before=(add_months(start, 6)
                                        + timedelta(days=1)).isoformat())
    assert [f["month"] for f in got] == [1, 3, 6]
    dues = [f["due_on"] for f in of(api, admin, p)]
    assert dues == sorted(dues)


def test_list_pagination(api, make, admin):
    p = make.placement()
    seen, cursor = [], None
    while True:
        query = {"placement_id": p["id"], "limit": 2}
        if cursor:
            query["cursor"] = cursor
        resp = check(api.get("/v1/follow-ups", query=query,
                             token=admin.token), 200)
        seen += [f["month"] for f in resp.body["data"]]
        cursor = resp.body["next_cursor"]
        if not cursor:
            break
        assert 'rel="next"' in resp.headers["Link"]
    assert seen == MONTHS


@pytest.mark.parametrize("query", [{"limit": 0}, {"limit": 101},
                                   {"cursor": "garbage"},
                                   {"status": "late"},
                                   {"placement_id": "nope"},
                                   {"consultant_id": "nope"},
                                   {"municipality_code": "12"},
                                   {"due_before": "2027-02-30"}])
def test_list_bad_query_is_400(api, admin, query):
    check(api.get("/v1/follow-ups", query=query, token=admin.token), 400)


# --- recording --------------------------------------------------------------

def test_record_a_follow_up(api, make, admin):
    p = make.placement(start_date=months_ago(1, extra_days=3).isoformat())
    fu = by_month(api, admin, p)[1]
    assert fu["status"] == "overdue"        # an overdue one may be recorded
    before = datetime.now(timezone.utc) - timedelta(minutes=5)

    resp = record(api, fu, admin)
    done = resp.body
    assert resp.headers["ETag"]
    assert done["id"] == fu["id"]
    assert done["status"] == "done"
    for k, v in FULL_RECORD.items():
        assert done[k] == v, k
    assert done["completed_at"] is not None
    assert when(done["completed_at"]) >= before
    assert (done["due_on"], done["month"], done["placement_id"]) == \
        (fu["due_on"], fu["month"], fu["placement_id"])
    assert get(api, f"follow-ups/{fu['id']}", admin) == done

    # the placement goes on; the other follow-ups are untouched
    assert get(api, f"placements/{p['id']}", admin)["status"] == "active"
    assert by_month(api, admin, p)[3]["status"] == "pending"


def test_record_only_still_employed(api, make, admin):
    p = make.placement()
    fu = by_month(api, admin, p)[6]
    done = record(api, fu, admin, {"still_employed": True}).body
    assert done["status"] == "done"
    assert done["still_employed"] is True
    for k in ("weekly_hours", "seeker_satisfaction", "employer_satisfaction",
              "wellbeing_score", "social_score", "wellbeing_notes",
              "social_notes", "needs_support"):
        assert done[k] is None, k


@pytest.mark.parametrize("fields, errors", [
    ({"seeker_satisfaction": 0}, {"seeker_satisfaction": "out_of_range"}),
    ({"seeker_satisfaction": 6}, {"seeker_satisfaction": "out_of_range"}),
    ({"employer_satisfaction": 0},
     {"employer_satisfaction": "out_of_range"}),
    ({"employer_satisfaction": 6},
     {"employer_satisfaction": "out_of_range"}),
    ({"seeker_satisfaction": 0, "employer_satisfaction": 6,
      "weekly_hours": 38},
     {"seeker_satisfaction": "out_of_range",
      "employer_satisfaction": "out_of_range",
      "weekly_hours": "out_of_range"}),
    ({"wellbeing_score": 0}, {"wellbeing_score": "out_of_range"}),
    ({"wellbeing_score": 6}, {"wellbeing_score": "out_of_range"}),
    ({"wellbeing_score": "x"}, {"wellbeing_score": "invalid_type"}),
    ({"wellbeing_score": 2.5}, {"wellbeing_score": "invalid_type"}),
    ({"social_score": 0}, {"social_score": "out_of_range"}),
    ({"social_score": 6}, {"social_score": "out_of_range"}),
    ({"social_score": "x"}, {"social_score": "invalid_type"}),
    ({"still_employed": "yes"}, {"still_employed": "invalid_type"}),
    ({"wellbeing_notes": "x" * 5001}, {"wellbeing_notes": "too_long"}),
    ({"month": 2}, {"month": "unknown_field"}),
])
def test_bad_record_is_422(api, make, admin, fields, errors):
    p = make.placement()
    fu = by_month(api, admin, p)[1]
    body = dict(FULL_RECORD)
    body.update(fields)
    resp = record(api, fu, admin, body, status=422)
    assert problem_slug(resp) == "validation-failed"
    assert resp.field_errors() == errors
    assert get(api, f"follow-ups/{fu['id']}", admin) == fu


def test_still_employed_is_required(api, make, admin):
    fu = by_month(api, admin, make.placement())[1]
    body = {k: v for k, v in FULL_RECORD.items() if k != "still_employed"}
    resp = record(api, fu, admin, body, status=422)
    assert resp.field_errors() == {"still_employed": "required"}


def test_record_twice_is_409(api, make, admin):
    fu = by_month(api, admin, make.placement())[1]
    done = record(api, fu, admin).body
    resp = record(api, fu, admin, {"still_employed": True,
                                   "seeker_satisfaction": 1}, status=409)
    assert problem_slug(resp) == "conflict"
    assert get(api, f"follow-ups/{fu['id']}", admin) == done


def test_record_missed_is_409(api, make, admin):
    p = make.placement()
    check(api.post(f"/v1/placements/{p['id']}/end", json={
        "end_date": p["start_date"], "reason": "quit"}, token=admin.token),
        200)
    fu = by_month(api, admin, p)[1]
    assert fu["status"] == "missed"
    record(api, fu, admin, status=409)


def test_not_still_employed_ends_the_placement(api, make, admin):
    app = make.offered_application(positions=1)
    p = make.placement(application=app,
                       start_date=months_ago(1, extra_days=3).isoformat())
    fu = by_month(api, admin, p)[1]

    done = record(api, fu, admin, {"still_employed": False,
                                   "needs_support": True}).body
    assert done["status"] == "done"
    assert done["still_employed"] is False

    ended = get(api, f"placements/{p['id']}", admin)
    assert ended["status"] == "ended"
    assert ended["end_reason"] == "other"
    # current_date of the database; allow for a different time zone
    assert ended["end_date"] in {today().isoformat(),
                                 date.today().isoformat()}
    statuses = {m: f["status"] for m, f in by_month(api, admin, p).items()}
    assert statuses == {1: "done", 3: "missed", 6: "missed", 12: "missed",
                        24: "missed"}
    job = get(api, f"jobs/{app['job_id']}", admin)
    assert (job["filled"], job["status"]) == (0, "published")
    assert get(api, f"seekers/{app['seeker_id']}", admin)["status"] == \
        "active"


# --- who may do what --------------------------------------------------------

def test_consultant_records_for_own_seekers(api, make):
    consultant = make.user("consultant")
    p = make.placement(application=make.offered_application(
        seeker=make.seeker(by=consultant)))
    fu = by_month(api, consultant, p)[1]
    assert record(api, fu, consultant).body["status"] == "done"


def test_seeker_reads_own_but_cannot_record(api, make, admin):
    seeker = make.seeker()
    me = make.user("seeker", seeker_id=seeker["id"])
    p = make.placement(application=make.offered_application(seeker=seeker))
    other = make.placement()
    other_fu = by_month(api, admin, other)[1]

    mine = of(api, admin, p)
    assert of(api, me, p) == mine
    assert listed(api, me) == [f["id"] for f in mine]
    assert get(api, f"follow-ups/{mine[0]['id']}", me) == mine[0]
    get(api, f"follow-ups/{other_fu['id']}", me, status=404)
    assert of(api, me, other) == []

    resp = record(api, mine[0], me, status=403)
    assert problem_slug(resp) == "forbidden"
    assert get(api, f"follow-ups/{mine[0]['id']}", admin) == mine[0]


def test_employer_reads_own_jobs_follow_ups_but_cannot_record(api, make,
                                                               admin):
    boss = make.user("employer")
    job = make.job(employer={"id": boss.employer_id,
                             "municipality_code": "0101"},
                   status="published")
    p = make.placement(application=make.offered_application(job=job))
    mine = of(api, admin, p)
    assert of(api, boss, p) == mine

    stranger = make.user("employer")
    assert of(api, stranger, p) == []
    get(api, f"follow-ups/{mine[0]['id']}", stranger, status=404)

    resp = record(api, mine[0], boss, status=403)
    assert problem_slug(resp) == "forbidden"


def test_partner_reads_only(api, make, admin, as_role):
    partner = as_role("partner")
    p = make.placement()                # seeker in 0101: partner's scope
    mine = of(api, admin, p)
    assert of(api, partner, p) == mine
    assert get(api, f"follow-ups/{mine[0]['id']}", partner) == mine[0]
    resp = record(api, mine[0], partner, status=403)
    assert problem_slug(resp) == "forbidden"


def test_placement_that_has_not_started_cannot_end_by_a_record(api, make,
                                                               admin):
    p = make.placement(start_date=(today() + timedelta(days=20)).isoformat())
    fu = by_month(api, admin, p)[1]
    resp = record(api, fu, admin, {"still_employed": False}, status=409)
    assert problem_slug(resp) == "conflict"
    assert get(api, f"placements/{p['id']}", admin)["status"] == "active"
    assert get(api, f"follow-ups/{fu['id']}", admin) == fu


# --- what each role reads ---------------------------------------------------

NOTES = ("wellbeing_notes", "social_notes", "needs_support")


def test_case_notes_reach_admin_consultant_and_seeker_only(api, make, admin,
                                                           as_role):
    """One follow-up with all three notes, read by every role that sees
    it: employer and partner get the keys with null."""
    seeker = make.seeker()                        # in 0101
    me = make.user("seeker", seeker_id=seeker["id"])
    boss = make.user("employer")
    job = make.job(employer={"id": boss.employer_id,
                             "municipality_code": "0101"},
                   status="published")
    p = make.placement(application=make.offered_application(
        seeker=seeker, job=job))
    fu = by_month(api, admin, p)[1]
    recorded = record(api, fu, admin).body
    for k in NOTES:
        assert recorded[k] == FULL_RECORD[k]
    readers = {"admin": admin, "consultant": as_role("consultant"),
               "seeker": me, "employer": boss, "partner": as_role("partner")}
    for role, who in readers.items():
        sees = role in ("admin", "consultant", "seeker")
        got = get(api, f"follow-ups/{fu['id']}", who)
        listed_one = next(f for f in of(api, who, p) if f["id"] == fu["id"])
        assert listed_one == got, role
        for k in NOTES:
            assert k in got, (role, k)
            assert got[k] == (FULL_RECORD[k] if sees else None), (role, k)
        # the other figures are no case notes: the scores are read
        # like the satisfactions
        assert got["seeker_satisfaction"] == 5, role
        assert (got["wellbeing_score"], got["social_score"]) == (3, 4), role
        assert got["still_employed"] is True, role


def test_anonymous_is_401(api, make, admin):
    fu = of(api, admin, make.placement())[0]
    check(api.get("/v1/follow-ups", token=ANONYMOUS.token), 401)
    check(api.get(path(fu), token=ANONYMOUS.token), 401)
    check(api.post(path(fu) + "/record", json={"still_employed": True},
                   token=ANONYMOUS.token), 401)


def test_bad_or_unknown_id_is_404(api, admin):
    for bad in ["not-a-uuid", "123", MISSING_ID,
                "00000000-0000-4000-8000-00000000000g"]:
        check(api.get(f"/v1/follow-ups/{bad}", token=admin.token), 404)
        check(api.post(f"/v1/follow-ups/{bad}/record",
                       json={"still_employed": True}, token=admin.token),
              404)
