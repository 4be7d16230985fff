import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Every file under `dir` (recursively, in name order); none when `dir` cannot be read (the shared corpus may be absent). */
export function filesUnder(dir: string): string[] {
  let entries: string[];
  try {
    entries = readdirSync(dir).sort();
  } catch {
    return [];
  }
  return entries.flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesUnder(path) : [path];
  });
}
