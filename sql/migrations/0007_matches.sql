-- 0007_matches.sql — GET /v1/seekers/{id}/matches: published jobs by
-- location, for the candidates of a seeker's matches.
-- scripts/migrate.sh applies every pending migration in one transaction.

-- Published jobs by location: the bounding box of a seeker's travel radius
-- (lat range as the index condition, lon checked inside the index), and
-- `lat IS NULL` for the published jobs without a location.
CREATE INDEX jobs_published_lat_lon_idx ON jobs (lat, lon)
    WHERE status = 'published';
