/** Mean and (population) standard deviation of numbers, in float64. */
export function meanStd(values: ArrayLike<number>): { mean: number; std: number } {
  const n = Math.max(values.length, 1);
  let mean = 0;
  for (let i = 0; i < values.length; i++) mean += values[i] as number;
  mean /= n;
  let s = 0;
  for (let i = 0; i < values.length; i++) s += ((values[i] as number) - mean) ** 2;
  return { mean, std: Math.sqrt(s / n) };
}
