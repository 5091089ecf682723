-- Manual systems can be asked to correct a person's data (Art. 16 GDPR); the task names the category, the request
-- (its operation id) holds the field and the right value.
ALTER TABLE connector_task DROP CONSTRAINT connector_task_action_check;
ALTER TABLE connector_task ADD CONSTRAINT connector_task_action_check
    CHECK (action IN ('FIND', 'EXPORT', 'ERASE', 'ANONYMISE', 'EXPIRE', 'RESTRICT', 'LIFT', 'RECTIFY'));
