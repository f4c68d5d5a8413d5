"""The public-read cache (src/cache.c, src/pubcache.c, src/listen.c).

Anonymous GETs of published jobs (one job, the list, the job-board feed)
are answered from each worker's cache; every change PostgreSQL announces
on jobbro_public (migration 0024) empties it in every worker of every
instance. These tests watch the cache through /metrics (per worker: hits,
misses, entries, bytes, live) on instance B (JOBBRO_INSTANCE_B_URL), which
hands each connection to the next worker and has a 1 MiB cache per
worker; changes are made through the main server, so the notice crosses
instances."""
import os
import re
import time

import psycopg2
import pytest

from support import Client, check

B_URL = os.environ.get("JOBBRO_INSTANCE_B_URL")
DSN = os.environ.get("JOBBRO_TEST_DSN")
pytestmark = pytest.mark.skipif(
    not (B_URL and DSN), reason="JOBBRO_INSTANCE_B_URL / _TEST_DSN not set")

WORKER_RE = re.compile(
    r'^jobbro_worker_(cache_\w+?)(?:_total)?\{worker="(\d+)"\} (\d+)$', re.M)


@pytest.fixture(scope="module")
def b():
    return Client(B_URL)


def workers(b):
    """{worker: {"cache_hits": n, "cache_misses": n, "cache_entries": n,
    "cache_bytes": n, "cache_live": n, ...}} from B's /metrics."""
    text = check(b.get("/metrics"), 200).raw.decode()
    out = {}
    for name, w, v in WORKER_RE.findall(text):
        out.setdefault(int(w), {})[name] = int(v)
    return out


def served(before, after):
    """Workers that answered a cacheable read between two snapshots."""
    return {w for w in after
            if after[w]["cache_hits"] + after[w]["cache_misses"] >
            before.get(w, {}).get("cache_hits", 0) +
            before.get(w, {}).get("cache_misses", 0)}


def wait_until(what, timeout=15.0):
    end = time.monotonic() + timeout
    while time.monotonic() < end:
        v = what()
        if v:
            return v
        time.sleep(0.05)
    raise AssertionError("timed out waiting")


def sql(statement, *args):
    conn = psycopg2.connect(DSN, connect_timeout=5)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute(statement, args)
            return cur.fetchall() if cur.description else None
    finally:
        conn.close()


def warm_every_worker(b, path):
    """GET path until every worker has answered it from its cache."""
    start = workers(b)

    def hit_everywhere():
        b.get(path)
        now = workers(b)
        return all(now[w]["cache_hits"] > start[w]["cache_hits"]
                   for w in now)
    wait_until(hit_everywhere)


@pytest.fixture
def job(make):
    return make.job(status="published", title="Cache test: warehouse helper")


def test_every_worker_is_live(b):
    w = wait_until(lambda: (lambda x: x if x and all(
        v["cache_live"] == 1 for v in x.values()) else None)(workers(b)))
    assert len(w) == 2


def test_a_second_read_is_a_hit_with_the_same_answer(b, job):
    path = f"/v1/jobs/{job['id']}"
    before = workers(b)
    first = check(b.get(path), 200)
    warm_every_worker(b, path)
    again = check(b.get(path), 200)
    assert again.raw == first.raw
    assert again.headers["ETag"] == first.headers["ETag"]
    assert again.headers["Cache-Control"] == "public, max-age=60"
    after = workers(b)
    assert sum(v["cache_hits"] for v in after.values()) > \
        sum(v["cache_hits"] for v in before.values())
    assert all(v["cache_entries"] >= 1 for v in after.values())


def test_a_conditional_get_of_a_cached_answer_is_304(b, job):
    path = f"/v1/jobs/{job['id']}"
    tag = check(b.get(path), 200).headers["ETag"]
    warm_every_worker(b, path)
    before = workers(b)
    resp = check(b.get(path, headers={"If-None-Match": tag}), 304)
    assert resp.raw == b""
    assert resp.headers["ETag"] == tag
    after = workers(b)
    assert sum(v["cache_hits"] for v in after.values()) == \
        sum(v["cache_hits"] for v in before.values()) + 1
    # A malformed If-None-Match is still 400 from the cache.
    check(b.get(path, headers={"If-None-Match": "nonsense"}), 400)


def test_json_ld_and_json_are_cached_apart(b, job):
    path = f"/v1/jobs/{job['id']}"
    warm_every_worker(b, path)
    ld = check(b.get(path, headers={"Accept": "application/ld+json"}), 200)
    assert ld.headers["Content-Type"].startswith("application/ld+json")
    assert ld.body["@type"] == "JobPosting"
    plain = check(b.get(path), 200)
    assert plain.body["id"] == job["id"] and "@type" not in plain.body


def test_a_change_reaches_every_worker_within_100_ms(api, admin, b, job):
    """Warm the job in both of B's workers, change it through the main
    server, then read through B for half a second: every read that starts
    100 ms after the change committed sees it, on every worker."""
    path = f"/v1/jobs/{job['id']}"
    warm_every_worker(b, path)
    cur = check(api.get(path, token=admin.token), 200)
    check(api.patch(path, json={"title": "Cache test: changed"},
                    token=admin.token,
                    headers={"If-Match": cur.headers["ETag"]}), 200)
    committed = time.monotonic()
    before = workers(b)
    late = []
    while time.monotonic() - committed < 0.6:
        started = time.monotonic() - committed
        title = check(b.get(path), 200).body["title"]
        if started >= 0.1:
            late.append(title)
    assert late and set(late) == {"Cache test: changed"}
    assert served(before, workers(b)) == set(before)


def test_lists_and_the_feed_follow_changes(api, admin, b, make):
    employer = make.employer()
    job = make.job(employer=employer, status="published",
                   title="Cache test: list one")
    path = f"/v1/jobs?employer_id={employer['id']}"
    feed = "/v1/feeds/jobs.jsonld?limit=100"
    warm_every_worker(b, path)
    assert [j["id"] for j in check(b.get(path), 200).body["data"]] == \
        [job["id"]]
    second = make.job(employer=employer, status="published",
                      title="Cache test: list two")
    time.sleep(0.1)
    for _ in range(4):
        ids = {j["id"] for j in check(b.get(path), 200).body["data"]}
        assert ids == {job["id"], second["id"]}
    # The feed: a closed job leaves it at once.
    warm_every_worker(b, feed)
    make.move(second["id"], "close")
    time.sleep(0.1)
    for _ in range(4):
        graph = check(b.get(feed), 200).body["@graph"]
        assert all(not p["url"].endswith(second["id"]) for p in graph)


def test_employer_changes_reach_the_feed(api, admin, b, make):
    employer = make.employer()
    make.job(employer=employer, status="published")
    feed = "/v1/feeds/jobs.jsonld?limit=100"
    warm_every_worker(b, feed)
    sql("UPDATE employers SET name = 'Cache Renamed ApS' WHERE id = %s",
        employer["id"])
    time.sleep(0.1)
    for _ in range(4):
        names = {p["hiringOrganization"]["name"]
                 for p in check(b.get(feed), 200).body["@graph"]}
        assert "Cache Renamed ApS" in names


def test_callers_with_a_token_never_use_the_cache(b, admin, job):
    path = f"/v1/jobs/{job['id']}"
    warm_every_worker(b, path)
    before = workers(b)
    for _ in range(4):
        check(b.get(path, token=admin.token), 200)
    after = workers(b)
    for w in after:
        assert after[w]["cache_hits"] == before[w]["cache_hits"]
        assert after[w]["cache_misses"] == before[w]["cache_misses"]


def test_errors_are_not_cached(b, make):
    draft = make.job()
    path = f"/v1/jobs/{draft['id']}"
    for _ in range(4):
        check(b.get(path), 404)
    assert all(v["cache_hits"] >= 0 for v in workers(b).values())
    before = workers(b)
    check(b.get(path), 404)
    after = workers(b)
    assert sum(v["cache_hits"] for v in after.values()) == \
        sum(v["cache_hits"] for v in before.values())


def test_memory_stays_within_the_bound(b, make):
    """1 MiB per worker on B: a hundred distinct pages of up to 100 jobs
    push the oldest out; the bytes never pass the bound."""
    for i in range(12):
        make.job(status="published", title=f"Cache bound filler {i}")
    for n in range(1, 101):
        check(b.get(f"/v1/jobs?limit={n}"), 200)
        check(b.get(f"/v1/jobs?limit={n}"), 200)
    text = check(b.get("/metrics"), 200).raw.decode()
    evictions = int(re.search(r"^jobbro_cache_evictions_total (\d+)$", text,
                              re.M).group(1))
    assert evictions > 0
    for v in workers(b).values():
        assert v["cache_bytes"] <= 1024 * 1024


def test_a_lost_listener_empties_the_cache_until_it_is_back(b, job):
    """While a worker cannot LISTEN it must not answer from its cache:
    changes made then reach nobody. Refuse the server's role new
    connections, end the listeners, change the job behind the API's back
    (no one hears the notice), and read: fresh. Then let them back."""
    path = f"/v1/jobs/{job['id']}"
    warm_every_worker(b, path)
    role = sql("SELECT DISTINCT usename FROM pg_stat_activity"
               " WHERE application_name = 'jobbro-listen'")[0][0]
    sql(f'ALTER ROLE "{role}" CONNECTION LIMIT 0')
    try:
        sql("SELECT pg_terminate_backend(pid) FROM pg_stat_activity"
            " WHERE application_name = 'jobbro-listen'")
        # Each worker finds out on its next pass or read.
        wait_until(lambda: all(v["cache_live"] == 0 and
                               v["cache_entries"] == 0
                               for v in workers(b).values()))
        sql("UPDATE jobs SET title = 'Cache test: behind its back'"
            " WHERE id = %s", job["id"])
        for _ in range(4):
            assert check(b.get(path), 200).body["title"] == \
                "Cache test: behind its back"
    finally:
        sql(f'ALTER ROLE "{role}" CONNECTION LIMIT -1')
    wait_until(lambda: all(v["cache_live"] == 1
                           for v in workers(b).values()))
    warm_every_worker(b, path)
    assert check(b.get(path), 200).body["title"] == \
        "Cache test: behind its back"


def test_an_export_is_not_answered_from_the_cache(b, make):
    employer = make.employer()
    make.job(employer=employer, status="published")
    path = f"/v1/jobs?employer_id={employer['id']}"
    warm_every_worker(b, path)
    resp = b.get(path, headers={"Accept": "text/csv"})
    assert resp.status == 200
    assert resp.headers["Content-Type"].startswith("text/csv")


def test_a_change_through_this_instance_is_seen_at_once(b, admin, job):
    """No wait at all when the change went through the same instance: its
    statement says it changed public data, and every worker of the
    instance empties its cache before the writer answers."""
    path = f"/v1/jobs/{job['id']}"
    for i in range(6):
        warm_every_worker(b, path)
        cur = check(b.get(path, token=admin.token), 200)
        check(b.patch(path, json={"weekly_hours": 10 + i}, token=admin.token,
                      headers={"If-Match": cur.headers["ETag"]}), 200)
        for _ in range(2):  # one read on each worker
            assert check(b.get(path), 200).body["weekly_hours"] == 10 + i


# --- statistics, kept per caller ---------------------------------------------

def stats_counters(b):
    w = workers(b)
    return (sum(v["cache_hits"] for v in w.values()),
            sum(v["cache_misses"] for v in w.values()))


def test_statistics_are_kept_per_caller_and_follow_placements(
        api, admin, b, make, as_role):
    """GET /v1/stats/overview with a token is kept per caller (the key
    holds the token's scope): a consultant of a fresh municipality and
    one of other municipalities asking the same question get their own
    answers from B's cache. A placement made through the main server
    reaches B's cached answers once its notice has arrived; deactivating
    the consultant through B ends its cached answers at once (401)."""
    code = make.fresh_municipality()
    eye = make.user("consultant", municipality_codes=[code])
    other = as_role("consultant")
    seeker = make.seeker(municipality_code=code)
    make.placement(application=make.offered_application(seeker=seeker))
    path = f"/v1/stats/overview?municipality_code={code}"

    def active(who, via):
        return check(via.get(path, token=who.token),
                     200).body["active_placements"]

    assert active(eye, b) == 1
    hits, _ = stats_counters(b)
    for _ in range(4):
        assert active(eye, b) == 1
    assert stats_counters(b)[0] > hits
    # Another caller, the same question: its own answer, not eye's.
    assert active(other, b) == active(other, api) == 0
    assert active(other, b) == 0

    seeker2 = make.seeker(municipality_code=code)
    make.placement(application=make.offered_application(seeker=seeker2))
    time.sleep(0.2)  # the notice crosses to B
    for _ in range(4):
        assert active(eye, b) == 2

    check(b.patch(f"/v1/users/{eye.id}", json={"active": False},
                  token=admin.token), 200)
    for _ in range(2):  # both workers, at once
        check(b.get(path, token=eye.token), 401)


def test_a_conditional_list_read_fills_the_cache(b, make):
    """A cache miss with If-None-Match builds the page (to keep it) and
    answers 304 from it; the next revalidations are hits."""
    employer = make.employer()
    make.job(employer=employer, status="published")
    path = f"/v1/jobs?employer_id={employer['id']}"
    tag = check(b.get(path), 200).headers["ETag"]
    make.job(status="published")  # empties every worker's cache
    time.sleep(0.2)
    before = workers(b)
    for _ in range(6):
        check(b.get(path, headers={"If-None-Match": tag}), 304)
    after = workers(b)
    misses = sum(after[w]["cache_misses"] - before[w]["cache_misses"]
                 for w in after)
    hits = sum(after[w]["cache_hits"] - before[w]["cache_hits"]
               for w in after)
    assert misses <= 2 and hits >= 4
