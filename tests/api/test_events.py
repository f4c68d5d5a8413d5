"""/v1/events — the change feed — and `updated_since` on every list.

The feed shows an event once every transaction older than it has ended,
so a test that just made a change polls (briefly) until it shows up
rather than expecting it on the very next call. Each test works in a
municipality of its own (make.fresh_municipality), whose partner sees
only what the test makes there.

The contract: api-spec/openapi.yaml (operation listEvents, parameter
UpdatedSince)."""
import time

import pytest

from support import ANONYMOUS, check, employer_body, spec

LISTS = ["/v1/users", "/v1/employers", "/v1/jobs", "/v1/seekers",
         "/v1/applications", "/v1/interviews", "/v1/placements",
         "/v1/follow-ups"]


def feed(api, who, **query):
    """One page of the feed (the checked response)."""
    return check(api.get("/v1/events", query=query, token=who.token), 200)


def drain(api, who, after=None, limit=100, **query):
    """Every event from `after` to the end: (events, the cursor to poll
    from next)."""
    got = []
    while True:
        q = dict(query, limit=limit)
        if after is not None:
            q["after"] = after
        body = feed(api, who, **q).body
        assert body["next_cursor"], body
        got += body["data"]
        after = body["next_cursor"]
        if len(body["data"]) < limit:
            return got, after


def poll(api, who, after, want, **query):
    """Drain from `after` until `want(events)` holds (20 s at most)."""
    deadline = time.monotonic() + 20
    while True:
        got, _ = drain(api, who, after, **query)
        if want(got) or time.monotonic() > deadline:
            return got
        time.sleep(0.2)


def about(events, rid):
    return [e["type"] for e in events if e["resource"]["id"] == rid]


@pytest.fixture
def world(api, make):
    """A municipality of this test's own with its partner, an employer
    (and its user) there, and the feed position before anything was
    made in it."""
    code = make.fresh_municipality()
    partner = make.user("partner", municipality_codes=[code])
    _, start = drain(api, partner)
    employer = make.employer(municipality_code=code)
    emp_user = make.user("employer", employer_id=employer["id"])
    return {"code": code, "partner": partner, "start": start,
            "employer": employer, "emp_user": emp_user}


def test_each_role_sees_the_events_of_its_scope(api, make, admin, world):
    code, start = world["code"], world["start"]
    job = make.job(employer=world["employer"], status="published")
    seeker = make.seeker(municipality_code=code)
    seeker_user = make.user("seeker", seeker_id=seeker["id"])
    application = make.application(seeker=seeker, job=job)

    ids = {job["id"], seeker["id"], application["id"]}
    got = poll(api, admin, start,
               lambda ev: ids <= {e["resource"]["id"] for e in ev})
    assert about(got, job["id"]) == ["job.published"]
    assert about(got, seeker["id"]) == ["seeker.created"]
    assert about(got, application["id"]) == ["application.created"]
    e = [e for e in got if e["resource"]["id"] == application["id"]][0]
    assert e["resource"]["type"] == "application"
    assert e["data"]["job_id"] == job["id"]
    assert e["data"]["seeker_id"] == seeker["id"]
    assert e["data"]["employer_id"] == world["employer"]["id"]
    assert e["data"]["status"] == "submitted"

    def seen(who):
        events, _ = drain(api, who, start)
        return {e["resource"]["id"] for e in events}

    # The partner of that municipality: all three; of another: none.
    assert seen(world["partner"]) >= ids
    assert not seen(make.principal("partner")) & ids
    # The employer: its job and the application to it, not the seeker.
    assert seen(world["emp_user"]) & ids == {job["id"], application["id"]}
    assert not seen(make.principal("employer")) & ids
    # The seeker: about themselves, not the job as such.
    assert seen(seeker_user) & ids == {seeker["id"], application["id"]}
    assert not seen(make.principal("seeker")) & ids


def test_paging_to_the_end_then_polling(api, make, world):
    partner, start = world["partner"], world["start"]
    made = [make.seeker(municipality_code=world["code"])["id"]
            for _ in range(5)]

    got = poll(api, partner, start, lambda ev: len(ev) >= 5)
    assert [e["resource"]["id"] for e in got] == made
    assert {e["type"] for e in got} == {"seeker.created"}
    # Pages of two: the same five, then an end with a cursor to poll from.
    pages, after = [], start
    for _ in range(3):
        resp = feed(api, partner, limit=2, after=after)
        assert "rel=\"next\"" in resp.headers.get("Link", "")
        pages.append([e["resource"]["id"] for e in resp.body["data"]])
        after = resp.body["next_cursor"]
    assert pages == [made[0:2], made[2:4], made[4:5]]
    assert feed(api, partner, after=after).body["data"] == []
    # New events come after it — and only they.
    sixth = make.seeker(municipality_code=world["code"])["id"]
    got = poll(api, partner, after, lambda ev: len(ev) >= 1)
    assert [e["resource"]["id"] for e in got] == [sixth]
    # The Link header's cursor= works as after= does.
    again = feed(api, partner, cursor=after).body["data"]
    assert [e["resource"]["id"] for e in again] == [sixth]


def test_type_filter_and_changes(api, make, admin, world):
    partner, start = world["partner"], world["start"]
    seeker = make.seeker(municipality_code=world["code"])
    check(api.patch(f"/v1/seekers/{seeker['id']}", json={"status": "paused"},
                    token=admin.token), 200)
    got = poll(api, partner, start, lambda ev: len(ev) >= 2)
    assert about(got, seeker["id"]) == ["seeker.created", "seeker.updated"]
    updated = [e for e in got if e["type"] == "seeker.updated"][0]
    assert updated["data"]["status"] == "paused"
    assert updated["data"]["previous_status"] == "active"

    only, _ = drain(api, partner, start, type="seeker.updated")
    assert [e["id"] for e in only] == [updated["id"]]


def test_event_data_holds_nothing_personal(api, make, admin, world):
    seeker = make.seeker(municipality_code=world["code"])
    got = poll(api, world["partner"], world["start"],
               lambda ev: about(ev, seeker["id"]))
    text = str(got)
    for personal in (seeker["first_name"], seeker["last_name"],
                     seeker["email"], seeker["phone"], "Hanne", "Faste"):
        assert personal not in text, personal


def test_bad_type_and_foreign_cursors(api, make, admin):
    resp = check(api.get("/v1/events", query={"type": "job.deleted"},
                         token=admin.token), 400)
    assert "type" in resp.field_errors()

    make.job()
    make.job()
    jobs_cursor = check(api.get("/v1/jobs", query={"limit": 1},
                                token=admin.token), 200).body["next_cursor"]
    assert jobs_cursor
    resp = check(api.get("/v1/events", query={"after": jobs_cursor},
                         token=admin.token), 400)
    assert resp.field_errors() == {"after": "invalid_format"}
    resp = check(api.get("/v1/events", query={"after": "not-a-cursor"},
                         token=admin.token), 400)
    assert "after" in resp.field_errors()

    events_cursor = feed(api, admin, limit=1).body["next_cursor"]
    resp = check(api.get("/v1/jobs", query={"cursor": events_cursor},
                         token=admin.token), 400)
    assert resp.field_errors() == {"cursor": "invalid_format"}


def test_anonymous_callers_get_401(api):
    check(api.get("/v1/events", token=ANONYMOUS.token), 401)


# ---------------------------------------------------------------------------
# updated_since
# ---------------------------------------------------------------------------

def test_jobs_updated_since_orders_by_change(api, make, admin):
    employer = make.employer()
    a = make.job(employer=employer)
    b = make.job(employer=employer)
    since = a["created_at"]
    check(api.patch(f"/v1/jobs/{a['id']}", json={"title": "Changed"},
                    token=admin.token), 200)

    def page(**q):
        return check(api.get("/v1/jobs", query=dict(
            q, employer_id=employer["id"], updated_since=since),
            token=admin.token), 200).body

    # Oldest change first: b (made), then a (changed after).
    assert [j["id"] for j in page()["data"]] == [b["id"], a["id"]]
    first = page(limit=1)
    assert [j["id"] for j in first["data"]] == [b["id"]]
    second = page(limit=1, cursor=first["next_cursor"])
    assert [j["id"] for j in second["data"]] == [a["id"]]
    assert second["next_cursor"] is None
    # Since a's change: only a.
    changed = check(api.get(f"/v1/jobs/{a['id']}", token=admin.token),
                    200).body["updated_at"]
    body = check(api.get("/v1/jobs", query={
        "employer_id": employer["id"], "updated_since": changed},
        token=admin.token), 200).body
    assert [j["id"] for j in body["data"]] == [a["id"]]


def test_seekers_updated_since(api, make, admin):
    code = make.fresh_municipality()
    old = make.seeker(municipality_code=code)
    new = make.seeker(municipality_code=code)
    check(api.patch(f"/v1/seekers/{old['id']}", json={"status": "paused"},
                    token=admin.token), 200)
    changed = check(api.get(f"/v1/seekers/{old['id']}", token=admin.token),
                    200).body["updated_at"]

    def ids(since):
        return [s["id"] for s in check(api.get("/v1/seekers", query={
            "municipality_code": code, "updated_since": since},
            token=admin.token), 200).body["data"]]

    # Oldest change first: new (made), then old (changed after).
    assert ids(old["created_at"]) == [new["id"], old["id"]]
    assert ids(changed) == [old["id"]]
    assert ids("2999-01-01T00:00:00Z") == []


@pytest.mark.parametrize("path", LISTS)
def test_every_list_takes_updated_since(api, admin, path):
    op = spec().doc["paths"][path]["get"]
    names = {spec().deref(p)["name"] for p in op["parameters"]}
    assert "updated_since" in names, path

    body = check(api.get(path, query={"updated_since": "2000-01-01T00:00:00Z",
                                      "limit": 5}, token=admin.token),
                 200).body
    stamps = [r["updated_at"] for r in body["data"]]
    assert stamps == sorted(stamps), (path, stamps)
    assert check(api.get(path, query={"updated_since": "2999-01-01T00:00:00Z"},
                         token=admin.token), 200).body["data"] == []
    resp = check(api.get(path, query={"updated_since": "yesterday"},
                         token=admin.token), 400)
    assert "updated_since" in resp.field_errors()


def test_an_event_that_commits_late_is_not_skipped(api, make, db, world):
    """Transaction B takes its id first, A writes the lower event id, B
    commits first: a feed ordered by event id alone would hand out B's
    event and then never A's. Ordered by transaction, it hands out both."""
    if db is None:
        pytest.skip("JOBBRO_TEST_DSN is not set")
    import psycopg2
    partner = world["partner"]
    s1 = make.seeker(municipality_code=world["code"])["id"]
    s2 = make.seeker(municipality_code=world["code"])["id"]
    poll(api, partner, world["start"], lambda ev: len(ev) >= 2)
    _, after = drain(api, partner, world["start"])
    a = psycopg2.connect(db.dsn, connect_timeout=5)
    b = psycopg2.connect(db.dsn, connect_timeout=5)
    try:
        with b.cursor() as cb, a.cursor() as ca:
            cb.execute("SELECT pg_current_xact_id()")
            ca.execute("SELECT pg_current_xact_id()")
            ca.execute("UPDATE seekers SET status = 'paused' WHERE id = %s",
                       (s1,))
            cb.execute("UPDATE seekers SET status = 'paused' WHERE id = %s",
                       (s2,))
            b.commit()
            first = poll(api, partner, after, lambda ev: len(ev) >= 1)
            assert [e["resource"]["id"] for e in first] == [s2]
            _, after = drain(api, partner, after)
            a.commit()
        late = poll(api, partner, after, lambda ev: len(ev) >= 1)
        assert [e["resource"]["id"] for e in late] == [s1]
        assert late[0]["id"] < first[0]["id"]
    finally:
        a.close()
        b.close()
