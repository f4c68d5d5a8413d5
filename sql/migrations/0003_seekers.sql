-- 0003_seekers.sql — job seekers (/v1/seekers): the people looking for an
-- adapted job, their support, benefits, preferences and consents, and the
-- api.seekers_* functions (see sql/README.md for the contract).
-- The migration runner wraps this file in a transaction.

-- ---------------------------------------------------------------------------
-- Table
-- ---------------------------------------------------------------------------

-- Nested objects of the JSON: support_person is one jsonb object (stored
-- whole, always with the keys name, relation, phone); preferences,
-- location and consents are plain columns so matching can index and join
-- on them. Checks on the columns of one JSON object share one constraint
-- named after the object (seekers_preferences_check, ...), so C reports
-- the field the client sent.
CREATE TABLE seekers (
	id			uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	first_name		text NOT NULL CHECK (btrim(first_name) <> ''
				    AND length(first_name) <= 100),
	last_name		text NOT NULL CHECK (btrim(last_name) <> ''
				    AND length(last_name) <= 100),
	birth_date		date NOT NULL,
	email			text CHECK (email LIKE '%_@_%'),
	phone			text CHECK (length(phone) <= 40),
	municipality_code	text NOT NULL REFERENCES municipalities,
	consultant_id		uuid REFERENCES users ON DELETE SET NULL,
	support_person		jsonb,
	benefit_type		text NOT NULL DEFAULT 'none' CHECK (benefit_type
				    IN ('foertidspension', 'kontanthjaelp',
				    'ressourceforloeb', 'ledighedsydelse', 'none')),
	monthly_benefit_dkk	numeric(8,2) CHECK (monthly_benefit_dkk >= 0
				    AND monthly_benefit_dkk <= 100000),
	-- preferences
	max_weekly_hours	numeric(4,1),
	job_types		text[] NOT NULL DEFAULT '{}',
	interests		text[] NOT NULL DEFAULT '{}',
	travel_radius_km	numeric(5,1),
	-- location
	lat			double precision,
	lon			double precision,
	support_needs		text[] NOT NULL DEFAULT '{}'
				    CHECK (cardinality(support_needs) <= 20),
	needs_single_supervisor	bool NOT NULL DEFAULT false,
	easy_read		bool NOT NULL DEFAULT false,
	-- consents: no seeker without consent to processing (its withdrawal
	-- is erasure, which comes later)
	consents_processing	bool NOT NULL CHECK (consents_processing),
	consents_share_with_employers bool NOT NULL DEFAULT false,
	status			text NOT NULL DEFAULT 'active' CHECK (status IN
				    ('active', 'paused', 'placed', 'inactive')),
	version			int NOT NULL DEFAULT 1,
	created_at		timestamptz NOT NULL DEFAULT now(),
	updated_at		timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT seekers_support_person_check CHECK (support_person IS NULL
	    OR (jsonb_typeof(support_person) = 'object'
	    AND jsonb_typeof(support_person->'name') = 'string'
	    AND btrim(support_person->>'name') <> ''
	    AND support_person - '{name,relation,phone}'::text[] = '{}')),
	CONSTRAINT seekers_preferences_check CHECK (
	    (max_weekly_hours IS NULL
	        OR (max_weekly_hours > 0 AND max_weekly_hours <= 37))
	    AND (travel_radius_km IS NULL
	        OR (travel_radius_km > 0 AND travel_radius_km <= 500))
	    AND job_types <@ '{skaanejob,fleksjob,ordinary}'::text[]
	    AND cardinality(job_types) <= 3
	    AND cardinality(interests) <= 20),
	CONSTRAINT seekers_location_check CHECK ((lat IS NULL) = (lon IS NULL)
	    AND (lat IS NULL OR (lat BETWEEN -90 AND 90
	    AND lon BETWEEN -180 AND 180)))
);
-- Keyset order and the list filters (each with the keyset behind it).
CREATE INDEX seekers_created_at_id_idx ON seekers (created_at DESC, id DESC);
CREATE INDEX seekers_municipality_code_created_at_id_idx ON seekers
    (municipality_code, created_at DESC, id DESC);
CREATE INDEX seekers_consultant_id_created_at_id_idx ON seekers
    (consultant_id, created_at DESC, id DESC);
CREATE INDEX seekers_status_created_at_id_idx ON seekers
    (status, created_at DESC, id DESC);

CREATE TRIGGER seekers_touch BEFORE UPDATE ON seekers
    FOR EACH ROW EXECUTE FUNCTION api.touch_row();

-- A user may be a seeker (the login of that person).
ALTER TABLE users ADD CONSTRAINT users_seeker_id_fkey
    FOREIGN KEY (seeker_id) REFERENCES seekers (id) ON DELETE SET NULL;
CREATE INDEX users_seeker_id_idx ON users (seeker_id)
    WHERE seeker_id IS NOT NULL;

-- ---------------------------------------------------------------------------
-- JSON and scope
-- ---------------------------------------------------------------------------

-- A seeker as the API returns it (every key always present).
CREATE FUNCTION api.seeker_json(s seekers) RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT json_build_object('id', s.id, 'first_name', s.first_name,
	    'last_name', s.last_name, 'birth_date', s.birth_date,
	    'email', s.email, 'phone', s.phone,
	    'municipality_code', s.municipality_code,
	    'consultant_id', s.consultant_id,
	    'support_person', s.support_person,
	    'benefit_type', s.benefit_type,
	    'monthly_benefit_dkk', s.monthly_benefit_dkk,
	    'preferences', json_build_object(
	        'max_weekly_hours', s.max_weekly_hours,
	        'job_types', s.job_types, 'interests', s.interests,
	        'travel_radius_km', s.travel_radius_km),
	    'location', CASE WHEN s.lat IS NOT NULL
	        THEN json_build_object('lat', s.lat, 'lon', s.lon) END,
	    'support_needs', s.support_needs,
	    'needs_single_supervisor', s.needs_single_supervisor,
	    'easy_read', s.easy_read,
	    'consents', json_build_object('processing', s.consents_processing,
	        'share_with_employers', s.consents_share_with_employers),
	    'status', s.status,
	    'created_at', api.ts(s.created_at),
	    'updated_at', api.ts(s.updated_at))
$$;

-- Seekers: admin all; consultant their caseload (consultant_id = sub) and
-- their municipalities; partner their municipalities; seeker themselves.
CREATE FUNCTION api.seeker_visible(ctx jsonb, s seekers) RETURNS bool
LANGUAGE sql STABLE AS $$
	SELECT ctx->>'role' = 'admin'
	    OR (ctx->>'role' = 'consultant'
	        AND (s.consultant_id = (ctx->>'sub')::uuid
	             OR s.municipality_code = ANY (api.ctx_codes(ctx))))
	    OR (ctx->>'role' = 'partner'
	        AND s.municipality_code = ANY (api.ctx_codes(ctx)))
	    OR (ctx->>'role' = 'seeker'
	        AND s.id = (ctx->>'seeker_id')::uuid)
$$;

-- Seekers a caller may change: admin, consultant and seeker where visible
-- (partners read only).
CREATE FUNCTION api.seeker_writable(ctx jsonb, s seekers) RETURNS bool
LANGUAGE sql STABLE AS $$
	SELECT ctx->>'role' IN ('admin', 'consultant', 'seeker')
	    AND api.seeker_visible(ctx, s)
$$;

-- The rules on a seeker row about to be written that constraints cannot
-- express (s: the new row, o: the row before a PATCH or NULL on create,
-- b: the body). Age and consultant are checked when new or changed, so an
-- unrelated PATCH still works on a row that no longer passes them.
CREATE FUNCTION api.check_seeker(s seekers, o seekers, b jsonb)
RETURNS void
LANGUAGE plpgsql STABLE AS $$
DECLARE
	years	int := extract(year FROM age(current_date, s.birth_date));
BEGIN
	IF o.id IS NULL OR s.birth_date IS DISTINCT FROM o.birth_date THEN
		IF years IS NULL OR years < 15 OR years > 100 THEN
			PERFORM api.raise_field('birth_date', 'out_of_range',
			    'a seeker must be between 15 and 100 years old');
		END IF;
	END IF;
	IF s.consultant_id IS NOT NULL
	    AND s.consultant_id IS DISTINCT FROM o.consultant_id
	    AND NOT EXISTS (SELECT 1 FROM users u WHERE u.id = s.consultant_id
	        AND u.role = 'consultant' AND u.active) THEN
		PERFORM api.raise_field('consultant_id', 'not_found',
		    'no active consultant with this id');
	END IF;
	IF b->>'status' = 'placed' THEN
		PERFORM api.raise_field('status', 'invalid_value',
		    'status placed is set by a placement; '
		    || 'use active, paused or inactive');
	END IF;
	IF s.consents_processing IS NOT TRUE THEN
		PERFORM api.raise_field('consents.processing', 'invalid_value',
		    'consent to processing is required');
	END IF;
END
$$;

-- Copies the fields given in body b onto s (absent: unchanged; null: set to
-- null). Nested objects are sent whole: a missing key inside preferences
-- is null or [], inside support_person null.
CREATE FUNCTION api.seeker_apply(s seekers, b jsonb) RETURNS seekers
LANGUAGE plpgsql STABLE AS $$
DECLARE
	p	jsonb;
BEGIN
	IF b ? 'first_name' THEN s.first_name := b->>'first_name'; END IF;
	IF b ? 'last_name' THEN s.last_name := b->>'last_name'; END IF;
	IF b ? 'birth_date' THEN s.birth_date := (b->>'birth_date')::date; END IF;
	IF b ? 'email' THEN s.email := b->>'email'; END IF;
	IF b ? 'phone' THEN s.phone := b->>'phone'; END IF;
	IF b ? 'municipality_code' THEN
		s.municipality_code := b->>'municipality_code';
	END IF;
	IF b ? 'consultant_id' THEN
		s.consultant_id := (b->>'consultant_id')::uuid;
	END IF;
	IF b ? 'support_person' THEN
		p := b->'support_person';
		s.support_person := CASE WHEN jsonb_typeof(p) = 'object'
		    THEN jsonb_build_object('name', p->>'name',
		        'relation', p->>'relation', 'phone', p->>'phone') END;
	END IF;
	IF b ? 'benefit_type' THEN s.benefit_type := b->>'benefit_type'; END IF;
	IF b ? 'monthly_benefit_dkk' THEN
		s.monthly_benefit_dkk := (b->>'monthly_benefit_dkk')::numeric;
	END IF;
	IF b ? 'preferences' THEN
		p := coalesce(b->'preferences', '{}');
		s.max_weekly_hours := (p->>'max_weekly_hours')::numeric;
		s.job_types := coalesce(api.text_array(p->'job_types'), '{}');
		s.interests := coalesce(api.text_array(p->'interests'), '{}');
		s.travel_radius_km := (p->>'travel_radius_km')::numeric;
	END IF;
	IF b ? 'location' THEN
		s.lat := (b->'location'->>'lat')::float8;
		s.lon := (b->'location'->>'lon')::float8;
	END IF;
	IF b ? 'support_needs' THEN
		s.support_needs := coalesce(api.text_array(b->'support_needs'),
		    '{}');
	END IF;
	IF b ? 'needs_single_supervisor' THEN
		s.needs_single_supervisor := (b->>'needs_single_supervisor')::bool;
	END IF;
	IF b ? 'easy_read' THEN s.easy_read := (b->>'easy_read')::bool; END IF;
	IF b ? 'consents' THEN
		s.consents_processing := (b->'consents'->>'processing')::bool;
		s.consents_share_with_employers :=
		    (b->'consents'->>'share_with_employers')::bool;
	END IF;
	IF b ? 'status' THEN s.status := b->>'status'; END IF;
	RETURN s;
END
$$;

-- ---------------------------------------------------------------------------
-- Endpoints
-- ---------------------------------------------------------------------------

-- GET /v1/seekers: newest first; filters municipality_code, consultant_id,
-- status, q (first or last name contains, case-insensitive).
CREATE FUNCTION api.seekers_list(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql STABLE
SET plan_cache_mode = force_custom_plan AS $$
DECLARE
	q	jsonb := coalesce(args->'query', '{}');
	lim	int := api.limit_of(args);
	needle	text := lower(q->>'q');
BEGIN
	RETURN (SELECT api.list_result(json_agg(item) FILTER (WHERE rn <= lim),
	    CASE WHEN count(*) > lim THEN min(api.created_key(created_at, id)::text)
	        FILTER (WHERE rn = lim) END)
	FROM (SELECT s.created_at, s.id, api.seeker_json(s) AS item,
	        row_number() OVER (ORDER BY s.created_at DESC, s.id DESC) AS rn
	    FROM seekers s
	    WHERE api.seeker_visible(ctx, s)
	      AND (q->>'municipality_code' IS NULL
	           OR s.municipality_code = q->>'municipality_code')
	      AND (q->>'consultant_id' IS NULL
	           OR s.consultant_id = (q->>'consultant_id')::uuid)
	      AND (q->>'status' IS NULL OR s.status = q->>'status')
	      AND (needle IS NULL
	           OR strpos(lower(s.first_name), needle) > 0
	           OR strpos(lower(s.last_name), needle) > 0)
	      AND api.after_cursor(args, s.created_at, s.id)
	    ORDER BY s.created_at DESC, s.id DESC
	    LIMIT lim + 1) t);
END
$$;

-- GET /v1/seekers/{id}.
CREATE FUNCTION api.seekers_get(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql STABLE AS $$
DECLARE
	s	seekers;
BEGIN
	SELECT * INTO s FROM seekers t
	WHERE t.id = (args->>'id')::uuid AND api.seeker_visible(ctx, t);
	IF NOT FOUND THEN
		PERFORM api.raise_not_found('seeker');
	END IF;
	RETURN api.one(200, api.seeker_json(s), s.version);
END
$$;

-- POST /v1/seekers: admin anywhere; consultant and partner in their
-- municipalities. A consultant's new seeker is on their caseload unless
-- consultant_id says otherwise; a partner may not assign a consultant.
CREATE FUNCTION api.seekers_create(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	b	jsonb := coalesce(args->'body', '{}');
	s	seekers;
	none	seekers;
BEGIN
	IF coalesce(ctx->>'role' NOT IN ('admin', 'consultant', 'partner'),
	    true) THEN
		RAISE EXCEPTION USING ERRCODE = 'JB403',
		    MESSAGE = 'you may not create seekers';
	END IF;
	PERFORM api.check_municipality_scope(ctx, b->>'municipality_code');
	IF ctx->>'role' = 'partner' AND b->'consultant_id' IS NOT NULL
	    AND b->'consultant_id' <> 'null' THEN
		PERFORM api.raise_field('consultant_id', 'read_only',
		    'a partner may not assign a consultant');
	END IF;
	IF jsonb_typeof(b->'consents') IS DISTINCT FROM 'object' THEN
		PERFORM api.raise_field('consents', 'required',
		    'consents are required');
	END IF;

	-- The column defaults, then the body.
	s.benefit_type := 'none';
	s.job_types := '{}';
	s.interests := '{}';
	s.support_needs := '{}';
	s.needs_single_supervisor := false;
	s.easy_read := false;
	s.consents_share_with_employers := false;
	s.status := 'active';
	IF ctx->>'role' = 'consultant' THEN
		s.consultant_id := (ctx->>'sub')::uuid;
	END IF;
	s := api.seeker_apply(s, b);
	PERFORM api.check_seeker(s, none, b);

	INSERT INTO seekers (first_name, last_name, birth_date, email, phone,
	    municipality_code, consultant_id, support_person, benefit_type,
	    monthly_benefit_dkk, max_weekly_hours, job_types, interests,
	    travel_radius_km, lat, lon, support_needs, needs_single_supervisor,
	    easy_read, consents_processing, consents_share_with_employers,
	    status)
	VALUES (s.first_name, s.last_name, s.birth_date, s.email, s.phone,
	    s.municipality_code, s.consultant_id, s.support_person,
	    s.benefit_type, s.monthly_benefit_dkk, s.max_weekly_hours,
	    s.job_types, s.interests, s.travel_radius_km, s.lat, s.lon,
	    s.support_needs, s.needs_single_supervisor, s.easy_read,
	    s.consents_processing, s.consents_share_with_employers, s.status)
	RETURNING * INTO s;
	RETURN api.one(201, api.seeker_json(s), s.version);
END
$$;

-- PATCH /v1/seekers/{id}: merge patch (admin, consultant where visible,
-- seeker themselves; a seeker may not write consultant_id, benefit_type,
-- monthly_benefit_dkk, status or municipality_code).
CREATE FUNCTION api.seekers_update(ctx jsonb, args jsonb) RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	b	jsonb := coalesce(args->'body', '{}');
	o	seekers;
	s	seekers;
	f	text;
BEGIN
	SELECT * INTO o FROM seekers t
	WHERE t.id = (args->>'id')::uuid AND api.seeker_writable(ctx, t)
	FOR UPDATE;
	IF NOT FOUND THEN
		PERFORM api.raise_not_found('seeker');
	END IF;
	PERFORM api.check_if_match(args, o.version);

	IF ctx->>'role' = 'seeker' THEN
		FOREACH f IN ARRAY ARRAY['consultant_id', 'benefit_type',
		    'monthly_benefit_dkk', 'status', 'municipality_code'] LOOP
			IF b ? f THEN
				PERFORM api.raise_field(f, 'read_only',
				    'you may not change ' || f || ' yourself');
			END IF;
		END LOOP;
	END IF;
	IF b ? 'municipality_code'
	    AND b->>'municipality_code' IS DISTINCT FROM o.municipality_code THEN
		PERFORM api.check_municipality_scope(ctx, b->>'municipality_code');
	END IF;

	s := api.seeker_apply(o, b);
	PERFORM api.check_seeker(s, o, b);

	UPDATE seekers SET first_name = s.first_name, last_name = s.last_name,
	    birth_date = s.birth_date, email = s.email, phone = s.phone,
	    municipality_code = s.municipality_code,
	    consultant_id = s.consultant_id, support_person = s.support_person,
	    benefit_type = s.benefit_type,
	    monthly_benefit_dkk = s.monthly_benefit_dkk,
	    max_weekly_hours = s.max_weekly_hours, job_types = s.job_types,
	    interests = s.interests, travel_radius_km = s.travel_radius_km,
	    lat = s.lat, lon = s.lon, support_needs = s.support_needs,
	    needs_single_supervisor = s.needs_single_supervisor,
	    easy_read = s.easy_read,
	    consents_processing = s.consents_processing,
	    consents_share_with_employers = s.consents_share_with_employers,
	    status = s.status
	WHERE id = o.id
	RETURNING * INTO s;
	RETURN api.one(200, api.seeker_json(s), s.version);
END
$$;
