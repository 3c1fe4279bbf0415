-- +goose Up
-- How many applications for restoration a panel has refused on a case, so
-- the rules' limit (Rules.RestorationMaxRefusals) can be applied.
ALTER TABLE cases ADD COLUMN restoration_refusals INTEGER NOT NULL DEFAULT 0;

-- +goose Down
ALTER TABLE cases DROP COLUMN restoration_refusals;
