#!/usr/bin/env node
/**
 * The `mtalint` command. `npm run build` also writes the single-file build
 * dist/mtalint.cjs; when it is there and not older than this file, it runs
 * instead of the module tree under dist/ (one file to read, and V8's compiled
 * code for it kept between runs: see code-cache.ts), so that a start costs
 * little more than Node's own. Both run the same sources, and
 * MTALINT_NO_BUNDLE=1 forces the module tree (tests compare the two).
 */
import { statSync } from "node:fs";
import { fileURLToPath } from "node:url";
import { runWithCodeCache } from "./code-cache.js";
import { HEAP_VARIANT, tuneHeapForCommandLine } from "./heap.js";

// First, before anything is loaded or collected (see heap.ts).
const longRun = tuneHeapForCommandLine(process.argv.slice(2));

const here = fileURLToPath(import.meta.url);
const bundle = fileURLToPath(new URL("../../mtalint.cjs", import.meta.url));

/** The bundle, when present and built from the same sources as this tree (not older than it). */
function freshBundle(): string | undefined {
  if (process.env.MTALINT_NO_BUNDLE) return undefined;
  try {
    return statSync(bundle).mtimeMs >= statSync(here).mtimeMs ? bundle : undefined;
  } catch {
    return undefined;
  }
}

const file = freshBundle();
if (file !== undefined) {
  runWithCodeCache(file, undefined, longRun ? HEAP_VARIANT : "");
} else {
  const { main } = await import("./main.js");
  process.exitCode = await main(process.argv.slice(2));
}
