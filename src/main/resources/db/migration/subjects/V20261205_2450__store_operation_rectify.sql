-- A correction (Art. 16) is an operation of the ledger like erase and restrict: one per request, place and correction.
ALTER TABLE store_operation DROP CONSTRAINT store_operation_action_check;
ALTER TABLE store_operation ADD CONSTRAINT store_operation_action_check
    CHECK (action IN ('erase', 'restrict', 'lift', 'expire', 'rectify'));
