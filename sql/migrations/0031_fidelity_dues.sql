-- 0031_fidelity_dues.sql — GET /v1/stats/fidelity, faster (issue 13).
--
-- Facts per due follow-up and paperwork step (stats_dues): one narrow row
-- with what fidelity reads of it — the due day, done / done on time /
-- still open, and the seeker's municipality and consultant (scope and
-- groups) — kept by triggers in the transaction of every change, like
-- the facts of migrations 0023 and 0030. Fidelity's follow-up and
-- paperwork figures then read one index of narrow rows for the period
-- instead of both tables and a join with the placements' facts.
-- Missed follow-ups and not_needed steps have no row (fidelity does not
-- count them).
--
-- Cache: no trigger of its own. Its rows change only with follow-ups
-- (the facts of 0023 notify), paperwork (0030 notifies) and a seeker's
-- municipality or consultant (stats_seekers, 0030, notifies).
-- scripts/migrate.sh applies every pending migration in one transaction.

CREATE TABLE stats_dues (
	-- true: a follow-up (follow_ups.id); false: a paperwork step
	-- (placement_paperwork.id)
	follow_up		bool NOT NULL,
	id			uuid NOT NULL,
	placement_id		uuid NOT NULL REFERENCES placements
				    ON DELETE CASCADE,
	municipality_code	text NOT NULL,
	consultant_id		uuid,
	due_on			date NOT NULL,
	-- status done
	done			bool NOT NULL,
	-- done on time: a follow-up completed (UTC day) at most 14 days
	-- after due_on, a step done_on at the latest due_on
	on_time			bool NOT NULL,
	-- status pending (follow-up) or open (step)
	open			bool NOT NULL,
	PRIMARY KEY (follow_up, id)
);
CREATE INDEX stats_dues_due_on_idx ON stats_dues (due_on)
    INCLUDE (follow_up, municipality_code, consultant_id, done, on_time,
    open);
CREATE INDEX stats_dues_placement_id_idx ON stats_dues (placement_id);

-- (Re)write the facts of the follow-ups and steps of these placements.
CREATE FUNCTION core.stats_dues_sync(ids uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF cardinality(ids) = 0 THEN
		RETURN;
	END IF;
	DELETE FROM stats_dues d
	WHERE d.placement_id IN (SELECT unnest(ids))
	  AND NOT (d.follow_up AND EXISTS (SELECT 1 FROM follow_ups f
	        WHERE f.id = d.id AND f.placement_id = d.placement_id
	          AND f.status <> 'missed'))
	  AND NOT (NOT d.follow_up AND EXISTS (SELECT 1
	        FROM placement_paperwork w
	        WHERE w.id = d.id AND w.placement_id = d.placement_id
	          AND w.status <> 'not_needed'));
	INSERT INTO stats_dues AS t
	SELECT x.follow_up, x.id, p.id, s.municipality_code, s.consultant_id,
	    x.due_on, x.done, x.on_time, x.open
	FROM placements p
	JOIN seekers s ON s.id = p.seeker_id
	CROSS JOIN LATERAL (
		SELECT true AS follow_up, f.id, f.due_on,
		    f.status = 'done' AS done,
		    coalesce(f.status = 'done'
		        AND (f.completed_at AT TIME ZONE 'UTC')::date - f.due_on
		            <= 14, false) AS on_time,
		    f.status = 'pending' AS open
		FROM follow_ups f
		WHERE f.placement_id = p.id AND f.status <> 'missed'
		UNION ALL
		SELECT false, w.id, w.due_on, w.status = 'done',
		    coalesce(w.status = 'done' AND w.done_on <= w.due_on, false),
		    w.status = 'open'
		FROM placement_paperwork w
		WHERE w.placement_id = p.id AND w.status <> 'not_needed') x
	WHERE p.id IN (SELECT unnest(ids))
	ON CONFLICT (follow_up, id) DO UPDATE SET
	    placement_id = EXCLUDED.placement_id,
	    municipality_code = EXCLUDED.municipality_code,
	    consultant_id = EXCLUDED.consultant_id, due_on = EXCLUDED.due_on,
	    done = EXCLUDED.done, on_time = EXCLUDED.on_time,
	    open = EXCLUDED.open
	WHERE (t.*) IS DISTINCT FROM (EXCLUDED.*);
END
$$;

-- Statement triggers: the changed rows come as the transition table
-- "changed" (their placement_id).
CREATE FUNCTION core.stats_dues_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM core.stats_dues_sync(ARRAY(
	    SELECT DISTINCT c.placement_id FROM changed c));
	RETURN NULL;
END
$$;

-- A seeker's municipality or consultant: the facts of all their
-- placements.
CREATE FUNCTION core.stats_dues_seeker_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM core.stats_dues_sync(ARRAY(
	    SELECT p.id FROM placements p WHERE p.seeker_id = NEW.id));
	RETURN NULL;
END
$$;

CREATE TRIGGER follow_ups_dues_insert AFTER INSERT ON follow_ups
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION core.stats_dues_changed();
CREATE TRIGGER follow_ups_dues_update AFTER UPDATE ON follow_ups
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION core.stats_dues_changed();
CREATE TRIGGER follow_ups_dues_delete AFTER DELETE ON follow_ups
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION core.stats_dues_changed();
CREATE TRIGGER placement_paperwork_dues_insert AFTER INSERT
    ON placement_paperwork REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION core.stats_dues_changed();
CREATE TRIGGER placement_paperwork_dues_update AFTER UPDATE
    ON placement_paperwork REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION core.stats_dues_changed();
CREATE TRIGGER placement_paperwork_dues_delete AFTER DELETE
    ON placement_paperwork REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION core.stats_dues_changed();
CREATE TRIGGER seekers_dues_update AFTER UPDATE ON seekers
    FOR EACH ROW WHEN (OLD.consultant_id IS DISTINCT FROM NEW.consultant_id
        OR OLD.municipality_code IS DISTINCT FROM NEW.municipality_code)
    EXECUTE FUNCTION core.stats_dues_seeker_changed();

SELECT core.stats_dues_sync(ARRAY(SELECT id FROM placements));

-- The active caseload by consultant and municipality in one ordered read
-- of the index (fidelity groups it so before the scope).
DROP INDEX stats_seekers_active_idx;
CREATE INDEX stats_seekers_active_idx ON stats_seekers (consultant_id,
    municipality_code) WHERE active;
