-- 0021_job_board.sql — the fields job boards need (issue 11, item 1):
-- an application deadline, a DISCO-08 occupation code and the address of
-- the workplace. All nullable, so existing jobs upgrade unchanged.
--
-- occupation_code: Danmarks Statistik's DISCO-08 (ISCO-08 and its Danish
-- subdivisions), 4 to 6 digits; GET /v1/jobs?occupation_code= matches a
-- prefix (text_pattern_ops index). Address: a Danish postal code (4
-- digits) and a city together, the street only with them.

ALTER TABLE jobs
    ADD COLUMN application_deadline date,
    ADD COLUMN occupation_code text
	CHECK (occupation_code ~ '^[0-9]{4,6}$'),
    ADD COLUMN street text
	CHECK (char_length(street) BETWEEN 1 AND 200),
    ADD COLUMN postal_code text CHECK (postal_code ~ '^[0-9]{4}$'),
    ADD COLUMN city text CHECK (char_length(city) BETWEEN 1 AND 100),
    ADD CONSTRAINT jobs_address_check CHECK ((postal_code IS NULL) =
	(city IS NULL) AND (street IS NULL OR postal_code IS NOT NULL));

CREATE INDEX jobs_occupation_code_idx ON jobs
    (occupation_code text_pattern_ops) WHERE occupation_code IS NOT NULL;
