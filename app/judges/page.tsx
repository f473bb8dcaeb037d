import { JudgeComparison } from "@/components/judges/judge-comparison";
import { JudgeList } from "@/components/judges/judge-list";
import { JudgePicker } from "@/components/judges/judge-picker";
import { JudgeRuns } from "@/components/judges/judge-runs";
import { NewJudgeRunForm } from "@/components/judges/new-judge-run-form";
import { ParamNotice } from "@/components/ui/param-problems";
import { requirePage } from "@/lib/auth/session";
import { activeJudge, compareJudges, listJudgeRuns, listJudges } from "@/lib/data/judges";
import type { ParamProblem } from "@/lib/schemas/edit-filter-params";
import { checkParams, searchParamsOf, type PageSearchParams } from "@/lib/schemas/page-params";

export const metadata = { title: "Judges" };

const PARAMS = ["a", "b", "filter"] as const;
// As GET /api/judges/compare takes them.
const MAX_JUDGE_NAME = 100;

// The link's params: two judges to compare, and a filter for the run form (the gallery's
// query string). One that cannot be read is named, and left out.
function readParams(params: URLSearchParams): { a: string; b: string; filter: string; problems: ParamProblem[] } {
  const problems = checkParams(params, PARAMS);
  for (const param of ["a", "b"] as const)
    if ((params.get(param)?.length ?? 0) > MAX_JUDGE_NAME)
      problems.push({ param, message: `is longer than ${MAX_JUDGE_NAME} characters` });
  const read = (param: (typeof PARAMS)[number]) =>
    problems.some((problem) => problem.param === param) ? "" : (params.get(param) ?? "");
  return { a: read("a"), b: read("b"), filter: read("filter"), problems };
}

// Judges, their runs and how two of them compare; an admin starts and manages runs and
// chooses which judge's verdicts count.
export default async function JudgesPage({ searchParams }: { searchParams: Promise<PageSearchParams> }) {
  const params = searchParamsOf(await searchParams);
  const user = await requirePage("VIEWER", "/judges", params);
  const isAdmin = user?.role === "ADMIN";
  const { a, b, filter, problems } = readParams(params);
  const [judges, active, runs, comparison] = await Promise.all([
    listJudges(),
    activeJudge(),
    listJudgeRuns(),
    a && b ? compareJudges(a, b) : null,
  ]);
  return (
    <div className="space-y-10">
      <header>
        <h1 className="text-2xl font-semibold tracking-tight">Judges</h1>
        <p className="mt-1 max-w-3xl text-sm text-zinc-600">
          A judge is a model behind an OpenAI-compatible endpoint, or the release&apos;s own verdicts, under a name.
          Each edit&apos;s current judgement gives its judge verdict and scores. A run sends the edits of a filter to
          the server&apos;s endpoint and records its judgements under the run&apos;s judge name.
        </p>
      </header>
      {problems.length ? <ParamNotice problems={problems} instead="those params are left out" /> : null}

      <section className="space-y-3" aria-labelledby="judges-heading">
        <h2 id="judges-heading" className="text-lg font-semibold">
          Judges
        </h2>
        <JudgeList initial={{ items: judges, ...active }} isAdmin={isAdmin} />
      </section>

      {isAdmin ? (
        <section className="space-y-3" aria-labelledby="start-heading">
          <h2 id="start-heading" className="text-lg font-semibold">
            Start a run
          </h2>
          <NewJudgeRunForm filter={filter} />
        </section>
      ) : null}

      <section className="space-y-3" aria-labelledby="runs-heading">
        <h2 id="runs-heading" className="text-lg font-semibold">
          Runs
        </h2>
        <JudgeRuns initial={runs} isAdmin={isAdmin} />
      </section>

      <section className="space-y-4" aria-labelledby="compare-heading">
        <h2 id="compare-heading" className="text-lg font-semibold">
          Compare two judges
        </h2>
        <JudgePicker judges={judges.map((judge) => judge.judge)} a={a} b={b} filter={filter} />
        {comparison ? <JudgeComparison comparison={comparison} /> : null}
      </section>
    </div>
  );
}
