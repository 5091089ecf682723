-- The access package released to a requester (Art. 15): built once when staff release the answer, so the person
-- downloads the copy that was checked, sealed with the keyring (AES-256-GCM) like other sensitive files, and deleted
-- when its link expires. A package link opens only the download, not the status page.
CREATE TABLE request_package (
    id          uuid        PRIMARY KEY,
    request_id  uuid        NOT NULL REFERENCES request (id),
    created_at  timestamptz NOT NULL,
    expires_at  timestamptz NOT NULL,
    key_id      text        NOT NULL,
    sealed      bytea       NOT NULL,
    size_bytes  bigint      NOT NULL,
    sha256      text        NOT NULL,
    downloads   integer     NOT NULL DEFAULT 0
);
CREATE INDEX request_package_request ON request_package (request_id);
CREATE INDEX request_package_expires ON request_package (expires_at);

ALTER TABLE request_portal_access DROP CONSTRAINT request_portal_access_purpose_check;
ALTER TABLE request_portal_access ADD CONSTRAINT request_portal_access_purpose_check
    CHECK (purpose IN ('STATUS', 'DOCUMENT', 'PACKAGE'));
