import { copyFileSync, existsSync, mkdtempSync, readdirSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { backdate } from "./oracles.js";

export const repoRoot = resolve(import.meta.dirname, "../..");
export const corpusRoot = resolve(repoRoot, "../shared/corpus");

/** Directories holding a main.cf or master.cf directly under `parent`. */
export function postfixDirsUnder(parent: string): string[] {
  if (!existsSync(parent)) return [];
  return readdirSync(parent)
    .map((n) => join(parent, n))
    .filter((d) => statSync(d).isDirectory() && (existsSync(join(d, "main.cf")) || existsSync(join(d, "master.cf"))))
    .sort();
}

/** Copy a config dir's main.cf/master.cf into a fresh temp dir with old timestamps (Postfix waits on fresh files). */
export function stageConfigDir(dir: string): string {
  const tmp = mkdtempSync(join(tmpdir(), "mtalint-pf-"));
  for (const name of ["main.cf", "master.cf"]) {
    if (existsSync(join(dir, name))) copyFileSync(join(dir, name), join(tmp, name));
  }
  backdate(tmp);
  return tmp;
}
