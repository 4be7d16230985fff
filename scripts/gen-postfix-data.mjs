#!/usr/bin/env node
// Regenerates src/model/data/postfix-parameters.json from the real Postfix
// package extracted by scripts/setup-oracles.sh:
//   - names and default values: `postconf -d` (exactly what postconf prints,
//     including compatibility_level expressions);
//   - per-service parameters (e.g. relay_destination_concurrency_limit):
//     `postconf -d` with a probe service for each delivery agent in master.cf;
//   - whether it is a list: postconf(5). (When each parameter appeared is drift
//     knowledge: scripts/gen-drift-data.mjs writes src/model/data/postfix-since.json.)
// Usage: node scripts/gen-postfix-data.mjs [ORACLE_ROOT]
import { execFileSync } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync, utimesSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { emit } from "./lib/emit.mjs";

const root =
  process.argv[2] ?? process.env.MTALINT_ORACLE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "mtalint-oracles");
const postconf = join(root, "usr/sbin/postconf");
const env = { ...process.env, LD_LIBRARY_PATH: `${join(root, "usr/lib/postfix")}:${join(root, "usr/lib/x86_64-linux-gnu")}` };
const out = join(dirname(fileURLToPath(import.meta.url)), "../src/model/data/postfix-parameters.json");

const PROBE = "zzmtalintprobe";
// Defaults that postconf computes from the machine it runs on (or its own pid).
const HOST_DEPENDENT = ["myhostname", "mydomain", "mynetworks", "process_id", "process_name"];
// Delivery agents whose master.cf service name defines NAME_destination_concurrency_limit etc.
const SERVICE_DAEMONS = ["smtp", "lmtp", "local", "virtual", "pipe", "error", "spawn"];

function runDefaults(masterCf, mainCf = "myhostname = mx.example.org\n", flags = ["-d"]) {
  const dir = mkdtempSync(join(tmpdir(), "mtalint-gen-"));
  try {
    writeFileSync(join(dir, "main.cf"), mainCf);
    writeFileSync(join(dir, "master.cf"), masterCf);
    const t = Math.floor(Date.now() / 1000) - 10;
    utimesSync(join(dir, "main.cf"), t, t);
    utimesSync(join(dir, "master.cf"), t, t);
    const text = execFileSync(postconf, ["-c", dir, ...flags], { env, encoding: "utf8", stdio: ["ignore", "pipe", "ignore"] });
    const map = new Map();
    for (const line of text.split("\n")) {
      if (!line) continue;
      const eq = line.indexOf(" =");
      map.set(line.slice(0, eq), line.slice(eq + 2).replace(/^ /, ""));
    }
    return map;
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function parseManual() {
  const man = gunzipSync(readFileSync(join(root, "usr/share/man/man5/postconf.5.gz"))).toString("utf8");
  const info = new Map();
  const sections = man.split(/^\.SH /m).slice(1);
  for (const sec of sections) {
    const m = /^(\S+) \(default: /.exec(sec);
    if (!m) continue;
    const body = sec.replace(/\\f[BIRP]/g, "").replace(/\\-/g, "-");
    const firstPara = body.split(/^\.PP/m)[0] ?? "";
    const isList = /\b(list of|separated by comma|separate (?:list )?elements|comma or whitespace)/i.test(firstPara);
    info.set(m[1], { list: isList });
  }
  return info;
}

const defaults = runDefaults("");
const manual = parseManual();
const version = defaults.get("mail_version");

// "Raw" parameters: postconf -x leaves their value unexpanded (Postfix expands them
// later, at run time, with per-message macros such as $rbl_code or $home).
// Probe: set every parameter to "$myhostname" and see which ones -x leaves alone.
const probeMain =
  "myhostname = mx.example.org\n" +
  [...defaults.keys()].filter((n) => n !== "myhostname" && n !== "config_directory").map((n) => `${n} = $myhostname\n`).join("");
const probed = runDefaults("", probeMain, ["-nx"]);
const raw = new Set([...probed].filter(([name, value]) => value === "$myhostname").map(([name]) => name));

const parameters = {};
for (const name of [...defaults.keys()].sort()) {
  const m = manual.get(name);
  // Host-dependent defaults are computed where mtalint runs (src/model/postfix/host.ts); storing this machine's would make the data unreproducible.
  const entry = { default: HOST_DEPENDENT.includes(name) ? "" : defaults.get(name) };
  // *_restrictions names are restriction lists, except yes/no switches such as smtpd_relay_before_recipient_restrictions.
  const boolean = /^(yes|no)$/.test(entry.default) || /\? \{(yes|no)\} : \{(yes|no)\}/.test(entry.default);
  if (m?.list || (name.endsWith("_restrictions") && !boolean)) entry.list = true;
  if (name.endsWith("_restrictions") && !boolean) entry.restrictionList = true;
  if (HOST_DEPENDENT.includes(name)) entry.hostDependent = true;
  if (raw.has(name)) entry.raw = true;
  parameters[name] = entry;
}

const serviceParameters = {};
for (const daemon of SERVICE_DAEMONS) {
  const withProbe = runDefaults(`${PROBE} unix - - n - - ${daemon}\n`);
  const list = [];
  for (const [name, value] of withProbe) {
    if (!name.startsWith(`${PROBE}_`)) continue;
    list.push({ suffix: name.slice(PROBE.length), default: value.split(PROBE).join("${service}") });
  }
  list.sort((a, b) => (a.suffix < b.suffix ? -1 : 1));
  serviceParameters[daemon] = list;
}

// Database clients whose "TYPE:name" (name not a file) turns name_SUFFIX main.cf settings into parameters
// (postconf_dbms.c). The suffix candidates come from the clients' manuals; postconf keeps those it knows.
const DBMS_CANDIDATES = {
  ldap: "server_host server_port timeout search_base query_filter result_format domain result_attribute special_result_attribute terminal_result_attribute leaf_result_attribute scope bind bind_dn bind_pw cache cache_expiry cache_size recursion_limit expansion_limit size_limit dereference chase_referrals debuglevel version sasl sasl_mechs sasl_realm sasl_authz_id sasl_minssf start_tls tls_ca_cert_dir tls_ca_cert_file tls_cert tls_key tls_require_cert tls_random_file tls_cipher_suite socket_timeout".split(" "),
  mysql: "hosts user password dbname query result_format domain expansion_limit select_field table where_field additional_conditions option_file option_group tls_cert_file tls_key_file tls_CAfile tls_CApath tls_ciphers tls_verify_cert idle_interval retry_interval charset".split(" "),
  pgsql: "hosts user password dbname query result_format domain expansion_limit select_field table where_field additional_conditions select_function idle_interval retry_interval encoding".split(" "),
  sqlite: "dbpath query result_format domain expansion_limit select_field table where_field additional_conditions".split(" "),
  memcache: "memcache backup flags ttl key_format domain data_size_limit line_size_limit max_try retry_pause timeout".split(" "),
};
const dbmsParameters = {};
for (const [type, candidates] of Object.entries(DBMS_CANDIDATES)) {
  const probe = `zz${type}probe`;
  const main = `myhostname = mx.example.org\nalias_maps = ${type}:${probe}\n${candidates.map((c) => `${probe}_${c} = x\n`).join("")}`;
  const known = [...runDefaults("", main, ["-n"]).keys()].filter((n) => n.startsWith(`${probe}_`)).map((n) => n.slice(probe.length + 1));
  if (known.length) dbmsParameters[type] = known.sort();
}

const data = {
  source: `Debian postfix ${version}: postconf -d, postconf(5)`,
  generatedBy: "scripts/gen-postfix-data.mjs",
  postfixVersion: version,
  parameters,
  serviceParameters,
  dbmsParameters,
};
emit(out, JSON.stringify(data, null, 1) + "\n");
console.log(`wrote ${out}: ${Object.keys(parameters).length} parameters, postfix ${version}`);
