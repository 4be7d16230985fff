/**
 * How the `mtalint` command starts (src/cli/bin.ts, src/cli/code-cache.ts):
 * the single-file build when it is fresh, else the module tree; V8's code
 * cache for the bundle, keyed by its build id, which only ever makes a start
 * faster and never fails one. The selection and cache cases run the real
 * compiled bin.js beside a stand-in bundle in a temporary dist/; the last
 * case runs the real bundle.
 */
import { spawnSync } from "node:child_process";
import { copyFileSync, existsSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "./run.js";

const compiled = join(repoRoot, "dist/src/cli");
const BUILD_ID = "0123456789abcdef0123456789abcdef";
const STAND_IN = `#!/usr/bin/env node\n// mtalint-build ${BUILD_ID}\n"use strict";\nprocess.stdout.write("bundle " + process.argv.slice(2).join(" ") + "\\n");\n`;
const ENTRY = new RegExp(`^v8-${process.version.replace(/\./g, "\\.")}-${process.arch}-${BUILD_ID}-\\d+-\\d+\\.bin$`);

let temp = "";
afterEach(() => {
  if (temp) rmSync(temp, { recursive: true, force: true });
  temp = "";
});

/** A dist/ with the real bin.js, code-cache.js and heap.js, a stand-in main.js and (unless told otherwise) a stand-in bundle. */
function fakeDist(bundle: string | undefined = STAND_IN): { bin: string; bundle: string; cache: string } {
  temp = mkdtempSync(join(tmpdir(), "mtalint-start-"));
  const cli = join(temp, "dist/src/cli");
  mkdirSync(cli, { recursive: true });
  copyFileSync(join(compiled, "bin.js"), join(cli, "bin.js"));
  copyFileSync(join(compiled, "code-cache.js"), join(cli, "code-cache.js"));
  copyFileSync(join(compiled, "heap.js"), join(cli, "heap.js"));
  writeFileSync(join(cli, "main.js"), 'export async function main(argv) { process.stdout.write("tree " + argv.join(" ") + "\\n"); return 0; }\n');
  writeFileSync(join(temp, "package.json"), '{ "type": "module" }\n');
  const b = join(temp, "dist/mtalint.cjs");
  if (bundle !== undefined) writeFileSync(b, bundle);
  return { bin: join(cli, "bin.js"), bundle: b, cache: join(temp, "cache") };
}

function start(bin: string, env: Record<string, string | undefined>) {
  const base: Record<string, string | undefined> = { ...process.env };
  for (const k of ["MTALINT_NO_BUNDLE", "MTALINT_CACHE_DIR", "XDG_CACHE_HOME"]) delete base[k];
  const r = spawnSync(process.execPath, [bin, "lint", "x"], { env: { ...base, ...env }, encoding: "utf8" });
  return { status: r.status, stdout: r.stdout, stderr: r.stderr };
}

const entries = (dir: string) => (existsSync(dir) ? readdirSync(dir).filter((n) => !n.endsWith(".tmp")) : []);

describe("which code the mtalint command runs", () => {
  it.each<[string, (d: ReturnType<typeof fakeDist>) => void, Record<string, string>, string]>([
    ["the bundle beside it, when it is not older than bin.js", () => {}, {}, "bundle lint x\n"],
    ["the module tree, when the bundle is older than bin.js (tsc ran after the bundle)", (d) => utimesSync(d.bundle, 1, 1), {}, "tree lint x\n"],
    ["the module tree, when MTALINT_NO_BUNDLE=1", () => {}, { MTALINT_NO_BUNDLE: "1" }, "tree lint x\n"],
    ["the module tree, when there is no bundle", (d) => rmSync(d.bundle), {}, "tree lint x\n"],
  ])("%s", (_name, arrange, env, stdout) => {
    const d = fakeDist();
    arrange(d);
    expect(start(d.bin, { MTALINT_CACHE_DIR: d.cache, ...env })).toEqual({ status: 0, stdout, stderr: "" });
  });
});

describe("V8 code cache of the bundle", () => {
  it("the first run writes one entry named by build id, Node version and CPU; the next run reads it without rewriting it", () => {
    const d = fakeDist();
    expect(start(d.bin, { MTALINT_CACHE_DIR: d.cache }).stdout).toBe("bundle lint x\n");
    const [entry, ...more] = entries(d.cache);
    expect(more).toEqual([]);
    expect(entry).toMatch(ENTRY);
    const path = join(d.cache, entry!);
    utimesSync(path, 1000, 1000);
    const bytes = readFileSync(path);
    expect(start(d.bin, { MTALINT_CACHE_DIR: d.cache })).toEqual({ status: 0, stdout: "bundle lint x\n", stderr: "" });
    // Rewritten only when V8 rejects the entry.
    expect(statSync(path).mtimeMs).toBe(1_000_000);
    expect(readFileSync(path)).toEqual(bytes);
  });

  it("a corrupt entry is rejected by V8 and replaced; the run is unaffected", () => {
    const d = fakeDist();
    start(d.bin, { MTALINT_CACHE_DIR: d.cache });
    const path = join(d.cache, entries(d.cache)[0]!);
    writeFileSync(path, "not a code cache");
    expect(start(d.bin, { MTALINT_CACHE_DIR: d.cache })).toEqual({ status: 0, stdout: "bundle lint x\n", stderr: "" });
    expect(readFileSync(path, "utf8")).not.toBe("not a code cache");
  });

  it("an edited bundle (new size and mtime) gets its own entry", () => {
    const d = fakeDist();
    start(d.bin, { MTALINT_CACHE_DIR: d.cache });
    writeFileSync(d.bundle, STAND_IN.replace('"bundle "', '"edited "'));
    expect(start(d.bin, { MTALINT_CACHE_DIR: d.cache }).stdout).toBe("edited lint x\n");
    expect(entries(d.cache)).toHaveLength(2);
  });

  it("a cache directory that cannot be created costs speed, not the run", () => {
    const d = fakeDist();
    const file = join(temp, "a-file");
    writeFileSync(file, "");
    expect(start(d.bin, { MTALINT_CACHE_DIR: join(file, "cache") })).toEqual({ status: 0, stdout: "bundle lint x\n", stderr: "" });
  });

  it("defaults to $XDG_CACHE_HOME/mtalint; MTALINT_CACHE_DIR= (empty) turns caching off", () => {
    const d = fakeDist();
    const xdg = join(temp, "xdg");
    expect(start(d.bin, { XDG_CACHE_HOME: xdg, MTALINT_CACHE_DIR: "" }).stdout).toBe("bundle lint x\n");
    expect(existsSync(xdg)).toBe(false);
    start(d.bin, { XDG_CACHE_HOME: xdg });
    expect(entries(join(xdg, "mtalint"))).toEqual([expect.stringMatching(ENTRY)]);
  });

  it("a bundle without a build id runs uncached", () => {
    const d = fakeDist(STAND_IN.replace(/^\/\/ mtalint-build .*\n/m, ""));
    expect(start(d.bin, { MTALINT_CACHE_DIR: d.cache }).stdout).toBe("bundle lint x\n");
    expect(existsSync(d.cache)).toBe(false);
  });

  it("keeps the 8 most recent entries", () => {
    const d = fakeDist();
    mkdirSync(d.cache);
    for (let i = 0; i < 10; i++) {
      const old = join(d.cache, `v8-v0.0.${i}-x64-old-1-1.bin`);
      writeFileSync(old, "x");
      utimesSync(old, 1000 + i, 1000 + i);
    }
    start(d.bin, { MTALINT_CACHE_DIR: d.cache });
    const kept = entries(d.cache);
    expect(kept).toHaveLength(8);
    expect(kept).toContainEqual(expect.stringMatching(ENTRY));
    expect(kept).not.toContain("v8-v0.0.0-x64-old-1-1.bin");
  });
});

describe("the real bundle through bin.js", { timeout: 120_000 }, () => {
  const bundle = join(repoRoot, "dist/mtalint.cjs");
  beforeAll(() => {
    // As test/package/bundle.test.ts: build it when tsc ran after it (bin.js would not use it).
    if (!existsSync(bundle) || statSync(bundle).mtimeMs < statSync(join(compiled, "bin.js")).mtimeMs) {
      const r = spawnSync(process.execPath, [join(repoRoot, "scripts/bundle.mjs")], { cwd: repoRoot, encoding: "utf8" });
      expect(r.status, r.stderr).toBe(0);
    }
  }, 120_000);

  it("prints what the module tree prints, without and then with a code cache entry", () => {
    const cache = mkdtempSync(join(tmpdir(), "mtalint-start-"));
    temp = cache;
    const run = (env: Record<string, string>) => {
      const base: Record<string, string | undefined> = { ...process.env };
      for (const k of ["MTALINT_NO_BUNDLE", "MTALINT_CACHE_DIR", "NO_COLOR", "FORCE_COLOR"]) delete base[k];
      const r = spawnSync(process.execPath, [join(compiled, "bin.js"), "lint", "samples", "--no-color"], { cwd: repoRoot, env: { ...base, ...env }, encoding: "utf8" });
      return { status: r.status, stdout: r.stdout, stderr: r.stderr };
    };
    const tree = run({ MTALINT_NO_BUNDLE: "1" });
    expect(tree.status).toBe(1);
    expect(run({ MTALINT_CACHE_DIR: cache })).toEqual(tree);
    expect(entries(cache)).toHaveLength(1);
    expect(run({ MTALINT_CACHE_DIR: cache })).toEqual(tree);
  });

  it("a run that sets the heap flag (a directory to search) and one that does not (a file) each keep their own entry, which the other never makes V8 reject", () => {
    const cache = mkdtempSync(join(tmpdir(), "mtalint-start-"));
    temp = cache;
    const run = (path: string) => {
      const base: Record<string, string | undefined> = { ...process.env };
      delete base.MTALINT_NO_BUNDLE;
      const r = spawnSync(process.execPath, [join(compiled, "bin.js"), "lint", path, "--format", "json"], { cwd: repoRoot, env: { ...base, MTALINT_CACHE_DIR: cache }, encoding: "utf8" });
      expect(r.stderr).toBe("");
      return r.status;
    };
    const file = "samples/postfix/submission-sasl/main.cf";
    run("samples");
    run(file);
    const made = entries(cache).sort();
    expect(made).toHaveLength(2);
    expect(made.filter((n) => n.endsWith("-semi1.bin"))).toHaveLength(1);
    for (const n of made) utimesSync(join(cache, n), 1000, 1000);
    // An entry V8 rejected would be written again at exit, with a new mtime.
    for (const path of ["samples", file, "samples", file]) run(path);
    expect(entries(cache).sort()).toEqual(made);
    for (const n of made) expect(statSync(join(cache, n)).mtimeMs).toBe(1_000_000);
  });
});
