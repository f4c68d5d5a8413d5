"""/v1/interviews — job interviews for applications, and their iCalendar
feed /v1/interviews.ics.

The contract: api-spec/openapi.yaml (tag `interviews`).
Scheduling needs an application in in_review or interview (an in_review
one moves to interview, recorded in its history). PostgreSQL refuses
starts_at >= ends_at and interviews longer than 8 hours (422 on ends_at),
and overlapping scheduled interviews of one seeker, or of one consultant
when consultant_attends (409). PATCH reschedules only while scheduled;
status moves only from scheduled to completed, cancelled or no_show.
Create/patch: admins, consultants, employer users; seekers and partners
read only.

Each test uses its own future day(s) (`new_day()`) and its own seekers;
tests about consultant_attends use their own consultant."""
import random
import re
import threading
from datetime import date, datetime, timedelta

from support import ANONYMOUS, check, problem_slug

MISSING_ID = "00000000-0000-4000-8000-000000000000"

_DAYS = iter(range(random.randrange(0, 1000) * 10, 10 ** 9))


# --- helpers ----------------------------------------------------------------

def new_day():
    """A future day (2027 or later) no other test in this run uses."""
    return date(2027, 1, 4) + timedelta(days=next(_DAYS))


def at(day, hhmm):
    """'2027-01-04T09:00:00Z' for at(day, '09:00')."""
    return f"{day.isoformat()}T{hhmm}:00Z"


def parse_ts(text):
    return datetime.fromisoformat(text.replace("Z", "+00:00"))


def path(interview):
    return f"/v1/interviews/{interview['id']}"


def app_path(app):
    return f"/v1/applications/{app['id']}"


def to_review(api, app, who):
    """Move a submitted application to in_review (by `who`)."""
    return check(api.post(app_path(app) + "/transitions",
                          json={"to": "in_review"}, token=who.token),
                 200).body


def reviewed_app(api, make, seeker=None, job=None, by=None):
    """A new application (of `seeker`, to `job`) in status in_review."""
    by = by or make.admin
    app = make.application(seeker=seeker, job=job, by=by)
    return to_review(api, app, by)


def schedule(api, who, app, day, start="09:00", end="10:00", status=201,
             **fields):
    """POST /v1/interviews for `app` on `day` from `start` to `end`."""
    body = {"application_id": app["id"], "starts_at": at(day, start),
            "ends_at": at(day, end)}
    body.update(fields)
    return check(api.post("/v1/interviews", json=body, token=who.token),
                 status)


def update(api, interview, who, body, status=200, headers=None):
    return check(api.patch(path(interview), json=body, token=who.token,
                           headers=headers), status)


def listed(api, who, **query):
    """Ids of the first page (up to 100) `who` gets for `query`."""
    query.setdefault("limit", 100)
    resp = check(api.get("/v1/interviews", query=query, token=who.token),
                 200)
    return [i["id"] for i in resp.body["data"]]


def calendar(api, who, **query):
    resp = check(api.get("/v1/interviews.ics", query=query or None,
                         token=who.token,
                         headers={"Accept": "text/calendar"}), 200)
    assert resp.media_type == "text/calendar"
    assert isinstance(resp.body, str)
    return resp.body


def unfold(ics):
    """RFC 5545 §3.1: a CRLF followed by a space or tab continues a line."""
    return re.sub(r"\r\n[ \t]", "", ics)


def conflict_fields(resp):
    assert problem_slug(resp) == "conflict"
    return set(resp.field_errors())


# --- creating ---------------------------------------------------------------

def test_schedule_moves_in_review_application_to_interview(api, make, admin):
    app = reviewed_app(api, make)
    day = new_day()
    resp = schedule(api, admin, app, day, location="Bageriet",
                    mode="video", accommodations=["Fast makker"])
    iv = resp.body

    assert resp.headers["Location"] == path(iv)
    assert resp.headers["ETag"]
    assert iv["application_id"] == app["id"]
    assert iv["seeker_id"] == app["seeker_id"]
    assert iv["job_id"] == app["job_id"]
    assert iv["consultant_id"] is None     # admin-made seeker: none
    assert parse_ts(iv["starts_at"]) == parse_ts(at(day, "09:00"))
    assert parse_ts(iv["ends_at"]) == parse_ts(at(day, "10:00"))
    assert iv["location"] == "Bageriet"
    assert iv["mode"] == "video"
    assert iv["consultant_attends"] is False
    assert iv["accommodations"] == ["Fast makker"]
    assert iv["status"] == "scheduled"
    assert iv["outcome"] is None

    got = check(api.get(path(iv), token=admin.token), 200)
    assert got.body == iv
    assert got.headers["ETag"] == resp.headers["ETag"]

    assert check(api.get(app_path(app), token=admin.token),
                 200).body["status"] == "interview"
    events = check(api.get(app_path(app) + "/history", token=admin.token),
                   200).body["data"]
    last = events[-1]
    assert (last["from"], last["to"]) == ("in_review", "interview")
    assert last["actor_id"] == admin.id
    assert last["reason"] == "interview scheduled"


def test_defaults(api, make, admin):
    iv = schedule(api, admin, reviewed_app(api, make), new_day()).body
    assert iv["mode"] == "in_person"
    assert iv["consultant_attends"] is False
    assert iv["accommodations"] == []
    assert iv["location"] is None


def test_second_interview_for_application_in_interview(api, make, admin):
    app = reviewed_app(api, make)
    day = new_day()
    schedule(api, admin, app, day, "09:00", "10:00")
    schedule(api, admin, app, day + timedelta(days=1), "09:00", "10:00")
    assert check(api.get(app_path(app), token=admin.token),
                 200).body["status"] == "interview"


def test_submitted_application_is_409(api, make, admin):
    app = make.application()
    resp = schedule(api, admin, app, new_day(), status=409)
    assert problem_slug(resp) == "conflict"
    assert check(api.get(app_path(app), token=admin.token),
                 200).body["status"] == "submitted"


def test_rejected_application_is_409(api, make, admin):
    app = make.application()
    check(api.post(app_path(app) + "/transitions", json={"to": "rejected"},
                   token=admin.token), 200)
    resp = schedule(api, admin, app, new_day(), status=409)
    assert problem_slug(resp) == "conflict"


def test_unknown_application_is_422_not_found(api, admin):
    """A reference in the body to nothing the caller may see is a field
    error (api-spec/README.md), as for seeker_id on applications."""
    resp = schedule(api, admin, {"id": MISSING_ID}, new_day(), status=422)
    assert resp.field_errors() == {"application_id": "not_found"}


def test_ends_before_starts_is_422(api, make, admin):
    app = reviewed_app(api, make)
    resp = schedule(api, admin, app, new_day(), "10:00", "09:00",
                    status=422)
    assert "ends_at" in resp.field_errors()
    resp = schedule(api, admin, app, new_day(), "10:00", "10:00",
                    status=422)
    assert "ends_at" in resp.field_errors()
    assert listed(api, admin, application_id=app["id"]) == []


def test_longer_than_8_hours_is_422(api, make, admin):
    app = reviewed_app(api, make)
    day = new_day()
    resp = schedule(api, admin, app, day, "08:00", "16:01", status=422)
    assert "ends_at" in resp.field_errors()
    # exactly 8 hours is fine
    schedule(api, admin, app, day, "08:00", "16:00")


def test_bad_date_time_is_422(api, make, admin):
    app = reviewed_app(api, make)
    for bad in ["2027-02-30T09:00:00Z", "2027-03-01 09:00", "tomorrow",
                "2027-03-01T09:00:00"]:        # no offset
        resp = check(api.post("/v1/interviews", json={
            "application_id": app["id"], "starts_at": bad,
            "ends_at": "2027-03-01T10:00:00Z"}, token=admin.token), 422)
        assert resp.field_errors().get("starts_at") == "invalid_format", bad


def test_offset_is_accepted_and_answered_in_utc(api, make, admin):
    day = new_day()
    iv = check(api.post("/v1/interviews", json={
        "application_id": reviewed_app(api, make)["id"],
        "starts_at": f"{day.isoformat()}T10:00:00+01:00",
        "ends_at": f"{day.isoformat()}T11:30:00+01:00"},
        token=admin.token), 201).body
    assert iv["starts_at"].endswith("Z")
    assert parse_ts(iv["starts_at"]) == parse_ts(at(day, "09:00"))
    assert parse_ts(iv["ends_at"]) == parse_ts(at(day, "10:30"))


def test_consultant_attends_needs_a_consultant(api, make, admin):
    app = reviewed_app(api, make)     # admin-made seeker: no consultant
    resp = schedule(api, admin, app, new_day(), consultant_attends=True,
                    status=422)
    assert resp.field_errors().get("consultant_attends") == "invalid_value"


# --- overlaps ---------------------------------------------------------------

def test_overlap_for_same_seeker_is_409(api, make, admin):
    seeker = make.seeker()
    first = reviewed_app(api, make, seeker=seeker)
    second = reviewed_app(api, make, seeker=seeker)
    day = new_day()
    schedule(api, admin, first, day, "09:00", "10:00")

    for start, end in [("09:30", "10:30"), ("08:00", "09:01"),
                       ("09:00", "10:00"), ("08:00", "11:00")]:
        resp = schedule(api, admin, second, day, start, end, status=409)
        assert "seeker_id" in conflict_fields(resp), (start, end)

    # back to back: [09:00, 10:00) and [10:00, 11:00) do not overlap
    schedule(api, admin, second, day, "10:00", "11:00")
    schedule(api, admin, second, day, "08:00", "09:00")


def test_concurrent_overlapping_requests_one_wins(api, make, admin):
    seeker = make.seeker()
    apps = [reviewed_app(api, make, seeker=seeker) for _ in range(2)]
    day = new_day()
    slots = [("09:00", "10:00"), ("09:30", "10:30")]
    barrier = threading.Barrier(2)
    results = [None, None]

    def run(i):
        barrier.wait()
        results[i] = api.post("/v1/interviews", json={
            "application_id": apps[i]["id"],
            "starts_at": at(day, slots[i][0]),
            "ends_at": at(day, slots[i][1])}, token=admin.token)

    threads = [threading.Thread(target=run, args=(i,)) for i in range(2)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(60)

    assert sorted(r.status for r in results) == [201, 409], results
    for r in results:
        check(r, r.status)
    assert len(listed(api, admin, seeker_id=seeker["id"])) == 1


def test_consultant_attending_cannot_be_double_booked(api, make, admin):
    consultant = make.user("consultant")
    seekers = [make.seeker(by=consultant) for _ in range(3)]
    assert all(s["consultant_id"] == consultant.id for s in seekers)
    apps = [reviewed_app(api, make, seeker=s, by=consultant)
            for s in seekers]
    day = new_day()

    first = schedule(api, consultant, apps[0], day, "09:00", "10:00",
                     consultant_attends=True).body
    assert first["consultant_id"] == consultant.id
    assert first["consultant_attends"] is True

    resp = schedule(api, consultant, apps[1], day, "09:30", "10:30",
                    consultant_attends=True, status=409)
    assert "consultant_id" in conflict_fields(resp)

    # the consultant does not come along: no clash
    other = schedule(api, consultant, apps[2], day, "09:30", "10:30",
                     consultant_attends=False).body
    assert other["consultant_attends"] is False
    # back to back while attending is fine
    schedule(api, consultant, apps[1], day, "10:00", "11:00",
             consultant_attends=True)


def test_cancelled_slot_can_be_reused(api, make, admin):
    app = reviewed_app(api, make)
    day = new_day()
    iv = schedule(api, admin, app, day).body
    cancelled = update(api, iv, admin, {"status": "cancelled"}).body
    assert cancelled["status"] == "cancelled"
    again = schedule(api, admin, app, day).body
    assert again["id"] != iv["id"]


# --- updating ---------------------------------------------------------------

def test_reschedule(api, make, admin):
    iv = schedule(api, admin, reviewed_app(api, make), new_day()).body
    later = new_day()
    resp = update(api, iv, admin, {
        "starts_at": at(later, "13:00"), "ends_at": at(later, "14:30"),
        "location": "Kontoret, 2. sal", "mode": "phone"})
    got = resp.body
    assert parse_ts(got["starts_at"]) == parse_ts(at(later, "13:00"))
    assert parse_ts(got["ends_at"]) == parse_ts(at(later, "14:30"))
    assert got["location"] == "Kontoret, 2. sal"
    assert got["mode"] == "phone"
    assert got["status"] == "scheduled"
    assert check(api.get(path(iv), token=admin.token), 200).body == got


def test_reschedule_is_checked_like_create(api, make, admin):
    seeker = make.seeker()
    day = new_day()
    a = schedule(api, admin, reviewed_app(api, make, seeker=seeker), day,
                 "09:00", "10:00").body
    b = schedule(api, admin, reviewed_app(api, make, seeker=seeker), day,
                 "11:00", "12:00").body
    resp = update(api, b, admin, {"starts_at": at(day, "09:30")}, 409)
    assert "seeker_id" in conflict_fields(resp)
    resp = update(api, b, admin, {"ends_at": at(day, "10:30")}, 422)
    assert "ends_at" in resp.field_errors()
    resp = update(api, a, admin, {"ends_at": at(day, "17:01")}, 422)
    assert "ends_at" in resp.field_errors()


def test_record_outcome_and_complete(api, make, admin):
    iv = schedule(api, admin, reviewed_app(api, make), new_day()).body
    done = update(api, iv, admin, {"status": "completed",
                                   "outcome": "Gik godt; prøvedag aftalt."})
    assert done.body["status"] == "completed"
    assert done.body["outcome"] == "Gik godt; prøvedag aftalt."
    # the outcome may still be edited after completion
    again = update(api, iv, admin, {"outcome": "Prøvedag 3. marts."}).body
    assert again["outcome"] == "Prøvedag 3. marts."
    assert again["status"] == "completed"


def test_no_show(api, make, admin):
    iv = schedule(api, admin, reviewed_app(api, make), new_day()).body
    assert update(api, iv, admin,
                  {"status": "no_show"}).body["status"] == "no_show"


def test_completed_cannot_go_back_to_scheduled(api, make, admin):
    iv = schedule(api, admin, reviewed_app(api, make), new_day()).body
    update(api, iv, admin, {"status": "completed"})
    resp = update(api, iv, admin, {"status": "scheduled"}, 409)
    assert problem_slug(resp) == "conflict"
    resp = update(api, iv, admin, {"status": "cancelled"}, 409)
    assert problem_slug(resp) == "conflict"
    assert check(api.get(path(iv), token=admin.token),
                 200).body["status"] == "completed"


def test_times_of_cancelled_interview_are_frozen(api, make, admin):
    day = new_day()
    iv = schedule(api, admin, reviewed_app(api, make), day).body
    update(api, iv, admin, {"status": "cancelled"})
    resp = update(api, iv, admin, {"starts_at": at(day, "08:00")}, 409)
    assert problem_slug(resp) == "conflict"
    resp = update(api, iv, admin, {"location": "Et andet sted"}, 409)
    assert problem_slug(resp) == "conflict"
    got = check(api.get(path(iv), token=admin.token), 200).body
    assert parse_ts(got["starts_at"]) == parse_ts(at(day, "09:00"))


def test_if_match(api, make, admin):
    iv = schedule(api, admin, reviewed_app(api, make), new_day()).body
    etag = check(api.get(path(iv), token=admin.token), 200).headers["ETag"]
    resp = update(api, iv, admin, {"outcome": "Første note"},
                  headers={"If-Match": etag})
    assert resp.headers["ETag"] != etag
    resp = update(api, iv, admin, {"outcome": "Anden note"}, 412,
                  headers={"If-Match": etag})
    assert problem_slug(resp) == "precondition-failed"
    assert check(api.get(path(iv), token=admin.token),
                 200).body["outcome"] == "Første note"


# --- who may do what --------------------------------------------------------

def test_seeker_reads_own_but_cannot_create(api, make, admin):
    seeker = make.seeker()
    me = make.user("seeker", seeker_id=seeker["id"])
    app = reviewed_app(api, make, seeker=seeker)
    iv = schedule(api, admin, app, new_day()).body
    theirs = schedule(api, admin, reviewed_app(api, make), new_day()).body

    assert check(api.get(path(iv), token=me.token), 200).body == iv
    check(api.get(path(theirs), token=me.token), 404)
    assert listed(api, me) == [iv["id"]]

    resp = schedule(api, me, app, new_day(), status=403)
    assert problem_slug(resp) == "forbidden"
    update(api, iv, me, {"outcome": "Mig"}, 403)


def test_employer_schedules_for_own_jobs_only(api, make, admin):
    boss = make.user("employer")
    job = make.job(employer={"id": boss.employer_id,
                             "municipality_code": "0101"},
                   status="published")
    app = make.application(job=job)
    to_review(api, app, boss)
    iv = schedule(api, boss, app, new_day()).body
    assert iv["job_id"] == job["id"]
    assert check(api.get(path(iv), token=boss.token), 200).body == iv
    assert iv["id"] in listed(api, boss)
    update(api, iv, boss, {"outcome": "Fin samtale"})

    stranger = make.user("employer")
    other_app = reviewed_app(api, make, job=job)
    resp = schedule(api, stranger, other_app, new_day(), status=422)
    assert resp.field_errors() == {"application_id": "not_found"}
    check(api.get(path(iv), token=stranger.token), 404)
    update(api, iv, stranger, {"outcome": "Nope"}, 404)
    assert iv["id"] not in listed(api, stranger)


def test_partner_reads_only(api, make, admin, as_role):
    partner = as_role("partner")
    app = reviewed_app(api, make)     # seeker in 0101: the partner's scope
    iv = schedule(api, admin, app, new_day()).body
    assert check(api.get(path(iv), token=partner.token), 200).body == \
        dict(iv, accommodations=None, outcome=None)
    assert iv["id"] in listed(api, partner, seeker_id=app["seeker_id"])
    resp = schedule(api, partner, app, new_day(), status=403)
    assert problem_slug(resp) == "forbidden"
    update(api, iv, partner, {"outcome": "Nope"}, 403)


def test_case_notes_reach_admin_consultant_and_seeker_only(api, make, admin,
                                                           as_role):
    """accommodations and outcome: admin, consultant and the seeker read
    them; employer and partner read null (the keys stay), in the list, in
    what their own writes answer and in the calendar."""
    seeker = make.seeker()                                  # in 0101
    me = make.user("seeker", seeker_id=seeker["id"])
    boss = make.user("employer")
    job = make.job(employer={"id": boss.employer_id,
                             "municipality_code": "0101"},
                   status="published")
    app = reviewed_app(api, make, seeker=seeker, job=job)
    iv = schedule(api, boss, app, new_day(),
                  accommodations=["Rolig lokale", "Billeder på forhånd"])
    assert (iv.body["accommodations"], iv.body["outcome"]) == (None, None)
    iv = update(api, iv.body, boss, {"status": "completed",
                                     "outcome": "Tilbud følger."}).body
    assert (iv["accommodations"], iv["outcome"]) == (None, None)
    readers = {"admin": admin, "consultant": as_role("consultant"),
               "seeker": me, "employer": boss, "partner": as_role("partner")}
    for role, who in readers.items():
        sees = role in ("admin", "consultant", "seeker")
        got = check(api.get(path(iv), token=who.token), 200).body
        assert got == dict(iv, **({
            "accommodations": ["Rolig lokale", "Billeder på forhånd"],
            "outcome": "Tilbud følger."} if sees else {})), role
        page = check(api.get("/v1/interviews", query={
            "seeker_id": seeker["id"]}, token=who.token), 200).body["data"]
        assert page == [got], role
        ics = unfold(calendar(api, who, seeker_id=seeker["id"]))
        assert f"UID:{iv['id']}@jobbro" in ics, role
        assert ("Accommodations: Rolig lokale\\, Billeder på forhånd"
                in ics) == sees, (role, ics)


def test_consultant_schedules_for_own_seekers(api, make):
    consultant = make.user("consultant")
    app = reviewed_app(api, make, seeker=make.seeker(by=consultant),
                       by=consultant)
    iv = schedule(api, consultant, app, new_day()).body
    assert iv["consultant_id"] == consultant.id
    assert update(api, iv, consultant,
                  {"status": "completed"}).body["status"] == "completed"


def test_anonymous_is_401(api, make, admin):
    iv = schedule(api, admin, reviewed_app(api, make), new_day()).body
    check(api.get("/v1/interviews", token=ANONYMOUS.token), 401)
    check(api.get(path(iv), token=ANONYMOUS.token), 401)
    check(api.get("/v1/interviews.ics", token=ANONYMOUS.token), 401)
    check(api.post("/v1/interviews", json={
        "application_id": iv["application_id"],
        "starts_at": "2027-01-01T09:00:00Z",
        "ends_at": "2027-01-01T10:00:00Z"}, token=ANONYMOUS.token), 401)
    check(api.patch(path(iv), json={"outcome": "x"},
                    token=ANONYMOUS.token), 401)


def test_bad_or_unknown_id_is_404(api, admin):
    for bad in ["not-a-uuid", "123", MISSING_ID,
                "00000000-0000-4000-8000-00000000000g"]:
        check(api.get(f"/v1/interviews/{bad}", token=admin.token), 404)
        check(api.patch(f"/v1/interviews/{bad}", json={"outcome": "x"},
                        token=admin.token), 404)


# --- listing ----------------------------------------------------------------

def test_list_filters_and_order(api, make, admin):
    seeker = make.seeker()
    app_a = reviewed_app(api, make, seeker=seeker)
    app_b = reviewed_app(api, make, seeker=seeker)
    d1 = new_day()
    d2, d3 = d1 + timedelta(days=1), d1 + timedelta(days=2)
    # made out of order; listed by starts_at
    i3 = schedule(api, admin, app_a, d3, "09:00", "10:00").body
    i1 = schedule(api, admin, app_b, d1, "13:00", "14:00").body
    i2 = schedule(api, admin, app_a, d2, "09:00", "10:00").body
    i1b = schedule(api, admin, app_a, d1, "14:00", "15:00").body
    update(api, i2, admin, {"status": "cancelled"})

    everything = [i1["id"], i1b["id"], i2["id"], i3["id"]]
    assert listed(api, admin, seeker_id=seeker["id"]) == everything
    assert listed(api, admin, application_id=app_a["id"]) == \
        [i1b["id"], i2["id"], i3["id"]]
    assert listed(api, admin, application_id=app_b["id"]) == [i1["id"]]
    assert listed(api, admin, seeker_id=seeker["id"],
                  status="cancelled") == [i2["id"]]
    assert listed(api, admin, seeker_id=seeker["id"],
                  status="scheduled") == [i1["id"], i1b["id"], i3["id"]]
    assert listed(api, admin, seeker_id=seeker["id"],
                  status="completed") == []
    # from/to are days, both inclusive
    assert listed(api, admin, seeker_id=seeker["id"],
                  **{"from": d2.isoformat()}) == [i2["id"], i3["id"]]
    assert listed(api, admin, seeker_id=seeker["id"],
                  to=d2.isoformat()) == [i1["id"], i1b["id"], i2["id"]]
    assert listed(api, admin, seeker_id=seeker["id"],
                  **{"from": d2.isoformat(), "to": d2.isoformat()}) == \
        [i2["id"]]
    assert listed(api, admin, seeker_id=MISSING_ID) == []


def test_list_pagination(api, make, admin):
    seeker = make.seeker()
    app = reviewed_app(api, make, seeker=seeker)
    day = new_day()
    made = [schedule(api, admin, app, day, f"{h:02d}:00",
                     f"{h:02d}:30").body["id"] for h in (15, 9, 12, 10, 8)]
    everything = listed(api, admin, seeker_id=seeker["id"])
    assert len(everything) == 5
    expected = [made[i] for i in (4, 1, 3, 2, 0)]   # 08, 09, 10, 12, 15
    assert everything == expected

    seen, cursor = [], None
    while True:
        query = {"seeker_id": seeker["id"], "limit": 2}
        if cursor:
            query["cursor"] = cursor
        resp = check(api.get("/v1/interviews", query=query,
                             token=admin.token), 200)
        assert len(resp.body["data"]) <= 2
        seen += [i["id"] for i in resp.body["data"]]
        cursor = resp.body["next_cursor"]
        if cursor is None:
            assert "Link" not in resp.headers
            break
        assert 'rel="next"' in resp.headers["Link"]
    assert seen == expected


def test_list_bad_query_is_400(api, admin):
    for query in [{"limit": 0}, {"limit": 101}, {"cursor": "nonsense"},
                  {"status": "pending"}, {"seeker_id": "nope"},
                  {"from": "2027-13-01"}]:
        resp = check(api.get("/v1/interviews", query=query,
                             token=admin.token), 400)
        assert problem_slug(resp) == "bad-request", query


# --- iCalendar --------------------------------------------------------------

def test_ics_feed(api, make, admin):
    seeker = make.seeker()
    app = reviewed_app(api, make, seeker=seeker)
    day = new_day()
    place = ("Bageriet, Vesterbrogade 1; indgang fra gården, "
             "2. sal til venstre, spørg efter Lone Jensen ved disken")
    a = schedule(api, admin, app, day, "09:00", "10:00",
                 location=place).body
    b = schedule(api, admin, app, day, "11:00", "12:00", mode="video").body
    gone = schedule(api, admin, app, day, "13:00", "14:00").body
    update(api, gone, admin, {"status": "cancelled"})

    ics = calendar(api, admin, seeker_id=seeker["id"])
    assert ics.startswith("BEGIN:VCALENDAR\r\n")
    assert ics.endswith("END:VCALENDAR\r\n")
    assert "\n" not in ics.replace("\r\n", ""), "bare LF"
    assert "\r" not in ics.replace("\r\n", ""), "bare CR"
    for line in ics.split("\r\n"):
        assert len(line.encode("utf-8")) <= 75, line

    lines = unfold(ics).split("\r\n")
    assert "VERSION:2.0" in lines
    assert "PRODID:-//Jobbro//Interviews//DA" in lines
    assert lines.count("BEGIN:VEVENT") == 2
    assert lines.count("END:VEVENT") == 2
    uids = {ln[len("UID:"):] for ln in lines if ln.startswith("UID:")}
    assert uids == {f"{a['id']}@jobbro", f"{b['id']}@jobbro"}
    compact = day.strftime("%Y%m%d")
    assert f"DTSTART:{compact}T090000Z" in lines
    assert f"DTEND:{compact}T100000Z" in lines
    assert f"DTSTART:{compact}T110000Z" in lines
    assert f"DTSTART:{compact}T130000Z" not in lines
    location = [ln for ln in lines if ln.startswith("LOCATION:")
                and "Bageriet" in ln]
    assert location == [
        "LOCATION:Bageriet\\, Vesterbrogade 1\\; indgang fra gården\\, "
        "2. sal til venstre\\, spørg efter Lone Jensen ved disken"]


def test_ics_text_escapes_or_drops_every_control_character(api, make,
                                                            admin):
    """RFC 5545 TEXT: \\ ; , escaped, a line break (CR, LF, CRLF) as \\n,
    every other control character dropped: a location cannot end its
    line and forge a property or an event."""
    seeker = make.seeker()
    job = make.job(status="published",
                   title="Kok\tI\x01køkkenet\rEND:VEVENT\x7f\u0085")
    app = reviewed_app(api, make, seeker=seeker, job=job)
    place = "Lokale\t2\r\nSTATUS:CANCELLED\x01\x1b[2J;\nBEGIN:VEVENT\x0b,"
    iv = schedule(api, admin, app, new_day(), location=place).body
    assert iv["location"] == place          # stored as given
    ics = calendar(api, admin, seeker_id=seeker["id"])
    assert not re.search(r"[\x00-\x09\x0b\x0c\x0e-\x1f\x7f-\x9f]", ics)
    assert "\n" not in ics.replace("\r\n", "")
    assert "\r" not in ics.replace("\r\n", "")
    lines = unfold(ics).split("\r\n")
    assert "LOCATION:Lokale2\\nSTATUS:CANCELLED[2J\\;\\nBEGIN:VEVENT\\," \
        in lines, lines
    assert any(ln.startswith("SUMMARY:Jobsamtale: KokIkøkkenet\\nEND:VEVENT")
               for ln in lines), lines
    assert lines.count("BEGIN:VEVENT") == 1
    assert lines.count("END:VEVENT") == 1
    assert [ln for ln in lines if ln.startswith("STATUS:")] == \
        ["STATUS:CONFIRMED"]


def test_ics_filters_and_scope(api, make, admin):
    mine, theirs = make.seeker(), make.seeker()
    me = make.user("seeker", seeker_id=mine["id"])
    day = new_day()
    own = schedule(api, admin, reviewed_app(api, make, seeker=mine),
                   day).body
    other = schedule(api, admin, reviewed_app(api, make, seeker=theirs),
                     day).body

    admin_view = unfold(calendar(api, admin, seeker_id=mine["id"]))
    assert f"UID:{own['id']}@jobbro" in admin_view
    assert f"UID:{other['id']}@jobbro" not in admin_view

    seeker_view = unfold(calendar(api, me))
    assert f"UID:{own['id']}@jobbro" in seeker_view
    assert f"UID:{other['id']}@jobbro" not in seeker_view

    # another seeker's feed is empty for a seeker user, not an error
    empty = calendar(api, me, seeker_id=theirs["id"])
    assert empty.startswith("BEGIN:VCALENDAR\r\n")
    assert "BEGIN:VEVENT" not in empty


def test_ics_bad_query_is_400(api, admin):
    resp = check(api.get("/v1/interviews.ics", query={"seeker_id": "x"},
                         token=admin.token), 400)
    assert problem_slug(resp) == "bad-request"
