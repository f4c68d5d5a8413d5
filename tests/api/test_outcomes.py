"""/v1/stats/outcomes — outcomes beyond retention: satisfaction of seekers
and employers, income uplift over the benefit, and the change in the
wellbeing and social scores of the follow-ups.

The contract: api-spec/openapi.yaml (GET /v1/stats/outcomes) and
api-spec/README.md ("Statistics"). Population, filters, groups, scope and
the small-group rules are retention's (tests/api/test_stats.py, whose
`Book` builds placements in a scope that holds nothing else); every
figure has its own n, and an employer or partner gets no figure about
fewer than 5 placements."""
from datetime import date, timedelta

import pytest

from support import ANONYMOUS, check, problem_slug
from test_stats import BAD_QUERIES, Book, age_band, today


def outcomes(api, who, status=200, **query):
    return check(api.get("/v1/stats/outcomes", query=query,
                         token=who.token), status)


def follow_up(api, admin, placement, month):
    fus = check(api.get("/v1/follow-ups", query={
        "placement_id": placement["id"], "limit": 100},
        token=admin.token), 200).body["data"]
    return next(f for f in fus if f["month"] == month)


def record(api, admin, placement, month, seeker=None, employer=None,
           wellbeing=None, social=None):
    body = {"still_employed": True}
    for k, v in (("seeker_satisfaction", seeker),
                 ("employer_satisfaction", employer),
                 ("wellbeing_score", wellbeing), ("social_score", social)):
        if v is not None:
            body[k] = v
    fu = follow_up(api, admin, placement, month)
    done = check(api.post(f"/v1/follow-ups/{fu['id']}/record", json=body,
                          token=admin.token), 200).body
    assert (done["wellbeing_score"], done["social_score"]) == \
        (wellbeing, social)
    return done


@pytest.fixture(scope="module")
def book(api, make, admin):
    """Six placements at one new employer, started 100 days ago, seekers
    in one fresh municipality:

         job_type   hourly weekly benefit  uplift (wage*52/12/benefit)
      b1 skaanejob  150    20     13000    13000 / 13000 = 100 %
      b2 skaanejob  100    15     20000    6500 / 20000  = 32.5 %
      b3 skaanejob   60    10     13000    2600 / 13000  = 20 %
      b4 skaanejob  120    10     10400    5200 / 10400  = 50 %
      b5 skaanejob  None   10     20150.5  (no wage)
      b6 fleksjob    90    10     39000    3900 / 39000  = 10 %

    Follow-ups recorded (month: seeker, employer, wellbeing, social):
      b1  1: 4 4 2 2   3: 5 4 4 3   -> yes, yes, +2, +1
      b2  1: 2 5 3 3   3: - - 3 4   -> no,  yes,  0, +1
      b3  1: 5 2 4 -   3: - - 2 -   -> yes, no,  -2, (none)
      b4  1: 4 - 1 2   3: - - - 2   -> yes, -, (one answer), 0
      b5  1: 4 4 3 3   3: - - 5 5   -> yes, yes, +2, +2
      b6  (none)"""
    code = make.fresh_municipality()
    bk = Book(api, make, positions=6)
    start = today() - timedelta(days=100)
    p = {}
    for name, job_type, wage, hours, benefit in [
            ("b1", "skaanejob", 150, 20, 13000),
            ("b2", "skaanejob", 100, 15, 20000),
            ("b3", "skaanejob", 60, 10, 13000),
            ("b4", "skaanejob", 120, 10, 10400),
            ("b5", "skaanejob", None, 10, 20150.5),
            ("b6", "fleksjob", 90, 10, 39000)]:
        p[name] = bk.place(start, None, code, job_type=job_type,
                           hourly_wage_dkk=wage, weekly_hours=hours,
                           benefit=benefit)
    record(api, admin, p["b1"], 1, 4, 4, 2, 2)
    record(api, admin, p["b1"], 3, 5, 4, 4, 3)
    record(api, admin, p["b2"], 1, 2, 5, 3, 3)
    record(api, admin, p["b2"], 3, None, None, 3, 4)
    record(api, admin, p["b3"], 1, 5, 2, 4, None)
    record(api, admin, p["b3"], 3, None, None, 2, None)
    record(api, admin, p["b4"], 1, 4, None, 1, 2)
    record(api, admin, p["b4"], 3, None, None, None, 2)
    record(api, admin, p["b5"], 1, 4, 4, 3, 3)
    record(api, admin, p["b5"], 3, None, None, 5, 5)
    return {"book": bk, "code": code, "start": start, "p": p}


WITHHELD_RATE = {"n": None, "rate": None}
WITHHELD_CHANGE = {"n": None, "mean_change": None, "share_improved": None}
WITHHELD_UPLIFT = {"n": None, "p25": None, "median": None, "p75": None,
                   "share_reaching_25": None}

# All six, by hand:
#   seeker: 4 of 5 (b2 no) = 0.8; employer: 3 of 4 (b3 no) = 0.75
#   uplift n 5, sorted 10, 20, 32.5, 50, 100: p25 (at 1) 20, median 32.5,
#     p75 (at 3) 50; >= 25: 3 of 5 = 0.6
#   wellbeing n 4 (b1 +2, b2 0, b3 -2, b5 +2): mean 0.5, improved 2 of 4
#   social n 4 (b1 +1, b2 +1, b4 0, b5 +2): mean 1.0, improved 3 of 4
ALL = {
    "key": "all", "n": 6,
    "seeker_satisfaction": {"n": 5, "rate": 0.8},
    "employer_satisfaction": {"n": 4, "rate": 0.75},
    "income_uplift": {"n": 5, "p25": 20.0, "median": 32.5, "p75": 50.0,
                      "share_reaching_25": 0.6},
    "wellbeing": {"n": 4, "mean_change": 0.5, "share_improved": 0.5},
    "social": {"n": 4, "mean_change": 1.0, "share_improved": 0.75},
}
# skaanejob (b1-b5): uplift n 4, sorted 20, 32.5, 50, 100: p25 (at 0.75)
# 20 + 0.75 * 12.5 = 29.375 -> 29.4; median (at 1.5) 41.25 -> 41.3; p75
# (at 2.25) 50 + 0.25 * 50 = 62.5; >= 25: 3 of 4. The rest as ALL.
SKAANEJOB = dict(ALL, key="skaanejob", n=5, income_uplift={
    "n": 4, "p25": 29.4, "median": 41.3, "p75": 62.5,
    "share_reaching_25": 0.75})
# fleksjob (b6): uplift 10 only; nothing answered.
FLEKSJOB = {
    "key": "fleksjob", "n": 1,
    "seeker_satisfaction": {"n": 0, "rate": None},
    "employer_satisfaction": {"n": 0, "rate": None},
    "income_uplift": {"n": 1, "p25": 10.0, "median": 10.0, "p75": 10.0,
                      "share_reaching_25": 0.0},
    "wellbeing": {"n": 0, "mean_change": None, "share_improved": None},
    "social": {"n": 0, "mean_change": None, "share_improved": None},
}
EMPTY = {
    "key": "all", "n": 0,
    "seeker_satisfaction": {"n": 0, "rate": None},
    "employer_satisfaction": {"n": 0, "rate": None},
    "income_uplift": {"n": 0, "p25": None, "median": None, "p75": None,
                      "share_reaching_25": None},
    "wellbeing": {"n": 0, "mean_change": None, "share_improved": None},
    "social": {"n": 0, "mean_change": None, "share_improved": None},
}


def groups(body):
    assert abs((date.fromisoformat(body["as_of"]) - today()).days) <= 1
    return body["groups"], body["suppressed_groups"]


def test_outcomes_by_hand(api, book):
    body = outcomes(api, book["book"].eye).body
    assert body["group_by"] is None
    assert groups(body) == ([ALL], 0)


def test_outcomes_grouped_by_job_type(api, book):
    body = outcomes(api, book["book"].eye, group_by="job_type").body
    assert body["group_by"] == "job_type"
    assert groups(body) == ([FLEKSJOB, SKAANEJOB], 0)


@pytest.mark.parametrize("group_by", ["cohort_year", "municipality",
                                      "age_band"])
def test_outcomes_other_groups_hold_everyone(api, book, group_by):
    got, suppressed = groups(outcomes(api, book["book"].eye,
                                      group_by=group_by).body)
    assert suppressed == 0
    key = {"cohort_year": str(book["start"].year),
           "municipality": book["code"],
           "age_band": age_band(date(1990, 6, 15), book["start"])}[group_by]
    assert got == [dict(ALL, key=key)]


def test_outcomes_filters(api, book):
    eye, code = book["book"].eye, book["code"]
    start = book["start"].isoformat()
    assert groups(outcomes(api, eye, job_type="fleksjob").body) == \
        ([dict(FLEKSJOB, key="all")], 0)
    assert groups(outcomes(api, eye, municipality_code=code, **{
        "from": start, "to": start}).body) == ([ALL], 0)
    day_before = (book["start"] - timedelta(days=1)).isoformat()
    assert groups(outcomes(api, eye, to=day_before).body) == ([EMPTY], 0)
    assert groups(outcomes(api, eye, municipality_code="0101").body) == \
        ([EMPTY], 0)


def test_employer_sees_no_figure_about_fewer_than_five(api, book):
    boss = book["book"].boss
    assert groups(outcomes(api, boss).body) == ([dict(
        ALL, employer_satisfaction=WITHHELD_RATE,
        wellbeing=WITHHELD_CHANGE, social=WITHHELD_CHANGE)], 0)
    assert groups(outcomes(api, boss, group_by="job_type").body) == ([dict(
        SKAANEJOB, employer_satisfaction=WITHHELD_RATE,
        income_uplift=WITHHELD_UPLIFT, wellbeing=WITHHELD_CHANGE,
        social=WITHHELD_CHANGE)], 1)
    # one placement alone is no group at all
    assert groups(outcomes(api, boss, job_type="fleksjob").body) == ([], 1)


def test_scope(api, make, admin, book):
    """The municipality's partner and consultant see what the book's
    consultant sees (partner: withheld as the employer); a consultant of
    another municipality and another employer see nothing of it."""
    code = book["code"]
    mine = make.user("consultant", municipality_codes=[code])
    assert groups(outcomes(api, mine).body) == ([ALL], 0)
    assert groups(outcomes(api, admin, municipality_code=code).body) == \
        ([ALL], 0)
    partner = make.user("partner", municipality_codes=[code])
    assert groups(outcomes(api, partner).body)[0][0]["social"] == \
        WITHHELD_CHANGE
    assert groups(outcomes(api, partner).body)[0][0]["n"] == 6
    other = make.user("consultant",
                      municipality_codes=[make.fresh_municipality()])
    assert groups(outcomes(api, other, municipality_code=code).body) == \
        ([EMPTY], 0)
    stranger = make.user("employer")
    assert groups(outcomes(api, stranger, municipality_code=code).body) == \
        ([], 1)


def test_a_recorded_follow_up_counts_at_once(api, make, admin):
    """Statistics are kept per caller (cache); a recorded follow-up
    changes the outcomes the next read, on every worker."""
    bk = Book(api, make, positions=1)
    pl = bk.place(today() - timedelta(days=40), None, make.fresh_municipality())
    for _ in range(4):
        assert outcomes(api, bk.eye).body["groups"][0]["wellbeing"]["n"] == 0
    record(api, admin, pl, 1, 3, 4, 2, 3)
    for _ in range(4):
        got = outcomes(api, bk.eye).body["groups"][0]
        assert got["seeker_satisfaction"] == {"n": 1, "rate": 0.0}
        assert got["wellbeing"]["n"] == 0
    record(api, admin, pl, 3, 4, None, 4, 2)
    for _ in range(4):
        got = outcomes(api, bk.eye).body["groups"][0]
        assert got["seeker_satisfaction"] == {"n": 1, "rate": 1.0}
        assert got["wellbeing"] == {"n": 1, "mean_change": 2.0,
                                    "share_improved": 1.0}
        assert got["social"] == {"n": 1, "mean_change": -1.0,
                                 "share_improved": 0.0}


def test_bad_scores_store_nothing(api, make, admin):
    p = make.placement()
    fu = follow_up(api, admin, p, 1)
    for bad in (0, 6, "x"):
        for field in ("wellbeing_score", "social_score"):
            resp = check(api.post(f"/v1/follow-ups/{fu['id']}/record", json={
                "still_employed": True, field: bad}, token=admin.token), 422)
            assert problem_slug(resp) == "validation-failed"
            assert list(resp.field_errors()) == [field]
    assert follow_up(api, admin, p, 1) == fu


@pytest.mark.parametrize("role", ["admin", "consultant", "partner",
                                  "employer"])
def test_allowed_roles(api, as_role, role):
    resp = outcomes(api, as_role(role))
    assert resp.headers["ETag"]
    assert resp.headers["Cache-Control"] == "private, no-cache"


def test_seeker_is_403_and_anonymous_401(api, make):
    me = make.user("seeker", seeker_id=make.seeker()["id"])
    assert problem_slug(outcomes(api, me, 403)) == "forbidden"
    resp = check(api.get("/v1/stats/outcomes", token=ANONYMOUS.token), 401)
    assert resp.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("query, field, code", BAD_QUERIES + [
    ({"group_by": "colour"}, "group_by", "invalid_value"),
    ({"job_type": "bad"}, "job_type", "invalid_value"),
])
def test_bad_query_is_400(api, admin, query, field, code):
    resp = check(api.get("/v1/stats/outcomes", query=query,
                         token=admin.token), 400)
    assert problem_slug(resp) == "bad-request"
    assert resp.field_errors() == {field: code}
