-- Files a customer adds to a case (photos, PDFs), on the public form or the status page: kept in
-- Postgres, never in Temporal (a workflow learns nothing of them). The type is the one checked
-- from the content (src/attachments/contentType.ts), the file name the customer's made safe.
-- Personal data: deleted when the case is anonymised, by retention or on erasure
-- (src/db/retention.ts). The same content twice on one case is stored once.
CREATE TABLE attachments (
  id           uuid PRIMARY KEY DEFAULT gen_random_uuid(),
  -- The order they were added in (several in one form share their created_at).
  seq          bigint GENERATED ALWAYS AS IDENTITY,
  reference    text NOT NULL REFERENCES cases (reference) ON DELETE CASCADE,
  file_name    text NOT NULL,
  content_type text NOT NULL CHECK (content_type IN ('image/jpeg', 'image/png', 'image/webp', 'image/heic', 'application/pdf')),
  size         integer NOT NULL CHECK (size > 0),
  sha256       text NOT NULL,
  -- Who added it: the customer, through the form or the status page.
  source       text NOT NULL CHECK (source IN ('form', 'status-page')),
  created_at   timestamptz NOT NULL DEFAULT now(),
  content      bytea NOT NULL,
  UNIQUE (reference, sha256)
);
-- Photos and PDFs are compressed already: stored out of line without another compression pass.
ALTER TABLE attachments ALTER COLUMN content SET STORAGE EXTERNAL;
