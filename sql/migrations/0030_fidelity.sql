-- 0030_fidelity.sql — GET /v1/stats/fidelity (issue 13).
--
-- Facts per seeker (stats_seekers): one narrow row with what fidelity
-- reads of a seeker — municipality and consultant (scope, groups),
-- whether they are in the active caseload, the referral day and the first
-- application, interview and placement start — kept by triggers in the
-- transaction of every change, like the facts of migration 0023, so the
-- caseloads and referral timings read narrow rows instead of the seekers
-- and a probe of applications, interviews and placements per seeker.
--
-- Cache: fidelity's cached answers (src/pubcache.c) are dropped on the
-- 'stats' notice (migration 0024): a change to stats_seekers sends one,
-- and so do changes to the paperwork and to consultants' names, which it
-- reads too. Applications, placements and follow-ups already notify
-- through the facts of 0023.
-- scripts/migrate.sh applies every pending migration in one transaction.

CREATE TABLE stats_seekers (
	seeker_id		uuid PRIMARY KEY REFERENCES seekers
				    ON DELETE CASCADE,
	municipality_code	text NOT NULL,
	consultant_id		uuid,
	-- in the active caseload: status active or placed, not erased
	active			bool NOT NULL,
	-- referred: the UTC day of seekers.created_at
	referred_on		date NOT NULL,
	-- the UTC day of the first application
	first_application_on	date,
	-- the first interview not cancelled (it may lie ahead: fidelity
	-- counts it once it has begun)
	first_interview_at	timestamptz,
	-- the first placement's start_date (it may lie ahead)
	first_start_on		date
);
CREATE INDEX stats_seekers_referred_on_idx ON stats_seekers (referred_on)
    INCLUDE (municipality_code, consultant_id, first_application_on,
    first_interview_at, first_start_on);
CREATE INDEX stats_seekers_active_idx ON stats_seekers (consultant_id)
    INCLUDE (municipality_code) WHERE active;

-- (Re)write the facts of these seekers from the tables they come from.
CREATE FUNCTION core.stats_seekers_sync(ids uuid[]) RETURNS void
LANGUAGE plpgsql AS $$
BEGIN
	IF cardinality(ids) = 0 THEN
		RETURN;
	END IF;
	INSERT INTO stats_seekers AS t
	SELECT s.id, s.municipality_code, s.consultant_id,
	    s.status IN ('active', 'placed') AND s.erased_at IS NULL,
	    (s.created_at AT TIME ZONE 'UTC')::date,
	    (SELECT (min(a.created_at) AT TIME ZONE 'UTC')::date
	        FROM applications a WHERE a.seeker_id = s.id),
	    (SELECT min(i.starts_at) FROM interviews i
	        WHERE i.seeker_id = s.id AND i.status <> 'cancelled'),
	    (SELECT min(p.start_date) FROM placements p
	        WHERE p.seeker_id = s.id)
	FROM seekers s
	WHERE s.id IN (SELECT unnest(ids))
	ON CONFLICT (seeker_id) DO UPDATE SET
	    municipality_code = EXCLUDED.municipality_code,
	    consultant_id = EXCLUDED.consultant_id, active = EXCLUDED.active,
	    referred_on = EXCLUDED.referred_on,
	    first_application_on = EXCLUDED.first_application_on,
	    first_interview_at = EXCLUDED.first_interview_at,
	    first_start_on = EXCLUDED.first_start_on
	WHERE (t.*) IS DISTINCT FROM (EXCLUDED.*);
END
$$;

-- Statement triggers: the changed rows come as the transition table
-- "changed" (seekers: their id; the others: their seeker_id).
CREATE FUNCTION core.stats_seekers_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM core.stats_seekers_sync(ARRAY(SELECT c.id FROM changed c));
	RETURN NULL;
END
$$;

CREATE FUNCTION core.stats_seekers_of_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM core.stats_seekers_sync(ARRAY(
	    SELECT DISTINCT c.seeker_id FROM changed c));
	RETURN NULL;
END
$$;

-- A seeker's change to what the facts hold (one row).
CREATE FUNCTION core.stats_seeker_row_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	PERFORM core.stats_seekers_sync(ARRAY[NEW.id]);
	RETURN NULL;
END
$$;

CREATE TRIGGER seekers_fidelity_insert AFTER INSERT ON seekers
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION core.stats_seekers_changed();
CREATE TRIGGER seekers_fidelity_update AFTER UPDATE ON seekers
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
        OR OLD.consultant_id IS DISTINCT FROM NEW.consultant_id
        OR OLD.municipality_code IS DISTINCT FROM NEW.municipality_code
        OR OLD.created_at IS DISTINCT FROM NEW.created_at
        OR OLD.erased_at IS DISTINCT FROM NEW.erased_at)
    EXECUTE FUNCTION core.stats_seeker_row_changed();
CREATE TRIGGER applications_fidelity_insert AFTER INSERT ON applications
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION core.stats_seekers_of_changed();
CREATE TRIGGER applications_fidelity_delete AFTER DELETE ON applications
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION core.stats_seekers_of_changed();
CREATE TRIGGER interviews_fidelity_insert AFTER INSERT ON interviews
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION core.stats_seekers_of_changed();
CREATE TRIGGER interviews_fidelity_update AFTER UPDATE ON interviews
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION core.stats_seekers_of_changed();
CREATE TRIGGER interviews_fidelity_delete AFTER DELETE ON interviews
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION core.stats_seekers_of_changed();
CREATE TRIGGER placements_fidelity_insert AFTER INSERT ON placements
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION core.stats_seekers_of_changed();
CREATE TRIGGER placements_fidelity_update AFTER UPDATE ON placements
    REFERENCING NEW TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION core.stats_seekers_of_changed();
CREATE TRIGGER placements_fidelity_delete AFTER DELETE ON placements
    REFERENCING OLD TABLE AS changed
    FOR EACH STATEMENT EXECUTE FUNCTION core.stats_seekers_of_changed();

SELECT core.stats_seekers_sync(ARRAY(SELECT id FROM seekers));

-- Paperwork steps by due day (done ones too): fidelity's on-time share.
CREATE INDEX placement_paperwork_due_on_idx ON placement_paperwork (due_on)
    INCLUDE (seeker_id, status, done_on);

CREATE TRIGGER stats_seekers_cache
    AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON stats_seekers
    FOR EACH STATEMENT EXECUTE FUNCTION core.cache_table_changed('stats');
CREATE TRIGGER placement_paperwork_cache AFTER INSERT OR DELETE OR TRUNCATE
    OR UPDATE OF status, due_on, done_on ON placement_paperwork
    FOR EACH STATEMENT EXECUTE FUNCTION core.cache_table_changed('stats');
CREATE TRIGGER users_name_cache AFTER UPDATE OF name ON users
    FOR EACH ROW WHEN (OLD.role = 'consultant'
        AND OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION core.cache_table_changed('stats');
