"""Liveness, readiness, the served contract, routing errors, request ids."""
import json
import os
import re

import pytest

from support import check, problem_slug, spec


def test_healthz_answers_ok(api):
    assert check(api.get("/healthz"), 200).body == {"status": "ok"}


def test_readyz_answers_ready(api):
    assert check(api.get("/readyz"), 200).body == {"status": "ready"}


def test_metrics_count_requests_across_workers(api):
    before = check(api.get("/metrics"), 200).body
    for _ in range(6):      # enough to land on every worker
        check(api.get("/v1/municipalities/0101"), 200)
    after = check(api.get("/metrics"), 200).body
    line = re.compile(r'^jobbro_http_requests_total\{method="GET",'
                      r'route="/v1/municipalities/\{code\}",code="2xx"\} '
                      r'(\d+)$', re.M)
    count = lambda text: int(m.group(1)) if (m := line.search(text)) else 0
    assert count(after) - count(before) == 6
    assert "# TYPE jobbro_request_duration_seconds histogram" in after
    assert ('jobbro_request_duration_seconds_bucket{method="GET",'
            'route="/v1/municipalities/{code}",le="+Inf"}') in after


def test_openapi_json_is_the_spec(api):
    served = check(api.get("/v1/openapi.json"), 200).body
    # YAML → JSON: what a JSON client sees of the YAML document.
    expected = json.loads(json.dumps(spec().doc, default=str))
    # ... but for its servers: this server's own URL (src/endpoints/docs.c).
    host = f"{api.host}:{api.port}"
    expected["servers"] = [{"url": f"http://{host}",
                            "description": "This server"}]
    assert served == expected


@pytest.mark.parametrize("path", ["/v1/nope", "/nope", "/v1/jobs/x/y/z",
                                  "/v2/jobs", "/v1/jobs/"])
def test_unknown_path_is_404_problem(api, path):
    resp = check(api.get(path), 404)
    assert problem_slug(resp) == "not-found"


@pytest.mark.parametrize("method, path, allowed", [
    ("DELETE", "/healthz", {"GET"}),
    ("POST", "/v1/municipalities", {"GET"}),
    ("PUT", "/v1/jobs", {"GET", "POST"}),
    ("POST", "/v1/jobs/7c9e6679-7425-40de-944b-e07fc1f90ae7",
     {"GET", "PATCH", "DELETE"}),
    ("GET", "/v1/jobs/7c9e6679-7425-40de-944b-e07fc1f90ae7/publish",
     {"POST"}),
    ("GET", "/v1/auth/token", {"POST"}),
    ("DELETE", "/v1/users", {"GET", "POST"}),
])
def test_wrong_method_is_405_with_allow(api, admin, method, path, allowed):
    resp = check(api.request(method, path, token=admin.token), 405)
    assert problem_slug(resp) == "method-not-allowed"
    got = {m.strip().upper() for m in resp.headers["Allow"].split(",")}
    # HEAD/OPTIONS may be offered too; the documented methods must be.
    assert allowed <= got <= allowed | {"HEAD", "OPTIONS"}


@pytest.mark.parametrize("rid", ["abc-123", "req.7:x_Y-9",
                                 "0f8fad5b-d9cb-469f-a165-70867728950e",
                                 "a" * 128],
                         ids=["plain", "punctuation", "uuid", "128-chars"])
def test_sane_request_id_is_echoed(api, rid):
    resp = check(api.get("/healthz", headers={"X-Request-Id": rid}), 200)
    assert resp.headers["X-Request-Id"] == rid


@pytest.mark.parametrize("rid", ["has space", "a" * 129, "<script>",
                                 "semi;colon", "quote\"d", "a/b"],
                         ids=["space", "129-chars", "script", "semicolon",
                              "quote", "slash"])
def test_insane_request_id_is_replaced(api, rid):
    resp = check(api.get("/healthz", headers={"X-Request-Id": rid}), 200)
    assert resp.headers["X-Request-Id"] != rid


def test_problem_repeats_the_echoed_request_id(api):
    resp = check(api.get("/v1/nope", headers={"X-Request-Id": "trace-42"}),
                 404)
    assert resp.body["request_id"] == "trace-42"


def test_request_ids_are_unique(api):
    ids = {check(api.get("/healthz"), 200).headers["X-Request-Id"]
           for _ in range(5)}
    assert len(ids) == 5


def test_server_log_has_no_ignored_config_directives():
    """Kore only prints `ignoring "x"` for an unknown directive."""
    log = os.environ.get("JOBBRO_KORE_LOG")
    if not log or not os.path.exists(log):
        pytest.skip("JOBBRO_KORE_LOG is not set")
    with open(log, encoding="utf-8", errors="replace") as f:
        bad = [line for line in f if re.search(r'ignoring "', line)]
    assert not bad, "".join(bad)


def test_log_lines_are_whole_and_one_per_request(api):
    """Log lines are buffered and written once per event-loop pass
    (src/http.c): after a burst from many connections at once, every
    request has exactly one line, each a whole JSON object."""
    import concurrent.futures
    import json
    import time
    log = os.environ.get("JOBBRO_KORE_LOG")
    if not log or not os.path.exists(log):
        pytest.skip("JOBBRO_KORE_LOG is not set")
    tag = f"logburst-{os.getpid()}-{int(time.time() * 1000)}"
    ids = [f"{tag}-{i}" for i in range(200)]

    def one(rid):
        return api.get("/v1/municipalities/0101",
                       headers={"X-Request-Id": rid}).status

    with concurrent.futures.ThreadPoolExecutor(16) as pool:
        assert set(pool.map(one, ids)) == {200}
    seen = {}
    deadline = time.time() + 5
    while time.time() < deadline:
        seen = {}
        with open(log, encoding="utf-8", errors="replace") as f:
            for line in f:
                if tag not in line:
                    continue
                entry = json.loads(line)    # a whole line, or this fails
                seen[entry["request_id"]] = seen.get(
                    entry["request_id"], 0) + 1
        if len(seen) == len(ids):
            break
        time.sleep(0.1)
    assert seen == {rid: 1 for rid in ids}
