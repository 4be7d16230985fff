/**
 * vitest globalSetup: the CLI tests run the built binary (dist/src/cli/bin.js)
 * as a user would, so build once before any test file when dist is missing
 * or older than a source file.
 */
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, statSync } from "node:fs";
import { join } from "node:path";

const root = join(import.meta.dirname, "..");
export const BIN = join(root, "dist", "src", "cli", "bin.js");

function newestSource(dir: string): number {
  let newest = 0;
  for (const e of readdirSync(dir, { withFileTypes: true })) {
    const p = join(dir, e.name);
    if (e.isDirectory()) newest = Math.max(newest, newestSource(p));
    else if (e.name.endsWith(".ts") || e.name.endsWith(".json")) newest = Math.max(newest, statSync(p).mtimeMs);
  }
  return newest;
}

export default function setup(): void {
  const sources = Math.max(...["src", "rules", "grammars"].map((d) => newestSource(join(root, d))));
  if (existsSync(BIN) && statSync(BIN).mtimeMs >= sources) return;
  const r = spawnSync(process.execPath, [join(root, "node_modules", "typescript", "bin", "tsc"), "-p", join(root, "tsconfig.json")], {
    encoding: "utf8",
  });
  // tsc still emits when another part of the tree has type errors; the CLI tests then say what broke.
  if (r.status !== 0) process.stderr.write(`global-setup: tsc reported errors:\n${r.stdout}${r.stderr}`);
  if (!existsSync(BIN)) throw new Error(`global-setup: build did not produce ${BIN}`);
}
