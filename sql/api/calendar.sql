-- calendar.sql — calendar subscriptions (POST and DELETE
-- /v1/me/calendar-feed): a secret feed token that lets a calendar app,
-- which cannot send an Authorization header, read GET
-- /v1/interviews.ics?feed=<token> as the user it belongs to, and nothing
-- else (it is not an access token). Table calendar_feeds
-- (0019_references_calendar): one per user, only the token's SHA-256
-- stored, with the user's token_version at creation.

-- The stored digest of a feed token: its SHA-256 in hex.
CREATE OR REPLACE FUNCTION api.calendar_feed_hash(token text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT encode(sha256(convert_to(token, 'UTF8')), 'hex')
$$;

-- POST /v1/me/calendar-feed: a new feed token for the caller (replacing
-- the one they had) → 201 {"url"}: args.base_url (C: JOBBRO_PUBLIC_URL,
-- else http://<Host>; NULL: a path alone) + /v1/interviews.ics?feed=.
-- The token is 256 random bits (two version 4 UUIDs' bytes: 244 of them
-- random), 64 hex digits. Audited: calendar_feed.created.
CREATE OR REPLACE FUNCTION api.calendar_feed_create(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	token	text := encode(uuid_send(gen_random_uuid())
		    || uuid_send(gen_random_uuid()), 'hex');
	uid	uuid := (ctx->>'sub')::uuid;
BEGIN
	IF uid IS NULL THEN
		RAISE EXCEPTION USING ERRCODE = 'JB401',
		    MESSAGE = 'a calendar feed belongs to a logged-in user';
	END IF;
	INSERT INTO calendar_feeds AS f (user_id, token_hash, token_version)
	SELECT u.id, api.calendar_feed_hash(token), u.token_version
	FROM users u WHERE u.id = uid
	ON CONFLICT (user_id) DO UPDATE SET token_hash = excluded.token_hash,
	    token_version = excluded.token_version, created_at = now();
	PERFORM api.audit(ctx, 'calendar_feed.created', 'user', uid::text,
	    NULL);
	RETURN ROW(201, json_build_object('url',
	    coalesce(rtrim(args->>'base_url', '/'), '')
	    || '/v1/interviews.ics?feed=' || token), NULL, NULL)::api.result;
END
$$;

-- DELETE /v1/me/calendar-feed: revoke the caller's feed → 204 (also
-- when there was none). Audited: calendar_feed.revoked (when there was).
CREATE OR REPLACE FUNCTION api.calendar_feed_delete(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql AS $$
BEGIN
	DELETE FROM calendar_feeds f WHERE f.user_id = (ctx->>'sub')::uuid;
	IF FOUND THEN
		PERFORM api.audit(ctx, 'calendar_feed.revoked', 'user',
		    ctx->>'sub', NULL);
	END IF;
	RETURN ROW(204, NULL, NULL, NULL)::api.result;
END
$$;

-- The ctx of the user whose feed token this is, as their access token
-- would give it (api.claims), with ctx's request_id and ip and "via":
-- "calendar_feed"; made the transaction's actor (jobbro.ctx) for the
-- audit. JB404 for an unknown or revoked token, and for one whose user
-- is inactive or has had a security change since (token_version).
CREATE OR REPLACE FUNCTION api.calendar_feed_ctx(ctx jsonb, token text)
RETURNS jsonb
LANGUAGE plpgsql AS $$
DECLARE
	c	jsonb;
BEGIN
	SELECT api.claims(u)::jsonb INTO c
	FROM calendar_feeds f
	JOIN users u ON u.id = f.user_id
	WHERE f.token_hash = api.calendar_feed_hash(token)
	  AND u.active AND u.token_version = f.token_version;
	IF NOT FOUND THEN
		RAISE EXCEPTION USING ERRCODE = 'JB404',
		    MESSAGE = 'no such calendar feed';
	END IF;
	c := c || jsonb_build_object('request_id', ctx->'request_id',
	    'ip', ctx->'ip', 'via', 'calendar_feed');
	PERFORM set_config('jobbro.ctx', c::text, true);
	RETURN c;
END
$$;
