-- 0025_paperwork.sql — the paperwork of a placement (issue 13): the steps
-- each job type needs are data (paperwork_steps, one row per job type and
-- step), and every placement gets its own checklist of them when it is
-- made (placement_paperwork). A step is open, done (done_on set) or
-- not_needed; due_on is the placement's start_date + the step's due_days.
-- "Overdue" is not stored: an open step whose due_on has passed.

-- The steps each job type needs, in the order they are shown.
CREATE TABLE paperwork_steps (
	job_type	text NOT NULL CHECK (job_type IN ('skaanejob',
			    'fleksjob', 'ordinary')),
	step		text NOT NULL CHECK (step ~ '^[a-z0-9_]{1,63}$'),
	position	int NOT NULL,
	-- due this many days after the placement's start_date (0: by the
	-- first day; negative: before it)
	due_days	int NOT NULL CHECK (due_days BETWEEN -365 AND 365),
	title		text NOT NULL CHECK (btrim(title) <> ''),
	PRIMARY KEY (job_type, step),
	UNIQUE (job_type, position)
);

INSERT INTO paperwork_steps (job_type, step, position, due_days, title)
SELECT t.job_type, s.step, s.position, s.due_days, s.title
FROM (VALUES ('skaanejob'), ('fleksjob'), ('ordinary')) AS t (job_type)
CROSS JOIN (VALUES
	('municipality_approval', 1, 0,
	    'The municipality has approved the job (skånejob / fleksjob)'),
	('contract_signed', 2, 0, 'The employment contract is signed'),
	('wage_subsidy_granted', 3, 30,
	    'The wage subsidy (løntilskud) is granted'),
	('union_information_given', 4, 14,
	    'The employee has been told about union membership'),
	('first_payslip_checked', 5, 45,
	    'The first payslip has been checked with the employee'))
    AS s (step, position, due_days, title)
WHERE (s.step <> 'municipality_approval' OR t.job_type <> 'ordinary')
  AND (s.step <> 'wage_subsidy_granted' OR t.job_type = 'fleksjob');

-- A placement's checklist. done_by is the user who marked it (no foreign
-- key, like placements.ended_by); note may be personal, and goes with the
-- placement (a seeker's erasure deletes their placements).
CREATE TABLE placement_paperwork (
	id		uuid NOT NULL DEFAULT gen_random_uuid() UNIQUE,
	placement_id	uuid NOT NULL REFERENCES placements ON DELETE CASCADE,
	-- the placement's (it never changes): scope, erasure, the audit log
	seeker_id	uuid NOT NULL REFERENCES seekers ON DELETE CASCADE,
	step		text NOT NULL,
	position	int NOT NULL,
	status		text NOT NULL DEFAULT 'open' CHECK (status IN ('open',
			    'done', 'not_needed')),
	due_on		date NOT NULL,
	done_on		date,
	done_by		uuid,
	note		text CHECK (char_length(note) <= 2000),
	version		int NOT NULL DEFAULT 1,
	created_at	timestamptz NOT NULL DEFAULT now(),
	updated_at	timestamptz NOT NULL DEFAULT now(),
	PRIMARY KEY (placement_id, step),
	-- done exactly when done_on is set (C names the field done_on)
	CONSTRAINT placement_paperwork_done_on_check CHECK (
	    (status = 'done') = (done_on IS NOT NULL))
);
-- Open steps by due date: what is overdue, for caseloads and follow-ups.
CREATE INDEX placement_paperwork_seeker_id_idx ON placement_paperwork
    (seeker_id);
CREATE INDEX placement_paperwork_open_due_on_idx ON placement_paperwork
    (due_on, placement_id) WHERE status = 'open';

CREATE TRIGGER placement_paperwork_touch BEFORE UPDATE ON placement_paperwork
    FOR EACH ROW EXECUTE FUNCTION core.touch_row();

-- A new placement gets the steps of its job type.
CREATE FUNCTION core.paperwork_create() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO placement_paperwork (placement_id, seeker_id, step,
	    position, due_on)
	SELECT NEW.id, NEW.seeker_id, s.step, s.position, NEW.start_date + s.due_days
	FROM paperwork_steps s
	WHERE s.job_type = NEW.job_type;
	RETURN NULL;
END
$$;

CREATE TRIGGER placements_paperwork AFTER INSERT ON placements
    FOR EACH ROW EXECUTE FUNCTION core.paperwork_create();

-- A step cannot be done before the placement's application was made.
CREATE FUNCTION core.paperwork_check_done_on() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	applied	date;
BEGIN
	IF NEW.done_on IS NULL THEN
		RETURN NEW;
	END IF;
	SELECT a.created_at::date INTO applied
	FROM placements p JOIN applications a ON a.id = p.application_id
	WHERE p.id = NEW.placement_id;
	IF NEW.done_on < applied THEN
		RAISE EXCEPTION 'done_on % is before the application (%)',
		    NEW.done_on, applied
		    USING ERRCODE = 'check_violation',
			  CONSTRAINT = 'placement_paperwork_done_on_check',
			  TABLE = 'placement_paperwork', COLUMN = 'done_on';
	END IF;
	RETURN NEW;
END
$$;

CREATE TRIGGER placement_paperwork_done_on BEFORE INSERT OR UPDATE OF done_on
    ON placement_paperwork
    FOR EACH ROW EXECUTE FUNCTION core.paperwork_check_done_on();

-- Who marked which step (actions paperwork.updated, .status_changed); the
-- steps made with a placement are not logged one by one.
CREATE TRIGGER placement_paperwork_audit AFTER UPDATE OR DELETE
    ON placement_paperwork
    FOR EACH ROW EXECUTE FUNCTION core.audit_change('paperwork',
    'seeker_id');

-- Placements that are active now get their checklist, open.
INSERT INTO placement_paperwork (placement_id, seeker_id, step, position,
    due_on)
SELECT p.id, p.seeker_id, s.step, s.position, p.start_date + s.due_days
FROM placements p
JOIN paperwork_steps s ON s.job_type = p.job_type
WHERE p.status = 'active';
