-- A link opens one thing: the status page (and its code step), or the page to send an identity document. A document
-- link must not open the code step, where a confirmed code would verify a request whose identity staff doubted.
ALTER TABLE request_portal_access ADD COLUMN purpose text NOT NULL DEFAULT 'STATUS' CHECK (purpose IN ('STATUS', 'DOCUMENT'));
