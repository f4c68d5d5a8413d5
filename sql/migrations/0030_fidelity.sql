-- 0030_fidelity.sql — GET /v1/stats/fidelity (issue 13) reads seekers,
-- interviews and placement_paperwork directly (caseloads, referral
-- timings, paperwork on time) besides the statistics facts. Its cached
-- answers (src/pubcache.c) are dropped on the 'stats' notice (migration
-- 0024), so a change to what it reads sends one: applications,
-- placements and follow-ups already do through the facts' triggers
-- (0023, 0024); these add the seekers (referral, status, consultant,
-- municipality, birth date, erasure), the interviews, the paperwork and
-- the consultants' names it shows.
-- scripts/migrate.sh applies every pending migration in one transaction.

CREATE TRIGGER seekers_cache AFTER INSERT OR DELETE OR TRUNCATE ON seekers
    FOR EACH STATEMENT EXECUTE FUNCTION core.cache_table_changed('stats');
CREATE TRIGGER seekers_cache_update AFTER UPDATE ON seekers
    FOR EACH ROW WHEN (OLD.status IS DISTINCT FROM NEW.status
        OR OLD.consultant_id IS DISTINCT FROM NEW.consultant_id
        OR OLD.municipality_code IS DISTINCT FROM NEW.municipality_code
        OR OLD.birth_date IS DISTINCT FROM NEW.birth_date
        OR OLD.created_at IS DISTINCT FROM NEW.created_at
        OR OLD.erased_at IS DISTINCT FROM NEW.erased_at)
    EXECUTE FUNCTION core.cache_table_changed('stats');
CREATE TRIGGER interviews_cache AFTER INSERT OR DELETE OR TRUNCATE
    OR UPDATE OF status, starts_at, seeker_id ON interviews
    FOR EACH STATEMENT EXECUTE FUNCTION core.cache_table_changed('stats');
CREATE TRIGGER placement_paperwork_cache AFTER INSERT OR DELETE OR TRUNCATE
    OR UPDATE OF status, due_on, done_on ON placement_paperwork
    FOR EACH STATEMENT EXECUTE FUNCTION core.cache_table_changed('stats');
CREATE TRIGGER users_name_cache AFTER UPDATE OF name ON users
    FOR EACH ROW WHEN (OLD.role = 'consultant'
        AND OLD.name IS DISTINCT FROM NEW.name)
    EXECUTE FUNCTION core.cache_table_changed('stats');
