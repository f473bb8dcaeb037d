import Link from "next/link";

// Any path or record that does not exist: an unknown URL, an edit or sequence id that no
// row has (pages call notFound()).
export default function NotFound() {
  return (
    <div className="max-w-xl rounded-lg border border-zinc-200 bg-white p-6">
      <h1 className="text-lg font-semibold">Not found</h1>
      <p className="mt-2 text-sm text-zinc-600">
        Nothing lives at this address: the link may be mistyped, or the edit or sequence it names is not in this
        dataset.
      </p>
      <p className="mt-4 text-sm">
        <Link href="/edits" className="underline">
          Open the gallery
        </Link>{" "}
        or{" "}
        <Link href="/" className="underline">
          the overview
        </Link>
        .
      </p>
    </div>
  );
}
