/**
 * Element-level diff of two ordered lists (restriction lists, named list
 * members, ACL statements, router order): elements kept in order, inserted,
 * removed, or moved (present on both sides but out of the common order).
 * Order matters in every list we diff: Postfix and Exim stop at the first
 * element that decides.
 */

export interface ListEdit<T> {
  op: "inserted" | "removed" | "moved";
  /** The element on the BEFORE side (removed, moved). */
  before?: T;
  /** The element on the AFTER side (inserted, moved). */
  after?: T;
  /** 0-based positions. */
  beforeIndex?: number;
  afterIndex?: number;
  /** For inserted and moved: the element that now follows it and was kept in place, if any. */
  nextKept?: T;
}

/**
 * Longest common subsequence of the keys gives the elements kept in place;
 * the rest are matched by key (in order of occurrence) as moves, and what
 * remains is inserted or removed. Edits are in AFTER order, removals at their BEFORE position.
 */
export function diffList<T>(before: readonly T[], after: readonly T[], key: (t: T) => string): ListEdit<T>[] {
  const a = before.map(key);
  const b = after.map(key);
  const keptA = new Array<boolean>(a.length).fill(false);
  const keptB = new Array<boolean>(b.length).fill(false);
  for (const [i, j] of lcsPairs(a, b)) {
    keptA[i] = true;
    keptB[j] = true;
  }
  const unmatchedBefore = new Map<string, number[]>();
  a.forEach((k, i) => {
    if (keptA[i]) return;
    const l = unmatchedBefore.get(k);
    if (l) l.push(i);
    else unmatchedBefore.set(k, [i]);
  });
  const nextKeptAfter = (j: number): T | undefined => {
    for (let x = j + 1; x < b.length; x++) if (keptB[x]) return after[x];
    return undefined;
  };
  const edits: ListEdit<T>[] = [];
  const movedFrom = new Set<number>();
  b.forEach((k, j) => {
    if (keptB[j]) return;
    const from = unmatchedBefore.get(k)?.shift();
    const next = nextKeptAfter(j);
    if (from !== undefined) {
      movedFrom.add(from);
      edits.push({ op: "moved", before: before[from]!, after: after[j]!, beforeIndex: from, afterIndex: j, ...(next !== undefined ? { nextKept: next } : {}) });
    } else {
      edits.push({ op: "inserted", after: after[j]!, afterIndex: j, ...(next !== undefined ? { nextKept: next } : {}) });
    }
  });
  a.forEach((_, i) => {
    if (!keptA[i] && !movedFrom.has(i)) edits.push({ op: "removed", before: before[i]!, beforeIndex: i });
  });
  return edits;
}

/** Index pairs (i, j) of one longest common subsequence of a and b. */
function lcsPairs(a: readonly string[], b: readonly string[]): [number, number][] {
  const n = a.length;
  const m = b.length;
  // len[i][j] = LCS length of a[i..] and b[j..]; on ties BEFORE's earlier elements stay in place.
  const len: number[][] = Array.from({ length: n + 1 }, () => new Array<number>(m + 1).fill(0));
  for (let i = n - 1; i >= 0; i--) {
    for (let j = m - 1; j >= 0; j--) {
      len[i]![j] = a[i] === b[j] ? len[i + 1]![j + 1]! + 1 : Math.max(len[i + 1]![j]!, len[i]![j + 1]!);
    }
  }
  const pairs: [number, number][] = [];
  let i = 0;
  let j = 0;
  while (i < n && j < m) {
    if (a[i] === b[j]) {
      pairs.push([i, j]);
      i++;
      j++;
    } else if (len[i + 1]![j]! > len[i]![j + 1]!) i++;
    else j++;
  }
  return pairs;
}

/** True when the two lists hold the same keys in the same order. */
export function sameList<T>(before: readonly T[], after: readonly T[], key: (t: T) => string): boolean {
  return before.length === after.length && before.every((t, i) => key(t) === key(after[i]!));
}

/**
 * "X removed from LIST", "X inserted into LIST before Y", "X moved before Y in LIST"
 * ("to the end" when nothing kept in place follows it).
 */
export function describeEdit<T>(edit: ListEdit<T>, label: (t: T) => string, list: string): string {
  const where = edit.nextKept !== undefined ? `before ${label(edit.nextKept)}` : "at the end";
  switch (edit.op) {
    case "removed":
      return `${label(edit.before!)} removed from ${list}`;
    case "inserted":
      return `${label(edit.after!)} inserted into ${list} ${where}`;
    case "moved":
      return `${label(edit.after!)} moved ${edit.nextKept !== undefined ? where : "to the end"} in ${list} (position ${edit.beforeIndex! + 1} → ${edit.afterIndex! + 1})`;
  }
}
