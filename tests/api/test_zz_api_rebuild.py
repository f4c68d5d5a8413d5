"""Schema api is rebuilt while the server is under load (runs late: zz).

scripts/migrate.sh with JOBBRO_API_REBUILD=1 writes every api function
again in place (same signatures), as a deploy that changes only function
bodies does. The server's prepared statements must survive it: no request
fails while it runs, and every kind of request keeps working after.
"""
import os
import subprocess
import threading
import time
from pathlib import Path

import pytest

from support import employer_body

REPO = Path(__file__).resolve().parents[2]
REBUILDS = 5
THREADS = 6


def migrate(**env):
    dsn = os.environ.get("JOBBRO_TEST_DSN")
    if not dsn:
        pytest.skip("JOBBRO_TEST_DSN is not set")
    return subprocess.run(["bash", str(REPO / "scripts/migrate.sh")],
                          env=dict(os.environ, DATABASE_URL=dsn, **env),
                          capture_output=True, text=True, timeout=120)


def test_api_rebuild_fails_no_request(api, make, admin):
    consultant = make.principal("consultant")
    job = make.job(status="published")
    seeker = make.seeker(by=consultant)
    calls = [
        lambda: (api.get("/v1/jobs", query={"limit": 5}), 200),
        lambda: (api.get(f"/v1/jobs/{job['id']}"), 200),
        lambda: (api.get("/v1/seekers", token=consultant.token), 200),
        lambda: (api.get(f"/v1/seekers/{seeker['id']}",
                         token=consultant.token), 200),
        lambda: (api.get("/v1/me", token=consultant.token), 200),
        lambda: (api.get("/v1/stats/overview", token=admin.token), 200),
        lambda: (api.post("/v1/employers", json=employer_body(),
                          token=admin.token), 201),
    ]
    done = threading.Event()
    failures, counts = [], [0] * THREADS

    def hammer(n):
        i = n
        while not done.is_set():
            resp, want = calls[i % len(calls)]()
            if resp.status != want:
                failures.append((resp.method, resp.path, resp.status,
                                 resp.raw[:200]))
            counts[n] += 1
            i += 1

    threads = [threading.Thread(target=hammer, args=(n,))
               for n in range(THREADS)]
    for t in threads:
        t.start()
    try:
        for _ in range(REBUILDS):
            time.sleep(0.2)
            before = sum(counts)
            r = migrate(JOBBRO_API_REBUILD="1")
            assert r.returncode == 0, r.stderr
            assert "rebuilt schema api in place" in r.stdout, r.stdout
            assert sum(counts) > before, "no request ran during a rebuild"
    finally:
        done.set()
        for t in threads:
            t.join()
    assert not failures, failures[:5]
    assert sum(counts) >= REBUILDS * len(calls)


def test_migrate_again_changes_nothing():
    r = migrate()
    assert r.returncode == 0, r.stderr
    assert r.stdout == "", r.stdout
