/** Runs the built mtalint binary as a user would (test/global-setup.ts builds it first). */
import { spawnSync } from "node:child_process";
import { join, resolve } from "node:path";
import { expect } from "vitest";

export const repoRoot = resolve(import.meta.dirname, "../..");
export const BIN = join(repoRoot, "dist/src/cli/bin.js");
export const fixtures = "test/fixtures/cli";

export interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

export function mtalint(args: string[], options: { cwd?: string; env?: Record<string, string> } = {}): Run {
  const env: Record<string, string | undefined> = { ...process.env };
  // The colour tests set these on purpose; nothing else may inherit them.
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  const r = spawnSync(process.execPath, [BIN, ...args], { cwd: options.cwd ?? repoRoot, encoding: "utf8", env: { ...env, ...options.env } });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** Exit 2, nothing on stdout, one line on stderr matching `message`, no stack trace. */
export function expectUsageError(r: Run, message: string | RegExp): void {
  expect(r.stdout).toBe("");
  expect(r.stderr.trimEnd().split("\n")).toHaveLength(1);
  if (typeof message === "string") expect(r.stderr).toBe(`mtalint: ${message}\n`);
  else expect(r.stderr).toMatch(message);
  expect(r.stderr).not.toMatch(/^\s+at /m);
  expect(r.code).toBe(2);
}
