// Shown while the taxonomy figures load on navigation: they aggregate every edit. Only here:
// a loading boundary above a page that can call notFound() would answer its 404 as a 200.
export default function Loading() {
  return (
    <p className="animate-pulse text-sm text-zinc-500" role="status">
      Loading…
    </p>
  );
}
