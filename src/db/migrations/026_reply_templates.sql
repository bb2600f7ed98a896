-- Reply templates (macros) that administrators keep per language for the actions that write to the
-- customer (src/replyTemplates/placeholders.ts); a handler picks one on the case page, edits it
-- and previews the email before sending.
CREATE TABLE reply_templates (
  id          bigserial PRIMARY KEY,
  language    text NOT NULL CHECK (language IN ('nl', 'en')),
  purpose     text NOT NULL CHECK (purpose IN ('substantiveResponseSent', 'requestInformation', 'addProposal', 'resolve', 'objectionDecided')),
  name        text NOT NULL CHECK (char_length(name) BETWEEN 1 AND 100),
  body        text NOT NULL CHECK (char_length(body) BETWEEN 1 AND 10000),
  updated_at  timestamptz NOT NULL DEFAULT now(),
  updated_by  text NOT NULL,
  UNIQUE (language, purpose, name)
);

-- A start the administrators adapt: the two replies every case needs, in both languages. The
-- email around them (greeting, status link, signature) is the email template's own.
INSERT INTO reply_templates (language, purpose, name, body, updated_by) VALUES
('nl', 'substantiveResponseSent', 'Inhoudelijke reactie',
 E'We hebben je klacht over {{onderwerp}} uitgezocht. Dit is wat we vonden:\n\n\nDit gaan we doen:\n\n\nHeb je nog vragen? Bel ons en vraag naar {{behandelaar}}, met je zaaknummer {{referentie}} erbij.', 'systeem'),
('nl', 'requestInformation', 'Meer informatie nodig',
 E'Om je klacht over {{onderwerp}} goed te kunnen behandelen, hebben we nog het volgende van je nodig:\n\n- ', 'systeem'),
('en', 'substantiveResponseSent', 'Substantive response',
 E'We have looked into your complaint about {{subject}}. This is what we found:\n\n\nThis is what we will do:\n\n\nAny questions? Call us and ask for {{handler}}, with your case number {{reference}} at hand.', 'systeem'),
('en', 'requestInformation', 'More information needed',
 E'To handle your complaint about {{subject}} properly, we need the following from you:\n\n- ', 'systeem');
