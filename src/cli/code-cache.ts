/**
 * Runs a CommonJS file (the single-file build) with V8's code cache: the
 * machine code V8 compiled for it on an earlier run is read back instead of
 * compiling the source again, which is most of what a cold start costs.
 * Node 20 has no module.enableCompileCache(); vm.Script's cachedData does
 * the same for one file.
 *
 * An entry is keyed by the build id that scripts/bundle.mjs writes on the
 * file's second line (a hash of its content), the file's size and mtime, and
 * the exact Node version and CPU, so a rebuilt or edited bundle or another
 * Node never reads a stale entry; a file without a build id is not cached.
 * Entries live in $MTALINT_CACHE_DIR, else $XDG_CACHE_HOME/mtalint, else
 * ~/.cache/mtalint; MTALINT_CACHE_DIR="" turns caching off. Every cache
 * problem (no home, a read-only or full disk, a corrupt or foreign entry)
 * only means compiling the source as Node would: the cache can make a start
 * faster, never fail it.
 */
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { Script } from "node:vm";

/** Where cache entries go, or undefined when caching is off. */
export function codeCacheDir(env: NodeJS.ProcessEnv = process.env): string | undefined {
  if (env.MTALINT_CACHE_DIR !== undefined) return env.MTALINT_CACHE_DIR === "" ? undefined : env.MTALINT_CACHE_DIR;
  if (env.XDG_CACHE_HOME) return join(env.XDG_CACHE_HOME, "mtalint");
  try {
    return join(homedir(), ".cache", "mtalint");
  } catch {
    return undefined;
  }
}

/** How many entries (one per build and Node) to keep; older ones are deleted when a new one is written. */
const KEEP_ENTRIES = 8;

/**
 * The cache entry for `file` (whose text starts with `text`) on this Node and
 * CPU; undefined without a build id. `variant` names V8 flags this run set
 * (heap.ts): V8 rejects a cache made under other flags, so each setting has
 * its own entry.
 */
export function codeCachePath(dir: string, file: string, text: string, variant = ""): string | undefined {
  const id = /^(?:#!.*\n)?\/\/ mtalint-build ([0-9a-f]+)\n/.exec(text)?.[1];
  if (id === undefined) return undefined;
  const st = statSync(file);
  return join(dir, `v8-${process.version}-${process.arch}-${id}-${st.size}-${Math.trunc(st.mtimeMs)}${variant && `-${variant}`}.bin`);
}

/**
 * Evaluates `file` as a CommonJS module (its exports are not needed: the
 * bundle runs the CLI when evaluated). After the first run without a usable
 * cache entry, the entry is written when the process exits, so that it holds
 * the code of every function this run compiled, not only the top level.
 */
export function runWithCodeCache(file: string, cacheDir: string | undefined = codeCacheDir(), variant = ""): void {
  const fn = compileWithCodeCache(file, cacheDir, variant);
  const module = { exports: {} };
  fn.call(module.exports, module.exports, createRequire(file), module, file, dirname(file));
}

type ModuleFunction = (e: object, r: NodeJS.Require, m: object, f: string, d: string) => void;

/**
 * The bundle as a CommonJS module function. Its own frame: the file's text and the cache entry
 * read here are not kept on the stack while the program runs (only the compiled source is).
 */
function compileWithCodeCache(file: string, cacheDir: string | undefined, variant: string): ModuleFunction {
  // The bundle is ASCII (esbuild escapes the rest), so latin1 decodes it exactly and fastest.
  const text = readFileSync(file, "latin1");
  // The "#!" line becomes a comment: a slice and a concatenation, which V8 flattens once, when it compiles.
  const source = text.startsWith("#!") ? `//${text.slice(2)}` : text;
  const entry = cacheDir === undefined ? undefined : codeCachePath(cacheDir, file, text, variant);
  let cachedData: Buffer | undefined;
  if (entry !== undefined) {
    try {
      cachedData = readFileSync(entry);
    } catch {
      cachedData = undefined;
    }
  }
  const wrapped = `(function (exports, require, module, __filename, __dirname) {${source}\n})`;
  const script = new Script(wrapped, { filename: file, ...(cachedData ? { cachedData } : {}) });
  if (entry !== undefined && (cachedData === undefined || script.cachedDataRejected === true)) {
    process.once("exit", () => saveCodeCache(script, entry));
  }
  return script.runInThisContext() as ModuleFunction;
}

function saveCodeCache(script: Script, entry: string): void {
  try {
    const data = script.createCachedData();
    mkdirSync(dirname(entry), { recursive: true });
    // Write then rename: a concurrent run reads the old entry or the whole new one, never half.
    // Worker threads (lint --fleet --jobs) share the pid, so the temp name needs more than the pid.
    const tmp = `${entry}.${process.pid}.${Math.random().toString(36).slice(2)}.tmp`;
    writeFileSync(tmp, data);
    renameSync(tmp, entry);
    pruneCodeCache(dirname(entry));
  } catch {
    // A cache that cannot be written costs speed, not correctness.
  }
}

/** Deletes all but the KEEP_ENTRIES most recently written entries. */
function pruneCodeCache(dir: string): void {
  const entries = readdirSync(dir)
    .filter((n) => n.startsWith("v8-") && n.endsWith(".bin"))
    .map((n) => ({ path: join(dir, n), mtime: statSync(join(dir, n)).mtimeMs }))
    .sort((a, b) => b.mtime - a.mtime);
  for (const e of entries.slice(KEEP_ENTRIES)) unlinkSync(e.path);
}
