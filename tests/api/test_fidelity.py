"""GET /v1/stats/fidelity — programme fidelity per municipality or
consultant.

The contract: api-spec/openapi.yaml (operation getFidelity) and
sql/README.md ("Programme fidelity"); the worked example with every figure
by hand is tests/sql/fidelity.sql. Here: the endpoint end to end, both
groupings, filters, bad input, who may read it (roles, the
placements:read scope of API clients), small groups for partners, and
that a change reaches a cached answer at once.

The seekers live in a fresh municipality (nobody else's) and belong to a
new consultant `eye`; their referral day is moved back in the database
(JOBBRO_TEST_DSN) so the days to the first application are known:
10, 20, 30, 40, 50 → n 5, median 30, p75 40."""
import os
from datetime import date, datetime, timedelta, timezone

import psycopg2
import pytest

from support import ANONYMOUS, check, problem_slug
from test_api_clients import new_client, token_of

DSN = os.environ.get("JOBBRO_TEST_DSN")


def sql(statement, *args):
    conn = psycopg2.connect(DSN, connect_timeout=5)
    try:
        with conn, conn.cursor() as cur:
            cur.execute(statement, args)
    finally:
        conn.close()


def today():
    return datetime.now(timezone.utc).date()


def fidelity(api, token, status=200, **query):
    return check(api.get("/v1/stats/fidelity", query=query, token=token),
                 status)


def group(body, key):
    found = [g for g in body["groups"] if g["key"] == key]
    assert len(found) == 1, body
    return found[0]


@pytest.fixture(scope="module")
def world(api, make):
    """Five seekers of `eye` in `code`, referred 10..50 days ago, each
    with an application today; the first (referred 10 days ago, 20 years
    old) hired today."""
    if not DSN:
        pytest.skip("JOBBRO_TEST_DSN is not set")
    code = make.fresh_municipality()
    eye = make.user("consultant", municipality_codes=[code])
    job = make.job(status="published", positions=5)
    born = (today() - timedelta(days=20 * 366)).isoformat()
    seekers = []
    for i, days in enumerate((10, 20, 30, 40, 50)):
        s = make.seeker(municipality_code=code, consultant_id=eye.id,
                        birth_date=born if i == 0 else "1980-01-01")
        sql("UPDATE seekers SET created_at = now() - make_interval("
            "days => %s) WHERE id = %s", days, s["id"])
        seekers.append(s)
    make.placement(application=make.offered_application(
        seeker=seekers[0], job=job))
    for s in seekers[1:]:
        make.application(seeker=s, job=job)
    return {"code": code, "eye": eye, "seekers": seekers, "job": job}


def test_by_municipality(api, world):
    body = fidelity(api, world["eye"].token).body
    assert body["group_by"] == "municipality"
    assert body["to"] == body["as_of"]
    assert date.fromisoformat(body["from"]) == \
        date.fromisoformat(body["diversity_from"])
    g = group(body, world["code"])
    assert body["groups"] == [g]
    assert g["caseload"] == {"seekers": 5, "without_consultant": 0,
                             "consultants": 1, "median_size": 5.0,
                             "max_size": 5, "at_or_under_20_share": 1.0}
    assert g["referred"] == 5
    assert g["days_to_first_application"] == {"n": 5, "median": 30.0,
                                               "p75": 40.0}
    assert g["days_to_hire"] == {"n": 1, "median": 10.0, "p75": 10.0}
    assert g["diversity"] == {"placements": 1, "employers": 1,
                              "job_types": 1}
    assert g["placed_aged_18_25"] == {"placed": 1, "aged_18_25": 1,
                                      "share": 1.0}
    # the new placement's paperwork is due from today on: nothing yet
    assert g["paperwork"]["overdue"] == 0


def test_by_consultant(api, world):
    eye = world["eye"]
    body = fidelity(api, eye.token, group_by="consultant").body
    g = group(body, eye.id)
    assert body["groups"] == [g]
    assert g["name"]
    assert g["caseload"]["seekers"] == 5
    assert g["days_to_first_application"]["median"] == 30.0


def test_filters(api, admin, make, world):
    mine = fidelity(api, world["eye"].token).body["groups"]
    # admin, filtered to the municipality: the same figures
    assert fidelity(api, admin.token, municipality_code=world["code"]
                    ).body["groups"] == mine
    # another consultant's seekers: none here
    other = make.user("consultant")
    assert fidelity(api, admin.token, municipality_code=world["code"],
                    consultant_id=other.id).body["groups"] == []
    assert fidelity(api, admin.token, municipality_code=world["code"],
                    consultant_id=world["eye"].id).body["groups"] == mine
    # a period that ended before any referral: caseload (now) only
    old = (today() - timedelta(days=200)).isoformat()
    g = group(fidelity(api, world["eye"].token, to=old).body, world["code"])
    assert g["referred"] == 0 and g["caseload"]["seekers"] == 5
    assert g["days_to_first_application"] == {"n": 0, "median": None,
                                              "p75": None}


@pytest.mark.parametrize("query, field", [
    ({"group_by": "employer"}, "group_by"),
    ({"municipality_code": "12"}, "municipality_code"),
    ({"consultant_id": "not-a-uuid"}, "consultant_id"),
    ({"from": "2026-13-01"}, "from"),
    ({"to": "yesterday"}, "to"),
    ({"from": "2026-02-01", "to": "2026-01-31"}, "to"),
])
def test_bad_query_is_400(api, as_role, query, field):
    resp = fidelity(api, as_role("consultant").token, 400, **query)
    assert problem_slug(resp) == "bad-request"
    assert [e["field"] for e in resp.body["errors"]] == [field]


@pytest.mark.parametrize("role, status", [
    ("employer", 403), ("seeker", 403)])
def test_employers_and_seekers_may_not(api, as_role, role, status):
    fidelity(api, as_role(role).token, status)


def test_anonymous_is_401(api):
    fidelity(api, ANONYMOUS, 401)


def test_partners_get_no_figure_about_fewer_than_5(api, admin, make, world):
    """A partner user and an API client with placements:read of the
    municipality: the caseload (5) and the application timing (n 5) are
    shown; the hire (n 1), diversity (1) and young (1) are null."""
    partner = make.user("partner", municipality_codes=[world["code"]])
    client = token_of(api, new_client(api, admin, scopes=["placements:read"],
                                      codes=[world["code"]]).body)
    for token in (partner.token, client):
        g = group(fidelity(api, token).body, world["code"])
        assert g["caseload"]["seekers"] == 5
        assert g["days_to_first_application"]["median"] == 30.0
        assert g["days_to_hire"] == {"n": None, "median": None, "p75": None}
        assert g["diversity"]["placements"] is None
        assert g["placed_aged_18_25"]["share"] is None
    # without placements:read: 403 insufficient_scope
    jobs_only = token_of(api, new_client(api, admin, scopes=["jobs:read"],
                                         codes=[world["code"]]).body)
    resp = fidelity(api, jobs_only, 403)
    assert resp.body["error"] == "insufficient_scope"


def test_out_of_scope_sees_nothing(api, make, world):
    elsewhere = make.fresh_municipality()
    for who in (make.user("consultant", municipality_codes=[elsewhere]),
                make.user("partner", municipality_codes=[elsewhere])):
        assert fidelity(api, who.token,
                        municipality_code=world["code"]).body["groups"] == []


def test_a_change_reaches_the_cached_answer_at_once(api, make):
    """The answer is cached per caller; a seeker paused (no placement, no
    application: nothing of the statistics' facts changes) or a new
    referral is seen by the next read."""
    code = make.fresh_municipality()
    eye = make.user("consultant", municipality_codes=[code])
    a = make.seeker(municipality_code=code, consultant_id=eye.id)
    make.seeker(municipality_code=code, consultant_id=eye.id)

    def read():
        return group(fidelity(api, eye.token).body, code)

    for _ in range(3):
        g = read()
        assert (g["caseload"]["seekers"], g["referred"]) == (2, 2)
    check(api.patch(f"/v1/seekers/{a['id']}", json={"status": "paused"},
                    token=eye.token), 200)
    for _ in range(3):
        g = read()
        assert (g["caseload"]["seekers"], g["referred"]) == (1, 2)
    make.seeker(municipality_code=code, consultant_id=eye.id)
    for _ in range(3):
        g = read()
        assert (g["caseload"]["seekers"], g["referred"]) == (2, 3)
