"""external_reference on seekers and jobs — a partner system's (job
centre's) own reference for the record (issue 10, item 4).

The contract: api-spec/openapi.yaml (schemas ExternalReference, Seeker,
Job; the 409 extension member existing_id of Problem). 1 to 100
characters or null, in create and patch, filterable with
?external_reference=. A seeker's is unique within their municipality: a
referral with a reference that already exists there is 409 with the
existing seeker's id (when the caller may see that seeker); the same
reference in another municipality is another case. Jobs' need not be
unique. Erasure clears a seeker's reference.
"""
import uuid

from support import check, problem_slug

OTHER_CODE = "0147"


def ref():
    return f"JC-{uuid.uuid4().hex[:12]}"


def seekers_with(api, who, reference, **query):
    return check(api.get("/v1/seekers", query=dict(
        external_reference=reference, **query), token=who.token), 200).body


def jobs_with(api, who, reference):
    return check(api.get("/v1/jobs", query={"external_reference": reference},
                         token=who.token), 200).body


# --- seekers ------------------------------------------------------------------

def test_seeker_reference_in_create_get_patch(api, make, admin):
    r = ref()
    s = make.seeker(external_reference=r)
    assert s["external_reference"] == r
    got = check(api.get(f"/v1/seekers/{s['id']}", token=admin.token),
                200).body
    assert got["external_reference"] == r

    r2 = ref()
    path = f"/v1/seekers/{s['id']}"
    assert check(api.patch(path, json={"external_reference": r2},
                           token=admin.token), 200).body[
        "external_reference"] == r2
    # absent: unchanged; null: cleared
    assert check(api.patch(path, json={"phone": None}, token=admin.token),
                 200).body["external_reference"] == r2
    assert check(api.patch(path, json={"external_reference": None},
                           token=admin.token), 200).body[
        "external_reference"] is None

    plain = make.seeker()
    assert plain["external_reference"] is None


def test_seeker_reference_bad_values_are_422(api, admin):
    from support import seeker_body
    for bad in ["", "x" * 101, 42, ["a"]]:
        resp = check(api.post("/v1/seekers", json=seeker_body(
            external_reference=bad), token=admin.token), 422)
        assert "external_reference" in resp.field_errors(), bad


def test_seeker_list_filter(api, make, admin):
    r = ref()
    s = make.seeker(external_reference=r)
    make.seeker(external_reference=ref())
    make.seeker()
    page = seekers_with(api, admin, r)
    assert [x["id"] for x in page["data"]] == [s["id"]]
    assert seekers_with(api, admin, ref())["data"] == []
    # combined with the other filters
    assert seekers_with(api, admin, r, municipality_code=OTHER_CODE)[
        "data"] == []
    check(api.get("/v1/seekers", query={"external_reference": "x" * 101},
                  token=admin.token), 400)


def test_seeker_list_filter_stays_in_scope(api, make):
    """A partner of 0101 does not find a 0147 seeker by its reference."""
    partner = make.user("partner")
    r = ref()
    make.seeker(external_reference=r, municipality_code=OTHER_CODE)
    assert seekers_with(api, partner, r)["data"] == []


def test_referral_with_an_existing_reference_is_409_with_the_id(api, make,
                                                                admin):
    partner = make.user("partner")
    r = ref()
    first = make.seeker(by=partner, external_reference=r)
    for who in (partner, admin):
        from support import seeker_body
        resp = check(api.post("/v1/seekers", json=seeker_body(
            external_reference=r), token=who.token), 409)
        assert problem_slug(resp) == "conflict"
        assert resp.body["existing_id"] == first["id"], who.role
        assert "external_reference" in resp.body["detail"]
    # nothing was stored
    assert len(seekers_with(api, admin, r)["data"]) == 1


def test_same_reference_in_another_municipality_is_fine(api, make, admin):
    r = ref()
    a = make.seeker(external_reference=r)
    b = make.seeker(external_reference=r, municipality_code=OTHER_CODE)
    assert a["id"] != b["id"]
    found = {x["id"] for x in seekers_with(api, admin, r)["data"]}
    assert found == {a["id"], b["id"]}


def test_patch_to_a_taken_reference_is_409(api, make, admin):
    r = ref()
    first = make.seeker(external_reference=r)
    other = make.seeker(external_reference=ref())
    resp = check(api.patch(f"/v1/seekers/{other['id']}",
                           json={"external_reference": r},
                           token=admin.token), 409)
    assert resp.body["existing_id"] == first["id"]
    # moving into the municipality where the reference is taken, too
    third = make.seeker(external_reference=r, municipality_code=OTHER_CODE)
    resp = check(api.patch(f"/v1/seekers/{third['id']}",
                           json={"municipality_code": "0101"},
                           token=admin.token), 409)
    assert resp.body["existing_id"] == first["id"]
    # patching one's own reference to itself is no conflict
    check(api.patch(f"/v1/seekers/{first['id']}",
                    json={"external_reference": r}, token=admin.token), 200)


def test_409_without_the_id_for_a_caller_who_may_not_see_it(api, make,
                                                            admin):
    """A 0101 consultant with a 0147 seeker on their caseload: a 0147
    seeker off it holds the reference; the conflict does not say who."""
    consultant = make.user("consultant")
    mine = make.seeker(municipality_code=OTHER_CODE,
                       consultant_id=consultant.id)
    r = ref()
    hidden = make.seeker(municipality_code=OTHER_CODE, external_reference=r)
    check(api.get(f"/v1/seekers/{hidden['id']}", token=consultant.token),
          404)
    resp = check(api.patch(f"/v1/seekers/{mine['id']}",
                           json={"external_reference": r},
                           token=consultant.token), 409)
    assert "existing_id" not in resp.body
    assert hidden["id"] not in resp.raw.decode()


def test_a_seeker_may_not_set_their_own_reference(api, make):
    s = make.seeker()
    me = make.user("seeker", seeker_id=s["id"])
    resp = check(api.patch(f"/v1/seekers/{s['id']}",
                           json={"external_reference": ref()},
                           token=me.token), 422)
    assert resp.field_errors() == {"external_reference": "read_only"}


def test_erasure_clears_the_reference(api, make, admin):
    r = ref()
    s = make.seeker(external_reference=r)
    check(api.post(f"/v1/seekers/{s['id']}/erase", token=admin.token), 204)
    got = check(api.get(f"/v1/seekers/{s['id']}", token=admin.token),
                200).body
    assert got["external_reference"] is None
    # the reference is free again
    make.seeker(external_reference=r)


# --- jobs -----------------------------------------------------------------------

def test_job_reference_create_patch_filter(api, make, admin):
    r = ref()
    job = make.job(external_reference=r)
    assert job["external_reference"] == r
    assert [j["id"] for j in jobs_with(api, admin, r)["data"]] == [job["id"]]

    r2 = ref()
    path = f"/v1/jobs/{job['id']}"
    assert check(api.patch(path, json={"external_reference": r2},
                           token=admin.token), 200).body[
        "external_reference"] == r2
    assert jobs_with(api, admin, r)["data"] == []
    assert check(api.patch(path, json={"title": "Ny titel"},
                           token=admin.token), 200).body[
        "external_reference"] == r2
    assert check(api.patch(path, json={"external_reference": None},
                           token=admin.token), 200).body[
        "external_reference"] is None
    assert make.job()["external_reference"] is None


def test_job_references_need_not_be_unique(api, make, admin):
    r = ref()
    a = make.job(external_reference=r)
    b = make.job(external_reference=r)
    found = {j["id"] for j in jobs_with(api, admin, r)["data"]}
    assert found == {a["id"], b["id"]}


def test_job_reference_filter_keeps_drafts_hidden(api, make):
    """Anonymous callers find a published job by reference, not a draft."""
    r = ref()
    draft = make.job(external_reference=r)
    published = make.job(external_reference=r, status="published")
    found = {j["id"] for j in check(api.get(
        "/v1/jobs", query={"external_reference": r}), 200).body["data"]}
    assert published["id"] in found and draft["id"] not in found


def test_job_reference_bad_values_are_422(api, make, admin):
    job = make.job()
    for bad in ["", "x" * 101, 7]:
        resp = check(api.patch(f"/v1/jobs/{job['id']}",
                               json={"external_reference": bad},
                               token=admin.token), 422)
        assert "external_reference" in resp.field_errors(), bad
