"""Job boards: the fields they need (application_deadline, occupation_code,
address) with their filters, a job as schema.org JobPosting (Accept:
application/ld+json) and the public feed GET /v1/feeds/jobs.jsonld."""
import re
from datetime import date, datetime, timedelta, timezone
from zoneinfo import ZoneInfo

import pytest

from support import check, job_body

FEED = "/v1/feeds/jobs.jsonld"
LD = {"Accept": "application/ld+json"}
ADDRESS = {"street": "Valby Langgade 52", "postal_code": "2500",
           "city": "Valby"}

# Google Search Central, "Job posting (JobPosting) structured data"
# (developers.google.com/search/docs/appearance/structured-data/job-posting),
# "Structured data type definitions".
GOOGLE_REQUIRED = ("datePosted", "description", "hiringOrganization",
                   "jobLocation", "title")
GOOGLE_RECOMMENDED = ("applicantLocationRequirements", "baseSalary",
                      "directApply", "employmentType", "identifier",
                      "jobLocationType", "validThrough")
# Only for fully remote jobs (jobLocationType TELECOMMUTE); Jobbro's jobs
# are all at a workplace.
GOOGLE_REMOTE_ONLY = ("applicantLocationRequirements", "jobLocationType")
# Left out when the job has no value for them: validThrough without a
# deadline ("if a job posting never expires ... don't include this
# property"), baseSalary without a wage.
NEEDS_DATA = ("validThrough", "baseSalary")
ISO_8601_UTC = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$")


COPENHAGEN = ZoneInfo("Europe/Copenhagen")


def days(n):
    """The date n days from today in Copenhagen (deadlines are dates
    there)."""
    return (datetime.now(COPENHAGEN).date() + timedelta(days=n)).isoformat()


def copenhagen_date(timestamp):
    utc = datetime.strptime(timestamp[:19], "%Y-%m-%dT%H:%M:%S")
    return utc.replace(tzinfo=timezone.utc).astimezone(COPENHAGEN).date()


def board_job(make, status="published", **fields):
    fields.setdefault("application_deadline", days(30))
    fields.setdefault("occupation_code", "9412")
    fields.setdefault("address", ADDRESS)
    return make.job(status=status, **fields)


def feed_pages(api, limit=100, token=None, max_pages=50):
    """Every page of the feed, walked by the Link header."""
    url = f"{FEED}?limit={limit}"
    for _ in range(max_pages):
        resp = check(api.get(url, token=token), 200)
        yield resp
        link = resp.headers.get("Link")
        if not link:
            assert resp.body["next_cursor"] is None
            return
        url = re.match(r"^<([^>]+)>; rel=\"next\"$", link).group(1)
    pytest.fail("the feed has more pages than expected")


def in_feed(api, job_id):
    """The feed's posting of job_id, or None."""
    for resp in feed_pages(api):
        for posting in resp.body["@graph"]:
            if posting["identifier"]["value"] == job_id:
                return posting
    return None


def assert_google_fields(posting, without=()):
    """The required and recommended properties of Google's list, with
    values of the kinds Google asks for; `without`: those of NEEDS_DATA
    that the job has no value for."""
    for name in GOOGLE_REQUIRED:
        assert posting.get(name), f"required {name} missing: {posting}"
    for name in GOOGLE_RECOMMENDED:
        if name in GOOGLE_REMOTE_ONLY or name in without:
            assert name not in posting, name
        else:
            assert name in posting, f"recommended {name} missing: {posting}"
    assert posting["@context"] == "https://schema.org"
    assert posting["@type"] == "JobPosting"
    assert posting["description"].strip() and \
        posting["description"] != posting["title"]
    date.fromisoformat(posting["datePosted"])
    assert re.match(r"^\d{4}-\d{2}-\d{2}$", posting["datePosted"])
    if "validThrough" not in without:
        assert ISO_8601_UTC.match(posting["validThrough"]), posting
    org = posting["hiringOrganization"]
    assert org["@type"] == "Organization" and org["name"]
    assert org["identifier"]["propertyID"] == "CVR"
    assert re.match(r"^\d{8}$", org["identifier"]["value"])
    address = posting["jobLocation"]["address"]
    assert posting["jobLocation"]["@type"] == "Place"
    assert address["@type"] == "PostalAddress"
    assert address["addressCountry"] == "DK"
    assert address["addressLocality"] and address["addressRegion"]
    assert posting["employmentType"] in ("PART_TIME", "FULL_TIME")
    assert posting["directApply"] is False
    assert posting["identifier"]["@type"] == "PropertyValue"
    if "baseSalary" not in without:
        salary = posting["baseSalary"]
        assert salary["@type"] == "MonetaryAmount" and \
            salary["currency"] == "DKK"
        assert salary["value"]["unitText"] == "HOUR"
        assert salary["value"]["value"] >= 0


# --- the fields -------------------------------------------------------------

def test_create_and_read_the_board_fields(api, admin, make):
    job = board_job(make, status="draft")
    assert job["application_deadline"] == days(30)
    assert job["occupation_code"] == "9412"
    assert job["address"] == ADDRESS
    got = check(api.get(f"/v1/jobs/{job['id']}", token=admin.token), 200)
    assert got.body == job


def test_new_fields_default_to_null(api, admin, make):
    job = make.job()
    assert (job["application_deadline"], job["occupation_code"],
            job["address"]) == (None, None, None)


def test_patch_the_board_fields(api, admin, make):
    job = board_job(make, status="draft")
    url = f"/v1/jobs/{job['id']}"
    body = check(api.patch(url, json={
        "application_deadline": "2031-01-31", "occupation_code": "911210",
        "address": {"postal_code": "8000", "city": "Aarhus C"}},
        token=admin.token), 200).body
    assert body["application_deadline"] == "2031-01-31"
    assert body["occupation_code"] == "911210"
    # An address is replaced whole: the street went with the old one.
    assert body["address"] == {"street": None, "postal_code": "8000",
                               "city": "Aarhus C"}
    body = check(api.patch(url, json={"title": "Anden titel"},
                           token=admin.token), 200).body
    assert body["address"]["city"] == "Aarhus C"
    body = check(api.patch(url, json={
        "application_deadline": None, "occupation_code": None,
        "address": None}, token=admin.token), 200).body
    assert (body["application_deadline"], body["occupation_code"],
            body["address"]) == (None, None, None)


@pytest.mark.parametrize("fields,field", [
    ({"occupation_code": "911"}, "occupation_code"),
    ({"occupation_code": "9112345"}, "occupation_code"),
    ({"occupation_code": "91a2"}, "occupation_code"),
    ({"occupation_code": 9112}, "occupation_code"),
    ({"application_deadline": "2026-02-30"}, "application_deadline"),
    ({"application_deadline": "31-12-2026"}, "application_deadline"),
    ({"address": {"postal_code": "250", "city": "Valby"}},
     "address.postal_code"),
    ({"address": {"postal_code": "25000", "city": "Valby"}},
     "address.postal_code"),
    ({"address": {"postal_code": "2500"}}, "address.city"),
    ({"address": {"city": "Valby"}}, "address.postal_code"),
    ({"address": {"postal_code": "2500", "city": "Valby", "floor": 2}},
     "address.floor"),
    ({"address": "Valby Langgade 52, 2500 Valby"}, "address"),
])
def test_bad_board_fields_are_422(api, admin, make, fields, field):
    employer = make.employer()
    resp = check(api.post("/v1/jobs", json=job_body(employer["id"], **fields),
                          token=admin.token), 422)
    assert field in resp.field_errors(), resp.body
    job = make.job(employer)
    resp = check(api.patch(f"/v1/jobs/{job['id']}", json=fields,
                           token=admin.token), 422)
    assert field in resp.field_errors(), resp.body


# --- filters ----------------------------------------------------------------

def test_deadline_after_filter(api, admin, make):
    employer = make.employer()
    past = make.job(employer, application_deadline=days(-3))
    today = make.job(employer, application_deadline=days(0))
    later = make.job(employer, application_deadline=days(20))
    none = make.job(employer)
    body = check(api.get("/v1/jobs", query={
        "employer_id": employer["id"], "deadline_after": days(0),
        "limit": 100}, token=admin.token), 200).body
    assert {j["id"] for j in body["data"]} == \
        {today["id"], later["id"], none["id"]}
    body = check(api.get("/v1/jobs", query={
        "employer_id": employer["id"], "limit": 100}, token=admin.token),
        200).body
    assert past["id"] in {j["id"] for j in body["data"]}, \
        "without the filter a job past its deadline is still listed"


def test_occupation_code_filter_matches_a_prefix(api, admin, make):
    employer = make.employer()
    cleaner = make.job(employer, occupation_code="9112")
    cleaner_dk = make.job(employer, occupation_code="911210")
    shop = make.job(employer, occupation_code="5223")
    make.job(employer)

    def ids(code):
        return {j["id"] for j in check(api.get("/v1/jobs", query={
            "employer_id": employer["id"], "occupation_code": code,
            "limit": 100}, token=admin.token), 200).body["data"]}

    assert ids("9112") == {cleaner["id"], cleaner_dk["id"]}
    assert ids("911210") == {cleaner_dk["id"]}
    assert ids("9") == {cleaner["id"], cleaner_dk["id"]}
    assert ids("5223") == {shop["id"]}
    assert ids("1") == set()


@pytest.mark.parametrize("query", [
    {"deadline_after": "tomorrow"}, {"deadline_after": "2026-13-01"},
    {"occupation_code": "91x"}, {"occupation_code": "1234567"},
    {"occupation_code": ""}])
def test_bad_filters_are_400(api, query):
    resp = check(api.get("/v1/jobs", query=query), 400)
    assert set(resp.field_errors()) == set(query)


# --- one job as JSON-LD -----------------------------------------------------

def test_a_job_as_json_ld(api, make):
    job = board_job(make, hourly_wage_dkk=131.25, weekly_hours=15,
                    schedule="Man–fre 9–12")
    resp = check(api.get(f"/v1/jobs/{job['id']}", headers=LD), 200)
    assert resp.media_type == "application/ld+json"
    assert "accept" in resp.headers.get("Vary", "").lower()
    p = resp.body
    assert_google_fields(p)
    assert p["identifier"] == {"@type": "PropertyValue", "name": "Jobbro",
                               "value": job["id"]}
    assert p["url"].endswith(f"/v1/jobs/{job['id']}")
    assert p["title"] == job["title"]
    assert p["description"] == job["description"]
    assert p["datePosted"] == copenhagen_date(job["published_at"]).isoformat()
    assert p["employmentType"] == "PART_TIME"
    assert p["baseSalary"]["value"]["value"] == 131.25
    assert p["workHours"] == "15 hours per week, Man–fre 9–12"
    assert p["occupationalCategory"] == "9412"
    assert p["jobLocation"]["address"] == {
        "@type": "PostalAddress", "streetAddress": "Valby Langgade 52",
        "postalCode": "2500", "addressLocality": "Valby",
        "addressRegion": "Region Hovedstaden", "addressCountry": "DK"}
    assert p["jobLocation"]["geo"] == {
        "@type": "GeoCoordinates", "latitude": job["location"]["lat"],
        "longitude": job["location"]["lon"]}
    # The end of the deadline day in Copenhagen (UTC+1 or +2), in UTC.
    end = datetime.strptime(p["validThrough"], "%Y-%m-%dT%H:%M:%SZ")
    assert end.date().isoformat() == job["application_deadline"]
    assert end.strftime("%H:%M:%S") in ("22:59:59", "21:59:59")
    # Nothing personal and nothing internal.
    text = resp.raw.decode("utf-8")
    assert job["supervisor_name"] not in text
    for name in ("supervisor_name", "accommodations", "status"):
        assert name not in p


def test_json_stays_the_default(api, make):
    job = board_job(make)
    for accept in (None, "*/*", "application/json", "text/html",
                   "application/ld+json;q=0.5, application/json",
                   "application/ld+json;q=0"):
        resp = check(api.get(f"/v1/jobs/{job['id']}",
                             headers={"Accept": accept}), 200)
        assert resp.media_type == "application/json", accept
        assert resp.body["id"] == job["id"]
    resp = check(api.get(f"/v1/jobs/{job['id']}", headers={
        "Accept": "application/json;q=0.8, application/ld+json"}), 200)
    assert resp.media_type == "application/ld+json"


def test_json_ld_etag_is_not_the_jsons(api, make):
    job = board_job(make)
    plain = check(api.get(f"/v1/jobs/{job['id']}"), 200)
    ld = check(api.get(f"/v1/jobs/{job['id']}", headers=LD), 200)
    if plain.headers.get("ETag") and ld.headers.get("ETag"):
        assert plain.headers["ETag"] != ld.headers["ETag"]


def test_full_time_and_no_extras(api, make):
    employer = make.employer()
    job = make.job(employer, status="published", weekly_hours=37,
                   hourly_wage_dkk=None, location=None, schedule=None,
                   starts_on=None)
    p = check(api.get(f"/v1/jobs/{job['id']}", headers=LD), 200).body
    assert_google_fields(p, without=NEEDS_DATA)
    assert p["employmentType"] == "FULL_TIME"
    assert p["workHours"] == "37 hours per week"
    for name in ("baseSalary", "validThrough", "occupationalCategory",
                 "jobStartDate"):
        assert name not in p
    assert "geo" not in p["jobLocation"]
    # No address of its own: the employer's postal code and city, never
    # the employer's street.
    assert p["jobLocation"]["address"] == {
        "@type": "PostalAddress", "postalCode": employer["postal_code"],
        "addressLocality": employer["city"],
        "addressRegion": "Region Hovedstaden", "addressCountry": "DK"}


def test_html_is_escaped_for_script_elements(api, make):
    job = board_job(make, description="Opvask </script><b>og</b> rengøring")
    resp = check(api.get(f"/v1/jobs/{job['id']}", headers=LD), 200)
    assert b"<" not in resp.raw
    assert resp.body["description"] == job["description"]


@pytest.mark.parametrize("status", ["draft", "closed"])
def test_no_json_ld_for_unpublished_jobs(api, admin, make, status):
    job = board_job(make, status=status)
    check(api.get(f"/v1/jobs/{job['id']}", headers=LD), 404)
    check(api.get(f"/v1/jobs/{job['id']}", headers=LD, token=admin.token),
          404)
    # Its owners still read the JSON.
    check(api.get(f"/v1/jobs/{job['id']}", token=admin.token), 200)


# --- the feed ---------------------------------------------------------------

def test_feed_page_is_json_ld(api, make):
    board_job(make)
    resp = check(api.get(FEED, query={"limit": 5}), 200)
    assert resp.media_type == "application/ld+json"
    assert resp.body["@context"] == "https://schema.org"
    assert 1 <= len(resp.body["@graph"]) <= 5
    for posting in resp.body["@graph"]:
        assert_google_fields(posting, without=[
            name for name in NEEDS_DATA if name not in posting])


def test_feed_shows_open_postings_only(api, admin, make):
    open_job = board_job(make)
    no_deadline = board_job(make, application_deadline=None)
    last_day = board_job(make, application_deadline=days(0))
    expired = board_job(make, application_deadline=days(-1))
    draft = board_job(make, status="draft")
    closed = board_job(make, status="closed")
    seen = {}
    for resp in feed_pages(api):
        for posting in resp.body["@graph"]:
            seen[posting["identifier"]["value"]] = posting
    for job in (open_job, no_deadline, last_day):
        assert job["id"] in seen, job
    for job in (expired, draft, closed):
        assert job["id"] not in seen, job
    # The feed's posting is the job's own JSON-LD.
    one = check(api.get(f"/v1/jobs/{open_job['id']}", headers=LD), 200)
    assert seen[open_job["id"]] == one.body
    assert_google_fields(seen[open_job["id"]])
    assert_google_fields(seen[no_deadline["id"]], without=["validThrough"])
    # The expired job is still published and listed by GET /v1/jobs.
    body = check(api.get(f"/v1/jobs/{expired['id']}"), 200).body
    assert body["status"] == "published"


def test_feed_is_the_same_for_every_caller(api, as_role, make):
    board_job(make)
    anonymous = check(api.get(FEED, query={"limit": 10}), 200).body
    for role in ("admin", "consultant", "employer", "seeker", "partner"):
        who = as_role(role)
        body = check(api.get(FEED, query={"limit": 10}, token=who.token),
                     200).body
        assert body == anonymous, role


def test_feed_pagination_walks_every_posting_once(api, make):
    for _ in range(3):
        board_job(make)
    everything = [p["identifier"]["value"] for resp in feed_pages(api)
                  for p in resp.body["@graph"]]
    walked, pages = [], 0
    for resp in feed_pages(api, limit=2):
        pages += 1
        assert len(resp.body["@graph"]) <= 2
        if resp.headers.get("Link"):
            assert resp.body["next_cursor"]
            assert "limit=2" in resp.headers["Link"]
        walked += [p["identifier"]["value"] for p in resp.body["@graph"]]
        if pages > 3:
            break
    assert pages > 3
    assert walked == everything[:len(walked)]
    assert len(set(walked)) == len(walked)


def test_cursors_are_bound_to_their_list(api, make):
    for _ in range(2):
        board_job(make)
    feed_cursor = check(api.get(FEED, query={"limit": 1}), 200) \
        .body["next_cursor"]
    jobs_cursor = check(api.get("/v1/jobs", query={"limit": 1}), 200) \
        .body["next_cursor"]
    assert feed_cursor and jobs_cursor
    resp = check(api.get("/v1/jobs", query={"cursor": feed_cursor}), 400)
    assert "cursor" in resp.field_errors()
    resp = check(api.get(FEED, query={"cursor": jobs_cursor}), 400)
    assert "cursor" in resp.field_errors()
    resp = check(api.get(FEED, query={"cursor": "not-a-cursor"}), 400)
    assert "cursor" in resp.field_errors()
    check(api.get(FEED, query={"cursor": feed_cursor}), 200)


@pytest.mark.parametrize("query", [{"limit": "0"}, {"limit": "101"},
                                   {"limit": "ten"}])
def test_feed_bad_limit_is_400(api, query):
    resp = check(api.get(FEED, query=query), 400)
    assert "limit" in resp.field_errors()
