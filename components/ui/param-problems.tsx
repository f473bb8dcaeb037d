import type { ParamProblem } from "@/lib/schemas/edit-filter-params";

// The params of a link that could not be read, each with what is wrong with it.
export function ParamProblems({ problems }: { problems: ParamProblem[] }) {
  return (
    <ul className="mt-2 list-disc pl-5">
      {problems.map((problem) => (
        <li key={problem.param}>
          <code>{problem.param}</code>: {problem.message}
        </li>
      ))}
    </ul>
  );
}

// A page's note that its link could not be read in full, and what it shows instead.
export function ParamNotice({ problems, instead }: { problems: ParamProblem[]; instead: string }) {
  return (
    <div className="rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm" role="alert">
      This link has params the page cannot read, so {instead}:
      <ParamProblems problems={problems} />
    </div>
  );
}
