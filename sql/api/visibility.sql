-- visibility.sql — what each role sees, field by field: the one table of
-- case-note fields (api.case_note_fields) and api.redact, which every
-- row-JSON builder that carries such a field passes its object through.
-- A hidden field keeps its key with the value null, so a typed client
-- sees one shape whoever calls (api-spec/README.md, "What each role
-- sees").

-- The case notes: per resource (the object api.redact is given) the
-- fields that only the listed roles may read. Everybody else (employer,
-- partner, a missing role) reads null. Row visibility is decided before
-- (the *_visible functions); a seeker only ever sees their own rows.
CREATE OR REPLACE FUNCTION api.case_note_fields()
RETURNS TABLE (resource text, field text, roles text[])
LANGUAGE sql IMMUTABLE AS $$
	VALUES ('application', 'cover_note', '{admin,consultant,seeker}'::text[]),
	    ('application_event', 'reason', '{admin,consultant,seeker}'),
	    ('interview', 'accommodations', '{admin,consultant,seeker}'),
	    ('interview', 'outcome', '{admin,consultant,seeker}'),
	    ('follow_up', 'wellbeing_notes', '{admin,consultant,seeker}'),
	    ('follow_up', 'social_notes', '{admin,consultant,seeker}'),
	    ('follow_up', 'needs_support', '{admin,consultant,seeker}'),
	    ('paperwork', 'note', '{admin,consultant,seeker}'),
	    ('seeker', 'support_needs', '{admin,consultant,seeker}')
$$;

-- The fields of resource that the caller may not read ('{}': none).
-- IMMUTABLE, so a plan with ctx known (the lists run with custom plans)
-- computes it once, not per row.
CREATE OR REPLACE FUNCTION api.hidden_fields(ctx jsonb, resource text)
RETURNS text[]
LANGUAGE sql IMMUTABLE AS $$
	SELECT coalesce(array_agg(c.field ORDER BY c.field), '{}')
	FROM api.case_note_fields() c
	WHERE c.resource = hidden_fields.resource
	  AND NOT coalesce(ctx->>'role' = ANY (c.roles), false)
$$;

-- The object j with the keys in hidden set to null (in place, order
-- kept). Nothing hidden: j itself, without any conversion.
CREATE OR REPLACE FUNCTION api.json_null_keys(j json, hidden text[])
RETURNS json
LANGUAGE plpgsql IMMUTABLE AS $$
BEGIN
	IF j IS NULL OR cardinality(hidden) = 0 THEN
		RETURN j;
	END IF;
	RETURN (SELECT json_object_agg(e.key, CASE WHEN e.key = ANY (hidden)
	        THEN NULL ELSE e.value END)
	    FROM json_each(j) e);
END
$$;

-- The object j of resource as the caller may read it: the case notes the
-- caller's role may not read are null (api.case_note_fields).
CREATE OR REPLACE FUNCTION api.redact(ctx jsonb, resource text, j json)
RETURNS json
LANGUAGE sql IMMUTABLE AS $$
	SELECT api.json_null_keys(j, api.hidden_fields(ctx, resource))
$$;
