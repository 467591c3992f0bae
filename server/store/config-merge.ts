// Three-way merge of the config document, for several hubs saving it at once (PostgreSQL store).
// Each hub saves the WHOLE document (server/app/config-doc.ts): sites, users, devices, sessions (a
// login is a save)… A blind write would drop what another hub saved meanwhile, so a save that finds
// a newer version merges: base = the version this hub's document came from, mine = what it saves,
// theirs = what is stored now.
// - A value mine did not change (deep-equal to base) is theirs; one theirs did not change is mine.
// - Arrays whose elements are all objects with a key (`id`; sessions `tokenHash`; pairing codes
//   `codeHash`) merge by key: an element mine added, changed or removed is applied to theirs; one
//   theirs added is kept; an element present in both and changed on both merges field by field.
//   A removal wins over a change on the other side (a revoked device or ended session stays so).
//   Order: theirs', then mine's additions in mine's order.
// - Plain objects merge key by key the same way; any other value changed on both sides: mine.
// Pure, no I/O; unit-tested in config-merge.test.ts.

const KEYS = ['id', 'tokenHash', 'codeHash'] as const;

function isObj(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

export function deepEqual(a: unknown, b: unknown): boolean {
  if (a === b) return true;
  if (typeof a !== typeof b || a === null || b === null || typeof a !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  if (Array.isArray(a)) {
    const bb = b as unknown[];
    return a.length === bb.length && a.every((x, i) => deepEqual(x, bb[i]));
  }
  const ao = a as Record<string, unknown>, bo = b as Record<string, unknown>;
  const ak = Object.keys(ao).filter((k) => ao[k] !== undefined), bk = Object.keys(bo).filter((k) => bo[k] !== undefined);
  return ak.length === bk.length && ak.every((k) => deepEqual(ao[k], bo[k]));
}

/** The key field shared by every element of the arrays, or null when they are not keyed objects. */
function keyOf(...arrays: unknown[][]): string | null {
  const all = arrays.flat();
  if (all.length === 0) return null;
  for (const k of KEYS) if (all.every((e) => isObj(e) && typeof e[k] === 'string')) return k;
  return null;
}

function mergeKeyed(key: string, base: Record<string, unknown>[], mine: Record<string, unknown>[], theirs: Record<string, unknown>[]): unknown[] {
  const b = new Map(base.map((e) => [e[key] as string, e]));
  const m = new Map(mine.map((e) => [e[key] as string, e]));
  const t = new Map(theirs.map((e) => [e[key] as string, e]));
  const out: unknown[] = [];
  for (const [k, te] of t) {
    const be = b.get(k), me = m.get(k);
    if (be !== undefined && me === undefined) continue; // mine removed it
    if (me === undefined) { out.push(te); continue; } // theirs added it (or mine never had it)
    out.push(mergeValue(be, me, te));
  }
  for (const [k, me] of m) {
    if (t.has(k)) continue;
    if (b.has(k)) continue; // theirs removed it: the removal wins
    out.push(me); // mine added it
  }
  return out;
}

function mergeValue(base: unknown, mine: unknown, theirs: unknown): unknown {
  if (deepEqual(mine, base)) return theirs;
  if (deepEqual(theirs, base) || deepEqual(mine, theirs)) return mine;
  if (Array.isArray(mine) && Array.isArray(theirs)) {
    const b = Array.isArray(base) ? base : [];
    const key = keyOf(b, mine, theirs);
    if (key) return mergeKeyed(key, b as Record<string, unknown>[], mine as Record<string, unknown>[], theirs as Record<string, unknown>[]);
    return mine;
  }
  if (isObj(mine) && isObj(theirs)) {
    const b = isObj(base) ? base : {};
    const out: Record<string, unknown> = {};
    for (const k of new Set([...Object.keys(theirs), ...Object.keys(mine)])) {
      const inMine = k in mine && mine[k] !== undefined, inTheirs = k in theirs && theirs[k] !== undefined, inBase = k in b && b[k] !== undefined;
      if (!inMine && inBase) continue; // mine removed the field
      if (!inTheirs && inBase && deepEqual(mine[k], b[k])) continue; // theirs removed it, mine left it
      const v = !inTheirs ? mine[k] : !inMine ? theirs[k] : mergeValue(b[k], mine[k], theirs[k]);
      if (v !== undefined) out[k] = v;
    }
    return out;
  }
  return mine;
}

/**
 * Merge two descendants of `base`: what `mine` changed, applied to `theirs`. `base` null: mine's
 * history is unknown (a fresh hub): keyed arrays are unions, other fields mine.
 */
export function mergeConfig<T extends object>(base: T | null, mine: T, theirs: T): T {
  return mergeValue(base ?? {}, mine, theirs) as T;
}
