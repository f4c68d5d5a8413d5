-- 0010_seeker_privacy.sql — erasure (GDPR article 17): when a seeker was
-- anonymised (POST /v1/seekers/{id}/erase); an erased seeker alone may
-- lack the consent to processing.
-- scripts/migrate.sh applies every pending migration in one transaction.

ALTER TABLE seekers ADD COLUMN erased_at timestamptz;
-- Consent to processing is required of every seeker but an erased one.
ALTER TABLE seekers DROP CONSTRAINT seekers_consents_processing_check;
ALTER TABLE seekers ADD CONSTRAINT seekers_consents_processing_check
    CHECK (consents_processing OR erased_at IS NOT NULL);
