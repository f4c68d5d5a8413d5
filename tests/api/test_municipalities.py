"""/v1/municipalities — the 98 kommuner, open to everyone."""
import re
import urllib.parse

import pytest

from support import check, problem_slug

LINK_NEXT = re.compile(r'^<([^>]+)>;\s*rel="next"$')


def next_link(resp):
    """The path of the Link rel=next header, or None."""
    link = resp.headers.get("Link")
    if link is None:
        return None
    m = LINK_NEXT.match(link.strip())
    assert m, f"bad Link header {link!r}"
    return m.group(1)


def walk(api, path, token=None):
    """Follow Link rel=next from `path`; return the pages."""
    pages = []
    while path is not None:
        resp = check(api.get(path, token=token), 200)
        pages.append(resp)
        path = next_link(resp)
        assert (path is None) == (resp.body["next_cursor"] is None)
        if path is not None:
            query = urllib.parse.parse_qs(urllib.parse.urlsplit(path).query)
            assert query["cursor"] == [resp.body["next_cursor"]]
        assert len(pages) < 200, "pagination does not end"
    return pages


def test_first_page_has_the_default_size(api):
    resp = check(api.get("/v1/municipalities"), 200)
    assert len(resp.body["data"]) == 20
    assert resp.body["next_cursor"]
    assert next_link(resp).startswith("/v1/municipalities?")


@pytest.mark.parametrize("limit", [1, 7, 30, 100])
def test_walking_all_pages_gives_the_98_once_in_code_order(api, limit):
    pages = walk(api, f"/v1/municipalities?limit={limit}")
    codes = [m["code"] for p in pages for m in p.body["data"]]
    assert len(codes) == 98
    assert len(set(codes)) == 98
    assert codes == sorted(codes)
    assert all(len(p.body["data"]) == limit for p in pages[:-1])
    assert pages[-1].body["next_cursor"] is None
    assert "Link" not in pages[-1].headers


def test_cursor_keeps_the_other_query_parameters(api):
    pages = walk(api, "/v1/municipalities?region_code=1084&limit=10")
    data = [m for p in pages for m in p.body["data"]]
    assert len(data) == 29      # Region Hovedstaden
    assert all(m["region_code"] == "1084" for m in data)


def test_readable_with_a_token_too(api, as_role):
    resp = check(api.get("/v1/municipalities", query={"limit": 5},
                         token=as_role("seeker").token), 200)
    assert len(resp.body["data"]) == 5


def test_get_kobenhavn(api):
    resp = check(api.get("/v1/municipalities/0101"), 200)
    assert resp.body == {"code": "0101", "name": "København",
                         "region_code": "1084",
                         "region_name": "Region Hovedstaden"}


def test_get_aarhus(api):
    assert check(api.get("/v1/municipalities/0751"), 200).body["name"] == \
        "Aarhus"


@pytest.mark.parametrize("code", ["0000", "9999", "0102"])
def test_unknown_code_is_404(api, code):
    resp = check(api.get(f"/v1/municipalities/{code}"), 404)
    assert problem_slug(resp) == "not-found"


@pytest.mark.parametrize("code", ["101", "01011", "abcd", "01a1", "%20101"])
def test_bad_code_is_404(api, code):
    check(api.get(f"/v1/municipalities/{code}"), 404)


@pytest.mark.parametrize("query", [{"limit": "0"}, {"limit": "101"},
                                   {"limit": "-1"}, {"limit": "abc"},
                                   {"cursor": "not-a-cursor"}])
def test_bad_list_parameters_are_400(api, query):
    resp = check(api.get("/v1/municipalities", query=query), 400)
    assert list(query) == [e["field"] for e in resp.body["errors"]]
