"""/v1/placements/{id}/documents — the files of a placement (contract,
approval, payslip): the raw file is the request body, its type is what
its first bytes say (PDF, PNG, JPEG), at most 10 MiB; a download answers
with the bytes and the headers to save, never render, them.

The contract: api-spec/openapi.yaml (operations listPlacementDocuments,
uploadPlacementDocument, downloadPlacementDocument,
deletePlacementDocument)."""
import base64
import hashlib
import time
import urllib.parse

import pytest

from support import ANONYMOUS, check, problem_slug

MISSING_ID = "00000000-0000-4000-8000-000000000000"
MIB = 1024 * 1024

PDF = b"%PDF-1.4\n1 0 obj<</Type/Catalog>>endobj\ntrailer<</Root 1 0 R>>\n" \
    b"%%EOF\n"
# A 1x1 PNG and a tiny JPEG, whole and valid.
PNG = base64.b64decode(
    "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNk+M9Q"
    "DwADhgGAWjR9awAAAABJRU5ErkJggg==")
JPEG = base64.b64decode(
    "/9j/4AAQSkZJRgABAQEASABIAAD/2wBDAP//////////////////////////////"
    "////////////////////////////////////////////////////////wgALCAAB"
    "AAEBAREA/8QAFBABAAAAAAAAAAAAAAAAAAAAAP/aAAgBAQABPxA=")


def path(placement, doc=None):
    p = f"/v1/placements/{placement['id']}/documents"
    return p if doc is None else f"{p}/{doc['id']}"


def upload(api, placement, who, data, status=201, filename="contract.pdf",
           ctype="application/octet-stream", **query):
    query = dict(query)
    if filename is not None:
        query["filename"] = filename
    return check(api.post(path(placement), query=query, raw_body=data,
                          headers={"Content-Type": ctype},
                          token=who.token), status)


def listed(api, placement, who, status=200, **query):
    return check(api.get(path(placement), query=query, token=who.token),
                 status)


def download(api, placement, doc, who, status=200, headers=None):
    return check(api.get(path(placement, doc), token=who.token,
                         headers=dict({"Accept": "*/*"}, **(headers or {}))),
                 status)


def stored(db, placement):
    """Rows in placement_documents for placement (None without a DSN)."""
    if db is None:
        return None
    import psycopg2
    conn = psycopg2.connect(db.dsn, connect_timeout=5)
    try:
        with conn.cursor() as cur:
            cur.execute("SELECT count(*) FROM placement_documents "
                        "WHERE placement_id = %s", (placement["id"],))
            return cur.fetchone()[0]
    finally:
        conn.close()


@pytest.fixture
def placed(make):
    """(placement, its employer's user, its seeker's user)."""
    boss = make.user("employer")
    job = make.job(employer={"id": boss.employer_id,
                             "municipality_code": "0101"},
                   status="published")
    seeker = make.seeker()
    me = make.user("seeker", seeker_id=seeker["id"])
    app = make.offered_application(seeker=seeker, job=job)
    return make.placement(application=app), boss, me


@pytest.mark.parametrize("data,ctype", [(PDF, "application/pdf"),
                                        (PNG, "image/png"),
                                        (JPEG, "image/jpeg")])
def test_upload_and_download_each_type(api, admin, placed, data, ctype):
    placement, _, _ = placed
    # The stored type is what the bytes are, whatever the header said.
    doc = upload(api, placement, admin, data, filename="scan",
                 ctype="text/plain", title="Kontrakt").body
    assert doc["content_type"] == ctype
    assert doc["size"] == len(data)
    assert doc["sha256"] == hashlib.sha256(data).hexdigest()
    assert doc["placement_id"] == placement["id"]
    assert (doc["filename"], doc["title"]) == ("scan", "Kontrakt")
    assert (doc["uploaded_by"], doc["uploaded_by_role"]) == (admin.id,
                                                             "admin")

    resp = download(api, placement, doc, admin)
    assert resp.raw == data
    h = resp.headers
    assert h["Content-Type"] == ctype
    assert int(h["Content-Length"]) == len(data)
    assert h["Content-Disposition"] == \
        "attachment; filename=\"scan\"; filename*=UTF-8''scan"
    assert h["Cache-Control"] == "private, no-store"
    assert h["X-Content-Type-Options"] == "nosniff"
    assert h["ETag"] == f'"{doc["sha256"]}"'


def test_location_and_list(api, admin, placed):
    placement, _, _ = placed
    assert listed(api, placement, admin).body == {"data": [],
                                                  "next_cursor": None}
    resp = upload(api, placement, admin, PDF)
    first = resp.body
    assert resp.headers["Location"] == f"{path(placement)}/{first['id']}"
    second = upload(api, placement, admin, PNG, filename="id.png").body
    page = listed(api, placement, admin).body
    assert page == {"data": [second, first], "next_cursor": None}
    one = listed(api, placement, admin, limit=1)
    assert one.body["data"] == [second]
    assert "rel=\"next\"" in one.headers["Link"]
    rest = listed(api, placement, admin, limit=1,
                  cursor=one.body["next_cursor"]).body
    assert rest == {"data": [first], "next_cursor": None}


def test_download_conditional(api, admin, placed):
    placement, _, _ = placed
    doc = upload(api, placement, admin, PDF).body
    tag = f'"{doc["sha256"]}"'
    resp = download(api, placement, doc, admin, 304,
                    headers={"If-None-Match": tag})
    assert resp.raw == b"" and resp.headers["ETag"] == tag
    assert download(api, placement, doc, admin,
                    headers={"If-None-Match": '"other"'}).raw == PDF
    download(api, placement, doc, admin, 400,
             headers={"If-None-Match": "not a tag"})


def test_disposition_of_any_name(api, admin, placed):
    placement, _, _ = placed
    name = 'løn "maj"; x=1 \u00e6.pdf'
    doc = upload(api, placement, admin, PDF, filename=name).body
    assert doc["filename"] == name
    cd = download(api, placement, doc, admin).headers["Content-Disposition"]
    assert cd == ('attachment; filename="l__n _maj_; x=1 __.pdf"; '
                  "filename*=UTF-8''" +
                  urllib.parse.quote(name, safe="!#$&+-.^_`|~"))


@pytest.mark.parametrize("data,status,slug", [
    (b"", 422, "validation-failed"),
    (b"hello, this is a text file\n", 415, "unsupported-media-type"),
    (b"\x89PNG\r\n\x1a", 415, "unsupported-media-type"),    # truncated
    (b"<!DOCTYPE html><html><body>hi</body></html>", 415,
     "unsupported-media-type"),
    (b"%PDF-1.4\n" + b"\0" * (10 * MIB - 9 + 1), 413, "payload-too-large"),
])
def test_bad_files_are_refused(api, admin, placed, db, data, status, slug):
    placement, _, _ = placed
    # Content-Type: application/pdf changes nothing: the bytes decide.
    resp = upload(api, placement, admin, data, status,
                  ctype="application/pdf")
    assert resp.media_type == "application/problem+json"
    assert problem_slug(resp) == slug
    if status == 422:
        assert resp.field_errors() == {"body": "required"}
    assert listed(api, placement, admin).body["data"] == []
    assert stored(db, placement) in (0, None)


def test_ten_mib_is_the_limit(api, admin, placed):
    placement, _, _ = placed
    data = b"%PDF-1.7\n" + bytes(range(256)) * (10 * MIB // 256 - 1) + \
        b"x" * (256 - 9)
    assert len(data) == 10 * MIB
    t0 = time.monotonic()
    doc = upload(api, placement, admin, data).body
    t1 = time.monotonic()
    got = download(api, placement, doc, admin).raw
    t2 = time.monotonic()
    assert got == data and doc["size"] == 10 * MIB
    print(f"10 MiB: upload {t1 - t0:.3f}s, download {t2 - t1:.3f}s")


@pytest.mark.parametrize("name", ["a/b.pdf", "..", ".", "a\\b.pdf",
                                  "tab\there.pdf"])
def test_bad_filenames(api, admin, placed, db, name):
    placement, _, _ = placed
    resp = upload(api, placement, admin, PDF, 422, filename=name)
    assert resp.field_errors() == {"filename": "invalid_format"}
    assert stored(db, placement) in (0, None)


def test_filename_required_and_bounded(api, admin, placed):
    placement, _, _ = placed
    resp = upload(api, placement, admin, PDF, 422, filename=None)
    assert resp.field_errors() == {"filename": "required"}
    resp = upload(api, placement, admin, PDF, 400, filename="x" * 256)
    assert resp.field_errors() == {"filename": "too_long"}


def test_json_bodies_keep_their_limit(api, admin):
    """Kore takes 11 MiB now, for documents; JSON is still 1 MiB."""
    resp = check(api.post("/v1/employers", raw_body=b"{" + b" " * (MIB + 1)
                          + b"}", token=admin.token), 413)
    assert problem_slug(resp) == "payload-too-large"


def test_unknown_placement_and_document(api, admin, placed):
    placement, _, _ = placed
    missing = {"id": MISSING_ID}
    upload(api, missing, admin, PDF, 404)
    listed(api, missing, admin, 404)
    download(api, placement, missing, admin, 404)
    check(api.get(f"{path(placement)}/not-a-uuid", token=admin.token), 404)
    # A document of another placement is not found under this one.
    other = upload(api, placement, admin, PDF).body
    elsewhere = {"id": MISSING_ID}
    download(api, elsewhere, other, admin, 404)


def test_employer_and_seeker_of_the_placement(api, make, placed):
    placement, boss, me = placed
    mine = upload(api, placement, me, PDF, filename="cv.pdf").body
    assert mine["uploaded_by_role"] == "seeker"
    theirs = upload(api, placement, boss, JPEG, filename="id.jpg").body
    for who in (boss, me):
        ids = [d["id"] for d in listed(api, placement, who).body["data"]]
        assert ids == [theirs["id"], mine["id"]]
        assert download(api, placement, mine, who).raw == PDF
    # Another employer and another seeker: not found (never 403).
    stranger = make.user("employer")
    other = make.user("seeker", seeker_id=make.seeker()["id"])
    for who in (stranger, other):
        listed(api, placement, who, 404)
        download(api, placement, mine, who, 404)
        upload(api, placement, who, PDF, 404)
    # Only the uploader (or admin, consultant) deletes.
    check(api.delete(path(placement, mine), token=boss.token), 403)
    check(api.delete(path(placement, mine), token=me.token), 204)
    download(api, placement, mine, boss, 404)


def test_partner_and_anonymous(api, admin, as_role, placed):
    placement, _, _ = placed
    doc = upload(api, placement, admin, PDF).body
    partner = as_role("partner")
    listed(api, placement, partner, 403)
    download(api, placement, doc, partner, 403)
    upload(api, placement, partner, PDF, 403)
    check(api.delete(path(placement, doc), token=partner.token), 403)
    listed(api, placement, ANONYMOUS, 401)
    download(api, placement, doc, ANONYMOUS, 401)


def test_every_read_and_upload_is_audited(api, admin, make, placed):
    placement, boss, _ = placed
    doc = upload(api, placement, boss, PDF).body
    listed(api, placement, admin)
    download(api, placement, doc, admin)
    check(api.delete(path(placement, doc), token=admin.token), 204)
    events = check(api.get("/v1/audit-events", query={
        "seeker_id": placement["seeker_id"], "limit": 100},
        token=admin.token), 200).body["data"]
    got = [(e["action"], e["actor_id"]) for e in events
           if e["resource_type"] == "document" and
           e["resource_id"] == doc["id"]]
    assert got == [("document.deleted", admin.id),
                   ("document.downloaded", admin.id),
                   ("document.listed", admin.id),
                   ("document.uploaded", boss.id)]


def test_erasure_removes_documents(api, admin, make, placed, db):
    placement, _, _ = placed
    consultant = make.user("consultant")
    doc = upload(api, placement, admin, PDF).body
    check(api.post(f"/v1/placements/{placement['id']}/end", json={
        "end_date": placement["start_date"], "reason": "moved"},
        token=admin.token), 200)
    check(api.post(f"/v1/seekers/{placement['seeker_id']}/erase",
                   token=consultant.token), 204)
    # The placement is kept (statistics); its documents are gone.
    assert listed(api, placement, admin).body["data"] == []
    download(api, placement, doc, admin, 404)
    assert stored(db, placement) in (0, None)


def form(parts, boundary="jobbro-form-7d1"):
    """A multipart/form-data body of (name, filename, bytes) parts."""
    body = b""
    for name, filename, data in parts:
        body += f"--{boundary}\r\n".encode()
        disp = f'form-data; name="{name}"'
        if filename is not None:
            disp += f'; filename="{filename}"'
        body += f"Content-Disposition: {disp}\r\n".encode()
        body += b"Content-Type: application/octet-stream\r\n\r\n"
        body += data + b"\r\n"
    body += f"--{boundary}--\r\n".encode()
    return body, f"multipart/form-data; boundary={boundary}"


def test_browser_form(api, admin, placed, db):
    placement, _, _ = placed
    body, ctype = form([("note", None, b"hello"),
                        ("file", "løn.png", PNG)])
    doc = upload(api, placement, admin, body, filename=None,
                 ctype=ctype).body
    assert (doc["filename"], doc["content_type"], doc["size"]) == \
        ("løn.png", "image/png", len(PNG))
    assert download(api, placement, doc, admin).raw == PNG
    # ?filename= wins over the part's name.
    body, ctype = form([("file", "scan.jpg", JPEG)])
    doc = upload(api, placement, admin, body, filename="id.jpg",
                 ctype=ctype).body
    assert doc["filename"] == "id.jpg" and download(
        api, placement, doc, admin).raw == JPEG

    before = stored(db, placement)
    for parts, status, field in [
            ([("other", "x.pdf", PDF)], 422, "file"),
            ([("file", "x.pdf", b"")], 422, "file"),
            ([("file", "x.html", b"<html></html>")], 415, None)]:
        body, ctype = form(parts)
        resp = upload(api, placement, admin, body, status, filename=None,
                      ctype=ctype)
        if field:
            assert resp.field_errors() == {field: "required"}
    assert stored(db, placement) == before
