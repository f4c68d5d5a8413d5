-- 0028_readability.sql — easy-read job texts (issue 13, item 2): the LIX
-- of each job's description and easy_read_summary, kept current by
-- PostgreSQL as stored generated columns; a published job needs a summary.
--
-- LIX (Björnsson, "Läsbarhet", 1968) = O / P + 100 * L / O, where O is the
-- number of words, P the number of sentences ("punkter": full stop, colon,
-- question and exclamation mark) and L the number of long words (more than
-- six letters). Rounded to one decimal. How we count:
--   words      runs of letters and digits (any Unicode letter: æ, ø, å,
--              é, ...; under the ICU root collation, whatever the
--              database's locale); a hyphen or apostrophe between two
--              runs joins them ("skåne-job" is one word of 8 letters),
--              and so does "." or "," between digits ("1.000", "12,5");
--              a number is a word, but only letters count towards long;
--   sentences  a sentence ends at a run of . : ! ? followed by a space, a
--              closing quote or bracket, or the end of the text (so
--              "1.000" ends nothing), and — beyond Björnsson, because
--              easy-read texts are often written as lines and bullets — at
--              every line break; a piece with no word is no sentence, and
--              a text without a full stop is one sentence;
--   no text, or no word in it: NULL.
-- Levels (core.lix_level): very_easy < 25 <= easy < 35 <= medium < 45 <=
-- hard < 55 <= very_hard.

CREATE FUNCTION core.lix(t text) RETURNS numeric
LANGUAGE sql IMMUTABLE STRICT PARALLEL SAFE AS $$
	WITH w AS (
	    SELECT count(*) AS n,
	        count(*) FILTER (WHERE length(regexp_replace(m[1],
	            '[^[:alpha:]]', '', 'g')) > 6) AS long
	    FROM regexp_matches(t COLLATE "und-x-icu",
	        '[[:alnum:]]+(?:(?:[-''’]|(?<=[[:digit:]])[.,](?=[[:digit:]]))'
	        '[[:alnum:]]+)*', 'g') m),
	s AS (
	    SELECT count(*) AS n
	    FROM regexp_split_to_table(t COLLATE "und-x-icu",
	        '[.!?:]+(?=[[:space:]"”»)]|$)|[\n\r\u2028\u2029]') p
	    WHERE p ~ '[[:alnum:]]')
	SELECT round(w.n::numeric / s.n + 100.0 * w.long / w.n, 1)
	FROM w, s
	WHERE w.n > 0
$$;

-- The level of a LIX value (NULL for NULL): the one definition, used by
-- the job JSON, the matches and the tests.
CREATE FUNCTION core.lix_level(lix numeric) RETURNS text
LANGUAGE sql IMMUTABLE PARALLEL SAFE AS $$
	SELECT CASE WHEN lix IS NULL THEN NULL
	    WHEN lix < 25 THEN 'very_easy' WHEN lix < 35 THEN 'easy'
	    WHEN lix < 45 THEN 'medium' WHEN lix < 55 THEN 'hard'
	    ELSE 'very_hard' END
$$;

ALTER TABLE jobs
    ADD COLUMN description_lix numeric
	GENERATED ALWAYS AS (core.lix(description)) STORED,
    ADD COLUMN summary_lix numeric
	GENERATED ALWAYS AS (core.lix(easy_read_summary)) STORED;

-- A published job has an easy-read summary. NOT VALID: published jobs of
-- earlier releases without one keep being published (writing their
-- summaries is the employers', not ours to invent); every job published
-- from now on, and every change to a published job, is checked. The name
-- makes the API report the field easy_read_summary (src/errmap.c).
ALTER TABLE jobs ADD CONSTRAINT jobs_easy_read_summary_check
    CHECK (status <> 'published'
	OR coalesce(btrim(easy_read_summary), '') <> '')
    NOT VALID;

-- GET /v1/jobs?max_lix=: the summary's LIX as a trailing key of the list
-- indexes of 0022, as weekly_hours and job_type there, so the B-tree scan
-- tests it on the index entry and reads only the rows of the page. The
-- indexes are made anew under their names (one transaction).
DROP INDEX jobs_municipality_status_created_idx;
CREATE INDEX jobs_municipality_status_created_idx ON jobs
    (municipality_code, status, created_at DESC, id DESC, weekly_hours,
    job_type, summary_lix);
DROP INDEX jobs_status_created_deadline_idx;
CREATE INDEX jobs_status_created_deadline_idx ON jobs
    (status, created_at DESC, id DESC, application_deadline, summary_lix);

-- Matches: the summary's LIX is part of the score of a seeker who wants
-- easy-read texts, so the scoring index of 0023 carries it too.
DROP INDEX jobs_published_geo_scoring_idx;
CREATE INDEX jobs_published_geo_scoring_idx ON jobs (lat, lon)
    INCLUDE (id, published_at, job_type, weekly_hours, single_supervisor,
    municipality_code, filled, positions, summary_lix)
    WHERE status = 'published';
-- ... and so does the index of the candidates of a seeker without a
-- location (0009).
DROP INDEX jobs_published_scoring_idx;
CREATE INDEX jobs_published_scoring_idx ON jobs (published_at DESC, id)
    INCLUDE (job_type, weekly_hours, single_supervisor, municipality_code,
    filled, positions, summary_lix)
    WHERE status = 'published';
