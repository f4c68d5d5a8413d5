"""The database goes away and comes back (runs last: zz).

While PostgreSQL is down, requests that need it answer 503 problem+json
with Retry-After within a second, /readyz is 503 and /healthz stays 200.
When it is back, requests succeed again within 10 s without restarting
the server.
"""
import os
import subprocess
import time

import pytest

from support import check, problem_slug

FAST = 1.0          # seconds a 503 may take
RECOVERY = 10.0     # seconds until requests succeed again


def run(env_name):
    command = os.environ.get(env_name)
    if not command:
        pytest.skip(f"{env_name} is not set")
    subprocess.run(command, shell=True, check=True, timeout=60,
                   stdout=subprocess.DEVNULL)


def timed(call):
    start = time.monotonic()
    resp = call()
    return resp, time.monotonic() - start


def assert_fast_503(resp, elapsed):
    check(resp, 503)
    assert problem_slug(resp) == "service-unavailable"
    assert elapsed < FAST, f"503 took {elapsed:.2f} s"


class Database:
    """Stops PostgreSQL; start() brings it back (once)."""

    def __init__(self):
        run("JOBBRO_TEST_DB_STOP")
        self.down = True

    def start(self):
        if self.down:
            self.down = False
            run("JOBBRO_TEST_DB_START")


@pytest.fixture
def database(api, admin):
    for name in ("JOBBRO_TEST_DB_STOP", "JOBBRO_TEST_DB_START"):
        if not os.environ.get(name):
            pytest.skip(f"{name} is not set")
    check(api.get("/readyz"), 200)
    database = Database()
    try:
        yield database
    finally:
        database.start()


def test_database_outage_and_recovery(api, admin, database):
    # Several tries: the first may meet a pooled connection that only now
    # finds out the server is gone; none may hang.
    for _ in range(3):
        assert_fast_503(*timed(lambda: api.get("/v1/jobs")))
    assert_fast_503(*timed(lambda: api.get("/v1/employers",
                                           token=admin.token)))
    assert_fast_503(*timed(lambda: api.get("/v1/municipalities/0101")))
    assert_fast_503(*timed(lambda: api.post("/v1/auth/token", json={
        "grant_type": "password", "username": admin.email,
        "password": admin.password})))
    assert_fast_503(*timed(lambda: api.get("/readyz")))
    check(api.get("/healthz"), 200)

    database.start()
    deadline = time.monotonic() + RECOVERY
    while True:
        resp = api.get("/v1/jobs")
        if resp.status == 200 or time.monotonic() > deadline:
            break
        check(resp, 503)
        time.sleep(0.2)
    check(resp, 200)
    check(api.get("/readyz"), 200)
    check(api.get("/v1/employers", token=admin.token), 200)
