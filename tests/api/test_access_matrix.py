"""The access matrix: every operation of api-spec/openapi.yaml × every
role × an object of the caller's own and of somebody else's, against the
answer access_matrix.py expects (its docstring says how to read a row).

One parametrized test; a failure names its cell, e.g.
`consultant-GET /v1/seekers/{id}-foreign`. The objects are built once
for the module, through the API as admin, in two municipalities no other
test uses (A: the callers' own, with N next door; B: foreign). A write
that must be refused is followed by a re-read as admin that proves it
changed nothing."""
import datetime
import pytest

from access_matrix import (HIDDEN, MATRIX, ROLES, SEEN, SIDES, SKIPPED,
                           TINY_PDF, foreign_world)
from support import ANONYMOUS, check, spec


class World:
    """The objects of one municipality (see access_matrix.py), and new
    ones of the same kinds on demand (World.new)."""

    def __init__(self, api, make, code, placements=1):
        self.api, self.make, self.code = api, make, code
        self.municipality = {"id": code, "code": code}
        self.consultant = make.user("consultant", municipality_codes=[code])
        self.spare_user = make.user("consultant", municipality_codes=[code])
        self.api_client = check(api.post("/v1/api-clients", json={
            "name": "Matrix", "municipality_codes": [code], "scopes": []},
            token=make.admin.token), 201).body
        self.employer = make.employer(municipality_code=code)
        self.draft_job = make.job(employer=self.employer)
        self.published_job = self.new("published_job")
        self.seeker = make.seeker(municipality_code=code,
                                  consultant_id=self.consultant.id)
        self.application = make.application(seeker=self.seeker,
                                            job=self.published_job)
        self.interview = make.interview(application=self.application)
        self.application = self.get("/v1/applications", self.application)
        self.placement = self.new("placement")
        for _ in range(placements - 1):
            self.new("placement")
        self.follow_up = self.first_follow_up(self.placement)
        self.webhook = self.new("webhook")
        self.document = self.new("document")

    def get(self, base, obj):
        return check(self.api.get(f"{base}/{obj['id']}",
                                  token=self.make.admin.token), 200).body

    def first_follow_up(self, placement):
        return check(self.api.get("/v1/follow-ups", query={
            "placement_id": placement["id"], "limit": 1},
            token=self.make.admin.token), 200).body["data"][0]

    def obj(self, name):
        """A shared object by name, as a dict with its id."""
        value = getattr(self, name)
        if hasattr(value, "token"):         # a Principal
            return {"id": value.id}
        return value

    def shared(self, kind):
        """The shared object standing in for `kind` where the call must
        fail: an offered application would be hired by a leak, so the
        application in status interview stands in (a leak gives 409)."""
        if kind == "offered_application":
            return self.application
        return self.obj(kind)

    def new(self, kind):
        """A new object of `kind` in this world, made by admin."""
        m = self.make
        if kind == "employer":
            return m.employer(municipality_code=self.code)
        if kind == "draft_job":
            return m.job(employer=self.employer)
        if kind == "published_job":
            return m.job(employer=self.employer, status="published",
                         positions=5)
        if kind == "seeker":
            return m.seeker(municipality_code=self.code,
                            consultant_id=self.consultant.id)
        if kind == "application":
            return m.application(seeker=self.seeker,
                                 job=self.new("published_job"))
        if kind == "offered_application":
            return m.offered_application(seeker=self.seeker,
                                         job=self.new("published_job"))
        if kind == "placement":
            return m.placement(application=self.new("offered_application"),
                               start_date=(datetime.date.today() -
                                           datetime.timedelta(days=30))
                               .isoformat())
        if kind == "follow_up":
            return self.first_follow_up(self.new("placement"))
        if kind == "webhook":       # nothing listens on port 9
            return check(self.api.post("/v1/webhooks", json={
                "url": "http://127.0.0.1:9/matrix",
                "events": ["follow_up.recorded"]},
                token=m.admin.token), 201).body
        if kind == "document":      # of the shared placement, by admin
            return check(self.api.post(
                f"/v1/placements/{self.placement['id']}/documents",
                query={"filename": "contract.pdf"}, raw_body=TINY_PDF,
                headers={"Content-Type": "application/pdf"},
                token=m.admin.token), 201).body
        raise AssertionError(f"World.new: unknown kind {kind!r}")


@pytest.fixture(scope="module")
def worlds(api, make):
    # Five placements: statistics for employers and partners may leave
    # out figures about fewer than five people (DESIGN §5).
    own = World(api, make, make.fresh_municipality(), placements=5)
    foreign = World(api, make, make.fresh_municipality())
    neighbour = World(api, make, own.code)
    return {"own": own, "foreign": foreign, "neighbour": neighbour}


@pytest.fixture(scope="module")
def callers(api, make, admin, worlds):
    """The caller of each role: everyone but admin and anonymous is
    scoped to world A ("own"). The partner system logs in as such
    (client_credentials)."""
    a = worlds["own"]
    partner = make.user("partner", municipality_codes=[a.code])
    partner.token = check(api.post("/v1/auth/token", json={
        "grant_type": "client_credentials", "client_id": partner.id,
        "client_secret": partner.password}), 200).body["access_token"]
    return {
        "anonymous": ANONYMOUS,
        "admin": admin,
        "consultant": a.consultant,
        "employer": make.user("employer", employer_id=a.employer["id"]),
        "seeker": make.user("seeker", seeker_id=a.seeker["id"]),
        "partner": partner,
    }


def status_of(expected):
    return 200 if expected in (SEEN, HIDDEN) else expected


def succeeds(expected):
    return 200 <= status_of(expected) < 300


def cells():
    for op in MATRIX:
        for role in ROLES:
            for side in SIDES:
                marks = []
                if (role, side) in op.leaks:
                    marks.append(pytest.mark.xfail(
                        strict=True, reason="LEAK: " + op.leaks[role, side]))
                yield pytest.param(op, role, side, marks=marks,
                                   id=f"{role}-{op.name}-{side}")


def test_every_operation_has_a_row():
    """Each operation of the spec has exactly one row or is skipped by
    name; no row names an operation the spec lacks."""
    in_spec = {f"{m.upper()} {path}"
               for path, item in spec().doc["paths"].items()
               for m in item if m in spec().METHODS}
    rows = [op.name for op in MATRIX]
    assert len(rows) == len(set(rows)), "an operation has two rows"
    assert not set(rows) & set(SKIPPED), "an operation is row and skip"
    missing = in_spec - set(rows) - set(SKIPPED)
    assert not missing, f"operations without a row: {sorted(missing)}"
    unknown = (set(rows) | set(SKIPPED)) - in_spec
    assert not unknown, f"rows of operations not in the spec: {unknown}"


@pytest.mark.parametrize("op,role,side", list(cells()))
def test_access(api, admin, worlds, callers, op, role, side):
    w = worlds[side if side == "own" else foreign_world(op, role)]
    who = callers[role]
    expected = op.expect(role, side)
    fresh = succeeds(expected)

    def pick(kind):
        return w.new(kind) if fresh else w.shared(kind)

    obj = None
    if op.obj == "me":
        obj = {"id": who.id}
    elif op.obj and op.fresh:
        obj = pick(op.obj)
    elif op.obj:
        obj = w.obj(op.obj)
    path = _path(op, obj)
    kw = {"token": who.token}
    if op.query:
        kw["query"] = op.query(w)
    if op.body:
        body = op.body(w, role, pick)
        if isinstance(body, bytes):     # a file
            kw.update(raw_body=body, headers={
                "Content-Type": "application/octet-stream"})
        else:
            kw["json"] = body

    guard = _reread_path(op, path) if not fresh else None
    before = guard and check(api.get(guard, token=admin.token), 200)

    resp = check(api.request(op.method, path, **kw), status_of(expected))

    if op.method == "GET" and resp.status == 200 and _conditional(op):
        etag = resp.headers.get("ETag")
        assert etag, f"{op.name}: no ETag"
        again = check(api.request(op.method, path, headers={
            "If-None-Match": etag}, **kw), 304)
        assert again.headers.get("ETag") == etag, op.name

    if before:
        after = check(api.get(guard, token=admin.token), 200)
        assert (after.headers.get("ETag"), after.body) == \
            (before.headers.get("ETag"), before.body), \
            f"a refused {op.name} changed {guard}"
    if expected in (SEEN, HIDDEN):
        found = _finds(op.find, resp, obj)
        where = "in" if found else "missing from"
        assert found == (expected == SEEN), \
            f"{op.name}: {obj['id']} {where} the answer: {resp!r}"
    elif status_of(expected) == 200 and op.obj and \
            isinstance(resp.body, dict) and "id" in resp.body:
        assert resp.body["id"] == obj["id"], resp


def _path(op, obj):
    """The operation's path for obj; a document's {id} is its placement's
    and {document_id} its own id."""
    path = op.path
    if obj and op.obj == "document":
        path = path.replace("{id}", obj["placement_id"]) \
            .replace("{document_id}", obj["id"])
    return path.replace("{id}", str(obj and obj["id"])) \
        .replace("{code}", str(obj and obj.get("code"))) \
        .replace("{step}", "contract_signed")


def _conditional(op):
    """Whether the spec promises 304 for this GET (If-None-Match)."""
    _, operation = spec().operation(op.method, op.path)
    return "304" in (operation or {}).get("responses", {})


def _reread_path(op, path):
    """The resource a write on an object names (/v1/<things>/<id>), to be
    read back by admin; None for reads and creates."""
    if op.method == "GET" or "{id}" not in op.path:
        return None
    if "/paperwork/" in op.path:        # the placement's checklist
        return "/".join(path.split("/")[:5])
    return "/".join(path.split("/")[:4])


def _finds(how, resp, obj):
    """Whether the answer of a list, calendar, statistic or caseload
    shows `obj`."""
    body = resp.body
    if how == "ics":
        return f"UID:{obj['id']}@jobbro" in body
    if how == "posting":
        return any(item["identifier"]["value"] == obj["id"]
                   for item in body["@graph"])
    if how == "retention":
        return sum(g["n"] for g in body["groups"]) > 0
    if how == "fidelity":
        return len(body["groups"]) > 0
    if how == "overview":     # a figure left out (null) counts as 0
        return sum(n or 0 for n in (body["active_placements"],
                                    body["ended_placements"],
                                    body["funnel"]["applications"])) > 0
    return any(item[how] == obj.get(how, obj.get("id"))
               for item in body["data"])
