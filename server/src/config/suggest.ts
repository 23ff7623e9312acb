/** Edit distance (insertions, deletions, substitutions; an adjacent swap counts once), capped at `limit + 1`. */
export function editDistance(a: string, b: string, limit = 3): number {
  if (Math.abs(a.length - b.length) > limit) return limit + 1;
  let before: number[] = [];
  let previous = Array.from({ length: b.length + 1 }, (_, j) => j);
  for (let i = 1; i <= a.length; i++) {
    const current = [i];
    let rowMin = i;
    for (let j = 1; j <= b.length; j++) {
      const cost = a[i - 1] === b[j - 1] ? 0 : 1;
      let d = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + cost);
      if (i > 1 && j > 1 && a[i - 1] === b[j - 2] && a[i - 2] === b[j - 1]) d = Math.min(d, before[j - 2] + 1);
      current.push(d);
      rowMin = Math.min(rowMin, d);
    }
    if (rowMin > limit) return limit + 1;
    before = previous;
    previous = current;
  }
  return Math.min(previous[b.length], limit + 1);
}

/** The candidates closest to `word` (at most `limit` edits, case-insensitive): only the nearest ones, at most `count`. */
export function closest(word: string, candidates: readonly string[], limit = 2, count = 3): string[] {
  const w = word.toLowerCase();
  const scored = candidates.map((c) => ({ c, d: editDistance(w, c.toLowerCase(), limit) })).filter((x) => x.d <= limit);
  const best = Math.min(...scored.map((x) => x.d));
  return scored
    .filter((x) => x.d === best)
    .sort((x, y) => x.c.localeCompare(y.c))
    .slice(0, count)
    .map((x) => x.c);
}

/** `; did you mean 'a' or 'b'?`, or nothing when no candidate is close. */
export function didYouMean(word: string, candidates: readonly string[], limit = 2): string {
  const near = closest(word, candidates, limit);
  if (near.length === 0) return '';
  const quoted = near.map((c) => `'${c}'`);
  return `; did you mean ${quoted.length === 1 ? quoted[0] : `${quoted.slice(0, -1).join(', ')} or ${quoted[quoted.length - 1]}`}?`;
}
