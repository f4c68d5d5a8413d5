-- 0005_interviews.sql — job interviews of applications: no double
-- bookings of a seeker or an attending consultant.
-- scripts/migrate.sh applies every pending migration in one transaction.

-- Trusted extension: plain equality (seeker_id, consultant_id) inside the
-- GiST exclusion constraints below.
CREATE EXTENSION IF NOT EXISTS btree_gist;

-- ---------------------------------------------------------------------------
-- Table
-- ---------------------------------------------------------------------------

-- seeker_id and job_id are copied from the application (they never change);
-- consultant_id is the seeker's consultant at scheduling time.
-- Status: scheduled → completed | cancelled | no_show (final).
CREATE TABLE interviews (
	id			uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	application_id		uuid NOT NULL REFERENCES applications
				    ON DELETE CASCADE,
	-- A seeker's erasure takes their interviews with them.
	seeker_id		uuid NOT NULL REFERENCES seekers ON DELETE CASCADE,
	job_id			uuid NOT NULL REFERENCES jobs ON DELETE RESTRICT,
	consultant_id		uuid REFERENCES users ON DELETE SET NULL,
	starts_at		timestamptz NOT NULL,
	ends_at			timestamptz NOT NULL,
	location		text CHECK (char_length(location) <= 500),
	mode			text NOT NULL DEFAULT 'in_person' CHECK (mode IN
				    ('in_person', 'phone', 'video')),
	consultant_attends	bool NOT NULL DEFAULT false,
	accommodations		text[] NOT NULL DEFAULT '{}'
				    CHECK (cardinality(accommodations) <= 20),
	status			text NOT NULL DEFAULT 'scheduled' CHECK (status IN
				    ('scheduled', 'completed', 'cancelled',
				    'no_show')),
	outcome			text CHECK (char_length(outcome) <= 2000),
	version			int NOT NULL DEFAULT 1,
	created_at		timestamptz NOT NULL DEFAULT now(),
	updated_at		timestamptz NOT NULL DEFAULT now(),
	-- starts before it ends, at most 8 hours (C names the field ends_at).
	CONSTRAINT interviews_ends_at_check CHECK (starts_at < ends_at
	    AND ends_at - starts_at <= interval '8 hours'),
	-- No two scheduled interviews of one seeker overlap ([starts, ends)).
	CONSTRAINT interviews_seeker_id_excl EXCLUDE USING gist
	    (seeker_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
	    WHERE (status = 'scheduled'),
	-- Nor two scheduled ones the same consultant attends.
	CONSTRAINT interviews_consultant_id_excl EXCLUDE USING gist
	    (consultant_id WITH =, tstzrange(starts_at, ends_at) WITH &&)
	    WHERE (status = 'scheduled' AND consultant_attends)
);
-- Keyset order (starts_at ASC, id ASC) and the list filters.
CREATE INDEX interviews_starts_at_id_idx ON interviews (starts_at, id);
CREATE INDEX interviews_application_id_starts_at_id_idx ON interviews
    (application_id, starts_at, id);
CREATE INDEX interviews_seeker_id_starts_at_id_idx ON interviews
    (seeker_id, starts_at, id);
CREATE INDEX interviews_consultant_id_starts_at_id_idx ON interviews
    (consultant_id, starts_at, id);
CREATE INDEX interviews_job_id_idx ON interviews (job_id);

CREATE TRIGGER interviews_touch BEFORE UPDATE ON interviews
    FOR EACH ROW EXECUTE FUNCTION core.touch_row();
