-- Retention reads only the records that can be due: per register category, by the moment each rule counts from
-- (collection, last contact, invoice date), and records with a period of their own apart. A run with little due then
-- reads little, however many records are kept (BuiltInStore.expire).
CREATE INDEX store_record_collected ON store_record (category, coalesce(collected_at, created_at)) WHERE assigned;
CREATE INDEX store_record_last_contact
    ON store_record (category, coalesce(last_contact_at, collected_at, created_at)) WHERE assigned;
CREATE INDEX store_record_invoice ON store_record (category, invoice_date) WHERE assigned;
CREATE INDEX store_record_own_period ON store_record (category) WHERE retention_period IS NOT NULL;
