/** Release numbers as Postfix and Exim write them ("3.10", "4.96", "3.7.11"), compared field by field. */

/** Negative, zero or positive as `a` is older than, the same as or newer than `b` ("3.10" is newer than "3.9"). */
export function compareVersions(a: string, b: string): number {
  const x = versionFields(a);
  const y = versionFields(b);
  for (let i = 0; i < Math.max(x.length, y.length); i++) {
    const d = (x[i] ?? 0) - (y[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}

/** Rules compare the same few release numbers for every host of a fleet: each is split once. */
const fields = new Map<string, readonly number[]>();
function versionFields(v: string): readonly number[] {
  let f = fields.get(v);
  if (f === undefined) {
    if (fields.size >= 1024) fields.clear();
    fields.set(v, (f = v.split(".").map(Number)));
  }
  return f;
}

export function isVersion(text: string): boolean {
  return /^\d+\.\d+(\.\d+)*$/.test(text);
}

/** The release line of a version: "3.7.11" → "3.7"; "4.80.1" → "4.80". */
export function releaseLine(version: string): string {
  return version.split(".").slice(0, 2).join(".");
}

/** True when `version` is at or after `since` (undefined `since`: always). */
export function atOrAfter(version: string, since: string | undefined): boolean {
  return since === undefined || compareVersions(version, since) >= 0;
}
