-- municipalities.sql — /v1/municipalities: the 98 Danish kommuner
-- (reference data loaded by migration 0012).

-- A municipality as the API returns it.
CREATE OR REPLACE FUNCTION api.municipality_json(m municipalities) RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT json_build_object('code', m.code, 'name', m.name,
	    'region_code', m.region_code, 'region_name', m.region_name)
$$;

-- GET /v1/municipalities: by code, keyset [code], filter region_code.
CREATE OR REPLACE FUNCTION api.municipalities_list(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql STABLE AS $$
DECLARE
	q	jsonb := coalesce(args->'query', '{}');
	lim	int := api.limit_of(args);
BEGIN
	RETURN (SELECT api.list_result(json_agg(item) FILTER (WHERE rn <= lim),
	    CASE WHEN count(*) > lim THEN
	        min(json_build_array(code)::text) FILTER (WHERE rn = lim) END)
	FROM (SELECT m.code, api.municipality_json(m) AS item,
	        row_number() OVER (ORDER BY m.code) AS rn
	    FROM municipalities m
	    WHERE (q->>'region_code' IS NULL OR m.region_code = q->>'region_code')
	      AND (q->'cursor' IS NULL OR m.code > q->'cursor'->>0)
	    ORDER BY m.code
	    LIMIT lim + 1) s);
END
$$;

-- GET /v1/municipalities/{code}.
CREATE OR REPLACE FUNCTION api.municipalities_get(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql STABLE AS $$
DECLARE
	m	municipalities;
BEGIN
	SELECT * INTO m FROM municipalities WHERE code = args->>'id';
	IF NOT FOUND THEN
		PERFORM api.raise_not_found('municipality');
	END IF;
	RETURN ROW(200, api.municipality_json(m), NULL, NULL)::api.result;
END
$$;
