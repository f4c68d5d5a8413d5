-- webhooks.sql — /v1/webhooks: subscriptions to the change feed, POSTed
-- to partner systems by jobbro-webhookd (src/webhookd/). Admins manage
-- every webhook; an API client (a partner token with ctx.client_id; the
-- router checks its scope webhooks:manage) only its own, made with its
-- client_id and its municipality_codes (the fan-out, 0020, also keeps to
-- the client's current codes). Other callers, a partner *user* among
-- them, get 403. The secret is in the POST answer only.
-- The sender's two entry points (api.webhook_claim, api.webhook_done) are
-- listed in entry_extra of scripts/migrate.sh.

-- A webhook as the API returns it (never the secret).
CREATE OR REPLACE FUNCTION api.webhook_json(w webhooks) RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT json_build_object('id', w.id, 'url', w.url, 'events', w.events,
	    'active', w.active, 'disabled_reason', w.disabled_reason,
	    'municipality_codes', w.municipality_codes,
	    'created_at', api.ts(w.created_at),
	    'updated_at', api.ts(w.updated_at))
$$;

-- Who may see and change a webhook: an admin, any; an API client, its own
-- (ctx.client_id; api.session checked it against api_clients).
CREATE OR REPLACE FUNCTION api.webhook_visible(ctx jsonb, w webhooks) RETURNS bool
LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce(ctx->>'role' = 'admin', false)
	    OR (w.client_id IS NOT NULL AND ctx->>'role' = 'partner'
	        AND w.client_id = ctx->>'client_id')
$$;

-- Who may use /v1/webhooks at all: an admin or an API client (JB403 for
-- the rest, a partner user without client_id among them).
CREATE OR REPLACE FUNCTION api.webhook_caller(ctx jsonb) RETURNS void
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	IF ctx->>'role' = 'admin' OR (ctx->>'role' = 'partner'
	    AND ctx->>'client_id' IS NOT NULL) THEN
		RETURN;
	END IF;
	RAISE EXCEPTION USING ERRCODE = 'JB403',
	    MESSAGE = 'only an admin or an API client may manage webhooks';
END
$$;

-- A delivery as GET /v1/webhooks/{id}/deliveries lists it.
CREATE OR REPLACE FUNCTION api.webhook_delivery_json(d webhook_deliveries,
    e events) RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT json_build_object('id', d.id,
	    'event', json_build_object('id', e.id, 'type', e.type),
	    'status', CASE WHEN d.delivered_at IS NOT NULL THEN 'delivered'
	        WHEN d.failed_at IS NOT NULL THEN 'failed' ELSE 'pending' END,
	    'attempts', d.attempts, 'last_status', d.last_status,
	    'last_error', d.last_error,
	    'next_attempt_at', CASE WHEN d.delivered_at IS NULL
	        AND d.failed_at IS NULL THEN api.ts(d.next_attempt_at) END,
	    'delivered_at', api.ts(d.delivered_at),
	    'failed_at', api.ts(d.failed_at),
	    'created_at', api.ts(d.created_at))
$$;

-- A webhook by path id, visible to ctx (404 otherwise), locked if asked.
CREATE OR REPLACE FUNCTION api.webhook_find(ctx jsonb, args jsonb,
    lock bool) RETURNS webhooks
LANGUAGE plpgsql AS $$
DECLARE
	w	webhooks;
BEGIN
	PERFORM api.webhook_caller(ctx);
	IF lock THEN
		SELECT * INTO w FROM webhooks t
		WHERE t.id = (args->>'id')::uuid AND api.webhook_visible(ctx, t)
		FOR UPDATE;
	ELSE
		SELECT * INTO w FROM webhooks t
		WHERE t.id = (args->>'id')::uuid AND api.webhook_visible(ctx, t);
	END IF;
	IF NOT FOUND THEN
		PERFORM api.raise_not_found('webhook');
	END IF;
	RETURN w;
END
$$;

-- GET /v1/webhooks: newest first.
CREATE OR REPLACE FUNCTION api.webhooks_list(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
	q	jsonb := coalesce(args->'query', '{}');
	lim	int := api.limit_of(args);
BEGIN
	PERFORM api.webhook_caller(ctx);
	RETURN (SELECT api.list_result(json_agg(item) FILTER (WHERE rn <= lim),
	    CASE WHEN count(*) > lim THEN min(api.created_key(created_at, id)::text)
	        FILTER (WHERE rn = lim) END)
	FROM (SELECT w.created_at, w.id, api.webhook_json(w) AS item,
	        row_number() OVER (ORDER BY w.created_at DESC, w.id DESC) AS rn
	    FROM webhooks w
	    WHERE api.webhook_visible(ctx, w)
	      AND (q->'active' IS NULL OR w.active = (q->>'active')::bool)
	      AND api.after_cursor(args, w.created_at, w.id)
	    ORDER BY w.created_at DESC, w.id DESC
	    LIMIT lim + 1) s);
END
$$;

-- GET /v1/webhooks/{id}.
CREATE OR REPLACE FUNCTION api.webhooks_get(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql STABLE AS $$
DECLARE
	w	webhooks := api.webhook_find(ctx, args, false);
BEGIN
	RETURN api.one(200, api.webhook_json(w), w.version);
END
$$;

-- POST /v1/webhooks: 201 with the secret, shown this once. Without one, a
-- secret of 32 random bytes is made (C checked a given one's length and
-- the URL; the events are known types). An admin's webhook has the
-- admin's codes (none: every event); an API client's is the client's,
-- with its codes (none: no event).
CREATE OR REPLACE FUNCTION api.webhooks_create(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	b	jsonb := args->'body';
	w	webhooks;
BEGIN
	PERFORM api.webhook_caller(ctx);
	INSERT INTO webhooks (created_by, client_id, municipality_codes, url,
	    events, secret)
	VALUES (CASE WHEN ctx->>'client_id' IS NULL
	        THEN (ctx->>'sub')::uuid END,
	    ctx->>'client_id', api.ctx_codes(ctx), b->>'url',
	    ARRAY(SELECT DISTINCT jsonb_array_elements_text(b->'events')),
	    coalesce(b->>'secret', 'whsec_' || api.webhook_random_hex()))
	RETURNING * INTO w;
	RETURN api.one(201, (api.webhook_json(w)::jsonb
	    || jsonb_build_object('secret', w.secret))::json, w.version);
END
$$;

-- 32 random bytes as hex, from PostgreSQL's strong random source (the
-- random parts of three v4 UUIDs: 366 bits).
CREATE OR REPLACE FUNCTION api.webhook_random_hex() RETURNS text
LANGUAGE sql VOLATILE AS $$
	SELECT left(encode(sha256(uuid_send(gen_random_uuid())
	    || uuid_send(gen_random_uuid()) || uuid_send(gen_random_uuid())),
	    'hex'), 64)
$$;

-- PATCH /v1/webhooks/{id}: url, events, active. Turning it on again
-- clears disabled_reason; deliveries still pending go out again.
CREATE OR REPLACE FUNCTION api.webhooks_update(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	b	jsonb := coalesce(args->'body', '{}');
	w	webhooks := api.webhook_find(ctx, args, true);
BEGIN
	PERFORM api.check_if_match(args, w.version);
	IF b ? 'url' THEN w.url := b->>'url'; END IF;
	IF b ? 'events' THEN
		w.events := ARRAY(SELECT DISTINCT
		    jsonb_array_elements_text(b->'events'));
	END IF;
	IF b ? 'active' THEN
		w.active := (b->>'active')::bool;
		IF w.active THEN w.disabled_reason := NULL; END IF;
	END IF;
	UPDATE webhooks SET url = w.url, events = w.events, active = w.active,
	    disabled_reason = w.disabled_reason
	WHERE id = w.id
	RETURNING * INTO w;
	RETURN api.one(200, api.webhook_json(w), w.version);
END
$$;

-- DELETE /v1/webhooks/{id}: with its deliveries.
CREATE OR REPLACE FUNCTION api.webhooks_delete(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	w	webhooks := api.webhook_find(ctx, args, true);
BEGIN
	PERFORM api.check_if_match(args, w.version);
	DELETE FROM webhooks WHERE id = w.id;
	RETURN ROW(204, NULL, NULL, NULL)::api.result;
END
$$;

-- GET /v1/webhooks/{id}/deliveries: newest first; filter status.
CREATE OR REPLACE FUNCTION api.webhooks_deliveries(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
	q	jsonb := coalesce(args->'query', '{}');
	lim	int := api.limit_of(args);
	w	webhooks := api.webhook_find(ctx, args, false);
BEGIN
	RETURN (SELECT api.list_result(json_agg(item) FILTER (WHERE rn <= lim),
	    CASE WHEN count(*) > lim THEN min(api.created_key(created_at, id)::text)
	        FILTER (WHERE rn = lim) END)
	FROM (SELECT d.created_at, d.id, api.webhook_delivery_json(d, e) AS item,
	        row_number() OVER (ORDER BY d.created_at DESC, d.id DESC) AS rn
	    FROM webhook_deliveries d JOIN events e ON e.id = d.event_id
	    WHERE d.webhook_id = w.id
	      AND (q->>'status' IS NULL OR q->>'status' = CASE
	        WHEN d.delivered_at IS NOT NULL THEN 'delivered'
	        WHEN d.failed_at IS NOT NULL THEN 'failed' ELSE 'pending' END)
	      AND api.after_cursor(args, d.created_at, d.id)
	    ORDER BY d.created_at DESC, d.id DESC
	    LIMIT lim + 1) s);
END
$$;

-- The sender: claim up to n due deliveries of active webhooks, each for
-- lease seconds (SKIP LOCKED: several senders never claim the same one;
-- a crashed sender's claims are due again when the lease ends).
CREATE OR REPLACE FUNCTION api.webhook_claim(n int, lease int)
RETURNS TABLE (delivery_id uuid, url text, secret text, event_id text,
    event_type text, body text)
LANGUAGE sql AS $$
	WITH due AS (
		SELECT d.id FROM webhook_deliveries d
		JOIN webhooks w ON w.id = d.webhook_id
		WHERE d.delivered_at IS NULL AND d.failed_at IS NULL
		  AND d.next_attempt_at <= now() AND w.active
		  AND (w.client_id IS NULL OR EXISTS (SELECT 1 FROM api_clients c
		    WHERE c.client_id = w.client_id AND c.active))
		ORDER BY d.next_attempt_at
		LIMIT n
		FOR UPDATE OF d SKIP LOCKED),
	claimed AS (
		UPDATE webhook_deliveries d
		SET next_attempt_at = now() + make_interval(secs => lease),
		    first_attempt_at = coalesce(d.first_attempt_at, now())
		FROM due WHERE d.id = due.id
		RETURNING d.id, d.webhook_id, d.event_id)
	SELECT c.id, w.url, w.secret, e.id::text, e.type,
	    api.event_json(e)::text
	FROM claimed c JOIN webhooks w ON w.id = c.webhook_id
	JOIN events e ON e.id = c.event_id
$$;

-- The sender: the answer to one attempt (status 0: no HTTP answer, error
-- says why). 2xx: delivered. Otherwise the next attempt after an
-- exponential backoff with jitter (base * 2^(attempts-1), at most cap
-- seconds, times 0.5..1), until window seconds after the first attempt:
-- then the delivery fails and the webhook is turned off. Returns
-- 'delivered', 'retry', 'failed' or 'gone' (not pending any more).
CREATE OR REPLACE FUNCTION api.webhook_done(delivery uuid, status int,
    error text, window_s float8, base_s float8, cap_s float8) RETURNS text
LANGUAGE plpgsql AS $$
DECLARE
	d	webhook_deliveries;
	delay	float8;
BEGIN
	SELECT * INTO d FROM webhook_deliveries
	WHERE id = delivery AND delivered_at IS NULL AND failed_at IS NULL
	FOR UPDATE;
	IF NOT FOUND THEN
		RETURN 'gone';
	END IF;
	d.attempts := d.attempts + 1;
	IF status BETWEEN 200 AND 299 THEN
		UPDATE webhook_deliveries SET attempts = d.attempts,
		    last_status = status, last_error = NULL, delivered_at = now()
		WHERE id = d.id;
		RETURN 'delivered';
	END IF;
	error := left(coalesce(error, 'HTTP ' || status), 500);
	IF now() >= coalesce(d.first_attempt_at, now())
	    + make_interval(secs => window_s) THEN
		UPDATE webhook_deliveries SET attempts = d.attempts,
		    last_status = nullif(status, 0), last_error = error,
		    failed_at = now()
		WHERE id = d.id;
		UPDATE webhooks SET active = false,
		    disabled_reason = 'event ' || d.event_id || ' could not be '
		    || 'delivered for ' || window_s || ' s (last: ' || error || ')'
		WHERE id = d.webhook_id AND active;
		RETURN 'failed';
	END IF;
	delay := least(base_s * 2 ^ least(d.attempts - 1, 30), cap_s)
	    * (0.5 + random() / 2);
	UPDATE webhook_deliveries SET attempts = d.attempts,
	    last_status = nullif(status, 0), last_error = error,
	    next_attempt_at = least(now() + make_interval(secs => delay),
	        coalesce(d.first_attempt_at, now())
	        + make_interval(secs => window_s))
	WHERE id = d.id;
	RETURN 'retry';
END
$$;
