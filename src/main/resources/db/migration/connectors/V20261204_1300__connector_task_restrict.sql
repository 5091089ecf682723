-- Manual systems can be asked to restrict a person's data (Art. 18 GDPR) and to lift that again.
ALTER TABLE connector_task DROP CONSTRAINT connector_task_action_check;
ALTER TABLE connector_task ADD CONSTRAINT connector_task_action_check
    CHECK (action IN ('FIND', 'EXPORT', 'ERASE', 'ANONYMISE', 'EXPIRE', 'RESTRICT', 'LIFT'));
