-- helpers.sql — what every resource shares: timestamps and ETags, the
-- result rows of one resource and of a list page, keyset cursors, errors
-- (JBnnn SQLSTATEs, sql/README.md), the municipality scope and role
-- checks; Idempotency-Key replays (api.idempotent) and readiness.

-- RFC 3339 UTC timestamp with microseconds, e.g. 2026-11-23T08:00:00.123456Z.
CREATE OR REPLACE FUNCTION api.ts(t timestamptz) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT to_char(t AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')
$$;

-- The strong ETag of a row version: "3".
CREATE OR REPLACE FUNCTION api.etag(version int) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT '"' || version || '"'
$$;

-- A JSON array of strings as text[]; JSON null (or absent) gives NULL.
CREATE OR REPLACE FUNCTION api.text_array(j jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE WHEN jsonb_typeof(j) = 'array'
	    THEN ARRAY(SELECT jsonb_array_elements_text(j)) END
$$;

-- The caller's municipality codes from ctx.
CREATE OR REPLACE FUNCTION api.ctx_codes(ctx jsonb) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce(api.text_array(ctx->'municipality_codes'), '{}')
$$;

-- Whether a municipality is in the caller's scope (admin: every one).
CREATE OR REPLACE FUNCTION api.in_scope(ctx jsonb, municipality_code text) RETURNS bool
LANGUAGE sql IMMUTABLE AS $$
	SELECT ctx->>'role' = 'admin'
	    OR municipality_code = ANY (api.ctx_codes(ctx))
$$;

-- Great-circle (haversine) distance in kilometres.
CREATE OR REPLACE FUNCTION api.distance_km(lat1 float8, lon1 float8, lat2 float8,
    lon2 float8) RETURNS float8
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT 2 * 6371.0088 * asin(least(1, sqrt(
	    sin(radians(lat2 - lat1) / 2) ^ 2 +
	    cos(radians(lat1)) * cos(radians(lat2)) *
	    sin(radians(lon2 - lon1) / 2) ^ 2)))
$$;

-- Raises 404 ("<what> not found").
CREATE OR REPLACE FUNCTION api.raise_not_found(what text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION USING ERRCODE = 'JB404', MESSAGE = what || ' not found';
END
$$;

-- Raises 422 for one field: COLUMN = field, HINT = error code.
CREATE OR REPLACE FUNCTION api.raise_field(field text, code text, message text)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION USING ERRCODE = 'JB422', MESSAGE = message,
	    COLUMN = field, HINT = code;
END
$$;

-- Raises 409 with a message.
CREATE OR REPLACE FUNCTION api.raise_conflict(message text) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	RAISE EXCEPTION USING ERRCODE = 'JB409', MESSAGE = message;
END
$$;

-- Raises 412 unless args.if_match is absent, "*", or lists the current
-- ETag: the version tag "3", or the tag C sends, "3-<digest of the
-- representation>" (src/etag.c), whose version part is compared.
CREATE OR REPLACE FUNCTION api.check_if_match(args jsonb, version int) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF args ? 'if_match' AND NOT EXISTS (
	    SELECT 1 FROM unnest(string_to_array(args->>'if_match', ',')) m
	    WHERE btrim(m) IN ('*', api.etag(version))
	       OR btrim(m) LIKE '"' || version || '-%"') THEN
		RAISE EXCEPTION USING ERRCODE = 'JB412',
		    MESSAGE = 'If-Match does not match the current ETag '
		    || api.etag(version);
	END IF;
END
$$;

-- A single-resource result: status, body and the ETag of its version.
CREATE OR REPLACE FUNCTION api.one(status int, body json, version int) RETURNS api.result
LANGUAGE sql IMMUTABLE AS $$
	SELECT ROW(status, body, api.etag(version), NULL)::api.result
$$;

-- A list result: {"data":[...],"next_cursor":null} (C fills in the cursor)
-- and next_cursor = the keyset of the last returned row, NULL on the last
-- page. List functions fetch limit+1 rows, numbered rn in list order, in a
-- sorted subquery (a plain aggregate over it keeps that order), and call
--   api.list_result(json_agg(item) FILTER (WHERE rn <= lim),
--       CASE WHEN count(*) > lim THEN min(<key>) FILTER (WHERE rn = lim) END)
CREATE OR REPLACE FUNCTION api.list_result(data json, next_cursor text)
RETURNS api.result
LANGUAGE sql IMMUTABLE AS $$
	SELECT ROW(200, coalesce(data, '[]'::json), NULL,
	    next_cursor)::api.result
$$;

-- The ETag of a list page made from what decides its bytes without
-- building them: the page's rows (id and version of each, in order, and
-- of anything else they show), whether there is a next page, the
-- representation asked for (format, base URL) and args.tag_salt (C: the
-- api build and the cursor key), so a page is 304 (api.none_match) before
-- its JSON is made. "l" + 21 hex digits of an MD5 (a validator, not a
-- secret). STABLE as concat_ws is, so that PostgreSQL inlines it.
CREATE OR REPLACE FUNCTION api.page_tag(args jsonb, rows text, more bool)
RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT '"l' || left(md5(concat_ws('|', args->>'tag_salt',
	    args->>'format', args->>'base_url', more, rows)), 21) || '"'
$$;

-- Does args.if_none_match (If-None-Match as sent; C checked its form)
-- name tag, or is it "*"? Weak comparison: W/ is ignored. An entity-tag
-- has no blanks, so they go first; one expression without a subquery,
-- so that PostgreSQL inlines it.
CREATE OR REPLACE FUNCTION api.none_match(args jsonb, tag text) RETURNS bool
LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce(string_to_array(regexp_replace(
	    args->>'if_none_match', '[ \t]+', '', 'g'), ',')
	    && ARRAY['*', tag, 'W/' || tag], false)
$$;

-- A list page with its tag (api.page_tag), as api.list_result otherwise.
CREATE OR REPLACE FUNCTION api.tagged_page(tag text, data json,
    next_cursor text) RETURNS api.result
LANGUAGE sql IMMUTABLE AS $$
	SELECT ROW(200, coalesce(data, '[]'::json), tag, next_cursor)::api.result
$$;

-- The page size of a list call (C always sends it; 20 by default).
CREATE OR REPLACE FUNCTION api.limit_of(args jsonb) RETURNS int
LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce((args->'query'->>'limit')::int, 20)
$$;

-- The keyset of a row ordered by (created_at DESC, id DESC).
CREATE OR REPLACE FUNCTION api.created_key(created_at timestamptz, id uuid) RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT json_build_array(api.ts(created_at), id)
$$;

-- Whether a row with this (created_at, id) comes after args.query.cursor.
CREATE OR REPLACE FUNCTION api.after_cursor(args jsonb, created_at timestamptz, id uuid)
RETURNS bool
LANGUAGE sql STABLE AS $$
	SELECT args->'query'->'cursor' IS NULL
	    OR (created_at, id) < ((args->'query'->'cursor'->>0)::timestamptz,
	    (args->'query'->'cursor'->>1)::uuid)
$$;

-- 422 out_of_scope when a consultant or partner names a municipality
-- outside their own.
CREATE OR REPLACE FUNCTION api.check_municipality_scope(ctx jsonb, code text)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF ctx->>'role' IN ('consultant', 'partner')
	    AND NOT api.in_scope(ctx, code) THEN
		PERFORM api.raise_field('municipality_code', 'out_of_scope',
		    'municipality ' || coalesce(code, 'null')
		    || ' is outside your municipalities');
	END IF;
END
$$;

-- 422 not_found on municipality_codes unless every code is a municipality
-- (users, API clients).
CREATE OR REPLACE FUNCTION api.check_municipality_codes(codes text[])
RETURNS void
LANGUAGE plpgsql STABLE AS $$
BEGIN
	IF EXISTS (SELECT 1 FROM unnest(codes) c
	    WHERE NOT EXISTS (SELECT 1 FROM municipalities m
	        WHERE m.code = c)) THEN
		PERFORM api.raise_field('municipality_codes', 'not_found',
		    'unknown municipality code');
	END IF;
END
$$;

-- JB403 unless the caller's role is one of roles (C answers 403 to the
-- others first; this is the second line).
CREATE OR REPLACE FUNCTION api.check_role(ctx jsonb, roles text[], action text)
RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF coalesce(NOT (ctx->>'role' = ANY (roles)), true) THEN
		RAISE EXCEPTION USING ERRCODE = 'JB403',
		    MESSAGE = 'you may not ' || action;
	END IF;
END
$$;

-- Interview scope is the scope of its application (s: the seeker, j: the
-- job): admin all; consultant, partner, seeker where api.seeker_visible;
-- employer on jobs of ctx.employer_id. See api.application_visible.

-- The keyset of a row ordered by (starts_at ASC, id ASC).
CREATE OR REPLACE FUNCTION api.starts_key(starts_at timestamptz, id uuid) RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT json_build_array(api.ts(starts_at), id)
$$;

-- Whether a row with this (starts_at, id) comes after args.query.cursor.
CREATE OR REPLACE FUNCTION api.after_starts_cursor(args jsonb, starts_at timestamptz,
    id uuid) RETURNS bool
LANGUAGE sql STABLE AS $$
	SELECT args->'query'->'cursor' IS NULL
	    OR (starts_at, id) > ((args->'query'->'cursor'->>0)::timestamptz,
	    (args->'query'->'cursor'->>1)::uuid)
$$;

-- The keyset of a row ordered by (due_on ASC, id ASC): ["2026-05-23","…"].
CREATE OR REPLACE FUNCTION api.due_key(due_on date, id uuid) RETURNS json
LANGUAGE sql IMMUTABLE AS $$
	SELECT json_build_array(to_char(due_on, 'YYYY-MM-DD'), id)
$$;

-- Whether a row with this (due_on, id) comes after args.query.cursor.
CREATE OR REPLACE FUNCTION api.after_due_cursor(args jsonb, due_on date, id uuid)
RETURNS bool
LANGUAGE sql STABLE AS $$
	SELECT args->'query'->'cursor' IS NULL
	    OR (due_on, id) > ((args->'query'->'cursor'->>0)::date,
	    (args->'query'->'cursor'->>1)::uuid)
$$;

-- Raises 400 on the query parameter to when query.from is after it.
CREATE OR REPLACE FUNCTION api.check_period(q jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF (q->>'from')::date > (q->>'to')::date THEN
		RAISE EXCEPTION USING ERRCODE = 'JB400',
		    MESSAGE = 'to must not be before from', COLUMN = 'to',
		    HINT = 'out_of_range';
	END IF;
END
$$;

-- What an Idempotency-Key keeps of an answer: all of it, except a secret
-- that is shown once (an API client's secret, a webhook's, a calendar
-- feed's URL with its token) — a replay answers without it.
CREATE OR REPLACE FUNCTION api.idempotent_body(fn text, body json) RETURNS json
LANGUAGE sql IMMUTABLE AS $$
	SELECT CASE fn
	    WHEN 'api_clients_create' THEN (body::jsonb - 'client_secret')::json
	    WHEN 'api_clients_rotate_secret'
	    THEN (body::jsonb - 'client_secret')::json
	    WHEN 'webhooks_create' THEN (body::jsonb - 'secret')::json
	    WHEN 'calendar_feed_create' THEN (body::jsonb - 'url')::json
	    ELSE body END
$$;

-- Run api.<fn>(ctx, args) at most once per (caller, key).
CREATE OR REPLACE FUNCTION api.idempotent(fn text, ctx jsonb, args jsonb, key text,
    request_hash text) RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	who	text := coalesce(ctx->>'sub', 'anonymous');
	k	idempotency_keys;
	r	api.result;
BEGIN
	-- A second request with the key of one still running: 409, now.
	IF NOT pg_try_advisory_xact_lock(hashtext('idem:' || who),
	    hashtext(key)) THEN
		RAISE EXCEPTION USING ERRCODE = 'JB409', MESSAGE =
		    'a request with this Idempotency-Key is still in progress';
	END IF;

	SELECT * INTO k FROM idempotency_keys i
	WHERE i.owner = who AND i.key = idempotent.key;
	IF FOUND AND k.created_at < now() - interval '24 hours' THEN
		DELETE FROM idempotency_keys i
		WHERE i.owner = who AND i.key = idempotent.key;
	ELSIF FOUND THEN
		IF k.fn <> idempotent.fn OR
		    k.request_hash <> idempotent.request_hash THEN
			PERFORM api.raise_field('Idempotency-Key', 'mismatch',
			    'this Idempotency-Key was used with another request');
		END IF;
		-- The answer named a person since erased (api.seekers_erase).
		IF k.status = 410 AND k.body IS NULL THEN
			RAISE EXCEPTION USING ERRCODE = 'JB410', MESSAGE =
			    'the answer to this request named a person whose '
			    'data has since been erased';
		END IF;
		RETURN (k.status, k.body, k.etag, NULL)::api.result;
	END IF;

	EXECUTE format('SELECT * FROM api.%I($1, $2)', fn) INTO r
	    USING ctx, args;
	INSERT INTO idempotency_keys (owner, key, fn, request_hash, status,
	    body, etag)
	VALUES (who, key, fn, request_hash, r.status,
	    api.idempotent_body(fn, r.body), r.etag);

	-- Now and then, forget keys older than a day.
	IF random() < 0.01 THEN
		DELETE FROM idempotency_keys
		WHERE created_at < now() - interval '24 hours';
	END IF;

	RETURN r;
END
$$;

-- Readiness probe: the database answers.
CREATE OR REPLACE FUNCTION api.ready() RETURNS int
LANGUAGE sql AS $$
	SELECT 1
$$;

-- ---------------------------------------------------------------------------
-- Lists planned per filter shape (issue 12). A list whose filters are
-- optional written as one statement, "(q->>'x' IS NULL OR col = q->>'x')",
-- needs a plan made for each call's values (custom plans): PostgreSQL then
-- folds the absent filters away, but planning (with the inlining of every
-- api.* function in it) costs as much as running the statement. Instead,
-- the statement is a template with a switch {name} per filter; a shape is
-- the set of filters a call has (sorted names, comma-separated). For each
-- of a list's common shapes its function has the template with the
-- switches made true or false as a static statement: PostgreSQL folds the
-- constants even in a generic plan, the present filters stay index
-- conditions on parameters, and the plan is made once per connection and
-- kept (plan_cache_mode = force_generic_plan). Any other shape goes to
-- <name>_any, the template with each switch a test of the call's filters,
-- planned for its values on every call (force_custom_plan), as before.
-- ---------------------------------------------------------------------------

-- The template with each {name} of flags made true or false: as in shape,
-- or, shape NULL, tested on the call's shape (the variable call_shape of
-- <name>_any: a parameter the per-call plan folds like a constant).
CREATE OR REPLACE FUNCTION api.shape_sql(template text, flags text[],
    shape text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
	f	text;
BEGIN
	FOREACH f IN ARRAY flags LOOP
		template := replace(template, '{' || f || '}', CASE
		    WHEN shape IS NULL THEN format('(%L = ANY (string_to_array('
		        'call_shape, '','')))', f)
		    ELSE (f = ANY (string_to_array(shape, ',')))::text END);
	END LOOP;
	RETURN template;
END
$$;

-- Each shape in shapes, without and with a cursor (names sorted).
CREATE OR REPLACE FUNCTION api.shapes_and_cursor(shapes text[]) RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
	SELECT array_agg((SELECT coalesce(string_agg(f, ',' ORDER BY f), '')
	        FROM unnest(string_to_array(concat_ws(',', c, s), ',')) f
	        WHERE f <> ''))
	FROM unnest(shapes) s, unnest(ARRAY[NULL, 'cursor']) c
$$;

-- Makes api.<name>(ctx, args), the entry point, and api.<name>_any(ctx,
-- args, custom), what it calls for a shape not in shapes (custom, always
-- true, is there so that the signature is not an endpoint's: migrate.sh
-- keeps it the owner's). Both plpgsql of
-- the given volatility: DECLARE decl; the statement template (it may
-- RETURN, or leave its results in decl's variables for epilogue, which
-- must RETURN); shape_fn (a function of args.query) names the call's
-- shape.
CREATE OR REPLACE FUNCTION api.define_shaped_list(name text, volatility text,
    decl text, template text, epilogue text, flags text[], shapes text[],
    shape_fn text) RETURNS void
LANGUAGE plpgsql AS $d$
DECLARE
	cases	text := '';
	shape	text;
BEGIN
	FOREACH shape IN ARRAY shapes LOOP
		cases := cases || format(E'\tWHEN %L THEN\n%s\n', shape,
		    api.shape_sql(template, flags, shape));
	END LOOP;
	EXECUTE format($f$
CREATE OR REPLACE FUNCTION api.%1$s_any(ctx jsonb, args jsonb, custom bool)
RETURNS api.result
LANGUAGE plpgsql %2$s
SET plan_cache_mode = force_custom_plan AS $b$
DECLARE
	call_shape text := %6$s(coalesce(args->'query', '{}'));
%3$s
BEGIN
%4$s
%5$s
END
$b$$f$, name, volatility, decl,
	    api.shape_sql(template, flags, NULL), epilogue, shape_fn);
	EXECUTE format($f$
CREATE OR REPLACE FUNCTION api.%1$s(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql %2$s
SET plan_cache_mode = force_generic_plan AS $b$
DECLARE
%3$s
BEGIN
	CASE %4$s(coalesce(args->'query', '{}'))
%5$s	ELSE
		RETURN api.%1$s_any(ctx, args, true);
	END CASE;
%6$s
END
$b$$f$, name, volatility, decl, shape_fn, cases, epilogue);
END
$d$;

