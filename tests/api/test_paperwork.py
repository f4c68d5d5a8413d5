"""/v1/placements/{id}/paperwork — the checklist each placement gets for
its job type (contract, approvals, subsidy, union, first payslip).

The contract: api-spec/openapi.yaml (getPlacementPaperwork,
updatePlacementPaperwork). Read by whoever may read the placement (the
step's note is a case note: null for employers and partners); marked by
admins, consultants in scope and the placement's employer. The checklist
has one ETag; a PATCH answers the whole checklist. Open steps past due
are counted in /v1/caseloads and on each follow-up of the placement."""
from datetime import datetime, timedelta, timezone

import pytest

from conftest import OTHER_CODE
from support import ANONYMOUS, check, problem_slug

MISSING_ID = "00000000-0000-4000-8000-000000000000"
SKAANEJOB = ["municipality_approval", "contract_signed",
             "union_information_given", "first_payslip_checked"]
FLEKSJOB = ["municipality_approval", "contract_signed",
            "wage_subsidy_granted", "union_information_given",
            "first_payslip_checked"]
DUE_DAYS = {"municipality_approval": 0, "contract_signed": 0,
            "wage_subsidy_granted": 30, "union_information_given": 14,
            "first_payslip_checked": 45}


# --- helpers ----------------------------------------------------------------

def today():
    return datetime.now(timezone.utc).date()


def path(placement, step=None):
    p = f"/v1/placements/{placement['id']}/paperwork"
    return p if step is None else f"{p}/{step}"


def read(api, who, placement, status=200):
    return check(api.get(path(placement), token=who.token), status)


def mark(api, who, placement, step, body, status=200, headers=None):
    return check(api.patch(path(placement, step), json=body,
                           token=who.token, headers=headers), status)


def steps(checklist):
    return {s["step"]: s for s in checklist["steps"]}


@pytest.fixture
def office(make):
    """A seeker in 0101 with a user of their own, an employer user whose
    job the seeker is placed in (skånejob, started today)."""
    seeker = make.seeker()
    me = make.user("seeker", seeker_id=seeker["id"])
    boss = make.user("employer")
    job = make.job(employer={"id": boss.employer_id,
                             "municipality_code": "0101"},
                   status="published")
    placement = make.placement(application=make.offered_application(
        seeker=seeker, job=job))
    return {"seeker": seeker, "me": me, "boss": boss, "placement": placement}


# --- reading ----------------------------------------------------------------

def test_a_new_placement_has_the_steps_of_its_job_type(api, make, admin):
    start = today() - timedelta(days=20)
    for job_type, expected in (("skaanejob", SKAANEJOB),
                               ("fleksjob", FLEKSJOB)):
        p = make.placement(start_date=start.isoformat(), job_type=job_type)
        resp = read(api, admin, p)
        body = resp.body
        assert resp.headers["ETag"]
        assert body["placement_id"] == p["id"]
        assert body["job_type"] == job_type
        assert body["placement_status"] == "active"
        assert [s["step"] for s in body["steps"]] == expected
        assert [s["position"] for s in body["steps"]] == \
            sorted(s["position"] for s in body["steps"])
        for s in body["steps"]:
            due = start + timedelta(days=DUE_DAYS[s["step"]])
            assert s["due_on"] == due.isoformat(), s
            assert (s["status"], s["done_on"], s["done_by"], s["note"]) == \
                ("open", None, None, None)
            assert s["overdue"] == (due < today()), s
            assert s["title"]
        overdue = sum(s["overdue"] for s in body["steps"])
        assert body["summary"] == {"total": len(expected),
                                   "open": len(expected), "done": 0,
                                   "not_needed": 0, "overdue": overdue,
                                   "done_late": 0}


def test_conditional_get(api, make, admin):
    p = make.placement()
    resp = read(api, admin, p)
    again = check(api.get(path(p), token=admin.token,
                          headers={"If-None-Match": resp.headers["ETag"]}),
                  304)
    assert again.headers["ETag"] == resp.headers["ETag"]


# --- marking ----------------------------------------------------------------

def test_mark_done_with_if_match(api, make, admin):
    p = make.placement(start_date=(today() - timedelta(days=3)).isoformat())
    tag = read(api, admin, p).headers["ETag"]

    resp = mark(api, admin, p, "contract_signed",
                {"status": "done", "note": "Underskrevet i dag."},
                headers={"If-Match": tag})
    step = steps(resp.body)["contract_signed"]
    assert step["status"] == "done"
    assert step["done_on"] == today().isoformat()       # default: today
    assert step["done_by"] == admin.id
    assert step["note"] == "Underskrevet i dag."
    assert step["overdue"] is False
    assert resp.body["summary"]["done"] == 1
    new_tag = resp.headers["ETag"]
    assert new_tag != tag
    assert read(api, admin, p).body == resp.body

    # the old ETag no longer matches: 412, nothing stored
    resp = mark(api, admin, p, "union_information_given", {"status": "done"},
                status=412, headers={"If-Match": tag})
    assert problem_slug(resp) == "precondition-failed"
    assert steps(read(api, admin, p).body)["union_information_given"][
        "status"] == "open"
    mark(api, admin, p, "union_information_given",
         {"status": "done", "done_on": today().isoformat()},
         headers={"If-Match": new_tag})


def test_done_on_a_past_day_then_reopen_and_not_needed(api, make, admin):
    p = make.placement(start_date=(today() - timedelta(days=60)).isoformat(),
                       job_type="fleksjob")
    body = mark(api, admin, p, "wage_subsidy_granted",
                {"status": "done", "done_on": today().isoformat()}).body
    step = steps(body)["wage_subsidy_granted"]
    assert step["done_on"] == today().isoformat()
    assert body["summary"]["done_late"] == 1        # due at day 30

    # a note alone keeps status, done_on and done_by
    body = mark(api, admin, p, "wage_subsidy_granted", {"note": "Bevilget"}
                ).body
    assert steps(body)["wage_subsidy_granted"] == dict(
        step, note="Bevilget", updated_at=steps(body)[
            "wage_subsidy_granted"]["updated_at"])

    body = mark(api, admin, p, "wage_subsidy_granted", {"status": "open"}
                ).body
    step = steps(body)["wage_subsidy_granted"]
    assert (step["status"], step["done_on"], step["done_by"],
            step["overdue"]) == ("open", None, None, True)

    body = mark(api, admin, p, "municipality_approval",
                {"status": "not_needed", "note": None}).body
    step = steps(body)["municipality_approval"]
    assert (step["status"], step["done_on"], step["done_by"],
            step["overdue"]) == ("not_needed", None, admin.id, False)
    assert body["summary"]["not_needed"] == 1


def test_an_ended_placement_can_still_be_completed(api, make, admin):
    p = make.placement(start_date=(today() - timedelta(days=50)).isoformat())
    check(api.post(f"/v1/placements/{p['id']}/end", json={
        "end_date": today().isoformat(), "reason": "contract_ended"},
        token=admin.token), 200)
    body = mark(api, admin, p, "first_payslip_checked",
                {"status": "done"}).body
    assert body["placement_status"] == "ended"
    assert steps(body)["first_payslip_checked"]["status"] == "done"


# --- bad input: 4xx problem+json, nothing stored ----------------------------

def test_unknown_step_is_404_naming_the_steps(api, make, admin):
    p = make.placement()                                # skånejob
    before = read(api, admin, p).body
    resp = mark(api, admin, p, "wage_subsidy_granted", {"status": "done"},
                status=404)                             # fleksjob only
    assert problem_slug(resp) == "not-found"
    assert "wage_subsidy_granted" in resp.body["detail"]
    assert "contract_signed" in resp.body["detail"]
    for bad in ("no_such_step", "Contract_Signed", "x" * 64, "a-b"):
        mark(api, admin, p, bad, {"status": "done"}, status=404)
    check(api.patch(path({"id": MISSING_ID}, "contract_signed"),
                    json={"status": "done"}, token=admin.token), 404)
    check(api.get(path({"id": MISSING_ID}), token=admin.token), 404)
    check(api.get("/v1/placements/not-a-uuid/paperwork", token=admin.token),
          404)
    assert read(api, admin, p).body == before


@pytest.mark.parametrize("body,field,code", [
    ({"status": "done", "done_on": "2099-01-01"}, "done_on", "out_of_range"),
    ({"status": "done", "done_on": "2020-01-01"}, "done_on", "out_of_range"),
    ({"status": "open", "done_on": "TODAY"}, "done_on", "invalid_value"),
    ({"status": "not_needed", "done_on": "TODAY"}, "done_on",
     "invalid_value"),
])
def test_bad_dates_are_422(api, make, admin, body, field, code):
    p = make.placement()
    before = read(api, admin, p).body
    body = {k: today().isoformat() if v == "TODAY" else v
            for k, v in body.items()}
    resp = mark(api, admin, p, "contract_signed", body, status=422)
    assert resp.field_errors() == {field: code}, resp
    assert read(api, admin, p).body == before


def test_done_on_before_the_application_is_422(api, make, admin):
    """The application is made today, so yesterday is before it."""
    p = make.placement(start_date=(today() - timedelta(days=5)).isoformat())
    before = read(api, admin, p).body
    resp = mark(api, admin, p, "contract_signed", {
        "status": "done",
        "done_on": (today() - timedelta(days=1)).isoformat()}, status=422)
    assert resp.field_errors() == {"done_on": "out_of_range"}
    assert "before the application" in str(resp.body)
    assert read(api, admin, p).body == before


@pytest.mark.parametrize("body,field", [
    ({"status": "finished"}, "status"), ({"status": None}, "status"),
    ({"status": 1}, "status"), ({"done_on": "2026-02-30"}, "done_on"),
    ({"done_on": None}, "done_on"), ({"note": "x" * 2001}, "note"),
    ({"done_by": MISSING_ID}, "done_by")])
def test_bad_body_is_422(api, make, admin, body, field):
    p = make.placement()
    before = read(api, admin, p).body
    resp = mark(api, admin, p, "contract_signed", body, status=422)
    assert problem_slug(resp) == "validation-failed"
    assert list(resp.field_errors()) == [field], resp
    assert read(api, admin, p).body == before


# --- who may read and mark --------------------------------------------------

def test_who_may_read(api, make, admin, as_role, office):
    p = office["placement"]
    readers = [admin, as_role("consultant"), office["me"], office["boss"],
               as_role("partner")]
    for who in readers:
        assert read(api, who, p).body["placement_id"] == p["id"], who.role
    outsiders = [make.user("consultant", municipality_codes=[OTHER_CODE]),
                 make.user("partner", municipality_codes=[OTHER_CODE]),
                 make.user("employer"),
                 make.user("seeker", seeker_id=make.seeker()["id"])]
    for who in outsiders:
        resp = read(api, who, p, status=404)
        assert problem_slug(resp) == "not-found", who.role
    check(api.get(path(p), token=ANONYMOUS.token), 401)


def test_who_may_mark(api, make, admin, as_role, office):
    p = office["placement"]
    mark(api, admin, p, "contract_signed", {"status": "done"})
    mark(api, as_role("consultant"), p, "union_information_given",
         {"status": "done"})
    body = mark(api, office["boss"], p, "municipality_approval",
                {"status": "done"}).body
    assert steps(body)["municipality_approval"]["done_by"] == \
        office["boss"].id
    before = read(api, admin, p).body
    for who in (office["me"], as_role("partner"),
                make.user("seeker", seeker_id=make.seeker()["id"])):
        resp = mark(api, who, p, "first_payslip_checked", {"status": "done"},
                    status=403)
        assert problem_slug(resp) == "forbidden", who.role
    for who in (make.user("consultant", municipality_codes=[OTHER_CODE]),
                make.user("employer")):
        mark(api, who, p, "first_payslip_checked", {"status": "done"},
             status=404)
    check(api.patch(path(p, "first_payslip_checked"),
                    json={"status": "done"}, token=ANONYMOUS.token), 401)
    assert read(api, admin, p).body == before


def test_note_is_a_case_note(api, admin, as_role, office):
    """Admin, consultant and the seeker read it; employer and partner get
    null, also when the employer wrote it."""
    p = office["placement"]
    mark(api, admin, p, "contract_signed", {"note": "Aftalt med Lone."})
    written = mark(api, office["boss"], p, "municipality_approval",
                   {"note": "Fra arbejdsgiveren."}).body
    assert steps(written)["municipality_approval"]["note"] is None
    readers = {"admin": admin, "consultant": as_role("consultant"),
               "seeker": office["me"], "employer": office["boss"],
               "partner": as_role("partner")}
    for role, who in readers.items():
        sees = role in ("admin", "consultant", "seeker")
        got = steps(read(api, who, p).body)
        assert got["contract_signed"]["note"] == \
            ("Aftalt med Lone." if sees else None), role
        assert got["municipality_approval"]["note"] == \
            ("Fra arbejdsgiveren." if sees else None), role


# --- overdue paperwork in caseloads and follow-ups --------------------------

def test_overdue_shows_in_caseloads_and_follow_ups(api, make, admin):
    code = make.fresh_municipality()
    consultant = make.user("consultant", municipality_codes=[code])
    seeker = make.seeker(municipality_code=code, consultant_id=consultant.id)
    # skånejob started 20 days ago: approval, contract (day 0) and union
    # information (day 14) are overdue; the first payslip (day 45) is not
    p = make.placement(application=make.offered_application(seeker=seeker),
                       start_date=(today() - timedelta(days=20)).isoformat())

    def caseload():
        return check(api.get("/v1/caseloads", query={
            "consultant_id": consultant.id}, token=consultant.token),
            200).body["data"][0]["paperwork_overdue"]

    def on_follow_ups():
        return {f["paperwork_overdue"] for f in check(api.get(
            "/v1/follow-ups", query={"placement_id": p["id"]},
            token=consultant.token), 200).body["data"]}

    assert read(api, consultant, p).body["summary"]["overdue"] == 3
    assert caseload() == 3
    assert on_follow_ups() == {3}
    mark(api, consultant, p, "contract_signed", {"status": "done"})
    mark(api, consultant, p, "municipality_approval",
         {"status": "not_needed"})
    assert caseload() == 1
    assert on_follow_ups() == {1}
    fu = check(api.get("/v1/follow-ups", query={"placement_id": p["id"]},
                       token=consultant.token), 200).body["data"][0]
    assert check(api.get(f"/v1/follow-ups/{fu['id']}",
                         token=consultant.token), 200).body[
        "paperwork_overdue"] == 1
