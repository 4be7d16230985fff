/**
 * How many cases each property runs and with which seed. In CI every
 * property runs the small number written next to it with a fixed seed, so
 * the folder stays under a minute and a failure reproduces exactly.
 * `npm run fuzz` (scripts/fuzz.mjs) sets MTALINT_FUZZ_RUNS and
 * MTALINT_FUZZ_SEED: every property then runs that many cases (oracle
 * properties a share of it, since each case starts real MTA processes).
 * fast-check prints the seed and the shrunk counterexample of a failure;
 * `npm run fuzz -- --seed N --runs M` repeats it.
 */
import type { Parameters } from "fast-check";

const envRuns = Number(process.env.MTALINT_FUZZ_RUNS ?? "");

/** True under `npm run fuzz`. */
export const fuzzing = Number.isInteger(envRuns) && envRuns > 0;

/** CI's fixed seed (the bytes of "mtal"), or the one `npm run fuzz` chose. */
export const FUZZ_SEED = process.env.MTALINT_FUZZ_SEED !== undefined ? Number(process.env.MTALINT_FUZZ_SEED) | 0 : 0x6d74616c;

/** Cases for a property: `ci` in CI, `share` × MTALINT_FUZZ_RUNS (at least `ci`) when fuzzing. */
export function runs(ci: number, share = 1): number {
  return fuzzing ? Math.max(ci, Math.ceil(envRuns * share)) : ci;
}

/** fast-check parameters for one property. */
export function fcParams<T>(ci: number, share = 1): Parameters<T> {
  return { numRuns: runs(ci, share), seed: FUZZ_SEED };
}

/** A vitest timeout for a test whose CI budget is `ciMs`; scaled with the run count when fuzzing. */
export function budget(ciMs: number, ci: number, share = 1): number {
  return Math.max(ciMs, Math.ceil((ciMs * runs(ci, share)) / ci) * 2);
}
