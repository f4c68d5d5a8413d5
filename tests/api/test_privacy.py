"""/v1/seekers/{id}/export and /v1/seekers/{id}/erase — a job seeker's
personal data on request (GDPR access and erasure).

The contract: api-spec/openapi.yaml (operations exportSeeker, eraseSeeker).
Export: admins, the seeker's consultants and the seeker themselves.
Erase: admins and consultants; 409 while a placement is active; the seeker
is anonymised (statistics kept) and 404 afterwards for all but admins."""
import pytest

from conftest import OTHER_CODE, PASSWORD
from support import ANONYMOUS, check, problem_slug

MISSING_ID = "00000000-0000-4000-8000-000000000000"


def export(api, seeker, who, status=200):
    return check(api.get(f"/v1/seekers/{seeker['id']}/export",
                         token=who.token), status)


def erase(api, seeker, who, status=204, headers=None):
    return check(api.post(f"/v1/seekers/{seeker['id']}/erase",
                          token=who.token, headers=headers), status)


@pytest.fixture
def consultant(make):
    return make.user("consultant")


@pytest.fixture
def person(make, consultant):
    """A seeker on `consultant`'s caseload with a login, an application in
    interview (with a reason) and a scheduled interview."""
    seeker = make.seeker(by=consultant)
    login = make.user("seeker", seeker_id=seeker["id"])
    app = make.application(seeker=seeker, by=consultant,
                           cover_note="Jeg kan godt lide dyr.")
    make.interview(application=app, by=consultant, location="Dyrehandlen")
    return seeker, login, app


def test_export_holds_everything(api, person, consultant, admin):
    seeker, login, app = person
    for who in (consultant, admin, login):
        body = export(api, seeker, who).body
        assert body["seeker"]["id"] == seeker["id"]
        assert [u["id"] for u in body["users"]] == [login.id]
        assert [a["id"] for a in body["applications"]] == [app["id"]]
        a = body["applications"][0]
        assert a["cover_note"] == "Jeg kan godt lide dyr."
        assert [e["to"] for e in a["history"]] == [
            "submitted", "in_review", "interview"]
        assert len(body["interviews"]) == 1
        assert body["placements"] == [] and body["follow_ups"] == []


@pytest.mark.parametrize("role", ["partner", "employer"])
def test_export_forbidden_roles(api, person, as_role, role):
    resp = export(api, person[0], as_role(role), 403)
    assert problem_slug(resp) == "forbidden"


def test_export_needs_a_token(api, person):
    export(api, person[0], ANONYMOUS, 401)


def test_export_out_of_scope_is_404(api, make, person):
    other = make.user("consultant", municipality_codes=[OTHER_CODE])
    export(api, person[0], other, 404)
    export(api, {"id": MISSING_ID}, make.admin, 404)
    someone = make.user("seeker", seeker_id=make.seeker()["id"])
    export(api, person[0], someone, 404)


def test_erase_anonymises_and_hides(api, make, person, consultant, admin,
                                    as_role):
    seeker, login, app = person
    erase(api, seeker, consultant)

    check(api.get(f"/v1/seekers/{seeker['id']}", token=consultant.token), 404)
    # The person's own access token died with the erasure.
    check(api.get(f"/v1/seekers/{seeker['id']}", token=login.token), 401)
    export(api, seeker, admin, 404)
    gone = check(api.get(f"/v1/seekers/{seeker['id']}", token=admin.token),
                 200).body
    assert gone["first_name"] == "Erased" and gone["email"] is None
    assert gone["birth_date"].endswith("-07-01")
    assert gone["status"] == "inactive"
    assert gone["consents"] == {"processing": False,
                                "share_with_employers": False}
    assert gone["municipality_code"] == seeker["municipality_code"]

    kept = check(api.get(f"/v1/applications/{app['id']}", token=admin.token),
                 200).body
    assert kept["status"] == "withdrawn" and kept["cover_note"] is None
    history = check(api.get(f"/v1/applications/{app['id']}/history",
                            token=admin.token), 200).body["data"]
    assert history[-1]["to"] == "withdrawn"
    assert all(e["reason"] is None for e in history)
    interviews = check(api.get("/v1/interviews", query={
        "application_id": app["id"]}, token=admin.token), 200).body["data"]
    assert [(i["status"], i["location"]) for i in interviews] == [
        ("cancelled", None)]

    # The login is gone too.
    resp = check(api.post("/v1/auth/token", json={
        "grant_type": "password", "username": login.email,
        "password": PASSWORD}), 400)
    assert resp.body["error"] == "invalid_grant"

    # Nobody changes or erases it again.
    erase(api, seeker, admin, 404)
    erase(api, seeker, consultant, 404)
    check(api.patch(f"/v1/seekers/{seeker['id']}", json={
        "first_name": "Igen"}, token=admin.token), 404)


def test_erase_refused_while_placed(api, make, consultant):
    seeker = make.seeker(by=consultant)
    make.placement(application=make.offered_application(seeker=seeker))
    resp = erase(api, seeker, consultant, 409)
    assert problem_slug(resp) == "conflict"
    still = check(api.get(f"/v1/seekers/{seeker['id']}",
                          token=consultant.token), 200).body
    assert still["first_name"] == seeker["first_name"]


def test_erase_if_match(api, make, consultant):
    seeker = make.seeker(by=consultant)
    erase(api, seeker, consultant, 412, headers={"If-Match": '"999"'})
    erase(api, seeker, consultant, 204,
          headers={"If-Match": f'"{seeker_version(api, seeker, consultant)}"'})


def seeker_version(api, seeker, who):
    resp = check(api.get(f"/v1/seekers/{seeker['id']}", token=who.token), 200)
    return resp.headers["ETag"].strip('"')


@pytest.mark.parametrize("role", ["seeker", "partner", "employer"])
def test_erase_forbidden_roles(api, make, as_role, role):
    seeker = make.seeker()
    resp = erase(api, seeker, as_role(role), 403)
    assert problem_slug(resp) == "forbidden"


def test_erase_needs_a_token(api, make):
    erase(api, make.seeker(), ANONYMOUS, 401)


def test_erase_out_of_scope_is_404(api, make):
    other = make.user("consultant", municipality_codes=[OTHER_CODE])
    erase(api, make.seeker(), other, 404)
    erase(api, {"id": MISSING_ID}, make.admin, 404)
