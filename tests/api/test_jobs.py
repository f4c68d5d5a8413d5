"""/v1/jobs — adapted job postings, their filters and life cycle."""
import pytest

from conftest import OTHER_CODE
from support import assert_subset, check, job_body, problem_slug

MISSING_ID = "00000000-0000-4000-8000-000000000000"
COPENHAGEN = (55.6761, 12.5683)
AARHUS = (56.1629, 10.2039)


def path(job, action=None):
    return f"/v1/jobs/{job['id']}" + (f"/{action}" if action else "")


def listed(api, who=None, **query):
    query.setdefault("limit", 100)
    resp = check(api.get("/v1/jobs", query=query,
                         token=who.token if who else None), 200)
    return resp.body["data"]


def listed_ids(api, who=None, **query):
    return {j["id"] for j in listed(api, who, **query)}


# --- life cycle -------------------------------------------------------------

def test_create_makes_a_draft(api, admin, make):
    employer = make.employer()
    body = job_body(employer["id"])
    resp = check(api.post("/v1/jobs", json=body, token=admin.token), 201)
    job = resp.body
    assert_subset(body, job)
    assert_subset({"status": "draft", "published_at": None, "filled": 0},
                  job)
    assert resp.headers["Location"] == path(job)
    got = check(api.get(path(job), token=admin.token), 200)
    assert got.body == job
    assert got.headers["ETag"] == resp.headers["ETag"]


def test_defaults_of_optional_fields(api, admin, make):
    employer = make.employer()
    body = {k: v for k, v in job_body(employer["id"]).items()
            if k in ("employer_id", "title", "description", "job_type",
                     "weekly_hours", "municipality_code")}
    job = check(api.post("/v1/jobs", json=body, token=admin.token),
                201).body
    assert_subset({"easy_read_summary": None, "tasks": [],
                   "schedule": None, "single_supervisor": False,
                   "supervisor_name": None, "accommodations": [],
                   "positions": 1, "hourly_wage_dkk": None,
                   "location": None, "starts_on": None}, job)


def test_publish_then_close(api, admin, make):
    job = make.job()
    etag = check(api.get(path(job), token=admin.token), 200).headers["ETag"]
    published = check(api.post(path(job, "publish"), token=admin.token), 200)
    assert published.body["status"] == "published"
    assert published.body["published_at"] is not None
    assert published.headers["ETag"] != etag
    closed = check(api.post(path(job, "close"), token=admin.token), 200)
    assert closed.body["status"] == "closed"
    assert closed.body["published_at"] == published.body["published_at"]


def test_a_draft_can_be_closed(api, admin, make):
    job = make.job()
    assert make.move(job["id"], "close")["status"] == "closed"


@pytest.mark.parametrize("status, action", [("published", "publish"),
                                            ("closed", "publish"),
                                            ("closed", "close")])
def test_illegal_moves_are_409(api, admin, make, status, action):
    job = make.job(status=status)
    resp = check(api.post(path(job, action), token=admin.token), 409)
    assert problem_slug(resp) == "conflict"
    assert check(api.get(path(job), token=admin.token),
                 200).body["status"] == status


def test_stale_if_match_on_publish_is_412(api, admin, make):
    job = make.job()
    etag = check(api.get(path(job), token=admin.token), 200).headers["ETag"]
    check(api.patch(path(job), json={"title": "Ny titel"},
                    token=admin.token), 200)
    check(api.post(path(job, "publish"), token=admin.token,
                   headers={"If-Match": etag}), 412)
    assert check(api.get(path(job), token=admin.token),
                 200).body["status"] == "draft"


def test_only_drafts_can_be_deleted(api, admin, make):
    draft = make.job()
    assert check(api.delete(path(draft), token=admin.token), 204).raw == b""
    check(api.get(path(draft), token=admin.token), 404)
    for status in ("published", "closed"):
        job = make.job(status=status)
        check(api.delete(path(job), token=admin.token), 409)
        check(api.get(path(job), token=admin.token), 200)


def test_patch_merges(api, admin, make):
    job = make.job()
    resp = check(api.patch(path(job), json={
        "weekly_hours": 15, "location": None, "tasks": ["Feje"],
        "easy_read_summary": None}, token=admin.token), 200)
    assert_subset({"weekly_hours": 15, "location": None, "tasks": ["Feje"],
                   "easy_read_summary": None, "title": job["title"],
                   "status": "draft"}, resp.body)


def test_if_match_on_patch(api, admin, make):
    job = make.job()
    etag = check(api.get(path(job), token=admin.token), 200).headers["ETag"]
    good = check(api.patch(path(job), json={"positions": 2},
                           token=admin.token, headers={"If-Match": etag}), 200)
    assert good.headers["ETag"] != etag
    check(api.patch(path(job), json={"positions": 3}, token=admin.token,
                    headers={"If-Match": etag}), 412)
    assert check(api.get(path(job), token=admin.token),
                 200).body["positions"] == 2


@pytest.mark.parametrize("field, value", [("employer_id", MISSING_ID),
                                          ("status", "published"),
                                          ("filled", 1),
                                          ("published_at",
                                           "2026-01-01T00:00:00Z"),
                                          ("id", MISSING_ID)])
def test_read_only_fields_cannot_be_patched(api, admin, make, field, value):
    job = make.job()
    resp = check(api.patch(path(job), json={field: value},
                           token=admin.token), 422)
    assert field in resp.field_errors()


@pytest.mark.parametrize("hours", [0, -1, 38, 37.5, 1000])
def test_weekly_hours_out_of_range(api, admin, make, hours):
    employer = make.employer()
    resp = check(api.post("/v1/jobs", json=job_body(
        employer["id"], weekly_hours=hours), token=admin.token), 422)
    assert resp.field_errors() == {"weekly_hours": "out_of_range"}
    job = make.job(employer)
    resp = check(api.patch(path(job), json={"weekly_hours": hours},
                           token=admin.token), 422)
    assert resp.field_errors() == {"weekly_hours": "out_of_range"}


@pytest.mark.parametrize("hours", [0.5, 37])
def test_weekly_hours_bounds_accepted(api, admin, make, hours):
    job = make.job(weekly_hours=hours)
    assert job["weekly_hours"] == hours


def test_every_bad_field_is_listed(api, admin, make):
    resp = check(api.post("/v1/jobs", json={
        "employer_id": "not-a-uuid",
        "title": "",
        "job_type": "fulltime",
        "weekly_hours": 0,
        "municipality_code": "101",
        "location": {"lat": 200, "lon": "east"},
        "tasks": ["Vaske op", 5],
        "starts_on": "2027-02-30",
        "positions": 0,
        "single_supervisor": "yes",
        "salary": 100,
    }, token=admin.token), 422)
    assert problem_slug(resp) == "validation-failed"
    assert_subset({
        "employer_id": "invalid_format",
        "title": "too_short",
        "description": "required",
        "job_type": "invalid_value",
        "weekly_hours": "out_of_range",
        "municipality_code": "invalid_format",
        "location.lat": "out_of_range",
        "location.lon": "invalid_type",
        "tasks[1]": "invalid_type",
        "starts_on": "invalid_format",
        "positions": "out_of_range",
        "single_supervisor": "invalid_type",
        "salary": "unknown_field",
    }, resp.field_errors())


def test_location_needs_both_coordinates(api, admin, make):
    job = make.job()
    resp = check(api.patch(path(job), json={"location": {"lat": 55.0}},
                           token=admin.token), 422)
    assert resp.field_errors() == {"location.lon": "required"}


def test_unknown_employer_is_not_found(api, admin):
    resp = check(api.post("/v1/jobs", json=job_body(MISSING_ID),
                          token=admin.token), 422)
    assert resp.field_errors() == {"employer_id": "not_found"}


@pytest.mark.parametrize("job_path", [f"/v1/jobs/{MISSING_ID}",
                                      "/v1/jobs/not-a-uuid"])
def test_unknown_job_is_404(api, admin, job_path):
    check(api.get(job_path, token=admin.token), 404)
    check(api.get(job_path), 404)
    check(api.patch(job_path, json={"title": "x"}, token=admin.token), 404)
    check(api.delete(job_path, token=admin.token), 404)
    check(api.post(job_path + "/publish", token=admin.token), 404)
    check(api.post(job_path + "/close", token=admin.token), 404)


# --- filters ----------------------------------------------------------------

@pytest.fixture(scope="module")
def board(make):
    """One employer's jobs, different in every filtered attribute."""
    employer = make.employer(municipality_code="0101")
    bakery = make.job(
        employer, status="published", title="Bagerimedhjælper",
        description="Pakke brød i bageriet om morgenen.",
        easy_read_summary="Du pakker brød.", tasks=["Pakke brød"],
        job_type="skaanejob", weekly_hours=8, single_supervisor=True,
        location={"lat": COPENHAGEN[0], "lon": COPENHAGEN[1]})
    garden = make.job(
        employer, status="published", title="Gartnerhjælper",
        description="Arbejde i et stort drivhus.",
        easy_read_summary="Du arbejder med blomster.",
        tasks=["Vande planter"], job_type="fleksjob", weekly_hours=10,
        single_supervisor=False, municipality_code="0751",
        location={"lat": AARHUS[0], "lon": AARHUS[1]})
    post = make.job(
        employer, status="draft", title="Kontorhjælper",
        description="Sortere breve på kontoret.",
        easy_read_summary="Du sorterer posten.", tasks=["Sortere"],
        job_type="ordinary", weekly_hours=20, single_supervisor=True,
        location=None)
    store = make.job(
        employer, status="closed", title="Lagermedhjælper",
        description="Pakke varer på lageret.",
        easy_read_summary="Lageret har forskellige arbejdsopgaver.",
        tasks=["Pakke varer"], job_type="skaanejob", weekly_hours=37,
        single_supervisor=False, location={"lat": 55.70, "lon": 12.55})
    return {"employer": employer, "bakery": bakery["id"],
            "garden": garden["id"], "post": post["id"], "store": store["id"]}


FILTERS = [
    ({}, {"bakery", "garden", "post", "store"}),
    ({"status": "published"}, {"bakery", "garden"}),
    ({"status": "draft"}, {"post"}),
    ({"status": "closed"}, {"store"}),
    ({"status": "filled"}, set()),
    ({"municipality_code": "0751"}, {"garden"}),
    ({"job_type": "fleksjob"}, {"garden"}),
    ({"job_type": "skaanejob"}, {"bakery", "store"}),
    ({"max_weekly_hours": "10"}, {"bakery", "garden"}),
    ({"max_weekly_hours": "9.5"}, {"bakery"}),
    ({"max_weekly_hours": "37"}, {"bakery", "garden", "post", "store"}),
    # the summaries' LIX: bakery 3.0, post 36.3, garden 54.0, store 79.0
    ({"max_lix": "3"}, {"bakery"}),
    ({"max_lix": "2.9"}, set()),
    ({"max_lix": "0"}, set()),
    ({"max_lix": "36.3"}, {"bakery", "post"}),
    ({"max_lix": "54"}, {"bakery", "post", "garden"}),
    ({"max_lix": "100"}, {"bakery", "garden", "post", "store"}),
    ({"max_lix": "40", "status": "published"}, {"bakery"}),
    ({"single_supervisor": "true"}, {"bakery", "post"}),
    ({"single_supervisor": "false"}, {"garden", "store"}),
    ({"near": "55.6761,12.5683"}, {"bakery", "store"}),
    ({"near": "55.6761,12.5683", "radius_km": "1"}, {"bakery"}),
    ({"near": "55.6761,12.5683", "radius_km": "500"},
     {"bakery", "garden", "store"}),
    ({"near": "56.1629,10.2039", "radius_km": "5"}, {"garden"}),
    ({"q": "bagerier"}, {"bakery"}),            # stem of "bageriet"
    ({"q": "brødet"}, {"bakery"}),
    ({"q": "planterne"}, {"garden"}),           # tasks are searched
    ({"q": "posten"}, {"post"}),                # easy-read summary too
    ({"q": "Pakke"}, {"bakery", "store"}),
    ({"q": "pakke brød"}, {"bakery"}),          # every word must match
    ({"q": "bageri planter"}, set()),
    ({"q": "cykelmekaniker"}, set()),
    ({"status": "published", "single_supervisor": "true"}, {"bakery"}),
    ({"job_type": "skaanejob", "near": "55.6761,12.5683",
      "max_weekly_hours": "8"}, {"bakery"}),
]


@pytest.mark.parametrize("query, expected", FILTERS,
                         ids=[str(q) for q, _ in FILTERS])
def test_filters(api, admin, board, query, expected):
    got = listed_ids(api, admin, employer_id=board["employer"]["id"],
                     **query)
    assert got == {board[name] for name in expected}


def test_filters_apply_to_every_listed_job(api, admin, board):
    for job in listed(api, admin, job_type="fleksjob",
                      max_weekly_hours="10", status="published"):
        assert job["job_type"] == "fleksjob"
        assert job["weekly_hours"] <= 10
        assert job["status"] == "published"


def test_anonymous_sees_published_jobs_only(api, board):
    assert listed_ids(api, None, employer_id=board["employer"]["id"]) == {
        board["bakery"], board["garden"]}
    assert all(j["status"] == "published" for j in listed(api))
    check(api.get(f"/v1/jobs/{board['bakery']}"), 200)
    for name in ("post", "store"):
        assert problem_slug(check(api.get(f"/v1/jobs/{board[name]}"),
                                  404)) == "not-found"


def test_pagination(api, admin, make):
    employer = make.employer()
    made = [make.job(employer)["id"] for _ in range(5)]
    seen, cursor, pages = [], None, []
    while True:
        query = {"employer_id": employer["id"], "limit": 2}
        if cursor:
            query["cursor"] = cursor
        resp = check(api.get("/v1/jobs", query=query, token=admin.token), 200)
        pages.append(len(resp.body["data"]))
        seen += [j["id"] for j in resp.body["data"]]
        cursor = resp.body["next_cursor"]
        assert ("Link" in resp.headers) == (cursor is not None)
        if cursor is None:
            break
    assert pages == [2, 2, 1]
    assert seen == list(reversed(made))     # newest first


# --- who may do what --------------------------------------------------------

@pytest.fixture(scope="module")
def jobs(make):
    """Drafts and published jobs inside (0101) and outside (0147) the
    scope of consultants and partners, of employers that are not the
    employer user's own."""
    home = make.employer(municipality_code="0101")
    away = make.employer(municipality_code=OTHER_CODE)
    return {"home": home, "away": away,
            "home_draft": make.job(home),
            "home_published": make.job(home, status="published"),
            "away_draft": make.job(away),
            "away_published": make.job(away, status="published")}


READ_MATRIX = {
    # role: which of the jobs fixture it may read
    "admin": {"home_draft", "home_published", "away_draft", "away_published"},
    "consultant": {"home_draft", "home_published", "away_published"},
    "partner": {"home_draft", "home_published", "away_published"},
    "employer": {"home_published", "away_published"},
    "seeker": {"home_published", "away_published"},
    "anonymous": {"home_published", "away_published"},
}
KINDS = ["home_draft", "home_published", "away_draft", "away_published"]


@pytest.mark.parametrize("role", list(READ_MATRIX))
def test_who_reads_what(api, as_role, jobs, role):
    who = as_role(role)
    for kind in KINDS:
        expected = 200 if kind in READ_MATRIX[role] else 404
        check(api.get(path(jobs[kind]), token=who.token), expected)
    visible = set()
    for employer in ("home", "away"):
        visible |= listed_ids(api, who if who.token else None,
                              employer_id=jobs[employer]["id"])
    assert visible == {jobs[k]["id"] for k in READ_MATRIX[role]}


@pytest.mark.parametrize("role", ["consultant", "employer", "seeker",
                                  "partner", "anonymous"])
def test_lists_only_hold_visible_jobs(api, as_role, role):
    who = as_role(role)
    for job in listed(api, who if who.token else None):
        assert (job["status"] == "published" or
                (role in ("consultant", "partner") and
                 job["municipality_code"] == "0101") or
                (role == "employer" and job["employer_id"] == who.employer_id))


def test_consultant_edits_jobs_in_scope(api, as_role, make, jobs):
    consultant = as_role("consultant")
    job = check(api.post("/v1/jobs", json=job_body(jobs["home"]["id"]),
                         token=consultant.token), 201).body
    check(api.patch(path(job), json={"weekly_hours": 9},
                    token=consultant.token), 200)
    check(api.post(path(job, "publish"), token=consultant.token), 200)
    check(api.post(path(job, "close"), token=consultant.token), 200)
    draft = make.job(jobs["home"])
    check(api.delete(path(draft), token=consultant.token), 204)


def test_consultant_cannot_touch_jobs_outside_scope(api, as_role, jobs):
    consultant = as_role("consultant")
    resp = check(api.post("/v1/jobs", json=job_body(
        jobs["away"]["id"], municipality_code=OTHER_CODE),
        token=consultant.token), 422)
    assert set(resp.field_errors()) & {"employer_id", "municipality_code"}
    for kind in ("away_draft", "away_published"):
        job = jobs[kind]
        check(api.patch(path(job), json={"title": "x"},
                        token=consultant.token), 404)
        check(api.post(path(job, "close"), token=consultant.token), 404)
        check(api.delete(path(job), token=consultant.token), 404)


def test_consultant_cannot_move_a_job_out_of_scope(api, as_role, make, jobs):
    consultant = as_role("consultant")
    job = make.job(jobs["home"])
    resp = check(api.patch(path(job), json={"municipality_code": OTHER_CODE},
                           token=consultant.token), 422)
    assert resp.field_errors() == {"municipality_code": "out_of_scope"}


def test_employer_user_edits_its_own_jobs_only(api, as_role, jobs):
    who = as_role("employer")
    own = {"id": who.employer_id, "municipality_code": "0101"}
    job = check(api.post("/v1/jobs", json=job_body(own["id"]),
                         token=who.token), 201).body
    check(api.get(path(job), token=who.token), 200)
    check(api.patch(path(job), json={"title": "Egen titel"},
                    token=who.token), 200)
    check(api.post(path(job, "publish"), token=who.token), 200)
    assert job["id"] in listed_ids(api, who, employer_id=own["id"])

    resp = check(api.post("/v1/jobs", json=job_body(jobs["home"]["id"]),
                          token=who.token), 422)
    assert resp.field_errors() == {"employer_id": "not_found"}
    other = jobs["home_published"]
    check(api.patch(path(other), json={"title": "x"}, token=who.token), 404)
    check(api.post(path(other, "close"), token=who.token), 404)
    check(api.delete(path(jobs["home_draft"]), token=who.token), 404)


@pytest.mark.parametrize("role, status", [("seeker", 403), ("partner", 403),
                                          ("anonymous", 401)])
def test_who_may_not_write(api, as_role, jobs, role, status):
    who = as_role(role)
    target = jobs["home_draft"]
    for resp in (api.post("/v1/jobs", json=job_body(jobs["home"]["id"]),
                          token=who.token),
                 api.patch(path(target), json={"title": "x"},
                           token=who.token),
                 api.delete(path(target), token=who.token),
                 api.post(path(target, "publish"), token=who.token),
                 api.post(path(target, "close"), token=who.token)):
        check(resp, status)
    assert check(api.get(path(target), token=as_role("admin").token),
                 200).body["status"] == "draft"


# --- readability (LIX) ------------------------------------------------------

def test_readability_in_job_json_and_kept_current(api, admin, make):
    # description: 11 words, 1 sentence, 3 long (butikken, ryddelig,
    # morgenen): 11 + 27.3 = 38.3; summary: 10 words, 2 sentences, 2 long
    # (arbejder, morgenen): 5 + 20 = 25.0
    job = make.job(
        description="Hjælp til at pakke brød og holde butikken ryddelig "
                    "om morgenen.",
        easy_read_summary="Du pakker brød og gør rent. Du arbejder om "
                          "morgenen.")
    assert job["readability"] == {
        "description": {"lix": 38.3, "level": "medium"},
        "easy_read_summary": {"lix": 25.0, "level": "easy"}}
    patched = check(api.patch(path(job), json={
        "easy_read_summary": "Du pakker brød."}, token=admin.token), 200)
    assert patched.body["readability"]["easy_read_summary"] == {
        "lix": 3.0, "level": "very_easy"}
    assert patched.body["readability"]["description"] == \
        job["readability"]["description"]
    got = check(api.get(path(job), token=admin.token), 200).body
    assert got["readability"] == patched.body["readability"]
    patched = check(api.patch(path(job), json={"easy_read_summary": None},
                              token=admin.token), 200)
    assert patched.body["readability"]["easy_read_summary"] is None


@pytest.mark.parametrize("summary", [None, "", "   "])
def test_publish_needs_an_easy_read_summary(api, admin, make, summary):
    job = make.job(easy_read_summary=summary)
    resp = check(api.post(path(job, "publish"), token=admin.token), 422)
    assert [e["field"] for e in resp.body["errors"]] == ["easy_read_summary"]
    assert check(api.get(path(job), token=admin.token),
                 200).body["status"] == "draft"
    check(api.patch(path(job), json={"easy_read_summary": "Du gør rent."},
                    token=admin.token), 200)
    check(api.post(path(job, "publish"), token=admin.token), 200)


@pytest.mark.parametrize("summary", [None, " "])
def test_published_job_keeps_its_summary(api, admin, make, summary):
    job = make.job(status="published")
    resp = check(api.patch(path(job), json={"easy_read_summary": summary},
                           token=admin.token), 422)
    assert [e["field"] for e in resp.body["errors"]] == ["easy_read_summary"]
    got = check(api.get(path(job), token=admin.token), 200).body
    assert got["easy_read_summary"] == job["easy_read_summary"]


def test_max_lix_for_anonymous_callers(api, make):
    for job in listed(api, None, max_lix="25"):
        assert job["status"] == "published"
        assert job["readability"]["easy_read_summary"]["lix"] <= 25
