-- Neither index serves a query: each subset is a large share of the edits, so a keyset
-- scan on id with a filter finds a page fast, and edit types are filtered on
-- Edit.editTypeId. Both slowed every import (npm run bench:import).

-- DropIndex
DROP INDEX "Edit_origin_id_idx";

-- DropIndex
DROP INDEX "Task_editTypeId_idx";
