"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import { useState } from "react";

import { judgeRunsQueryOptions } from "@/lib/queries/judges";

import { startJudgeRun, type NewJudgeRun } from "./api";

const field = "mt-1 block w-full rounded-md border border-zinc-300 px-2 py-1.5";

// An optional count: empty leaves it to the server (its JUDGE_* setting); anything else
// goes as typed, and the server says what it cannot take.
const countOf = (text: string): number | undefined => (text.trim() === "" ? undefined : Number(text));

// A run for the worker: a filter (the gallery's query string), the judge's name its
// judgements are recorded under, and the model and limits. The endpoint is the server's.
export function NewJudgeRunForm({ filter: initialFilter }: { filter: string }) {
  const client = useQueryClient();
  const [form, setForm] = useState({
    filter: initialFilter,
    judge: "",
    model: "",
    concurrency: "",
    requestsPerMinute: "",
    limit: "",
  });
  const start = useMutation({
    mutationFn: startJudgeRun,
    onSuccess: () => client.invalidateQueries({ queryKey: judgeRunsQueryOptions().queryKey }),
  });
  const bind = (name: keyof typeof form) => ({
    name,
    value: form[name],
    onChange: (event: React.ChangeEvent<HTMLInputElement>) => setForm({ ...form, [name]: event.target.value }),
  });
  return (
    <form
      aria-label="New judge run"
      className="space-y-3 rounded-lg bg-white p-4 text-sm ring-1 ring-zinc-200"
      onSubmit={(event) => {
        event.preventDefault();
        const body: NewJudgeRun = { filter: form.filter.trim(), judge: form.judge.trim() };
        if (form.model.trim()) body.model = form.model.trim();
        for (const name of ["concurrency", "requestsPerMinute", "limit"] as const) {
          const value = countOf(form[name]);
          if (value !== undefined) body[name] = value;
        }
        start.mutate(body);
      }}
    >
      <p className="text-zinc-600">
        Every edit of the filter that this judge has not judged under the current rubric is sent to the server&apos;s
        endpoint. Each new judgement becomes its edit&apos;s current one, and so its judge verdict, unless the edit has
        a judgement by the active judge.
      </p>
      <div className="grid gap-3 sm:grid-cols-2">
        <label>
          <span className="font-medium">Filter</span>
          <input
            {...bind("filter")}
            placeholder="the gallery's query string, e.g. types=3&effective=pass (empty: every edit)"
            maxLength={10_000}
            spellCheck={false}
            className={`${field} font-mono text-xs`}
          />
        </label>
        <label>
          <span className="font-medium">Judge</span>
          <input
            {...bind("judge")}
            required
            maxLength={100}
            placeholder="a name: letters, digits and . _ - : @ /"
            spellCheck={false}
            className={field}
          />
        </label>
        <label>
          <span className="font-medium">Model</span>
          <input {...bind("model")} maxLength={200} placeholder="server default" spellCheck={false} className={field} />
        </label>
        <div className="grid grid-cols-3 gap-3">
          <label>
            <span className="font-medium">Concurrency</span>
            <input {...bind("concurrency")} type="number" min={1} placeholder="default" className={field} />
          </label>
          <label>
            <span className="font-medium">Requests per minute</span>
            <input {...bind("requestsPerMinute")} type="number" min={1} placeholder="default" className={field} />
          </label>
          <label>
            <span className="font-medium">Limit</span>
            <input {...bind("limit")} type="number" min={1} placeholder="all" className={field} />
          </label>
        </div>
      </div>
      <div className="flex flex-wrap items-center gap-3">
        <button
          type="submit"
          disabled={start.isPending}
          className="rounded-md bg-zinc-900 px-3 py-2 font-medium text-white disabled:opacity-50"
        >
          Start run
        </button>
        {start.isError ? (
          <p role="alert" className="text-rose-800">
            {start.error.message}
          </p>
        ) : start.isSuccess ? (
          <p role="status" className="text-emerald-800">
            Judge run {start.data.id} queued.
          </p>
        ) : null}
      </div>
    </form>
  );
}
