"""GET /metrics: the Prometheus text format read strictly, latency by
route (preflights under their route), requests in flight, the database
pool, Argon2 tasks and the build."""
import math
import os
import re
import subprocess
import uuid

import pytest

from support import check, login

NAME = r"[a-zA-Z_:][a-zA-Z0-9_:]*"
SAMPLE = re.compile(rf"^({NAME})(?:\{{(.*)\}})? (\S+)$")
LABEL = re.compile(r'([a-zA-Z_][a-zA-Z0-9_]*)="((?:[^"\\\n]|\\[\\"n])*)"')
COMMENT = re.compile(rf"^# (HELP|TYPE) ({NAME}) ?(.*)$")
TYPES = {"counter", "gauge", "histogram", "summary", "untyped"}
ROUTE = "/v1/jobs/{id}"


def parse_labels(text):
    """'a="1",b="x"' -> {"a": "1", "b": "x"}, or AssertionError."""
    labels, pos = {}, 0
    while pos < len(text):
        m = LABEL.match(text, pos)
        assert m, f"bad labels at {pos}: {text!r}"
        assert m.group(1) not in labels, f"label twice: {text!r}"
        labels[m.group(1)] = re.sub(r"\\(.)", lambda e: "\n" if e.group(1)
                                    == "n" else e.group(1), m.group(2))
        pos = m.end()
        if pos < len(text):
            assert text[pos] == ",", f"bad labels at {pos}: {text!r}"
            pos += 1
            assert pos < len(text), f"trailing comma: {text!r}"
    return labels


class Metrics:
    """A scrape read strictly: every line a HELP, a TYPE or a sample of a
    declared family, each family's lines together, no sample twice,
    histograms cumulative with _count equal to the +Inf bucket."""

    def __init__(self, text):
        assert text.endswith("\n"), "the text must end with a line feed"
        self.types, self.helps, self.samples = {}, {}, {}
        self.order = []
        done, current = set(), None
        for line in text[:-1].split("\n"):
            assert line, "no empty lines"
            if line.startswith("#"):
                m = COMMENT.match(line)
                assert m, f"bad comment line: {line!r}"
                kind, name, rest = m.groups()
                assert name not in done, f"{name}: lines not together"
                if name != current and current is not None:
                    done.add(current)
                current = name
                table = self.types if kind == "TYPE" else self.helps
                assert name not in table, f"{kind} twice for {name}"
                if kind == "TYPE":
                    assert rest in TYPES, line
                    assert not any(self.family(s) == name
                                   for s, _ in self.samples), \
                        f"TYPE after samples: {line!r}"
                else:
                    assert rest, f"empty HELP: {line!r}"
                table[name] = rest
                continue
            m = SAMPLE.match(line)
            assert m, f"bad sample line: {line!r}"
            name, labels, value = m.groups()
            family = self.family(name)
            assert family in self.types, f"{name}: no TYPE before it"
            assert family in self.helps, f"{name}: no HELP"
            assert family == current, f"{name}: not with its family"
            value = float(value)
            assert not math.isnan(value), line
            key = (name, tuple(sorted(parse_labels(labels or "").items())))
            assert key not in self.samples, f"sample twice: {line!r}"
            self.samples[key] = value
            self.order.append(key)
        for name, kind in self.types.items():
            if kind == "counter":
                for (s, labels), v in self.samples.items():
                    if s == name:
                        assert v >= 0, f"{s}{labels} < 0"
            if kind == "histogram":
                self._check_histogram(name)

    def family(self, sample):
        for suffix in ("_bucket", "_sum", "_count"):
            base = sample[:-len(suffix)]
            if sample.endswith(suffix) and \
                    self.types.get(base) == "histogram":
                return base
        return sample

    def _check_histogram(self, name):
        series = {}
        for (s, labels) in self.order:
            if s != name + "_bucket":
                continue
            d = dict(labels)
            le = d.pop("le")
            series.setdefault(tuple(sorted(d.items())), []).append(
                (le, self.samples[(s, labels)]))
        for labels, buckets in series.items():
            les = [float(le) for le, _ in buckets]
            assert les == sorted(les) and len(set(les)) == len(les), \
                f"{name}{labels}: le not ascending"
            assert buckets[-1][0] == "+Inf", f"{name}{labels}: no +Inf"
            counts = [v for _, v in buckets]
            assert counts == sorted(counts), \
                f"{name}{labels}: buckets not cumulative: {counts}"
            assert self.samples[(name + "_count", labels)] == counts[-1], \
                f"{name}{labels}: _count != +Inf bucket"
            assert self.samples[(name + "_sum", labels)] >= 0
        counts = {k[1] for k in self.samples if k[0] == name + "_count"}
        assert counts == set(series), f"{name}: _count without buckets"

    def get(self, name, **labels):
        """The sample's value; 0 when the series is not there yet."""
        return self.samples.get(
            (name, tuple(sorted(labels.items()))), 0)

    def series(self, name):
        """[(labels dict, value)] of every sample called name."""
        return [(dict(labels), v) for (s, labels), v in self.samples.items()
                if s == name]


def scrape(api):
    resp = check(api.get("/metrics"), 200)
    assert resp.media_type == "text/plain"
    assert "version=0.0.4" in resp.headers["Content-Type"]
    return Metrics(resp.body)


def test_parser_refuses_what_prometheus_would():
    good = ("# HELP a_total A.\n# TYPE a_total counter\n"
            'a_total{x="1"} 2\n')
    Metrics(good)
    for bad in [
        good + 'a_total{x="1"} 3\n',                    # twice
        good.replace('{x="1"}', '{x=1}'),               # unquoted
        good.replace("# HELP a_total A.\n", ""),        # no HELP
        "# HELP h H.\n# TYPE h histogram\n"
        'h_bucket{le="1"} 2\nh_bucket{le="+Inf"} 1\n'   # not cumulative
        "h_sum 1\nh_count 1\n",
        "# HELP h H.\n# TYPE h histogram\n"
        'h_bucket{le="1"} 1\nh_bucket{le="+Inf"} 2\n'   # _count wrong
        "h_sum 1\nh_count 3\n",
        good + "# HELP b B.\n# TYPE b gauge\nb 1\n"
        'a_total{x="2"} 1\n',                           # not together
    ]:
        with pytest.raises(AssertionError):
            Metrics(bad)


def test_exposition_is_strictly_well_formed(api, admin):
    check(api.get("/v1/municipalities", token=admin.token), 200)
    check(api.get("/v1/nope"), 404)
    m = scrape(api)
    for name, kind in [("jobbro_http_requests_total", "counter"),
                       ("jobbro_request_duration_seconds", "histogram"),
                       ("jobbro_requests_in_flight", "gauge"),
                       ("jobbro_db_pool_connections_max", "gauge"),
                       ("jobbro_db_pool_connections_open", "gauge"),
                       ("jobbro_db_pool_connections_in_use", "gauge"),
                       ("jobbro_db_pool_waiting", "gauge"),
                       ("jobbro_db_prepared_statements", "gauge"),
                       ("jobbro_db_wait_seconds", "histogram"),
                       ("jobbro_argon2_tasks_queued", "gauge"),
                       ("jobbro_argon2_tasks_running", "gauge"),
                       ("jobbro_argon2_tasks_total", "counter"),
                       ("jobbro_db_unavailable_total", "counter"),
                       ("jobbro_db_connect_failures_total", "counter"),
                       ("jobbro_build_info", "gauge")]:
        assert m.types.get(name) == kind, name
    unmatched = m.series("jobbro_request_duration_seconds_count")
    assert any(labels.get("route") == "unmatched"
               for labels, _ in unmatched)


def test_route_histogram_counts_a_get_of_a_job(api, admin, make):
    job = make.job()
    path = f"/v1/jobs/{job['id']}"
    before = scrape(api)
    for _ in range(3):          # lands on every worker
        check(api.get(path, token=admin.token), 200)
    after = scrape(api)

    def delta(name, **labels):
        return after.get(name, **labels) - before.get(name, **labels)

    route = dict(method="GET", route=ROUTE)
    assert delta("jobbro_request_duration_seconds_count", **route) == 3
    assert delta("jobbro_request_duration_seconds_bucket", le="+Inf",
                 **route) == 3
    assert delta("jobbro_http_requests_total", code="2xx", **route) == 3
    assert after.get("jobbro_request_duration_seconds_sum", **route) > 0 \
        or after.get("jobbro_request_duration_seconds_bucket", le="0.005",
                     **route) > 0
    # Every GET of a job waited for a database connection, if briefly.
    assert delta("jobbro_db_wait_seconds_count") >= 3


def test_preflight_counts_under_its_route(api):
    path = f"/v1/jobs/{uuid.uuid4()}"
    before = scrape(api)
    resp = api.request("OPTIONS", path, headers={
        "Origin": "https://example.org",
        "Access-Control-Request-Method": "PATCH"})
    assert resp.status == 204
    assert "PATCH" in resp.headers["Access-Control-Allow-Methods"]
    after = scrape(api)
    opts = dict(method="OPTIONS", route=ROUTE)
    assert after.get("jobbro_request_duration_seconds_count", **opts) - \
        before.get("jobbro_request_duration_seconds_count", **opts) == 1
    assert after.get("jobbro_http_requests_total", code="2xx", **opts) - \
        before.get("jobbro_http_requests_total", code="2xx", **opts) == 1
    unmatched = dict(method="", route="unmatched")
    assert after.get("jobbro_request_duration_seconds_count",
                     **unmatched) == \
        before.get("jobbro_request_duration_seconds_count", **unmatched)


def test_in_flight_counts_the_scrape_itself(api):
    m = scrape(api)
    # The scrape is accepted and not yet answered while it is rendered.
    assert m.get("jobbro_requests_in_flight") >= 1
    workers = m.series("jobbro_worker_requests_in_flight")
    assert workers and all(v >= 0 for _, v in workers)
    assert sum(v for _, v in workers) == m.get("jobbro_requests_in_flight")
    assert all(re.match(r"^[0-9]+$", labels["worker"])
               for labels, _ in workers)


def test_pool_gauges_are_sane(api, admin):
    check(api.get("/v1/municipalities", token=admin.token), 200)
    m = scrape(api)
    total = {k: m.get(f"jobbro_db_pool_{k}") for k in
             ("connections_max", "connections_open", "connections_in_use",
              "waiting")}
    assert total["connections_max"] >= 1
    assert 1 <= total["connections_open"] <= total["connections_max"]
    assert 0 <= total["connections_in_use"] <= total["connections_open"]
    assert total["waiting"] >= 0
    prepared = m.get("jobbro_db_prepared_statements")
    assert prepared == 0 or prepared >= total["connections_open"]
    # Per worker the same holds, and the workers add up to the totals.
    by_worker = {}
    for k in total:
        for labels, v in m.series(f"jobbro_worker_db_pool_{k}"):
            by_worker.setdefault(labels["worker"], {})[k] = v
        assert sum(w[k] for w in by_worker.values()) == total[k], k
    for w in by_worker.values():
        assert 0 <= w["connections_in_use"] <= w["connections_open"] \
            <= w["connections_max"]


def test_login_shows_in_the_argon2_counters(api, admin):
    before = scrape(api)
    login(api, admin.email, admin.password)
    after = scrape(api)
    verify = dict(op="verify")
    assert after.get("jobbro_argon2_tasks_total", **verify) - \
        before.get("jobbro_argon2_tasks_total", **verify) == 1
    for name in ("jobbro_argon2_tasks_queued", "jobbro_argon2_tasks_running"):
        assert after.get(name) >= 0
        assert after.series(name)


def git_commit():
    root = os.path.join(os.path.dirname(os.path.abspath(__file__)), "..",
                        "..")
    try:
        return subprocess.run(["git", "-C", root, "rev-parse", "--short",
                               "HEAD"], capture_output=True, text=True,
                              check=True).stdout.strip()
    except (OSError, subprocess.CalledProcessError):
        return None


def test_build_info_names_the_commit(api):
    m = scrape(api)
    infos = m.series("jobbro_build_info")
    assert len(infos) == 1
    labels, value = infos[0]
    assert value == 1
    assert set(labels) == {"version", "commit", "kore"}
    assert re.match(r"^\d+\.\d+\.\d+", labels["version"])
    assert labels["kore"] == "4.1.0"
    commit = git_commit()
    if commit is None or os.environ.get("JOBBRO_MODULE"):
        assert re.match(r"^([0-9a-f]{7,40}|unknown)$", labels["commit"])
    else:
        assert labels["commit"] == commit
