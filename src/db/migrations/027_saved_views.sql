-- Saved views: a staff member's own named filters and sorts of the queue and the case list
-- (src/web/admin/savedViews.ts), as help desks offer them.
CREATE TABLE saved_views (
  id        bigserial PRIMARY KEY,
  staff_id  bigint NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
  path      text NOT NULL CHECK (path IN ('/admin/taken', '/admin/zaken')),
  name      text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 60),
  query     text NOT NULL CHECK (char_length(query) <= 1000),
  created_at timestamptz NOT NULL DEFAULT now(),
  UNIQUE (staff_id, path, name)
);
