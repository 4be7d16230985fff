#!/usr/bin/env node
// Benchmark: mtalint against baselines measured in the same run on the same machine,
// as ratios with the goals of issue 9 (docs/performance.md):
//   cold start  `mtalint lint <small main.cf>` vs `node -e 0`              goal ≤ 1.5×
//   batch       1,000 generated Postfix dirs in one mtalint process
//               vs real `postconf -c DIR -n` on each                        goal ≥ 10× faster
//   scaling     an Exim config and a main.cf at 1×, 10×, 100× size         goal: time per MB within 20%
//               parse throughput                                            goal ≥ 20 MB/s
//   memory      peak RSS of the batch vs `node -e 0`'s                      goal < 2×
// Prints a table, writes bench/results.json (machine-specific, not committed) and exits 0
// whether goals are met or not: this measures, it does not gate. `--quick` runs fewer
// iterations on smaller inputs (CI runs it only to prove the benchmark works).
// Run through `npm run bench [-- --quick]`, which builds first (tsc and the bundle).
import { spawnSync } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { performance } from "node:perf_hooks";
import { pathToFileURL } from "node:url";

const root = resolve(import.meta.dirname, "..");

const quick = process.argv.includes("--quick");
const outArg = process.argv.indexOf("--output");
const resultsPath = outArg > 0 ? resolve(process.argv[outArg + 1]) : join(root, "bench/results.json");
const plan = quick
  ? { startRuns: 7, dirs: 100, baseBytes: 16 * 1024, sizes: [1, 10, 100], scalingRuns: 2, rssRuns: 3 }
  : { startRuns: 30, dirs: 1000, baseBytes: 64 * 1024, sizes: [1, 10, 100], scalingRuns: 3, rssRuns: 5 };

const GOALS = { startRatio: 1.5, batchSpeedup: 10, linearSpread: 0.2, throughputMBs: 20, rssRatio: 2 };
const SAMPLE = "samples/postfix/submission-sasl/main.cf";
const node = process.execPath;
const pkg = JSON.parse(readFileSync(join(root, "package.json"), "utf8"));
const paths = {
  npmBin: join(root, pkg.bin.mtalint),
  bin: join(root, "dist/src/cli/bin.js"),
  bundle: join(root, "dist/mtalint.cjs"),
  launcher: join(root, "dist/mtalint-launcher.cjs"),
};

const oracleRoot = process.env.MTALINT_ORACLE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "mtalint-oracles");
const postconfPath = join(oracleRoot, "usr/sbin/postconf");
const oracleEnv = {
  ...process.env,
  LD_LIBRARY_PATH: [join(oracleRoot, "usr/lib/postfix"), join(oracleRoot, "usr/lib/x86_64-linux-gnu"), process.env.LD_LIBRARY_PATH].filter(Boolean).join(":"),
};
const timeBin = ["/usr/bin/time", "/bin/time"].find((p) => existsSync(p) && spawnSync(p, ["-f", "%M", "true"]).status === 0);

const scalingChildArgs = process.argv[2] === "--scaling-child" ? JSON.parse(process.argv[3]) : undefined;
const scratch = scalingChildArgs ? "" : mkdtempSync(join(tmpdir(), "mtalint-bench-"));
// A private code cache, warmed by the first run of each command, so that every timed run is a
// normal start of an installed mtalint (see src/cli/code-cache.ts).
const childEnv = { ...process.env, MTALINT_CACHE_DIR: join(scratch, "code-cache") };
delete childEnv.MTALINT_NO_BUNDLE;
const rows = [];

async function main() {
  for (const p of [paths.bin, paths.bundle, paths.launcher]) {
    if (!existsSync(p)) fail(`${p} is missing: run \`npm run build\` first (or \`npm run bench\`, which does)`);
  }
  const results = { date: new Date().toISOString(), quick, node: process.version, platform: `${process.platform}-${process.arch}`, cpus: cpuModel(), plan, goals: GOALS };
  const started = performance.now();
  try {
    log(`mtalint benchmark${quick ? " (--quick)" : ""}: Node ${process.version}, ${results.cpus}`);
    results.coldStart = coldStart();
    results.batch = batch();
    results.scaling = scaling();
  } finally {
    rmSync(scratch, { recursive: true, force: true });
  }
  results.seconds = round((performance.now() - started) / 1000);
  results.rows = rows;
  printTable();
  mkdirSync(dirname(resultsPath), { recursive: true });
  writeFileSync(resultsPath, `${JSON.stringify(results, null, 2)}\n`);
  log(`\nwrote ${relative(resultsPath)} (${results.seconds} s)`);
}

// ---------------------------------------------------------------- cold start

function coldStart() {
  log(`cold start: ${plan.startRuns} interleaved runs of each command`);
  const lint = ["lint", SAMPLE];
  const commands = [
    { name: "node -e 0", argv: [node, "-e", "0"] },
    { name: `npm bin (${pkg.bin.mtalint}) lint`, argv: [node, paths.npmBin, ...lint], user: true },
  ];
  if (paths.npmBin !== paths.launcher) commands.push({ name: "dist/mtalint-launcher.cjs lint", argv: [node, paths.launcher, ...lint] });
  if (paths.npmBin !== paths.bin) commands.push({ name: "dist/src/cli/bin.js lint", argv: [node, paths.bin, ...lint] });
  commands.push({ name: "node dist/mtalint.cjs lint (no code cache)", argv: [node, paths.bundle, ...lint] });
  // What the CLI costs without the bundle (the compiled ES modules under dist/); slow, so not in --quick.
  if (!quick) commands.push({ name: "module tree (MTALINT_NO_BUNDLE=1) lint", argv: [node, paths.bin, ...lint], env: { MTALINT_NO_BUNDLE: "1" } });
  for (const c of commands) run(c.argv, c.env); // warm-up: page cache, code cache
  const samples = commands.map(() => ({ wall: [], cpu: [] }));
  for (let i = 0; i < plan.startRuns; i++) {
    commands.forEach((c, j) => {
      const r = run(c.argv, c.env);
      if (r.status !== 0 && r.status !== 1) fail(`${c.name} exited ${r.status}: ${r.stderr}`);
      samples[j].wall.push(r.wall);
      if (r.cpu !== undefined) samples[j].cpu.push(r.cpu);
    });
  }
  const base = { wall: median(samples[0].wall), cpu: median(samples[0].cpu) };
  const out = commands.map((c, j) => ({
    command: c.name,
    wallMs: round(median(samples[j].wall)),
    cpuMs: samples[j].cpu.length ? round(median(samples[j].cpu)) : undefined,
    wallRatio: round(median(samples[j].wall) / base.wall, 2),
    cpuRatio: samples[j].cpu.length ? round(median(samples[j].cpu) / base.cpu, 2) : undefined,
  }));
  out.slice(1).forEach((o, k) => {
    const c = commands[k + 1];
    rows.push({
      group: "cold start",
      what: o.command,
      value: `${o.wallMs} ms`,
      baseline: `node -e 0: ${out[0].wallMs} ms`,
      ratio: `${o.wallRatio}×${o.cpuRatio !== undefined ? ` (CPU ${o.cpuRatio}×)` : ""}`,
      goal: c.user ? `≤ ${GOALS.startRatio}×` : "",
      met: c.user ? o.wallRatio <= GOALS.startRatio : undefined,
    });
  });
  return { sample: SAMPLE, runs: plan.startRuns, commands: out };
}

// ---------------------------------------------------------------- batch and memory

function batch() {
  const dir = join(scratch, "hosts");
  log(`batch: generating ${plan.dirs} Postfix config dirs`);
  const dirs = generatePostfixDirs(dir, plan.dirs);
  const report = join(scratch, "batch.json");
  // One mtalint process on the parent directory: it finds and lints every config dir under it.
  const argv = [node, paths.npmBin, "lint", dir, "--format", "json", "--output", report];
  run(argv); // warm-up (page cache, code cache)
  const ours = run(argv, {}, { rss: true });
  if (ours.status !== 0 && ours.status !== 1) fail(`mtalint batch exited ${ours.status}: ${ours.stderr}`);
  const linted = JSON.parse(readFileSync(report, "utf8"));
  const files = Array.isArray(linted) ? linted.length : (linted.files?.length ?? 0);
  const out = { dirs: dirs.length, filesLinted: files, mtalintMs: round(ours.wall), mtalintCpuMs: ours.cpu, mtalintRssMB: ours.rssMB };
  if (existsSync(postconfPath)) {
    log(`batch: real postconf -n on each of ${dirs.length} dirs`);
    backdate(dirs);
    const t = performance.now();
    let failures = 0;
    for (const d of dirs) {
      const r = spawnSync(postconfPath, ["-c", d, "-n"], { env: oracleEnv, stdio: "ignore" });
      if (r.status !== 0) failures++;
    }
    out.postconfMs = round(performance.now() - t);
    out.postconfFailures = failures;
    out.speedup = round(out.postconfMs / out.mtalintMs, 1);
    rows.push({
      group: "batch",
      what: `${dirs.length} dirs, one mtalint process (${files} files)`,
      value: `${out.mtalintMs} ms`,
      baseline: `postconf -n loop: ${out.postconfMs} ms`,
      ratio: `${out.speedup}× faster`,
      goal: `≥ ${GOALS.batchSpeedup}×`,
      met: out.speedup >= GOALS.batchSpeedup,
    });
    if (failures) log(`  note: postconf failed on ${failures} generated dirs`);
  } else {
    out.postconf = `not measured: real postconf not found at ${postconfPath} (npm run oracles)`;
    rows.push({ group: "batch", what: `${dirs.length} dirs, one mtalint process`, value: `${out.mtalintMs} ms`, baseline: "postconf oracle absent", ratio: "skipped", goal: `≥ ${GOALS.batchSpeedup}×`, met: undefined });
  }
  // Peak memory: the batch process against Node doing nothing.
  const baseRss = [];
  for (let i = 0; i < plan.rssRuns; i++) baseRss.push(run([node, "-e", "0"], {}, { rss: true }).rssMB);
  if (out.mtalintRssMB !== undefined && baseRss[0] !== undefined) {
    out.nodeRssMB = median(baseRss);
    out.rssRatio = round(out.mtalintRssMB / out.nodeRssMB, 2);
    rows.push({
      group: "memory",
      what: `peak RSS, batch of ${dirs.length} dirs`,
      value: `${out.mtalintRssMB} MB`,
      baseline: `node -e 0: ${out.nodeRssMB} MB`,
      ratio: `${out.rssRatio}×`,
      goal: `< ${GOALS.rssRatio}×`,
      met: out.rssRatio < GOALS.rssRatio,
    });
  }
  return out;
}

function generatePostfixDirs(parent, n) {
  const random = prng(9);
  const facts = JSON.parse(readFileSync(join(root, "src/model/data/postfix-parameters.json"), "utf8")).parameters;
  // Parameters a site typically sets, set to their default text (which postconf -n then prints).
  const settable = Object.keys(facts).filter((k) => !facts[k].hostDependent && !facts[k].raw && !facts[k].default.includes("$") && facts[k].default.length < 60);
  const samples = ["submission-sasl", "relay-denied", "relay-denied-fixed", "open-relay", "legacy-upgrade", "legacy-upgrade-fixed"]
    .map((s) => join(root, "samples/postfix", s))
    .filter((s) => existsSync(join(s, "main.cf")));
  const dirs = [];
  for (let i = 0; i < n; i++) {
    const d = join(parent, `host${String(i).padStart(4, "0")}`);
    mkdirSync(d, { recursive: true });
    const sample = samples[i % samples.length];
    const extra = [`myhostname = mx${i}.example.net`, `mynetworks = 127.0.0.0/8 [::1]/128 10.${i % 250}.${(i * 7) % 250}.0/24`];
    for (let k = 0; k < 5; k++) {
      const name = settable[Math.floor(random() * settable.length)];
      extra.push(`${name} = ${facts[name].default}`);
    }
    writeFileSync(join(d, "main.cf"), `${readFileSync(join(sample, "main.cf"), "utf8")}\n# host ${i}\n${extra.join("\n")}\n`);
    if (existsSync(join(sample, "master.cf"))) writeFileSync(join(d, "master.cf"), readFileSync(join(sample, "master.cf")));
    dirs.push(d);
  }
  backdate(dirs);
  return dirs;
}

/** postconf waits ~2 s on a main.cf written in the last second; give the files an older mtime. */
function backdate(dirs) {
  const t = Math.floor(Date.now() / 1000) - 60;
  for (const d of dirs) for (const f of ["main.cf", "master.cf"]) if (existsSync(join(d, f))) utimesSync(join(d, f), t, t);
}

// ---------------------------------------------------------------- scaling

function scaling() {
  const out = {};
  for (const kind of ["postfix", "exim"]) {
    log(`scaling: ${kind} at ${plan.sizes.map((s) => `${s}×`).join(", ")} of ${Math.round(plan.baseBytes / 1024)} KB`);
    // A fresh process per kind: the measurement is the library's, without the other kind's JIT state.
    const r = spawnSync(node, [import.meta.filename, "--scaling-child", JSON.stringify({ kind, sizes: plan.sizes, baseBytes: plan.baseBytes, runs: plan.scalingRuns, dir: join(scratch, `scaling-${kind}`) })], {
      encoding: "utf8",
      env: childEnv,
      maxBuffer: 1 << 26,
    });
    if (r.status !== 0) fail(`scaling (${kind}) failed: ${r.stderr}`);
    const m = JSON.parse(r.stdout);
    out[kind] = m;
    for (const phase of ["parse", "lint"]) {
      const perMB = m.sizes.map((s) => s[`${phase}MsPerMB`]);
      const spread = round(Math.max(...perMB) / Math.min(...perMB) - 1, 2);
      m[`${phase}Spread`] = spread;
      rows.push({
        group: "scaling",
        what: `${kind} ${phase}: ms per MB at ${m.sizes.map((s) => `${s.factor}× (${s.MB} MB)`).join(", ")}`,
        value: perMB.map((x) => x.toFixed(0)).join(" / "),
        baseline: phase === "lint" ? `minus an empty config: ${m.emptyLintMs} ms` : "",
        ratio: `spread ${Math.round(spread * 100)}%`,
        goal: `≤ ${GOALS.linearSpread * 100}%`,
        met: spread <= GOALS.linearSpread,
      });
    }
    const largest = m.sizes[m.sizes.length - 1];
    rows.push({
      group: "scaling",
      what: `${kind} parse throughput at ${largest.factor}× (${largest.MB} MB)`,
      value: `${largest.parseMBs} MB/s`,
      baseline: "",
      ratio: "",
      goal: `≥ ${GOALS.throughputMBs} MB/s`,
      met: largest.parseMBs >= GOALS.throughputMBs,
    });
  }
  return out;
}

/** In a child process: time parse and lint of generated configs of each size through the library. */
async function scalingChild({ kind, sizes, baseBytes, runs, dir }) {
  const lib = await import(pathToFileURL(join(root, "dist/src/index.js")).href);
  const { lintProject } = await import(pathToFileURL(join(root, "dist/src/lint.js")).href);
  const file = kind === "postfix" ? "main.cf" : "exim.conf";
  mkdirSync(dir, { recursive: true });
  const path = join(dir, file);
  if (kind === "postfix") writeFileSync(join(dir, "master.cf"), MASTER_CF);
  const generate = kind === "postfix" ? postfixMainCf : eximConf;
  const parse = kind === "postfix" ? (text) => lib.parseMainCf(new lib.SourceFile(path, text)) : (text) => lib.parseExim(text, { path });
  // The fastest of at least `runs` runs, and of more while they add up to under half a second
  // (small inputs). No forced GC between runs: a full GC makes V8 drop compiled code, and the
  // next run then measures the compiler (a 64 KB exim.conf parsed 4× slower that way).
  const best = (fn) => {
    let min = Infinity;
    let total = 0;
    for (let i = 0; i < 50 && (i < runs || total < 500); i++) {
      const t = performance.now();
      fn();
      const dt = performance.now() - t;
      min = Math.min(min, dt);
      total += dt;
    }
    return min;
  };
  const lintText = (text) => {
    writeFileSync(path, text);
    return best(() => lintProject([dir]));
  };
  // Warm-up on the base size, so that the 1× figures do not carry the JIT's first compilations.
  const base = generate(baseBytes);
  for (let i = 0; i < 3; i++) {
    parse(base);
    writeFileSync(path, base);
    lintProject([dir]);
  }
  const emptyLintMs = lintText(generate(0));
  const out = { file, emptyLintMs: round(emptyLintMs, 2), sizes: [] };
  for (const factor of sizes) {
    const text = generate(baseBytes * factor);
    const MB = Buffer.byteLength(text) / 1e6;
    const parseMs = best(() => parse(text));
    const lintMs = lintText(text);
    out.sizes.push({
      factor,
      MB: round(MB, 2),
      parseMs: round(parseMs, 1),
      lintMs: round(lintMs, 1),
      parseMsPerMB: round(parseMs / MB, 1),
      lintMsPerMB: round((lintMs - emptyLintMs) / MB, 1),
      parseMBs: round(MB / (parseMs / 1000), 1),
    });
  }
  process.stdout.write(JSON.stringify(out));
}

const MASTER_CF = `smtp      inet  n       -       y       -       -       smtpd
submission inet n       -       y       -       -       smtpd
  -o syslog_name=postfix/submission
  -o smtpd_tls_security_level=encrypt
  -o smtpd_sasl_auth_enable=yes
pickup    unix  n       -       y       60      1       pickup
cleanup   unix  n       -       y       -       0       cleanup
qmgr      unix  n       -       n       300     1       qmgr
rewrite   unix  -       -       y       -       -       trivial-rewrite
bounce    unix  -       -       y       -       0       bounce
smtp      unix  -       -       y       -       -       smtp
local     unix  -       n       n       -       -       local
`;

/**
 * A main.cf of about `bytes` bytes: a site's usual settings, then per customer a comment and a
 * restriction class (a parameter with a continued restriction list), all named in
 * smtpd_restriction_classes.
 */
function postfixMainCf(bytes) {
  const head = [
    "# mtalint benchmark main.cf",
    "myhostname = mx.example.org",
    "mydomain = example.org",
    "myorigin = $mydomain",
    "inet_interfaces = all",
    "mydestination = $myhostname, localhost.$mydomain, localhost",
    "mynetworks = 127.0.0.0/8 [::1]/128",
    "smtpd_tls_security_level = may",
    "smtpd_sasl_auth_enable = yes",
    "smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination",
    "smtpd_recipient_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination,",
    "    check_recipient_access hash:/etc/postfix/customers",
  ];
  const lines = [...head];
  const classes = [];
  let size = lines.join("\n").length;
  for (let i = 0; size < bytes; i++) {
    const block = [
      `# customer${i}: mail from and for customer${i}.example is checked against its own maps`,
      `customer${i} = check_client_access hash:/etc/postfix/access/customer${i},`,
      `    check_sender_access hash:/etc/postfix/senders/customer${i}, permit`,
    ];
    lines.push(...block);
    classes.push(`customer${i}`);
    size += block.join("\n").length + 12;
  }
  if (classes.length) {
    lines.push("smtpd_restriction_classes =");
    for (let i = 0; i < classes.length; i += 8) lines.push(`    ${classes.slice(i, i + 8).join(", ")},`);
  }
  return `${lines.join("\n")}\n`;
}

/** An exim.conf of about `bytes` bytes: half ACL statements, half routers, in a complete configuration. */
function eximConf(bytes) {
  const acl = [];
  const routers = [];
  let size = 0;
  for (let i = 0; size < bytes; i++) {
    const a = [`  # sender ${i} is known for spam`, `  deny    message = sender ${i} is blocked here`, `          senders = user${i}@blocked${i}.example`];
    const r = [`customer${i}:`, "  driver = manualroute", `  domains = customer${i}.example`, "  transport = remote_smtp", `  route_data = mx.customer${i}.example`];
    acl.push(...a);
    routers.push(...r);
    size += a.join("\n").length + r.join("\n").length + 2;
  }
  return `# mtalint benchmark exim.conf
primary_hostname = mx.example.org
domainlist local_domains = @ : localhost
domainlist relay_to_domains =
hostlist   relay_from_hosts = 127.0.0.1 : ::1
acl_smtp_rcpt = acl_check_rcpt
never_users = root
tls_advertise_hosts = *

begin acl

acl_check_rcpt:
  accept  hosts = :
${acl.join("\n")}
  accept  authenticated = *
  require message = relay not permitted
          domains = +local_domains : +relay_to_domains
  accept

begin routers

${routers.join("\n")}
dnslookup:
  driver = dnslookup
  domains = ! +local_domains
  transport = remote_smtp
  ignore_target_hosts = 0.0.0.0 : 127.0.0.0/8
  no_more

local_user:
  driver = accept
  check_local_user
  transport = local_delivery

begin transports

remote_smtp:
  driver = smtp

local_delivery:
  driver = appendfile
  file = /var/mail/$local_part_data
  delivery_date_add
  envelope_to_add
  return_path_add

begin retry

*   *   F,2h,15m; G,16h,1h,1.5; F,4d,6h
`;
}

// ---------------------------------------------------------------- helpers

/**
 * Runs a command to its end with output discarded. Wall time is measured here; CPU time and
 * peak RSS come from GNU time when it is installed (its own cost is the same for every command).
 * Without it, `rss: true` has Node report its own peak RSS at exit (process.resourceUsage).
 */
function run(argv, env = {}, { rss = false } = {}) {
  const fullEnv = { ...childEnv, ...env };
  if (timeBin) {
    const stats = join(scratch, "time.out");
    const t = performance.now();
    const r = spawnSync(timeBin, ["-f", "%U %S %M", "-o", stats, ...argv], { env: fullEnv, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
    const wall = performance.now() - t;
    const [user, sys, maxKB] = readFileSync(stats, "utf8").trim().split("\n").pop().split(" ").map(Number);
    return { status: r.status, stderr: r.stderr, wall, cpu: round((user + sys) * 1000), rssMB: round(maxKB / 1024, 1) };
  }
  const report = join(scratch, "rss.out");
  rmSync(report, { force: true });
  if (rss) {
    const preload = join(scratch, "rss.cjs");
    writeFileSync(preload, 'process.on("exit", () => require("fs").writeFileSync(process.env.MTALINT_BENCH_RSS, String(process.resourceUsage().maxRSS)));\n');
    argv = [argv[0], "-r", preload, ...argv.slice(1)];
    fullEnv.MTALINT_BENCH_RSS = report;
  }
  const t = performance.now();
  const r = spawnSync(argv[0], argv.slice(1), { env: fullEnv, stdio: ["ignore", "ignore", "pipe"], encoding: "utf8" });
  const wall = performance.now() - t;
  return { status: r.status, stderr: r.stderr, wall, ...(rss && existsSync(report) ? { rssMB: round(Number(readFileSync(report, "utf8")) / 1024, 1) } : {}) };
}

function printTable() {
  const header = ["", "measured", "baseline", "ratio", "goal", ""];
  const body = rows.map((r) => [r.what, r.value, r.baseline, r.ratio, r.goal, r.met === undefined ? "" : r.met ? "MET" : "MISSED"]);
  const widths = header.map((h, i) => Math.max(h.length, ...body.map((b) => b[i].length)));
  const line = (cells) => cells.map((c, i) => c.padEnd(widths[i])).join("  ").trimEnd();
  log("");
  let group;
  for (const [k, b] of body.entries()) {
    if (rows[k].group !== group) {
      group = rows[k].group;
      log(`\n${group}`);
      log(line(header));
    }
    log(line(b));
  }
  const missed = rows.filter((r) => r.met === false);
  log(missed.length ? `\nMISSED goals (${missed.length}):\n${missed.map((r) => `  - ${r.group}: ${r.what}: ${r.ratio || r.value} (goal ${r.goal})`).join("\n")}` : "\nall goals met");
}

function prng(seed) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function median(xs) {
  if (!xs.length) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
}

function round(x, digits = 1) {
  const f = 10 ** digits;
  return Math.round(x * f) / f;
}

function cpuModel() {
  try {
    const info = readFileSync("/proc/cpuinfo", "utf8");
    const model = /model name\s*:\s*(.*)/.exec(info)?.[1] ?? "unknown CPU";
    return `${model.trim()}, ${info.split("\nprocessor").length} CPUs`;
  } catch {
    return "unknown CPU";
  }
}

function relative(p) {
  return p.startsWith(`${root}/`) ? p.slice(root.length + 1) : p;
}

function log(s) {
  process.stdout.write(`${s}\n`);
}

function fail(message) {
  process.stderr.write(`bench: ${message}\n`);
  rmSync(scratch, { recursive: true, force: true });
  process.exit(2);
}

if (scalingChildArgs) await scalingChild(scalingChildArgs);
else await main();
