-- A password that someone else chose (an administrator, npm run staff, the development start)
-- works once: at the first sign-in its owner must choose their own.
ALTER TABLE staff ADD COLUMN must_change_password boolean NOT NULL DEFAULT false;
