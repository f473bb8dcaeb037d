// none: what a missing verdict is called; a human's is "not reviewed".
export function VerdictBadge({ verdict, none = "not judged" }: { verdict: "PASS" | "FAIL" | null; none?: string }) {
  if (!verdict)
    return <span className="rounded bg-zinc-100 px-1.5 py-0.5 text-xs font-medium text-zinc-600">{none}</span>;
  const pass = verdict === "PASS";
  return (
    <span
      className={`rounded px-1.5 py-0.5 text-xs font-medium ${pass ? "bg-emerald-100 text-emerald-800" : "bg-rose-100 text-rose-800"}`}
    >
      {pass ? "pass" : "fail"}
    </span>
  );
}
