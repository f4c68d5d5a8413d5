"""access_matrix.py — who may do what to whose objects: one row per
operation of api-spec/openapi.yaml; test_access_matrix.py runs every cell.

A row names the operation ("METHOD /path" as the spec spells it), how to
call it, and the expected answer for each of the six roles on an object
of their own ("own": in the caller's scope) and on somebody else's
("foreign": another municipality, employer and seeker). A plain value
holds for own and foreign; a pair is (own, foreign).

The two worlds (built once by test_access_matrix.py, as admin): world A
is municipality A with consultant, partner, employer (with a user) and a
seeker (with a user) — the callers; world B is municipality B with its
own consultant, employer and seeker. Each world has an employer, a
draft and a published job, a seeker (consultant assigned, shares with
employers) with an application in status interview, an interview, a
placement (at another job of the employer) and its follow-ups, and a
spare consultant user. "own" is world A, "foreign" world B, also for
admin (who sees both) and anonymous (who sees neither) — except for the
callers whose scope is one employer or one seeker rather than
municipalities: for employer and seeker users "foreign" is world N, next
door (in municipality A, with another employer and another seeker), the
stricter test; statistics, asked per municipality, use B for them too
(see foreign_world).

Expected answers:
  200/201/204  allowed; a single resource answers the object itself
  SEEN         (lists, calendar, statistics, caseloads) 200, and the
               object is in the answer
  HIDDEN       200, and the object is not in it (statistics: all 0)
  401          anonymous on an operation that needs a login
  403          a role that may never do this operation
  404          an object out of the caller's scope — never 403, which
               would tell that it exists
  422          a body naming an object out of scope (a foreign-key
               reference: `not_found` / `out_of_scope`, README "Scope")

How to call (Op fields):
  obj    the world's object whose id fills {id} ({code}: its code), or,
         for lists, the object to look for in the answer
  fresh  a cell expected to succeed gets a new `obj` of its own, as the
         call changes it for good (delete, publish, erase, ...); other
         cells use the shared one
  query  function(w) -> query parameters (w: the world of the side)
  body   function(w, role, pick) -> JSON body; pick(kind) is a new object
         of the world when the cell is expected to succeed, else the
         shared one (whose reuse could at most give 409)
  find   lists: "id" (data[].id), "consultant_id" (data[].consultant_id),
         "code" (data[].code), "ics" (a VEVENT UID), "retention" or
         "overview" (the counts), "fidelity" (any group), "posting" (a JSON-LD feed's
         @graph[].identifier.value)
  leaks  {(role, side): "what happens today"} — cells where the server
         is wrong today; each has a `# LEAK:` comment; the test asserts
         the expected answer and is xfail(strict=True) for exactly them

Adding an endpoint: add its row here (test_every_operation_has_a_row
fails until you do); objects a row needs go in World.
"""
import datetime
from dataclasses import dataclass, field
from typing import Callable, Optional

from support import employer_body, job_body, seeker_body, unique, \
    unique_email

ROLES = ("anonymous", "admin", "consultant", "employer", "seeker", "partner")
SIDES = ("own", "foreign")

SEEN = "seen"
HIDDEN = "hidden"

# Operations without an object scope, tested in their own files.
SKIPPED = {
    "POST /v1/auth/token": "the login itself (test_auth.py)",
    "POST /v1/auth/revoke": "takes any token, answers 200 (test_auth.py)",
    "GET /healthz": "liveness, open to all (test_health.py)",
    "GET /readyz": "readiness, open to all (test_health.py)",
    "GET /metrics": "counters, open to all (test_health.py)",
    "GET /v1/openapi.json": "the contract, open to all (test_health.py)",
    "GET /docs": "the reference (HTML), open to all (test_docs.py)",
    "GET /docs/{asset}": "the reference's script, open to all "
                         "(test_docs.py)",
    "GET /problems": "problem types (HTML), open to all (test_docs.py)",
    "GET /problems/{slug}": "a problem type's page, open to all "
                            "(test_docs.py)",
    "POST /v1/auth/logout-all": "ends the caller's own sessions, which "
                                "later cells need (test_security.py)",
    "GET /v1/events": "a feed of events, not of objects: each role's "
                      "scope is tested in test_events.py",
    "POST /v1/me/calendar-feed": "the caller's own calendar feed, no "
                                 "object (test_calendar_feed.py)",
    "DELETE /v1/me/calendar-feed": "the caller's own calendar feed, no "
                                   "object (test_calendar_feed.py)",
}

PASSWORD = "korrekt-hest-batteri"

# The smallest file a document upload takes.
TINY_PDF = b"%PDF-1.4\n%%EOF\n"

# Roles scoped to one employer or one seeker, whose foreign objects are
# next door (world N, in their own municipality) rather than in B.
NEXT_DOOR_ROLES = ("employer", "seeker")


def foreign_world(op, role):
    """The world of `role`'s foreign objects in `op`: "neighbour" (N) or
    "foreign" (B)."""
    if role in NEXT_DOOR_ROLES and op.find not in ("retention", "overview"):
        return "neighbour"
    return "foreign"


@dataclass
class Op:
    name: str                       # "GET /v1/seekers/{id}"
    anonymous: object
    admin: object
    consultant: object
    employer: object
    seeker: object
    partner: object
    obj: Optional[str] = None
    fresh: bool = False
    query: Optional[Callable] = None
    body: Optional[Callable] = None
    find: str = "id"
    leaks: dict = field(default_factory=dict)

    @property
    def method(self):
        return self.name.split(" ", 1)[0]

    @property
    def path(self):
        return self.name.split(" ", 1)[1]

    def expect(self, role, side):
        cell = getattr(self, role)
        if isinstance(cell, tuple):
            return cell[SIDES.index(side)]
        return cell


def _interview_times():
    """Start and end of a one-hour interview on a day no other interview
    of this module has (2090 on: other tests pick 2027-2081)."""
    from datetime import datetime, timedelta, timezone
    _interview_times.n += 1
    start = datetime(2090, 1, 2, 9, tzinfo=timezone.utc) + \
        timedelta(days=_interview_times.n)
    fmt = "%Y-%m-%dT%H:%M:%SZ"
    return {"starts_at": start.strftime(fmt),
            "ends_at": (start + timedelta(hours=1)).strftime(fmt)}


_interview_times.n = 0


def _user_body(w, role, pick):
    return {"email": unique_email("matrix"), "name": unique("Matrix"),
            "role": "consultant", "password": PASSWORD,
            "municipality_codes": [w.code]}


def _application_body(w, role, pick):
    return {"seeker_id": w.seeker["id"],
            "job_id": pick("published_job")["id"]}


def _interview_body(w, role, pick):
    body = {"application_id": w.application["id"]}
    body.update(_interview_times())
    return body


def _placement_body(w, role, pick):
    return {"application_id": pick("offered_application")["id"],
            "start_date": datetime.date.today().isoformat(),
            "weekly_hours": 12, "hourly_wage_dkk": 135.5}


def _transition_body(w, role, pick):
    # A seeker may only withdraw; the others may move on to in_review.
    return {"to": "withdrawn" if role == "seeker" else "in_review"}


MATRIX = [
    # --- webhooks: admin; API clients with webhooks:manage (own only,
    # test_webhooks.py); a partner *user* 403 --------------------------
    Op("GET /v1/webhooks", obj="webhook", query=lambda w: {"limit": 100},
       anonymous=401, admin=SEEN, consultant=403, employer=403, seeker=403,
       partner=403),
    Op("POST /v1/webhooks",
       body=lambda w, role, pick: {"url": "http://127.0.0.1:9/matrix",
                                   "events": ["placement.ended"]},
       anonymous=401, admin=201, consultant=403, employer=403, seeker=403,
       partner=403),
    Op("GET /v1/webhooks/{id}", obj="webhook",
       anonymous=401, admin=200, consultant=403, employer=403, seeker=403,
       partner=403),
    Op("PATCH /v1/webhooks/{id}", obj="webhook",
       body=lambda w, role, pick: {"events": ["placement.created"]},
       anonymous=401, admin=200, consultant=403, employer=403, seeker=403,
       partner=403),
    Op("DELETE /v1/webhooks/{id}", obj="webhook", fresh=True,
       anonymous=401, admin=204, consultant=403, employer=403, seeker=403,
       partner=403),
    Op("GET /v1/webhooks/{id}/deliveries", obj="webhook",
       anonymous=401, admin=200, consultant=403, employer=403, seeker=403,
       partner=403),

    # --- me -------------------------------------------------------------
    Op("GET /v1/me", obj="me",
       anonymous=401, admin=200, consultant=200, employer=200, seeker=200,
       partner=200),

    # --- users: admin only ------------------------------------------------
    Op("GET /v1/users", obj="spare_user", find="id",
       query=lambda w: {"role": "consultant", "limit": 100},
       anonymous=401, admin=SEEN, consultant=403, employer=403, seeker=403,
       partner=403),
    Op("POST /v1/users", body=_user_body,
       anonymous=401, admin=201, consultant=403, employer=403, seeker=403,
       partner=403),
    Op("GET /v1/users/{id}", obj="spare_user",
       anonymous=401, admin=200, consultant=403, employer=403, seeker=403,
       partner=403),
    Op("PATCH /v1/users/{id}", obj="spare_user",
       body=lambda w, role, pick: {"name": unique("Matrix")},
       anonymous=401, admin=200, consultant=403, employer=403, seeker=403,
       partner=403),

    # --- API clients: admin only -------------------------------------------
    Op("GET /v1/api-clients", obj="api_client", find="id",
       query=lambda w: {"limit": 100},
       anonymous=401, admin=SEEN, consultant=403, employer=403, seeker=403,
       partner=403),
    Op("POST /v1/api-clients",
       body=lambda w, role, pick: {"name": unique("Matrix"),
                                   "municipality_codes": [w.code],
                                   "scopes": ["jobs:read"]},
       anonymous=401, admin=201, consultant=403, employer=403, seeker=403,
       partner=403),
    Op("GET /v1/api-clients/{id}", obj="api_client",
       anonymous=401, admin=200, consultant=403, employer=403, seeker=403,
       partner=403),
    Op("PATCH /v1/api-clients/{id}", obj="api_client",
       body=lambda w, role, pick: {"name": unique("Matrix")},
       anonymous=401, admin=200, consultant=403, employer=403, seeker=403,
       partner=403),
    Op("POST /v1/api-clients/{id}/secret", obj="api_client",
       anonymous=401, admin=200, consultant=403, employer=403, seeker=403,
       partner=403),

    # --- municipalities: open reference data -----------------------------
    Op("GET /v1/municipalities", obj="municipality", find="code",
       query=lambda w: {"limit": 100},
       anonymous=SEEN, admin=SEEN, consultant=SEEN, employer=SEEN,
       seeker=SEEN, partner=SEEN),
    Op("GET /v1/municipalities/{code}", obj="municipality",
       anonymous=200, admin=200, consultant=200, employer=200, seeker=200,
       partner=200),

    # --- employers --------------------------------------------------------
    Op("GET /v1/employers", obj="employer",
       query=lambda w: {"cvr": w.employer["cvr"]},
       anonymous=401, admin=SEEN, consultant=(SEEN, HIDDEN),
       employer=(SEEN, HIDDEN), seeker=403, partner=(SEEN, HIDDEN)),
    Op("POST /v1/employers",
       body=lambda w, role, pick: employer_body(municipality_code=w.code),
       anonymous=401, admin=201, consultant=(201, 422), employer=403,
       seeker=403, partner=403),
    Op("GET /v1/employers/{id}", obj="employer",
       anonymous=401, admin=200, consultant=(200, 404), employer=(200, 404),
       seeker=403, partner=(200, 404)),
    Op("PATCH /v1/employers/{id}", obj="employer",
       body=lambda w, role, pick: {"contact_phone": "+45 12 34 56 78"},
       anonymous=401, admin=200, consultant=(200, 404), employer=(200, 404),
       seeker=403, partner=403),
    Op("DELETE /v1/employers/{id}", obj="employer", fresh=True,
       anonymous=401, admin=204, consultant=403, employer=403, seeker=403,
       partner=403),

    # --- jobs: the object is a draft (published ones are open to all) -----
    Op("GET /v1/jobs", obj="draft_job",
       query=lambda w: {"employer_id": w.employer["id"], "limit": 100},
       anonymous=HIDDEN, admin=SEEN, consultant=(SEEN, HIDDEN),
       employer=(SEEN, HIDDEN), seeker=HIDDEN, partner=(SEEN, HIDDEN)),
    Op("POST /v1/jobs",
       body=lambda w, role, pick: job_body(w.employer["id"],
                                           municipality_code=w.code),
       anonymous=401, admin=201, consultant=(201, 422), employer=(201, 422),
       seeker=403, partner=403),
    Op("POST /v1/jobs/batch",
       query=lambda w: {"atomic": "true"},
       body=lambda w, role, pick: {"items": [job_body(
           w.employer["id"], municipality_code=w.code)]},
       anonymous=401, admin=200, consultant=(200, 422), employer=(200, 422),
       seeker=403, partner=403),
    Op("GET /v1/jobs/{id}", obj="draft_job",
       anonymous=404, admin=200, consultant=(200, 404), employer=(200, 404),
       seeker=404, partner=(200, 404)),
    Op("PATCH /v1/jobs/{id}", obj="draft_job",
       body=lambda w, role, pick: {"schedule": "Man–tor 9–12"},
       anonymous=401, admin=200, consultant=(200, 404), employer=(200, 404),
       seeker=403, partner=403),
    Op("DELETE /v1/jobs/{id}", obj="draft_job", fresh=True,
       anonymous=401, admin=204, consultant=(204, 404), employer=(204, 404),
       seeker=403, partner=403),
    Op("POST /v1/jobs/{id}/publish", obj="draft_job", fresh=True,
       anonymous=401, admin=200, consultant=(200, 404), employer=(200, 404),
       seeker=403, partner=403),
    Op("POST /v1/jobs/{id}/close", obj="published_job", fresh=True,
       anonymous=401, admin=200, consultant=(200, 404), employer=(200, 404),
       seeker=403, partner=403),
    # The job-board feed is public and the same for every caller: a draft
    # is in nobody's (its contents: test_job_board.py).
    Op("GET /v1/feeds/jobs.jsonld", obj="draft_job",
       query=lambda w: {"limit": 100}, find="posting",
       anonymous=HIDDEN, admin=HIDDEN, consultant=HIDDEN, employer=HIDDEN,
       seeker=HIDDEN, partner=HIDDEN),

    # --- seekers ----------------------------------------------------------
    Op("GET /v1/seekers", obj="seeker",
       query=lambda w: {"q": w.seeker["last_name"]},
       anonymous=401, admin=SEEN, consultant=(SEEN, HIDDEN), employer=403,
       seeker=403, partner=(SEEN, HIDDEN)),
    Op("POST /v1/seekers",
       body=lambda w, role, pick: seeker_body(municipality_code=w.code),
       anonymous=401, admin=201, consultant=(201, 422), employer=403,
       seeker=403, partner=(201, 422)),
    Op("POST /v1/seekers/batch",
       query=lambda w: {"atomic": "true"},
       body=lambda w, role, pick: {"items": [seeker_body(
           municipality_code=w.code)]},
       anonymous=401, admin=200, consultant=(200, 422), employer=403,
       seeker=403, partner=(200, 422)),
    Op("GET /v1/seekers/{id}", obj="seeker",
       anonymous=401, admin=200, consultant=(200, 404), employer=403,
       seeker=(200, 404), partner=(200, 404)),
    Op("PATCH /v1/seekers/{id}", obj="seeker",
       body=lambda w, role, pick: {"phone": "+45 20 30 40 50"},
       anonymous=401, admin=200, consultant=(200, 404), employer=403,
       seeker=(200, 404), partner=403),
    Op("GET /v1/seekers/{id}/matches", obj="seeker",
       anonymous=401, admin=200, consultant=(200, 404), employer=403,
       seeker=(200, 404), partner=(200, 404)),
    Op("GET /v1/seekers/{id}/export", obj="seeker",
       anonymous=401, admin=200, consultant=(200, 404), employer=403,
       seeker=(200, 404), partner=403),
    Op("POST /v1/seekers/{id}/erase", obj="seeker", fresh=True,
       anonymous=401, admin=204, consultant=(204, 404), employer=403,
       seeker=403, partner=403),

    # --- applications -----------------------------------------------------
    Op("GET /v1/applications", obj="application",
       query=lambda w: {"seeker_id": w.seeker["id"], "limit": 100},
       anonymous=401, admin=SEEN, consultant=(SEEN, HIDDEN),
       employer=(SEEN, HIDDEN), seeker=(SEEN, HIDDEN),
       partner=(SEEN, HIDDEN)),
    Op("POST /v1/applications", body=_application_body,
       anonymous=401, admin=201, consultant=(201, 422), employer=403,
       seeker=(201, 422), partner=403),
    Op("GET /v1/applications/{id}", obj="application",
       anonymous=401, admin=200, consultant=(200, 404), employer=(200, 404),
       seeker=(200, 404), partner=(200, 404)),
    Op("POST /v1/applications/{id}/transitions", obj="application",
       fresh=True, body=_transition_body,
       anonymous=401, admin=200, consultant=(200, 404), employer=(200, 404),
       seeker=(200, 404), partner=403),
    Op("GET /v1/applications/{id}/history", obj="application",
       anonymous=401, admin=200, consultant=(200, 404), employer=(200, 404),
       seeker=(200, 404), partner=(200, 404)),

    # --- interviews -------------------------------------------------------
    Op("GET /v1/interviews", obj="interview",
       query=lambda w: {"application_id": w.application["id"],
                        "limit": 100},
       anonymous=401, admin=SEEN, consultant=(SEEN, HIDDEN),
       employer=(SEEN, HIDDEN), seeker=(SEEN, HIDDEN),
       partner=(SEEN, HIDDEN)),
    Op("POST /v1/interviews", body=_interview_body,
       anonymous=401, admin=201, consultant=(201, 422), employer=(201, 422),
       seeker=403, partner=403),
    Op("GET /v1/interviews.ics", obj="interview", find="ics",
       query=lambda w: {"seeker_id": w.seeker["id"]},
       anonymous=401, admin=SEEN, consultant=(SEEN, HIDDEN),
       employer=(SEEN, HIDDEN), seeker=(SEEN, HIDDEN),
       partner=(SEEN, HIDDEN)),
    Op("GET /v1/interviews/{id}", obj="interview",
       anonymous=401, admin=200, consultant=(200, 404), employer=(200, 404),
       seeker=(200, 404), partner=(200, 404)),
    Op("PATCH /v1/interviews/{id}", obj="interview",
       body=lambda w, role, pick: {"location": "Mødelokale 2"},
       anonymous=401, admin=200, consultant=(200, 404), employer=(200, 404),
       seeker=403, partner=403),

    # --- placements -------------------------------------------------------
    Op("GET /v1/placements", obj="placement",
       query=lambda w: {"seeker_id": w.seeker["id"], "limit": 100},
       anonymous=401, admin=SEEN, consultant=(SEEN, HIDDEN),
       employer=(SEEN, HIDDEN), seeker=(SEEN, HIDDEN),
       partner=(SEEN, HIDDEN)),
    Op("POST /v1/placements", body=_placement_body,
       anonymous=401, admin=201, consultant=(201, 422), employer=(201, 422),
       seeker=403, partner=403),
    Op("GET /v1/placements/{id}", obj="placement",
       anonymous=401, admin=200, consultant=(200, 404), employer=(200, 404),
       seeker=(200, 404), partner=(200, 404)),
    Op("POST /v1/placements/{id}/end", obj="placement", fresh=True,
       body=lambda w, role, pick: {
           "end_date": datetime.date.today().isoformat(),
           "reason": "contract_ended"},
       anonymous=401, admin=200, consultant=(200, 404), employer=(200, 404),
       seeker=403, partner=403),

    # --- paperwork of a placement ({step}: contract_signed) ---------------
    Op("GET /v1/placements/{id}/paperwork", obj="placement",
       anonymous=401, admin=200, consultant=(200, 404), employer=(200, 404),
       seeker=(200, 404), partner=(200, 404)),
    Op("PATCH /v1/placements/{id}/paperwork/{step}", obj="placement",
       fresh=True, body=lambda w, role, pick: {"status": "done"},
       anonymous=401, admin=200, consultant=(200, 404), employer=(200, 404),
       seeker=403, partner=403),

    # --- documents of a placement (obj "document": {id} is its placement,
    # {document_id} the document; a bytes body is the file itself) --------
    Op("GET /v1/placements/{id}/documents", obj="document",
       anonymous=401, admin=SEEN, consultant=(SEEN, 404),
       employer=(SEEN, 404), seeker=(SEEN, 404), partner=403),
    Op("POST /v1/placements/{id}/documents", obj="document",
       query=lambda w: {"filename": "matrix.pdf"},
       body=lambda w, role, pick: TINY_PDF,
       anonymous=401, admin=201, consultant=(201, 404),
       employer=(201, 404), seeker=(201, 404), partner=403),
    Op("GET /v1/placements/{id}/documents/{document_id}", obj="document",
       anonymous=401, admin=200, consultant=(200, 404), employer=(200, 404),
       seeker=(200, 404), partner=403),
    # Admin uploaded it: only admin and consultants may delete it.
    Op("DELETE /v1/placements/{id}/documents/{document_id}",
       obj="document", fresh=True,
       anonymous=401, admin=204, consultant=(204, 404), employer=(403, 404),
       seeker=(403, 404), partner=403),

    # --- follow-ups -------------------------------------------------------
    Op("GET /v1/follow-ups", obj="follow_up",
       query=lambda w: {"placement_id": w.placement["id"], "limit": 100},
       anonymous=401, admin=SEEN, consultant=(SEEN, HIDDEN),
       employer=(SEEN, HIDDEN), seeker=(SEEN, HIDDEN),
       partner=(SEEN, HIDDEN)),
    Op("GET /v1/follow-ups/{id}", obj="follow_up",
       anonymous=401, admin=200, consultant=(200, 404), employer=(200, 404),
       seeker=(200, 404), partner=(200, 404)),
    Op("POST /v1/follow-ups/{id}/record", obj="follow_up", fresh=True,
       body=lambda w, role, pick: {"still_employed": True},
       anonymous=401, admin=200, consultant=(200, 404), employer=403,
       seeker=403, partner=403),

    # --- statistics and caseloads: figures of the world's municipality ---
    Op("GET /v1/stats/retention", obj="placement", find="retention",
       query=lambda w: {"municipality_code": w.code},
       anonymous=401, admin=SEEN, consultant=(SEEN, HIDDEN),
       employer=(SEEN, HIDDEN), seeker=403, partner=(SEEN, HIDDEN)),
    Op("GET /v1/stats/outcomes", obj="placement", find="retention",
       query=lambda w: {"municipality_code": w.code},
       anonymous=401, admin=SEEN, consultant=(SEEN, HIDDEN),
       employer=(SEEN, HIDDEN), seeker=403, partner=(SEEN, HIDDEN)),
    Op("GET /v1/stats/overview", obj="placement", find="overview",
       query=lambda w: {"municipality_code": w.code},
       anonymous=401, admin=SEEN, consultant=(SEEN, HIDDEN),
       employer=(SEEN, HIDDEN), seeker=403, partner=(SEEN, HIDDEN)),
    Op("GET /v1/stats/fidelity", obj="placement", find="fidelity",
       query=lambda w: {"municipality_code": w.code},
       anonymous=401, admin=SEEN, consultant=(SEEN, HIDDEN), employer=403,
       seeker=403, partner=(SEEN, HIDDEN)),
    Op("GET /v1/caseloads", obj="consultant", find="consultant_id",
       query=lambda w: {"consultant_id": w.consultant.id},
       anonymous=401, admin=SEEN, consultant=(SEEN, HIDDEN), employer=403,
       seeker=403, partner=(SEEN, HIDDEN)),

    # --- the audit trail: admin only ---
    Op("GET /v1/audit-events", obj="seeker", find="seeker_id",
       query=lambda w: {"seeker_id": w.seeker["id"]},
       anonymous=401, admin=SEEN, consultant=403, employer=403,
       seeker=403, partner=403),
]
