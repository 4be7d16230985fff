/**
 * For the tests that use mtalint the way people install it: a copy of the
 * checkout (what `git clone` gives), the packed tarball, the single-file
 * bundle, the GitHub Action's steps. Everything runs in temporary directories;
 * the working tree's dist/ is only read (test/global-setup.ts builds it).
 */
import { spawn, spawnSync, type SpawnSyncReturns } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, statSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, parse, resolve } from "node:path";

export const repoRoot = resolve(import.meta.dirname, "../..");
export const packageJson = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as {
  version: string;
  bin: Record<string, string>;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
  engines: { node: string };
};
/** The normal CLI, built by tsc: the reference the other forms must match. */
export const referenceBin = join(repoRoot, "dist/src/cli/bin.js");
/** bin.js runs dist/mtalint.cjs when that is fresh (src/cli/bin.ts); the reference must be the module tree. */
export const referenceEnv = (): Record<string, string> => userEnv({ MTALINT_NO_BUNDLE: "1" });

export interface Run {
  status: number | null;
  stdout: string;
  stderr: string;
}

/** The environment of a user's shell: no colour switches, no INPUT_* from a surrounding CI, no NODE_PATH. */
export function userEnv(extra: Record<string, string> = {}): Record<string, string> {
  const env: Record<string, string> = {};
  for (const [k, v] of Object.entries(process.env)) {
    if (v === undefined || /^(NO_COLOR|FORCE_COLOR|NODE_PATH|NODE_OPTIONS|INPUT_.*|npm_.*|VITEST.*)$/i.test(k)) continue;
    env[k] = v;
  }
  return { ...env, ...extra };
}

export function run(command: string, args: string[], options: { cwd: string; env?: Record<string, string>; input?: string; timeout?: number }): Run {
  const r: SpawnSyncReturns<string> = spawnSync(command, args, {
    cwd: options.cwd,
    env: options.env ?? userEnv(),
    encoding: "utf8",
    input: options.input ?? "",
    timeout: options.timeout ?? 120_000,
    maxBuffer: 64 * 1024 * 1024,
  });
  if (r.error) throw r.error;
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

/**
 * The same, without blocking the test worker (vitest's worker must keep answering while
 * dozens of CLI runs go by).
 */
export function runAsync(command: string, args: string[], options: { cwd: string; env?: Record<string, string>; timeout?: number }): Promise<Run> {
  return new Promise((resolvePromise, reject) => {
    const child = spawn(command, args, { cwd: options.cwd, env: options.env ?? userEnv(), stdio: ["ignore", "pipe", "pipe"], timeout: options.timeout ?? 120_000 });
    let stdout = "";
    let stderr = "";
    child.stdout.setEncoding("utf8").on("data", (d: string) => (stdout += d));
    child.stderr.setEncoding("utf8").on("data", (d: string) => (stderr += d));
    child.on("error", reject);
    child.on("close", (status) => resolvePromise({ status, stdout, stderr }));
  });
}

/** runAsync that fails with the command's output when it did not exit 0. */
export async function runAsyncOk(command: string, args: string[], options: Parameters<typeof runAsync>[2]): Promise<Run> {
  const r = await runAsync(command, args, options);
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r;
}

/** Runs `jobs` at most `width` at a time, results in order. */
export async function inBatches<T>(jobs: (() => Promise<T>)[], width = 4): Promise<T[]> {
  const results: T[] = new Array<T>(jobs.length);
  let next = 0;
  const worker = async (): Promise<void> => {
    while (next < jobs.length) {
      const i = next++;
      results[i] = await jobs[i]!();
    }
  };
  await Promise.all(Array.from({ length: Math.min(width, jobs.length) }, worker));
  return results;
}

/** Fails with the command's output when it did not exit 0. */
export function runOk(command: string, args: string[], options: Parameters<typeof run>[2]): Run {
  const r = run(command, args, options);
  if (r.status !== 0) throw new Error(`${command} ${args.join(" ")} exited ${r.status}\n${r.stdout}\n${r.stderr}`);
  return r;
}

export function tempDir(prefix: string): string {
  return mkdtempSync(join(tmpdir(), `mtalint-${prefix}-`));
}

/** A directory with no node_modules in it or above it: require() there finds only Node's own modules. */
export function expectNoNodeModulesAbove(dir: string): void {
  for (let d = resolve(dir); ; d = dirname(d)) {
    if (existsSync(join(d, "node_modules"))) throw new Error(`${join(d, "node_modules")} exists: the test would not prove that nothing is needed beside Node`);
    if (d === parse(d).root) return;
  }
}

/**
 * The files a fresh clone holds: tracked files plus new files not ignored
 * (the work in progress), never node_modules or dist.
 */
export function checkoutFiles(): string[] {
  const r = spawnSync("git", ["ls-files", "-z", "--cached", "--others", "--exclude-standard"], { cwd: repoRoot, encoding: "utf8" });
  if (r.status !== 0) throw new Error(`git ls-files failed: ${r.stderr}`);
  return r.stdout
    .split("\0")
    .filter((f) => f !== "" && existsSync(join(repoRoot, f)))
    .filter((f) => !/^(node_modules|dist)\//.test(f));
}

/** Copies the checkout into `dest` (created), as a clone of the repository would lay it out. */
export function copyCheckout(dest: string): string {
  for (const f of checkoutFiles()) {
    mkdirSync(dirname(join(dest, f)), { recursive: true });
    copyFileSync(join(repoRoot, f), join(dest, f));
  }
  return dest;
}

export function copySamples(dest: string): void {
  cpSync(join(repoRoot, "samples"), join(dest, "samples"), { recursive: true });
}

/** Newest modification time of the sources a build reads (for "rebuild when stale"). */
export function newestSourceTime(paths: string[]): number {
  let newest = 0;
  const visit = (p: string): void => {
    const st = statSync(p);
    if (st.isDirectory()) for (const e of readdirSync(p)) visit(join(p, e));
    else newest = Math.max(newest, st.mtimeMs);
  };
  for (const p of paths) if (existsSync(join(repoRoot, p))) visit(join(repoRoot, p));
  return newest;
}

/** The sample directories `mtalint lint` takes one at a time (each a Postfix or Exim configuration). */
export function sampleConfigs(): string[] {
  return ["postfix", "exim"].flatMap((kind) =>
    readdirSync(join(repoRoot, "samples", kind))
      .sort()
      .map((name) => `samples/${kind}/${name}`),
  );
}

export function samplePairs(): string[] {
  return readdirSync(join(repoRoot, "samples/diff"))
    .sort()
    .map((name) => `samples/diff/${name}`);
}
