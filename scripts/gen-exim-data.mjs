#!/usr/bin/env node
// Writes src/model/data/exim-options.json and exim-builtin-macros.json.
//
// Option names, types, defaults, scopes and versions come from Exim's own
// OptionLists.txt (4.96, from the oracle dir of scripts/setup-oracles.sh).
// When the real exim4 binary is there too, three facts OptionLists cannot give
// are measured from it and stored beside: the line `exim -bP` prints for each
// main option of an empty configuration (the Debian build's compiled-in
// defaults), how each main option prints a value (probed by setting it to
// "3072" and "010"), and the builtin macros (`exim -bP macros`), which also
// name every option the binary knows (_OPT_MAIN_*, _OPT_ROUTER_<driver>_*...).
import { spawnSync } from "node:child_process";
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { homedir, tmpdir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { emit } from "./lib/emit.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const oracleRoot = process.env.MTALINT_ORACLE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "mtalint-oracles");
const docDir = join(oracleRoot, "usr/share/doc/exim4-base");
const eximBin = join(oracleRoot, "usr/sbin/exim4");

// The committed data holds facts only the binary gives (printed defaults, print styles, builtin
// macros): regenerating without it would silently drop them.
if (!existsSync(eximBin)) {
  console.error(`gen-exim-data: ${eximBin} not found; run 'npm run oracles' first (scripts/setup-oracles.sh)`);
  process.exit(1);
}

const env = { ...process.env, LD_LIBRARY_PATH: join(oracleRoot, "usr/lib/x86_64-linux-gnu") };

const DRIVERS = {
  routers: ["accept", "dnslookup", "ipliteral", "iplookup", "manualroute", "queryprogram", "redirect"],
  transports: ["appendfile", "autoreply", "lmtp", "pipe", "smtp"],
  authenticators: ["cram_md5", "cyrus_sasl", "dovecot", "external", "gsasl", "heimdal_gssapi", "plaintext", "spa", "tls"],
};

function readDoc(name) {
  const plain = join(docDir, name);
  if (existsSync(plain)) return readFileSync(plain, "utf8");
  if (existsSync(plain + ".gz")) return gunzipSync(readFileSync(plain + ".gz")).toString("utf8");
  throw new Error(`${plain}(.gz) not found; run scripts/setup-oracles.sh first`);
}

function expandTabs(line) {
  let out = "";
  for (const ch of line) out += ch === "\t" ? " ".repeat(8 - (out.length % 8)) : ch;
  return out;
}

const TYPE_RE = /^(boolean|(?:string|host|domain|address|local part|time) list\*?|string\*?|integer|int|time|fixed-point|octal-integer|uid|gid|rewrite rules)\b\*?/;

function scopeOf(word) {
  if (word === "main") return { section: "main" };
  for (const [section, drivers] of Object.entries(DRIVERS)) {
    if (word === section) return { section };
    if (drivers.includes(word)) return { section, driver: word };
  }
  return undefined;
}

/** Parses the run-time option table: "name  type  default  scope  version", with continuation rows. */
function parseOptionLists(text) {
  const lines = text.split("\n").map(expandTabs);
  const start = lines.findIndex((l) => /^-{20,}$/.test(l.trim()));
  const end = lines.findIndex((l, i) => i > start && /^2\. /.test(l));
  const rows = [];
  let current;
  for (const raw of lines.slice(start + 1, end)) {
    if (!raw.trim()) continue;
    let rest = raw;
    let name;
    if (!/^\s/.test(raw)) {
      name = raw.split(/\s+/)[0];
      rest = raw.slice(name.length);
    }
    rest = rest.trim();
    let type;
    const t = TYPE_RE.exec(rest);
    if (t) {
      type = t[0];
      rest = rest.slice(type.length).trim();
    }
    if (name) {
      current = { name, type: type ?? "string" };
    } else if (!current) continue;
    // A row whose default was too long for its column carries scope and version on the next row.
    const pending = rows.at(-1);
    if (!name && !type && pending && pending.name === current.name && pending.scope === undefined) {
      const [scopeWord, ...ver] = rest.split(/\s+/);
      const sc = scopeOf(scopeWord);
      if (sc) Object.assign(pending, sc, { scope: scopeWord, version: versionOf(ver.join(" ")) });
      continue;
    }
    let def;
    if (rest.startsWith('"')) {
      const close = rest.indexOf('"', 1);
      def = rest.slice(0, close + 1);
      rest = rest.slice(close + 1).trim();
    } else {
      def = rest.split(/\s+/)[0];
      rest = rest.slice(def.length).trim();
    }
    const [scopeWord = "", ...ver] = rest.split(/\s+/);
    const sc = scopeOf(scopeWord);
    rows.push({
      name: current.name,
      type: type ?? current.type,
      default: def,
      ...(sc ? { ...sc, scope: scopeWord } : {}),
      version: versionOf(ver.filter((w) => w !== "(auth)").join(" ")),
      note: ver.join(" ") || undefined,
    });
  }
  return rows;
}

function versionOf(text) {
  const m = /^(\d+\.\d+)/.exec(text);
  return m ? m[1] : undefined;
}

function runExim(args, configText) {
  const dir = mkdtempSync(join(tmpdir(), "mtalint-gen-"));
  try {
    const file = join(dir, "exim.conf");
    writeFileSync(file, configText);
    const r = spawnSync(eximBin, ["-C", file, ...args], { env, encoding: "utf8" });
    return { stdout: r.stdout, status: r.status };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function printedLine(stdout, name) {
  return stdout.split("\n").find((l) => l === name || l === `no_${name}` || l.startsWith(`${name} =`));
}

/** How `exim -bP` prints a value of a main option, measured with two probe values. */
function probePrintStyle(name) {
  const a = printedLine(runExim(["-bP", name], `${name} = 3072\n`).stdout, name);
  const b = printedLine(runExim(["-bP", name], `${name} = 010\n`).stdout, name);
  const va = a?.slice(name.length + 3);
  const vb = b?.slice(name.length + 3);
  if (va === undefined || va === "3072") {
    // Time options refuse a bare number; a value with a unit tells them apart.
    const c = printedLine(runExim(["-bP", name], `${name} = 90m\n`).stdout, name)?.slice(name.length + 3);
    if (c === "1h30m") return "time";
  }
  if (va === undefined) return "string";
  if (va === "3072" && vb === "010") return "string";
  if (va === "3072" && vb === "8") return "int";
  if (va === "3K" && vb === "8") return "mkint";
  if (va === "3M" && vb === "8K") return "kint";
  if (va === "51m12s") return "time";
  if (va === "3072.0") return "fixed";
  if (va === "06000") return "octal";
  return "string";
}

const rows = parseOptionLists(readDoc("OptionLists.txt"));
const options = { main: {}, routers: {}, transports: {}, authenticators: {}, drivers: {} };
for (const r of rows) {
  if (!r.section) continue;
  const entry = { type: r.type, ...(r.default !== "unset" ? { default: r.default } : {}), ...(r.version ? { version: r.version } : {}) };
  if (r.driver) {
    const key = `${r.section}/${r.driver}`;
    (options.drivers[key] ??= {})[r.name] = entry;
  } else {
    options[r.section][r.name] ??= entry;
  }
}

let builtinMacros = {};
if (existsSync(eximBin)) {
  const macros = runExim(["-bP", "macros"], "").stdout;
  for (const line of macros.split("\n")) {
    const eq = line.indexOf("=");
    if (eq > 0) builtinMacros[line.slice(0, eq)] = line.slice(eq + 1);
  }
  // Names the binary knows but OptionLists (last updated for 4.95) lacks; the macros spell them in upper case.
  for (const name of Object.keys(builtinMacros)) {
    let m;
    if ((m = /^_OPT_MAIN_(.+)$/.exec(name))) options.main[m[1].toLowerCase()] ??= { type: "string" };
    else if ((m = /^_OPT_(ROUTERS|TRANSPORTS|AUTHENTICATORS)_(.+)$/.exec(name))) options[m[1].toLowerCase()][m[2].toLowerCase()] ??= { type: "string" };
    else if ((m = /^_OPT_(ROUTER|TRANSPORT|AUTHENTICATOR)_(.+)$/.exec(name))) {
      const section = `${m[1].toLowerCase()}s`;
      const driver = DRIVERS[section].find((d) => m[2].startsWith(`${d.toUpperCase()}_`));
      if (driver) (options.drivers[`${section}/${driver}`] ??= {})[m[2].slice(driver.length + 1).toLowerCase()] ??= { type: "string" };
    }
  }
  const inBuild = (prefix, name) => `${prefix}${name.toUpperCase()}` in builtinMacros;
  for (const section of ["routers", "transports", "authenticators"]) {
    for (const [name, entry] of Object.entries(options[section])) entry.inBuild = inBuild(`_OPT_${section.toUpperCase()}_`, name);
  }
  for (const [key, opts] of Object.entries(options.drivers)) {
    const [section, driver] = key.split("/");
    const kind = section.slice(0, -1).toUpperCase();
    for (const [name, entry] of Object.entries(opts)) entry.inBuild = inBuild(`_OPT_${kind}_${driver.toUpperCase()}_`, name);
  }
  options.driversInBuild = Object.keys(builtinMacros)
    .filter((n) => n.startsWith("_DRIVER_"))
    .map((n) => { const [, kind, ...rest] = n.slice(1).split("_"); return `${kind.toLowerCase()}s/${rest.join("_").toLowerCase()}`; })
    .sort();
  for (const [name, entry] of Object.entries(options.main)) entry.inBuild = inBuild("_OPT_MAIN_", name);
  const all = runExim(["-bP"], "").stdout.split("\n").filter(Boolean);
  for (const line of all) {
    const name = line.includes(" =") ? line.slice(0, line.indexOf(" =")) : line.replace(/^no_/, "");
    const entry = (options.main[name] ??= { type: "string" });
    entry.printedDefault = line;
    if (line.includes(" =")) entry.print = probePrintStyle(name);
    else entry.print = "bool";
  }
}

const outDir = join(here, "../src/model/data");
const sortObj = (o) => Object.fromEntries(Object.keys(o).sort().map((k) => [k, o[k]]));
const data = {
  source: "OptionLists.txt of Exim 4.96 (Debian exim4-base), printed defaults measured with exim4 -bP",
  main: sortObj(options.main),
  routers: sortObj(options.routers),
  transports: sortObj(options.transports),
  authenticators: sortObj(options.authenticators),
  driversInBuild: options.driversInBuild ?? [],
  drivers: sortObj(Object.fromEntries(Object.entries(options.drivers).map(([k, v]) => [k, sortObj(v)]))),
};
emit(join(outDir, "exim-options.json"), JSON.stringify(data, null, 1) + "\n");
console.log(`wrote src/model/data/exim-options.json (${Object.keys(data.main).length} main options)`);
if (Object.keys(builtinMacros).length) {
  emit(join(outDir, "exim-builtin-macros.json"), JSON.stringify(builtinMacros, null, 1) + "\n");
  console.log(`wrote src/model/data/exim-builtin-macros.json (${Object.keys(builtinMacros).length} macros)`);
}
