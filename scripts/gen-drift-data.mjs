#!/usr/bin/env node
// Writes src/model/data/postfix-since.json: the Postfix release that
// introduced each parameter, from postconf(5) of the oracle's Postfix 3.7.11.
//
// postconf(5) says "This feature is available in Postfix X and later." both
// for a whole parameter and for single values inside its description (a
// restriction, a table type...). Only a sentence that forms the parameter's
// last top-level paragraph dates the parameter itself; any other mention is
// ignored, so a parameter without one simply has no known introduction.
// The hand-curated facts (removals, deprecations, compatibility_level
// defaults, Exim releases) live in postfix-versions.json / exim-versions.json.
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { gunzipSync } from "node:zlib";
import { emit } from "./lib/emit.mjs";

const here = dirname(fileURLToPath(import.meta.url));
const oracleRoot = process.env.MTALINT_ORACLE_DIR ?? join(process.env.XDG_CACHE_HOME ?? join(homedir(), ".cache"), "mtalint-oracles");
const manPath = join(oracleRoot, "usr/share/man/man5/postconf.5.gz");
if (!existsSync(manPath)) throw new Error(`${manPath} not found; run scripts/setup-oracles.sh first`);
const man = gunzipSync(readFileSync(manPath)).toString("utf8");
const parameters = JSON.parse(readFileSync(join(here, "../src/model/data/postfix-parameters.json"), "utf8"));

const since = {};
const sections = man.split(/^\.SH /m).slice(1);
for (const section of sections) {
  const name = /^(\w+)/.exec(section)?.[1];
  if (!name || !Object.hasOwn(parameters.parameters, name)) continue;
  const paragraphs = section.split(/^\.PP$/m);
  const last = paragraphs[paragraphs.length - 1]
    .split("\n")
    .filter((l) => !/^\.(fi|ad|ft|nf|sp|in)\b/.test(l))
    .join(" ")
    .replace(/\\-/g, "-")
    .trim();
  const m = /^This feature is available in Postfix (?:version )?(\d+\.\d+) and later\.$/.exec(last);
  if (m) since[name] = m[1];
}

const out = {
  source: `postconf(5) of Postfix ${parameters.postfixVersion} (Debian package, oracle dir)`,
  generatedBy: "scripts/gen-drift-data.mjs",
  postfixVersion: parameters.postfixVersion,
  since: Object.fromEntries(Object.entries(since).sort(([a], [b]) => a.localeCompare(b))),
};
emit(join(here, "../src/model/data/postfix-since.json"), `${JSON.stringify(out, null, 1)}\n`);
console.log(`postfix-since.json: ${Object.keys(since).length} of ${Object.keys(parameters.parameters).length} parameters dated`);
