// Samples the process RSS while something runs, for "memory stays flat" assertions on large uploads.
export async function peakRssGrowth<T>(
  run: () => Promise<T>,
  everyMs = 10,
): Promise<{ result: T; growthBytes: number }> {
  const baseline = process.memoryUsage().rss;
  let peak = baseline;
  const timer = setInterval(() => {
    peak = Math.max(peak, process.memoryUsage().rss);
  }, everyMs);
  try {
    const result = await run();
    peak = Math.max(peak, process.memoryUsage().rss);
    return { result, growthBytes: peak - baseline };
  } finally {
    clearInterval(timer);
  }
}
