-- 0027_documents.sql — the documents of a placement (issue 13): contracts,
-- approvals, payslips as PDF, PNG or JPEG, stored in PostgreSQL. The type
-- is what the file's first bytes say (src/filetype.c), never what the
-- client claimed. The seeker's erasure deletes them (api.seekers_erase);
-- deleting the placement or the seeker takes them too.
CREATE TABLE placement_documents (
	id		uuid PRIMARY KEY DEFAULT gen_random_uuid(),
	placement_id	uuid NOT NULL REFERENCES placements ON DELETE CASCADE,
	-- the placement's (it never changes): scope, erasure, the audit log
	seeker_id	uuid NOT NULL REFERENCES seekers ON DELETE CASCADE,
	-- a name to save it under: no path, no control characters
	filename	text NOT NULL CHECK (char_length(filename) BETWEEN 1
			    AND 255 AND filename !~ '[/\\[:cntrl:]]'
			    AND filename NOT IN ('.', '..')),
	title		text CHECK (char_length(title) BETWEEN 1 AND 200),
	content_type	text NOT NULL CHECK (content_type IN
			    ('application/pdf', 'image/png', 'image/jpeg')),
	size		int NOT NULL CHECK (size BETWEEN 1 AND 10485760),
	sha256		text NOT NULL CHECK (sha256 ~ '^[0-9a-f]{64}$'),
	content		bytea NOT NULL,
	uploaded_by	uuid NOT NULL,
	uploaded_by_role text NOT NULL,
	created_at	timestamptz NOT NULL DEFAULT now(),
	CHECK (octet_length(content) = size)
);
-- PDFs and JPEGs are compressed already: store out of line, as they are.
ALTER TABLE placement_documents ALTER COLUMN content SET STORAGE EXTERNAL;

-- A placement's documents, newest first (the list's order and cursor).
CREATE INDEX placement_documents_placement_idx ON placement_documents
    (placement_id, created_at DESC, id DESC);
CREATE INDEX placement_documents_seeker_id_idx ON placement_documents
    (seeker_id);
