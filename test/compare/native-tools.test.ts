/**
 * What the MTAs' own checks catch, and what they do not: the README's
 * comparison table is pinned here. For every sample that is broken on purpose
 * (an open relay, "Relay access denied" for logged-in users, Exim 4.94 taint
 * failures), real `postconf -n` and real `exim -bV` accept the configuration
 * silently, while mtalint reports errors. Where the MTAs' checks do catch
 * something (Exim syntax errors, Postfix "unused parameter" warnings), mtalint
 * reports the same thing on the same line: test/exim/oracle.test.ts and
 * test/model/postfix/postconf-oracle.test.ts pin that.
 */
import { describe, expect, it } from "vitest";
import { join } from "node:path";
import { mtalint, repoRoot } from "../cli/run.js";
import { oracleStatus, postconf } from "../helpers/oracles.js";
import { eximCheck, eximInput, type ValidConfig } from "../exim/helpers.js";

const postfixOracle = oracleStatus("postconf");
const eximOracle = oracleStatus("exim");

interface Broken {
  sample: string;
  /** The rule mtalint must report as an error. */
  rule: string;
}

const POSTFIX: Broken[] = [
  { sample: "samples/postfix/open-relay", rule: "postfix/open-relay" },
  { sample: "samples/postfix/relay-denied", rule: "postfix/missing-permit-sasl-authenticated" },
];

const EXIM: (Broken & { layout: ValidConfig["layout"]; file: string })[] = [
  { sample: "samples/exim/open-relay", file: "exim.conf", layout: "file", rule: "exim/open-relay" },
  { sample: "samples/exim/auth-denied", file: "exim.conf", layout: "file", rule: "exim/missing-authenticated-accept" },
  { sample: "samples/exim/debian-tainted", file: "exim4.conf.template", layout: "template", rule: "exim/tainted-file-path" },
];

function mtalintErrors(path: string): string[] {
  const r = mtalint(["lint", "--format", "json", path]);
  expect(r.code).toBe(1);
  const report = JSON.parse(r.stdout) as { files: { findings: { ruleId: string; severity: string }[] }[] };
  return report.files.flatMap((f) => f.findings.filter((x) => x.severity === "error").map((x) => x.ruleId));
}

describe.skipIf(!postfixOracle.available)("real postconf accepts what mtalint rejects", () => {
  it.each(POSTFIX)("$sample: postconf -n is silent, mtalint reports $rule", ({ sample, rule }) => {
    const r = postconf(join(repoRoot, sample), ["-n"]);
    expect(r.status).toBe(0);
    expect(r.stderr).toBe("");
    expect(mtalintErrors(sample)).toContain(rule);
  });
});

describe.skipIf(!eximOracle.available)("real exim -bV accepts what mtalint rejects", () => {
  it.each(EXIM)("$sample: exim -bV passes, mtalint reports $rule", ({ sample, file, layout, rule }) => {
    const path = join(repoRoot, sample, file);
    const verdict = eximCheck(eximInput({ name: sample, path, layout }));
    expect(verdict).toEqual({ ok: true, message: "" });
    expect(mtalintErrors(join(sample, file))).toContain(rule);
  });
});
