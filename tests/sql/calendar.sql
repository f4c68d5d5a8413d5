-- tests/sql/calendar.sql — calendar subscriptions (sql/api/calendar.sql):
-- api.calendar_feed_create (one feed per user, only the digest stored, the
-- URL), api.calendar_feed_delete, and api.interviews_ics with query.feed
-- (the feed's user as the caller; 404 for a dead feed; 401 for anonymous
-- without one). Also api.check_seeker_reference (seekers.sql): the 409 of
-- a taken external_reference, with the existing id in DETAIL.
--
-- Run as scripts/test.sh does, from the repository root, on a migrated
-- database loaded with the demo seed (scripts/seed.sh --demo), in psql
-- -X -q -v ON_ERROR_STOP=1: BEGIN; \i tests/sql/calendar.sql; ROLLBACK;
\set ON_ERROR_STOP on
\set QUIET on
\ir helpers.psql

DO $$
DECLARE
	karin	jsonb := pg_temp.karin() || '{"ver": 0}';
	anon	jsonb := pg_temp.ctx('anonymous');
	r	api.result;
	url	text;
	token	text;
	old	text;
	cal	text;
BEGIN
	r := pg_temp.call('calendar_feed_create', karin,
	    '{"base_url": "https://api.example/"}');
	url := r.body->>'url';
	ASSERT r.status = 201, 'created';
	ASSERT url ~ '^https://api\.example/v1/interviews\.ics\?feed=[0-9a-f]{64}$',
	    url;
	token := substring(url FROM 'feed=(.*)$');
	ASSERT (SELECT token_hash FROM calendar_feeds
	    WHERE user_id = pg_temp.user_id(1)::uuid)
	    = encode(sha256(convert_to(token, 'UTF8')), 'hex'), 'digest';
	ASSERT NOT EXISTS (SELECT 1 FROM calendar_feeds
	    WHERE token_hash = token), 'the token itself is not stored';

	-- without a base: the path alone
	r := pg_temp.call('calendar_feed_create', karin, '{"base_url": null}');
	ASSERT r.body->>'url' ~ '^/v1/interviews\.ics\?feed=[0-9a-f]{64}$',
	    r.body->>'url';
	old := token;
	token := substring(r.body->>'url' FROM 'feed=(.*)$');
	ASSERT (SELECT count(*) FROM calendar_feeds
	    WHERE user_id = pg_temp.user_id(1)::uuid) = 1, 'one per user';

	-- the feed reads as Karin, anonymous
	r := pg_temp.call('interviews_ics', anon,
	    jsonb_build_object('query', jsonb_build_object('feed', token)));
	cal := r.body #>> '{}';
	ASSERT cal = (pg_temp.call('interviews_ics', karin, '{}')).body #>> '{}',
	    'the same calendar as her bearer token';
	ASSERT current_setting('jobbro.ctx')::jsonb->>'sub'
	    = pg_temp.user_id(1), 'the actor is the feed''s user';
	PERFORM pg_temp.raises('interviews_ics', anon,
	    jsonb_build_object('query', jsonb_build_object('feed', old)),
	    'JB404');
	PERFORM pg_temp.raises('interviews_ics', anon, '{}', 'JB401');

	-- a security change of the user kills it
	UPDATE users SET municipality_codes = '{0101}'
	WHERE id = pg_temp.user_id(1)::uuid;
	PERFORM pg_temp.raises('interviews_ics', anon,
	    jsonb_build_object('query', jsonb_build_object('feed', token)),
	    'JB404');

	-- revoke
	r := pg_temp.call('calendar_feed_delete', karin, '{}');
	ASSERT r.status = 204 AND NOT EXISTS (SELECT 1 FROM calendar_feeds
	    WHERE user_id = pg_temp.user_id(1)::uuid), 'revoked';
	ASSERT (pg_temp.call('calendar_feed_delete', karin, '{}')).status = 204,
	    'again';
	PERFORM pg_temp.raises('calendar_feed_create', anon, '{}', 'JB401');
END
$$;

-- external_reference: 409 with the existing id in DETAIL
DO $$
DECLARE
	admin	jsonb := pg_temp.ctx('admin');
	body	jsonb := jsonb_build_object('first_name', 'A', 'last_name', 'B',
		    'birth_date', '1990-01-01', 'municipality_code', '0101',
		    'external_reference', 'JC-1',
		    'consents', '{"processing": true,
			"share_with_employers": false}'::jsonb);
	first	text;
	s	text;
	d	text;
BEGIN
	first := (pg_temp.call('seekers_create', admin,
	    jsonb_build_object('body', body))).body->>'id';
	BEGIN
		PERFORM pg_temp.call('seekers_create', admin,
		    jsonb_build_object('body', body));
		RAISE EXCEPTION 'no 409';
	EXCEPTION WHEN OTHERS THEN
		GET STACKED DIAGNOSTICS s = RETURNED_SQLSTATE,
		    d = PG_EXCEPTION_DETAIL;
	END;
	ASSERT s = 'JB409', s;
	ASSERT d::jsonb->>'existing_id' = first, d;
	-- another municipality: fine
	ASSERT (pg_temp.call('seekers_create', admin, jsonb_build_object('body',
	    body || '{"municipality_code": "0147"}'))).status = 201, '0147';
	ASSERT pg_temp.list('seekers_list', admin,
	    '{"external_reference": "JC-1"}') @> ARRAY[first], 'filter';
END
$$;
