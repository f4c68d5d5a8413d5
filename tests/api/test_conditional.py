"""Conditional GETs, caching headers and cursors bound to their filters
(issue 11): every single-resource GET and every list page carries an
ETag; If-None-Match naming it (or *) is 304 without a body; a malformed
one is 400; the ETag changes when what the caller sees changes, also
without the row (a seeker's name in an application); If-Match still
takes the tag a GET gave. Anonymous answers of public reference data are
public for max-age; authenticated answers are no-store unless the
endpoint holds nothing personal (private, no-cache). The ETag/304 of
every GET operation for every role is checked in test_access_matrix.py.
"""
import pytest

from support import check


def _field(resp):
    return [e["field"] for e in resp.body.get("errors", [])]


def test_single_resource_304(api):
    got = check(api.get("/v1/municipalities/0101"), 200)
    etag = got.headers["ETag"]
    again = check(api.get("/v1/municipalities/0101",
                          headers={"If-None-Match": etag}), 304)
    assert again.raw == b""
    assert again.headers["ETag"] == etag
    assert "Content-Length" not in again.headers
    assert again.headers["Cache-Control"] == "public, max-age=3600"
    assert "Authorization" in again.headers["Vary"]


@pytest.mark.parametrize("inm", ["*", " * ", 'W/"x", {tag}', '"x",{tag}',
                                 'W/{tag}'])
def test_if_none_match_forms(api, inm):
    etag = check(api.get("/v1/municipalities/0101"), 200).headers["ETag"]
    check(api.get("/v1/municipalities/0101",
                  headers={"If-None-Match": inm.format(tag=etag)}), 304)


@pytest.mark.parametrize("inm", ['"other"', 'W/"other", "x"'])
def test_if_none_match_other_tag_is_200(api, inm):
    got = check(api.get("/v1/municipalities/0101",
                        headers={"If-None-Match": inm}), 200)
    assert got.body["code"] == "0101"


@pytest.mark.parametrize("inm", ["garbage", '"unterminated', "*, \"x\"",
                                 '"a" "b"', "W/x"])
def test_if_none_match_malformed_is_400(api, inm):
    resp = check(api.get("/v1/municipalities/0101",
                         headers={"If-None-Match": inm}), 400)
    assert _field(resp) == ["If-None-Match"]
    assert "ETag" not in resp.headers


def test_star_on_missing_is_404(api):
    check(api.get("/v1/municipalities/0999",
                  headers={"If-None-Match": "*"}), 404)


def test_list_page_etag_changes_with_the_page(api, make, admin):
    employer = make.employer()
    path = f"/v1/jobs?employer_id={employer['id']}"
    first = check(api.get(path, token=admin.token), 200)
    etag = first.headers["ETag"]
    check(api.get(path, token=admin.token,
                  headers={"If-None-Match": etag}), 304)
    make.job(employer=employer)
    after = check(api.get(path, token=admin.token,
                          headers={"If-None-Match": etag}), 200)
    assert after.headers["ETag"] != etag
    assert len(after.body["data"]) == len(first.body["data"]) + 1


def test_if_match_takes_the_tag_of_a_get(api, make, admin):
    job = make.job()
    etag = check(api.get(f"/v1/jobs/{job['id']}", token=admin.token),
                 200).headers["ETag"]
    patched = check(api.patch(f"/v1/jobs/{job['id']}", json={"title": "New"},
                              token=admin.token,
                              headers={"If-Match": etag}), 200)
    check(api.patch(f"/v1/jobs/{job['id']}", json={"title": "Newer"},
                    token=admin.token, headers={"If-Match": etag}), 412)
    # The PATCH's tag is the next GET's tag.
    check(api.get(f"/v1/jobs/{job['id']}", token=admin.token,
                  headers={"If-None-Match": patched.headers["ETag"]}), 304)


def test_etag_follows_what_the_caller_sees(api, make, admin):
    """An application shows its seeker's name: renaming the seeker
    changes the application's ETag though the application row is the
    same, so a cached copy is not revalidated with stale personal data."""
    seeker = make.seeker()
    app = make.application(seeker=seeker)
    path = f"/v1/applications/{app['id']}"
    etag = check(api.get(path, token=admin.token), 200).headers["ETag"]
    check(api.patch(f"/v1/seekers/{seeker['id']}",
                    json={"first_name": "Renamed"}, token=admin.token), 200)
    again = check(api.get(path, token=admin.token,
                          headers={"If-None-Match": etag}), 200)
    assert again.body["seeker"]["first_name"] == "Renamed"
    assert again.headers["ETag"] != etag


def test_cache_control_by_kind(api, make, admin):
    seeker = make.seeker()
    personal = check(api.get(f"/v1/seekers/{seeker['id']}",
                             token=admin.token), 200)
    assert personal.headers["Cache-Control"] == "no-store"
    stats = check(api.get("/v1/stats/overview", token=admin.token), 200)
    assert stats.headers["Cache-Control"] == "private, no-cache"
    reference = check(api.get("/v1/municipalities",
                              token=admin.token), 200)
    assert reference.headers["Cache-Control"] == "private, no-cache"
    anon = check(api.get("/v1/municipalities"), 200)
    assert anon.headers["Cache-Control"] == "public, max-age=3600"
    # An error is never public.
    missing = check(api.get("/v1/municipalities/0999"), 404)
    assert "public" not in missing.headers.get("Cache-Control", "")


def test_cursor_belongs_to_its_filters(api):
    path = "/v1/municipalities?region_code=1084&limit=2"
    page = check(api.get(path), 200)
    cursor = page.body["next_cursor"]
    assert cursor
    # Same filters, another limit: fine.
    nxt = check(api.get(f"/v1/municipalities?region_code=1084&limit=5"
                        f"&cursor={cursor}"), 200)
    assert all(m["region_code"] == "1084" for m in nxt.body["data"])
    # Other filters, or none: 400 on cursor.
    for other in ("region_code=1085&", ""):
        resp = check(api.get(f"/v1/municipalities?{other}limit=2"
                             f"&cursor={cursor}"), 400)
        assert _field(resp) == ["cursor"]
    # The Link header carries the filters.
    assert "region_code=1084" in page.headers["Link"]


def test_public_job_reads(api, make, admin):
    job = make.job(status="published")
    path = f"/v1/jobs/{job['id']}"
    plain = check(api.get(path), 200)
    assert plain.headers["Cache-Control"] == "public, max-age=60"
    ld = check(api.get(path, headers={"Accept": "application/ld+json"}),
               200)
    assert ld.headers["Cache-Control"] == "public, max-age=60"
    assert ld.headers["ETag"] != plain.headers["ETag"]
    for resp, accept in ((plain, "application/json"),
                         (ld, "application/ld+json")):
        again = check(api.get(path, headers={
            "Accept": accept, "If-None-Match": resp.headers["ETag"]}), 304)
        assert again.headers["Cache-Control"] == "public, max-age=60"
    listed = check(api.get("/v1/jobs?limit=2"), 200)
    assert listed.headers["Cache-Control"] == "public, max-age=60"
    mine = check(api.get(path, token=admin.token), 200)
    assert mine.headers["Cache-Control"] == "private, no-cache"


def test_feed_is_cacheable(api):
    page = check(api.get("/v1/feeds/jobs.jsonld?limit=5"), 200)
    assert page.headers["Cache-Control"] == "public, max-age=300"
    etag = page.headers["ETag"]
    again = check(api.get("/v1/feeds/jobs.jsonld?limit=5",
                          headers={"If-None-Match": etag}), 304)
    assert again.raw == b"" and again.headers["ETag"] == etag
    assert again.headers["Cache-Control"] == "public, max-age=300"
    # Another page size is another representation.
    other = check(api.get("/v1/feeds/jobs.jsonld?limit=4",
                          headers={"If-None-Match": etag}), 200)
    assert other.headers["ETag"] != etag


def test_job_pages_are_tagged_by_the_database(api, make, admin, db):
    """GET /v1/jobs and the feed tag a page from its rows' versions
    ("l..."), and answer 304 before they build it; a change to a job on
    the page (or to its employer, in the feed) changes the tag."""
    employer = make.employer()
    job = make.job(employer=employer, status="published")
    path = f"/v1/jobs?employer_id={employer['id']}"
    first = check(api.get(path), 200)
    etag = first.headers["ETag"]
    assert etag.startswith('"l')
    check(api.get(path, headers={"If-None-Match": f'"x", W/{etag}'}), 304)
    check(api.patch(f"/v1/jobs/{job['id']}", json={"weekly_hours": 9},
                    token=admin.token), 200)
    changed = check(api.get(path, headers={"If-None-Match": etag}), 200)
    assert changed.headers["ETag"] != etag
    assert changed.body["data"][0]["weekly_hours"] == 9

    feed = "/v1/feeds/jobs.jsonld?limit=3"
    before = check(api.get(feed), 200)
    ftag = before.headers["ETag"]
    check(api.get(feed, headers={"If-None-Match": ftag}), 304)
    newest = before.body["@graph"][0]
    owner = check(api.get(f"/v1/jobs/{newest['identifier']['value']}",
                          token=admin.token), 200).body["employer_id"]
    check(api.patch(f"/v1/employers/{owner}", json={"name": "Renamed ApS"},
                    token=admin.token), 200)
    after = check(api.get(feed, headers={"If-None-Match": ftag}), 200)
    assert after.headers["ETag"] != ftag
    assert after.body["@graph"][0]["hiringOrganization"]["name"] == \
        "Renamed ApS"


def test_an_export_is_never_304(api, make):
    employer = make.employer()
    make.job(employer=employer, status="published")
    path = f"/v1/jobs?employer_id={employer['id']}"
    etag = check(api.get(path), 200).headers["ETag"]
    resp = api.get(path, headers={"Accept": "text/csv",
                                  "If-None-Match": etag})
    assert resp.status == 200 and resp.raw, resp
