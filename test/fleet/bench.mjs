#!/usr/bin/env node
// How long `mtalint lint --fleet` takes for generated fleets, by --jobs: the
// numbers in docs/fleet.md. Not a test (times depend on the machine).
//   node test/fleet/bench.mjs [HOSTS...]      default: 50 500; RUNS=5 runs each, the fastest shown
// Hosts are copies of the samples, placed as servers keep them (see
// test/fleet/helpers.ts, which builds the same fleets for the tests).
import { spawnSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { availableParallelism, loadavg, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

const root = resolve(import.meta.dirname, "../..");
/** The two builds: the single-file one run directly (bin.js falls back to the tree when it is stale), and the tsc tree. */
const BUILDS = [
  ["single-file", join(root, "dist/mtalint.cjs"), {}],
  ["module tree", join(root, "dist/src/cli/bin.js"), { MTALINT_NO_BUNDLE: "1" }],
];
const KINDS = [
  { from: "samples/postfix/relay-denied", to: "etc/postfix" },
  { from: "samples/postfix/relay-denied-fixed", to: "etc/postfix" },
  { from: "samples/postfix/open-relay", to: "etc/postfix" },
  { from: "samples/postfix/submission-sasl", to: "etc/postfix" },
  { from: "samples/postfix/legacy-upgrade", to: "etc/postfix" },
  { from: "samples/exim/debian-template", to: "etc/exim4" },
  { from: "samples/exim/debian-conf.d", to: "etc/exim4/conf.d", extra: { "etc/exim4/update-exim4.conf.conf": "dc_use_split_config='true'\n" } },
  { from: "samples/exim/open-relay/exim.conf", to: "etc/exim/exim.conf" },
  { from: "samples/exim/cpanel-style/exim.conf", to: "etc/exim.conf" },
];

function generate(count) {
  const dir = mkdtempSync(join(tmpdir(), "mtalint-fleet-bench-"));
  const fleet = join(dir, "fleet");
  for (let i = 0; i < count; i++) {
    const kind = KINDS[i % KINDS.length];
    const host = join(fleet, `host-${String(i).padStart(4, "0")}`);
    mkdirSync(dirname(join(host, kind.to)), { recursive: true });
    cpSync(join(root, kind.from), join(host, kind.to), { recursive: true });
    for (const [rel, text] of Object.entries(kind.extra ?? {})) writeFileSync(join(host, rel), text);
  }
  return dir;
}

const TIME = "/usr/bin/time";
const haveTime = existsSync(TIME);

/**
 * The fastest of `runs` runs (the least disturbed by other work on the
 * machine): wall time, CPU time (user + system, all threads) and peak RSS,
 * the last two from GNU time when installed; and the report (to compare
 * across --jobs).
 */
function measure(bin, args, env, cwd, runs = RUNS) {
  const samples = [];
  let out = "";
  for (let i = 0; i < runs; i++) {
    const timeFile = join(cwd, "time.txt");
    const cmd = haveTime ? [TIME, ["-f", "%U %S %M", "-o", timeFile, process.execPath, bin, ...args]] : [process.execPath, [bin, ...args]];
    const t = process.hrtime.bigint();
    const r = spawnSync(cmd[0], cmd[1], { cwd, encoding: "utf8", env: { ...process.env, ...env }, maxBuffer: 1 << 30 });
    const wall = Number(process.hrtime.bigint() - t) / 1e6;
    if (r.status !== 1 && r.status !== 0) throw new Error(`mtalint exited ${r.status}: ${r.stderr}`);
    const [user, sys, rss] = haveTime ? readFileSync(timeFile, "utf8").trim().split("\n").pop().split(" ").map(Number) : [NaN, NaN, NaN];
    samples.push({ wall, cpu: (user + sys) * 1000, rss: rss / 1024 });
    out = r.stdout;
  }
  samples.sort((a, b) => a.wall - b.wall);
  return { ...samples[0], out };
}

/** How many CPUs' worth of work the machine gives this process now: N busy threads against one (1.0 each is ideal). */
async function capacity(threads) {
  const { Worker } = await import("node:worker_threads");
  const busy = "let x = 0; for (let i = 0; i < 2e8; i++) x += i % 7; require('node:worker_threads').parentPort.postMessage(x);";
  const run = async (n) => {
    const t = performance.now();
    await Promise.all(Array.from({ length: n }, () => new Promise((done) => new Worker(busy, { eval: true }).once("message", done))));
    return performance.now() - t;
  };
  const one = await run(1);
  return (threads * one) / (await run(threads));
}

const RUNS = Number(process.env.RUNS ?? 5);
const counts = process.argv.slice(2).map(Number);
const jobsList = [1, 2, 4];
console.log(`node ${process.version}, ${availableParallelism()} CPUs, load average ${loadavg().map((l) => l.toFixed(1)).join(" ")}; best of ${RUNS} runs`);
console.log(`parallel capacity now: 2 busy threads do ${(await capacity(2)).toFixed(2)}x the work of one, 4 do ${(await capacity(4)).toFixed(2)}x`);
console.log("hosts  build        --jobs   wall s    CPU s   peak RSS MB");
for (const count of counts.length ? counts : [50, 500]) {
  const dir = generate(count);
  try {
    for (const [label, bin, env] of BUILDS) {
      let first;
      for (const jobs of jobsList) {
        const m = measure(bin, ["lint", "--fleet", "fleet", "-f", "json", "--jobs", String(jobs)], env, dir);
        if (first === undefined) first = m.out;
        else if (m.out !== first) throw new Error(`--jobs ${jobs} printed another report than --jobs 1`);
        const cells = [String(jobs).padStart(6), (m.wall / 1000).toFixed(2).padStart(8), (m.cpu / 1000).toFixed(2).padStart(8), m.rss.toFixed(0).padStart(13)];
        console.log(`${String(count).padStart(5)}  ${label.padEnd(11)}  ${cells.join(" ")}`);
      }
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
console.log(`load average after: ${loadavg().map((l) => l.toFixed(1)).join(" ")}`);
