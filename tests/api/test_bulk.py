"""Bulk: POST /v1/seekers/batch and /v1/jobs/batch (per-item results,
?atomic=true), and every list as an NDJSON or CSV export (all rows in
scope, streamed with bounded memory)."""
import csv
import http.client
import io
import json
import os
import urllib.parse
import uuid

import pytest

from conftest import OTHER_CODE
from support import BASE_URL, check, job_body, seeker_body

NDJSON = {"Accept": "application/x-ndjson"}
CSV = {"Accept": "text/csv"}


def batch(api, what, items, who, **kw):
    return api.post(f"/v1/{what}/batch", json={"items": items},
                    token=who.token, **kw)


# --- batch create -------------------------------------------------------------

def test_seekers_batch_answers_per_item(api, admin, db):
    before = db.seekers_count() if db else None
    items = [seeker_body(),
             seeker_body(first_name=None) | {"shoe_size": 44},
             seeker_body(municipality_code="0999"),
             seeker_body()]
    del items[1]["first_name"]
    body = check(batch(api, "seekers", items, admin), 200).body
    results = body["results"]
    assert [r["index"] for r in results] == [0, 1, 2, 3]
    assert [r["status"] for r in results] == [201, 422, 422, 201]
    assert {(e["field"], e["code"]) for e in results[1]["errors"]} == {
        ("first_name", "required"), ("shoe_size", "unknown_field")}
    assert [(e["field"], e["code"]) for e in results[2]["errors"]] == [
        ("municipality_code", "not_found")]
    for r, item in ((results[0], items[0]), (results[3], items[3])):
        got = check(api.get(f"/v1/seekers/{r['id']}", token=admin.token),
                    200).body
        assert got["last_name"] == item["last_name"]
    if db:
        assert db.seekers_count() == before + 2


def test_atomic_batch_stores_nothing_when_an_item_fails(api, admin, db):
    before = db.seekers_count() if db else None
    good = seeker_body()
    bad = seeker_body(birth_date="2030-01-01")
    resp = check(batch(api, "seekers", [good, bad], admin,
                       query={"atomic": "true"}), 422)
    assert [e["field"] for e in resp.body["errors"]] == ["items[1].birth_date"]
    results = resp.body["results"]
    assert results[0]["status"] == 424 and "id" not in results[0]
    assert results[0]["errors"][0]["code"] == "not_stored"
    assert results[1]["status"] == 422
    found = check(api.get("/v1/seekers", query={"q": good["last_name"]},
                          token=admin.token), 200).body["data"]
    assert found == []
    if db:
        assert db.seekers_count() == before


def test_atomic_batch_of_valid_items_stores_all(api, admin):
    items = [seeker_body() for _ in range(3)]
    body = check(batch(api, "seekers", items, admin,
                       query={"atomic": "true"}), 200).body
    assert [r["status"] for r in body["results"]] == [201] * 3
    for r in body["results"]:
        check(api.get(f"/v1/seekers/{r['id']}", token=admin.token), 200)


def test_atomic_batch_reports_invalid_items_as_a_problem(api, admin, db):
    before = db.counts() if db else None
    employer = {"id": str(uuid.uuid4())}
    resp = check(batch(api, "jobs", [job_body(employer["id"]),
                                     {"title": ""}], admin,
                       query={"atomic": "true"}), 422)
    fields = {e["field"] for e in resp.body["errors"]}
    assert "items[0].employer_id" in fields
    assert "items[1].title" in fields and "items[1].job_type" in fields
    if db:
        assert db.counts() == before


def test_jobs_batch_checks_each_items_scope(api, make, as_role):
    consultant = as_role("consultant")
    employer = make.employer()
    own = job_body(employer["id"])
    foreign = job_body(employer["id"], municipality_code=OTHER_CODE)
    body = check(batch(api, "jobs", [own, foreign], consultant), 200).body
    assert [r["status"] for r in body["results"]] == [201, 422]
    assert body["results"][1]["errors"][0]["code"] == "out_of_scope"
    job = check(api.get(f"/v1/jobs/{body['results'][0]['id']}",
                        token=consultant.token), 200).body
    assert job["title"] == own["title"] and job["status"] == "draft"


@pytest.mark.parametrize("payload,code", [
    ({"items": []}, "too_short"),
    ({}, "required"),
    ({"items": {"a": 1}}, "invalid_type"),
])
def test_batch_without_items_is_refused(api, admin, db, payload, code):
    before = db.counts() if db else None
    resp = check(api.post("/v1/jobs/batch", json=payload,
                          token=admin.token), 422)
    assert resp.field_errors() == {"items": code}
    if db:
        assert db.counts() == before


def test_batch_over_1000_items_is_refused(api, admin, db):
    before = db.seekers_count() if db else None
    item = {"first_name": "A", "last_name": "B", "birth_date": "1990-01-01",
            "municipality_code": "0101",
            "consents": {"processing": True, "share_with_employers": False}}
    resp = check(api.post("/v1/seekers/batch", json={"items": [item] * 1001},
                          token=admin.token), 422)
    assert resp.field_errors() == {"items": "too_long"}
    if db:
        assert db.seekers_count() == before


def test_batch_over_the_body_limit_is_413(api, admin, db):
    before = db.seekers_count() if db else None
    item = seeker_body(support_needs=["x" * 190] * 20)
    resp = check(api.post("/v1/seekers/batch",
                          json={"items": [item] * 300},
                          token=admin.token), 413)
    assert resp.body["status"] == 413
    if db:
        assert db.seekers_count() == before


def test_batch_unknown_top_level_field_is_422(api, admin):
    resp = check(api.post("/v1/seekers/batch", json={
        "items": [seeker_body()], "atomic": True}, token=admin.token), 422)
    assert resp.field_errors() == {"atomic": "unknown_field"}


def test_batch_is_idempotent(api, admin):
    key = str(uuid.uuid4())
    items = [seeker_body()]
    first = check(batch(api, "seekers", items, admin,
                        headers={"Idempotency-Key": key}), 200).body
    again = check(batch(api, "seekers", items, admin,
                        headers={"Idempotency-Key": key}), 200).body
    assert again == first
    found = check(api.get("/v1/seekers", query={"q": items[0]["last_name"]},
                          token=admin.token), 200).body["data"]
    assert len(found) == 1


def test_batch_roles(api, as_role):
    employer = as_role("employer")
    check(batch(api, "seekers", [seeker_body()], employer), 403)
    check(api.post("/v1/seekers/batch", json={"items": [seeker_body()]}),
          401)


# --- export -------------------------------------------------------------------

def json_list(api, path, who, **query):
    query.setdefault("limit", 100)
    return check(api.get(path, query=query, token=who.token), 200).body


def test_ndjson_export_has_every_row_of_the_list(api, admin, make):
    employer = make.employer()
    jobs = [make.job(employer) for _ in range(3)]
    resp = check(api.get("/v1/jobs", query={"employer_id": employer["id"],
                                            "limit": 1},
                         token=admin.token, headers=NDJSON), 200)
    assert resp.headers["Content-Type"] == "application/x-ndjson"
    assert resp.headers["Transfer-Encoding"] == "chunked"
    assert "Link" not in resp.headers
    assert resp.body.endswith("\n")
    rows = [json.loads(line) for line in resp.body.splitlines()]
    listed = json_list(api, "/v1/jobs", admin,
                       employer_id=employer["id"])["data"]
    assert rows == listed
    assert {r["id"] for r in rows} == {j["id"] for j in jobs}


def test_export_keeps_filters_and_scope(api, admin, make, as_role):
    consultant = as_role("consultant")
    mine = make.seeker(by=consultant)
    other = make.seeker(municipality_code=OTHER_CODE)
    resp = check(api.get("/v1/seekers", query={"q": "Nielsen"},
                         token=consultant.token, headers=NDJSON), 200)
    ids = {json.loads(line)["id"] for line in resp.body.splitlines()}
    assert mine["id"] in ids and other["id"] not in ids
    resp = check(api.get("/v1/seekers", query={
        "q": mine["last_name"]}, token=consultant.token, headers=CSV), 200)
    rows = list(csv.DictReader(io.StringIO(resp.body)))
    assert [r["id"] for r in rows] == [mine["id"]]
    check(api.get("/v1/seekers", token=as_role("employer").token,
                  headers=CSV), 403)


def test_export_bad_query_is_a_problem(api, admin):
    resp = check(api.get("/v1/jobs", query={"status": "nope"},
                         token=admin.token, headers=CSV), 400)
    assert resp.field_errors() == {"status": "invalid_value"}


def test_csv_export_is_rfc4180(api, admin, make):
    employer = make.employer()
    tricky = 'Kok, "køkken"\nhjælper'
    formula = '=HYPERLINK("http://evil.test")'
    a = make.job(employer, title=tricky, supervisor_name=formula,
                 hourly_wage_dkk=135.3, location=None)
    b = make.job(employer, tasks=[], schedule=None)
    resp = check(api.get("/v1/jobs", query={"employer_id": employer["id"]},
                         token=admin.token,
                         headers={"Accept": "text/csv",
                                  "Connection": "close"}), 200)
    assert resp.media_type == "text/csv"
    assert resp.raw.count(b"\r\n") == 3      # header and 2 rows
    listed = json_list(api, "/v1/jobs", admin,
                       employer_id=employer["id"])["data"]
    reader = csv.reader(io.StringIO(resp.body, newline=""))
    header = next(reader)
    assert header == list(listed[0].keys())
    rows = [dict(zip(header, r)) for r in reader]
    assert [r["id"] for r in rows] == [j["id"] for j in listed]
    by_id = {r["id"]: r for r in rows}
    ra, rb = by_id[a["id"]], by_id[b["id"]]
    assert ra["title"] == tricky
    assert ra["supervisor_name"] == "'" + formula
    assert ra["hourly_wage_dkk"] == "135.3"
    assert ra["location"] == ""
    assert json.loads(ra["tasks"]) == a["tasks"]
    assert ra["single_supervisor"] == "true"
    assert rb["tasks"] == "[]" and rb["schedule"] == ""
    assert json.loads(rb["location"]) == b["location"]
    assert ra["positions"] == "1"


def test_csv_export_of_nothing_is_empty(api, admin):
    resp = api.get("/v1/jobs", query={"employer_id": str(uuid.uuid4())},
                   token=admin.token, headers=CSV)
    assert resp.status == 200 and resp.media_type == "text/csv"
    assert resp.raw == b""


def test_accept_picks_the_preferred_format(api, admin, make):
    employer = make.employer()
    make.job(employer)
    q = {"employer_id": employer["id"]}
    resp = api.get("/v1/jobs", query=q, token=admin.token, headers={
        "Accept": "text/csv;q=0.5, application/x-ndjson"})
    assert check(resp, 200).media_type == "application/x-ndjson"
    resp = api.get("/v1/jobs", query=q, token=admin.token, headers={
        "Accept": "application/json, text/csv"})
    assert check(resp, 200).media_type == "application/json"
    resp = api.get("/v1/jobs/" + str(uuid.uuid4()), token=admin.token,
                   headers=CSV)
    assert check(resp, 404).media_type == "application/problem+json"


# --- a large export keeps the worker's memory flat -----------------------------

ROWS = 50_000


def _server_pids():
    """The processes holding the server's listening socket (Kore's
    workers and parent)."""
    port = urllib.parse.urlsplit(BASE_URL).port or 80
    inodes = set()
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        try:
            with open(table) as f:
                next(f)
                for line in f:
                    cols = line.split()
                    if cols[3] == "0A" and \
                            int(cols[1].rsplit(":", 1)[1], 16) == port:
                        inodes.add(cols[9])
        except OSError:
            continue
    pids = set()
    for pid in filter(str.isdigit, os.listdir("/proc")):
        try:
            fds = os.listdir(f"/proc/{pid}/fd")
            for fd in fds:
                link = os.readlink(f"/proc/{pid}/fd/{fd}")
                if link.startswith("socket:[") and link[8:-1] in inodes:
                    pids.add(pid)
                    break
        except OSError:
            continue
    return pids


def _rss_kib(pids):
    total = 0
    for pid in pids:
        with open(f"/proc/{pid}/status") as f:
            for line in f:
                if line.startswith("VmRSS:"):
                    total += int(line.split()[1])
    return total


@pytest.fixture
def many_jobs(admin, make):
    """ROWS draft jobs of one new employer, written straight into the
    table (triggers off: no audit or events rows); removed afterwards."""
    dsn = os.environ.get("JOBBRO_TEST_DSN")
    if not dsn:
        pytest.skip("JOBBRO_TEST_DSN is not set")
    import psycopg2
    employer = make.employer()
    conn = psycopg2.connect(dsn, connect_timeout=5)
    conn.autocommit = True
    try:
        with conn.cursor() as cur:
            cur.execute("SET session_replication_role = replica")
            cur.execute(
                "INSERT INTO jobs (employer_id, title, description, "
                "job_type, weekly_hours, municipality_code, status) "
                "SELECT %s, 'Opvasker ' || i, 'Opvask og klargøring, "
                "tre timer om dagen, fast makker.', CASE WHEN i %% 10 = 0 "
                "THEN 'fleksjob' ELSE 'skaanejob' END, 12, '0101', "
                "'draft' FROM generate_series(1, %s) i",
                (employer["id"], ROWS))
        yield employer
    finally:
        with conn.cursor() as cur:
            cur.execute("SET session_replication_role = replica")
            cur.execute("DELETE FROM jobs WHERE employer_id = %s",
                        (employer["id"],))
        conn.close()


def _export_lines(token, employer_id, extra=""):
    """Stream the NDJSON export, keeping only the ids."""
    u = urllib.parse.urlsplit(BASE_URL)
    conn = http.client.HTTPConnection(u.hostname, u.port or 80, timeout=300)
    try:
        conn.request("GET", "/v1/jobs?employer_id=" + employer_id + extra,
                     headers={"Authorization": f"Bearer {token}",
                              "Accept": "application/x-ndjson"})
        resp = conn.getresponse()
        assert resp.status == 200
        ids, tail = set(), b""
        while True:
            block = resp.read(1 << 16)
            if not block:
                break
            lines = (tail + block).split(b"\n")
            tail = lines.pop()
            for line in lines:
                ids.add(json.loads(line)["id"])
        assert tail == b""
        return ids
    finally:
        conn.close()


def test_large_export_streams_with_flat_memory(admin, many_jobs):
    pids = _server_pids()
    if not pids:
        pytest.skip("cannot see the server's processes")
    # Warm up every worker's pool and allocator (and ASan's quarantine)
    # with a tenth of it (either worker may serve a request).
    for _ in range(4):
        assert len(_export_lines(admin.token, many_jobs["id"],
                                 "&job_type=fleksjob")) == ROWS // 10
    before = _rss_kib(pids)
    ids = _export_lines(admin.token, many_jobs["id"])
    after = _rss_kib(pids)
    assert len(ids) == ROWS
    grown = (after - before) / 1024
    assert grown < 20, f"the workers grew by {grown:.1f} MiB"


def test_client_leaving_mid_export_is_harmless(api, admin, many_jobs):
    u = urllib.parse.urlsplit(BASE_URL)
    for _ in range(3):
        conn = http.client.HTTPConnection(u.hostname, u.port or 80,
                                          timeout=60)
        conn.request("GET", "/v1/jobs?employer_id=" + many_jobs["id"],
                     headers={"Authorization": f"Bearer {admin.token}",
                              "Accept": "text/csv"})
        resp = conn.getresponse()
        assert resp.status == 200
        assert resp.read(100_000).startswith(b"id,")
        conn.close()
    check(api.get("/v1/jobs", query={"employer_id": many_jobs["id"],
                                     "limit": 1}, token=admin.token), 200)


def test_http10_export_ends_with_the_connection(api, admin, make):
    """HTTP/1.0 has no chunks: the body is the rows, then the close."""
    import socket
    employer = make.employer()
    jobs = [make.job(employer) for _ in range(2)]
    u = urllib.parse.urlsplit(BASE_URL)
    with socket.create_connection((u.hostname, u.port or 80),
                                  timeout=30) as s:
        s.sendall((f"GET /v1/jobs?employer_id={employer['id']} HTTP/1.0\r\n"
                   f"Host: {u.hostname}\r\n"
                   f"Authorization: Bearer {admin.token}\r\n"
                   "Accept: application/x-ndjson\r\n\r\n").encode())
        raw = b""
        while True:
            block = s.recv(65536)
            if not block:
                break
            raw += block
    head, _, body = raw.partition(b"\r\n\r\n")
    assert head.startswith(b"HTTP/1.") and b" 200 " in head.split(b"\r\n")[0]
    assert b"transfer-encoding" not in head.lower()
    ids = {json.loads(line)["id"] for line in body.decode().splitlines()}
    assert ids == {j["id"] for j in jobs}
