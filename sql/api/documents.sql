-- documents.sql — /v1/placements/{id}/documents: the files of a placement
-- (contract, approval, payslip). Admin and consultants where the seeker
-- is in scope, the placement's employer and the placement's seeker see
-- and add them (partners none: JB403). C sniffs the type from the bytes
-- (args.content_type, src/filetype.c) and checks the size; the bytes
-- come as a binary bytea parameter and go back as one (no base64).
-- Every upload, list, download and delete is audited (document.*).

-- A document as the API shows it (never its bytes).
CREATE OR REPLACE FUNCTION api.document_json(d placement_documents)
RETURNS json
LANGUAGE sql STABLE AS $$
	SELECT json_build_object('id', d.id, 'placement_id', d.placement_id,
	    'filename', d.filename, 'title', d.title,
	    'content_type', d.content_type, 'size', d.size,
	    'sha256', d.sha256, 'uploaded_by', d.uploaded_by,
	    'uploaded_by_role', d.uploaded_by_role,
	    'created_at', api.ts(d.created_at))
$$;

-- The placement args.id whose documents the caller may see and add:
-- admin; consultant and seeker where the seeker is visible; the
-- placement's employer. JB403 for other roles, JB404 when not visible.
CREATE OR REPLACE FUNCTION api.document_placement(ctx jsonb, args jsonb)
RETURNS placements
LANGUAGE plpgsql AS $$
DECLARE
	p	placements;
BEGIN
	PERFORM api.check_role(ctx, '{admin,consultant,employer,seeker}',
	    'see the documents of placements');
	SELECT t.* INTO p FROM placements t
	JOIN seekers s ON s.id = t.seeker_id
	WHERE t.id = (args->>'id')::uuid AND api.placement_visible(ctx, s, t);
	IF NOT FOUND THEN
		PERFORM api.raise_not_found('placement');
	END IF;
	RETURN p;
END
$$;

-- The document args.sub of placement p, or JB404.
CREATE OR REPLACE FUNCTION api.document_of(p placements, args jsonb)
RETURNS placement_documents
LANGUAGE plpgsql AS $$
DECLARE
	d	placement_documents;
BEGIN
	SELECT t.* INTO d FROM placement_documents t
	WHERE t.id = (args->>'sub')::uuid AND t.placement_id = p.id;
	IF NOT FOUND THEN
		PERFORM api.raise_not_found('document');
	END IF;
	RETURN d;
END
$$;

-- POST /v1/placements/{id}/documents?filename=&title=: content is the
-- file (1 byte to 10 MiB, C checked), args.content_type what its magic
-- bytes are. 422 filename required / invalid_format (a path separator,
-- a control character, "." or ".."). 201 with the document; audited
-- document.uploaded.
CREATE OR REPLACE FUNCTION api.placement_documents_create(ctx jsonb,
    args jsonb, content bytea)
RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	q	jsonb := coalesce(args->'query', '{}');
	name	text := q->>'filename';
	p	placements;
	d	placement_documents;
BEGIN
	p := api.document_placement(ctx, args);
	IF name IS NULL THEN
		PERFORM api.raise_field('filename', 'required',
		    'filename is required: ?filename=contract.pdf');
	END IF;
	IF char_length(name) > 255 THEN
		PERFORM api.raise_field('filename', 'too_long',
		    'filename must be at most 255 characters');
	END IF;
	IF name ~ '[/\\[:cntrl:]]' OR name IN ('.', '..') THEN
		PERFORM api.raise_field('filename', 'invalid_format',
		    'filename must be a name without a path or control '
		    || 'characters');
	END IF;
	INSERT INTO placement_documents (placement_id, seeker_id, filename,
	    title, content_type, size, sha256, content, uploaded_by,
	    uploaded_by_role)
	VALUES (p.id, p.seeker_id, name, q->>'title', args->>'content_type',
	    octet_length(content), encode(sha256(content), 'hex'), content,
	    (ctx->>'sub')::uuid, ctx->>'role')
	RETURNING * INTO d;
	PERFORM api.audit(ctx, 'document.uploaded', 'document', d.id::text,
	    d.seeker_id);
	RETURN ROW(201, api.document_json(d), NULL, NULL)::api.result;
END
$$;

-- GET /v1/placements/{id}/documents: newest first, without the bytes.
-- Each document on the page is audited (document.listed).
CREATE OR REPLACE FUNCTION api.placement_documents_list(ctx jsonb, args jsonb)
RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	lim	int := api.limit_of(args);
	p	placements;
	page	json;
	last_key text;
	ids	uuid[];
BEGIN
	p := api.document_placement(ctx, args);
	-- The row without its bytes (a whole-row t would read them all).
	SELECT json_agg(api.document_json(d.doc) ORDER BY d.rn)
	        FILTER (WHERE d.rn <= lim),
	    CASE WHEN count(*) > lim THEN min(api.created_key(d.created_at,
	        d.id)::text) FILTER (WHERE d.rn = lim) END,
	    array_agg(d.id ORDER BY d.rn) FILTER (WHERE d.rn <= lim)
	INTO page, last_key, ids
	FROM (SELECT t.id, t.created_at,
	        ROW(t.id, t.placement_id, t.seeker_id, t.filename, t.title,
	        t.content_type, t.size, t.sha256, NULL, t.uploaded_by,
	        t.uploaded_by_role, t.created_at)::placement_documents AS doc,
	        row_number() OVER (ORDER BY t.created_at DESC, t.id DESC) AS rn
	    FROM placement_documents t
	    WHERE t.placement_id = p.id
	      AND api.after_cursor(args, t.created_at, t.id)
	    ORDER BY t.created_at DESC, t.id DESC
	    LIMIT lim + 1) AS d;
	PERFORM api.audit_many(ctx, 'document.listed', 'document',
	    ids::text[], array_fill(p.seeker_id,
	    ARRAY[coalesce(cardinality(ids), 0)]));
	RETURN api.list_result(page, last_key);
END
$$;

-- GET /v1/placements/{id}/documents/{document_id}: the row C answers
-- with the bytes (the statement asks for binary results): body the
-- document, etag its sha256, content its bytes — NULL when
-- args.if_none_match names the tag already (C answers 304). Audited
-- document.downloaded either way.
CREATE OR REPLACE FUNCTION api.placement_documents_download(ctx jsonb,
    args jsonb)
RETURNS TABLE (status int, body json, etag text, next_cursor text,
    content bytea)
LANGUAGE plpgsql AS $$
DECLARE
	p	placements;
	d	placement_documents;
	tag	text;
	inm	text := args->>'if_none_match';
BEGIN
	p := api.document_placement(ctx, args);
	d := api.document_of(p, args);
	tag := '"' || d.sha256 || '"';
	PERFORM api.audit(ctx, 'document.downloaded', 'document', d.id::text,
	    d.seeker_id);
	d.content := CASE WHEN inm = '*' OR strpos(inm, tag) > 0 THEN NULL
	    ELSE d.content END;
	RETURN QUERY SELECT 200, api.document_json(d), tag, NULL::text,
	    d.content;
END
$$;

-- DELETE /v1/placements/{id}/documents/{document_id}: by its uploader,
-- or an admin or consultant (where the seeker is in scope); JB403 for
-- others who may see it. 204; audited document.deleted.
CREATE OR REPLACE FUNCTION api.placement_documents_delete(ctx jsonb,
    args jsonb)
RETURNS api.result
LANGUAGE plpgsql AS $$
DECLARE
	p	placements;
	d	placement_documents;
BEGIN
	p := api.document_placement(ctx, args);
	d := api.document_of(p, args);
	IF ctx->>'role' NOT IN ('admin', 'consultant')
	    AND d.uploaded_by IS DISTINCT FROM (ctx->>'sub')::uuid THEN
		PERFORM api.check_role(ctx, '{admin,consultant}',
		    'delete documents others uploaded');
	END IF;
	DELETE FROM placement_documents t WHERE t.id = d.id;
	PERFORM api.audit(ctx, 'document.deleted', 'document', d.id::text,
	    d.seeker_id);
	RETURN ROW(204, NULL, NULL, NULL)::api.result;
END
$$;
