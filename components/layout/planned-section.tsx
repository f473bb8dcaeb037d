// A section of the app that is not built yet: says plainly what will be there.
export function PlannedSection({ title, children }: { title: string; children: React.ReactNode }) {
  return (
    <section className="max-w-2xl">
      <h1 className="text-2xl font-semibold tracking-tight">{title}</h1>
      <div className="mt-4 rounded-lg border border-dashed border-zinc-300 bg-white p-6 text-sm leading-6 text-zinc-600">
        <p className="mb-2 font-medium text-zinc-800">Not built yet. This section will hold:</p>
        {children}
      </div>
    </section>
  );
}
