const KEYS: [string, string][] = [
  ["P", "pass"],
  ["F", "fail"],
  ["S", "skip: give the edit back to the queue"],
  ["U", "undo your last verdict of this session"],
  ["N", "write a note (Esc returns to the keys)"],
  ["1-4", "pick a criterion"],
  ["↑ → / ↓ ←", "raise or lower it by 0.05 (with Shift: 0.01)"],
  ["Enter", "confirm the verdict of the corrected scores"],
  ["?", "show or hide these keys"],
];

export function KeyHelp({ onClose }: { onClose: () => void }) {
  return (
    <div role="dialog" aria-label="Keys" className="rounded-md bg-white p-4 text-sm shadow ring-1 ring-zinc-200">
      <dl className="grid grid-cols-[6rem_1fr] gap-1">
        {KEYS.map(([keys, what]) => (
          <div key={keys} className="contents">
            <dt>
              <kbd className="rounded bg-zinc-100 px-1">{keys}</kbd>
            </dt>
            <dd>{what}</dd>
          </div>
        ))}
      </dl>
      <button type="button" onClick={onClose} className="mt-2 text-zinc-600 underline">
        Close
      </button>
    </div>
  );
}
