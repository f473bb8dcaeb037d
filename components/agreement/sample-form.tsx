"use client";

import { useActionState } from "react";

import { sendSample, type SampleResult } from "@/app/review/stats/actions";
import { MAX_SAMPLE } from "@/lib/schemas/assignment";

const field = "mt-1 block w-full rounded-md border border-zinc-300 px-2 py-1.5";

// An admin's form: a random sample of reviewed edits, of one edit type or any, sent to an
// annotator who reviews them without seeing the verdicts already given.
export function SampleForm({
  annotators,
  categories,
}: {
  annotators: { id: number; name: string; email: string }[];
  categories: { id: number; name: string; types: { id: number; name: string }[] }[];
}) {
  const [result, submit, pending] = useActionState<SampleResult | null, FormData>(sendSample, null);
  return (
    <form
      action={submit}
      className="grid gap-3 sm:grid-cols-4 sm:items-end"
      aria-label="Send a sample for second review"
    >
      <label className="text-sm">
        <span className="font-medium">Annotator</span>
        <select name="userId" required className={field}>
          {annotators.map((annotator) => (
            <option key={annotator.id} value={annotator.id}>
              {annotator.name} ({annotator.email})
            </option>
          ))}
        </select>
      </label>
      <label className="text-sm">
        <span className="font-medium">Edits</span>
        <input name="count" type="number" min={1} max={MAX_SAMPLE} defaultValue={20} required className={field} />
      </label>
      <label className="text-sm">
        <span className="font-medium">Edit type</span>
        <select name="editTypeId" defaultValue="" className={field}>
          <option value="">any</option>
          {categories.map((category) => (
            <optgroup key={category.id} label={category.name}>
              {category.types.map((type) => (
                <option key={type.id} value={type.id}>
                  {type.name}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </label>
      <button
        type="submit"
        disabled={pending}
        className="rounded-md bg-zinc-900 px-3 py-2 text-sm font-medium text-white disabled:opacity-50"
      >
        Send
      </button>
      {result ? (
        <p
          role={result.ok ? "status" : "alert"}
          className={`text-sm sm:col-span-4 ${result.ok ? "text-emerald-800" : "text-rose-800"}`}
        >
          {result.message}
        </p>
      ) : null}
    </form>
  );
}
