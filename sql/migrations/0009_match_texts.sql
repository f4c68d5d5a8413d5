-- 0009_match_texts.sql — faster GET /v1/seekers/{id}/matches: every
-- job's searchable text (title, tasks, easy-read summary) kept lower-case
-- in a narrow side table, so matching interests reads a few hundred kB
-- instead of lowering the wide job rows on every call; and a covering
-- index of the published jobs' scoring columns, so candidates without a
-- location come from the index alone.
-- scripts/migrate.sh applies every pending migration in one transaction.

-- What interests are matched against: title, tasks and easy-read summary,
-- lower case, one per line.
CREATE FUNCTION core.job_match_text(title text, tasks text[], summary text)
RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT lower(title || E'\n' || array_to_string(tasks, E'\n') || E'\n'
	    || coalesce(summary, ''))
$$;

-- One row per job, kept by the trigger below (never written by the API).
CREATE TABLE job_match_texts (
	job_id		uuid PRIMARY KEY REFERENCES jobs ON DELETE CASCADE,
	match_text	text NOT NULL
);

CREATE FUNCTION core.job_match_text_sync() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
	INSERT INTO job_match_texts (job_id, match_text)
	VALUES (NEW.id, core.job_match_text(NEW.title, NEW.tasks,
	    NEW.easy_read_summary))
	ON CONFLICT (job_id) DO UPDATE SET match_text = EXCLUDED.match_text;
	RETURN NULL;
END
$$;

CREATE TRIGGER jobs_match_text AFTER INSERT OR UPDATE OF title, tasks,
    easy_read_summary ON jobs
    FOR EACH ROW EXECUTE FUNCTION core.job_match_text_sync();

INSERT INTO job_match_texts (job_id, match_text)
SELECT j.id, core.job_match_text(j.title, j.tasks, j.easy_read_summary)
FROM jobs j;

-- The scoring columns of the published jobs, for an index-only scan of
-- all of them (seekers without a location).
CREATE INDEX jobs_published_scoring_idx ON jobs (published_at DESC, id)
    INCLUDE (job_type, weekly_hours, single_supervisor, municipality_code,
    filled, positions)
    WHERE status = 'published';
