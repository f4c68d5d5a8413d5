"""/v1/caseloads — each consultant's job seekers counted by stage, with
overdue follow-ups and upcoming interviews.

The contract: api-spec/openapi.yaml (tag `caseloads`) and
api-spec/README.md ("Caseloads"). Admins see every
consultant; consultants themselves and those sharing one of their
municipalities; partners the consultants with one of the partner's
municipalities; employers and seekers 403, anonymous 401. The counts are
over the consultant's seekers that the caller may see (as in GET
/v1/seekers). A list: limit, cursor, next_cursor, Link."""
from datetime import datetime, timedelta, timezone

import pytest

from support import ANONYMOUS, check, problem_slug

STAGES = ["searching", "submitted", "in_review", "interview", "offered",
          "placed", "paused", "inactive"]
MISSING_ID = "00000000-0000-4000-8000-000000000000"


def today():
    return datetime.now(timezone.utc).date()


def caseloads(api, who, **query):
    """Every item `who` gets for `query`, all pages (limit 100)."""
    query.setdefault("limit", 100)
    items, cursor = [], None
    while True:
        if cursor:
            query["cursor"] = cursor
        body = check(api.get("/v1/caseloads", query=query, token=who.token),
                     200).body
        items += body["data"]
        cursor = body["next_cursor"]
        if not cursor:
            return items


def ids(items):
    return [c["consultant_id"] for c in items]


def one(api, who, consultant):
    """The caseload item of `consultant` as `who` sees it."""
    got = caseloads(api, who, consultant_id=consultant.id)
    assert ids(got) == [consultant.id], got
    return got[0]


def stages(**counts):
    out = {s: 0 for s in STAGES}
    out.update(counts)
    return out


@pytest.fixture(scope="module")
def office(api, make, admin):
    """Consultant `mette` (municipality `home`) with nine seekers, one per
    stage and one more searching who lives in `away` (assigned to her but
    outside her and the partner's municipality); her colleague `lars` also
    in `home`; `retired`, a deactivated consultant in `home`; `ole`, a
    consultant in `elsewhere` with nobody.

    The placed seeker started 40 days ago, so the month-1 follow-up is
    overdue; the interview seeker has one scheduled interview in the
    future and one cancelled."""
    home = make.fresh_municipality()
    away = make.fresh_municipality()
    elsewhere = make.fresh_municipality()
    mette = make.user("consultant", municipality_codes=[home])
    lars = make.user("consultant", municipality_codes=[home])
    ole = make.user("consultant", municipality_codes=[elsewhere])

    def seeker(code=home, **fields):
        return make.seeker(municipality_code=code, consultant_id=mette.id,
                           **fields)

    def move(app, *tos):
        for to in tos:
            app = check(api.post(f"/v1/applications/{app['id']}/transitions",
                                 json={"to": to}, token=admin.token),
                        200).body
        return app

    seeker()                                                   # searching
    seeker(away)                                               # searching
    make.application(seeker=seeker())                          # submitted
    move(make.application(seeker=seeker()), "in_review")       # in_review
    interviewing = make.application(seeker=seeker())
    make.interview(application=interviewing)                   # interview
    interviewing = check(api.get(
        f"/v1/applications/{interviewing['id']}", token=admin.token),
        200).body
    cancelled = make.interview(application=interviewing)
    check(api.patch(f"/v1/interviews/{cancelled['id']}",
                    json={"status": "cancelled"}, token=admin.token), 200)
    make.offered_application(seeker=seeker())                  # offered
    make.placement(application=make.offered_application(seeker=seeker()),
                   start_date=(today() - timedelta(days=40)).isoformat())
    seeker(status="paused")                                    # paused
    seeker(status="inactive")                                  # inactive

    retired = make.user("consultant", municipality_codes=[home])
    check(api.patch(f"/v1/users/{retired.id}", json={"active": False},
                    token=admin.token), 200)
    return {"home": home, "away": away, "elsewhere": elsewhere,
            "mette": mette, "lars": lars, "ole": ole, "retired": retired}


WHOLE = {"seekers": 9,
         "stages": stages(searching=2, submitted=1, in_review=1, interview=1,
                          offered=1, placed=1, paused=1, inactive=1),
         "follow_ups_overdue": 1, "interviews_upcoming": 1}
IN_HOME = {"seekers": 8,
           "stages": stages(searching=1, submitted=1, in_review=1,
                            interview=1, offered=1, placed=1, paused=1,
                            inactive=1),
           "follow_ups_overdue": 1, "interviews_upcoming": 1}


def counts(item):
    return {k: item[k] for k in ("seekers", "stages", "follow_ups_overdue",
                                 "interviews_upcoming")}


def test_admin_sees_the_whole_caseload(api, admin, office):
    mette = office["mette"]
    item = one(api, admin, mette)
    assert item["name"] and item["email"] == mette.email
    assert item["municipality_codes"] == [office["home"]]
    assert counts(item) == WHOLE


def test_consultant_sees_their_own_whole_caseload(api, office):
    """Her seeker in `away` is in her caseload, so she sees it."""
    assert counts(one(api, office["mette"], office["mette"])) == WHOLE


def test_colleague_sees_the_part_in_their_municipality(api, office):
    assert counts(one(api, office["lars"], office["mette"])) == IN_HOME


def test_partner_sees_the_part_in_their_municipality(api, make, office):
    partner = make.user("partner", municipality_codes=[office["home"]])
    assert counts(one(api, partner, office["mette"])) == IN_HOME


def test_who_is_listed(api, make, admin, office):
    """Newest first; deactivated consultants too; only consultants."""
    home = office["home"]
    mine = [office["retired"].id, office["lars"].id, office["mette"].id]
    assert ids(caseloads(api, admin, municipality_code=home)) == mine
    assert ids(caseloads(api, office["mette"])) == mine
    assert ids(caseloads(api, office["lars"], municipality_code=home)) == \
        mine
    partner = make.user("partner", municipality_codes=[home])
    assert ids(caseloads(api, partner)) == mine
    # a partner of two municipalities sees the consultants of both
    both = make.user("partner", municipality_codes=[
        home, office["elsewhere"]])
    assert set(ids(caseloads(api, both))) == set(mine) | {office["ole"].id}


def test_nobody_else_is_counted_in(api, admin, office):
    """Lars, Ole and the retired consultant have no seekers: every count
    is 0 and every stage key is there."""
    for who in ("lars", "ole", "retired"):
        item = one(api, admin, office[who])
        assert counts(item) == {"seekers": 0, "stages": stages(),
                                "follow_ups_overdue": 0,
                                "interviews_upcoming": 0}


def test_stages_add_up(api, admin, office):
    for item in caseloads(api, admin, municipality_code=office["home"]):
        assert sorted(item["stages"]) == sorted(STAGES)
        assert sum(item["stages"].values()) == item["seekers"]


def test_out_of_scope_sees_nothing(api, make, office):
    """A consultant or partner of another municipality does not see Mette
    (not listed, also when asked for her by id)."""
    mette = office["mette"]
    ole = office["ole"]
    partner = make.user("partner", municipality_codes=[office["elsewhere"]])
    for who in (ole, partner):
        listed = ids(caseloads(api, who))
        assert mette.id not in listed
        assert office["lars"].id not in listed
        assert caseloads(api, who, consultant_id=mette.id) == []
    # Ole sees himself only (nobody else has his fresh municipality)
    assert ids(caseloads(api, ole)) == [ole.id]
    # a partner of the municipality where only her "away" seeker lives
    # sees no consultant: consultants are listed by their municipalities
    away = make.user("partner", municipality_codes=[office["away"]])
    assert mette.id not in ids(caseloads(api, away))


def test_filters(api, admin, office):
    mette = office["mette"]
    assert ids(caseloads(api, admin, consultant_id=mette.id,
                         municipality_code=office["home"])) == [mette.id]
    assert caseloads(api, admin, consultant_id=mette.id,
                     municipality_code=office["elsewhere"]) == []
    assert caseloads(api, admin, consultant_id=MISSING_ID) == []
    assert ids(caseloads(api, admin, municipality_code=office["elsewhere"])) \
        == [office["ole"].id]
    assert caseloads(api, admin, municipality_code=office["away"]) == []


def test_pagination(api, admin, office):
    query = {"municipality_code": office["home"], "limit": 1}
    seen, cursor, pages = [], None, 0
    while True:
        if cursor:
            query["cursor"] = cursor
        resp = check(api.get("/v1/caseloads", query=query,
                             token=admin.token), 200)
        pages += 1
        assert len(resp.body["data"]) == 1
        seen += ids(resp.body["data"])
        cursor = resp.body["next_cursor"]
        if not cursor:
            assert "Link" not in resp.headers
            break
        link = resp.headers["Link"]
        assert 'rel="next"' in link and "/v1/caseloads?" in link
        assert "cursor=" in link
    assert pages == 3
    assert seen == [office["retired"].id, office["lars"].id,
                    office["mette"].id]


def test_overdue_and_upcoming_follow_the_data(api, make, admin):
    """Recording the overdue follow-up and cancelling the interview bring
    both counts to 0."""
    code = make.fresh_municipality()
    consultant = make.user("consultant", municipality_codes=[code])
    seekers = [make.seeker(municipality_code=code,
                           consultant_id=consultant.id) for _ in range(2)]
    p = make.placement(application=make.offered_application(
        seeker=seekers[0]), start_date=(
            today() - timedelta(days=100)).isoformat())
    iv = make.interview(application=make.application(seeker=seekers[1]))
    item = one(api, consultant, consultant)
    # months 1 and 3 are overdue 100 days in
    assert (item["follow_ups_overdue"], item["interviews_upcoming"]) == \
        (2, 1)
    assert item["stages"] == stages(placed=1, interview=1)

    fus = check(api.get("/v1/follow-ups", query={
        "placement_id": p["id"], "status": "overdue"}, token=admin.token),
        200).body["data"]
    check(api.post(f"/v1/follow-ups/{fus[0]['id']}/record",
                   json={"still_employed": True}, token=admin.token), 200)
    check(api.patch(f"/v1/interviews/{iv['id']}",
                    json={"status": "cancelled"}, token=admin.token), 200)
    item = one(api, consultant, consultant)
    assert (item["follow_ups_overdue"], item["interviews_upcoming"]) == \
        (1, 0)


# --- who may ask, and bad queries -------------------------------------------

@pytest.mark.parametrize("role", ["admin", "consultant", "partner"])
def test_allowed_roles(api, as_role, role):
    resp = check(api.get("/v1/caseloads", query={"limit": 5},
                         token=as_role(role).token), 200)
    assert len(resp.body["data"]) <= 5


def test_consultant_always_sees_themselves(api, as_role):
    me = as_role("consultant")
    assert ids(caseloads(api, me, consultant_id=me.id)) == [me.id]


def test_employer_is_403(api, as_role):
    resp = check(api.get("/v1/caseloads", token=as_role("employer").token),
                 403)
    assert problem_slug(resp) == "forbidden"


def test_seeker_is_403(api, make):
    me = make.user("seeker", seeker_id=make.seeker()["id"])
    resp = check(api.get("/v1/caseloads", token=me.token), 403)
    assert problem_slug(resp) == "forbidden"


def test_anonymous_is_401(api):
    resp = check(api.get("/v1/caseloads", token=ANONYMOUS.token), 401)
    assert resp.headers["WWW-Authenticate"].startswith("Bearer")


def test_unknown_query_parameters_are_ignored(api, admin):
    check(api.get("/v1/caseloads", query={"colour": "blue", "limit": 1},
                  token=admin.token), 200)


@pytest.mark.parametrize("query, field, code", [
    ({"consultant_id": "nope"}, "consultant_id", "invalid_format"),
    ({"municipality_code": "12"}, "municipality_code", "invalid_format"),
    ({"municipality_code": "abcd"}, "municipality_code", "invalid_format"),
    ({"limit": "0"}, "limit", "out_of_range"),
    ({"limit": "101"}, "limit", "out_of_range"),
    ({"limit": "ten"}, "limit", None),
    ({"cursor": "garbage"}, "cursor", None),
])
def test_bad_query_is_400(api, admin, query, field, code):
    resp = check(api.get("/v1/caseloads", query=query, token=admin.token),
                 400)
    assert problem_slug(resp) == "bad-request"
    errors = resp.field_errors()
    assert list(errors) == [field]
    if code:
        assert errors[field] == code


def test_tampered_cursor_is_400(api, admin, office):
    cursor = check(api.get("/v1/caseloads", query={
        "municipality_code": office["home"], "limit": 1},
        token=admin.token), 200).body["next_cursor"]
    assert cursor
    tampered = cursor[:-2] + ("AA" if not cursor.endswith("AA") else "BB")
    resp = check(api.get("/v1/caseloads", query={
        "municipality_code": office["home"], "limit": 1,
        "cursor": tampered}, token=admin.token), 400)
    assert list(resp.field_errors()) == ["cursor"]


def test_cursor_of_another_list_is_400(api, admin, make):
    """Cursors are bound to the list that issued them."""
    make.seeker()
    make.seeker()
    cursor = check(api.get("/v1/seekers", query={"limit": 1},
                           token=admin.token), 200).body["next_cursor"]
    assert cursor
    resp = check(api.get("/v1/caseloads", query={"cursor": cursor},
                         token=admin.token), 400)
    assert resp.field_errors() == {"cursor": "invalid_format"}
