// The demo's people, one per role and a second annotator, with passwords that the README
// lists: demo data only, as a database filled by import has no user but those an admin
// makes. Plain data with no imports, so that the e2e specs can sign in as them.
export type DemoUser = { email: string; name: string; role: "VIEWER" | "ANNOTATOR" | "ADMIN"; password: string };

export const DEMO_USERS: DemoUser[] = [
  { email: "admin@demo.local", name: "Ada Admin", role: "ADMIN", password: "pico-demo-admin" },
  { email: "alice@demo.local", name: "Alice Annotator", role: "ANNOTATOR", password: "pico-demo-alice" },
  { email: "bob@demo.local", name: "Bob Annotator", role: "ANNOTATOR", password: "pico-demo-bob1" },
  { email: "viewer@demo.local", name: "Vic Viewer", role: "VIEWER", password: "pico-demo-viewer" },
];
