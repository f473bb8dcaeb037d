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
