import Form from "next/form";

const field = "mt-1 block w-56 rounded-md border border-zinc-300 bg-white px-2 py-1.5";

function JudgeSelect({ name, label, judges, value }: { name: string; label: string; judges: string[]; value: string }) {
  // A judge named in the link but without judgements stays choosable, so the link reads back.
  const options = value && !judges.includes(value) ? [value, ...judges] : judges;
  return (
    <label>
      <span className="font-medium">{label}</span>
      <select key={value} name={name} defaultValue={value} required className={field}>
        <option value="" disabled>
          choose a judge
        </option>
        {options.map((judge) => (
          <option key={judge} value={judge}>
            {judge}
          </option>
        ))}
      </select>
    </label>
  );
}

// Two judges to compare, as the link's ?a=&b= (a GET form: the comparison is a shareable
// link, and the page's other param, the run form's filter, goes along).
export function JudgePicker({ judges, a, b, filter }: { judges: string[]; a: string; b: string; filter: string }) {
  return (
    <Form action="/judges" aria-label="Compare judges" className="flex flex-wrap items-end gap-3 text-sm">
      <JudgeSelect name="a" label="Judge A" judges={judges} value={a} />
      <JudgeSelect name="b" label="Judge B" judges={judges} value={b} />
      {filter ? <input type="hidden" name="filter" value={filter} /> : null}
      <button type="submit" className="rounded-md bg-zinc-900 px-3 py-2 font-medium text-white">
        Compare
      </button>
    </Form>
  );
}
