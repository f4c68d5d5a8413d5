-- audit.sql — the audit log (table audit_events, 0013_audit): how the api
-- functions that hand out a seeker's personal data record the read
-- (api.audit, api.audit_many; changes are recorded by the trigger
-- core.audit_change), and GET /v1/audit-events for admins. The actions
-- are listed in sql/README.md ("The audit log").

-- Records one event by the caller ctx: actor ctx.sub, role ctx.role,
-- client ctx.client_id, request ctx.request_id, address ctx.ip (each NULL
-- when absent).
CREATE OR REPLACE FUNCTION api.audit(ctx jsonb, action text, resource_type text,
    resource_id text, seeker_id uuid) RETURNS void
LANGUAGE sql AS $$
	INSERT INTO audit_events (actor_id, actor_role, client_id, action,
	    resource_type, resource_id, seeker_id, request_id, ip)
	VALUES ((ctx->>'sub')::uuid, coalesce(ctx->>'role', 'system'),
	    ctx->>'client_id', $2, $3, $4, $5, ctx->>'request_id',
	    (ctx->>'ip')::inet)
$$;

-- Records one event per element of resource_ids (and seeker_ids, the
-- same length), in one statement; none for an empty or NULL array.
CREATE OR REPLACE FUNCTION api.audit_many(ctx jsonb, action text,
    resource_type text, resource_ids text[], seeker_ids uuid[]) RETURNS void
LANGUAGE sql AS $$
	INSERT INTO audit_events (actor_id, actor_role, client_id, action,
	    resource_type, resource_id, seeker_id, request_id, ip)
	SELECT (ctx->>'sub')::uuid, coalesce(ctx->>'role', 'system'),
	    ctx->>'client_id', $2, $3, u.rid, u.sid, ctx->>'request_id',
	    (ctx->>'ip')::inet
	FROM unnest($4, $5) u (rid, sid)
$$;

-- The actions that record a read of a seeker's personal data (what a
-- seeker's export lists as its access log): the seeker, and the rows
-- about them (applications, interviews, placements, follow-ups).
CREATE OR REPLACE FUNCTION api.audit_reads() RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
	SELECT ARRAY['seeker.read', 'seeker.listed', 'seeker.exported',
	    'seeker.matched', 'application.read', 'application.listed',
	    'interview.read', 'interview.listed', 'follow_up.read',
	    'follow_up.listed', 'placement.read', 'placement.listed',
	    'paperwork.read', 'document.listed', 'document.downloaded']
$$;

-- An audit event as the API returns it.
CREATE OR REPLACE FUNCTION api.audit_event_json(e audit_events) RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT json_build_object('id', e.id, 'at', api.ts(e.at),
	    'actor_id', e.actor_id, 'actor_role', e.actor_role,
	    'client_id', e.client_id, 'action', e.action,
	    'resource_type', e.resource_type, 'resource_id', e.resource_id,
	    'seeker_id', e.seeker_id, 'request_id', e.request_id,
	    'ip', host(e.ip))
$$;

-- The time query parameter key of q stands for: a date (YYYY-MM-DD, UTC)
-- is its midnight, or the next one when end (the day is included); an
-- RFC 3339 date-time is itself, or a microsecond later when end (so that
-- `at < bound` includes it). NULL when absent; JB400 when malformed.
CREATE OR REPLACE FUNCTION api.audit_bound(q jsonb, key text, is_end bool)
RETURNS timestamptz
LANGUAGE plpgsql STABLE AS $$
DECLARE
	v	text := q->>key;
BEGIN
	IF v IS NULL THEN
		RETURN NULL;
	ELSIF v ~ '^\d{4}-\d{2}-\d{2}$' THEN
		BEGIN
			RETURN (v::date + is_end::int)::timestamp
			    AT TIME ZONE 'UTC';
		EXCEPTION WHEN data_exception THEN
			NULL;
		END;
	ELSIF v ~ ('^\d{4}-\d{2}-\d{2}[Tt]\d{2}:\d{2}:\d{2}(\.\d{1,9})?'
	    '([Zz]|[+-]\d{2}:\d{2})$') THEN
		BEGIN
			RETURN v::timestamptz + CASE WHEN is_end
			    THEN interval '1 microsecond' ELSE interval '0' END;
		EXCEPTION WHEN data_exception THEN
			NULL;
		END;
	END IF;
	RAISE EXCEPTION USING ERRCODE = 'JB400', COLUMN = key,
	    HINT = 'invalid_format',
	    MESSAGE = key || ' must be a date (YYYY-MM-DD) or an RFC 3339 '
	    || 'date-time';
END
$$;

-- The keyset of an event ordered by (at DESC, id DESC).
CREATE OR REPLACE FUNCTION api.audit_key(at timestamptz, id bigint) RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT json_build_array(api.ts(at), id)
$$;

-- GET /v1/audit-events (admin): newest first; filters seeker_id,
-- actor_id, action, from and to (dates or date-times, both included).
CREATE OR REPLACE FUNCTION api.audit_events_list(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
	q	jsonb := coalesce(args->'query', '{}');
	c	jsonb := args->'query'->'cursor';
	lim	int := api.limit_of(args);
	lo	timestamptz := api.audit_bound(q, 'from', false);
	hi	timestamptz := api.audit_bound(q, 'to', true);
BEGIN
	PERFORM api.check_role(ctx, '{admin}', 'read the audit log');
	IF lo >= hi THEN
		RAISE EXCEPTION USING ERRCODE = 'JB400', COLUMN = 'to',
		    HINT = 'out_of_range', MESSAGE = 'to must not be before from';
	END IF;
	RETURN (SELECT api.list_result(json_agg(item) FILTER (WHERE rn <= lim),
	    CASE WHEN count(*) > lim THEN min(api.audit_key(at, id)::text)
	        FILTER (WHERE rn = lim) END)
	FROM (SELECT e.at, e.id, api.audit_event_json(e) AS item,
	        row_number() OVER (ORDER BY e.at DESC, e.id DESC) AS rn
	    FROM audit_events e
	    WHERE (q->>'seeker_id' IS NULL
	           OR e.seeker_id = (q->>'seeker_id')::uuid)
	      AND (q->>'actor_id' IS NULL
	           OR e.actor_id = (q->>'actor_id')::uuid)
	      AND (q->>'action' IS NULL OR e.action = q->>'action')
	      AND (lo IS NULL OR e.at >= lo)
	      AND (hi IS NULL OR e.at < hi)
	      AND (c IS NULL OR (e.at, e.id) < ((c->>0)::timestamptz,
	          (c->>1)::bigint))
	    ORDER BY e.at DESC, e.id DESC
	    LIMIT lim + 1) t);
END
$$;
