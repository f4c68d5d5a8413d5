-- 0004_list_body_array.sql — a list function's body is now just the JSON
-- array of items; C wraps it as {"data": [...], "next_cursor": "..."}
-- by concatenation. C used to parse and re-serialise the whole page to
-- fill in next_cursor, which cost more than the query on big pages.
CREATE OR REPLACE FUNCTION api.list_result(data json, next_cursor text)
RETURNS api.result
LANGUAGE sql IMMUTABLE AS $$
	SELECT ROW(200, coalesce(data, '[]'::json), NULL,
	    next_cursor)::api.result
$$;
