"""POST /v1/auth/token, /v1/auth/revoke, GET /v1/me and access-token checks."""
import base64
import hashlib
import hmac
import json
import time
import urllib.parse

import pytest

from support import (b64url, check, decode_jwt, fresh_claims, login,
                     make_jwt, problem_slug, unique_email)

ROLES = ["admin", "consultant", "employer", "seeker", "partner"]


def token_request(api, body):
    return api.post("/v1/auth/token", json=body)


def refresh(api, refresh_token):
    return token_request(api, {"grant_type": "refresh_token",
                               "refresh_token": refresh_token})


def assert_oauth_error(resp, error):
    check(resp, 400)
    assert resp.body["error"] == error
    assert problem_slug(resp) == error.replace("_", "-")


def without_request_id(body):
    return {k: v for k, v in body.items() if k != "request_id"}


# --- password grant ---------------------------------------------------------

def test_password_login_issues_tokens(api, make):
    user = make.user("seeker")
    tokens = login(api, user.email, user.password)
    assert tokens["token_type"] == "Bearer"
    assert tokens["expires_in"] == 900
    assert tokens["refresh_token"]

    header, claims = decode_jwt(tokens["access_token"])
    assert header["alg"] == "HS256"
    assert header["typ"] == "JWT"
    for claim in ("iss", "aud", "sub", "role", "iat", "exp", "jti"):
        assert claim in claims, claim
    assert claims["sub"] == user.id
    assert claims["role"] == "seeker"
    assert claims["exp"] - claims["iat"] == 900
    assert abs(claims["iat"] - time.time()) < 60


def test_token_response_is_not_cached(api, admin):
    resp = check(token_request(api, {"grant_type": "password",
                                     "username": admin.email,
                                     "password": admin.password}), 200)
    assert "no-store" in resp.headers.get("Cache-Control", "")


def test_email_is_case_insensitive_at_login(api, make):
    user = make.user("seeker")
    login(api, user.email.upper(), user.password)


def test_form_encoded_login(api, make):
    user = make.user("seeker")
    form = urllib.parse.urlencode({"grant_type": "password",
                                   "username": user.email,
                                   "password": user.password})
    resp = check(api.post("/v1/auth/token", raw_body=form, headers={
        "Content-Type": "application/x-www-form-urlencoded"}), 200)
    me = check(api.get("/v1/me", token=resp.body["access_token"]), 200)
    assert me.body["id"] == user.id


def test_wrong_password_and_unknown_email_look_the_same(api, make):
    user = make.user("seeker")
    wrong_password = token_request(api, {"grant_type": "password",
                                         "username": user.email,
                                         "password": "not-the-password"})
    unknown_email = token_request(api, {"grant_type": "password",
                                        "username": unique_email(),
                                        "password": "not-the-password"})
    assert_oauth_error(wrong_password, "invalid_grant")
    assert_oauth_error(unknown_email, "invalid_grant")
    assert without_request_id(wrong_password.body) == \
        without_request_id(unknown_email.body)


def guess(api, email, password="not-the-password", ip=None):
    """A password grant; ip: the client address a trusted proxy (the test
    server trusts 127.0.0.1) says it forwards for."""
    headers = {"X-Forwarded-For": ip} if ip else None
    return api.post("/v1/auth/token", json={
        "grant_type": "password", "username": email, "password": password},
        headers=headers)


@pytest.mark.parametrize("known", [True, False])
def test_repeated_failures_are_throttled(api, make, known):
    """5 failures from one address: the 6th try waits 15 minutes (429 +
    Retry-After), for known and unknown emails alike, even with the right
    password; the real user on another address still gets in."""
    user = make.user("seeker") if known else None
    email = user.email if known else unique_email()
    for _ in range(5):
        assert_oauth_error(guess(api, email, ip="198.51.100.1"),
                           "invalid_grant")
    blocked = check(guess(api, email, user.password if known else "x" * 12,
                          ip="198.51.100.1"), 429)
    assert 890 <= int(blocked.headers["Retry-After"]) <= 900
    if known:
        resp = check(guess(api, email, user.password, ip="198.51.100.2"),
                     200)
        assert resp.body["access_token"]
    else:
        assert_oauth_error(guess(api, email, ip="198.51.100.2"),
                           "invalid_grant")


def test_throttle_is_per_account(api, make):
    victim, other = make.user("seeker"), make.user("seeker")
    for _ in range(5):
        guess(api, victim.email, ip="198.51.100.3")
    check(guess(api, victim.email, victim.password, ip="198.51.100.3"), 429)
    check(guess(api, other.email, other.password, ip="198.51.100.3"), 200)


def test_twenty_failures_lock_the_account_everywhere(api, make):
    victim = make.user("seeker")
    for i in range(20):
        assert_oauth_error(guess(api, victim.email, ip=f"203.0.113.{i}"),
                           "invalid_grant")
    check(guess(api, victim.email, victim.password, ip="203.0.113.99"), 429)


def test_parallel_guesses_check_at_most_five_passwords(api, make):
    """Attempts are counted before the password is checked: of 15 wrong
    guesses at once at most 5 are checked (400), the rest wait (429); then
    the right password from that address waits too."""
    from concurrent.futures import ThreadPoolExecutor
    victim = make.user("seeker")
    with ThreadPoolExecutor(15) as pool:
        statuses = list(pool.map(
            lambda _: guess(api, victim.email, ip="198.51.100.4").status,
            range(15)))
    assert statuses.count(400) <= 5, statuses
    assert statuses.count(400) + statuses.count(429) == 15, statuses
    check(guess(api, victim.email, victim.password, ip="198.51.100.4"), 429)


def test_overlong_password_is_refused_and_counted(api, make):
    user = make.user("seeker")
    for _ in range(5):
        assert_oauth_error(guess(api, user.email, "p" * 300,
                                 ip="198.51.100.5"), "invalid_grant")
    check(guess(api, user.email, user.password, ip="198.51.100.5"), 429)


def test_a_trusted_proxy_names_the_client(api, make):
    """The test server trusts 127.0.0.1 as a proxy: a forwarded address is
    the client, an unforwarded request is the proxy itself (another
    client)."""
    user = make.user("seeker")
    for _ in range(5):
        guess(api, user.email, ip="198.51.100.6")
    check(guess(api, user.email, user.password), 200)


@pytest.mark.parametrize("body", [
    {"grant_type": "password", "username": "someone@example.test"},
    {"grant_type": "password", "password": "secret-secret"},
    {"username": "someone@example.test", "password": "secret-secret"},
    {"grant_type": "refresh_token"},
    {"grant_type": "password", "username": 5, "password": ["x"]},
])
def test_missing_or_bad_fields_are_invalid_request(api, body):
    assert_oauth_error(token_request(api, body), "invalid_request")


def test_malformed_json_is_invalid_request(api):
    resp = check(api.post("/v1/auth/token", raw_body='{"grant_type":'), 400)
    assert resp.body["error"] == "invalid_request"


@pytest.mark.parametrize("grant", ["authorization_code", "magic"])
def test_unsupported_grant_type(api, grant):
    resp = token_request(api, {"grant_type": grant, "client_id": "x",
                               "client_secret": "y"})
    assert_oauth_error(resp, "unsupported_grant_type")


# --- client credentials (partner systems) ------------------------------------

def client_request(api, client_id, secret, basic=False):
    if basic:
        pair = f"{urllib.parse.quote(client_id)}:{urllib.parse.quote(secret)}"
        auth = "Basic " + base64.b64encode(pair.encode()).decode()
        return api.post("/v1/auth/token",
                        json={"grant_type": "client_credentials"},
                        headers={"Authorization": auth})
    return token_request(api, {"grant_type": "client_credentials",
                               "client_id": client_id,
                               "client_secret": secret})


@pytest.mark.parametrize("basic", [False, True])
def test_client_credentials_for_a_partner(api, make, basic):
    partner = make.user("partner")
    resp = check(client_request(api, partner.id, partner.password, basic),
                 200)
    assert "refresh_token" not in resp.body
    assert resp.headers["Cache-Control"] == "no-store"
    _, claims = decode_jwt(resp.body["access_token"])
    assert claims["role"] == "partner"
    assert claims["sub"] == partner.id
    assert claims["municipality_codes"] == ["0101"]
    me = check(api.get("/v1/me", token=resp.body["access_token"]), 200)
    assert me.body["id"] == partner.id


def assert_invalid_client(resp):
    check(resp, 401)
    assert resp.body["error"] == "invalid_client"
    assert problem_slug(resp) == "invalid-client"


def test_client_credentials_refuse_wrong_and_unknown_clients(api, make):
    partner, seeker = make.user("partner"), make.user("seeker")
    wrong = client_request(api, partner.id, "not-the-secret")
    unknown = client_request(api, "00000000-0000-4000-8000-000000000000",
                             "not-the-secret")
    not_partner = client_request(api, seeker.id, seeker.password)
    for resp in (wrong, unknown, not_partner):
        assert_invalid_client(resp)
    assert without_request_id(wrong.body) == without_request_id(unknown.body)
    assert_invalid_client(client_request(api, "not-a-uuid", "x" * 12))
    assert_invalid_client(token_request(api, {
        "grant_type": "client_credentials"}))


def test_client_credentials_bad_basic_header_is_401(api):
    resp = api.post("/v1/auth/token", json={"grant_type": "client_credentials"},
                    headers={"Authorization": "Basic !!!not-base64"})
    assert_invalid_client(resp)


def test_client_credentials_are_throttled(api, make):
    partner = make.user("partner")
    for _ in range(5):
        assert_invalid_client(client_request(api, partner.id, "wrong-secret"))
    check(client_request(api, partner.id, partner.password), 429)


def test_one_counter_for_every_grant(api, make):
    """The password grant and client_credentials of one partner count
    against one account."""
    partner = make.user("partner")
    for _ in range(3):
        assert_invalid_client(client_request(api, partner.id, "wrong-secret"))
    for _ in range(2):
        guess(api, partner.email)
    check(guess(api, partner.email, partner.password), 429)


def test_token_endpoint_rejects_other_content_types(api):
    resp = check(api.post("/v1/auth/token", raw_body="grant_type=password",
                          headers={"Content-Type": "text/plain"}), 415)
    assert problem_slug(resp) == "unsupported-media-type"


# --- refresh tokens ---------------------------------------------------------

def test_refresh_rotates_the_refresh_token(api, make):
    user = make.user("seeker")
    first = check(refresh(api, user.refresh_token), 200).body
    assert first["refresh_token"] != user.refresh_token
    assert first["access_token"] != user.token
    me = check(api.get("/v1/me", token=first["access_token"]), 200).body
    assert me["id"] == user.id
    second = check(refresh(api, first["refresh_token"]), 200).body
    assert second["refresh_token"] not in (first["refresh_token"],
                                           user.refresh_token)


def test_reusing_a_rotated_refresh_token_revokes_the_family(api, make):
    """After the grace window (2 s on the test server)."""
    user = make.user("seeker")
    newer = check(refresh(api, user.refresh_token), 200).body
    time.sleep(2.5)
    assert_oauth_error(refresh(api, user.refresh_token), "invalid_grant")
    # The thief's reuse also kills the token the rightful owner holds.
    assert_oauth_error(refresh(api, newer["refresh_token"]), "invalid_grant")


def test_refresh_tokens_of_other_logins_survive_a_family_revocation(api,
                                                                    make):
    user = make.user("seeker")
    other = login(api, user.email, user.password)
    check(refresh(api, user.refresh_token), 200)
    time.sleep(2.5)
    assert_oauth_error(refresh(api, user.refresh_token), "invalid_grant")
    check(refresh(api, other["refresh_token"]), 200)


def test_unknown_refresh_token_is_invalid_grant(api):
    assert_oauth_error(refresh(api, "no-such-refresh-token-at-all-0123456"),
                       "invalid_grant")


def test_access_token_is_not_a_refresh_token(api, make):
    user = make.user("seeker")
    assert_oauth_error(refresh(api, user.token), "invalid_grant")


# --- revoke -----------------------------------------------------------------

def test_revoke_stops_the_refresh_token(api, make):
    user = make.user("seeker")
    resp = check(api.post("/v1/auth/revoke",
                          json={"token": user.refresh_token}), 200)
    assert resp.body == {}
    assert_oauth_error(refresh(api, user.refresh_token), "invalid_grant")


def test_revoke_revokes_the_rotated_successor_too(api, make):
    user = make.user("seeker")
    newer = check(refresh(api, user.refresh_token), 200).body
    check(api.post("/v1/auth/revoke", json={"token": user.refresh_token}),
          200)
    assert_oauth_error(refresh(api, newer["refresh_token"]), "invalid_grant")


def test_revoke_answers_200_for_unknown_tokens(api):
    resp = check(api.post("/v1/auth/revoke",
                          json={"token": "never-issued-token"}), 200)
    assert resp.body == {}


def test_revoke_form_encoded(api, make):
    user = make.user("seeker")
    form = urllib.parse.urlencode({"token": user.refresh_token})
    check(api.post("/v1/auth/revoke", raw_body=form, headers={
        "Content-Type": "application/x-www-form-urlencoded"}), 200)
    assert_oauth_error(refresh(api, user.refresh_token), "invalid_grant")


def test_revoke_without_token_is_invalid_request(api):
    resp = check(api.post("/v1/auth/revoke", json={}), 400)
    assert resp.body["error"] == "invalid_request"


# --- /v1/me -----------------------------------------------------------------

@pytest.mark.parametrize("role", ROLES)
def test_me_per_role(api, as_role, role):
    who = as_role(role)
    me = check(api.get("/v1/me", token=who.token), 200).body
    assert me["id"] == who.id
    assert me["email"].lower() == who.email.lower()
    assert me["role"] == role
    if role in ("consultant", "partner"):
        assert me["municipality_codes"] == ["0101"]
    if role == "employer":
        assert me["employer_id"] == who.employer_id
    else:
        assert me["employer_id"] is None


def test_me_claims_match_the_token(api, as_role):
    who = as_role("consultant")
    _, claims = decode_jwt(who.token)
    assert claims["role"] == "consultant"
    assert claims["municipality_codes"] == ["0101"]


# --- access-token attacks ---------------------------------------------------

def assert_unauthorized(resp, token_given=True):
    check(resp, 401)
    assert problem_slug(resp) == "unauthorized"
    challenge = resp.headers["WWW-Authenticate"]
    assert challenge.startswith("Bearer")
    assert 'realm="jobbro"' in challenge
    if token_given:
        assert 'error="invalid_token"' in challenge


def test_no_token_is_401(api):
    assert_unauthorized(api.get("/v1/me"), token_given=False)


@pytest.mark.parametrize("authorization", [
    "Bearer", "Bearer ", "Bearer garbage", "Bearer a.b.c", "Bearer ....",
    "Bearer " + "x" * 5000])
def test_garbage_token_is_401(api, authorization):
    assert_unauthorized(api.get("/v1/me",
                                headers={"Authorization": authorization}))


@pytest.mark.parametrize("authorization", ["Basic YWRtaW46YWRtaW4=",
                                           "Token abc"])
def test_other_auth_schemes_are_401(api, authorization):
    resp = check(api.get("/v1/me", headers={"Authorization": authorization}),
                 401)
    assert resp.headers["WWW-Authenticate"].startswith("Bearer")


def test_alg_none_is_401(api, admin):
    header, claims = decode_jwt(admin.token)
    forged = make_jwt({"alg": "none", "typ": "JWT"}, claims, key=None)
    assert_unauthorized(api.get("/v1/me", token=forged))


def test_token_signed_with_another_key_is_401(api, admin):
    header, claims = decode_jwt(admin.token)
    forged = make_jwt(header, fresh_claims(claims),
                      key="not-the-secret-but-just-as-long-as-it")
    assert_unauthorized(api.get("/v1/me", token=forged))


def test_tampered_payload_is_401(api, as_role):
    seeker = as_role("seeker")
    header, _, signature = seeker.token.split(".")
    _, claims = decode_jwt(seeker.token)
    claims["role"] = "admin"
    forged = ".".join([header, b64url(json.dumps(claims).encode()),
                       signature])
    assert_unauthorized(api.get("/v1/users", token=forged))


# Tokens made with the real secret: the control must pass, so each
# failure below is caused by exactly the one claim or header it changes.

@pytest.fixture
def real_claims(admin):
    return decode_jwt(admin.token)[1]


def sign(claims, secret):
    return make_jwt({"alg": "HS256", "typ": "JWT"}, claims, key=secret)


def test_control_token_made_with_the_real_secret_works(api, real_claims,
                                                       jwt_secret):
    token = sign(fresh_claims(real_claims), jwt_secret)
    check(api.get("/v1/me", token=token), 200)


def test_expired_token_is_401(api, real_claims, jwt_secret):
    now = int(time.time())
    claims = fresh_claims(real_claims, iat=now - 1200, exp=now - 300)
    if "nbf" in claims:
        claims["nbf"] = now - 1200
    assert_unauthorized(api.get("/v1/me",
                                token=sign(claims, jwt_secret)))


def test_not_yet_valid_token_is_401(api, real_claims, jwt_secret):
    now = int(time.time())
    claims = fresh_claims(real_claims, nbf=now + 600, iat=now + 600,
                          exp=now + 1500)
    assert_unauthorized(api.get("/v1/me",
                                token=sign(claims, jwt_secret)))


@pytest.mark.parametrize("claim, value", [
    ("iss", "someone-else"), ("aud", "another-api"), ("aud", ["another-api"]),
    ("exp", None), ("sub", None), ("jti", None)])
def test_wrong_claims_are_401(api, real_claims, jwt_secret, claim, value):
    claims = fresh_claims(real_claims)
    if value is None:
        del claims[claim]
    else:
        claims[claim] = value
    assert_unauthorized(api.get("/v1/me",
                                token=sign(claims, jwt_secret)))


@pytest.mark.parametrize("header", [
    {"alg": "HS256", "typ": "at+jwt"}, {"alg": "HS256", "typ": "jwt"},
    {"alg": "HS256"}, {"alg": "HS512", "typ": "JWT"},
    {"alg": "HS384", "typ": "JWT"},
    {"alg": "HS256", "typ": "JWT", "crit": ["exp"]}])
def test_wrong_header_is_401(api, real_claims, jwt_secret, header):
    token = make_jwt(header, fresh_claims(real_claims), key=jwt_secret)
    assert_unauthorized(api.get("/v1/me", token=token))


def test_rs256_header_over_an_hmac_is_401(api, real_claims, jwt_secret):
    """An RS256 header signed with our secret as if it were an HMAC key
    (the classic confusion): refused before any signature check."""
    token = make_jwt({"alg": "RS256", "typ": "JWT"}, fresh_claims(
        real_claims), key=jwt_secret, alg="HS256")
    assert_unauthorized(api.get("/v1/me", token=token))


def test_tampered_header_is_401(api, admin):
    header, payload, signature = admin.token.split(".")
    forged_header = b64url(json.dumps({"alg": "HS512", "typ": "JWT"},
                                      separators=(",", ":")).encode())
    assert_unauthorized(api.get("/v1/me", token=".".join(
        [forged_header, payload, signature])))


def test_repeated_claim_is_401(api, real_claims, jwt_secret):
    """A payload that names a member twice is not ours, however signed: a
    reader that keeps the first and one that keeps the last disagree."""
    claims = fresh_claims(real_claims)
    text = json.dumps(claims, separators=(",", ":"))
    text = text[:-1] + ',"role":"admin"}'
    header = b64url(b'{"alg":"HS256","typ":"JWT"}')
    signing_input = header + "." + b64url(text.encode())
    sig = hmac.new(jwt_secret.encode(), signing_input.encode(),
                   hashlib.sha256).digest()
    assert_unauthorized(api.get("/v1/me", token=signing_input + "." +
                                b64url(sig)))


def test_oversize_token_is_401(api, real_claims, jwt_secret):
    token = sign(fresh_claims(real_claims, pad="x" * 4000), jwt_secret)
    assert len(token) > 4096
    assert_unauthorized(api.get("/v1/me", token=token))
