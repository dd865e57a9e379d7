-- 0011-pii: the personal data taken out of a conversation's messages
-- (wa-agent: emails, phone numbers, cards, national ids, addresses), as
-- {placeholder: original} sealed with AES-256-GCM: {"alg", "kid" (the
-- key's id), "iv", "tag", "data"}.  NULL when nothing was taken.
ALTER TABLE conversations ADD COLUMN pii_data TEXT;
