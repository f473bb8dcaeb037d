// npm run judge -- --filter QUERY --judge NAME [...]: judge the edits of a filter with a model.
import { parseArgs } from "node:util";

import pg from "pg";

import { failureText } from "@/lib/cli/errors";
import { startProgress } from "@/lib/cli/progress";
import { env } from "@/lib/env";
import { judgeRunInputSchema, JudgeSetupError, resolveJudgeRun, type JudgeRunInput } from "@/lib/judges/options";
import { createJudgeRun, requeueJudgeRun, runJudge, type JudgeProgress } from "@/lib/judges/run";
import { openDatabase } from "@/lib/postgres/open";
import type { EditFilter } from "@/lib/schemas/edit-filter";
import { parseFilterText } from "@/lib/schemas/filter-text";

const USAGE = `Usage: npm run judge -- --filter QUERY --judge NAME [--model M] [--base-url URL]
                         [--concurrency N] [--rpm N] [--limit N] [--json]
       npm run judge -- --resume RUN [--json]

Sends each edit of a gallery filter (source image, output image, long instruction) to a
vision model behind an OpenAI-compatible endpoint, reads its four criteria and writes the
judgement (overall and verdict by the project's scoring) under the judge's name. Edits this
judge has judged under the current rubric are skipped, so a run stopped (Ctrl-C) or killed
resumes where it stopped: --resume RUN.

  --filter Q        the gallery's query string, its whole URL, or the filter as JSON; ""
                    for every edit
  --judge NAME      the name the judgements carry
  --model M         the model (default JUDGE_MODEL)
  --base-url URL    the endpoint (default JUDGE_BASE_URL); the key is JUDGE_API_KEY
  --concurrency N   requests at once (default JUDGE_CONCURRENCY, 4)
  --rpm N           requests a minute (default JUDGE_RPM, 60)
  --limit N         judge at most N edits
  --resume RUN      go on with run RUN where it stopped
  --json            print the summary as one JSON object
  --help            show this text

Exit status: 0 the run finished (the edits it could not judge are kept with why, in
JudgeFailure), 1 it failed or was stopped, 2 bad usage or an invalid filter.`;

function usageError(message: string): never {
  process.stderr.write(`judge: ${message}\n\n${USAGE}\n`);
  process.exit(2);
}

async function main() {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        filter: { type: "string" },
        judge: { type: "string" },
        model: { type: "string" },
        "base-url": { type: "string" },
        concurrency: { type: "string" },
        rpm: { type: "string" },
        limit: { type: "string" },
        resume: { type: "string" },
        json: { type: "boolean" },
        help: { type: "boolean" },
      },
      strict: true,
    });
  } catch (error) {
    usageError((error as Error).message);
  }
  const { values } = parsed;
  if (values.help) {
    process.stdout.write(`${USAGE}\n`);
    return;
  }
  let resume: number | null = null;
  let fresh: { filter: EditFilter; query: string; input: JudgeRunInput } | null = null;
  if (values.resume !== undefined) {
    resume = Number(values.resume);
    if (!Number.isInteger(resume) || resume < 1) usageError(`--resume must be a run number, got "${values.resume}"`);
  } else {
    if (values.filter === undefined) usageError(`--filter is missing (use --filter "" for every edit)`);
    const filter = parseFilterText(values.filter);
    if (!filter.ok) usageError(filter.problems.map((problem) => `${problem.param}: ${problem.message}`).join("; "));
    const input = judgeRunInputSchema.safeParse({
      judge: values.judge,
      model: values.model,
      baseUrl: values["base-url"],
      concurrency: values.concurrency,
      requestsPerMinute: values.rpm,
      limit: values.limit,
    });
    if (!input.success)
      usageError(
        input.error.issues
          .map((issue) =>
            issue.path[0] === "judge" && values.judge === undefined ? "--judge is missing" : issue.message,
          )
          .join("; "),
      );
    fresh = { filter: filter.filter, query: filter.query, input: input.data };
  }

  const database = await openDatabase();
  const pool = new pg.Pool({ connectionString: database.url, max: 4 });
  const stop = new AbortController();
  process.once("SIGINT", () => {
    process.stderr.write("\njudge: stopping; what is judged stays, --resume goes on\n");
    stop.abort();
  });
  let progress: ReturnType<typeof startProgress> | null = null;
  try {
    let id: number;
    if (fresh) {
      const setup = resolveJudgeRun(fresh.input);
      id = await createJudgeRun(pool, {
        judge: fresh.input.judge,
        model: setup.model,
        baseUrl: setup.baseUrl,
        filter: fresh.filter,
        query: fresh.query,
        options: setup.options,
        userId: null,
      });
    } else {
      id = resume as number;
      const { rows } = await pool.query<{ status: string }>(`SELECT "status" FROM "JudgeRun" WHERE "id" = $1`, [id]);
      if (!rows[0]) usageError(`--resume: there is no run ${id}`);
      if (rows[0].status === "DONE") usageError(`--resume: run ${id} has finished`);
      if (rows[0].status !== "QUEUED" && !(await requeueJudgeRun(pool, id)))
        usageError(`--resume: run ${id} is running in another process`);
    }
    const done = (p: JudgeProgress) => p.skipped + p.judged + p.failed;
    const result = await runJudge(pool, id, {
      apiKey: env().JUDGE_API_KEY,
      signal: stop.signal,
      stopReason: "stopped from the terminal",
      onStart: (p) => {
        progress = startProgress(`Judge run ${id}`, p.total);
        progress.update(done(p));
      },
      onProgress: (p) => progress?.update(done(p)),
    });
    (progress as ReturnType<typeof startProgress> | null)?.stop();
    if (!result) {
      process.stderr.write(`judge: run ${id} is running in another process\n`);
      process.exitCode = 1;
      return;
    }
    const summary = { run: id, ...result };
    if (values.json) process.stdout.write(`${JSON.stringify(summary)}\n`);
    else
      process.stdout.write(
        `run ${id}: ${result.status.toLowerCase()}: ${result.judged} judged, ${result.failed} failed, ` +
          `${result.skipped} judged before; ${result.requests} requests, ` +
          `${result.promptTokens + result.completionTokens} tokens, about $${result.costUsd.toFixed(4)}` +
          (result.error ? ` (${result.error})` : "") +
          (result.status === "DONE" ? "" : `\nresume: npm run judge -- --resume ${id}`) +
          "\n",
      );
    process.exitCode = result.status === "DONE" ? 0 : 1;
  } finally {
    await pool.end();
    await database.close();
  }
}

main().catch((error) => {
  if (error instanceof JudgeSetupError) usageError(error.message);
  process.stderr.write(`judge: ${failureText(error)}\n`);
  process.exit(1);
});
