-- 0003_seekers.sql — job seekers (/v1/seekers): the people looking for an
-- adapted job, their support, benefits, preferences and consents.
-- scripts/migrate.sh applies every pending migration in one transaction.

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
    FOR EACH ROW EXECUTE FUNCTION core.touch_row();

-- A user may be a seeker (the login of that person).
ALTER TABLE users ADD CONSTRAINT users_seeker_id_fkey
    FOREIGN KEY (seeker_id) REFERENCES seekers (id) ON DELETE SET NULL;
CREATE INDEX users_seeker_id_idx ON users (seeker_id)
    WHERE seeker_id IS NOT NULL;
