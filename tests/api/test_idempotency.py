"""Idempotency-Key on POST: a retried request is answered, not repeated."""
import threading
import uuid

from support import check, employer_body


def key():
    return str(uuid.uuid4())


def post_employer(api, admin, body, idem):
    return api.post("/v1/employers", json=body, token=admin.token,
                    headers={"Idempotency-Key": idem})


def test_same_key_same_body_answers_the_first_response(api, admin, db):
    body, idem = employer_body(), key()
    first = check(post_employer(api, admin, body, idem), 201)
    before = db.counts() if db else None
    again = check(post_employer(api, admin, body, idem), 201)
    assert again.body == first.body
    assert again.headers["Location"] == first.headers["Location"]
    assert again.headers["ETag"] == first.headers["ETag"]
    if db:
        assert db.counts() == before
    listed = check(api.get("/v1/employers", query={"cvr": body["cvr"]},
                           token=admin.token), 200)
    assert len(listed.body["data"]) == 1


def test_same_key_other_body_is_422(api, admin, db):
    idem = key()
    check(post_employer(api, admin, employer_body(), idem), 201)
    before = db.counts() if db else None
    resp = check(post_employer(api, admin, employer_body(), idem), 422)
    assert resp.field_errors() == {"Idempotency-Key": "mismatch"}
    if db:
        assert db.counts() == before


def test_same_key_on_another_endpoint_is_422(api, admin, make):
    idem = key()
    check(post_employer(api, admin, employer_body(), idem), 201)
    job = make.job()
    resp = check(api.post(f"/v1/jobs/{job['id']}/publish", token=admin.token,
                          headers={"Idempotency-Key": idem}), 422)
    assert resp.field_errors() == {"Idempotency-Key": "mismatch"}


def test_keys_belong_to_their_caller(api, admin, as_role):
    """Another user's identical key is a different key."""
    consultant = as_role("consultant")
    idem = key()
    check(post_employer(api, admin, employer_body(), idem), 201)
    resp = check(api.post("/v1/employers", json=employer_body(),
                          token=consultant.token,
                          headers={"Idempotency-Key": idem}), 201)
    assert resp.body["municipality_code"] == "0101"


def test_failed_request_stores_nothing(api, admin):
    """A 422 from validation or the database may be retried with the key."""
    idem, body = key(), employer_body()
    check(post_employer(api, admin, dict(body, municipality_code="9999"),
                        idem), 422)
    check(post_employer(api, admin, body, idem), 201)


def test_action_replay_does_not_move_twice(api, admin, make):
    job = make.job()
    idem = key()
    first = check(api.post(f"/v1/jobs/{job['id']}/publish", token=admin.token,
                           headers={"Idempotency-Key": idem}), 200)
    again = check(api.post(f"/v1/jobs/{job['id']}/publish", token=admin.token,
                           headers={"Idempotency-Key": idem}), 200)
    assert again.body == first.body
    # Without the key the second publish is an illegal move.
    check(api.post(f"/v1/jobs/{job['id']}/publish", token=admin.token), 409)


def test_concurrent_requests_with_one_key_create_one_row(api, admin):
    body, idem = employer_body(), key()
    results = []

    def send():
        results.append(post_employer(api, admin, body, idem))

    threads = [threading.Thread(target=send) for _ in range(4)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    statuses = sorted(r.status for r in results)
    assert set(statuses) <= {201, 409}, statuses
    assert 201 in statuses
    for r in results:
        check(r, r.status)
    created = {r.body["id"] for r in results if r.status == 201}
    assert len(created) == 1
    listed = check(api.get("/v1/employers", query={"cvr": body["cvr"]},
                           token=admin.token), 200)
    assert len(listed.body["data"]) == 1


def test_malformed_key_is_400(api, admin, db):
    before = db.counts() if db else None
    for bad in ("has space", "x" * 256):
        resp = check(post_employer(api, admin, employer_body(), bad), 400)
        assert "Idempotency-Key" in resp.field_errors()
    if db:
        assert db.counts() == before
