"""The read replica. scripts/test.sh makes a streaming standby of the test
cluster (pg_basebackup -R; JOBBRO_REPLICA_DSN as the superuser) and starts
one more Kore of the main server's settings that reads there
(JOBBRO_REPLICA_INSTANCE_URL; JOBBRO_DATABASE_READ_URL, allowed to lag
JOBBRO_REPLICA_MAX_LAG=1 s).

Which database answered shows in that instance's /metrics:
jobbro_replica_reads_total{served_by="replica"} counts reads the replica
answered, {served_by="primary",reason="behind"} those it could not because
it had not replayed the caller's own writes yet, reason="failed" those it
failed; jobbro_replica_usable and jobbro_replica_lag_seconds are the lag
monitor's verdict. Every test leaves the replica running and replaying
(the fixture `replica` sees to it), so the order of tests does not
matter."""
import os
import subprocess
import time

import pytest

from support import ANONYMOUS, Client, check
from test_metrics import scrape
from test_stats import Book
from test_webhooks import wait_for

URL = os.environ.get("JOBBRO_REPLICA_INSTANCE_URL")
DSN = os.environ.get("JOBBRO_REPLICA_DSN")
pytestmark = pytest.mark.skipif(
    not (URL and DSN), reason="JOBBRO_REPLICA_INSTANCE_URL not set")

SERVED = ("jobbro_replica_reads_total", {"served_by": "replica"})
BEHIND = ("jobbro_replica_reads_total",
          {"served_by": "primary", "reason": "behind"})
FAILED = ("jobbro_replica_reads_total",
          {"served_by": "primary", "reason": "failed"})


def replica_sql(query):
    import psycopg2
    conn = psycopg2.connect(DSN, connect_timeout=5)
    try:
        conn.autocommit = True
        with conn.cursor() as cur:
            cur.execute(query)
            return cur.fetchall() if cur.description else None
    finally:
        conn.close()


def replica_up():
    try:
        replica_sql("SELECT 1")
        return True
    except Exception:
        return False


def shell(what):
    subprocess.run(os.environ[what], shell=True, check=True,
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                   timeout=90)


class Replica:
    """The instance that reads from the replica, and the replica."""

    def __init__(self):
        self.api = Client(URL)

    def metric(self, which):
        name, labels = which
        return scrape(self.api).get(name, **labels)

    def usable(self):
        return scrape(self.api).get("jobbro_replica_usable") == 1

    def wait_usable(self, usable=True, timeout=60):
        """Until the monitor's verdict is `usable`, and reads follow it:
        with two workers, each has its own monitor, so until four
        anonymous reads in a row all go (or none goes) to the replica."""
        def settled():
            if self.usable() != usable:
                return False
            before = self.metric(SERVED)
            for _ in range(4):
                check(self.api.get("/v1/municipalities/0101"), 200)
            served = self.metric(SERVED) - before
            return served == 4 if usable else served == 0
        wait_for(settled, timeout=timeout, interval=0.2)

    def pause(self):
        replica_sql("SELECT pg_wal_replay_pause()")

    def resume(self):
        replica_sql("SELECT pg_wal_replay_resume()")

    def restore(self):
        if not replica_up():
            shell("JOBBRO_REPLICA_START")
            wait_for(replica_up, timeout=60, interval=0.2)
        self.resume()


@pytest.fixture
def replica():
    r = Replica()
    r.restore()
    r.wait_usable()
    yield r
    r.restore()
    r.wait_usable()


def caught_up():
    """Wait until the replica has replayed the primary's WAL as it is now
    (after the change notices of what the test did have gone out)."""
    import psycopg2
    time.sleep(0.2)
    conn = psycopg2.connect(os.environ["JOBBRO_TEST_DSN"], connect_timeout=5)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT pg_current_wal_insert_lsn()::text")
            lsn = cur.fetchone()[0]
    finally:
        conn.close()
    wait_for(lambda: replica_sql(
        f"SELECT pg_last_wal_replay_lsn() >= '{lsn}'::pg_lsn")[0][0],
        timeout=30, interval=0.1)


def primary_write(make):
    """Something the primary writes (its WAL moves on)."""
    return make.employer()


# --- anonymous reads ---------------------------------------------------------

def test_anonymous_reads_are_served_by_the_replica(api, make, replica):
    """The job board's public reads and the municipalities come from the
    replica, with the bytes the primary instance sends."""
    job = make.job(status="published")
    paths = ["/v1/jobs?limit=5", f"/v1/jobs/{job['id']}",
             "/v1/feeds/jobs.jsonld?limit=3", "/v1/municipalities?limit=5",
             "/v1/municipalities/0147"]
    # The job's notice emptied the instance's cache; once the replica has
    # replayed past it, each first read (a cache miss) goes there.
    caught_up()
    before = replica.metric(SERVED)

    here = URL.split("//", 1)[1].encode()
    there = os.environ["JOBBRO_BASE_URL"].split("//", 1)[1].encode()

    def same():
        for path in paths:
            mine = check(replica.api.get(path), 200)
            theirs = check(api.get(path), 200)
            if b"/v1/feeds/" in path.encode():
                # The feed's URLs name the host that was asked.
                if mine.raw.replace(here, there) != theirs.raw:
                    return False
            elif mine.raw != theirs.raw or \
                    mine.headers.get("ETag") != theirs.headers.get("ETag"):
                return False
        return True
    wait_for(same, timeout=30, interval=0.2)
    assert replica.metric(SERVED) - before >= len(paths)
    assert replica.metric(FAILED) == 0


def test_lag_is_shown(replica):
    m = scrape(replica.api)
    assert m.get("jobbro_replica_usable") == 1
    assert 0 <= m.get("jobbro_replica_lag_seconds") <= 1


def test_lagging_replica_is_left_for_the_primary(api, make, replica):
    """Replay paused: anonymous reads stay on the replica while it is no
    more than 1 s behind; once the primary has written and the replica is
    further behind, they go to the primary and see the new job at once.
    Replay resumed, they come back."""
    def attempt():
        before = replica.metric(SERVED)
        check(replica.api.get("/v1/jobs?limit=1"), 200)
        return replica.metric(SERVED) == before + 1
    paused_until(replica, lambda: None, lambda _: attempt())

    job = make.job(status="published")
    replica.wait_usable(False, timeout=30)
    assert scrape(replica.api).get("jobbro_replica_lag_seconds") > 1
    before = replica.metric(SERVED)
    got = check(replica.api.get(f"/v1/jobs/{job['id']}"), 200).body
    assert got["id"] == job["id"]
    assert replica.metric(SERVED) == before

    replica.resume()
    replica.wait_usable(True, timeout=30)
    assert check(replica.api.get(f"/v1/jobs/{job['id']}"), 200).body["id"] \
        == job["id"]


def test_the_cache_never_fills_from_a_replica_behind_its_last_change(
        api, admin, make, replica):
    """The public-read cache and the replica together: with replay paused,
    change a published job through the primary instance; once the change
    notice has arrived, anonymous reads through the replica's instance
    (cache misses, then hits) all see the change. A miss is read from the
    replica only if it has replayed the primary's WAL position taken
    after the notice (src/listen.c), else from the primary (BEHIND); the
    cache never keeps the replica's older answer."""
    def attempt(job):
        path = f"/v1/jobs/{job['id']}"
        before = replica.metric(BEHIND)
        cur = check(api.get(path, token=admin.token), 200)
        title = f"Kantinemedhjælper {os.urandom(4).hex()}"
        check(api.patch(path, json={"title": title}, token=admin.token,
                        headers={"If-Match": cur.headers["ETag"]}), 200)
        time.sleep(0.2)  # the notice crosses to the other instance
        for _ in range(4):  # both workers: a miss each, then hits
            assert check(replica.api.get(path), 200).body["title"] == title
        return replica.metric(BEHIND) > before
    paused_until(replica, lambda: make.job(status="published"), attempt)


# --- callers with a token read their own writes ------------------------------

def paused_until(replica, prepare, attempt, tries=5):
    """With replay resumed and the replica in use, run prepare(), pause
    replay and run attempt(prepare's value) until it returns true: on a
    loaded machine more than the allowed lag (1 s) may pass between the
    pause and the reads, and then the primary answers them instead."""
    for _ in range(tries):
        replica.resume()
        replica.wait_usable()
        value = prepare()
        replica.pause()
        if attempt(value):
            return
    pytest.fail(f"{tries} tries never reached the paused replica in time")


def behind(replica, write_and_read):
    """write_and_read() and whether one of its reads found the replica
    behind the caller's writes (then the primary answered)."""
    before = replica.metric(BEHIND)
    write_and_read()
    return replica.metric(BEHIND) > before


def test_a_consultant_reads_its_own_job_update(api, as_role, make, replica):
    """PATCH a job (through the primary instance), then GET it with the
    same token from the replica's instance at once: the new title, though
    the replica has not replayed it."""
    consultant = as_role("consultant")
    job = make.job(by=consultant)

    def write_and_read():
        title = f"Pakkemedhjælper {os.urandom(4).hex()}"
        check(api.patch(f"/v1/jobs/{job['id']}", json={"title": title},
                        token=consultant.token), 200)
        got = check(replica.api.get(f"/v1/jobs/{job['id']}",
                                    token=consultant.token), 200).body
        assert got["title"] == title
        listed = check(replica.api.get("/v1/jobs", query={"limit": 100},
                                       token=consultant.token), 200).body
        assert title in [j["title"] for j in listed["data"]]
    paused_until(replica, lambda: None,
                 lambda _: behind(replica, write_and_read))


def test_a_hire_shows_in_the_statistics_at_once(api, make, replica):
    """Hire (an offered application made beforehand), then GET
    /v1/stats/overview with the consultant's token from the replica's
    instance at once: the placement is counted."""
    book = Book(api, make)

    def prepare():
        application = book.offered(book.seeker("0101"))
        counted = check(api.get("/v1/stats/overview",
                                token=book.eye.token), 200).body
        return application, counted["active_placements"]

    def attempt(prepared):
        application, active = prepared

        def write_and_read():
            make.placement(application=application)
            got = check(replica.api.get("/v1/stats/overview",
                                        token=book.eye.token), 200).body
            assert got["active_placements"] == active + 1
            theirs = check(api.get("/v1/stats/overview",
                                   token=book.eye.token), 200).body
            got.pop("as_of", None)
            theirs.pop("as_of", None)
            assert got == theirs
        return behind(replica, write_and_read)
    paused_until(replica, prepare, attempt)


def test_a_caught_up_replica_answers_callers_with_a_token(api, as_role,
                                                          replica):
    """Once the replica has replayed what the primary had (WAL is shipped
    as the primary flushes it), a caller with a token is answered there,
    with the bytes the primary instance sends."""
    consultant = as_role("consultant")

    def served():
        before = replica.metric(SERVED)
        mine = check(replica.api.get("/v1/jobs", query={"limit": 5},
                                     token=consultant.token), 200)
        theirs = check(api.get("/v1/jobs", query={"limit": 5},
                               token=consultant.token), 200)
        assert mine.raw == theirs.raw
        return replica.metric(SERVED) == before + 1
    wait_for(served, timeout=30, interval=0.2)


# --- the replica down --------------------------------------------------------

def test_reads_go_on_while_the_replica_is_down(api, as_role, make, replica):
    """pg_ctl stop -m fast: every read is answered (200) by the primary,
    from the first one on; after the restart the replica is used again."""
    consultant = as_role("consultant")
    job = make.job(status="published")
    shell("JOBBRO_REPLICA_STOP")
    for _ in range(3):
        for who in (ANONYMOUS, consultant):
            check(replica.api.get(f"/v1/jobs/{job['id']}",
                                  token=who.token), 200)
            check(replica.api.get("/v1/jobs", query={"limit": 2},
                                  token=who.token), 200)
        check(replica.api.get("/v1/municipalities/0101"), 200)
    replica.wait_usable(False, timeout=30)
    primary_write(make)
    check(replica.api.get(f"/v1/jobs/{job['id']}"), 200)

    shell("JOBBRO_REPLICA_START")
    replica.wait_usable(True, timeout=60)
    before = replica.metric(SERVED)
    check(replica.api.get("/v1/municipalities/0101"), 200)
    assert replica.metric(SERVED) == before + 1


def test_every_replica_endpoint_may_be_read_through_the_guard():
    """api.replica_read calls only the functions on its list: every
    endpoint flagged JB_EP_REPLICA must be on it (else callers with a
    token would always fall back to the primary), and nothing else."""
    import re
    root = os.path.join(os.path.dirname(__file__), "..", "..")
    flagged = set()
    endpoints = os.path.join(root, "src", "endpoints")
    for name in os.listdir(endpoints):
        with open(os.path.join(endpoints, name), encoding="utf-8") as f:
            for entry in f.read().split("{ .method")[1:]:
                if "JB_EP_REPLICA" in entry:
                    flagged.add(re.search(r'\.function = "(\w+)"',
                                          entry).group(1))
    with open(os.path.join(root, "sql", "api", "replica.sql"),
              encoding="utf-8") as f:
        listed = re.search(r"ARRAY\[([^\]]*)\]", f.read()).group(1)
    assert set(re.findall(r"'(\w+)'", listed)) == flagged
