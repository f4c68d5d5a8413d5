"""GET /v1/seekers/{id}/matches — the best published jobs for a job seeker.

The contract: api-spec/openapi.yaml (getSeekerMatches).

The seeker lives in a remote spot (55.05, 10.6) with a 3 km travel radius,
and the jobs are made there, so no located job of another test can match.
Jobs without a location (other tests may make some) can still match; they
score at most 95, so the best job here (about 98) stays first, and the
other assertions look only at this module's jobs."""
import uuid

import pytest

from conftest import OTHER_CODE
from support import check, problem_slug

MISSING_ID = "00000000-0000-4000-8000-000000000000"
HOME = {"lat": 55.05, "lon": 10.6}
KM_LAT = 1 / 111.195        # degrees of latitude per km


def near(km):
    """A location `km` north of HOME."""
    return {"lat": round(HOME["lat"] + km * KM_LAT, 6), "lon": HOME["lon"]}


def path(seeker):
    return f"/v1/seekers/{seeker['id']}/matches"


def matches(api, who, seeker, status=200, **query):
    return check(api.get(path(seeker), query=query or None,
                         token=who.token), status)


def job_ids(resp):
    return [m["job"]["id"] for m in resp.body["data"]]


@pytest.fixture(scope="module")
def world(make, as_role):
    """A seeker (0101, the consultant's) with a location, and jobs near it:
    `best` fits everything, `worse` is 3 hours over the maximum and has no
    single supervisor, `edge` is exactly 5 hours over (still a match);
    `draft`, `closed`, `applied`, `far` (beyond the radius) and `long`
    (6 hours over) must not match."""
    marker = uuid.uuid4().hex[:8]
    consultant = as_role("consultant")
    seeker = make.seeker(
        municipality_code="0101", consultant_id=consultant.id,
        location=dict(HOME), needs_single_supervisor=True, easy_read=False,
        preferences={"max_weekly_hours": 12, "job_types": ["skaanejob"],
                     "interests": ["Lager", "dyr"], "travel_radius_km": 3})
    employer = make.employer(municipality_code="0101")

    def job(status="published", **fields):
        fields.setdefault("title", f"Lagermedhjælper {marker}")
        fields.setdefault("tasks", ["Pakke varer", "Fodre dyr"])
        fields.setdefault("weekly_hours", 12)
        fields.setdefault("job_type", "skaanejob")
        fields.setdefault("single_supervisor", True)
        fields.setdefault("location", near(1))
        return make.job(employer=employer, status=status, **fields)

    jobs = {
        "worse": job(title=f"Lagerarbejder {marker}", tasks=["Pakke varer"],
                     weekly_hours=15, single_supervisor=False,
                     supervisor_name=None, location=near(1.5)),
        "edge": job(weekly_hours=17, location=near(1.2)),
        "draft": job(status="draft", location=near(0.3)),
        "closed": job(status="closed", location=near(0.3)),
        "applied": job(location=near(0.3)),
        "far": job(location=near(5)),
        "long": job(weekly_hours=18, location=near(0.3)),
    }
    make.application(seeker=seeker, job=jobs["applied"])
    jobs["best"] = job(location=near(0.3))      # newest, so first on ties
    return {"seeker": seeker, "jobs": jobs, "consultant": consultant}


def test_best_job_first_with_score_and_reasons(api, admin, world):
    resp = matches(api, admin, world["seeker"], limit=100)
    data = resp.body["data"]
    assert data, "no matches at all"
    first = data[0]
    assert first["job"]["id"] == world["jobs"]["best"]["id"]
    assert first["job"]["status"] == "published"
    for m in data:
        assert isinstance(m["score"], (int, float))
        assert not isinstance(m["score"], bool)
        assert 0 <= m["score"] <= 100
        assert round(m["score"], 1) == m["score"]
        assert all(isinstance(r, str) and r.strip() for r in m["reasons"])
    # hours 30 + type 20 + supervisor 20 + 20*(1 - 0.3/3) + interests 10
    assert abs(first["score"] - 98) <= 1, first
    # hours, job type, supervisor, distance and at least one interest
    assert len(first["reasons"]) >= 5, first["reasons"]
    assert len(set(first["reasons"])) == len(first["reasons"])


def test_scores_are_in_descending_order(api, admin, world):
    scores = [m["score"] for m in
              matches(api, admin, world["seeker"], limit=100).body["data"]]
    assert scores == sorted(scores, reverse=True)


def test_worse_fit_ranks_below(api, admin, world):
    resp = matches(api, admin, world["seeker"], limit=100)
    got = job_ids(resp)
    jobs = world["jobs"]
    for kind in ("best", "worse", "edge"):
        assert jobs[kind]["id"] in got, f"{kind} job is not a match"
    assert got.index(jobs["best"]["id"]) < got.index(jobs["worse"]["id"])
    score = {m["job"]["id"]: m for m in resp.body["data"]}
    best, worse = score[jobs["best"]["id"]], score[jobs["worse"]["id"]]
    assert best["score"] > worse["score"]
    # the worse job scores nothing for hours nor supervisor: fewer reasons
    assert worse["reasons"] and len(worse["reasons"]) < len(best["reasons"])


@pytest.mark.parametrize("kind", ["draft", "closed", "applied", "far",
                                  "long"])
def test_excluded(api, admin, world, kind):
    got = job_ids(matches(api, admin, world["seeker"], limit=100))
    assert world["jobs"][kind]["id"] not in got


def test_no_located_job_beyond_the_radius(api, admin, world):
    from math import asin, cos, radians, sin, sqrt
    for m in matches(api, admin, world["seeker"], limit=100).body["data"]:
        loc = m["job"]["location"]
        if loc is None:
            continue
        dlat = radians(loc["lat"] - HOME["lat"])
        dlon = radians(loc["lon"] - HOME["lon"])
        a = sin(dlat / 2) ** 2 + cos(radians(HOME["lat"])) * \
            cos(radians(loc["lat"])) * sin(dlon / 2) ** 2
        assert 2 * 6371.0 * asin(sqrt(a)) <= 3.01, m["job"]["id"]


def test_limit(api, admin, world):
    one = matches(api, admin, world["seeker"], limit=1).body["data"]
    assert [m["job"]["id"] for m in one] == [world["jobs"]["best"]["id"]]
    two = matches(api, admin, world["seeker"], limit=2).body["data"]
    assert len(two) == 2 and two[0] == one[0]
    default = matches(api, admin, world["seeker"]).body["data"]
    assert 3 <= len(default) <= 20
    assert "next_cursor" not in matches(api, admin, world["seeker"]).body


@pytest.mark.parametrize("limit", ["0", "101", "-1", "abc", "1.5",
                                   "99999999999999999999"])
def test_bad_limit_is_400(api, admin, world, limit):
    resp = check(api.get(path(world["seeker"]), query={"limit": limit},
                         token=admin.token), 400)
    assert [e["field"] for e in resp.body["errors"]] == ["limit"]


@pytest.mark.parametrize("role", ["admin", "consultant", "partner"])
def test_staff_in_scope_read(api, as_role, world, role):
    got = job_ids(matches(api, as_role(role), world["seeker"], limit=100))
    assert got[0] == world["jobs"]["best"]["id"]


def test_seeker_reads_their_own(api, make, world):
    me = make.user("seeker", seeker_id=world["seeker"]["id"])
    got = job_ids(matches(api, me, world["seeker"], limit=5))
    assert got[0] == world["jobs"]["best"]["id"]
    other = make.seeker()
    assert problem_slug(matches(api, me, other, status=404)) == "not-found"


def test_employer_is_403(api, as_role, world):
    matches(api, as_role("employer"), world["seeker"], status=403)


def test_out_of_scope_is_404(api, make, as_role):
    stranger = make.user("consultant", municipality_codes=[OTHER_CODE])
    theirs = make.seeker(municipality_code=OTHER_CODE,
                         consultant_id=stranger.id)
    for role in ("consultant", "partner"):
        assert problem_slug(matches(api, as_role(role), theirs,
                                    status=404)) == "not-found"
    check(api.get(path(theirs), token=stranger.token), 200)


def test_anonymous_is_401(api, world):
    check(api.get(path(world["seeker"])), 401)


@pytest.mark.parametrize("seeker_id", [MISSING_ID, "not-a-uuid"])
def test_unknown_seeker_is_404(api, admin, seeker_id):
    resp = check(api.get(f"/v1/seekers/{seeker_id}/matches",
                         token=admin.token), 404)
    assert problem_slug(resp) == "not-found"


# --- easy-read summaries ----------------------------------------------------

EASY_HOME = {"lat": 55.31, "lon": 8.02}
SUMMARIES = {   # LIX: level
    "easy": "Du pakker varer.",                             # 3.0
    "medium": "Du sorterer posten.",                        # 36.3
    "hard": "Medarbejderen håndterer forskelligartede "
            "logistikopgaver i distributionscentret.",       # 89.3
}


@pytest.fixture(scope="module")
def easy_world(make):
    """Three jobs alike but for their easy-read summary (the hard one
    newest, so it comes first on equal scores), and two seekers at the
    same spot: one who wants easy-read texts and one who does not."""
    employer = make.employer(municipality_code="0101")
    jobs = {}
    for kind in ("easy", "medium", "hard"):
        jobs[kind] = make.job(
            employer=employer, status="published", title="Pakkehjælp",
            tasks=["Pakke"], weekly_hours=10, job_type="skaanejob",
            single_supervisor=True, easy_read_summary=SUMMARIES[kind],
            location=dict(EASY_HOME))
    seekers = {want: make.seeker(
        municipality_code="0101", location=dict(EASY_HOME), easy_read=want,
        needs_single_supervisor=True,
        preferences={"max_weekly_hours": 12, "job_types": ["skaanejob"],
                     "interests": [], "travel_radius_km": 3})
        for want in (True, False)}
    return {"jobs": jobs, "seekers": seekers}


def ours(api, admin, easy_world, want):
    """kind -> match of the easy_world jobs, and their kinds in order."""
    ids = {j["id"]: k for k, j in easy_world["jobs"].items()}
    data = matches(api, admin, easy_world["seekers"][want],
                   limit=100).body["data"]
    got = [(ids[m["job"]["id"]], m) for m in data if m["job"]["id"] in ids]
    return dict(got), [k for k, _ in got]


def test_easy_read_seeker_gets_easy_summaries_first(api, admin, easy_world):
    by_kind, order = ours(api, admin, easy_world, True)
    assert order == ["easy", "medium", "hard"]
    easy, medium, hard = by_kind["easy"], by_kind["medium"], by_kind["hard"]
    # hours 30 + type 20 + supervisor 20 + distance 20 (0 km) + easy 10
    assert easy["score"] == 100 and medium["score"] == 95
    assert hard["score"] == 90
    assert "Easy to read: the summary has LIX 3.0 (very easy)" in \
        easy["reasons"]
    assert "Easy to read: the summary has LIX 36.3 (medium)" in \
        medium["reasons"]
    assert not any(r.startswith("Easy to read") for r in hard["reasons"])
    assert easy["job"]["readability"]["easy_read_summary"]["level"] == \
        "very_easy"


def test_seeker_without_easy_read_is_unaffected(api, admin, easy_world):
    by_kind, order = ours(api, admin, easy_world, False)
    assert {m["score"] for m in by_kind.values()} == {90}
    assert order == ["hard", "medium", "easy"]      # newest first on ties
    for m in by_kind.values():
        assert not any(r.startswith("Easy to read") for r in m["reasons"])
