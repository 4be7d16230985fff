#!/usr/bin/env node
// Benchmark: how fast mtalint reads, models and lints configurations, as
// ratios against baselines measured in the same run on the same machine:
//   - reading the same files from disk (the floor for any linter);
//   - real `postconf -n` / `exim -bV` on the same configs, where the oracles are set up;
//   - a large synthetic main.cf (10,000 parameters) and master.cf (1,000 services).
// Run after `npm run build`: node scripts/bench.mjs [--iterations N]
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync, utimesSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { join, resolve } from "node:path";
import { performance } from "node:perf_hooks";

const root = resolve(import.meta.dirname, "..");
const dist = join(root, "dist/src");
if (!existsSync(join(dist, "index.js"))) {
  console.error("bench: run `npm run build` first");
  process.exit(2);
}
const { loadPostfix, printNonDefault } = await import(join(dist, "index.js"));
const { lint } = await import(join(dist, "lint.js"));
const { loadExim } = await import(join(dist, "exim/api.js"));

const iterArg = process.argv.indexOf("--iterations");
const N = iterArg > 0 ? Number(process.argv[iterArg + 1]) : 20;
const oracle = process.env.MTALINT_ORACLE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "mtalint-oracles");
const env = { ...process.env, LD_LIBRARY_PATH: `${join(oracle, "usr/lib/postfix")}:${join(oracle, "usr/lib/x86_64-linux-gnu")}` };

function dirsWith(parent, file) {
  if (!existsSync(parent)) return [];
  return readdirSync(parent).map((n) => join(parent, n)).filter((d) => statSync(d).isDirectory() && existsSync(join(d, file)));
}
const postfixDirs = [...dirsWith(join(root, "samples/postfix"), "main.cf"), ...dirsWith(resolve(root, "../shared/corpus/postfix"), "main.cf")];
const eximFiles = [
  join(root, "samples/exim/cpanel-style/exim.conf"),
  join(root, "samples/exim/source-build/configure"),
  resolve(root, "../shared/corpus/exim/debian-exim4.conf.template"),
].filter(existsSync);

/** Median milliseconds of `fn` over N runs (after one warm-up). */
function time(fn) {
  fn();
  const samples = [];
  for (let i = 0; i < N; i++) {
    const t = performance.now();
    fn();
    samples.push(performance.now() - t);
  }
  samples.sort((a, b) => a - b);
  return samples[Math.floor(samples.length / 2)];
}

const results = [];
function row(name, ms, baselineName, baselineMs) {
  results.push({ name, ms, baselineName, baselineMs, ratio: baselineMs ? ms / baselineMs : undefined });
}

const readAll = () => {
  for (const d of postfixDirs) for (const f of ["main.cf", "master.cf"]) if (existsSync(join(d, f))) readFileSync(join(d, f), "utf8");
};
const readMs = time(readAll);
row(`Postfix: load + model + print -n (${postfixDirs.length} dirs)`, time(() => postfixDirs.forEach((d) => printNonDefault(loadPostfix(d)))), "reading the same files", readMs);

if (existsSync(join(oracle, "usr/sbin/postconf"))) {
  const staged = postfixDirs.map((d) => {
    const t = mkdtempSync(join(tmpdir(), "mtalint-bench-"));
    for (const f of ["main.cf", "master.cf"]) {
      if (!existsSync(join(d, f))) continue;
      writeFileSync(join(t, f), readFileSync(join(d, f)));
      utimesSync(join(t, f), Date.now() / 1000 - 10, Date.now() / 1000 - 10);
    }
    return t;
  });
  const real = time(() => staged.forEach((d) => spawnSync(join(oracle, "usr/sbin/postconf"), ["-c", d, "-n"], { env })));
  const ours = time(() => staged.forEach((d) => printNonDefault(loadPostfix(d))));
  row(`Postfix: mtalint print vs real postconf -n (${staged.length} dirs)`, ours, "postconf -n processes", real);
  staged.forEach((t) => rmSync(t, { recursive: true, force: true }));
}

if (eximFiles.length) {
  const ours = time(() => eximFiles.forEach((f) => loadExim(f)));
  if (existsSync(join(oracle, "usr/sbin/exim4"))) {
    const real = time(() => eximFiles.forEach((f) => spawnSync(join(oracle, "usr/sbin/exim4"), ["-C", f, "-bV"], { env })));
    row(`Exim: load + model (${eximFiles.length} files) vs real exim -bV`, ours, "exim -bV processes", real);
  } else row(`Exim: load + model (${eximFiles.length} files)`, ours, "", 0);
}

const lintTargets = [join(root, "samples"), resolve(root, "../shared/corpus")].filter(existsSync);
row("lint samples + corpus (all rules, relay probes included)", time(() => lint(lintTargets)), "reading the Postfix files", readMs);

// A large synthetic configuration: parsing must stay linear.
const big = mkdtempSync(join(tmpdir(), "mtalint-bench-big-"));
let main = "myhostname = mx.example.org\n";
for (let i = 0; i < 10000; i++) main += `p${i}_user_param = value ${i}, more ${i}\n    continued ${i}\n`;
main += `mydestination = ${Array.from({ length: 200 }, (_, i) => `$p${i}_user_param`).join(", ")}\n`;
let master = "";
for (let i = 0; i < 1000; i++) master += `svc${i} unix - - n - - smtp\n  -o smtp_helo_timeout=${i}s\n  -o syslog_name=postfix/svc${i}\n`;
writeFileSync(join(big, "main.cf"), main);
writeFileSync(join(big, "master.cf"), master);
const bigRead = time(() => {
  readFileSync(join(big, "main.cf"), "utf8");
  readFileSync(join(big, "master.cf"), "utf8");
});
row("synthetic 10,000-parameter main.cf + 1,000-service master.cf: load + print -n", time(() => printNonDefault(loadPostfix(big))), "reading it", bigRead);
rmSync(big, { recursive: true, force: true });

console.log(`mtalint benchmark (median of ${N} runs each, Node ${process.version})`);
for (const r of results) {
  const ratio = r.ratio === undefined ? "" : `  = ${r.ratio.toFixed(r.ratio < 10 ? 2 : 0)}x ${r.baselineName} (${r.baselineMs.toFixed(2)} ms)`;
  console.log(`  ${r.name}: ${r.ms.toFixed(2)} ms${ratio}`);
}
