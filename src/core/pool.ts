/** Runs `work` over `items`, at most `jobs` at a time, in order of start; stops starting new ones once `signal` aborts. */
export async function runPool<T>(items: readonly T[], jobs: number, work: (item: T) => Promise<void>, signal?: AbortSignal): Promise<void> {
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < items.length && !signal?.aborted) await work(items[next++] as T);
  };
  await Promise.all(Array.from({ length: Math.min(jobs, items.length) }, worker));
}
