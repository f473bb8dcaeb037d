-- Facet counts group edits by these five columns at once. Without statistics on their
-- combination the planner multiplies their distinct counts (about 63,000 groups over
-- the full release, where there are about 100), and does not aggregate in parallel
-- workers; with them a full-release count takes 76 ms instead of 127 ms on 2 cores.
CREATE STATISTICS "Edit_facets_stats" (ndistinct) ON "editTypeId", "origin", "judgeVerdict", "humanVerdict", "effectiveVerdict" FROM "Edit";
