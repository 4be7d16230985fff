/**
 * The drift samples against the real Exim 4.96 and Postfix 3.7: what the
 * binaries accept at load time, and (Exim) what the taint rules refuse
 * only at run time, measured with address testing (-bt).
 */
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { lint } from "../../src/lint.js";
import { eximCheck, eximInput, repoRoot, validConfigs } from "../exim/helpers.js";
import { exim, oracleStatus, postconf } from "../helpers/oracles.js";

const eximSt = oracleStatus("exim");
const postconfSt = oracleStatus("postconf");
const sample = (name: string) => validConfigs().find((c) => c.name === `samples/${name}`)!;

function ruleIds(path: string, settings: Record<string, string> = {}): string[] {
  return lint([path], { settings: { rules: {}, ...settings } }).files.flatMap((f) => f.findings.map((x) => x.ruleId)).sort();
}

describe("Exim samples", () => {
  test("debian-tainted has the 4.94 taint findings and debian-tainted-fixed none", () => {
    expect(ruleIds(join(repoRoot, "samples/exim/debian-tainted"))).toEqual(["exim/tainted-file-path", "exim/tainted-file-path", "exim/tainted-file-path", "exim/tainted-lookup"]);
    expect(ruleIds(join(repoRoot, "samples/exim/debian-tainted-fixed"))).toEqual([]);
    // Before 4.94 the same configuration was fine.
    expect(ruleIds(join(repoRoot, "samples/exim/debian-tainted"), { eximVersion: "4.93" })).toEqual([]);
  });

  describe.skipIf(!eximSt.available)("compared with the real Exim 4.96", () => {
    test.each(["debian-tainted", "debian-tainted-fixed"])("exim -bV accepts %s: taint is not checked at load time", (name) => {
      expect(eximCheck(eximInput(sample(name)))).toMatchObject({ ok: true });
    });

    test("routing through the tainted lsearch file name fails at run time; the fixed router does not", () => {
      const bad = exim(["-C", eximInput(sample("debian-tainted")), "-bt", "alice@lists.example.net"]);
      expect(bad.stdout + bad.stderr).toMatch(/[Tt]ainted/);
      const good = exim(["-C", eximInput(sample("debian-tainted-fixed")), "-bt", "alice@lists.example.net"]);
      expect(good.stdout + good.stderr).not.toMatch(/[Tt]ainted/);
    });
  });
});

describe.skipIf(!postconfSt.available)("Postfix samples compared with the real postconf 3.7", () => {
  test.each(["legacy-upgrade", "legacy-upgrade-fixed"])("postconf reads %s without warnings, as mtalint finds no removed or unknown parameter at 3.7", (name) => {
    const dir = join(repoRoot, "samples/postfix", name);
    const r = postconf(dir, ["-n"]);
    expect(r.stderr).toBe("");
    const ids = ruleIds(dir, { postfixVersion: "3.7" });
    expect(ids.filter((id) => id === "postfix/removed-parameter" || id === "postfix/parameter-too-new" || id === "postfix/unknown-parameter")).toEqual([]);
  });

  test("legacy-upgrade has removed restrictions at 3.11 and legacy-upgrade-fixed has no drift findings", () => {
    const drift = (ids: string[]) => ids.filter((id) => /removed|deprecated|too-new|compat-level/.test(id));
    expect(new Set(drift(ruleIds(join(repoRoot, "samples/postfix/legacy-upgrade"))))).toEqual(
      new Set(["postfix/compat-level-drift", "postfix/deprecated-parameter", "postfix/removed-restriction"]),
    );
    expect(drift(ruleIds(join(repoRoot, "samples/postfix/legacy-upgrade-fixed")))).toEqual([]);
  });
});
