-- 0001_init.sql — municipalities, users, refresh tokens, employers, jobs,
-- and schema core: the functions the tables themselves use (the generated
-- search column, the touch trigger). The api.* functions C calls live in
-- sql/api/ (see sql/README.md).
-- scripts/migrate.sh applies every pending migration in one transaction.

CREATE SCHEMA core;

-- Joins a text array with spaces; IMMUTABLE so a generated column may use it.
CREATE FUNCTION core.join_text(a text[]) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT coalesce(array_to_string(a, ' '), '')
$$;

-- ---------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------

CREATE TABLE municipalities (
	code		text PRIMARY KEY CHECK (code ~ '^[0-9]{4}$'),
	name		text NOT NULL,
	region_code	text NOT NULL,
	region_name	text NOT NULL
);
CREATE INDEX municipalities_region_code_idx ON municipalities (region_code);

CREATE TABLE employers (
	id			uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	name			text NOT NULL CHECK (btrim(name) <> ''),
	cvr			text NOT NULL UNIQUE CHECK (cvr ~ '^[0-9]{8}$'),
	street			text,
	postal_code		text,
	city			text,
	municipality_code	text NOT NULL REFERENCES municipalities,
	contact_name		text,
	contact_email		text,
	contact_phone		text,
	agreement_signed_on	date,
	notes			text,
	version			int NOT NULL DEFAULT 1,
	created_at		timestamptz NOT NULL DEFAULT now(),
	updated_at		timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX employers_municipality_code_idx ON employers (municipality_code);
CREATE INDEX employers_created_at_id_idx ON employers (created_at DESC, id DESC);

CREATE TABLE users (
	id			uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	email			text NOT NULL,
	name			text NOT NULL,
	role			text NOT NULL CHECK (role IN ('admin', 'consultant',
				    'employer', 'seeker', 'partner')),
	password_hash		text NOT NULL,
	municipality_codes	text[] NOT NULL DEFAULT '{}',
	employer_id		uuid REFERENCES employers,
	seeker_id		uuid,	-- FK added with the seekers table
	active			bool NOT NULL DEFAULT true,
	last_login_at		timestamptz,
	version			int NOT NULL DEFAULT 1,
	created_at		timestamptz NOT NULL DEFAULT now(),
	updated_at		timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT users_municipality_codes_check CHECK (
	    role NOT IN ('consultant', 'partner')
	    OR cardinality(municipality_codes) > 0),
	CONSTRAINT users_employer_id_check CHECK (
	    role <> 'employer' OR employer_id IS NOT NULL)
);
-- Named like a UNIQUE constraint so C reports the field "email".
CREATE UNIQUE INDEX users_email_key ON users (lower(email));
CREATE INDEX users_created_at_id_idx ON users (created_at DESC, id DESC);
CREATE INDEX users_employer_id_idx ON users (employer_id);

CREATE TABLE refresh_tokens (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	family_id	uuid NOT NULL,
	user_id		uuid NOT NULL REFERENCES users ON DELETE CASCADE,
	token_hash	text NOT NULL UNIQUE CHECK (token_hash ~ '^[0-9a-f]{64}$'),
	expires_at	timestamptz NOT NULL,
	rotated_at	timestamptz,
	revoked_at	timestamptz,
	created_at	timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX refresh_tokens_family_id_idx ON refresh_tokens (family_id);
CREATE INDEX refresh_tokens_user_id_idx ON refresh_tokens (user_id);

CREATE TABLE jobs (
	id			uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	employer_id		uuid NOT NULL REFERENCES employers ON DELETE RESTRICT,
	title			text NOT NULL CHECK (btrim(title) <> ''),
	description		text NOT NULL,
	easy_read_summary	text,
	tasks			text[] NOT NULL DEFAULT '{}',
	job_type		text NOT NULL CHECK (job_type IN ('skaanejob',
				    'fleksjob', 'ordinary')),
	weekly_hours		numeric(4,1) NOT NULL
				    CHECK (weekly_hours > 0 AND weekly_hours <= 37),
	schedule		text,
	single_supervisor	bool NOT NULL DEFAULT false,
	supervisor_name		text,
	accommodations		text[] NOT NULL DEFAULT '{}',
	-- positions is what a client sets, so "fewer positions than filled"
	-- is reported on positions.
	positions		int NOT NULL DEFAULT 1,
	filled			int NOT NULL DEFAULT 0 CHECK (filled >= 0),
	hourly_wage_dkk		numeric(8,2) CHECK (hourly_wage_dkk >= 0),
	municipality_code	text NOT NULL REFERENCES municipalities,
	lat			double precision,
	lon			double precision,
	starts_on		date,
	status			text NOT NULL DEFAULT 'draft' CHECK (status IN
				    ('draft', 'published', 'filled', 'closed')),
	published_at		timestamptz,
	search			tsvector GENERATED ALWAYS AS (to_tsvector(
				    'danish'::regconfig,
				    title || ' ' || description || ' ' ||
				    coalesce(easy_read_summary, '') || ' ' ||
				    core.join_text(tasks))) STORED,
	version			int NOT NULL DEFAULT 1,
	created_at		timestamptz NOT NULL DEFAULT now(),
	updated_at		timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT jobs_positions_check CHECK (positions >= 1
	    AND filled <= positions),
	CONSTRAINT jobs_location_check CHECK ((lat IS NULL) = (lon IS NULL)
	    AND (lat IS NULL OR (lat BETWEEN -90 AND 90
	    AND lon BETWEEN -180 AND 180)))
);
CREATE INDEX jobs_search_idx ON jobs USING gin (search);
CREATE INDEX jobs_created_at_id_idx ON jobs (created_at DESC, id DESC);
CREATE INDEX jobs_status_created_at_id_idx ON jobs
    (status, created_at DESC, id DESC);
CREATE INDEX jobs_municipality_code_created_at_id_idx ON jobs
    (municipality_code, created_at DESC, id DESC);
CREATE INDEX jobs_employer_id_created_at_id_idx ON jobs
    (employer_id, created_at DESC, id DESC);

-- Bumps version and sets updated_at on every UPDATE. Trigger arguments
-- name columns whose change alone is not a new version (users:
-- last_login_at), so a login does not change the user's ETag.
CREATE FUNCTION core.touch_row() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	IF TG_NARGS > 0 AND to_jsonb(NEW) - TG_ARGV::text[] =
	    to_jsonb(OLD) - TG_ARGV::text[] THEN
		NEW.version := OLD.version;
		NEW.updated_at := OLD.updated_at;
		RETURN NEW;
	END IF;
	NEW.version := OLD.version + 1;
	NEW.updated_at := now();
	RETURN NEW;
END
$$;

CREATE TRIGGER employers_touch BEFORE UPDATE ON employers
    FOR EACH ROW EXECUTE FUNCTION core.touch_row();
CREATE TRIGGER jobs_touch BEFORE UPDATE ON jobs
    FOR EACH ROW EXECUTE FUNCTION core.touch_row();
CREATE TRIGGER users_touch BEFORE UPDATE ON users
    FOR EACH ROW EXECUTE FUNCTION core.touch_row('last_login_at', 'version',
    'updated_at');

-- ---------------------------------------------------------------------------
-- Authentication
-- ---------------------------------------------------------------------------

-- Failed logins per throttle key: the email as typed (known or not) or
-- 'client:<client_id>' (api.auth_login_failed, sql/api/auth.sql).
CREATE TABLE login_failures (
	email		text PRIMARY KEY,	-- the throttle key
	failures	int NOT NULL,
	last_failure_at	timestamptz NOT NULL,
	blocked_until	timestamptz
);
CREATE INDEX login_failures_last ON login_failures (last_failure_at);
