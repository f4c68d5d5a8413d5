-- 0004_applications.sql — applications of seekers to jobs and their status
-- history.
-- scripts/migrate.sh applies every pending migration in one transaction.

-- ---------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------

-- Open states: submitted, in_review, interview, offered. Terminal: hired
-- (set by placements only), rejected, withdrawn.
CREATE TABLE applications (
	id			uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	-- A seeker's erasure takes their applications with them.
	seeker_id		uuid NOT NULL REFERENCES seekers ON DELETE CASCADE,
	job_id			uuid NOT NULL REFERENCES jobs ON DELETE RESTRICT,
	status			text NOT NULL DEFAULT 'submitted' CHECK (status IN
				    ('submitted', 'in_review', 'interview', 'offered',
				    'hired', 'rejected', 'withdrawn')),
	cover_note		text CHECK (char_length(cover_note) <= 2000),
	prepared_with_consultant bool NOT NULL DEFAULT false,
	version			int NOT NULL DEFAULT 1,
	created_at		timestamptz NOT NULL DEFAULT now(),
	updated_at		timestamptz NOT NULL DEFAULT now()
);
-- One open application per (seeker, job); named like a UNIQUE constraint.
CREATE UNIQUE INDEX applications_seeker_id_job_id_key ON applications
    (seeker_id, job_id)
    WHERE status IN ('submitted', 'in_review', 'interview', 'offered');
-- Keyset order and the list filters (each with the keyset behind it).
CREATE INDEX applications_created_at_id_idx ON applications
    (created_at DESC, id DESC);
CREATE INDEX applications_seeker_id_created_at_id_idx ON applications
    (seeker_id, created_at DESC, id DESC);
CREATE INDEX applications_job_id_created_at_id_idx ON applications
    (job_id, created_at DESC, id DESC);
CREATE INDEX applications_status_created_at_id_idx ON applications
    (status, created_at DESC, id DESC);

CREATE TRIGGER applications_touch BEFORE UPDATE ON applications
    FOR EACH ROW EXECUTE FUNCTION core.touch_row();

-- The status history: one row on create (from_status NULL → submitted)
-- and one per transition. actor_id is the caller's ctx.sub; no foreign
-- key, so the history outlives the user.
CREATE TABLE application_events (
	id		bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
	application_id	uuid NOT NULL REFERENCES applications ON DELETE CASCADE,
	from_status	text CHECK (from_status IN ('submitted', 'in_review',
			    'interview', 'offered', 'hired', 'rejected',
			    'withdrawn')),
	to_status	text NOT NULL CHECK (to_status IN ('submitted',
			    'in_review', 'interview', 'offered', 'hired',
			    'rejected', 'withdrawn')),
	at		timestamptz NOT NULL DEFAULT now(),
	actor_id	uuid,
	reason		text CHECK (char_length(reason) <= 1000)
);
CREATE INDEX application_events_application_id_at_id_idx
    ON application_events (application_id, at, id);
