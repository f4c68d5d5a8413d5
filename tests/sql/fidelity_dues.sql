-- tests/sql/fidelity_dues.sql — the facts of due follow-ups and paperwork
-- steps (stats_dues, migration 0031) that fidelity's follow-up and
-- paperwork figures read stay exactly what their definition over
-- follow_ups, placement_paperwork, placements and seekers gives, after
-- every kind of change: a follow-up recorded (on time and late), missed,
-- moved and deleted; a step done, not needed, reopened and moved; a
-- seeker's municipality and consultant; a new placement (its checklist);
-- a placement and a seeker deleted.
--
-- Run as scripts/test.sh does: BEGIN; \i tests/sql/fidelity_dues.sql;
-- ROLLBACK; on the migrated database with the demo seed.
\set ON_ERROR_STOP on
\set QUIET on
\ir helpers.psql

-- The definition, from the tables the facts come from.
CREATE FUNCTION pg_temp.dues_bad() RETURNS bigint
LANGUAGE sql AS $$
	WITH want AS (
		SELECT true AS follow_up, f.id, f.placement_id,
		    s.municipality_code, s.consultant_id, f.due_on,
		    f.status = 'done' AS done,
		    f.status = 'done' AND (f.completed_at AT TIME ZONE 'UTC')::date
		        - f.due_on <= 14 AS on_time,
		    f.status = 'pending' AS open
		FROM follow_ups f
		JOIN placements p ON p.id = f.placement_id
		JOIN seekers s ON s.id = p.seeker_id
		WHERE f.status <> 'missed'
		UNION ALL
		SELECT false, w.id, w.placement_id, s.municipality_code,
		    s.consultant_id, w.due_on, w.status = 'done',
		    w.status = 'done' AND w.done_on <= w.due_on, w.status = 'open'
		FROM placement_paperwork w
		JOIN placements p ON p.id = w.placement_id
		JOIN seekers s ON s.id = p.seeker_id
		WHERE w.status <> 'not_needed'
	), have AS (
		SELECT d.follow_up, d.id, d.placement_id, d.municipality_code,
		    d.consultant_id, d.due_on, d.done, d.on_time, d.open
		FROM stats_dues d
	)
	SELECT (SELECT count(*) FROM (TABLE want EXCEPT ALL TABLE have) x)
	    + (SELECT count(*) FROM (TABLE have EXCEPT ALL TABLE want) y)
$$;

DO $$
BEGIN
	ASSERT (SELECT count(*) FROM stats_dues) > 20, 'the demo has dues';
	ASSERT (SELECT count(DISTINCT follow_up) FROM stats_dues) = 2,
	    'follow-ups and steps';
	ASSERT pg_temp.dues_bad() = 0, 'the demo''s facts';
END
$$;

-- Follow-ups: recorded on time, recorded late, missed, moved, deleted.
UPDATE follow_ups SET status = 'done', completed_at = due_on + 3,
    still_employed = true
WHERE id = (SELECT id FROM follow_ups WHERE status = 'pending'
    ORDER BY due_on, id LIMIT 1);
UPDATE follow_ups SET status = 'done', completed_at = due_on + 40,
    still_employed = false
WHERE id = (SELECT id FROM follow_ups WHERE status = 'pending'
    ORDER BY due_on, id LIMIT 1);
UPDATE follow_ups SET status = 'missed'
WHERE id = (SELECT id FROM follow_ups WHERE status = 'pending'
    ORDER BY due_on, id LIMIT 1);
UPDATE follow_ups SET due_on = due_on + 30
WHERE id = (SELECT id FROM follow_ups WHERE status = 'pending'
    ORDER BY due_on DESC, id LIMIT 1);
DELETE FROM follow_ups
WHERE id = (SELECT id FROM follow_ups WHERE status = 'done'
    ORDER BY due_on, id LIMIT 1);
DO $$
BEGIN
	ASSERT pg_temp.dues_bad() = 0, 'after the follow-ups';
	ASSERT NOT EXISTS (SELECT 1 FROM stats_dues d JOIN follow_ups f
	    ON f.id = d.id WHERE d.follow_up AND f.status = 'missed'),
	    'a missed follow-up has no facts';
END
$$;

-- Paperwork: done on time, done late, not needed, reopened, moved.
UPDATE placement_paperwork SET status = 'done', done_on = due_on
WHERE id = (SELECT id FROM placement_paperwork WHERE status = 'open'
    AND due_on <= current_date ORDER BY due_on, id LIMIT 1);
UPDATE placement_paperwork SET status = 'done', done_on = current_date
WHERE id = (SELECT id FROM placement_paperwork WHERE status = 'open'
    AND due_on < current_date ORDER BY due_on, id LIMIT 1);
UPDATE placement_paperwork SET status = 'not_needed'
WHERE id = (SELECT id FROM placement_paperwork WHERE status = 'open'
    ORDER BY due_on, id LIMIT 1);
UPDATE placement_paperwork SET status = 'open'
WHERE status = 'not_needed';
UPDATE placement_paperwork SET due_on = due_on + 7
WHERE id = (SELECT id FROM placement_paperwork WHERE status = 'open'
    ORDER BY due_on DESC, id LIMIT 1);
DO $$
BEGIN
	ASSERT pg_temp.dues_bad() = 0, 'after the paperwork';
END
$$;

-- A seeker's municipality and consultant: every fact of theirs moves.
UPDATE seekers SET municipality_code = '0157',
    consultant_id = pg_temp.user_id(2)::uuid
WHERE id = (SELECT p.seeker_id FROM placements p
    JOIN follow_ups f ON f.placement_id = p.id
    ORDER BY p.id LIMIT 1);
UPDATE seekers SET consultant_id = NULL
WHERE id = (SELECT p.seeker_id FROM placements p
    JOIN placement_paperwork w ON w.placement_id = p.id
    ORDER BY p.id DESC LIMIT 1);
DO $$
BEGIN
	ASSERT EXISTS (SELECT 1 FROM stats_dues
	    WHERE municipality_code = '0157'), 'moved to 0157';
	ASSERT pg_temp.dues_bad() = 0, 'after the seekers';
END
$$;

-- A new placement (its checklist), a placement and a seeker deleted.
INSERT INTO placements (application_id, seeker_id, job_id, employer_id,
    job_type, start_date, weekly_hours)
SELECT a.id, a.seeker_id, a.job_id, j.employer_id, j.job_type,
    current_date - 10, 15
FROM applications a JOIN jobs j ON j.id = a.job_id
WHERE NOT EXISTS (SELECT 1 FROM placements p
    WHERE p.seeker_id = a.seeker_id OR p.application_id = a.id)
  AND EXISTS (SELECT 1 FROM paperwork_steps s WHERE s.job_type = j.job_type)
ORDER BY a.id LIMIT 1
RETURNING set_config('fidelity_dues.placement', id::text, true) AS _
\gset
DO $$
BEGIN
	ASSERT (SELECT count(*) FROM stats_dues
	    WHERE placement_id = current_setting('fidelity_dues.placement')::uuid
	      AND NOT follow_up) > 0,
	    'the new checklist';
END
$$;
DELETE FROM placements
WHERE id = (SELECT placement_id FROM follow_ups ORDER BY id LIMIT 1);
DELETE FROM seekers
WHERE id = (SELECT seeker_id FROM placement_paperwork ORDER BY id LIMIT 1);
DO $$
BEGIN
	ASSERT pg_temp.dues_bad() = 0, 'after the placements';
END
$$;
