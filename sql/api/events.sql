-- events.sql — GET /v1/events, the change feed: the domain events the
-- triggers of migration 0016 write into the outbox (events) in the
-- transaction of each change, scoped like the resources they are about;
-- and `updated_since`, which every list takes (the helpers below).

-- The event types, in the order of the spec (src/fields.c jb_event_types
-- is the same list).
CREATE OR REPLACE FUNCTION api.event_types() RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
	SELECT '{job.published,job.updated,job.closed,job.filled,seeker.created,seeker.updated,seeker.erased,application.created,application.status_changed,interview.scheduled,interview.rescheduled,interview.cancelled,interview.recorded,placement.created,placement.ended,follow_up.recorded}'::text[]
$$;

-- An event as the API returns it.
CREATE OR REPLACE FUNCTION api.event_json(e events) RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT json_build_object('id', e.id, 'type', e.type,
	    'occurred_at', api.ts(e.occurred_at),
	    'resource', json_build_object('type', e.resource_type,
	        'id', e.resource_id),
	    'data', e.data)
$$;

-- Events a caller may see: admin all; consultant and partner those of
-- their municipalities (a consultant also those about the seekers of
-- their caseload); employer those of its employer; seeker their own.
CREATE OR REPLACE FUNCTION api.event_visible(ctx jsonb, e events)
RETURNS bool
LANGUAGE sql STABLE AS $$
	SELECT ctx->>'role' = 'admin'
	    OR (ctx->>'role' IN ('consultant', 'partner')
	        AND e.municipality_code = ANY (api.ctx_codes(ctx)))
	    OR (ctx->>'role' = 'consultant' AND e.seeker_id IS NOT NULL
	        AND EXISTS (SELECT 1 FROM seekers s WHERE s.id = e.seeker_id
	            AND s.consultant_id = (ctx->>'sub')::uuid))
	    OR (ctx->>'role' = 'employer'
	        AND e.employer_id = (ctx->>'employer_id')::uuid)
	    OR (ctx->>'role' = 'seeker'
	        AND e.seeker_id = (ctx->>'seeker_id')::uuid)
$$;

-- GET /v1/events?after=&type=&limit=: oldest first. Order and cursor are
-- (txid, id): only events of transactions older than every running one
-- (txid below the snapshot's xmin) are returned, so every event that
-- appears later sorts after every event returned now — a poller resuming
-- from next_cursor misses none, even when transactions commit in another
-- order than they took their ids. next_cursor is never null: on the last
-- page it is the feed's horizon (the position to poll from next).
CREATE OR REPLACE FUNCTION api.events_list(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
	q	jsonb := coalesce(args->'query', '{}');
	lim	int := api.limit_of(args);
	cx	xid8 := (q->'cursor'->>0)::xid8;
	ci	bigint := (q->'cursor'->>1)::bigint;
	horizon	xid8 := pg_snapshot_xmin(pg_current_snapshot());
	page	json;
	last_key text;
BEGIN
	PERFORM api.check_role(ctx, '{admin,consultant,partner,employer,seeker}',
	    'read the change feed');
	SELECT json_agg(item ORDER BY rn) FILTER (WHERE rn <= lim),
	    CASE WHEN count(*) > lim THEN min(json_build_array(txid::text,
	        id)::text) FILTER (WHERE rn = lim) END
	INTO page, last_key
	FROM (SELECT e.txid, e.id, api.event_json(e) AS item,
	        row_number() OVER (ORDER BY e.txid, e.id) AS rn
	    FROM events e
	    WHERE e.txid < horizon
	      AND (cx IS NULL OR (e.txid, e.id) > (cx, ci))
	      AND (q->>'type' IS NULL OR e.type = q->>'type')
	      AND api.event_visible(ctx, e)
	    ORDER BY e.txid, e.id
	    LIMIT lim + 1) t;
	IF last_key IS NULL THEN
		-- The end: every event below the horizon has been seen.
		last_key := CASE WHEN cx IS NOT NULL AND cx >= horizon
		    THEN json_build_array(cx::text, ci)
		    ELSE json_build_array(horizon::text, 0) END::text;
	END IF;
	RETURN api.list_result(page, last_key);
END
$$;

-- ---------------------------------------------------------------------------
-- updated_since: every list (jobs, employers, seekers, applications,
-- interviews, placements, follow-ups, users). With it a list holds the
-- rows with updated_at >= updated_since, ordered by (updated_at, id)
-- ascending, and its cursor keys on that ([updated_at, id]); without it
-- these fold away (custom plans) and the list keeps its own order.
-- ---------------------------------------------------------------------------

-- query.updated_since, or NULL.
CREATE OR REPLACE FUNCTION api.since(args jsonb) RETURNS timestamptz
LANGUAGE sql STABLE AS $$
	SELECT (args->'query'->>'updated_since')::timestamptz
$$;

-- The first sort keys of a list: (updated_at, id) with updated_since,
-- else NULL (no effect).
CREATE OR REPLACE FUNCTION api.since_ts(args jsonb, updated_at timestamptz)
RETURNS timestamptz
LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN args->'query' ? 'updated_since' THEN updated_at END
$$;

CREATE OR REPLACE FUNCTION api.since_id(args jsonb, id uuid) RETURNS uuid
LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN args->'query' ? 'updated_since' THEN id END
$$;

-- The row filter and keyset: with updated_since, updated_at >= it and
-- (updated_at, id) after the cursor; else the list's own keyset test
-- (own_after).
CREATE OR REPLACE FUNCTION api.since_after(args jsonb, updated_at timestamptz,
    id uuid, own_after bool) RETURNS bool
LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN NOT args->'query' ? 'updated_since' THEN own_after
	    ELSE updated_at >= api.since(args)
	        AND (args->'query'->'cursor' IS NULL
	            OR (updated_at, id) > ((args->'query'->'cursor'->>0)::timestamptz,
	            (args->'query'->'cursor'->>1)::uuid)) END
$$;

-- The cursor key of a row: [updated_at, id] with updated_since, else
-- the list's own (own_key).
CREATE OR REPLACE FUNCTION api.since_key(args jsonb, updated_at timestamptz,
    id uuid, own_key json) RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT CASE WHEN args->'query' ? 'updated_since'
	    THEN json_build_array(api.ts(updated_at), id) ELSE own_key END
$$;
