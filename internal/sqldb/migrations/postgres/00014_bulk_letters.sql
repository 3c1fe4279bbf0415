-- +goose Up
-- A bulk step of an inquiry may also request the notice of investigation
-- on the cases its screening opened ('letters').
ALTER TABLE bulk_steps DROP CONSTRAINT bulk_steps_kind_check;
ALTER TABLE bulk_steps ADD CONSTRAINT bulk_steps_kind_check CHECK (kind IN ('demands', 'screening', 'letters'));

-- +goose Down
ALTER TABLE bulk_steps DROP CONSTRAINT bulk_steps_kind_check;
ALTER TABLE bulk_steps ADD CONSTRAINT bulk_steps_kind_check CHECK (kind IN ('demands', 'screening'));
