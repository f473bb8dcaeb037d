"use client";

import { useMutation, useQuery, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { formatCount, formatRate, formatUtcMinute } from "@/lib/format";
import { isRunActive, judgesQueryOptions, type JudgeList as JudgeListData } from "@/lib/queries/judges";

import { makeJudgeActive } from "./api";

const th = "py-2 pr-3 font-medium";
const td = "py-1.5 pr-3 text-right tabular-nums";
const button = "rounded-md border border-zinc-300 bg-white px-3 py-1.5 hover:bg-zinc-50 disabled:opacity-50";

// The newest change of the active judge while its verdicts are derived again, or when that
// failed.
function ActivationStatus({ activation }: { activation: JudgeListData["activation"] }) {
  if (!activation || activation.status === "DONE" || activation.status === "CANCELLED") return null;
  if (activation.status === "FAILED")
    return (
      <p role="alert" className="text-sm text-rose-800">
        Deriving verdicts again for {activation.judge ?? "the newest judgements"} failed: {activation.error}
      </p>
    );
  return (
    <p role="status" className="text-sm text-sky-800" data-testid="activation-progress">
      Deriving verdicts and preference pairs again: {formatCount(activation.done)} of{" "}
      {activation.total === null ? "?" : formatCount(activation.total)} edits.
    </p>
  );
}

// What confirming a new active judge does, in the numbers the table shows: the edits of the
// new and of the old active judge are derived again.
function consequence(judge: string | null, active: string | null, edits: Map<string, number>): string {
  const judged = (name: string) => `every edit ${name} judged (${formatCount(edits.get(name) ?? 0)})`;
  const again = [judge, active].flatMap((name) => (name === null ? [] : [judged(name)])).join(" and of ");
  const first =
    judge === null
      ? "Each edit's newest judgement becomes its current one again."
      : `${judge}'s judgement becomes the current one of every edit it judged, even where another is newer.`;
  return `${first} The judge verdicts and preference pairs of ${again} are derived again in the background; human verdicts stay.`;
}

// Every judge that judged edits, and which one's verdicts are the judge verdicts; an admin
// changes that here, after a confirm step that says what it re-derives.
export function JudgeList({ initial, isAdmin }: { initial: JudgeListData; isAdmin: boolean }) {
  const client = useQueryClient();
  const { data, error } = useQuery({ ...judgesQueryOptions(), initialData: initial });
  const [choice, setChoice] = useState(initial.active ?? "");
  const [confirming, setConfirming] = useState<{ judge: string | null } | null>(null);
  const activate = useMutation({
    mutationFn: makeJudgeActive,
    onSuccess: () => setConfirming(null),
    onSettled: () => client.invalidateQueries({ queryKey: judgesQueryOptions().queryKey }),
  });
  const edits = new Map(data.items.map((item) => [item.judge, item.edits]));
  const chosen = choice === "" ? null : choice;
  const isDeriving = data.activation !== null && isRunActive(data.activation);
  return (
    <div className="space-y-3">
      {error ? (
        <p role="alert" className="text-sm text-rose-800">
          The list could not be refreshed: {error.message}
        </p>
      ) : null}
      <p className="text-sm text-zinc-600" data-testid="active-judge">
        {data.active === null ? (
          <>Judge verdicts come from each edit&apos;s newest judgement; no judge is active.</>
        ) : (
          <>
            Judge verdicts come from <span className="font-medium text-zinc-900">{data.active}</span> where it judged
            the edit, else from the edit&apos;s newest judgement.
          </>
        )}
      </p>
      <ActivationStatus activation={data.activation} />
      {data.items.length === 0 ? (
        <p className="text-sm text-zinc-600">No edit has a judgement yet.</p>
      ) : (
        <table className="w-full text-sm" data-testid="judges">
          <thead className="text-left text-xs uppercase tracking-wide text-zinc-500">
            <tr>
              <th className={th}>Judge</th>
              <th className={`${th} text-right`}>Edits judged</th>
              <th className={`${th} text-right`}>With criteria</th>
              <th className={`${th} text-right`}>Pass rate</th>
              <th className={th}>Last judged</th>
            </tr>
          </thead>
          <tbody className="divide-y divide-zinc-200">
            {data.items.map((item) => (
              <tr key={item.judge} data-judge={item.judge}>
                <td className="py-1.5 pr-3">
                  <span className="break-all font-medium">{item.judge}</span>
                  {item.judge === data.active ? (
                    <span className="ml-2 rounded bg-sky-100 px-1.5 py-0.5 text-xs text-sky-800">active</span>
                  ) : null}
                </td>
                <td className={td} data-cell="edits">
                  {formatCount(item.edits)}
                </td>
                <td className={td} data-cell="scored">
                  {formatCount(item.scored)}
                </td>
                <td className={td} data-cell="pass-rate" title={`${formatCount(item.passed)} passed`}>
                  {formatRate(item.passed, item.edits)}
                </td>
                <td className="py-1.5 pr-3 text-zinc-600">{formatUtcMinute(item.lastAt)}</td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
      {isAdmin && data.items.length > 0 ? (
        <form
          aria-label="Active judge"
          className="flex flex-wrap items-end gap-3 text-sm"
          onSubmit={(event) => {
            event.preventDefault();
            activate.reset();
            setConfirming({ judge: chosen });
          }}
        >
          <label>
            <span className="font-medium">Judge verdicts from</span>
            <select
              value={choice}
              onChange={(event) => {
                setChoice(event.target.value);
                setConfirming(null);
              }}
              className="mt-1 block rounded-md border border-zinc-300 bg-white px-2 py-1.5"
            >
              <option value="">newest judgement</option>
              {data.items.map((item) => (
                <option key={item.judge} value={item.judge}>
                  {item.judge}
                </option>
              ))}
            </select>
          </label>
          <button type="submit" className={button} disabled={chosen === data.active || isDeriving}>
            Make active…
          </button>
        </form>
      ) : null}
      {confirming ? (
        <div
          role="alertdialog"
          aria-label="Confirm the active judge"
          className="space-y-2 rounded-lg border border-amber-300 bg-amber-50 p-4 text-sm"
        >
          <p>{consequence(confirming.judge, data.active, edits)}</p>
          <div className="flex gap-2">
            <button
              type="button"
              className="rounded-md bg-zinc-900 px-3 py-1.5 font-medium text-white disabled:opacity-50"
              disabled={activate.isPending}
              onClick={() => activate.mutate(confirming.judge)}
            >
              {confirming.judge === null ? "Use the newest judgements" : `Make ${confirming.judge} active`}
            </button>
            <button type="button" className={button} onClick={() => setConfirming(null)}>
              Cancel
            </button>
          </div>
        </div>
      ) : null}
      {activate.isError ? (
        <p role="alert" className="text-sm text-rose-800">
          {activate.error.message}
        </p>
      ) : null}
    </div>
  );
}
