/** The charts' smoothing, apart from the DOM (tested in Node). */

/** `ys` smoothed by an exponential moving average of weight `w` (0: unchanged), debiased as TensorBoard does. */
export function smooth(ys: readonly (number | null)[], w: number): (number | null)[] {
  if (w <= 0) return [...ys];
  let last = 0;
  let n = 0;
  return ys.map((y) => {
    if (y === null) return null;
    last = last * w + (1 - w) * y;
    n += 1;
    return last / (1 - w ** n);
  });
}
