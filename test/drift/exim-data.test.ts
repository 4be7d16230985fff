/**
 * The Exim release facts stay consistent; with the oracle, each fact's
 * evidence is found in the section of the 4.96 document it cites, and the
 * real Exim 4.96 refuses exactly the options we call removed or too new.
 */
import { existsSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { gunzipSync } from "zlib";
import { describe, expect, test } from "vitest";
import { eximDrift, eximOptionSince, EXIM_RELEASES } from "../../src/model/drift/exim.js";
import type { DriftEvidence } from "../../src/model/drift/facts.js";
import { atOrAfter, compareVersions } from "../../src/model/drift/version.js";
import { eximOptions } from "../../src/model/exim/options.js";
import { exim, oracleRoot, oracleStatus } from "../helpers/oracles.js";
import { tempDir } from "../exim/helpers.js";

const ordered = (...vs: (string | undefined)[]) => {
  const xs = vs.filter((v): v is string => v !== undefined);
  return xs.every((v, i) => i === 0 || compareVersions(xs[i - 1]!, v) <= 0);
};

describe("Exim facts", () => {
  test("releases are sorted and the latest is the last one", () => {
    expect([...EXIM_RELEASES].sort(compareVersions)).toEqual(EXIM_RELEASES);
    expect(EXIM_RELEASES[EXIM_RELEASES.length - 1]).toBe(eximDrift.latest);
  });

  test.each([...eximDrift.options, ...eximDrift.aclConditions, ...eximDrift.logSelectors])("$name: appeared, then deprecated, then removed", (f) => {
    expect(ordered(f.since, f.deprecated, f.removed)).toBe(true);
    expect(f.source.file).not.toBe("");
  });

  test("the 4.96 binary (inBuild) has the options that exist in 4.96, and not the others", () => {
    // OptionLists.txt of 4.96 still lists options 4.96 refuses (gnutls_require_*, allow_insecure_tainted_data): inBuild is what the binary defines.
    for (const f of eximDrift.options) {
      const exists = atOrAfter("4.96", f.since) && !(f.removed && atOrAfter("4.96", f.removed));
      expect([f.name, eximOptions.main[f.name]?.inBuild === true]).toEqual([f.name, exists]);
    }
  });

  test("no option of OptionLists 4.96 is newer than 4.96", () => {
    for (const name of Object.keys(eximOptions.main)) {
      const since = eximOptionSince(name);
      if (since) expect(compareVersions(since.version, "4.96")).toBeLessThanOrEqual(0);
    }
  });
});

const docDir = join(oracleRoot, "usr/share/doc/exim4-base");
const docs: Record<DriftEvidence["file"], { name: string; heading: RegExp }> = {
  NewStuff: { name: "NewStuff.gz", heading: /^Version (4\.\d+)/ },
  ChangeLog: { name: "changelog.gz", heading: /^Exim version (4\.\d+)/ },
  "README.UPDATING": { name: "README.UPDATING.gz", heading: /^Exim version (4\.\d+)/ },
};

/** The version section of `file` in which `text` occurs (whitespace-insensitive). */
function sectionOf(e: DriftEvidence): string | undefined {
  const lines = gunzipSync(readFileSync(join(docDir, docs[e.file].name))).toString("utf8").split("\n");
  const want = e.text.replace(/\s+/g, " ");
  let section: string | undefined;
  let buffer = "";
  for (const line of lines) {
    const m = docs[e.file].heading.exec(line);
    if (m) {
      section = m[1];
      buffer = "";
    }
    buffer = `${buffer} ${line.trim()}`.replace(/\s+/g, " ").slice(-400);
    if (buffer.includes(want)) return section;
  }
  return undefined;
}

const evidence = [
  ...[...eximDrift.options, ...eximDrift.aclConditions, ...eximDrift.logSelectors].filter((f) => f.evidence).map((f) => ({ name: f.name, e: f.evidence! })),
  { name: "taint", e: eximDrift.taint.evidence },
  { name: "query quoting", e: eximDrift.taint.queryLookups.evidence },
];

describe.skipIf(!existsSync(docDir))("evidence in the Exim 4.96 documents", () => {
  test.each(evidence)("$name: $e.file, section $e.section", ({ e }) => {
    expect(sectionOf(e)).toBe(e.section);
  });
});

describe.skipIf(!oracleStatus("exim").available)("compared with the real Exim 4.96", () => {
  const verdict = (line: string) => {
    const f = join(tempDir(), "exim.conf");
    writeFileSync(f, `${line}\n`);
    const r = exim(["-C", f, "-bV"]);
    return !/configuration error/.test(r.stdout + r.stderr);
  };
  test.each(eximDrift.options)("exim -bV and our 4.96 verdict agree on $name", (f) => {
    const gone = (f.removed !== undefined && atOrAfter("4.96", f.removed)) || !atOrAfter("4.96", f.since);
    const value = f.name === "drop_cr" ? "" : f.name === "return_size_limit" ? " = 100K" : " = *";
    expect(verdict(`${f.name}${value}`)).toBe(!gone);
  });
  test("the taint log selector is refused, as exim/removed-option says", () => {
    expect(verdict("log_selector = +taint")).toBe(false);
  });
  test("the demime condition is refused", () => {
    expect(verdict("acl_smtp_rcpt = r\nbegin acl\nr:\n  deny demime = *\n  accept")).toBe(false);
  });
});
