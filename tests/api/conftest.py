"""Fixtures of Jobbro's black-box HTTP tests.

Environment (set by scripts/test.sh):
  JOBBRO_BASE_URL        server, e.g. http://127.0.0.1:18123
  JOBBRO_ADMIN_EMAIL/PASSWORD  the bootstrap admin
  JOBBRO_SPEC            api-spec/openapi.yaml
  JOBBRO_TEST_DSN        libpq URL of the test database (row counts)
  JOBBRO_TEST_DB_STOP/START  shell commands (test_zz_db_down.py)
  JOBBRO_JWT_SECRET      the server's secret (hand-made tokens)
  JOBBRO_KORE_LOG        server log, shown when a test fails

Tests create their own data through the API, so they run in any order
against a database that holds only migrations and municipalities.
"""
import os
import warnings

import pytest

from support import (ANONYMOUS, Client, Principal, check, employer_body,
                     job_body, login, unique, unique_email)
from support import seeker_body

SCOPE_CODES = ["0101"]          # København: consultants' and partners' scope
OTHER_CODE = "0147"             # Frederiksberg: outside that scope
PASSWORD = "korrekt-hest-batteri"


def pytest_runtest_makereport(item, call):
    """Attach the end of the server log to failing tests."""
    log = os.environ.get("JOBBRO_KORE_LOG")
    if call.when != "call" or call.excinfo is None or not log:
        return
    try:
        with open(log, encoding="utf-8", errors="replace") as f:
            tail = f.readlines()[-30:]
    except OSError:
        return
    item.add_report_section("call", "server log (last 30 lines)",
                            "".join(tail))


@pytest.fixture(scope="session")
def api():
    return Client()


@pytest.fixture(scope="session")
def admin(api):
    email = os.environ.get("JOBBRO_ADMIN_EMAIL", "admin@jobbro.test")
    password = os.environ.get("JOBBRO_ADMIN_PASSWORD", "admin-password")
    tokens = login(api, email, password)
    me = check(api.get("/v1/me", token=tokens["access_token"]), 200).body
    return Principal("admin", tokens["access_token"], me["id"], email,
                     password, tokens.get("refresh_token"))


class Factory:
    """Creates users, employers and jobs through the API (as admin unless
    told otherwise), checking every response against the spec."""

    def __init__(self, api, admin):
        self.api = api
        self.admin = admin
        self._by_role = {}

    def employer(self, by=None, **fields):
        by = by or self.admin
        resp = check(self.api.post("/v1/employers", json=employer_body(
            **fields), token=by.token), 201)
        return resp.body

    def job(self, employer=None, by=None, status="draft", **fields):
        """A job of `employer` (a new one if None) in the employer's
        municipality; status draft, published or closed."""
        by = by or self.admin
        employer = employer or self.employer()
        fields.setdefault("municipality_code", employer["municipality_code"])
        resp = check(self.api.post("/v1/jobs", json=job_body(
            employer["id"], **fields), token=by.token), 201)
        job = resp.body
        if status in ("published", "closed"):
            job = self.move(job["id"], "publish", by)
        if status == "closed":
            job = self.move(job["id"], "close", by)
        return job

    def move(self, job_id, action, by=None):
        by = by or self.admin
        return check(self.api.post(f"/v1/jobs/{job_id}/{action}",
                                   token=by.token), 200).body

    def user(self, role, **fields):
        """A new user of `role`, logged in. Consultants and partners get
        municipality 0101; employer users a new employer there."""
        body = {"email": unique_email(role), "name": unique(role.title()),
                "role": role, "password": PASSWORD}
        if role in ("consultant", "partner"):
            body["municipality_codes"] = list(SCOPE_CODES)
        if role == "employer":
            body["employer_id"] = self.employer(
                municipality_code=SCOPE_CODES[0])["id"]
        body.update(fields)
        user = check(self.api.post("/v1/users", json=body,
                                   token=self.admin.token), 201).body
        tokens = login(self.api, body["email"], body["password"])
        return Principal(role, tokens["access_token"], user["id"],
                         body["email"], body["password"],
                         tokens.get("refresh_token"), user["employer_id"],
                         user["municipality_codes"])

    def seeker(self, by=None, **fields):
        """A new job seeker (seeker_body(**fields)), created by `by`
        (admin if None)."""
        by = by or self.admin
        return check(self.api.post("/v1/seekers", json=seeker_body(**fields),
                                   token=by.token), 201).body

    def principal(self, role):
        """A cached caller of `role` ('anonymous' has no token)."""
        if role == "anonymous":
            return ANONYMOUS
        if role == "admin":
            return self.admin
        if role not in self._by_role:
            self._by_role[role] = self.user(role)
        return self._by_role[role]

    def application(self, seeker=None, job=None, by=None, **fields):
        """A new application (status submitted) of `seeker` (a new one in
        0101 if None) to `job` (a new published job if None), created by
        `by` (admin if None); `fields` are extra body fields."""
        by = by or self.admin
        seeker = seeker or self.seeker()
        job = job or self.job(status="published")
        body = {"seeker_id": seeker["id"], "job_id": job["id"]}
        body.update(fields)
        return check(self.api.post("/v1/applications", json=body,
                                   token=by.token), 201).body

    def interview(self, application=None, by=None, starts_at=None,
                  ends_at=None, **fields):
        """A new scheduled interview for `application` (a new one if None;
        a submitted one is first moved to in_review), created by `by`
        (admin if None). Times default to 09:00-10:00Z on a random day in
        2027-2081; `fields` are extra body fields."""
        import random
        from datetime import datetime, timedelta, timezone
        by = by or self.admin
        application = application or self.application()
        if application["status"] == "submitted":
            application = check(self.api.post(
                f"/v1/applications/{application['id']}/transitions",
                json={"to": "in_review"}, token=by.token), 200).body
        if starts_at is None:
            start = datetime(2027, 1, 1, 9, tzinfo=timezone.utc) + \
                timedelta(days=random.randrange(20000))
            starts_at = start.strftime("%Y-%m-%dT%H:%M:%SZ")
            ends_at = ends_at or (start + timedelta(hours=1)).strftime(
                "%Y-%m-%dT%H:%M:%SZ")
        body = {"application_id": application["id"], "starts_at": starts_at,
                "ends_at": ends_at}
        body.update(fields)
        return check(self.api.post("/v1/interviews", json=body,
                                   token=by.token), 201).body

    def offered_application(self, seeker=None, job=None, positions=1,
                            employer=None, by=None):
        """A new application in status offered: of `seeker` (a new one in
        0101 if None) to `job` (a new published job of `employer` with
        `positions` positions if None), created by `by` (admin if None)
        and moved submitted -> in_review -> interview -> offered through
        POST /v1/applications/{id}/transitions as admin."""
        job = job or self.job(employer=employer, status="published",
                              positions=positions)
        application = self.application(seeker=seeker, job=job, by=by)
        for to in ("in_review", "interview", "offered"):
            application = check(self.api.post(
                f"/v1/applications/{application['id']}/transitions",
                json={"to": to}, token=self.admin.token), 200).body
        return application

    def placement(self, application=None, by=None, start_date=None,
                  **fields):
        """A new active placement (POST /v1/placements) for `application`
        (a new offered one if None), created by `by` (admin if None).
        start_date defaults to today (UTC; a start must lie within a year
        of today, and an end not after today); weekly_hours 12,
        hourly_wage_dkk 135.5 and job_type skaanejob unless `fields` say
        otherwise."""
        from datetime import datetime, timezone
        by = by or self.admin
        application = application or self.offered_application()
        if start_date is None:
            start_date = datetime.now(timezone.utc).date().isoformat()
        body = {"application_id": application["id"],
                "start_date": start_date, "weekly_hours": 12,
                "hourly_wage_dkk": 135.5, "job_type": "skaanejob"}
        body.update(fields)
        return check(self.api.post("/v1/placements", json=body,
                                   token=by.token), 201).body

    def fresh_municipality(self):
        """A municipality code that no seeker lives in yet and that no
        other test of this session has taken: statistics scoped to it (a
        partner's or consultant's municipality, a municipality_code
        filter) count only what the calling test puts there."""
        codes = [m["code"] for m in check(self.api.get(
            "/v1/municipalities", query={"limit": 100},
            token=self.admin.token), 200).body["data"]]
        for code in codes:
            if code in TAKEN_CODES or code in SCOPE_CODES + [OTHER_CODE]:
                continue
            TAKEN_CODES.add(code)
            if not check(self.api.get("/v1/seekers", query={
                    "municipality_code": code, "limit": 1},
                    token=self.admin.token), 200).body["data"]:
                return code
        pytest.skip("no municipality without seekers is left")


TAKEN_CODES = set()     # municipality codes handed out by fresh_municipality


@pytest.fixture(scope="session")
def make(api, admin):
    return Factory(api, admin)


@pytest.fixture(scope="session")
def as_role(make):
    """as_role('consultant') -> a cached Principal of that role."""
    return make.principal


class Database:
    """Direct reads of the test database, to prove bad input changed
    nothing."""

    def __init__(self, dsn):
        self.dsn = dsn

    def counts(self):
        import psycopg2
        conn = psycopg2.connect(self.dsn, connect_timeout=5)
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT (SELECT count(*) FROM employers),"
                            " (SELECT count(*) FROM jobs),"
                            " (SELECT count(*) FROM users)")
                e, j, u = cur.fetchone()
        finally:
            conn.close()
        return {"employers": e, "jobs": j, "users": u}

    def seekers_count(self):
        """Rows in seekers (kept apart from counts(), which other tests
        compare whole)."""
        import psycopg2
        conn = psycopg2.connect(self.dsn, connect_timeout=5)
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT count(*) FROM seekers")
                return cur.fetchone()[0]
        finally:
            conn.close()

    def applications_count(self):
        """Rows in applications and application_events (kept apart from
        counts(), which other tests compare whole)."""
        import psycopg2
        conn = psycopg2.connect(self.dsn, connect_timeout=5)
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT (SELECT count(*) FROM applications),"
                            " (SELECT count(*) FROM application_events)")
                a, e = cur.fetchone()
        finally:
            conn.close()
        return {"applications": a, "application_events": e}

    def placements_count(self):
        """Rows in placements and follow_ups (kept apart from counts(),
        which other tests compare whole)."""
        import psycopg2
        conn = psycopg2.connect(self.dsn, connect_timeout=5)
        try:
            with conn.cursor() as cur:
                cur.execute("SELECT (SELECT count(*) FROM placements),"
                            " (SELECT count(*) FROM follow_ups)")
                p, f = cur.fetchone()
        finally:
            conn.close()
        return {"placements": p, "follow_ups": f}


@pytest.fixture(scope="session")
def db():
    """The test database, or None when JOBBRO_TEST_DSN is not set (then
    "nothing changed" is checked through the API only)."""
    dsn = os.environ.get("JOBBRO_TEST_DSN")
    if not dsn:
        warnings.warn("JOBBRO_TEST_DSN is not set: row counts not checked")
        return None
    return Database(dsn)


@pytest.fixture(scope="session")
def jwt_secret():
    secret = os.environ.get("JOBBRO_JWT_SECRET")
    if not secret:
        pytest.skip("JOBBRO_JWT_SECRET is not set")
    return secret
