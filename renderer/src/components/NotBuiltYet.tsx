export function NotBuiltYet({ page }: { page: string }) {
  return (
    <section className="page">
      <h1>{page}</h1>
      <div className="notice" role="status">
        This screen is not built yet. Nothing here is real data; it arrives with its own work item.
      </div>
    </section>
  );
}
