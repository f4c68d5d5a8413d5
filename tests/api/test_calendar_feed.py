"""/v1/me/calendar-feed — calendar subscriptions (issue 10, item 6).

The contract: api-spec/openapi.yaml (createCalendarFeed,
deleteCalendarFeed, getInterviewCalendar's `feed`). POST gives the caller
a secret URL of GET /v1/interviews.ics?feed=<token> that works without an
Authorization header and answers as the caller's bearer token would; a
new POST replaces the token, DELETE revokes it; the feed dies with the
user's token_version (deactivation, role or scope change, password,
logout-all). A dead or unknown feed is 404. The feed token is no bearer
token anywhere.
"""
import os
import re
import urllib.parse

import pytest

from support import ANONYMOUS, check, problem_slug

URL = re.compile(r"^http://[^/]+/v1/interviews\.ics\?feed=([0-9a-f]{64})$")


def new_feed(api, who):
    url = check(api.post("/v1/me/calendar-feed", token=who.token),
                201).body["url"]
    m = URL.match(url)
    assert m, url
    return url


def path_of(url):
    u = urllib.parse.urlsplit(url)
    return f"{u.path}?{u.query}"


def token_of(url):
    return URL.match(url).group(1)


def fetch(api, url, status=200, **kw):
    """GET the feed URL without an Authorization header."""
    resp = check(api.get(path_of(url), headers={"Accept": "text/calendar"},
                         **kw), status)
    if status == 200:
        assert resp.media_type == "text/calendar"
        assert resp.headers["Cache-Control"] == "no-store"
    return resp


def uids(ics):
    return set(re.findall(r"UID:([0-9a-f-]{36})@jobbro", ics))


@pytest.fixture
def consultant_world(api, make):
    """A new consultant with a seeker on their caseload, who has an
    interview, and another seeker's interview they may not see."""
    consultant = make.user("consultant", municipality_codes=["0147"])
    seeker = make.seeker(consultant_id=consultant.id)
    mine = make.interview(make.application(seeker=seeker))
    theirs = make.interview()   # a 0101 seeker, not on the caseload
    return consultant, mine, theirs


def test_feed_reads_without_a_header_as_its_user(api, make,
                                                 consultant_world):
    consultant, mine, theirs = consultant_world
    url = new_feed(api, consultant)
    base = os.environ.get("JOBBRO_BASE_URL", "http://127.0.0.1:8080")
    assert url.startswith(base.rstrip("/") + "/v1/interviews.ics?feed=")

    ics = fetch(api, url).body
    assert ics.startswith("BEGIN:VCALENDAR\r\n")
    assert mine["id"] in uids(ics)
    assert theirs["id"] not in uids(ics)
    # the same as the user's own bearer token gives
    with_bearer = check(api.get("/v1/interviews.ics", token=consultant.token,
                                headers={"Accept": "text/calendar"}),
                        200).body
    assert uids(with_bearer) == uids(ics)
    # filters still apply
    filtered = fetch(api, url, query={"seeker_id": theirs["seeker_id"]}).body
    assert uids(filtered) == set()


def test_feed_read_is_audited_as_its_user(api, make, admin,
                                          consultant_world):
    consultant, mine, _ = consultant_world
    fetch(api, new_feed(api, consultant))
    events = check(api.get("/v1/audit-events", query={
        "actor_id": consultant.id, "action": "interview.listed"},
        token=admin.token), 200).body["data"]
    assert mine["id"] in {e["resource_id"] for e in events}


def test_revoked_feed_is_404(api, consultant_world):
    consultant, _, _ = consultant_world
    url = new_feed(api, consultant)
    fetch(api, url)
    check(api.delete("/v1/me/calendar-feed", token=consultant.token), 204)
    resp = fetch(api, url, 404)
    assert problem_slug(resp) == "not-found"
    # revoking again is fine
    check(api.delete("/v1/me/calendar-feed", token=consultant.token), 204)


def test_new_feed_replaces_the_old(api, consultant_world):
    consultant, _, _ = consultant_world
    old = new_feed(api, consultant)
    new = new_feed(api, consultant)
    assert token_of(old) != token_of(new)
    fetch(api, old, 404)
    fetch(api, new)


def test_feeds_are_per_user(api, make, consultant_world):
    consultant, _, _ = consultant_world
    other = make.user("consultant")
    a = new_feed(api, consultant)
    b = new_feed(api, other)
    check(api.delete("/v1/me/calendar-feed", token=other.token), 204)
    fetch(api, b, 404)
    fetch(api, a)


@pytest.mark.parametrize("change", [{"active": False},
                                    {"municipality_codes": ["0101", "0147"]}])
def test_security_change_of_the_user_kills_the_feed(api, make, admin,
                                                    change):
    user = make.user("consultant")
    url = new_feed(api, user)
    fetch(api, url)
    check(api.patch(f"/v1/users/{user.id}", json=change, token=admin.token),
          200)
    fetch(api, url, 404)


def test_logout_all_kills_the_feed(api, make):
    user = make.user("consultant")
    url = new_feed(api, user)
    check(api.post("/v1/auth/logout-all", token=user.token), 204)
    fetch(api, url, 404)


def test_feed_token_is_no_bearer_token(api, make, consultant_world):
    consultant, mine, _ = consultant_world
    token = token_of(new_feed(api, consultant))
    for path in ("/v1/me", "/v1/interviews", f"/v1/interviews/{mine['id']}",
                 "/v1/interviews.ics", "/v1/seekers"):
        check(api.get(path, token=token), 401)
    check(api.post("/v1/me/calendar-feed", token=token), 401)
    check(api.delete("/v1/me/calendar-feed", token=token), 401)


def test_unknown_or_malformed_feed_is_404_or_400(api):
    fetch(api, "http://x/v1/interviews.ics?feed=" + "0" * 64, 404)
    fetch(api, "http://x/v1/interviews.ics?feed=nonsense", 404)
    check(api.get("/v1/interviews.ics", query={"feed": "x" * 129},
                  headers={"Accept": "text/calendar"}), 400)


def test_without_feed_anonymous_is_still_401(api):
    check(api.get("/v1/interviews.ics", token=ANONYMOUS.token), 401)


def test_anonymous_may_not_make_a_feed(api):
    check(api.post("/v1/me/calendar-feed"), 401)
    check(api.delete("/v1/me/calendar-feed"), 401)


@pytest.mark.parametrize("role", ["admin", "employer", "seeker", "partner"])
def test_every_logged_in_role_gets_a_feed(api, make, role):
    who = make.principal(role) if role != "seeker" else make.user(
        "seeker", seeker_id=make.seeker()["id"])
    fetch(api, new_feed(api, who))


def test_only_the_digest_is_stored(api, make):
    dsn = os.environ.get("JOBBRO_TEST_DSN")
    if not dsn:
        pytest.skip("JOBBRO_TEST_DSN not set")
    import psycopg2
    user = make.user("consultant")
    token = token_of(new_feed(api, user))
    conn = psycopg2.connect(dsn, connect_timeout=5)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT token_hash, encode(sha256(convert_to(%s, "
                        "'UTF8')), 'hex') FROM calendar_feeds "
                        "WHERE user_id = %s", (token, user.id))
            row = cur.fetchone()
    finally:
        conn.close()
    assert row[0] == row[1] and token not in row[0]
