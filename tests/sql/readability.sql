-- tests/sql/readability.sql — easy-read job texts (migration 0028,
-- sql/api/jobs.sql): core.lix of a hand-counted Danish text and its edge
-- cases, core.lix_level's bounds, the generated columns that follow every
-- change, readability in the job JSON and the max_lix filter.
--
-- Run as scripts/test.sh does, from the repository root, on a migrated
-- database loaded with the demo seed (scripts/seed.sh --demo), in psql
-- -X -q -v ON_ERROR_STOP=1: BEGIN; \i tests/sql/readability.sql; ROLLBACK;
\set ON_ERROR_STOP on
\set QUIET on
\ir helpers.psql

-- ------------------------------------------------------------ core.lix
DO $$
DECLARE
	-- Counted by hand (words | long words, more than six letters):
	--   1 "Du skal arbejde på et gartneri i Søborg."        8 | 2
	--     (arbejde 7, gartneri 8; Søborg has 6 letters)
	--   2 "Her passer du blomster og grøntsager sammen med
	--      to kolleger."                                  10 | 3
	--     (blomster, grøntsager, kolleger; passer, sammen 6)
	--   3 "Arbejdstiden er:"                               2 | 1
	--   4 "mandag til torsdag fra kl 8 til 12."            8 | 1
	--     (torsdag 7; mandag 6; 8 and 12 are words, not long)
	--   5 "Vil du være med?"                               4 | 0
	--   6 "Så ring til Åse!"                               4 | 0
	-- 36 words, 6 sentences (. after "Søborg", the line break after
	-- "kolleger." ends nothing more), 7 long words:
	-- LIX = 36 / 6 + 100 * 7 / 36 = 6 + 19.44 = 25.4 (easy).
	danish	text := E'Du skal arbejde på et gartneri i Søborg. Her passer '
	    'du blomster og grøntsager sammen med to kolleger.\nArbejdstiden '
	    'er: mandag til torsdag fra kl 8 til 12. Vil du være med? Så ring '
	    'til Åse!';
BEGIN
	ASSERT core.lix(danish) = 25.4, format('hand-counted text: %s',
	    core.lix(danish));
	ASSERT core.lix_level(core.lix(danish)) = 'easy', 'its level';

	-- No text, no words: NULL.
	ASSERT core.lix(NULL) IS NULL AND core.lix('') IS NULL
	    AND core.lix('   ') IS NULL AND core.lix(' ... !? – ') IS NULL,
	    'no words: NULL';
	-- One word: 1 word per sentence (+ 100 when it is long).
	ASSERT core.lix('Hej') = 1.0 AND core.lix('Hej.') = 1.0,
	    'one short word';
	ASSERT core.lix('Sandsynligvis') = 101.0, 'one long word';
	-- No full stop: the whole text is one sentence.
	ASSERT core.lix('Du pakker brød og gør rent om morgenen') = 20.5,
	    format('no full stop: %s', core.lix(
	    'Du pakker brød og gør rent om morgenen'));	-- 8 + 100 / 8
	-- æ, ø and å are letters: "Øksnehallen" (11) and "æblegrød" (8) are
	-- long, "Færøsk" (6) is not: 3 + 100 * 2 / 3.
	ASSERT core.lix('Færøsk Øksnehallen æblegrød') = 69.7,
	    format('æøå: %s', core.lix('Færøsk Øksnehallen æblegrød'));
	ASSERT core.lix('Ærlig, ødsel og årvågen.') = 29.0,	-- 4 + 100 * 1 / 4
	    format('æøå first: %s', core.lix('Ærlig, ødsel og årvågen.'));
	-- A hyphen joins: "skåne-job" is one word of 8 letters; "e-mail" 5.
	ASSERT core.lix('skåne-job') = 101.0 AND core.lix('e-mail') = 1.0,
	    'hyphenated words';
	-- Numbers are words, never long; "1.000" and "12,5" are one word,
	-- and their "." ends no sentence: 4 words, 1 sentence.
	ASSERT core.lix('Løn 1.000 kr 12,5') = 4.0,
	    format('numbers: %s', core.lix('Løn 1.000 kr 12,5'));
	ASSERT core.lix('1234567890') = 1.0, 'digits are not letters';
	-- Line breaks and bullets end sentences: "Du får" / "en fast makker"
	-- / "pauser efter behov": 8 words, 3 sentences.
	ASSERT core.lix(E'Du får:\n- en fast makker\n- pauser efter behov')
	    = 2.7, 'line breaks and bullets';
	ASSERT core.lix(E'Du får\r\nen makker') = 2.0, 'CRLF: two sentences';
	-- . : ! ? end a sentence when a space or the end follows.
	ASSERT core.lix('En. To! Tre? Fire: Fem') = 1.0, 'each mark ends one';
	ASSERT core.lix('En... to') = 1.0, 'a run of marks ends one';
	ASSERT core.lix('www.jobbro.dk er') = 4.0, 'no space after: no end';
END
$$;

-- ------------------------------------------------------ core.lix_level
DO $$
BEGIN
	ASSERT core.lix_level(NULL) IS NULL, 'NULL';
	ASSERT core.lix_level(0) = 'very_easy'
	    AND core.lix_level(24.9) = 'very_easy'
	    AND core.lix_level(25) = 'easy' AND core.lix_level(34.9) = 'easy'
	    AND core.lix_level(35) = 'medium' AND core.lix_level(44.9) = 'medium'
	    AND core.lix_level(45) = 'hard' AND core.lix_level(54.9) = 'hard'
	    AND core.lix_level(55) = 'very_hard'
	    AND core.lix_level(101) = 'very_hard', 'level bounds';
END
$$;

-- ------------------------------------- kept current, in the JSON, filter
DO $$
DECLARE
	r	api.result;
	admin	jsonb := pg_temp.ctx('admin');
	jid	text;
	q	jsonb;
BEGIN
	r := pg_temp.call('jobs_create', admin, jsonb_build_object('body',
	    '{"employer_id":"e0000000-0000-4000-8000-000000000001",
	    "title":"Lix","description":"Du pakker brød og gør rent om morgenen",
	    "easy_read_summary":"Du pakker brød.","job_type":"fleksjob",
	    "weekly_hours":10,"municipality_code":"0101"}'::jsonb));
	jid := r.body->>'id';
	ASSERT (r.body->'readability')::jsonb = '{"description": {"lix": 20.5,
	    "level": "very_easy"}, "easy_read_summary": {"lix": 3.0,
	    "level": "very_easy"}}', format('readability on create: %s',
	    r.body->'readability');
	-- A change to either text changes its LIX (generated columns).
	r := pg_temp.call('jobs_update', admin, jsonb_build_object('id', jid,
	    'body', '{"easy_read_summary":"Arbejdsopgaverne: opvaskemaskine"}'
	    ::jsonb));
	ASSERT (r.body->'readability'->'easy_read_summary')::jsonb
	    = '{"lix": 101.0, "level": "very_hard"}', format('after PATCH: %s',
	    r.body->'readability');
	ASSERT (SELECT summary_lix FROM jobs WHERE jobs.id = jid::uuid) = 101.0,
	    'the column';
	r := pg_temp.call('jobs_update', admin, jsonb_build_object('id', jid,
	    'body', '{"easy_read_summary":null,"description":"..."}'::jsonb));
	ASSERT (r.body->'readability')::jsonb = '{"description": null,
	    "easy_read_summary": null}', format('no words: %s',
	    r.body->'readability');

	-- max_lix: on the summary's LIX, at most; no summary: left out.
	q := jsonb_build_object('query', jsonb_build_object('employer_id',
	    'e0000000-0000-4000-8000-000000000001', 'limit', 100,
	    'max_lix', 100));
	ASSERT NOT jid = ANY (pg_temp.ids((pg_temp.call('jobs_list', admin,
	    q)).body)), 'no summary: not listed';
	UPDATE jobs SET easy_read_summary = 'Du pakker brød.'
	WHERE jobs.id = jid::uuid;	-- 3.0
	ASSERT jid = ANY (pg_temp.ids((pg_temp.call('jobs_list', admin,
	    jsonb_set(q, '{query,max_lix}', '3'))).body)), 'max_lix 3: 3.0';
	ASSERT NOT jid = ANY (pg_temp.ids((pg_temp.call('jobs_list', admin,
	    jsonb_set(q, '{query,max_lix}', '2.9'))).body)), 'max_lix 2.9';
	-- as C sends 36.3 (a double, printed with 17 digits)
	UPDATE jobs SET easy_read_summary = 'Du sorterer posten.'
	WHERE jobs.id = jid::uuid;	-- 36.3
	ASSERT jid = ANY (pg_temp.ids((pg_temp.call('jobs_list', admin,
	    jsonb_set(q, '{query,max_lix}', '36.299999999999997'))).body)),
	    'max_lix 36.299999999999997 is 36.3';
	ASSERT NOT EXISTS (SELECT 1 FROM json_array_elements((pg_temp.call(
	    'jobs_list', admin, '{"query":{"limit":100,"max_lix":30}}')).body) x
	    WHERE (x->'readability'->'easy_read_summary'->>'lix')::numeric > 30
	       OR x->'readability'->'easy_read_summary' IS NULL
	       OR json_typeof(x->'readability'->'easy_read_summary') = 'null'),
	    'every listed job is within max_lix';
	-- The same as the statement of all shapes (planned per call).
	ASSERT (pg_temp.call('jobs_list', admin, jsonb_set(q,
	    '{query,max_lix}', '25'))).body::text = (SELECT b.body::text
	    FROM api.jobs_list_any(admin, jsonb_set(q, '{query,max_lix}', '25'),
	    true) b), 'shape max_lix = any';
END
$$;

\echo 'tests/sql/readability.sql: all assertions passed'
