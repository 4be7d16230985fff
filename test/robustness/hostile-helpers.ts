/**
 * Shared by the hostile-input tests: temp trees, the CLI with a hard timeout
 * and a time bound, and a way to make a read really fail when tests run as root.
 */
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, realpathSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { expect } from "vitest";
import { BIN, repoRoot } from "../cli/run.js";

/**
 * Every case must finish within this bound (the issue: "a few seconds"). It
 * is checked on the CPU time mtalint used, which other jobs on the shared
 * two-core test machine do not inflate the way they inflate wall time; a
 * process that blocks (on a FIFO, say) uses no CPU, so it is also killed at
 * HARD_TIMEOUT_MS of wall time, which fails the case.
 */
export const TIME_LIMIT_MS = 10_000;
export const HARD_TIMEOUT_MS = 60_000;

const CPU_PRELOAD = join(import.meta.dirname, "cpu-usage.cjs");

export interface TimedRun {
  code: number | null;
  stdout: string;
  stderr: string;
  /** Wall time. */
  ms: number;
  /** CPU time of the mtalint process (user + system), from cpu-usage.cjs; NaN if it did not report. */
  cpuMs: number;
  /** Set when the process was killed at HARD_TIMEOUT_MS. */
  timedOut: boolean;
}

/** Runs the built mtalint (as test/cli/run.ts does) with a hard timeout, measuring the time. */
export function runCli(args: string[], options: { cwd?: string; wrap?: string[]; input?: string } = {}): TimedRun {
  const env: Record<string, string | undefined> = { ...process.env };
  delete env.NO_COLOR;
  delete env.FORCE_COLOR;
  const [cmd, ...pre] = options.wrap ?? [];
  const argv = ["--require", CPU_PRELOAD, BIN, ...args];
  const t0 = performance.now();
  const r = spawnSync(cmd ?? process.execPath, cmd ? [...pre, process.execPath, ...argv] : argv, {
    cwd: options.cwd ?? repoRoot,
    encoding: "utf8",
    env,
    timeout: HARD_TIMEOUT_MS,
    killSignal: "SIGKILL",
    maxBuffer: 512 * 1024 * 1024,
    stdio: ["pipe", "pipe", "pipe", "pipe"],
    ...(options.input !== undefined ? { input: options.input } : {}),
  });
  const ms = performance.now() - t0;
  const timedOut = (r.error as NodeJS.ErrnoException | undefined)?.code === "ETIMEDOUT" || r.signal === "SIGKILL";
  let cpuMs = Number.NaN;
  try {
    const u = JSON.parse(String(r.output?.[3] ?? "")) as { userMs: number; systemMs: number };
    cpuMs = u.userMs + u.systemMs;
  } catch {
    // killed, or crashed before exit
  }
  return { code: r.status, stdout: String(r.stdout ?? ""), stderr: String(r.stderr ?? ""), ms, cpuMs, timedOut };
}

/** Finished by itself, within the time bound. */
export function expectBounded(r: TimedRun, what: string): void {
  expect(r.timedOut, `${what}: killed after ${HARD_TIMEOUT_MS} ms of wall time (it blocked or ran away)`).toBe(false);
  expect(r.cpuMs, `${what}: used ${Math.round(r.cpuMs)} ms of CPU (${Math.round(r.ms)} ms wall)`).toBeLessThan(TIME_LIMIT_MS);
}

/** Exit 2, nothing on stdout, exactly `mtalint: MESSAGE` as the only stderr line, no stack. */
export function expectOneLineError(r: TimedRun, message: string): void {
  expect(r.stderr).toBe(`mtalint: ${message}\n`);
  expect(r.stdout).toBe("");
  expect(r.code).toBe(2);
}

const created: string[] = [];

/** A fresh temp directory (real path, so messages name it as mtalint sees it); removed by removeTempDirs. */
export function tempDir(prefix = "mtalint-hostile-"): string {
  const dir = realpathSync(mkdtempSync(join(tmpdir(), prefix)));
  created.push(dir);
  return dir;
}

/** Removes the temp directories made so far (some cases write tens of megabytes). For afterAll. */
export function removeTempDirs(): void {
  for (const dir of created.splice(0)) {
    try {
      rmSync(dir, { recursive: true, force: true });
    } catch {
      // a directory left at mode 000 by a case; the OS cleans /tmp
    }
  }
}

/** A temp tree with these files (text or bytes). */
export function tree(files: Record<string, string | Uint8Array>): string {
  const dir = tempDir();
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

export interface JsonFinding {
  ruleId: string;
  severity: string;
  message: string;
  line: number;
  column: number;
  endLine: number;
  endColumn: number;
}

export interface JsonReport {
  files: { path: string; kind: string; findings: JsonFinding[] }[];
  summary: { errors: number; warnings: number; infos: number };
}

/** `lint --format json` output, parsed. */
export function report(r: TimedRun): JsonReport {
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout) as JsonReport;
}

/** [file name relative to dir, rule, line, column] of every finding, optionally only for some rules. */
export function locations(rep: JsonReport, dir: string, rules?: RegExp): [string, string, number, number][] {
  return rep.files.flatMap((f) =>
    f.findings
      .filter((x) => !rules || rules.test(x.ruleId))
      .map((x): [string, string, number, number] => [f.path.startsWith(`${dir}/`) ? f.path.slice(dir.length + 1) : f.path, x.ruleId, x.line, x.column]),
  );
}

/**
 * How to run a command so that a chmod 000 file really cannot be read. As
 * root, reading ignores permissions (CAP_DAC_OVERRIDE, CAP_DAC_READ_SEARCH);
 * `setpriv` drops both from the bounding set, so the process is root without
 * them and gets EACCES like any user. Undefined (with the reason) where
 * neither works.
 */
export function unprivileged(): { wrap: string[] } | { skip: string } {
  if (process.getuid?.() !== 0) return { wrap: [] };
  const setpriv = ["/usr/bin/setpriv", "/bin/setpriv"].find((p) => existsSync(p));
  if (!setpriv) return { skip: "tests run as root and setpriv (util-linux) is not installed, so chmod 000 does not stop a read" };
  const caps = "-dac_override,-dac_read_search";
  const probe = spawnSync(setpriv, [`--bounding-set=${caps}`, `--inh-caps=${caps}`, "true"]);
  if (probe.status !== 0) return { skip: `tests run as root and setpriv cannot drop CAP_DAC_OVERRIDE here (${String(probe.stderr).trim()})` };
  return { wrap: [setpriv, `--bounding-set=${caps}`, `--inh-caps=${caps}`] };
}
