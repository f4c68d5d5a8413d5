-- 0016_event_triggers.sql — the change feed (issue 10): row triggers on
-- jobs, seekers, applications, interviews, placements and follow_ups
-- write the domain events into the outbox (events, 0015) in the
-- transaction of the change itself; the transaction id of each event (the
-- feed's order and cursor, sql/README.md "The change feed"); and the
-- (updated_at, id) indexes of the lists' `updated_since`.
-- scripts/migrate.sh applies every pending migration in one transaction.

-- The writing transaction: GET /v1/events returns only events of
-- transactions older than every running one, in (txid, id) order, so a
-- poller never skips an event that commits late.
ALTER TABLE events ADD COLUMN txid xid8 NOT NULL
    DEFAULT pg_current_xact_id();
CREATE INDEX events_txid_id ON events (txid, id);

-- ---------------------------------------------------------------------------
-- Writing events
-- ---------------------------------------------------------------------------

-- One event. data holds ids and states only (the callers below).
CREATE FUNCTION core.event_add(etype text, rtype text, rid uuid, code text,
    emp uuid, skr uuid, data jsonb) RETURNS void
LANGUAGE sql AS $$
	INSERT INTO events (type, resource_type, resource_id,
	    municipality_code, employer_id, seeker_id, data)
	VALUES (etype, rtype, rid, code, emp, skr, data)
$$;

-- Whether an UPDATE changed more than the bookkeeping columns.
CREATE FUNCTION core.event_changed(o jsonb, n jsonb) RETURNS bool
LANGUAGE sql IMMUTABLE AS $$
	SELECT o - '{version,updated_at,search}'::text[]
	    IS DISTINCT FROM n - '{version,updated_at,search}'::text[]
$$;

-- The scope of what is about a seeker (and a job): the seeker's
-- municipality (as api.seeker_in_scope scopes consultants and partners)
-- and the job's employer.
CREATE FUNCTION core.event_seeker_code(skr uuid) RETURNS text
LANGUAGE sql STABLE AS $$
	SELECT municipality_code FROM seekers WHERE id = skr
$$;

CREATE FUNCTION core.event_job_employer(job uuid) RETURNS uuid
LANGUAGE sql STABLE AS $$
	SELECT employer_id FROM jobs WHERE id = job
$$;

-- jobs: a new status published | filled | closed is job.<that> (also
-- filled → published, a job reopened when a placement ends:
-- previous_status tells); any other change (fields, positions, filled) is
-- job.updated. A draft's creation is no event; one created published is.
CREATE FUNCTION core.jobs_event() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	t	text;
	prev	text;
BEGIN
	IF TG_OP = 'INSERT' THEN
		t := CASE WHEN NEW.status <> 'draft' THEN 'job.' || NEW.status END;
	ELSE
		prev := OLD.status;
		IF NEW.status IS DISTINCT FROM OLD.status
		    AND NEW.status <> 'draft' THEN
			t := 'job.' || NEW.status;
		ELSIF core.event_changed(to_jsonb(OLD), to_jsonb(NEW)) THEN
			t := 'job.updated';
		END IF;
	END IF;
	IF t IS NOT NULL THEN
		PERFORM core.event_add(t, 'job', NEW.id, NEW.municipality_code,
		    NEW.employer_id, NULL, jsonb_build_object(
		    'employer_id', NEW.employer_id,
		    'municipality_code', NEW.municipality_code,
		    'status', NEW.status, 'previous_status', prev,
		    'positions', NEW.positions, 'filled', NEW.filled));
	END IF;
	RETURN NULL;
END
$$;

-- seekers: seeker.created; seeker.erased when erased_at is set; any other
-- change seeker.updated.
CREATE FUNCTION core.seekers_event() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	t	text;
	prev	text;
BEGIN
	IF TG_OP = 'INSERT' THEN
		t := 'seeker.created';
	ELSE
		prev := OLD.status;
		IF OLD.erased_at IS NULL AND NEW.erased_at IS NOT NULL THEN
			t := 'seeker.erased';
		ELSIF core.event_changed(to_jsonb(OLD), to_jsonb(NEW)) THEN
			t := 'seeker.updated';
		END IF;
	END IF;
	IF t IS NOT NULL THEN
		PERFORM core.event_add(t, 'seeker', NEW.id,
		    NEW.municipality_code, NULL, NEW.id, jsonb_build_object(
		    'seeker_id', NEW.id,
		    'municipality_code', NEW.municipality_code,
		    'consultant_id', NEW.consultant_id,
		    'status', NEW.status, 'previous_status', prev));
	END IF;
	RETURN NULL;
END
$$;

-- applications: application.created; application.status_changed on a
-- new status (other changes, such as a cleared cover note, are none).
CREATE FUNCTION core.applications_event() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	t	text;
	prev	text;
	emp	uuid;
BEGIN
	IF TG_OP = 'INSERT' THEN
		t := 'application.created';
	ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
		t := 'application.status_changed';
		prev := OLD.status;
	END IF;
	IF t IS NOT NULL THEN
		emp := core.event_job_employer(NEW.job_id);
		PERFORM core.event_add(t, 'application', NEW.id,
		    core.event_seeker_code(NEW.seeker_id), emp, NEW.seeker_id,
		    jsonb_build_object('seeker_id', NEW.seeker_id,
		    'job_id', NEW.job_id, 'employer_id', emp,
		    'status', NEW.status, 'previous_status', prev));
	END IF;
	RETURN NULL;
END
$$;

-- interviews: interview.scheduled; then, one per change, by precedence:
-- cancelled (status), recorded (status completed or no_show, or an
-- outcome written), rescheduled (starts_at or ends_at). Other changes
-- (place, mode) are none.
CREATE FUNCTION core.interviews_event() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	t	text;
	prev	jsonb;
	emp	uuid;
BEGIN
	IF TG_OP = 'INSERT' THEN
		t := 'interview.scheduled';
	ELSIF NEW.status IS DISTINCT FROM OLD.status THEN
		t := CASE WHEN NEW.status = 'cancelled'
		    THEN 'interview.cancelled' ELSE 'interview.recorded' END;
	ELSIF NEW.outcome IS NOT NULL
	    AND NEW.outcome IS DISTINCT FROM OLD.outcome THEN
		t := 'interview.recorded';
	ELSIF NEW.starts_at IS DISTINCT FROM OLD.starts_at
	    OR NEW.ends_at IS DISTINCT FROM OLD.ends_at THEN
		t := 'interview.rescheduled';
	END IF;
	IF t IS NULL THEN
		RETURN NULL;
	END IF;
	IF TG_OP = 'UPDATE' THEN
		prev := jsonb_build_object('previous_status', OLD.status,
		    'previous_starts_at', OLD.starts_at,
		    'previous_ends_at', OLD.ends_at);
	END IF;
	emp := core.event_job_employer(NEW.job_id);
	PERFORM core.event_add(t, 'interview', NEW.id,
	    core.event_seeker_code(NEW.seeker_id), emp, NEW.seeker_id,
	    jsonb_build_object('application_id', NEW.application_id,
	    'seeker_id', NEW.seeker_id, 'job_id', NEW.job_id,
	    'employer_id', emp, 'status', NEW.status,
	    'starts_at', NEW.starts_at, 'ends_at', NEW.ends_at,
	    'mode', NEW.mode) || coalesce(prev, '{}'));
	RETURN NULL;
END
$$;

-- placements: placement.created; placement.ended when it ends.
CREATE FUNCTION core.placements_event() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	t	text;
BEGIN
	IF TG_OP = 'INSERT' THEN
		t := 'placement.created';
	ELSIF NEW.status = 'ended' AND OLD.status <> 'ended' THEN
		t := 'placement.ended';
	END IF;
	IF t IS NOT NULL THEN
		PERFORM core.event_add(t, 'placement', NEW.id,
		    core.event_seeker_code(NEW.seeker_id), NEW.employer_id,
		    NEW.seeker_id, jsonb_build_object(
		    'application_id', NEW.application_id,
		    'seeker_id', NEW.seeker_id, 'job_id', NEW.job_id,
		    'employer_id', NEW.employer_id, 'status', NEW.status,
		    'job_type', NEW.job_type, 'start_date', NEW.start_date,
		    'end_date', NEW.end_date, 'end_reason', NEW.end_reason));
	END IF;
	RETURN NULL;
END
$$;

-- follow_ups: follow_up.recorded when one is done (made pending with its
-- placement, missed when the placement ends: no events of their own).
CREATE FUNCTION core.follow_ups_event() RETURNS trigger
LANGUAGE plpgsql AS $$
DECLARE
	emp	uuid;
BEGIN
	IF NEW.status = 'done' AND OLD.status <> 'done' THEN
		SELECT employer_id INTO emp FROM placements
		WHERE id = NEW.placement_id;
		PERFORM core.event_add('follow_up.recorded', 'follow_up', NEW.id,
		    core.event_seeker_code(NEW.seeker_id), emp, NEW.seeker_id,
		    jsonb_build_object('placement_id', NEW.placement_id,
		    'seeker_id', NEW.seeker_id, 'employer_id', emp,
		    'month', NEW.month, 'due_on', NEW.due_on,
		    'status', NEW.status,
		    'still_employed', NEW.still_employed));
	END IF;
	RETURN NULL;
END
$$;

CREATE TRIGGER jobs_event AFTER INSERT OR UPDATE ON jobs
    FOR EACH ROW EXECUTE FUNCTION core.jobs_event();
CREATE TRIGGER seekers_event AFTER INSERT OR UPDATE ON seekers
    FOR EACH ROW EXECUTE FUNCTION core.seekers_event();
CREATE TRIGGER applications_event AFTER INSERT OR UPDATE ON applications
    FOR EACH ROW EXECUTE FUNCTION core.applications_event();
CREATE TRIGGER interviews_event AFTER INSERT OR UPDATE ON interviews
    FOR EACH ROW EXECUTE FUNCTION core.interviews_event();
CREATE TRIGGER placements_event AFTER INSERT OR UPDATE ON placements
    FOR EACH ROW EXECUTE FUNCTION core.placements_event();
CREATE TRIGGER follow_ups_event AFTER UPDATE ON follow_ups
    FOR EACH ROW EXECUTE FUNCTION core.follow_ups_event();

-- ---------------------------------------------------------------------------
-- updated_since: every list's (updated_at, id) order
-- ---------------------------------------------------------------------------
-- (every listed table has updated_at, kept by core.touch_row)
CREATE INDEX jobs_updated_at_id_idx ON jobs (updated_at, id);
CREATE INDEX employers_updated_at_id_idx ON employers (updated_at, id);
CREATE INDEX seekers_updated_at_id_idx ON seekers (updated_at, id);
CREATE INDEX applications_updated_at_id_idx ON applications (updated_at, id);
CREATE INDEX interviews_updated_at_id_idx ON interviews (updated_at, id);
CREATE INDEX placements_updated_at_id_idx ON placements (updated_at, id);
CREATE INDEX follow_ups_updated_at_id_idx ON follow_ups (updated_at, id);
CREATE INDEX users_updated_at_id_idx ON users (updated_at, id);
