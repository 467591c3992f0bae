// Search of a catalogue: every word of the query must begin a word of the procedure's name, code
// or field, diacritic- and case-insensitively ("dang ky khai sinh", "khai sinh", "ĐĂNG KÝ" all find
// "Đăng ký khai sinh"). Ranked: words found in the name in order, then earlier in the name, then by name.
import { words } from '../../common/procedures.js';

export interface Indexed { nameWords: string[]; otherWords: string[]; name: string }

export function indexOf(p: { code: string; name: string; field: { name: string } }): Indexed {
  return { nameWords: words(p.name), otherWords: [...words(p.code), p.code.toLowerCase(), ...words(p.field.name)], name: p.name };
}

/** A score (higher is better) or null when the query does not match. */
export function matchScore(ix: Indexed, query: string[]): number | null {
  if (query.length === 0) return 0;
  let score = 0;
  let lastPos = -1;
  let inOrder = true;
  const used = new Set<number>();
  for (const q of query) {
    let pos = -1;
    for (let i = 0; i < ix.nameWords.length; i++) {
      if (!used.has(i) && ix.nameWords[i]!.startsWith(q)) { pos = i; break; }
    }
    if (pos >= 0) {
      used.add(pos);
      if (pos < lastPos) inOrder = false;
      lastPos = pos;
      score += ix.nameWords[pos] === q ? 3 : 2;
      score -= pos * 0.01;
      continue;
    }
    if (ix.otherWords.some((w) => w.startsWith(q))) { score += 1; continue; }
    return null;
  }
  if (inOrder) score += 1;
  return score;
}

export function search<T extends { ix: Indexed }>(items: T[], q: string): T[] {
  const query = words(q);
  const scored: { item: T; score: number }[] = [];
  for (const item of items) {
    const s = matchScore(item.ix, query);
    if (s !== null) scored.push({ item, score: s });
  }
  return scored.sort((a, b) => b.score - a.score || a.item.ix.name.localeCompare(b.item.ix.name, 'vi')).map((x) => x.item);
}
