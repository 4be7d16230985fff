/** "Did you mean" for parameter names, by edit distance (fastest-levenshtein). */
import { distance } from "fastest-levenshtein";

/** Candidates grouped by length, per candidate array: a main.cf with 100,000 unknown names asks 100,000 times. */
const byLengthCache = new WeakMap<readonly string[], { size: number; groups: Map<number, string[]> }>();

function groupsByLength(candidates: Iterable<string>): Map<number, string[]> {
  const array = Array.isArray(candidates) ? (candidates as readonly string[]) : undefined;
  const hit = array ? byLengthCache.get(array) : undefined;
  if (hit && hit.size === array!.length) return hit.groups;
  const groups = new Map<number, string[]>();
  for (const c of candidates) {
    const g = groups.get(c.length);
    if (g) g.push(c);
    else groups.set(c.length, [c]);
  }
  if (array) byLengthCache.set(array, { size: array.length, groups });
  return groups;
}

export function closestName(name: string, candidates: Iterable<string>): string | undefined {
  const limit = Math.max(2, Math.floor(name.length / 5));
  const groups = groupsByLength(candidates);
  let best: string | undefined;
  let bestDistance = Infinity;
  // Only names within `limit` of this length can be within `limit` edits.
  for (let len = Math.max(0, name.length - limit); len <= name.length + limit; len++) {
    for (const c of groups.get(len) ?? []) {
      const d = distance(name, c);
      if (d < bestDistance || (d === bestDistance && best !== undefined && c < best)) {
        best = c;
        bestDistance = d;
      }
    }
  }
  return bestDistance <= limit ? best : undefined;
}
