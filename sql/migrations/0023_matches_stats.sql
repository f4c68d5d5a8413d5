-- 0023_matches_stats.sql — faster GET /v1/seekers/{id}/matches: the
-- bounding-box index of the published jobs carries the scoring columns,
-- so the candidates of a seeker with a location come from the index
-- alone (it replaces jobs_published_lat_lon_idx, which it serves too).
-- scripts/migrate.sh applies every pending migration in one transaction.

CREATE INDEX jobs_published_geo_scoring_idx ON jobs (lat, lon)
    INCLUDE (id, published_at, job_type, weekly_hours, single_supervisor,
    municipality_code, filled, positions)
    WHERE status = 'published';
DROP INDEX jobs_published_lat_lon_idx;

-- ---------------------------------------------------------------------------
-- Statistics facts: one narrow row per placement and per application with
-- exactly what /v1/stats reads of it (the seeker's municipality and
-- consultant for the scope, the furthest step, the latest satisfaction),
-- kept in the same transaction as every change by the triggers below, so
-- the statistics read a few narrow rows instead of joining the wide
-- seekers, follow-ups and application events (never stale: no refresh).
-- Counts and keys only, no name or note; a person's rows go with their
-- placements and applications (ON DELETE CASCADE), and erasure's changes
-- to the seeker (birth date) reach them through the seekers trigger.
-- ---------------------------------------------------------------------------

-- The place of an application status in the chain submitted (1) ..
-- hired (5), as api.application_rank (NULL: rejected, withdrawn).
CREATE FUNCTION core.application_rank(status text) RETURNS int
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT array_position('{submitted,in_review,interview,offered,hired}'
	    ::text[], status)
$$;

CREATE TABLE stats_placements (
	placement_id		uuid PRIMARY KEY REFERENCES placements
				    ON DELETE CASCADE,
	municipality_code	text NOT NULL,
	consultant_id		uuid,
	employer_id		uuid NOT NULL,
	job_type		text NOT NULL,
	start_date		date NOT NULL,
	end_date		date,
	status			text NOT NULL,
	-- whole years of age on the start date (the retention age band)
	age			int NOT NULL,
	-- the latest done follow-up's satisfaction (NULL: none recorded)
	seeker_satisfaction	int,
	employer_satisfaction	int,
	-- 100 * monthly wage / monthly benefit (NULL: no wage or benefit)
	income_uplift		numeric
);

CREATE TABLE stats_applications (
	application_id		uuid PRIMARY KEY REFERENCES applications
				    ON DELETE CASCADE,
	municipality_code	text NOT NULL,
	consultant_id		uuid,
	employer_id		uuid NOT NULL,
	created_day		date NOT NULL,
	-- the furthest step: by status or history (NULL: rejected or
	-- withdrawn at once)
	rank			int
);

-- (Re)write the facts of these placements from the tables they come from
-- (plpgsql: its statement is planned once per connection, not per call
-- as in a SQL function).
CREATE FUNCTION core.stats_placements_sync(ids uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF cardinality(ids) = 0 THEN
		RETURN;
	END IF;
	INSERT INTO stats_placements AS t
	SELECT p.id, s.municipality_code, s.consultant_id, p.employer_id,
	    p.job_type, p.start_date, p.end_date, p.status,
	    date_part('year', age(p.start_date::timestamp,
	        s.birth_date::timestamp))::int,
	    (SELECT max(f.month * 10 + f.seeker_satisfaction) % 10
	        FROM follow_ups f
	        WHERE f.placement_id = p.id AND f.status = 'done'),
	    (SELECT max(f.month * 10 + f.employer_satisfaction) % 10
	        FROM follow_ups f
	        WHERE f.placement_id = p.id AND f.status = 'done'),
	    CASE WHEN p.hourly_wage_dkk IS NOT NULL AND s.monthly_benefit_dkk > 0
	        THEN 100 * p.hourly_wage_dkk * p.weekly_hours * 52 / 12
	        / s.monthly_benefit_dkk END
	FROM placements p JOIN seekers s ON s.id = p.seeker_id
	WHERE p.id IN (SELECT unnest(ids))
	ON CONFLICT (placement_id) DO UPDATE SET
	    municipality_code = EXCLUDED.municipality_code,
	    consultant_id = EXCLUDED.consultant_id,
	    employer_id = EXCLUDED.employer_id, job_type = EXCLUDED.job_type,
	    start_date = EXCLUDED.start_date, end_date = EXCLUDED.end_date,
	    status = EXCLUDED.status, age = EXCLUDED.age,
	    seeker_satisfaction = EXCLUDED.seeker_satisfaction,
	    employer_satisfaction = EXCLUDED.employer_satisfaction,
	    income_uplift = EXCLUDED.income_uplift
	WHERE (t.*) IS DISTINCT FROM (EXCLUDED.*);
END
$$;

-- (Re)write the facts of these applications.
CREATE FUNCTION core.stats_applications_sync(ids uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF cardinality(ids) = 0 THEN
		RETURN;
	END IF;
	INSERT INTO stats_applications AS t
	SELECT a.id, s.municipality_code, s.consultant_id, j.employer_id,
	    (a.created_at AT TIME ZONE 'UTC')::date,
	    greatest(core.application_rank(a.status),
	        (SELECT max(core.application_rank(e.to_status))
	            FROM application_events e
	            WHERE e.application_id = a.id
	              AND e.to_status IN ('interview', 'offered', 'hired')))
	FROM applications a
	JOIN seekers s ON s.id = a.seeker_id
	JOIN jobs j ON j.id = a.job_id
	WHERE a.id IN (SELECT unnest(ids))
	ON CONFLICT (application_id) DO UPDATE SET
	    municipality_code = EXCLUDED.municipality_code,
	    consultant_id = EXCLUDED.consultant_id,
	    employer_id = EXCLUDED.employer_id,
	    created_day = EXCLUDED.created_day, rank = EXCLUDED.rank
	WHERE (t.*) IS DISTINCT FROM (EXCLUDED.*);
END
$$;

-- Statement triggers (one sync per statement, however many rows): the
-- changed rows come as the transition table "changed".
CREATE FUNCTION core.stats_placements_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM core.stats_placements_sync(ARRAY(SELECT c.id FROM changed c));
	RETURN NULL;
END
$$;

CREATE FUNCTION core.stats_follow_ups_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM core.stats_placements_sync(ARRAY(
	    SELECT DISTINCT c.placement_id FROM changed c));
	RETURN NULL;
END
$$;

CREATE FUNCTION core.stats_applications_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM core.stats_applications_sync(ARRAY(SELECT c.id FROM changed c));
	RETURN NULL;
END
$$;

CREATE FUNCTION core.stats_application_events_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM core.stats_applications_sync(ARRAY(
	    SELECT DISTINCT c.application_id FROM changed c
	    WHERE c.to_status IN ('interview', 'offered', 'hired')));
	RETURN NULL;
END
$$;

-- A seeker's municipality, consultant, birth date (erasure rounds it) or
-- benefit: every fact of theirs.
CREATE FUNCTION core.stats_seeker_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM core.stats_placements_sync(ARRAY(
	    SELECT p.id FROM placements p WHERE p.seeker_id = NEW.id));
	PERFORM core.stats_applications_sync(ARRAY(
	    SELECT a.id FROM applications a WHERE a.seeker_id = NEW.id));
	RETURN NULL;
END
$$;

-- A job's employer: the facts of its applications.
CREATE FUNCTION core.stats_job_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM core.stats_applications_sync(ARRAY(
	    SELECT a.id FROM applications a WHERE a.job_id = NEW.id));
	RETURN NULL;
END
$$;

CREATE TRIGGER placements_stats_insert AFTER INSERT ON placements
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION core.stats_placements_changed();
CREATE TRIGGER placements_stats_update AFTER UPDATE ON placements
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION core.stats_placements_changed();
CREATE TRIGGER follow_ups_stats_insert AFTER INSERT ON follow_ups
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION core.stats_follow_ups_changed();
CREATE TRIGGER follow_ups_stats_update AFTER UPDATE ON follow_ups
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION core.stats_follow_ups_changed();
CREATE TRIGGER follow_ups_stats_delete AFTER DELETE ON follow_ups
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION core.stats_follow_ups_changed();
CREATE TRIGGER applications_stats_insert AFTER INSERT ON applications
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION core.stats_applications_changed();
CREATE TRIGGER applications_stats_update AFTER UPDATE ON applications
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION core.stats_applications_changed();
CREATE TRIGGER application_events_stats_insert AFTER INSERT
    ON application_events REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT
    EXECUTE FUNCTION core.stats_application_events_changed();
CREATE TRIGGER application_events_stats_update AFTER UPDATE
    ON application_events REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT
    EXECUTE FUNCTION core.stats_application_events_changed();
CREATE TRIGGER seekers_stats AFTER UPDATE OF municipality_code,
    consultant_id, birth_date, monthly_benefit_dkk ON seekers
    FOR EACH ROW WHEN (OLD.municipality_code IS DISTINCT FROM
        NEW.municipality_code
        OR OLD.consultant_id IS DISTINCT FROM NEW.consultant_id
        OR OLD.birth_date IS DISTINCT FROM NEW.birth_date
        OR OLD.monthly_benefit_dkk IS DISTINCT FROM NEW.monthly_benefit_dkk)
    EXECUTE FUNCTION core.stats_seeker_changed();
CREATE TRIGGER jobs_stats AFTER UPDATE OF employer_id ON jobs
    FOR EACH ROW WHEN (OLD.employer_id IS DISTINCT FROM NEW.employer_id)
    EXECUTE FUNCTION core.stats_job_changed();

-- ---------------------------------------------------------------------------
-- Monthly sums of the facts per municipality and consultant (the scope of
-- consultants and partners), for the months the overview reads whole: one
-- row per group and month, so a change waits only for changes in its own
-- group and month. Employers (scoped by employer) and the days of a month
-- read in part (the current one, the edges of from/to) read the facts.
-- ---------------------------------------------------------------------------

CREATE TABLE stats_placement_months (
	municipality_code	text NOT NULL,
	consultant_id		uuid,
	month			date NOT NULL,
	placements		bigint NOT NULL,
	active			bigint NOT NULL,
	ended			bigint NOT NULL,
	seeker_responses	bigint NOT NULL,
	seeker_satisfied	bigint NOT NULL,
	employer_responses	bigint NOT NULL,
	employer_satisfied	bigint NOT NULL,
	uplift_n		bigint NOT NULL,
	uplift_sum		numeric NOT NULL
);
CREATE UNIQUE INDEX stats_placement_months_key ON stats_placement_months
    (municipality_code, consultant_id, month) NULLS NOT DISTINCT;

CREATE TABLE stats_application_months (
	municipality_code	text NOT NULL,
	consultant_id		uuid,
	month			date NOT NULL,
	applications		bigint NOT NULL,
	interviews		bigint NOT NULL,
	offers			bigint NOT NULL,
	hires			bigint NOT NULL
);
CREATE UNIQUE INDEX stats_application_months_key ON stats_application_months
    (municipality_code, consultant_id, month) NULLS NOT DISTINCT;

-- The facts of the days read in part, and of an employer.
CREATE INDEX stats_placements_start_date_idx ON stats_placements (start_date);
CREATE INDEX stats_placements_employer_id_idx ON stats_placements
    (employer_id);
CREATE INDEX stats_applications_created_day_idx ON stats_applications
    (created_day);
CREATE INDEX stats_applications_employer_id_idx ON stats_applications
    (employer_id);

-- Statement triggers on the facts: the rows of the transition table
-- "changed" added (TG_ARGV[0] = 1: inserted, the new side of an update)
-- or taken away (-1: deleted, the old side) from their month's sums.
CREATE FUNCTION core.stats_placement_months_add() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO stats_placement_months AS m
	SELECT c.municipality_code, c.consultant_id,
	    date_trunc('month', c.start_date)::date,
	    TG_ARGV[0]::int * count(*),
	    TG_ARGV[0]::int * count(*) FILTER (WHERE c.status = 'active'),
	    TG_ARGV[0]::int * count(*) FILTER (WHERE c.status = 'ended'),
	    TG_ARGV[0]::int * count(c.seeker_satisfaction),
	    TG_ARGV[0]::int * count(*) FILTER (WHERE c.seeker_satisfaction >= 4),
	    TG_ARGV[0]::int * count(c.employer_satisfaction),
	    TG_ARGV[0]::int * count(*)
	        FILTER (WHERE c.employer_satisfaction >= 4),
	    TG_ARGV[0]::int * count(c.income_uplift),
	    TG_ARGV[0]::int * coalesce(sum(c.income_uplift), 0)
	FROM changed c
	GROUP BY 1, 2, 3
	ORDER BY 1, 2, 3
	ON CONFLICT (municipality_code, consultant_id, month) DO UPDATE SET
	    placements = m.placements + EXCLUDED.placements,
	    active = m.active + EXCLUDED.active,
	    ended = m.ended + EXCLUDED.ended,
	    seeker_responses = m.seeker_responses + EXCLUDED.seeker_responses,
	    seeker_satisfied = m.seeker_satisfied + EXCLUDED.seeker_satisfied,
	    employer_responses = m.employer_responses
	        + EXCLUDED.employer_responses,
	    employer_satisfied = m.employer_satisfied
	        + EXCLUDED.employer_satisfied,
	    uplift_n = m.uplift_n + EXCLUDED.uplift_n,
	    uplift_sum = m.uplift_sum + EXCLUDED.uplift_sum;
	RETURN NULL;
END
$$;

CREATE FUNCTION core.stats_application_months_add() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO stats_application_months AS m
	SELECT c.municipality_code, c.consultant_id,
	    date_trunc('month', c.created_day)::date,
	    TG_ARGV[0]::int * count(*),
	    TG_ARGV[0]::int * count(*) FILTER (WHERE c.rank >= 3),
	    TG_ARGV[0]::int * count(*) FILTER (WHERE c.rank >= 4),
	    TG_ARGV[0]::int * count(*) FILTER (WHERE c.rank >= 5)
	FROM changed c
	GROUP BY 1, 2, 3
	ORDER BY 1, 2, 3
	ON CONFLICT (municipality_code, consultant_id, month) DO UPDATE SET
	    applications = m.applications + EXCLUDED.applications,
	    interviews = m.interviews + EXCLUDED.interviews,
	    offers = m.offers + EXCLUDED.offers,
	    hires = m.hires + EXCLUDED.hires;
	RETURN NULL;
END
$$;

CREATE TRIGGER stats_placements_months_insert AFTER INSERT
    ON stats_placements REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION core.stats_placement_months_add('1');
CREATE TRIGGER stats_placements_months_update_old AFTER UPDATE
    ON stats_placements REFERENCING OLD TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION core.stats_placement_months_add('-1');
CREATE TRIGGER stats_placements_months_update_new AFTER UPDATE
    ON stats_placements REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION core.stats_placement_months_add('1');
CREATE TRIGGER stats_placements_months_delete AFTER DELETE
    ON stats_placements REFERENCING OLD TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION core.stats_placement_months_add('-1');
CREATE TRIGGER stats_applications_months_insert AFTER INSERT
    ON stats_applications REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION core.stats_application_months_add('1');
CREATE TRIGGER stats_applications_months_update_old AFTER UPDATE
    ON stats_applications REFERENCING OLD TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION core.stats_application_months_add('-1');
CREATE TRIGGER stats_applications_months_update_new AFTER UPDATE
    ON stats_applications REFERENCING NEW TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION core.stats_application_months_add('1');
CREATE TRIGGER stats_applications_months_delete AFTER DELETE
    ON stats_applications REFERENCING OLD TABLE AS changed FOR EACH STATEMENT
    EXECUTE FUNCTION core.stats_application_months_add('-1');

SELECT core.stats_placements_sync(ARRAY(SELECT p.id FROM placements p));
SELECT core.stats_applications_sync(ARRAY(SELECT a.id FROM applications a));
