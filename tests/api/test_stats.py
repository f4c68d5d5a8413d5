"""/v1/stats — job retention (Kaplan–Meier) and the key figures.

The contract: api-spec/openapi.yaml (tag `stats`) and api-spec/README.md
("Statistics"). Admins, consultants, partners and employer
users may read them; seekers get 403, anonymous callers 401. What is
counted is what the caller could list: placements as in GET
/v1/placements, applications as in GET /v1/applications.

Every test builds its own placements through the API and reads them
through a scope that holds nothing else: the seekers assigned to a new
consultant (`Book.eye`), the jobs of a new employer (an employer user's
token), or a municipality no seeker lived in before (a consultant's or
partner's token, or admin's `municipality_code` filter). Employers and
partners get no figure about fewer than 5 people (a smaller retention
group is left out and counted in `suppressed_groups`, a smaller overview
figure is null), so the small worked examples are read as the consultant.
A placement's start must lie within a year of today; older ones are
hired today and their start moved back in the database (`Book.place`).

Retention is checked three ways: against literal numbers computed by hand
(below, in test_retention_by_hand), against `kaplan_meier()`, a small
reference implementation of the contract written independently of the
SQL, and on the edge cases (S = 0, S = 1, not estimable, nobody in
scope)."""
import math
import os
from datetime import date, datetime, timedelta, timezone

import pytest

from support import ANONYMOUS, check, problem_slug

Z = 1.959964
CHECKPOINTS = [(6, 182), (12, 365), (24, 730)]      # floor(m * 30.4375)
FAR_PAST = date(2020, 1, 1)


# --- a reference implementation of the contract -----------------------------

def kaplan_meier(obs):
    """The three points (months 6, 12, 24) for `obs`, a list of (t, ended):
    t days from start_date to end_date (or to as_of if still active).

    S(c) = prod over event times t_i <= c of (1 - d_i / n_i), with n_i the
    placements with t >= t_i and d_i the events at t_i; Greenwood
    v(c) = sum d_i / (n_i (n_i - d_i)); 95 % log-log interval
    S ** exp(+-z sqrt(v) / |ln S|). Values are unrounded (see `rounded`)."""
    steps = []
    for ti in sorted({t for t, ended in obs if ended}):
        n = sum(1 for t, _ in obs if t >= ti)
        d = sum(1 for t, ended in obs if ended and t == ti)
        steps.append((ti, n, d))
    points, previous = [], -1
    for month, day in CHECKPOINTS:
        s, v = 1.0, 0.0
        for ti, n, d in steps:
            if ti <= day:
                s *= 1 - d / n
                if n > d:
                    v += d / (n * (n - d))
        at_risk = sum(1 for t, _ in obs if t >= day)
        events = sum(1 for t, ended in obs if ended and previous < t <= day)
        previous = day
        estimate = low = high = None
        if not (at_risk == 0 and s > 0):
            estimate = s
            if 0 < s < 1:
                w = Z * math.sqrt(v) / abs(math.log(s))
                low, high = s ** math.exp(w), s ** math.exp(-w)
        points.append({"month": month, "at_risk": at_risk, "events": events,
                       "estimate": estimate, "ci_low": low,
                       "ci_high": high})
    return points


def age_band(birth, on):
    years = on.year - birth.year - ((on.month, on.day) <
                                    (birth.month, birth.day))
    if years < 18:
        return "under_18"
    if years <= 25:
        return "18-25"
    if years <= 35:
        return "26-35"
    return "36+"


def expected_retention(placed, as_of, group_by=None, municipality_code=None,
                       job_type=None, start_from=None, start_to=None):
    """The contract's body (groups, unrounded) for the placements in
    `placed` (see Book.place), as of the server's day `as_of`."""
    rows = [p for p in placed if p["start"] <= as_of
            and municipality_code in (None, p["municipality_code"])
            and job_type in (None, p["job_type"])
            and (start_from is None or p["start"] >= start_from)
            and (start_to is None or p["start"] <= start_to)]
    key = {None: lambda p: "all",
           "cohort_year": lambda p: str(p["start"].year),
           "municipality": lambda p: p["municipality_code"],
           "job_type": lambda p: p["job_type"],
           "age_band": lambda p: age_band(p["birth"], p["start"])}[group_by]
    groups = {}
    for p in rows:
        groups.setdefault(key(p), []).append(p)
    if group_by is None:
        groups.setdefault("all", [])
    out = []
    for k in sorted(groups):
        obs = [(((p["end"] or as_of) - p["start"]).days, p["end"] is not None)
               for p in groups[k]]
        out.append({"key": k, "n": len(obs),
                    "events": sum(1 for _, e in obs if e),
                    "points": kaplan_meier(obs)})
    return out


def close_to(got, want):
    """`got` (from the API, 4 decimals) is `want` rounded to 4 decimals.
    A reference value within 1e-9 of a rounding tie may go either way."""
    if want is None or got is None:
        return got is want
    if got != round(got, 4):
        return False
    if abs(got - round(want, 4)) < 1e-9:
        return True
    return abs(abs(want * 1e4 - math.floor(want * 1e4)) - 0.5) < 1e-5 \
        and abs(got - want) <= 0.00005 + 1e-9


def assert_groups(got, want):
    assert [(g["key"], g["n"], g["events"]) for g in got] == \
        [(g["key"], g["n"], g["events"]) for g in want], (got, want)
    for g, w in zip(got, want):
        assert [p["month"] for p in g["points"]] == [6, 12, 24]
        for p, q in zip(g["points"], w["points"]):
            assert (p["at_risk"], p["events"]) == \
                (q["at_risk"], q["events"]), (g["key"], p, q)
            for k in ("estimate", "ci_low", "ci_high"):
                assert close_to(p[k], q[k]), (g["key"], p["month"], k,
                                              p[k], q[k])


# --- helpers ----------------------------------------------------------------

def today():
    return datetime.now(timezone.utc).date()


def retention(api, who, status=200, **query):
    return check(api.get("/v1/stats/retention", query=query,
                         token=who.token), status)


def overview(api, who, status=200, **query):
    return check(api.get("/v1/stats/overview", query=query,
                         token=who.token), status)


def as_of(body):
    return date.fromisoformat(body["as_of"])


EYE_CODES = []      # one municipality no seeker lives in, for every eye


class Book:
    """Placements at the jobs of a new employer, of seekers (made by admin)
    in municipalities of the test's choosing, each assigned to the
    consultant `eye`; `boss` is an employer user of that employer. Both see
    exactly what this book placed: `eye` every figure, `boss` only those
    about 5 people or more."""

    def __init__(self, api, make, positions=20):
        self.api, self.make = api, make
        if not EYE_CODES:
            EYE_CODES.append(make.fresh_municipality())
        self.eye = make.user("consultant", municipality_codes=EYE_CODES)
        self.boss = make.user("employer")
        self.job = make.job(employer={"id": self.boss.employer_id,
                                      "municipality_code": "0101"},
                            status="published", positions=positions)
        self.placed = []

    def seeker(self, municipality_code, birth="1990-06-15", **fields):
        fields.setdefault("consultant_id", self.eye.id)
        return self.make.seeker(municipality_code=municipality_code,
                                birth_date=birth, **fields)

    def offered(self, seeker):
        return self.make.offered_application(seeker=seeker, job=self.job)

    def place(self, start, end=None, municipality_code="0101",
              birth="1990-06-15", job_type="skaanejob", reason="quit",
              benefit=20150.5, seeker=None, **fields):
        """Hire a new seeker (or `seeker`) on `start`; end on `end` (None:
        stays active). Returns the placement. A start more than a year
        ago is hired today and moved back to `start` before the end."""
        seeker = seeker or self.seeker(municipality_code, birth,
                                       monthly_benefit_dkk=benefit)
        hired_on = start if abs((start - today()).days) <= 360 else today()
        p = self.make.placement(application=self.offered(seeker),
                                start_date=hired_on.isoformat(),
                                job_type=job_type, **fields)
        if hired_on != start:
            p = backdate(self.api, self.make.admin, p, start)
        if end is not None:
            p = check(self.api.post(f"/v1/placements/{p['id']}/end", json={
                "end_date": end.isoformat(), "reason": reason},
                token=self.make.admin.token), 200).body
        self.placed.append({
            "placement": p, "start": start, "end": end,
            "municipality_code": municipality_code,
            "birth": date.fromisoformat(birth), "job_type": job_type})
        return p


def backdate(api, admin, placement, start):
    """Move an active placement's start (and its follow-ups' due dates)
    back to `start`, straight in the database: the API takes starts
    within a year of today only."""
    dsn = os.environ.get("JOBBRO_TEST_DSN")
    if not dsn:
        pytest.skip("JOBBRO_TEST_DSN is not set: cannot backdate a placement")
    import psycopg2
    conn = psycopg2.connect(dsn, connect_timeout=5)
    try:
        with conn, conn.cursor() as cur:
            cur.execute("UPDATE placements SET start_date = %s WHERE id = %s",
                        (start, placement["id"]))
            cur.execute("UPDATE follow_ups SET due_on = (%s::date"
                        " + make_interval(months => month))::date"
                        " WHERE placement_id = %s", (start, placement["id"]))
    finally:
        conn.close()
    return check(api.get(f"/v1/placements/{placement['id']}",
                         token=admin.token), 200).body


# --- retention: a worked example --------------------------------------------

@pytest.fixture(scope="module")
def cohort(api, make):
    """Ten placements at one new employer; eight of the seekers live in
    municipality `home`, two in `away` (both fresh).

    t (days)   30  30  60+ 100 200 250+ 400 500+ 800+ 800+   (+ = active)
    Active ones start t days before today; ended ones at fixed dates, so
    their t is exact. Birth dates put some seekers on an age boundary on
    their start date (18 exactly, 26 exactly)."""
    home, away = make.fresh_municipality(), make.fresh_municipality()
    book = Book(api, make, positions=10)

    def ago(days):
        return today() - timedelta(days=days)

    d = date.fromisoformat
    # events (ended): t = end - start
    book.place(d("2023-03-01"), d("2023-03-31"), home, "2006-06-01",
               "skaanejob", "quit")                               # 30, 16 y
    book.place(d("2024-05-10"), d("2024-06-09"), away, "2000-01-01",
               "fleksjob", "dismissed")                           # 30
    book.place(d("2024-02-01"), d("2024-05-11"), home, "1998-02-01",
               "skaanejob", "contract_ended")                    # 100, 26 y
    book.place(d("2023-06-01"), d("2023-12-18"), home, "2005-06-01",
               "fleksjob", "moved")                              # 200, 18 y
    book.place(d("2022-09-01"), d("2023-10-06"), home, "1970-03-03",
               "skaanejob", "other")                              # 400
    # censored (active): t = today - start
    book.place(ago(60), None, away, "1985-06-15", "ordinary")
    book.place(ago(250), None, home, "1960-06-15", "skaanejob")
    book.place(ago(500), None, home, "1999-06-15", "fleksjob")
    book.place(ago(800), None, home, "1980-06-15", "skaanejob")
    book.place(ago(800), None, home, "1975-06-15", "ordinary")
    return {"book": book, "home": home, "away": away}


def test_retention_by_hand(api, cohort):
    """Worked by hand from the table in `cohort`:

    event times 30 (n=10, d=2), 100 (n=7, d=1), 200 (n=6, d=1),
    400 (n=4, d=1) — the active one at 60 leaves before 100, the one at
    250 before 400.
      S(182) = 8/10 * 6/7             = 24/35 = 0.685714 -> 0.6857
      S(365) = 24/35 * 5/6            = 4/7   = 0.571429 -> 0.5714
      S(730) = 4/7 * 3/4              = 3/7   = 0.428571 -> 0.4286
    Greenwood at 182: 2/(10*8) + 1/(7*6) = 0.025 + 0.023810 = 0.048810;
      w = 1.959964 * sqrt(0.048810) / |ln 0.685714|
        = 1.959964 * 0.220929 / 0.377294 = 1.147681
      low = 0.685714 ** exp(1.147681) = 0.685714 ** 3.150768 = 0.3046
      high = 0.685714 ** exp(-1.147681) = 0.685714 ** 0.317383 = 0.8871
    at risk: t >= 182: 200, 250, 400, 500, 800, 800 = 6; >= 365: 4;
      >= 730: 2. Events: days 0..182: 30, 30, 100 = 3; 183..365: 200;
      366..730: 400."""
    body = retention(api, cohort["book"].eye).body
    assert body["group_by"] is None
    assert abs((as_of(body) - today()).days) <= 1
    assert body["groups"] == [{
        "key": "all", "n": 10, "events": 5, "points": [
            {"month": 6, "at_risk": 6, "events": 3, "estimate": 0.6857,
             "ci_low": 0.3046, "ci_high": 0.8871},
            {"month": 12, "at_risk": 4, "events": 1, "estimate": 0.5714,
             "ci_low": 0.2172, "ci_high": 0.8146},
            {"month": 24, "at_risk": 2, "events": 1, "estimate": 0.4286,
             "ci_low": 0.114, "ci_high": 0.7185}]}]


def test_reference_implementation_agrees_with_the_hand_computation():
    obs = [(30, True), (30, True), (60, False), (100, True), (200, True),
           (250, False), (400, True), (500, False), (800, False),
           (800, False)]
    points = kaplan_meier(obs)
    assert [round(p["estimate"], 4) for p in points] == \
        [0.6857, 0.5714, 0.4286]
    assert points[0]["estimate"] == pytest.approx(24 / 35)
    assert [(round(p["ci_low"], 4), round(p["ci_high"], 4))
            for p in points] == [(0.3046, 0.8871), (0.2172, 0.8146),
                                 (0.114, 0.7185)]
    assert [(p["at_risk"], p["events"]) for p in points] == \
        [(6, 3), (4, 1), (2, 1)]


@pytest.mark.parametrize("group_by", ["cohort_year", "municipality",
                                      "job_type", "age_band"])
def test_retention_grouped(api, cohort, group_by):
    book = cohort["book"]
    body = retention(api, book.eye, group_by=group_by).body
    assert body["group_by"] == group_by
    want = expected_retention(book.placed, as_of(body), group_by=group_by)
    assert_groups(body["groups"], want)
    assert sum(g["n"] for g in body["groups"]) == 10
    assert sum(g["events"] for g in body["groups"]) == 5


def test_retention_grouped_keys_by_hand(api, cohort):
    book = cohort["book"]

    def keys(group_by):
        body = retention(api, book.eye, group_by=group_by).body
        return {g["key"]: (g["n"], g["events"]) for g in body["groups"]}

    assert keys("job_type") == {"fleksjob": (3, 2), "ordinary": (2, 0),
                                "skaanejob": (5, 3)}
    assert keys("municipality") == {cohort["home"]: (8, 4),
                                    cohort["away"]: (2, 1)}
    # 16 on 2023-03-01; exactly 26 on 2024-02-01; exactly 18 on 2023-06-01;
    # 24 on 2024-05-10; the active ones are 27..66 on any day of a run
    ages = keys("age_band")
    assert ages["under_18"] == (1, 1)
    assert ages["18-25"][1] == 2
    assert ages["26-35"][1] == 1
    assert ages["36+"][1] == 1
    assert list(ages) == sorted(ages)
    years = keys("cohort_year")
    assert years["2022"] == (1, 1)
    assert years["2023"] == (2, 2)
    assert years["2024"][1] == 2


@pytest.mark.parametrize("query", [
    {"job_type": "fleksjob"}, {"job_type": "ordinary"},
    {"from": "2023-01-01", "to": "2023-12-31"}, {"from": "2024-01-01"},
    {"to": "2023-06-01"}, {"from": "2023-06-01", "to": "2023-06-01"},
    {"job_type": "skaanejob", "group_by": "cohort_year"},
    {"from": "2030-01-01"}])
def test_retention_filters(api, cohort, query):
    book = cohort["book"]
    body = retention(api, book.eye, **query).body
    want = expected_retention(
        book.placed, as_of(body), group_by=query.get("group_by"),
        job_type=query.get("job_type"),
        start_from=query.get("from") and date.fromisoformat(query["from"]),
        start_to=query.get("to") and date.fromisoformat(query["to"]))
    assert_groups(body["groups"], want)


def test_retention_filter_by_hand(api, cohort):
    # started in 2023: the events at 30 (2023-03-01) and 200 (2023-06-01):
    # S(182) = 1 - 1/2 = 0.5 with n=2, d=1; the other ends at 200 < 365.
    # v = 1/(2*1) = 0.5; w = 1.959964 * 0.707107 / 0.693147 = 1.999438;
    # low = 0.5 ** e**1.999438 = 0.5 ** 7.3849 = 0.005999 -> 0.0060,
    # high = 0.5 ** e**-1.999438 = 0.5 ** 0.135411 = 0.910411 -> 0.9104.
    # At 365 S = 0 (the other ended at 200): estimate 0, no interval.
    body = retention(api, cohort["book"].eye, **{
        "from": "2023-01-01", "to": "2023-12-31"}).body
    assert body["groups"] == [{"key": "all", "n": 2, "events": 2,
                               "points": [
        {"month": 6, "at_risk": 1, "events": 1, "estimate": 0.5,
         "ci_low": 0.006, "ci_high": 0.9104},
        {"month": 12, "at_risk": 0, "events": 1, "estimate": 0,
         "ci_low": None, "ci_high": None},
        {"month": 24, "at_risk": 0, "events": 0, "estimate": 0,
         "ci_low": None, "ci_high": None}]}]


def test_every_role_in_scope_sees_the_same(api, make, admin, cohort):
    """The employer sees its placements; a consultant or partner of `home`
    and admin filtering on `home` see the eight seekers living there."""
    book, home = cohort["book"], cohort["home"]
    for who, query in [
            (make.user("consultant", municipality_codes=[home]), {}),
            (make.user("partner", municipality_codes=[home]), {}),
            (admin, {"municipality_code": home}),
            (book.boss, {"municipality_code": home})]:
        body = retention(api, who, **query).body
        want = expected_retention(book.placed, as_of(body),
                                  municipality_code=home)
        assert_groups(body["groups"], want)
        assert body["groups"][0]["n"] == 8


def test_admin_sees_everything(api, admin, cohort):
    mine = retention(api, cohort["book"].eye).body["groups"][0]
    everything = retention(api, admin).body["groups"][0]
    assert everything["key"] == "all"
    assert everything["n"] >= mine["n"] and \
        everything["events"] >= mine["events"]


def test_out_of_scope_sees_nothing(api, make, cohort):
    """Another employer, a consultant and a partner of another municipality
    count none of these placements."""
    elsewhere = make.fresh_municipality()
    consultant = make.user("consultant", municipality_codes=[elsewhere])
    body = retention(api, consultant).body
    assert body["groups"] == [{"key": "all", "n": 0, "events": 0,
                               "points": EMPTY_POINTS}]
    assert body["suppressed_groups"] == 0
    # an employer or partner does not get even the empty group
    for who in [make.user("employer"),
                make.user("partner", municipality_codes=[elsewhere])]:
        body = retention(api, who).body
        assert (body["groups"], body["suppressed_groups"]) == ([], 1)
    for who in [consultant, make.user("employer")]:
        body = retention(api, who, group_by="job_type").body
        assert (body["groups"], body["suppressed_groups"]) == ([], 0)
    # nor does filtering on their municipality
    body = retention(api, cohort["book"].eye,
                     municipality_code=elsewhere).body
    assert body["groups"][0]["n"] == 0


def test_consultant_counts_their_caseload_anywhere(api, make):
    """A consultant sees seekers assigned to them outside their
    municipalities too (as in GET /v1/placements)."""
    mine = make.fresh_municipality()
    away = make.fresh_municipality()
    consultant = make.user("consultant", municipality_codes=[mine])
    book = Book(api, make, positions=2)
    seeker = book.seeker(away, consultant_id=consultant.id)
    book.place(date(2024, 1, 15), date(2024, 3, 15), seeker=seeker)
    book.place(date(2024, 1, 15), date(2024, 2, 15), away)   # not theirs
    group = retention(api, consultant).body["groups"][0]
    assert (group["n"], group["events"]) == (1, 1)
    assert group["points"][0] == {"month": 6, "at_risk": 0, "events": 1,
                                  "estimate": 0, "ci_low": None,
                                  "ci_high": None}


EMPTY_POINTS = [{"month": m, "at_risk": 0, "events": 0, "estimate": None,
                 "ci_low": None, "ci_high": None} for m in (6, 12, 24)]


# --- retention: the edges ---------------------------------------------------

def test_nobody_in_scope(api, make):
    eye = Book(api, make).eye
    body = retention(api, eye).body
    assert body == {"as_of": body["as_of"], "group_by": None,
                    "groups": [{"key": "all", "n": 0, "events": 0,
                                "points": EMPTY_POINTS}],
                    "suppressed_groups": 0}
    for group_by in ("cohort_year", "municipality", "job_type", "age_band"):
        body = retention(api, eye, group_by=group_by).body
        assert body["group_by"] == group_by
        assert body["groups"] == []


def test_everyone_lost_the_job(api, make):
    """S drops to 0: the estimate is 0 (not null) at every point and there
    is no interval. An end on the start date is t = 0, an event."""
    book = Book(api, make, positions=2)
    book.place(date(2024, 4, 1), date(2024, 4, 1))          # t = 0
    book.place(date(2024, 4, 1), date(2024, 4, 21))         # t = 20
    body = retention(api, book.eye).body
    assert body["groups"] == [{"key": "all", "n": 2, "events": 2, "points": [
        {"month": 6, "at_risk": 0, "events": 2, "estimate": 0,
         "ci_low": None, "ci_high": None},
        {"month": 12, "at_risk": 0, "events": 0, "estimate": 0,
         "ci_low": None, "ci_high": None},
        {"month": 24, "at_risk": 0, "events": 0, "estimate": 0,
         "ci_low": None, "ci_high": None}]}]


def test_nobody_lost_the_job(api, make):
    """No events: S = 1 while someone is still followed (estimate 1, no
    interval), not estimable after (at_risk 0). A placement that has not
    started yet is not counted at all."""
    book = Book(api, make, positions=3)
    book.place(today() - timedelta(days=300), None)
    book.place(today() - timedelta(days=250), None)
    book.place(today() + timedelta(days=30), None)          # not started
    body = retention(api, book.eye).body
    assert body["groups"] == [{"key": "all", "n": 2, "events": 0, "points": [
        {"month": 6, "at_risk": 2, "events": 0, "estimate": 1,
         "ci_low": None, "ci_high": None},
        {"month": 12, "at_risk": 0, "events": 0, "estimate": None,
         "ci_low": None, "ci_high": None},
        {"month": 24, "at_risk": 0, "events": 0, "estimate": None,
         "ci_low": None, "ci_high": None}]}]


def test_not_estimable_when_nobody_was_followed_that_long(api, make):
    """One ended at 50 days, one still active at about 100: S(182) = 1/2
    but nobody was followed to day 182, so the estimate is null."""
    book = Book(api, make, positions=2)
    book.place(date(2024, 1, 10), date(2024, 2, 29))        # t = 50
    book.place(today() - timedelta(days=100), None)
    body = retention(api, book.eye).body
    point = body["groups"][0]["points"][0]
    assert point == {"month": 6, "at_risk": 0, "events": 1,
                     "estimate": None, "ci_low": None, "ci_high": None}
    assert body["groups"][0]["points"][1:] == EMPTY_POINTS[1:]


def test_event_and_censoring_on_the_same_day(api, make):
    """Checked against the reference: an active placement whose t equals
    an event time is still at risk at that time."""
    book = Book(api, make, positions=5)
    book.place(date(2024, 1, 1), date(2024, 4, 10))         # t = 100
    book.place(today() - timedelta(days=100), None)         # t = 100
    book.place(date(2023, 1, 2), date(2023, 8, 1))          # t = 211
    book.place(date(2023, 1, 2), date(2025, 1, 2))          # t = 731
    book.place(today() - timedelta(days=900), None)         # t = 900
    body = retention(api, book.eye).body
    assert_groups(body["groups"],
                  expected_retention(book.placed, as_of(body)))


def test_checkpoint_days_are_inclusive(api, make):
    """Events exactly on day 182 and 365 count at that checkpoint (in its
    estimate, its at_risk and its events); one on day 731 is after the
    24-month point. By hand, with one more active for about 1000 days:
      t=182: n=4, d=1 -> S = 3/4;  v = 1/(4*3) = 1/12
      t=365: n=3, d=1 -> S = 1/2;  v = 1/12 + 1/(3*2) = 1/4
      month 6:  w = 1.959964 * 0.288675 / 0.287682 = 1.966730,
                0.75 ** 7.147264 = 0.1279, 0.75 ** 0.139914 = 0.9605
      month 12: w = 1.959964 * 0.5 / 0.693147 = 1.413815,
                0.5 ** 4.111612 = 0.0578, 0.5 ** 0.243214 = 0.8449
      month 24: unchanged (731 > 730), at risk 731 and ~1000."""
    book = Book(api, make, positions=4)
    start = date(2023, 1, 2)
    for days in (182, 365, 731):
        book.place(start, start + timedelta(days=days))
    book.place(today() - timedelta(days=1000), None)
    body = retention(api, book.eye).body
    assert body["groups"] == [{"key": "all", "n": 4, "events": 3, "points": [
        {"month": 6, "at_risk": 4, "events": 1, "estimate": 0.75,
         "ci_low": 0.1279, "ci_high": 0.9605},
        {"month": 12, "at_risk": 3, "events": 1, "estimate": 0.5,
         "ci_low": 0.0578, "ci_high": 0.8449},
        {"month": 24, "at_risk": 2, "events": 0, "estimate": 0.5,
         "ci_low": 0.0578, "ci_high": 0.8449}]}]
    assert_groups(body["groups"],
                  expected_retention(book.placed, as_of(body)))


def test_ci_is_ordered_and_within_0_and_1(api, cohort):
    for group_by in (None, "job_type", "municipality"):
        query = {"group_by": group_by} if group_by else {}
        for g in retention(api, cohort["book"].eye, **query).body["groups"]:
            for p in g["points"]:
                if p["ci_low"] is not None:
                    assert 0 <= p["ci_low"] <= p["estimate"] <= \
                        p["ci_high"] <= 1, p
                    assert p["at_risk"] >= 0


# --- overview ---------------------------------------------------------------

@pytest.fixture(scope="module")
def figures(api, make, admin):
    """Five placements and four other applications at one new employer,
    all seekers in one fresh municipality.

      start       end         hourly  weekly  benefit  uplift
  p1  2024-03-01  -           150     10      13000    6500/13000 = 50 %
  p2  2024-09-01  2025-01-15  100     15      10000    6500/10000 = 65 %
  p3  2025-02-01  -           None    12      20150.5  (no wage)
  p4  2025-06-01  -           120     20      0        (no benefit)
  p5  2026-01-05  2026-03-01  130     12      None     (no benefit)
    monthly wage = hourly * weekly * 52 / 12.

    Follow-ups recorded (month: seeker, employer satisfaction):
      p1  1: 2, 5    3: 5, 3     -> latest seeker 5 (yes), employer 3 (no)
      p2  1: 4, -                -> seeker 4 (yes), no employer answer
      p3  1: 5, 4    3: 1, -     -> seeker 1 (no), employer 4 (yes: the
                                    latest *recorded* employer answer)
      p4  1: -, -                -> no answer
      p5  1: 3, 1                -> seeker no, employer no

    Other applications: a6 submitted; a7 in_review -> rejected; a8
    interview -> withdrawn; a9 offered -> rejected."""
    code = make.fresh_municipality()
    book = Book(api, make, positions=10)
    d = date.fromisoformat
    p = {}
    p[1] = book.place(d("2024-03-01"), None, code, hourly_wage_dkk=150,
                      weekly_hours=10, benefit=13000)
    p[2] = book.place(d("2024-09-01"), d("2025-01-15"), code,
                      hourly_wage_dkk=100, weekly_hours=15, benefit=10000)
    p[3] = book.place(d("2025-02-01"), None, code, hourly_wage_dkk=None,
                      weekly_hours=12)
    p[4] = book.place(d("2025-06-01"), None, code, hourly_wage_dkk=120,
                      weekly_hours=20, benefit=0)
    p[5] = book.place(d("2026-01-05"), d("2026-03-01"), code,
                      hourly_wage_dkk=130, weekly_hours=12, benefit=None)

    def follow_up(placement, month):
        fus = check(api.get("/v1/follow-ups", query={
            "placement_id": placement["id"], "limit": 100},
            token=admin.token), 200).body["data"]
        return next(f for f in fus if f["month"] == month)

    def record(placement, month, seeker=None, employer=None):
        body = {"still_employed": True}
        if seeker is not None:
            body["seeker_satisfaction"] = seeker
        if employer is not None:
            body["employer_satisfaction"] = employer
        fu = follow_up(placement, month)
        done = check(api.post(f"/v1/follow-ups/{fu['id']}/record",
                              json=body, token=admin.token), 200).body
        assert done["status"] == "done"

    record(p[1], 1, 2, 5)
    record(p[1], 3, 5, 3)
    record(p[2], 1, 4, None)
    record(p[3], 1, 5, 4)
    record(p[3], 3, 1, None)
    record(p[4], 1)
    record(p[5], 1, 3, 1)

    def move(app, *tos):
        for to in tos:
            app = check(api.post(f"/v1/applications/{app['id']}/transitions",
                                 json={"to": to}, token=admin.token),
                        200).body
        return app

    def apply():
        return make.application(seeker=book.seeker(code), job=book.job)

    move(apply())                                              # a6
    move(apply(), "in_review", "rejected")                     # a7
    move(apply(), "in_review", "interview", "withdrawn")       # a8
    move(apply(), "in_review", "interview", "offered", "rejected")  # a9
    return {"book": book, "code": code}


FIGURES = {
    "placements_per_year": [{"year": 2024, "placements": 2},
                            {"year": 2025, "placements": 2},
                            {"year": 2026, "placements": 1}],
    "active_placements": 3,
    "ended_placements": 2,
    "satisfaction_rate": 0.5,               # p1, p2 of p1, p2, p3, p5
    "employer_satisfaction_rate": 0.3333,   # p3 of p1, p3, p5
    "satisfaction_responses": 4,
    "funnel": {"applications": 9, "interviews": 7, "offers": 6, "hires": 5},
    "mean_income_uplift_pct": 57.5,         # (50 + 65) / 2
    "income_uplift_n": 2,
}

NOTHING = {
    "placements_per_year": [], "active_placements": 0,
    "ended_placements": 0, "satisfaction_rate": None,
    "employer_satisfaction_rate": None, "satisfaction_responses": 0,
    "funnel": {"applications": 0, "interviews": 0, "offers": 0, "hires": 0},
    "mean_income_uplift_pct": None, "income_uplift_n": 0,
}


# What an employer or partner reads of FIGURES: every figure over fewer
# than 5 people is null (the funnel counts 9, 7, 6 and 5 applications).
WITHHELD = dict(FIGURES, **{
    "placements_per_year": [{"year": y["year"], "placements": None}
                            for y in FIGURES["placements_per_year"]],
    "active_placements": None, "ended_placements": None,
    "satisfaction_rate": None, "employer_satisfaction_rate": None,
    "satisfaction_responses": None,
    "mean_income_uplift_pct": None, "income_uplift_n": None})

NOTHING_WITHHELD = dict(NOTHING, **{
    "active_placements": None, "ended_placements": None,
    "satisfaction_responses": None, "income_uplift_n": None,
    "funnel": {"applications": None, "interviews": None, "offers": None,
               "hires": None}})


def without_as_of(body):
    assert abs((as_of(body) - today()).days) <= 1
    return {k: v for k, v in body.items() if k != "as_of"}


def test_overview_by_hand(api, figures):
    assert without_as_of(overview(api, figures["book"].eye).body) == FIGURES


def test_overview_every_role_in_scope_sees_the_same(api, make, admin,
                                                    figures):
    code = figures["code"]
    for who, query in [
            (make.user("consultant", municipality_codes=[code]), {}),
            (admin, {"municipality_code": code})]:
        assert without_as_of(overview(api, who, **query).body) == FIGURES
    for who, query in [
            (make.user("partner", municipality_codes=[code]), {}),
            (figures["book"].boss, {"municipality_code": code})]:
        assert without_as_of(overview(api, who, **query).body) == WITHHELD


def test_overview_dates_bound_placements_and_applications(api, figures):
    """from/to bound start_date (placements) and the day applications were
    made (all of them today)."""
    eye = figures["book"].eye
    got = without_as_of(overview(api, eye, **{
        "from": "2025-01-01", "to": "2025-12-31"}).body)
    assert got == {
        "placements_per_year": [{"year": 2025, "placements": 2}],
        "active_placements": 2, "ended_placements": 0,
        "satisfaction_rate": 0.0,               # p3's latest answer is 1
        "employer_satisfaction_rate": 1.0,      # p3's is 4
        "satisfaction_responses": 1,
        "funnel": {"applications": 0, "interviews": 0, "offers": 0,
                   "hires": 0},
        "mean_income_uplift_pct": None,          # p3 no wage, p4 no benefit
        "income_uplift_n": 0}

    got = without_as_of(overview(api, eye, **{"to": "2024-12-31"}).body)
    assert got["placements_per_year"] == [{"year": 2024, "placements": 2}]
    assert (got["active_placements"], got["ended_placements"]) == (1, 1)
    assert got["satisfaction_rate"] == 1.0
    assert got["employer_satisfaction_rate"] == 0.0
    assert got["mean_income_uplift_pct"] == 57.5
    assert got["funnel"]["applications"] == 0

    # applications are all from today: a range around today has them all
    near = {"from": (today() - timedelta(days=2)).isoformat(),
            "to": (today() + timedelta(days=2)).isoformat()}
    got = without_as_of(overview(api, eye, **near).body)
    assert got["funnel"] == FIGURES["funnel"]
    assert got["placements_per_year"] == []


def test_overview_out_of_scope_sees_nothing(api, make, figures):
    elsewhere = make.fresh_municipality()
    assert without_as_of(overview(api, make.user(
        "consultant", municipality_codes=[elsewhere])).body) == NOTHING
    assert without_as_of(overview(api, figures["book"].eye,
                                  municipality_code=elsewhere).body) == \
        NOTHING
    # an employer or partner does not learn that it is nobody
    for who in [make.user("employer"),
                make.user("partner", municipality_codes=[elsewhere])]:
        assert without_as_of(overview(api, who).body) == NOTHING_WITHHELD
    assert without_as_of(overview(api, figures["book"].boss,
                                  municipality_code=elsewhere).body) == \
        NOTHING_WITHHELD


def test_overview_admin_sees_at_least_as_much(api, admin, figures):
    mine = overview(api, figures["book"].eye).body
    everything = overview(api, admin).body
    assert everything["active_placements"] >= mine["active_placements"]
    assert everything["funnel"]["applications"] >= \
        mine["funnel"]["applications"]
    f = everything["funnel"]
    assert f["applications"] >= f["interviews"] >= f["offers"] >= \
        f["hires"]
    years = [y["year"] for y in everything["placements_per_year"]]
    assert years == sorted(set(years))


def test_overview_income_uplift_by_hand(api, make):
    """One placement: 142.25 DKK/h, 14.5 h/week -> 142.25 * 14.5 * 52 / 12
    = 8938.04 DKK a month; benefit 17500 -> 51.07 % -> 51.1."""
    book = Book(api, make, positions=1)
    book.place(date(2025, 3, 3), None, hourly_wage_dkk=142.25,
               weekly_hours=14.5, benefit=17500)
    got = overview(api, book.eye).body
    assert got["mean_income_uplift_pct"] == 51.1
    assert got["income_uplift_n"] == 1
    assert got["funnel"] == {"applications": 1, "interviews": 1,
                             "offers": 1, "hires": 1}
    assert got["satisfaction_rate"] is None
    assert got["satisfaction_responses"] == 0


# --- no statistics about one person -----------------------------------------

def test_one_day_window_tells_an_employer_nothing_about_one_person(api,
                                                                   make):
    """The attack: narrow the figures to one start date and read one
    person's benefit off the income uplift. Six placements, one of them
    alone on its start date; the employer and a partner of the
    municipality see nothing about it, the consultant sees it."""
    code = make.fresh_municipality()
    book = Book(api, make, positions=6)
    lone = today() - timedelta(days=40)
    book.place(lone, None, code, hourly_wage_dkk=150, weekly_hours=10,
               benefit=13000)                         # 50 % uplift
    crowd = today() - timedelta(days=20)
    for _ in range(5):
        book.place(crowd, None, code, hourly_wage_dkk=100, weekly_hours=15,
                   benefit=10000)                     # 65 % each
    day = {"from": lone.isoformat(), "to": lone.isoformat()}
    partner = make.user("partner", municipality_codes=[code])

    for who in (book.boss, partner):
        got = overview(api, who, **day).body
        assert got["mean_income_uplift_pct"] is None
        assert got["income_uplift_n"] is None
        assert got["active_placements"] is None
        assert got["placements_per_year"] == [{"year": lone.year,
                                               "placements": None}]
        assert got["funnel"] == {"applications": None, "interviews": None,
                                 "offers": None, "hires": None}
        body = retention(api, who, **day).body
        assert (body["groups"], body["suppressed_groups"]) == ([], 1)

    got = overview(api, book.eye, **day).body
    assert (got["mean_income_uplift_pct"], got["income_uplift_n"]) == \
        (50.0, 1)
    assert retention(api, book.eye, **day).body["groups"][0]["n"] == 1
    assert retention(api, book.eye, **day).body["suppressed_groups"] == 0

    # the five of one day are a group: shown to the employer too
    five = {"from": crowd.isoformat(), "to": crowd.isoformat()}
    got = overview(api, book.boss, **five).body
    assert (got["mean_income_uplift_pct"], got["income_uplift_n"]) == \
        (65.0, 5)
    assert got["active_placements"] == 5
    body = retention(api, book.boss, **five).body
    assert [(g["key"], g["n"]) for g in body["groups"]] == [("all", 5)]
    assert body["suppressed_groups"] == 0


def test_small_retention_groups_are_left_out_for_employers(api, make):
    """Grouped by job type: 5 skaanejob (shown), 2 fleksjob and 1
    ordinary (left out, counted)."""
    book = Book(api, make, positions=8)
    start = today() - timedelta(days=100)
    for job_type, n in (("skaanejob", 5), ("fleksjob", 2), ("ordinary", 1)):
        for _ in range(n):
            book.place(start, None, job_type=job_type)
    body = retention(api, book.boss, group_by="job_type").body
    assert [(g["key"], g["n"]) for g in body["groups"]] == [("skaanejob", 5)]
    assert body["suppressed_groups"] == 2
    body = retention(api, book.eye, group_by="job_type").body
    assert [(g["key"], g["n"]) for g in body["groups"]] == \
        [("fleksjob", 2), ("ordinary", 1), ("skaanejob", 5)]
    assert body["suppressed_groups"] == 0
    body = retention(api, book.boss).body
    assert [(g["key"], g["n"]) for g in body["groups"]] == [("all", 8)]


# --- who may ask, and bad queries -------------------------------------------

STATS = ["/v1/stats/retention", "/v1/stats/overview"]


@pytest.mark.parametrize("url", STATS)
@pytest.mark.parametrize("role", ["admin", "consultant", "partner",
                                  "employer"])
def test_allowed_roles(api, as_role, url, role):
    resp = check(api.get(url, token=as_role(role).token), 200)
    assert resp.headers["ETag"]
    assert resp.headers["Cache-Control"] == "private, no-cache"
    assert "Link" not in resp.headers


@pytest.mark.parametrize("url", STATS)
def test_seeker_is_403(api, make, url):
    me = make.user("seeker", seeker_id=make.seeker()["id"])
    assert problem_slug(check(api.get(url, token=me.token), 403)) == \
        "forbidden"


@pytest.mark.parametrize("url", STATS)
def test_anonymous_is_401(api, url):
    resp = check(api.get(url, token=ANONYMOUS.token), 401)
    assert resp.headers["WWW-Authenticate"].startswith("Bearer")


@pytest.mark.parametrize("url", STATS)
def test_unknown_query_parameters_are_ignored(api, admin, url):
    """As everywhere in this API (api-spec/README.md, "Query
    parameters: unknown ones are ignored")."""
    check(api.get(url, query={"colour": "blue"}, token=admin.token), 200)


BAD_QUERIES = [
    ({"municipality_code": "12"}, "municipality_code", "invalid_format"),
    ({"municipality_code": "abcd"}, "municipality_code", "invalid_format"),
    ({"municipality_code": "01011"}, "municipality_code", "invalid_format"),
    ({"from": "2024-02-30"}, "from", "invalid_format"),
    ({"from": "yesterday"}, "from", "invalid_format"),
    ({"to": "2024-13-01"}, "to", "invalid_format"),
    ({"from": "2025-01-02", "to": "2025-01-01"}, "to", "out_of_range"),
]


@pytest.mark.parametrize("query, field, code", BAD_QUERIES + [
    ({"group_by": "colour"}, "group_by", "invalid_value"),
    ({"job_type": "bad"}, "job_type", "invalid_value"),
])
def test_retention_bad_query_is_400(api, admin, query, field, code):
    resp = check(api.get("/v1/stats/retention", query=query,
                         token=admin.token), 400)
    assert problem_slug(resp) == "bad-request"
    errors = resp.field_errors()
    assert list(errors) == [field]
    if code:
        assert errors[field] == code


@pytest.mark.parametrize("query, field, code", BAD_QUERIES)
def test_overview_bad_query_is_400(api, admin, query, field, code):
    resp = check(api.get("/v1/stats/overview", query=query,
                         token=admin.token), 400)
    assert problem_slug(resp) == "bad-request"
    assert resp.field_errors() == {field: code}


def test_from_equal_to_is_fine(api, admin):
    for url in STATS:
        check(api.get(url, query={"from": "2025-01-01", "to": "2025-01-01"},
                      token=admin.token), 200)
