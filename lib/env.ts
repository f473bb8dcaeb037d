import path from "node:path";

import { z } from "zod";

import { readRunningServer } from "./postgres/embedded-address";

// The environment, validated once. Read by the app, the CLI scripts and prisma.config.ts,
// which loads this file on its own: it imports nothing of the project but
// the address file of the embedded database, which imports nothing either.
const envSchema = z.object({
  DATABASE_URL: z
    .string()
    .regex(/^postgres(ql)?:\/\//, "must be a postgresql:// URL")
    .optional(),
  // Where the embedded database, demo images and thumbnails live.
  DATA_DIR: z.string().default(".data"),
  // A local folder of images (a mirror of the dataset's, or the demo's): used first.
  IMAGE_ROOT: z.string().optional(),
  // Where relative image paths live when the image root does not have them.
  IMAGE_BASE_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  // Where exports are written (lib/export/storage.ts); default DATA_DIR/exports.
  EXPORT_DIR: z.string().optional(),
  // Whether the app gzips its responses (1) or leaves that to a proxy in front of it (0).
  COMPRESS: z
    .enum(["0", "1"], { error: "must be 0 or 1" })
    .default("1")
    .transform((value) => value === "1"),
  // How long one statement of the web app may run before PostgreSQL stops it (a 503).
  STATEMENT_TIMEOUT_MS: z.coerce
    .number({ error: "must be a number of milliseconds" })
    .int()
    .min(100, { error: "must be at least 100" })
    .default(5_000),
  PORT: z.coerce.number({ error: "must be a port number" }).int().min(1).max(65535).default(3000),
  // How many processes npm start serves from, sharing the port: one renders a page at a
  // time, so a machine with more cores serves more at once. Each holds up to 10 database
  // connections. Default: one per core, at most 4.
  WEB_WORKERS: z.coerce.number({ error: "must be a number" }).int().min(1).max(64).optional(),
  // The most the thumbnail cache (DATA_DIR/thumbnails) keeps, in MB of 2^20 bytes; a
  // fraction is allowed, 0 keeps none.
  THUMBNAIL_CACHE_MB: z.coerce.number({ error: "must be a number of MB" }).min(0).default(512),
  // The largest image file the app serves or makes a thumbnail of, in MB: a bigger one is
  // refused (413) rather than decoded or sent.
  IMAGE_MAX_MB: z.coerce.number({ error: "must be a number of MB" }).positive().default(64),
  // The key that signs session cookies (lib/auth/secret.ts): required with DATABASE_URL; on
  // the embedded database one is made into DATA_DIR when unset.
  BETTER_AUTH_SECRET: z.string().min(32, { error: "must be at least 32 characters" }).optional(),
  // The app's public URL, when it is served behind a proxy or over https (Secure cookies).
  BETTER_AUTH_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  // More origins, comma-separated, that may send sign-in and other writes to the app.
  TRUSTED_ORIGINS: z.string().optional(),
  // The judge endpoint (lib/judges): any OpenAI-compatible chat-completions API, its key
  // and the vision model to ask. A run keeps the URL and model it started with; the key is
  // read by the process that runs it, never stored.
  JUDGE_BASE_URL: z.url({ protocol: /^https?$/, error: "must be an http(s) URL" }).optional(),
  JUDGE_API_KEY: z.string().optional(),
  JUDGE_MODEL: z.string().optional(),
  // Requests at once, and per minute, for one run.
  JUDGE_CONCURRENCY: z.coerce.number({ error: "must be a number" }).int().min(1).max(64).default(4),
  JUDGE_RPM: z.coerce.number({ error: "must be a number of requests a minute" }).min(1).default(60),
  // Prices in USD per 1,000 prompt and completion tokens, for a run's estimated cost.
  JUDGE_PRICE_INPUT_PER_1K: z.coerce.number({ error: "must be a price in USD" }).min(0).default(0),
  JUDGE_PRICE_OUTPUT_PER_1K: z.coerce.number({ error: "must be a price in USD" }).min(0).default(0),
  // The long side, in pixels, of a local image sent as a data URL.
  JUDGE_IMAGE_SIDE: z.coerce.number({ error: "must be a number of pixels" }).int().min(64).max(4096).default(512),
  // 1: each web process keeps the gallery's filter columns in memory (lib/data/edit-index.ts;
  // 116 MB per process for the full release's 634K edits, loaded in 5 s) and answers pages
  // and facet counts from them; 0: every one is read from PostgreSQL.
  GALLERY_INDEX: z
    .enum(["0", "1"], { error: "must be 0 or 1" })
    .default("1")
    .transform((value) => value === "1"),
  // 1: anyone may browse without signing in (never write); 0: browsing needs a viewer.
  PUBLIC_BROWSE: z
    .enum(["0", "1"], { error: "must be 0 or 1" })
    .default("0")
    .transform((value) => value === "1"),
});

export type Env = z.infer<typeof envSchema>;

export class InvalidEnvironmentError extends Error {
  constructor(message: string) {
    super(message);
    this.name = "InvalidEnvironmentError";
  }
}

let cached: Env | undefined;

// Read on first use rather than at import, so that a CLI reports a bad variable as one
// line through its own error handling.
export function env(): Env {
  cached ??= readEnv();
  return cached;
}

function readEnv(): Env {
  // An empty variable counts as unset: DATABASE_URL= selects the embedded database.
  const set = Object.fromEntries(Object.entries(process.env).filter(([, value]) => value !== ""));
  const parsed = envSchema.safeParse(set);
  if (!parsed.success) {
    const problems = parsed.error.issues.map((issue) => `${issue.path.join(".")}: ${issue.message}`);
    throw new InvalidEnvironmentError(`Invalid environment: ${problems.join("; ")}`);
  }
  return parsed.data;
}

// DATABASE_URL when set, else the embedded PostgreSQL that `npm start` serves from DATA_DIR,
// else undefined: nothing to connect to.
export const databaseUrl = (): string | undefined => env().DATABASE_URL ?? readRunningServer(dataDir())?.url;

// Runtime folders, not build inputs: the ignore comments keep Next's file tracing from
// pulling the whole project into the server bundle.
export const dataDir = () => path.resolve(/*turbopackIgnore: true*/ env().DATA_DIR);

export const thumbnailDir = () => path.join(dataDir(), "thumbnails");

const MB = 2 ** 20;
export const thumbnailCacheBytes = () => Math.floor(env().THUMBNAIL_CACHE_MB * MB);
export const maxImageBytes = () => Math.floor(env().IMAGE_MAX_MB * MB);

export const exportDir = () =>
  path.resolve(/*turbopackIgnore: true*/ env().EXPORT_DIR ?? path.join(dataDir(), "exports"));

export const imageRoot = () =>
  path.resolve(/*turbopackIgnore: true*/ env().IMAGE_ROOT ?? path.join(dataDir(), "images"));
