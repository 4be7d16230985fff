/**
 * The young generation as a long command-line run needs it. Node sets V8 up
 * for servers: each time enough objects have survived a collection, V8
 * doubles the young generation's two semi-spaces, up to 16 MB each. A lint of
 * many configurations (a fleet, a directory of hosts) keeps a little of every
 * configuration it reads, so the young generation grows to its maximum and
 * stays there, resident, though each configuration needs far less. Measured
 * on a batch of 1,000 Postfix directories (docs/performance.md): peak RSS
 * 105 → 72 MB.
 *
 * A run that reads one configuration does not gain from it, and pays: loading
 * `node:v8` costs 1.5 ms, and a young generation that never grows collects
 * twice as often while the program starts (8 scavenges instead of 4). So the
 * setting is made only for runs that may read many configurations.
 *
 * V8 reads the growth factor each time it resizes the young generation, so
 * setting it at run time is enough; it is set first thing, before the bundle
 * is compiled. Any flag set at run time changes V8's flag hash, which a code
 * cache must match: the launcher keeps one cache entry for each of the two
 * settings (see code-cache.ts). (The collector's helper threads would save
 * more CPU and memory still when turned off, but V8 sets them up when Node
 * starts: turning them off at run time crashed V8 in a full collection.)
 */
import { statSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";

/**
 * Whether the command line may lint many configurations: `lint --fleet`, or
 * `lint` given a directory that is not itself a Postfix configuration
 * directory (one with main.cf), i.e. a tree to search. `lint` may go unsaid
 * (`mtalint DIR`, see main.ts). Decided from the arguments and the file
 * system alone, before anything else is loaded, and the same each time it is
 * asked for the same run.
 */
export function lintsManyConfigurations(argv: readonly string[]): boolean {
  const args = argv.filter((a) => a !== "--debug");
  const rest = args[0] === "lint" ? args.slice(1) : args[0] !== undefined && statSync(args[0], { throwIfNoEntry: false }) ? args : [];
  if (rest.includes("--fleet")) return true;
  return rest.some((arg) => !arg.startsWith("-") && isDirectory(arg) && !isFile(join(arg, "main.cf")));
}

const isDirectory = (path: string) => statSync(path, { throwIfNoEntry: false })?.isDirectory() === true;
const isFile = (path: string) => statSync(path, { throwIfNoEntry: false })?.isFile() === true;

/** The code cache entry's name for runs that set the heap flag (see code-cache.ts). */
export const HEAP_VARIANT = "semi1";

/**
 * Sets the young generation up for a long run when `argv` is one (see
 * lintsManyConfigurations), and says whether it did. Calling it again with
 * the same arguments sets the same value, which leaves V8's flag hash as it
 * was.
 */
export function tuneHeapForCommandLine(argv: readonly string[]): boolean {
  let many: boolean;
  try {
    many = lintsManyConfigurations(argv);
  } catch {
    many = false;
  }
  // node:v8 is required only here: at the top, every start would load it.
  if (many) (createRequire(join(process.cwd(), "index.js"))("node:v8") as typeof import("node:v8")).setFlagsFromString("--semi-space-growth-factor=1");
  return many;
}
