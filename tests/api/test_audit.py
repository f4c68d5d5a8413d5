"""/v1/audit-events — the audit log (admin only), and what writes it: every
read of a job seeker's personal data (get, list, matches, export; and the
get, list and history of the rows about them: applications, interviews
and the .ics feed, placements, follow-ups), every change of a domain row;
and the access log in a seeker's export.

The contract: api-spec/openapi.yaml (operation listAuditEvents, schema
SeekerExport.access_log)."""
import re
import uuid
from datetime import datetime, timedelta, timezone

import pytest

from support import ANONYMOUS, check, problem_slug


def events(api, admin, **query):
    """The audit events matching query (at most 100, newest first)."""
    query.setdefault("limit", 100)
    return check(api.get("/v1/audit-events", query=query,
                         token=admin.token), 200).body["data"]


def utc(dt):
    return dt.strftime("%Y-%m-%dT%H:%M:%SZ")


@pytest.fixture
def consultant(make):
    return make.user("consultant")


def test_a_seeker_read_is_in_the_log(api, make, admin, consultant):
    seeker = make.seeker()
    rid = f"audit-{uuid.uuid4().hex[:12]}"
    check(api.get(f"/v1/seekers/{seeker['id']}", token=consultant.token,
                  headers={"X-Request-Id": rid}), 200)

    got = events(api, admin, seeker_id=seeker["id"], action="seeker.read")
    assert len(got) == 1, got
    e = got[0]
    assert e["actor_id"] == consultant.id
    assert e["actor_role"] == "consultant"
    assert e["resource_type"] == "seeker"
    assert e["resource_id"] == seeker["id"]
    assert e["seeker_id"] == seeker["id"]
    assert e["request_id"] == rid
    # Ids only: nothing personal in the log.
    text = str(e)
    assert seeker["last_name"] not in text and seeker["email"] not in text


def test_a_list_records_each_seeker_returned(api, make, admin, consultant):
    make.seeker()
    make.seeker()
    page = check(api.get("/v1/seekers", query={"limit": 2},
                         token=consultant.token), 200).body["data"]
    assert len(page) == 2
    got = events(api, admin, actor_id=consultant.id, action="seeker.listed")
    assert sorted(e["seeker_id"] for e in got) == \
        sorted(s["id"] for s in page)


def test_matches_are_a_read(api, make, admin, consultant):
    seeker = make.seeker()
    check(api.get(f"/v1/seekers/{seeker['id']}/matches",
                  token=consultant.token), 200)
    got = events(api, admin, seeker_id=seeker["id"],
                 action="seeker.matched")
    assert [e["actor_id"] for e in got] == [consultant.id]


def test_an_employer_reading_an_application_is_in_the_log(api, make,
                                                          admin):
    employer = make.user("employer")
    job = make.job(employer={"id": employer.employer_id,
                             "municipality_code": "0101"},
                   status="published")
    seeker = make.seeker()
    application = make.application(seeker=seeker, job=job)
    rid = f"audit-{uuid.uuid4().hex[:12]}"
    check(api.get(f"/v1/applications/{application['id']}",
                  token=employer.token, headers={"X-Request-Id": rid}), 200)

    got = events(api, admin, seeker_id=seeker["id"],
                 action="application.read")
    assert len(got) == 1, got
    e = got[0]
    assert (e["actor_id"], e["actor_role"], e["resource_type"],
            e["resource_id"], e["seeker_id"], e["request_id"]) == (
        employer.id, "employer", "application", application["id"],
        seeker["id"], rid)

    # The history is a read of the application too.
    check(api.get(f"/v1/applications/{application['id']}/history",
                  token=employer.token), 200)
    assert len(events(api, admin, seeker_id=seeker["id"],
                      action="application.read")) == 2

    # Someone else's read is in the seeker's access log.
    log = check(api.get(f"/v1/seekers/{seeker['id']}/export",
                        token=admin.token), 200).body["access_log"]
    assert (employer.id, "employer", "application.read") in [
        (x["actor_id"], x["actor_role"], x["action"]) for x in log], log


@pytest.fixture(scope="module")
def hired(make):
    """Two placements (with their follow-ups) and two interviews of
    seekers in 0101, so that a consultant there has at least two rows of
    each kind to list; the first placement."""
    make.interview()
    make.interview()
    placement = make.placement()
    make.placement()
    return placement


@pytest.mark.parametrize("path, action", [
    ("/v1/applications", "application.listed"),
    ("/v1/interviews", "interview.listed"),
    ("/v1/placements", "placement.listed"),
    ("/v1/follow-ups", "follow_up.listed"),
])
def test_a_list_records_each_row_returned(api, make, admin, hired, path,
                                          action):
    consultant = make.user("consultant")
    page = check(api.get(path, query={"limit": 2}, token=consultant.token),
                 200).body["data"]
    assert len(page) == 2, page
    got = events(api, admin, actor_id=consultant.id, action=action)
    assert sorted((e["resource_id"], e["seeker_id"]) for e in got) == \
        sorted((row["id"], row["seeker_id"]) for row in page)


def test_a_row_read_is_in_the_log(api, make, admin, hired):
    consultant = make.user("consultant")
    follow_up = check(api.get("/v1/follow-ups", query={
        "placement_id": hired["id"], "limit": 1}, token=admin.token),
        200).body["data"][0]
    interview = make.interview()
    for path, action, row in [
            ("/v1/placements", "placement.read", hired),
            ("/v1/follow-ups", "follow_up.read", follow_up),
            ("/v1/interviews", "interview.read", interview)]:
        check(api.get(f"{path}/{row['id']}", token=consultant.token), 200)
        got = events(api, admin, actor_id=consultant.id, action=action)
        assert [(e["resource_id"], e["seeker_id"]) for e in got] == \
            [(row["id"], row["seeker_id"])], (action, got)


def test_the_calendar_feed_records_each_interview(api, make, admin):
    consultant = make.user("consultant")
    seeker = make.seeker()
    ivs = [make.interview(application=make.application(seeker=seeker))
           for _ in range(2)]
    resp = check(api.get("/v1/interviews.ics", query={
        "seeker_id": seeker["id"]}, token=consultant.token,
        headers={"Accept": "text/calendar"}), 200)
    uids = re.findall(r"^UID:([0-9a-f-]+)@jobbro\r$", resp.body, re.M)
    assert sorted(uids) == sorted(i["id"] for i in ivs)
    got = events(api, admin, actor_id=consultant.id,
                 action="interview.listed")
    assert sorted((e["resource_id"], e["seeker_id"]) for e in got) == \
        sorted((i["id"], seeker["id"]) for i in ivs)


def test_a_change_is_in_the_log(api, make, admin):
    seeker = make.seeker()
    check(api.patch(f"/v1/seekers/{seeker['id']}", json={
        "status": "paused"}, token=admin.token), 200)
    got = events(api, admin, seeker_id=seeker["id"])
    actions = [e["action"] for e in got if e["resource_id"] == seeker["id"]]
    assert actions == ["seeker.status_changed", "seeker.created"], got


def test_filters_and_cursor(api, make, admin, consultant):
    seekers = [make.seeker() for _ in range(3)]
    for s in seekers:
        check(api.get(f"/v1/seekers/{s['id']}", token=consultant.token), 200)
    mine = {"actor_id": consultant.id, "action": "seeker.read"}
    everything = events(api, admin, **mine)
    assert len(everything) == 3
    assert [e["seeker_id"] for e in everything] == \
        [s["id"] for s in reversed(seekers)], "newest first"

    first = check(api.get("/v1/audit-events", query=dict(mine, limit=2),
                          token=admin.token), 200)
    assert len(first.body["data"]) == 2 and first.body["next_cursor"]
    assert 'rel="next"' in first.headers["Link"]
    second = check(api.get("/v1/audit-events", query=dict(
        mine, limit=2, cursor=first.body["next_cursor"]),
        token=admin.token), 200)
    assert second.body["next_cursor"] is None
    assert "Link" not in second.headers
    assert [e["id"] for e in first.body["data"] + second.body["data"]] == \
        [e["id"] for e in everything]

    assert [e["id"] for e in events(api, admin, actor_id=consultant.id,
                                    seeker_id=seekers[1]["id"])] == \
        [everything[1]["id"]]
    assert events(api, admin, actor_id=consultant.id,
                  action="seeker.exported") == []

    now = datetime.now(timezone.utc)
    assert len(events(api, admin, **mine,
                      **{"from": utc(now - timedelta(hours=1))})) == 3
    assert len(events(api, admin, **mine,
                      **{"from": (now - timedelta(days=1)).date().isoformat(),
                         "to": (now + timedelta(days=1)).date().isoformat()})
               ) == 3
    assert events(api, admin, **mine,
                  to=(now - timedelta(days=2)).date().isoformat()) == []
    assert events(api, admin, **mine,
                  **{"from": utc(now + timedelta(hours=1))}) == []


@pytest.mark.parametrize("query, field", [
    ({"seeker_id": "not-a-uuid"}, "seeker_id"),
    ({"actor_id": "123"}, "actor_id"),
    ({"from": "yesterday"}, "from"),
    ({"to": "2026-02-30"}, "to"),
    ({"from": "2026-05-02", "to": "2026-05-01"}, "to"),
    ({"cursor": "bm90LW91cnM"}, "cursor"),
    ({"limit": "0"}, "limit"),
])
def test_bad_filters_are_400(api, admin, query, field):
    resp = check(api.get("/v1/audit-events", query=query,
                         token=admin.token), 400)
    assert problem_slug(resp) == "bad-request"
    assert field in resp.field_errors(), resp.body


@pytest.mark.parametrize("role", ["consultant", "employer", "seeker",
                                  "partner"])
def test_only_admins_read_the_log(api, as_role, role):
    resp = check(api.get("/v1/audit-events", token=as_role(role).token), 403)
    assert problem_slug(resp) == "forbidden"


def test_the_log_needs_a_token(api):
    check(api.get("/v1/audit-events", token=ANONYMOUS.token), 401)


def test_the_export_lists_who_else_read(api, make, consultant, admin):
    seeker = make.seeker(by=consultant)
    login = make.user("seeker", seeker_id=seeker["id"])
    check(api.get(f"/v1/seekers/{seeker['id']}", token=consultant.token), 200)
    check(api.get(f"/v1/seekers/{seeker['id']}", token=login.token), 200)

    log = check(api.get(f"/v1/seekers/{seeker['id']}/export",
                        token=login.token), 200).body["access_log"]
    assert [(e["actor_id"], e["actor_role"], e["action"]) for e in log] == \
        [(consultant.id, "consultant", "seeker.read")], log

    # Someone else's export is itself a read, listed first.
    check(api.get(f"/v1/seekers/{seeker['id']}/export", token=admin.token),
          200)
    log = check(api.get(f"/v1/seekers/{seeker['id']}/export",
                        token=login.token), 200).body["access_log"]
    assert [(e["actor_id"], e["action"]) for e in log] == [
        (admin.id, "seeker.exported"), (consultant.id, "seeker.read")]
    assert log[0]["at"] >= log[1]["at"]
