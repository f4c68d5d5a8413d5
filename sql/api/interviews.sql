-- interviews.sql — /v1/interviews: interviews of applications, their
-- changes and outcomes, and the iCalendar feed (/v1/interviews.ics).

-- An interview with every field (all keys always present); callers get it
-- through api.redact(ctx, 'interview', ...), the export as it is.
CREATE OR REPLACE FUNCTION api.interview_json(i interviews) RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT json_build_object('id', i.id,
	    'application_id', i.application_id, 'seeker_id', i.seeker_id,
	    'job_id', i.job_id, 'consultant_id', i.consultant_id,
	    'starts_at', api.ts(i.starts_at), 'ends_at', api.ts(i.ends_at),
	    'location', i.location, 'mode', i.mode,
	    'consultant_attends', i.consultant_attends,
	    'accommodations', to_json(i.accommodations),
	    'status', i.status, 'outcome', i.outcome,
	    'created_at', api.ts(i.created_at),
	    'updated_at', api.ts(i.updated_at))
$$;

-- The callers who may schedule and change interviews (C answers 403 to the
-- others first; this is the second line).
CREATE OR REPLACE FUNCTION api.check_interview_writer(ctx jsonb) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF coalesce(ctx->>'role' NOT IN ('admin', 'consultant', 'employer'),
	    true) THEN
		RAISE EXCEPTION USING ERRCODE = 'JB403',
		    MESSAGE = 'you may not schedule or change interviews';
	END IF;
END
$$;

-- RFC 5545 TEXT value: backslash, semicolon and comma escaped, a line
-- break (CRLF, CR or LF) as \n, every other control character (C0, DEL,
-- C1; tab too) dropped, so no value can end its line or start another.
CREATE OR REPLACE FUNCTION api.ics_text(t text) RETURNS text
LANGUAGE sql IMMUTABLE AS $$
	SELECT regexp_replace(regexp_replace(replace(replace(replace(t, '\',
	    '\\'), ';', '\;'), ',', '\,'), E'\r\n|\r|\n', '\\n', 'g'),
	    '[\x01-\x1f\x7f-\x9f]', '', 'g')
$$;

-- RFC 5545 UTC date-time in basic format: 20261123T090000Z.
CREATE OR REPLACE FUNCTION api.ics_utc(t timestamptz) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT to_char(t AT TIME ZONE 'UTC', 'YYYYMMDD"T"HH24MISS"Z"')
$$;

-- RFC 5545 line folding: a content line longer than 75 octets is split
-- (never inside a UTF-8 character) with CRLF + one space; the space counts
-- toward the 75 octets of its continuation line.
CREATE OR REPLACE FUNCTION api.ics_fold(line text) RETURNS text
LANGUAGE plpgsql IMMUTABLE AS $$
DECLARE
	parts	text[] := '{}';
	cur	text := '';
	used	int := 0;
	ch	text;
	n	int;
BEGIN
	IF octet_length(line) <= 75 THEN
		RETURN line;
	END IF;
	FOREACH ch IN ARRAY regexp_split_to_array(line, '') LOOP
		n := octet_length(ch);
		IF used + n > 75 THEN
			parts := parts || cur;
			cur := ' ';
			used := 1;
		END IF;
		cur := cur || ch;
		used := used + n;
	END LOOP;
	RETURN array_to_string(parts || cur, E'\r\n');
END
$$;

-- The content lines of one VEVENT (unfolded) for the caller ctx: the
-- accommodations only when ctx may read them (api.hidden_fields).
CREATE OR REPLACE FUNCTION api.interview_vevent(i interviews, job_title text,
    ctx jsonb) RETURNS text[]
LANGUAGE sql STABLE AS $$
	SELECT array_remove(ARRAY['BEGIN:VEVENT',
	    'UID:' || i.id || '@jobbro',
	    'DTSTAMP:' || api.ics_utc(i.updated_at),
	    'DTSTART:' || api.ics_utc(i.starts_at),
	    'DTEND:' || api.ics_utc(i.ends_at),
	    'SUMMARY:' || api.ics_text('Jobsamtale: ' || job_title),
	    'LOCATION:' || api.ics_text(i.location),
	    'DESCRIPTION:' || api.ics_text('Mode: ' || i.mode
	        || E'\nConsultant attends: '
	        || CASE WHEN i.consultant_attends THEN 'yes' ELSE 'no' END
	        || CASE WHEN cardinality(i.accommodations) > 0
	            AND NOT 'accommodations' = ANY (api.hidden_fields(ctx,
	                'interview'))
	            THEN E'\nAccommodations: '
	                || array_to_string(i.accommodations, ', ')
	            ELSE '' END),
	    'STATUS:' || CASE WHEN i.status = 'cancelled' THEN 'CANCELLED'
	        ELSE 'CONFIRMED' END,
	    'END:VEVENT'], NULL)
$$;

-- GET /v1/interviews: soonest first (starts_at, id); filters
-- application_id, seeker_id, consultant_id, status, from, to (dates, UTC).
-- Each interview on the page is audited (interview.listed).
CREATE OR REPLACE FUNCTION api.interviews_list(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
	q	jsonb := coalesce(args->'query', '{}');
	lim	int := api.limit_of(args);
	lo	timestamptz := (q->>'from')::date::timestamp AT TIME ZONE 'UTC';
	hi	timestamptz := ((q->>'to')::date + 1)::timestamp
			    AT TIME ZONE 'UTC';
	page	json;
	last_key text;
	ids	uuid[];
	sids	uuid[];
BEGIN
	SELECT json_agg(item) FILTER (WHERE rn <= lim),
	    CASE WHEN count(*) > lim THEN min(api.since_key(args,
	        updated_at, id, api.starts_key(starts_at, id))::text)
	        FILTER (WHERE rn = lim) END,
	    array_agg(id) FILTER (WHERE rn <= lim),
	    array_agg(seeker_id) FILTER (WHERE rn <= lim)
	INTO page, last_key, ids, sids
	FROM (SELECT i.starts_at, i.id, i.updated_at, i.seeker_id,
	        api.redact(ctx, 'interview', api.interview_json(i)) AS item,
	        row_number() OVER (ORDER BY api.since_ts(args, i.updated_at),
	            api.since_id(args, i.id), i.starts_at, i.id) AS rn
	    FROM interviews i
	    JOIN seekers s ON s.id = i.seeker_id
	    JOIN jobs j ON j.id = i.job_id
	    WHERE api.application_visible(ctx, s, j)
	      AND (q->>'application_id' IS NULL
	           OR i.application_id = (q->>'application_id')::uuid)
	      AND (q->>'seeker_id' IS NULL
	           OR i.seeker_id = (q->>'seeker_id')::uuid)
	      AND (q->>'consultant_id' IS NULL
	           OR i.consultant_id = (q->>'consultant_id')::uuid)
	      AND (q->>'status' IS NULL OR i.status = q->>'status')
	      AND (lo IS NULL OR i.starts_at >= lo)
	      AND (hi IS NULL OR i.starts_at < hi)
	      AND api.since_after(args, i.updated_at, i.id,
	          api.after_starts_cursor(args, i.starts_at, i.id))
	    ORDER BY api.since_ts(args, i.updated_at),
	        api.since_id(args, i.id), i.starts_at, i.id
	    LIMIT lim + 1) t;
	PERFORM api.audit_many(ctx, 'interview.listed', 'interview',
	    ids::text[], sids);
	RETURN api.list_result(page, last_key);
END
$$;

-- GET /v1/interviews/{id} (audited: interview.read).
CREATE OR REPLACE FUNCTION api.interviews_get(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	i	interviews;
BEGIN
	SELECT t.* INTO i FROM interviews t
	JOIN seekers s ON s.id = t.seeker_id
	JOIN jobs j ON j.id = t.job_id
	WHERE t.id = (args->>'id')::uuid AND api.application_visible(ctx, s, j);
	IF NOT FOUND THEN
		PERFORM api.raise_not_found('interview');
	END IF;
	PERFORM api.audit(ctx, 'interview.read', 'interview', i.id::text,
	    i.seeker_id);
	RETURN api.one(200, api.redact(ctx, 'interview', api.interview_json(i)),
	    i.version);
END
$$;

-- POST /v1/interviews: admin, consultant, employer on an application they
-- can see (else application_id not_found) in in_review or interview (else
-- JB409). An in_review application moves to interview (one event). The
-- application row is locked, so concurrent schedulings run one by one.
CREATE OR REPLACE FUNCTION api.interviews_create(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	b	jsonb := coalesce(args->'body', '{}');
	a	applications;
	cons	uuid;
	i	interviews;
	moved	applications;
BEGIN
	PERFORM api.check_interview_writer(ctx);

	SELECT t.* INTO a
	FROM applications t
	JOIN seekers s ON s.id = t.seeker_id
	JOIN jobs j ON j.id = t.job_id
	WHERE t.id = (b->>'application_id')::uuid
	  AND api.application_visible(ctx, s, j)
	FOR UPDATE OF t;
	IF NOT FOUND THEN
		PERFORM api.raise_field('application_id', 'not_found',
		    'no application with this id that you may see');
	END IF;
	SELECT s.consultant_id INTO cons FROM seekers s WHERE s.id = a.seeker_id;

	IF a.status = 'submitted' THEN
		PERFORM api.raise_conflict('application is submitted; '
		    || 'move the application to in_review first');
	ELSIF a.status NOT IN ('in_review', 'interview') THEN
		PERFORM api.raise_conflict('application is ' || a.status
		    || '; interviews are scheduled only for applications in '
		    || 'in_review or interview'
		    || CASE WHEN a.status IN ('hired', 'rejected', 'withdrawn')
		        THEN ' (' || a.status || ' is final)' ELSE '' END);
	END IF;

	IF coalesce((b->>'consultant_attends')::bool, false)
	    AND cons IS NULL THEN
		PERFORM api.raise_field('consultant_attends', 'invalid_value',
		    'the seeker has no consultant who could attend');
	END IF;

	INSERT INTO interviews (application_id, seeker_id, job_id,
	    consultant_id, starts_at, ends_at, location, mode,
	    consultant_attends, accommodations)
	VALUES (a.id, a.seeker_id, a.job_id, cons,
	    (b->>'starts_at')::timestamptz, (b->>'ends_at')::timestamptz,
	    b->>'location', coalesce(b->>'mode', 'in_person'),
	    coalesce((b->>'consultant_attends')::bool, false),
	    coalesce(api.text_array(b->'accommodations'), '{}'))
	RETURNING * INTO i;

	IF a.status = 'in_review' THEN
		UPDATE applications SET status = 'interview' WHERE id = a.id
		RETURNING * INTO moved;
		INSERT INTO application_events (application_id, from_status,
		    to_status, at, actor_id, reason)
		VALUES (a.id, 'in_review', 'interview', moved.updated_at,
		    (ctx->>'sub')::uuid, 'interview scheduled');
	END IF;
	RETURN api.one(201, api.redact(ctx, 'interview', api.interview_json(i)),
	    i.version);
END
$$;

-- PATCH /v1/interviews/{id}: 404 not visible; 403 role; 412 If-Match;
-- 409 rescheduling a non-scheduled interview, or a status move other than
-- scheduled → completed | cancelled | no_show (setting the current status
-- again changes nothing). outcome may be set in any status.
CREATE OR REPLACE FUNCTION api.interviews_update(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	b	jsonb := coalesce(args->'body', '{}');
	i	interviews;
	dest	text;
BEGIN
	SELECT t.* INTO i FROM interviews t
	JOIN seekers s ON s.id = t.seeker_id
	JOIN jobs j ON j.id = t.job_id
	WHERE t.id = (args->>'id')::uuid AND api.application_visible(ctx, s, j)
	FOR UPDATE OF t;
	IF NOT FOUND THEN
		PERFORM api.raise_not_found('interview');
	END IF;
	PERFORM api.check_interview_writer(ctx);
	PERFORM api.check_if_match(args, i.version);

	IF b ?| ARRAY['starts_at', 'ends_at', 'location', 'mode',
	    'consultant_attends', 'accommodations']
	    AND i.status <> 'scheduled' THEN
		PERFORM api.raise_conflict('interview is ' || i.status
		    || '; only a scheduled interview can be rescheduled');
	END IF;
	dest := coalesce(b->>'status', i.status);
	IF dest <> i.status AND NOT (i.status = 'scheduled'
	    AND dest IN ('completed', 'cancelled', 'no_show')) THEN
		PERFORM api.raise_conflict('illegal transition from ' || i.status
		    || ' to ' || dest
		    || CASE WHEN i.status <> 'scheduled'
		        THEN ' (' || i.status || ' is final)' ELSE '' END);
	END IF;
	IF b ? 'consultant_attends' AND (b->>'consultant_attends')::bool
	    AND i.consultant_id IS NULL THEN
		PERFORM api.raise_field('consultant_attends', 'invalid_value',
		    'the interview has no consultant who could attend');
	END IF;

	UPDATE interviews SET
	    starts_at = CASE WHEN b ? 'starts_at'
	        THEN (b->>'starts_at')::timestamptz ELSE starts_at END,
	    ends_at = CASE WHEN b ? 'ends_at'
	        THEN (b->>'ends_at')::timestamptz ELSE ends_at END,
	    location = CASE WHEN b ? 'location' THEN b->>'location'
	        ELSE location END,
	    mode = CASE WHEN b ? 'mode' THEN b->>'mode' ELSE mode END,
	    consultant_attends = CASE WHEN b ? 'consultant_attends'
	        THEN (b->>'consultant_attends')::bool
	        ELSE consultant_attends END,
	    accommodations = CASE WHEN b ? 'accommodations'
	        THEN coalesce(api.text_array(b->'accommodations'), '{}')
	        ELSE accommodations END,
	    status = dest,
	    outcome = CASE WHEN b ? 'outcome' THEN b->>'outcome'
	        ELSE outcome END
	WHERE id = i.id
	RETURNING * INTO i;
	RETURN api.one(200, api.redact(ctx, 'interview', api.interview_json(i)),
	    i.version);
END
$$;

-- GET /v1/interviews.ics: the caller's visible scheduled and completed
-- interviews (the 500 that start last, in start order), filters
-- seeker_id, consultant_id; body = the calendar text as a JSON string.
-- Each interview in the feed is audited (interview.listed). With
-- query.feed (a calendar subscription, sql/api/calendar.sql) the caller is
-- the feed's user (api.calendar_feed_ctx: 404 unless the feed is live);
-- without it an anonymous caller is refused (401).
CREATE OR REPLACE FUNCTION api.interviews_ics(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
	q	jsonb := coalesce(args->'query', '{}');
	cal	text;
	ids	uuid[];
	sids	uuid[];
BEGIN
	IF q ? 'feed' THEN
		ctx := api.calendar_feed_ctx(ctx, q->>'feed');
	ELSIF coalesce(ctx->>'role', 'anonymous') = 'anonymous' THEN
		RAISE EXCEPTION USING ERRCODE = 'JB401',
		    MESSAGE = 'this endpoint needs a bearer token or a feed token';
	END IF;
	WITH e AS MATERIALIZED (
	    SELECT i.starts_at, i.id, i.seeker_id,
	        api.interview_vevent(i, j.title, ctx) AS ev
	    FROM interviews i
	    JOIN seekers s ON s.id = i.seeker_id
	    JOIN jobs j ON j.id = i.job_id
	    WHERE api.application_visible(ctx, s, j)
	      AND i.status IN ('scheduled', 'completed')
	      AND (q->>'seeker_id' IS NULL
	           OR i.seeker_id = (q->>'seeker_id')::uuid)
	      AND (q->>'consultant_id' IS NULL
	           OR i.consultant_id = (q->>'consultant_id')::uuid)
	    ORDER BY i.starts_at DESC, i.id DESC
	    LIMIT 500)
	SELECT (SELECT string_agg(api.ics_fold(l.line), E'\r\n'
	        ORDER BY l.grp, l.starts_at, l.id, l.ord) || E'\r\n'
	    FROM (
	        SELECT 0 AS grp, NULL::timestamptz AS starts_at,
	            NULL::uuid AS id, h.ord, h.line
	        FROM unnest(ARRAY['BEGIN:VCALENDAR', 'VERSION:2.0',
	            'PRODID:-//Jobbro//Interviews//DA', 'CALSCALE:GREGORIAN'])
	            WITH ORDINALITY AS h (line, ord)
	        UNION ALL
	        SELECT 1, e.starts_at, e.id, v.ord, v.line
	        FROM e, unnest(e.ev) WITH ORDINALITY AS v (line, ord)
	        UNION ALL
	        SELECT 2, NULL, NULL, 1, 'END:VCALENDAR') l),
	    array_agg(e.id ORDER BY e.starts_at, e.id),
	    array_agg(e.seeker_id ORDER BY e.starts_at, e.id)
	INTO cal, ids, sids
	FROM e;
	PERFORM api.audit_many(ctx, 'interview.listed', 'interview',
	    ids::text[], sids);
	RETURN ROW(200, to_json(cal), NULL, NULL)::api.result;
END
$$;
