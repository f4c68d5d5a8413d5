-- municipalities.sql — loads the 98 kommuner from municipalities.csv
-- (idempotent). Run from the repository root:
--   psql -v ON_ERROR_STOP=1 -f sql/seed/municipalities.sql < /dev/null
BEGIN;

CREATE TEMP TABLE municipalities_csv (
	code		text,
	name		text,
	region_code	text,
	region_name	text
) ON COMMIT DROP;

\copy municipalities_csv FROM 'sql/seed/municipalities.csv' WITH (FORMAT csv, HEADER true)

INSERT INTO municipalities (code, name, region_code, region_name)
SELECT code, name, region_code, region_name FROM municipalities_csv
ON CONFLICT (code) DO UPDATE
    SET name = excluded.name, region_code = excluded.region_code,
        region_name = excluded.region_name
    WHERE (municipalities.name, municipalities.region_code,
        municipalities.region_name) IS DISTINCT FROM
        (excluded.name, excluded.region_code, excluded.region_name);

COMMIT;
