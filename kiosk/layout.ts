// Layout arithmetic of the kiosk grid, kept apart from the components so that it can be unit tested.
/** Columns that maximise the size of a cell of about `aspect`:1 in a width x height area. */
export function bestColumns(n: number, width: number, height: number, gap = 16, aspect = 1.7): number {
  let best = 1, bestScore = -1;
  for (let c = 1; c <= Math.max(1, n); c++) {
    const rows = Math.ceil(n / c);
    const w = (width - gap * (c - 1)) / c;
    const h = (height - gap * (rows - 1)) / rows;
    const score = Math.min(w / aspect, h);
    if (score > bestScore) { bestScore = score; best = c; }
  }
  return best;
}
