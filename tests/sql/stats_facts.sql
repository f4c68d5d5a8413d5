-- tests/sql/stats_facts.sql — the statistics facts (stats_placements,
-- stats_applications, migration 0023) and their monthly sums stay exactly what their definition
-- over placements, seekers, follow-ups, applications, jobs and
-- application events gives, after every kind of change the statistics
-- count: hire, end, follow-ups recorded, changed and deleted, an
-- application's steps, a seeker's municipality, consultant, benefit and
-- erasure, deletion.
--
-- Run as scripts/test.sh does: BEGIN; \i tests/sql/stats_facts.sql;
-- ROLLBACK; on the migrated database with the demo seed.
\set ON_ERROR_STOP on
\set QUIET on
\ir helpers.psql

-- The slow definition of each fact, from the tables it comes from.

-- A placement's done follow-ups that answer score ('wellbeing' or
-- 'social'), each marked whether it is the first or the latest such
-- (by month).
CREATE FUNCTION pg_temp.answered(pl uuid, score text)
RETURNS TABLE (month int, wellbeing_score int, social_score int,
    first bool, latest bool)
LANGUAGE sql AS $$
	SELECT f.month, f.wellbeing_score, f.social_score,
	    f.month = min(f.month) OVER (), f.month = max(f.month) OVER ()
	FROM follow_ups f
	WHERE f.placement_id = pl AND f.status = 'done'
	  AND CASE score WHEN 'wellbeing' THEN f.wellbeing_score
	      ELSE f.social_score END IS NOT NULL
$$;
CREATE FUNCTION pg_temp.placement_facts() RETURNS SETOF stats_placements
LANGUAGE sql AS $$
	SELECT p.id, s.municipality_code, s.consultant_id, p.employer_id,
	    p.job_type, p.start_date, p.end_date, p.status,
	    date_part('year', age(p.start_date::timestamp,
	        s.birth_date::timestamp))::int,
	    sat.seeker, sat.employer,
	    CASE WHEN p.hourly_wage_dkk IS NOT NULL
	        AND s.monthly_benefit_dkk > 0
	        THEN 100 * p.hourly_wage_dkk * p.weekly_hours * 52 / 12
	        / s.monthly_benefit_dkk END,
	    (SELECT l.wellbeing_score - e.wellbeing_score
	        FROM pg_temp.answered(p.id, 'wellbeing') e,
	            pg_temp.answered(p.id, 'wellbeing') l
	        WHERE e.month < l.month AND e.first AND l.latest),
	    (SELECT l.social_score - e.social_score
	        FROM pg_temp.answered(p.id, 'social') e,
	            pg_temp.answered(p.id, 'social') l
	        WHERE e.month < l.month AND e.first AND l.latest)
	FROM placements p
	JOIN seekers s ON s.id = p.seeker_id
	LEFT JOIN (SELECT f.placement_id,
	        max(f.month * 10 + f.seeker_satisfaction) % 10 AS seeker,
	        max(f.month * 10 + f.employer_satisfaction) % 10 AS employer
	    FROM follow_ups f WHERE f.status = 'done'
	    GROUP BY f.placement_id) sat ON sat.placement_id = p.id
$$;

CREATE FUNCTION pg_temp.application_facts() RETURNS SETOF stats_applications
LANGUAGE sql AS $$
	SELECT a.id, s.municipality_code, s.consultant_id, j.employer_id,
	    (a.created_at AT TIME ZONE 'UTC')::date,
	    greatest(api.application_rank(a.status), h.reached)
	FROM applications a
	JOIN seekers s ON s.id = a.seeker_id
	JOIN jobs j ON j.id = a.job_id
	LEFT JOIN (SELECT e.application_id,
	        max(api.application_rank(e.to_status)) AS reached
	    FROM application_events e
	    WHERE e.to_status IN ('interview', 'offered', 'hired')
	    GROUP BY e.application_id) h ON h.application_id = a.id
$$;

-- The monthly sums by their definition, from the facts.
CREATE FUNCTION pg_temp.placement_months()
RETURNS SETOF stats_placement_months
LANGUAGE sql AS $$
	SELECT municipality_code, consultant_id,
	    date_trunc('month', start_date)::date, count(*),
	    count(*) FILTER (WHERE status = 'active'),
	    count(*) FILTER (WHERE status = 'ended'),
	    count(seeker_satisfaction),
	    count(*) FILTER (WHERE seeker_satisfaction >= 4),
	    count(employer_satisfaction),
	    count(*) FILTER (WHERE employer_satisfaction >= 4),
	    count(income_uplift), coalesce(sum(income_uplift), 0)
	FROM stats_placements GROUP BY 1, 2, 3
$$;

CREATE FUNCTION pg_temp.application_months()
RETURNS SETOF stats_application_months
LANGUAGE sql AS $$
	SELECT municipality_code, consultant_id,
	    date_trunc('month', created_day)::date, count(*),
	    count(*) FILTER (WHERE rank >= 3), count(*) FILTER (WHERE rank >= 4),
	    count(*) FILTER (WHERE rank >= 5)
	FROM stats_applications GROUP BY 1, 2, 3
$$;

-- Raises unless both fact tables (and their monthly sums) equal their
-- definition (what differs,
-- and after which step).
CREATE FUNCTION pg_temp.exact(step text) RETURNS void
LANGUAGE plpgsql AS $$
DECLARE
	n	int;
BEGIN
	SELECT count(*) INTO n FROM (
	    (SELECT * FROM stats_placements
	     EXCEPT ALL SELECT * FROM pg_temp.placement_facts())
	    UNION ALL
	    (SELECT * FROM pg_temp.placement_facts()
	     EXCEPT ALL SELECT * FROM stats_placements)) d;
	ASSERT n = 0, format('%s: %s placement facts differ', step, n);
	SELECT count(*) INTO n FROM (
	    (SELECT * FROM stats_applications
	     EXCEPT ALL SELECT * FROM pg_temp.application_facts())
	    UNION ALL
	    (SELECT * FROM pg_temp.application_facts()
	     EXCEPT ALL SELECT * FROM stats_applications)) d;
	ASSERT n = 0, format('%s: %s application facts differ', step, n);
	-- The monthly sums: the facts summed (a group whose rows all went
	-- stays as zeros).
	SELECT count(*) INTO n FROM (
	    (SELECT * FROM stats_placement_months WHERE placements <> 0
	     EXCEPT ALL SELECT * FROM pg_temp.placement_months())
	    UNION ALL
	    (SELECT * FROM pg_temp.placement_months()
	     EXCEPT ALL SELECT * FROM stats_placement_months)) d;
	ASSERT n = 0, format('%s: %s placement months differ', step, n);
	ASSERT NOT EXISTS (SELECT FROM stats_placement_months
	    WHERE placements = 0 AND (active, ended, seeker_responses,
	        seeker_satisfied, employer_responses, employer_satisfied,
	        uplift_n, uplift_sum) <> (0, 0, 0, 0, 0, 0, 0, 0)),
	    format('%s: an empty placement month holds counts', step);
	SELECT count(*) INTO n FROM (
	    (SELECT * FROM stats_application_months WHERE applications <> 0
	     EXCEPT ALL SELECT * FROM pg_temp.application_months())
	    UNION ALL
	    (SELECT * FROM pg_temp.application_months()
	     EXCEPT ALL SELECT * FROM stats_application_months)) d;
	ASSERT n = 0, format('%s: %s application months differ', step, n);
	ASSERT NOT EXISTS (SELECT FROM stats_application_months
	    WHERE applications = 0 AND (interviews, offers, hires) <> (0, 0, 0)),
	    format('%s: an empty application month holds counts', step);
END
$$;

DO $$
DECLARE
	r	api.result;
	app	text;
	pl	uuid;
	s	uuid;
BEGIN
	ASSERT (SELECT count(*) FROM stats_placements) > 0
	    AND (SELECT count(*) FROM stats_applications) > 0,
	    'the demo seed has facts';
	PERFORM pg_temp.exact('demo seed');

	-- A new application, its steps to offered, and the hire.
	app := pg_temp.offered(3, 4);
	PERFORM pg_temp.exact('application');
	ASSERT (SELECT rank FROM stats_applications
	    WHERE application_id = app::uuid) = 4, 'offered: rank 4';
	r := pg_temp.call('placements_create', pg_temp.karin(),
	    pg_temp.hire(app));
	ASSERT r.status = 201, format('hire: %s', r);
	pl := (r.body->>'id')::uuid;
	PERFORM pg_temp.exact('hire');
	ASSERT (SELECT rank FROM stats_applications
	    WHERE application_id = app::uuid) = 5, 'hired: rank 5';
	ASSERT EXISTS (SELECT FROM stats_placements WHERE placement_id = pl),
	    'the placement has its fact';

	-- A withdrawn application keeps the furthest step of its history.
	UPDATE applications SET status = 'withdrawn'
	WHERE status = 'interview' AND id IN (SELECT application_id
	    FROM application_events WHERE to_status = 'interview');
	PERFORM pg_temp.exact('withdrawn');

	-- History alone (as sql/seed/history.sql writes it): an event to
	-- interview of a rejected application.
	INSERT INTO application_events (application_id, from_status, to_status)
	SELECT a.id, 'in_review', 'interview' FROM applications a
	WHERE a.status = 'rejected' AND NOT EXISTS (SELECT FROM
	    application_events e WHERE e.application_id = a.id
	      AND e.to_status IN ('interview', 'offered', 'hired'))
	LIMIT 1;
	ASSERT FOUND, 'a rejected application without interview';
	PERFORM pg_temp.exact('event');

	-- Follow-ups recorded, changed and deleted.
	UPDATE follow_ups SET status = 'done', completed_at = now(),
	    still_employed = true, seeker_satisfaction = 2,
	    employer_satisfaction = 5
	WHERE placement_id = pl AND month = 1;
	PERFORM pg_temp.exact('follow-up done');
	ASSERT (SELECT seeker_satisfaction = 2 AND employer_satisfaction = 5
	    FROM stats_placements WHERE placement_id = pl), 'satisfaction';
	UPDATE follow_ups SET seeker_satisfaction = 4
	WHERE placement_id = pl AND month = 1;
	PERFORM pg_temp.exact('follow-up changed');
	-- Scores (migration 0029): a change needs two answers, first to
	-- latest by month (month 6 answers social only).
	UPDATE follow_ups SET wellbeing_score = 2, social_score = 4
	WHERE placement_id = pl AND month = 1;
	PERFORM pg_temp.exact('one score');
	ASSERT (SELECT wellbeing_change IS NULL AND social_change IS NULL
	    FROM stats_placements WHERE placement_id = pl), 'one answer';
	UPDATE follow_ups SET status = 'done', completed_at = now(),
	    still_employed = true, wellbeing_score = CASE month WHEN 3 THEN 3
	        WHEN 12 THEN 5 END,
	    social_score = CASE month WHEN 3 THEN 1 ELSE 3 END
	WHERE placement_id = pl AND month IN (3, 6, 12);
	PERFORM pg_temp.exact('scores');
	ASSERT (SELECT wellbeing_change = 3 AND social_change = -1
	    FROM stats_placements WHERE placement_id = pl), 'score changes';
	UPDATE follow_ups SET status = 'pending', completed_at = NULL,
	    still_employed = NULL, wellbeing_score = NULL, social_score = NULL
	WHERE placement_id = pl AND month IN (3, 6, 12);
	PERFORM pg_temp.exact('scores taken back');
	DELETE FROM follow_ups WHERE placement_id = pl AND month = 1;
	PERFORM pg_temp.exact('follow-up deleted');
	ASSERT (SELECT seeker_satisfaction IS NULL FROM stats_placements
	    WHERE placement_id = pl), 'no satisfaction left';

	-- The end of a placement.
	UPDATE placements SET status = 'ended', end_date = current_date,
	    end_reason = 'quit'
	WHERE id = pl;
	PERFORM pg_temp.exact('end');

	-- The seeker moves, changes consultant and benefit.
	s := pg_temp.seeker(3)::uuid;
	UPDATE seekers SET municipality_code = '0751' WHERE id = s
	  AND municipality_code <> '0751';
	UPDATE seekers SET municipality_code = '0101' WHERE id = s
	  AND municipality_code <> '0101';
	PERFORM pg_temp.exact('municipality');
	UPDATE seekers SET consultant_id = NULL, monthly_benefit_dkk = 9000
	WHERE id = s;
	PERFORM pg_temp.exact('consultant and benefit');

	-- Erasure (rounds the birth date: the age on the start may change),
	-- then deletion of a seeker: their facts go with their rows.
	r := pg_temp.call('seekers_erase', pg_temp.ctx('admin'),
	    jsonb_build_object('id', s));
	ASSERT r.status = 204, format('erase: %s', r);
	PERFORM pg_temp.exact('erasure');
	DELETE FROM seekers WHERE id = s;
	PERFORM pg_temp.exact('deletion');
	ASSERT NOT EXISTS (SELECT FROM stats_placements WHERE placement_id = pl),
	    'a deleted seeker leaves no fact';
END
$$;
