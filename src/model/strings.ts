/**
 * A string with the same characters that holds no reference to the text it
 * came from. A value or name cut from a file (String.prototype.slice, a
 * regular expression match) may be a slice that keeps the whole file alive;
 * a key that a per-process cache keeps from one host of a fleet to the next
 * must not keep every host's file. Made for the few keys such caches insert,
 * not for every lookup.
 */
export function ownCopy(s: string): string {
  // " " + s is flattened into a fresh string when sliced; the slice refers to that string only.
  return ` ${s}`.slice(1);
}
