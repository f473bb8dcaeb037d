import "server-only";

import { getAgreement } from "./agreement";
import { loadGalleryIndex } from "./edit-index";
import { getPreferenceCounts } from "./preferences";
import { getHomeStats } from "./stats";
import { getTaxonomyStats } from "./taxonomy-stats";

// What a web process's pages read from its own memory, loaded before the process takes
// connections (scripts/serve.ts): the gallery index and the figures cached until their
// tables change (lib/data/changes.ts). Each is loaded on first use otherwise, and at full
// size the first overview, taxonomy and preferences pages of a new process took about a
// second each, while its gallery index loaded under the first requests' feet: the first
// 10 s of bench:browse's load reached a process that had served nothing yet, at 17
// requests/s and a p95 of 8.5 s (docs/performance.md, "Session 16"). A figure that fails
// to load is logged and left to its first page, which shows the error.
export async function warmUp(): Promise<void> {
  const loads = {
    "gallery index": loadGalleryIndex(),
    "overview figures": getHomeStats(),
    "taxonomy figures": getTaxonomyStats(),
    "preference counts": getPreferenceCounts(),
    "review agreement": getAgreement(),
  };
  await Promise.all(
    Object.entries(loads).map(([name, load]) =>
      load.then(
        () => undefined,
        (error: Error) => console.error(`warm-up: cannot load the ${name} (${error.message})`),
      ),
    ),
  );
}
