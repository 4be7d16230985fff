#!/usr/bin/env node
// `npm run fuzz`: the property and differential tests of test/fuzz (and the
// regression rows of test/robustness) with many more cases than CI runs.
//   npm run fuzz                          5000 cases per property, a random seed
//   npm run fuzz -- --runs 20000          more cases
//   npm run fuzz -- --seed 123456         repeat a run (the seed is printed first)
//   npm run fuzz -- --runs 500 test/fuzz/postconf-oracle.test.ts   one file
// The counts reach the tests as MTALINT_FUZZ_RUNS and MTALINT_FUZZ_SEED
// (test/fuzz/settings.ts); oracle properties run a share of them. Tests run
// through scripts/test.mjs (its TMPDIR is one the relay oracles can use).
import { spawnSync } from "node:child_process";
import { randomInt } from "node:crypto";

const args = process.argv.slice(2);
let runs = 5000;
let seed = randomInt(1, 2 ** 31 - 1);
const rest = [];
for (let i = 0; i < args.length; i++) {
  const a = args[i];
  const value = () => {
    const v = args[++i];
    if (v === undefined || !/^-?\d+$/.test(v)) {
      console.error(`fuzz: ${a} needs a whole number`);
      process.exit(2);
    }
    return Number(v);
  };
  if (a === "--runs") runs = value();
  else if (a === "--seed") seed = value();
  else rest.push(a);
}
if (runs < 1) {
  console.error("fuzz: --runs must be at least 1");
  process.exit(2);
}
const files = rest.length ? rest : ["test/fuzz", "test/robustness"];
console.log(`fuzz: ${runs} runs per property, seed ${seed} (repeat with: npm run fuzz -- --runs ${runs} --seed ${seed})`);
const r = spawnSync(process.execPath, ["scripts/test.mjs", ...files], {
  stdio: "inherit",
  env: { ...process.env, MTALINT_FUZZ_RUNS: String(runs), MTALINT_FUZZ_SEED: String(seed) },
});
console.log(`fuzz: seed ${seed}, ${runs} runs per property`);
process.exit(r.status ?? 1);
