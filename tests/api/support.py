"""Helpers for Jobbro's black-box HTTP tests.

- `Client`: a tiny stdlib HTTP client (one connection per request).
- `check(resp, status)`: asserts the status and that the response matches
  api-spec/openapi.yaml (body schema, required headers, content type,
  X-Request-Id, problem request_id).
- Test data: valid CVR numbers, employer and job bodies, JWTs.
"""
import base64
import hashlib
import hmac
import http.client
import json
import os
import random
import re
import time
import urllib.parse
import uuid
from dataclasses import dataclass, field
from datetime import date, datetime
from typing import Optional

import jsonschema
import pytest
import yaml

BASE_URL = os.environ.get("JOBBRO_BASE_URL", "http://127.0.0.1:8080")
SPEC_PATH = os.environ.get("JOBBRO_SPEC") or os.path.join(
    os.path.dirname(os.path.abspath(__file__)), "..", "..", "api-spec",
    "openapi.yaml")

SANE_REQUEST_ID = re.compile(r"^[A-Za-z0-9._:-]{1,128}$")
PROBLEM_BASE = "/problems/"
JSON_TYPES = ("application/json", "application/problem+json",
              "application/ld+json")


# ---------------------------------------------------------------------------
# HTTP client
# ---------------------------------------------------------------------------

class Response:
    """What the client got: status, headers (case-insensitive), body."""

    def __init__(self, method, path, status, headers, raw):
        self.method = method
        self.path = path
        self.status = status
        self.headers = headers
        self.raw = raw
        self.parse_error = None
        self.body = raw
        if raw and self.media_type in JSON_TYPES:
            try:
                self.body = json.loads(raw.decode("utf-8"))
            except ValueError as e:
                self.parse_error = str(e)
        elif raw and (self.media_type.startswith("text/") or
                      self.media_type in ("application/x-ndjson",
                                          "application/javascript")):
            self.body = raw.decode("utf-8")

    @property
    def media_type(self):
        ctype = self.headers.get("Content-Type") or ""
        return ctype.split(";")[0].strip().lower()

    def field_errors(self):
        """{field: code} of a problem's errors[]."""
        return {e["field"]: e["code"] for e in self.body.get("errors", [])}

    def __repr__(self):
        text = self.raw[:800].decode("utf-8", "replace")
        return f"<{self.method} {self.path} -> {self.status} {text!r}>"


_UNSET = object()


class Client:
    """api.get/post/patch/delete(path, json=..., token=..., headers=...,
    raw_body=..., query=...) -> Response.

    `json` is serialised with Content-Type application/json; `raw_body`
    (bytes or str) is sent as is, with Content-Type application/json
    unless `headers` says otherwise (a header set to None is not sent)."""

    def __init__(self, base_url=BASE_URL, timeout=30):
        u = urllib.parse.urlsplit(base_url)
        self.host, self.port = u.hostname, u.port or 80
        self.timeout = timeout

    def request(self, method, path, json=_UNSET, token=None, headers=None,
                raw_body=None, query=None):
        hdrs = {"Accept": "application/json"}
        body = None
        if json is not _UNSET:
            body = _json_bytes(json)
            hdrs["Content-Type"] = "application/json"
        elif raw_body is not None:
            body = raw_body.encode("utf-8") if isinstance(raw_body, str) \
                else raw_body
            hdrs["Content-Type"] = "application/json"
        if token is not None:
            hdrs["Authorization"] = f"Bearer {token}"
        hdrs.update(headers or {})
        if query:
            path += ("&" if "?" in path else "?") + \
                urllib.parse.urlencode(query, quote_via=urllib.parse.quote)

        conn = http.client.HTTPConnection(self.host, self.port,
                                          timeout=self.timeout)
        try:
            conn.putrequest(method, path, skip_accept_encoding=True)
            for k, v in hdrs.items():
                if v is not None:
                    conn.putheader(k, v)
            if body is not None:
                conn.putheader("Content-Length", str(len(body)))
            elif method in ("POST", "PUT", "PATCH"):
                conn.putheader("Content-Length", "0")   # as curl -d '' does
            conn.endheaders()
            if body:
                try:
                    conn.send(body)
                except (BrokenPipeError, ConnectionResetError):
                    pass    # the server may answer before reading it all
            r = conn.getresponse()
            raw = r.read()
            return Response(method, path, r.status, r.headers, raw)
        finally:
            conn.close()

    def get(self, path, **kw):
        return self.request("GET", path, **kw)

    def post(self, path, **kw):
        return self.request("POST", path, **kw)

    def patch(self, path, **kw):
        return self.request("PATCH", path, **kw)

    def put(self, path, **kw):
        return self.request("PUT", path, **kw)

    def delete(self, path, **kw):
        return self.request("DELETE", path, **kw)


def _json_bytes(obj):
    return json.dumps(obj, ensure_ascii=False).encode("utf-8")


# ---------------------------------------------------------------------------
# The contract
# ---------------------------------------------------------------------------

UUID_RE = re.compile(r"^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-"
                     r"[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$")
DATE_TIME_RE = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{1,9})?Z$")
EMAIL_RE = re.compile(r"^[^@\s]+@[^@\s]+\.[^@\s]+$")


def _format_checker():
    """Strict, dependency-free checks of the formats the spec uses.
    date-time must be RFC 3339 in UTC (ends in Z), as DESIGN §4 says."""
    fc = jsonschema.FormatChecker(formats=())

    @fc.checks("uuid")
    def _uuid(v):
        return not isinstance(v, str) or bool(UUID_RE.match(v))

    @fc.checks("date", raises=ValueError)
    def _date(v):
        if isinstance(v, str):
            if not re.match(r"^\d{4}-\d{2}-\d{2}$", v):
                return False
            date.fromisoformat(v)
        return True

    @fc.checks("date-time", raises=ValueError)
    def _date_time(v):
        if isinstance(v, str):
            if not DATE_TIME_RE.match(v):
                return False
            datetime.fromisoformat(v[:19])
        return True

    @fc.checks("email")
    def _email(v):
        return not isinstance(v, str) or bool(EMAIL_RE.match(v))

    @fc.checks("uri")
    def _uri(v):
        return not isinstance(v, str) or bool(
            re.match(r"^[a-z][a-z0-9+.-]*:\S+$", v))

    @fc.checks("uri-reference")
    def _uri_ref(v):
        return not isinstance(v, str) or not re.search(r"\s", v)

    return fc


class Spec:
    """api-spec/openapi.yaml, with lookups of operations and responses."""

    METHODS = ("get", "put", "post", "delete", "options", "head", "patch",
               "trace")

    def __init__(self, path=SPEC_PATH):
        with open(path, encoding="utf-8") as f:
            self.doc = yaml.safe_load(f)
        self.resolver = jsonschema.RefResolver(base_uri="",
                                               referrer=self.doc)
        self.formats = _format_checker()
        routes = []
        for template, item in self.doc["paths"].items():
            regex = "^" + re.sub(r"\\\{[^/]+?\\\}", "[^/]+",
                                 re.escape(template)) + "$"
            literal = sum(1 for s in template.split("/")
                          if s and not s.startswith("{"))
            routes.append((literal, template, re.compile(regex), item))
        # Most literal segments first, so /a/b wins over /a/{id}.
        routes.sort(key=lambda r: -r[0])
        self.routes = routes

    def deref(self, obj):
        while isinstance(obj, dict) and "$ref" in obj:
            _, obj = self.resolver.resolve(obj["$ref"])
        return obj

    def route(self, path):
        """(template, path item) of a concrete path, or (None, None)."""
        path = urllib.parse.urlsplit(path).path
        for _, template, regex, item in self.routes:
            if regex.match(path):
                return template, item
        return None, None

    def operation(self, method, path):
        template, item = self.route(path)
        if item is None:
            return None, None
        return template, item.get(method.lower())

    def response(self, method, path, status):
        """(response object, description) the spec gives for this call.
        Unknown paths may only be 404, known paths with an undocumented
        method only 405 (+ Allow); both with a plain Problem body."""
        template, item = self.route(path)
        if item is None:
            assert status == 404, \
                f"{path} is not in the spec, so only 404 is possible"
            return _generic_problem(404), f"{method} {path} (unknown) 404"
        op = item.get(method.lower())
        if op is None:
            assert status == 405, \
                f"{method} {template} is not in the spec, so only 405 is " \
                f"possible"
            return _generic_problem(405, "Allow"), \
                f"{method} {template} (undocumented method) 405"
        where = f"{method} {template} {status}"
        responses = op["responses"]
        key = str(status)
        if key not in responses:
            key = f"{str(status)[0]}XX"
        if key not in responses:
            key = "default"
        if key not in responses:
            pytest.fail(f"status {status} is not documented for {method} "
                        f"{template} (documented: {sorted(responses)})")
        return self.deref(responses[key]), where

    def validate(self, schema, instance, where):
        validator = jsonschema.Draft202012Validator(
            schema, resolver=self.resolver, format_checker=self.formats)
        errors = sorted(validator.iter_errors(instance),
                        key=lambda e: list(e.absolute_path))
        if errors:
            lines = [f"  at /{'/'.join(map(str, e.absolute_path))}: "
                     f"{e.message[:300]}" for e in errors[:10]]
            pytest.fail(f"{where}: body does not match the spec:\n" +
                        "\n".join(lines) + "\nbody: " +
                        json.dumps(instance, ensure_ascii=False)[:1500])


def _generic_problem(status, *required_headers):
    headers = {"X-Request-Id": {"$ref": "#/components/headers/X-Request-Id"}}
    for h in required_headers:
        headers[h] = {"required": True, "schema": {"type": "string",
                                                   "minLength": 1}}
    return {
        "headers": headers,
        "content": {"application/problem+json": {"schema": {"allOf": [
            {"$ref": "#/components/schemas/Problem"},
            {"properties": {"status": {"const": status}}}]}}},
    }


_SPEC = None


def spec():
    global _SPEC
    if _SPEC is None:
        _SPEC = Spec()
    return _SPEC


# Media types of files (documents): their bodies are bytes.
BINARY_TYPES = ("application/pdf", "image/png", "image/jpeg")


def check(resp, status):
    """Assert `resp` has `status` and everything the spec promises for it.
    Returns resp, so `body = check(api.get(...), 200).body` reads well."""
    assert resp.status == status, f"expected {status}, got {resp!r}"
    s = spec()

    rid = resp.headers.get("X-Request-Id")
    assert rid, f"no X-Request-Id: {resp!r}"
    assert SANE_REQUEST_ID.match(rid), f"insane X-Request-Id {rid!r}"

    res, where = s.response(resp.method, resp.path, status)
    content = res.get("content")
    if not content:
        assert resp.raw == b"", f"{where}: expected no body, got {resp!r}"
    else:
        media = resp.media_type
        assert media in content, \
            f"{where}: Content-Type {media!r}, spec has {sorted(content)}"
        if status >= 400:
            assert media == "application/problem+json", \
                f"{where}: errors are application/problem+json"
        ctype = resp.headers.get("Content-Type", "").lower()
        if "charset=" in ctype:
            assert "charset=utf-8" in ctype, f"{where}: {ctype}"
        assert resp.raw, f"{where}: empty body"
        if media in BINARY_TYPES:       # a file: bytes, no schema to check
            return _check_headers(s, res, resp, where)
        assert resp.parse_error is None, \
            f"{where}: body is not JSON ({resp.parse_error}): {resp!r}"
        s.validate(content[media]["schema"], resp.body, where)
        if media == "application/problem+json":
            assert resp.body["status"] == status, where
            assert resp.body["request_id"] == rid, \
                f"{where}: request_id {resp.body['request_id']!r} != " \
                f"X-Request-Id {rid!r}"

    return _check_headers(s, res, resp, where)


def _check_headers(s, res, resp, where):
    for name, header in (res.get("headers") or {}).items():
        header = s.deref(header)
        value = resp.headers.get(name)
        if value is None:
            assert not header.get("required"), \
                f"{where}: required header {name} missing"
            continue
        _check_header(name, value, header.get("schema") or {}, where)
    return resp


def _check_header(name, value, schema, where):
    if schema.get("type") == "integer":
        assert re.match(r"^\d+$", value), f"{where}: {name}: {value!r}"
        assert int(value) >= schema.get("minimum", 0), \
            f"{where}: {name}: {value!r}"
    elif "pattern" in schema:
        assert re.search(schema["pattern"], value), \
            f"{where}: {name} {value!r} !~ {schema['pattern']}"


def problem_slug(resp):
    t = resp.body["type"]
    assert t.startswith(PROBLEM_BASE), t
    return t[len(PROBLEM_BASE):]


# ---------------------------------------------------------------------------
# Test data
# ---------------------------------------------------------------------------

CVR_WEIGHTS = (2, 7, 6, 5, 4, 3, 2, 1)


def cvr_ok(cvr):
    return len(cvr) == 8 and cvr.isdigit() and \
        sum(int(c) * w for c, w in zip(cvr, CVR_WEIGHTS)) % 11 == 0


ISSUED_CVRS = set()     # random_cvr never hands out one twice


def random_cvr():
    """A random CVR number that passes the modulus-11 check, never one this
    test session had before (a run creates thousands of employers: among
    ~8 million valid numbers, random repeats are likely otherwise)."""
    while True:
        head = [random.randint(1, 9)] + [random.randint(0, 9)
                                         for _ in range(6)]
        check_digit = -sum(d * w for d, w in zip(head, CVR_WEIGHTS)) % 11
        cvr = "".join(map(str, head)) + str(check_digit)
        if check_digit < 10 and cvr not in ISSUED_CVRS:
            ISSUED_CVRS.add(cvr)
            return cvr


def bad_checksum_cvr():
    cvr = random_cvr()
    return cvr[:7] + str((int(cvr[7]) + 1) % 10)


def unique(prefix):
    return f"{prefix} {uuid.uuid4().hex[:10]}"


def unique_email(role="user"):
    return f"{role}-{uuid.uuid4().hex[:12]}@example.test"


def employer_body(**overrides):
    body = {
        "name": unique("Testfirma ApS"),
        "cvr": random_cvr(),
        "street": "Vesterbrogade 1",
        "postal_code": "1620",
        "city": "København V",
        "municipality_code": "0101",
        "contact_name": "Lone Jensen",
        "contact_email": "lone@example.test",
        "contact_phone": "+45 12 34 56 78",
        "agreement_signed_on": "2026-03-01",
        "notes": "Har haft to KLAPjob-ansatte.",
    }
    body.update(overrides)
    return body


def job_body(employer_id, **overrides):
    body = {
        "employer_id": employer_id,
        "title": unique("Køkkenmedhjælper"),
        "description": "Hjælp i køkkenet: opvask og klargøring af grønt.",
        "easy_read_summary": "Du vasker op og gør grøntsager klar.",
        "tasks": ["Vaske op", "Skrælle kartofler"],
        "job_type": "skaanejob",
        "weekly_hours": 12,
        "schedule": "Man–tor 9–12",
        "single_supervisor": True,
        "supervisor_name": "Lone Jensen",
        "accommodations": ["Fast makker"],
        "positions": 1,
        "hourly_wage_dkk": 135.5,
        "municipality_code": "0101",
        "location": {"lat": 55.6761, "lon": 12.5683},
        "starts_on": "2027-01-04",
    }
    body.update(overrides)
    return body


def assert_subset(expected, actual):
    """Every field of `expected` has the same value in `actual`."""
    diff = {k: (v, actual.get(k)) for k, v in expected.items()
            if actual.get(k) != v}
    assert not diff, f"fields differ (expected, actual): {diff}"


@dataclass
class Principal:
    """Someone calling the API: a role and its access token (None for
    anonymous), plus what was used to create it."""
    role: str
    token: Optional[str] = None
    id: Optional[str] = None
    email: Optional[str] = None
    password: Optional[str] = None
    refresh_token: Optional[str] = None
    employer_id: Optional[str] = None
    municipality_codes: list = field(default_factory=list)


ANONYMOUS = Principal("anonymous")


def login(api, email, password):
    """Password grant; returns the token response body."""
    return check(api.post("/v1/auth/token", json={
        "grant_type": "password", "username": email,
        "password": password}), 200).body


# ---------------------------------------------------------------------------
# JWTs built by hand (for attacks and claim checks)
# ---------------------------------------------------------------------------

def b64url(data):
    return base64.urlsafe_b64encode(data).rstrip(b"=").decode("ascii")


def b64url_decode(s):
    return base64.urlsafe_b64decode(s + "=" * (-len(s) % 4))


def decode_jwt(token):
    """(header, payload) of a JWT, unverified."""
    h, p, _ = token.split(".")
    return json.loads(b64url_decode(h)), json.loads(b64url_decode(p))


def make_jwt(header, payload, key=None, alg=None):
    """Sign header.payload with HMAC (alg HS256/HS384/HS512 from the header
    unless given); key None gives an empty signature (alg none)."""
    alg = alg or header.get("alg", "HS256")
    signing_input = (b64url(json.dumps(header).encode()) + "." +
                     b64url(json.dumps(payload).encode()))
    if key is None:
        return signing_input + "."
    digest = {"HS256": hashlib.sha256, "HS384": hashlib.sha384,
              "HS512": hashlib.sha512}[alg]
    if isinstance(key, str):
        key = key.encode()
    sig = hmac.new(key, signing_input.encode(), digest).digest()
    return signing_input + "." + b64url(sig)


def fresh_claims(template, **overrides):
    """Claims like `template` (from a real token) with new iat/nbf/exp/jti."""
    now = int(time.time())
    claims = dict(template)
    claims.update({"iat": now, "exp": now + 600, "jti": str(uuid.uuid4())})
    if "nbf" in claims:
        claims["nbf"] = now
    claims.update(overrides)
    return claims


def seeker_body(**overrides):
    """A valid POST /v1/seekers body with every field set except
    `consultant_id` (absent: consultants default to themselves, partners
    may not set it) and `status` (default active)."""
    body = {
        "first_name": "Mads",
        "last_name": unique("Nielsen"),
        "birth_date": "1998-05-17",
        "email": unique_email("seeker"),
        "phone": "+45 20 30 40 50",
        "municipality_code": "0101",
        "support_person": {"name": "Hanne Nielsen", "relation": "Mor",
                           "phone": "+45 20 30 40 51"},
        "benefit_type": "foertidspension",
        "monthly_benefit_dkk": 20150.5,
        "preferences": {"max_weekly_hours": 12,
                        "job_types": ["skaanejob", "fleksjob"],
                        "interests": ["Bageri", "Dyr"],
                        "travel_radius_km": 10},
        "location": {"lat": 55.6646, "lon": 12.5154},
        "support_needs": ["Faste rutiner", "Billeder frem for tekst"],
        "needs_single_supervisor": True,
        "easy_read": True,
        "consents": {"processing": True, "share_with_employers": True},
    }
    body.update(overrides)
    return body
