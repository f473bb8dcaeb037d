import type { CorrectionFigures } from "@/lib/data/agreement";
import { formatCoefficient, formatCount, formatRate } from "@/lib/format";
import { CRITERION_LABELS, type ScoreKey } from "@/lib/scoring/scoring";
import { agreed, cohensKappa, tableTotal, type AgreementTable } from "@/lib/stats/agreement";

// The tables of /review/stats: verdict agreement between two raters (judge and annotator,
// or two annotators) per row, and the annotators' score corrections per criterion.

export type AgreementRow = { key: string; label: string; table: AgreementTable; group?: string };

const th = "px-2 py-2 font-medium";
const td = "px-2 py-1.5 text-right tabular-nums";

function RowCells({ table }: { table: AgreementTable }) {
  const n = tableTotal(table);
  return (
    <>
      <td className={td} data-cell="n">
        {formatCount(n)}
      </td>
      <td className={td} data-cell="agreement">
        {formatRate(agreed(table), n)}
      </td>
      <td className={td} data-cell="kappa">
        {formatCoefficient(cohensKappa(table))}
      </td>
      <td className={td}>{formatCount(table.passFail)}</td>
      <td className={td}>{formatCount(table.failPass)}</td>
    </>
  );
}

// Rows with a group (an edit type's category) are shown under a line naming it.
function Rows({ rows }: { rows: AgreementRow[] }) {
  const groups = [...new Set(rows.map((row) => row.group))];
  return groups.map((group) => (
    <tbody key={group ?? ""} className="border-t border-zinc-200">
      {group ? (
        <tr className="bg-zinc-100">
          <th colSpan={6} scope="rowgroup" className="px-2 py-1.5 text-left font-medium">
            {group}
          </th>
        </tr>
      ) : null}
      {rows
        .filter((row) => row.group === group)
        .map((row) => (
          <tr key={row.key} data-row={row.key} className="border-t border-zinc-100">
            <th scope="row" className={`px-2 py-1.5 text-left font-normal ${group ? "pl-5 text-zinc-700" : ""}`}>
              {row.label}
            </th>
            <RowCells table={row.table} />
          </tr>
        ))}
    </tbody>
  ));
}

// raters: what the first and the second rater are called in the headers.
export function VerdictAgreement({
  title,
  raters,
  rows,
  testId,
}: {
  title: string;
  raters: [string, string];
  rows: AgreementRow[];
  testId: string;
}) {
  return (
    <table className="w-full text-sm" data-testid={testId}>
      <caption className="pb-2 text-left font-medium">{title}</caption>
      <thead className="text-left text-xs uppercase tracking-wide text-zinc-500">
        <tr>
          <th className={th} />
          <th className={`${th} text-right`}>Edits</th>
          <th className={`${th} text-right`}>Agreement</th>
          <th className={`${th} text-right`} title="Cohen's kappa: agreement beyond what chance gives">
            κ
          </th>
          <th className={`${th} text-right`}>
            {raters[0]} pass, {raters[1]} fail
          </th>
          <th className={`${th} text-right`}>
            {raters[0]} fail, {raters[1]} pass
          </th>
        </tr>
      </thead>
      <Rows rows={rows} />
    </table>
  );
}

const SCORE_LABELS: Record<ScoreKey, string> = { overall: "Overall", ...CRITERION_LABELS };

export function ScoreCorrections({ figures }: { figures: CorrectionFigures[] }) {
  return (
    <table className="w-full text-sm" data-testid="agreement-criteria">
      <caption className="pb-2 text-left font-medium">Score corrections</caption>
      <thead className="text-left text-xs uppercase tracking-wide text-zinc-500">
        <tr>
          <th className={th} />
          <th className={`${th} text-right`}>Corrected edits</th>
          <th className={`${th} text-right`} title="Mean of |annotator's score − judge's score|">
            Mean correction
          </th>
          <th
            className={`${th} text-right`}
            title="Spearman's rank correlation of the judge's and the annotator's scores"
          >
            Spearman
          </th>
        </tr>
      </thead>
      <tbody>
        {figures.map((figure) => (
          <tr key={figure.score} data-row={figure.score} className="border-t border-zinc-100">
            <th scope="row" className="px-2 py-1.5 text-left font-normal">
              {SCORE_LABELS[figure.score]}
            </th>
            <td className={td} data-cell="n">
              {formatCount(figure.n)}
            </td>
            <td className={td} data-cell="mean-correction">
              {formatCoefficient(figure.meanAbsoluteCorrection)}
            </td>
            <td className={td} data-cell="spearman">
              {formatCoefficient(figure.spearman)}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
