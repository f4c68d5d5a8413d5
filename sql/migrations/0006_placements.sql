-- 0006_placements.sql — placements (a hired application: the seeker works
-- at the job) with their follow-ups at 1, 3, 6, 12 and 24 months.
-- scripts/migrate.sh applies every pending migration in one transaction.

-- ---------------------------------------------------------------------------
-- Tables
-- ---------------------------------------------------------------------------

-- One placement per hired application. seeker_id, job_id and employer_id
-- are copied from the application and its job (they never change).
-- Status: active → ended (final); end_date and end_reason are set exactly
-- when ended. ended_by is the caller who ended it (no foreign key, like
-- application_events.actor_id).
CREATE TABLE placements (
	id			uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	application_id		uuid NOT NULL UNIQUE REFERENCES applications
				    ON DELETE CASCADE,
	-- A seeker's erasure takes their placements with them.
	seeker_id		uuid NOT NULL REFERENCES seekers ON DELETE CASCADE,
	job_id			uuid NOT NULL REFERENCES jobs ON DELETE RESTRICT,
	employer_id		uuid NOT NULL REFERENCES employers
				    ON DELETE RESTRICT,
	start_date		date NOT NULL,
	weekly_hours		numeric(4,1) NOT NULL
				    CHECK (weekly_hours > 0 AND weekly_hours <= 37),
	hourly_wage_dkk		numeric(8,2) CHECK (hourly_wage_dkk >= 0
				    AND hourly_wage_dkk <= 10000),
	job_type		text NOT NULL CHECK (job_type IN ('skaanejob',
				    'fleksjob', 'ordinary')),
	status			text NOT NULL DEFAULT 'active' CHECK (status IN
				    ('active', 'ended')),
	end_date		date,
	end_reason		text CHECK (end_reason IN ('quit', 'dismissed',
				    'contract_ended', 'moved', 'other')),
	ended_by		uuid,
	version			int NOT NULL DEFAULT 1,
	created_at		timestamptz NOT NULL DEFAULT now(),
	updated_at		timestamptz NOT NULL DEFAULT now(),
	-- ended exactly when end_date and end_reason are set; not before the
	-- start (C names the field end_date).
	CONSTRAINT placements_end_date_check CHECK (
	    (status = 'ended') = (end_date IS NOT NULL)
	    AND (end_date IS NULL) = (end_reason IS NULL)
	    AND (end_date IS NULL OR end_date >= start_date))
);
-- Keyset order and the list filters (each with the keyset behind it).
CREATE INDEX placements_created_at_id_idx ON placements
    (created_at DESC, id DESC);
CREATE INDEX placements_seeker_id_created_at_id_idx ON placements
    (seeker_id, created_at DESC, id DESC);
CREATE INDEX placements_job_id_created_at_id_idx ON placements
    (job_id, created_at DESC, id DESC);
CREATE INDEX placements_employer_id_created_at_id_idx ON placements
    (employer_id, created_at DESC, id DESC);
-- "Has this seeker another active placement?"
CREATE INDEX placements_seeker_id_active_idx ON placements (seeker_id)
    WHERE status = 'active';

CREATE TRIGGER placements_touch BEFORE UPDATE ON placements
    FOR EACH ROW EXECUTE FUNCTION core.touch_row();

-- The follow-ups of a placement, made with it: one per month 1, 3, 6, 12,
-- 24 after start_date. Stored status: pending → done (recorded) | missed
-- (the placement ended before it was due). "overdue" is not stored: it is
-- a pending one whose due_on has passed (api.follow_up_json).
CREATE TABLE follow_ups (
	id			uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	placement_id		uuid NOT NULL REFERENCES placements
				    ON DELETE CASCADE,
	seeker_id		uuid NOT NULL REFERENCES seekers ON DELETE CASCADE,
	due_on			date NOT NULL,
	month			int NOT NULL CHECK (month IN (1, 3, 6, 12, 24)),
	status			text NOT NULL DEFAULT 'pending' CHECK (status IN
				    ('pending', 'done', 'missed')),
	completed_at		timestamptz,
	still_employed		bool,
	weekly_hours		numeric(4,1) CHECK (weekly_hours >= 0
				    AND weekly_hours <= 37),
	seeker_satisfaction	int CHECK (seeker_satisfaction BETWEEN 1 AND 5),
	employer_satisfaction	int CHECK (employer_satisfaction
				    BETWEEN 1 AND 5),
	wellbeing_notes		text CHECK (char_length(wellbeing_notes) <= 5000),
	social_notes		text CHECK (char_length(social_notes) <= 5000),
	needs_support		bool,
	version			int NOT NULL DEFAULT 1,
	created_at		timestamptz NOT NULL DEFAULT now(),
	updated_at		timestamptz NOT NULL DEFAULT now(),
	CONSTRAINT follow_ups_placement_id_month_key UNIQUE (placement_id, month),
	-- done exactly when recorded (completed_at and still_employed set).
	CONSTRAINT follow_ups_still_employed_check CHECK (
	    (status = 'done') = (completed_at IS NOT NULL)
	    AND (status = 'done') = (still_employed IS NOT NULL))
);
-- Keyset order (due_on ASC, id ASC) and the list filters.
CREATE INDEX follow_ups_due_on_id_idx ON follow_ups (due_on, id);
CREATE INDEX follow_ups_pending_due_on_id_idx ON follow_ups (due_on, id)
    WHERE status = 'pending';
CREATE INDEX follow_ups_seeker_id_due_on_id_idx ON follow_ups
    (seeker_id, due_on, id);

CREATE TRIGGER follow_ups_touch BEFORE UPDATE ON follow_ups
    FOR EACH ROW EXECUTE FUNCTION core.touch_row();
