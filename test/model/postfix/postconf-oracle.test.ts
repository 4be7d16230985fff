/**
 * Differential tests: mtalint's Postfix model against real postconf, on
 * every main.cf/master.cf under samples/, test/fixtures/ and the shared
 * corpus. Zero differences allowed.
 */
import { relative } from "node:path";
import { describe, expect, it } from "vitest";
import {
  knownParameterNames,
  loadPostfix,
  printNonDefault,
  printParameters,
  printServiceOverrides,
  Severity,
} from "../../../src/index.js";
import masterUnknownOverride from "../../../rules/postfix/master-unknown-override.js";
import parameterTooNew from "../../../rules/postfix/parameter-too-new.js";
import removedParameter from "../../../rules/postfix/removed-parameter.js";
import unknownParameter from "../../../rules/postfix/unknown-parameter.js";
import type { PostfixRule } from "../../../src/engine/rule.js";
import { runPostfixRules } from "../../../src/engine/run.js";
import { defaultSettings } from "../../../src/engine/settings.js";
import { oracleStatus, postconf } from "../../helpers/oracles.js";
import { corpusRoot, postfixDirsUnder, repoRoot, stageConfigDir } from "../../helpers/postfix-dirs.js";

/** postconf computes these from its own process; they can never match another program's. */
const RUNTIME_ONLY = new Set(["process_id", "process_name"]);

/** Lines whose expanded value contains postconf's own pid/name (e.g. debugger_command): masked on both sides. */
function maskRuntime(text: string, program: "postconf" | "mtalint"): string {
  return text.replace(new RegExp(`/${program} \\d+ `, "g"), "/PROGRAM PID ");
}

const dirs = [
  ...postfixDirsUnder(`${repoRoot}/samples/postfix`),
  ...postfixDirsUnder(`${repoRoot}/test/fixtures/postfix`),
  ...postfixDirsUnder(`${corpusRoot}/postfix`),
];
if (postfixDirsUnder(`${corpusRoot}/postfix`).length === 0) {
  console.warn(`no shared corpus at ${corpusRoot}/postfix: comparing samples and fixtures only`);
}

const st = oracleStatus("postconf");

describe.skipIf(!st.available)("mtalint print agrees with real postconf", () => {
  it("found configs to compare", () => {
    expect(dirs.length).toBeGreaterThanOrEqual(20);
  });

  for (const src of dirs) {
    const label = relative(repoRoot, src);
    describe(label, () => {
      const dir = stageConfigDir(src);
      const n = postconf(dir, ["-n"]);
      const refused = n.status !== 0;

      if (refused) {
        it("is refused by postconf and by mtalint", () => {
          const config = loadPostfix(dir);
          expect(config.diagnostics.filter((d) => d.severity === Severity.Error).map((d) => d.message)).not.toEqual([]);
        });
        return;
      }

      it("accepted by postconf: no error diagnostics", () => {
        const config = loadPostfix(dir);
        expect(config.diagnostics.filter((d) => d.severity === Severity.Error)).toEqual([]);
      });

      it("postfix/unknown-parameter and master-unknown-override flag exactly what postconf calls unused", () => {
        const config = loadPostfix(dir);
        // Each finding's range is the parameter name as written.
        const text = (file: string) => (file.endsWith("master.cf") ? config.masterCf!.source.text : config.mainCf!.source.text);
        const flagged = (rule: PostfixRule) =>
          runPostfixRules(config, [rule], { ...defaultSettings(), postfixVersion: "3.7" }).map(
            (f) => `${f.range.file.endsWith("master.cf") ? "master.cf" : "main.cf"}: ${text(f.range.file).slice(f.range.start, f.range.end)}`,
          );
        const real = [...n.stderr.matchAll(/\/(main\.cf|master\.cf): unused parameter: ([^=\s]+)=/g)].map((m) => `${m[1]}: ${m[2]}`);
        // Names with a release history are judged by the drift rules (at 3.7, the release postconf is).
        const ours = [unknownParameter, masterUnknownOverride, removedParameter, parameterTooNew].flatMap(flagged);
        expect([...new Set(ours)].sort()).toEqual([...new Set(real)].sort());
      });

      it("-n", () => {
        expect(printNonDefault(loadPostfix(dir)).stdout).toBe(n.stdout);
      });

      it("-nx", () => {
        const ours = maskRuntime(printNonDefault(loadPostfix(dir), true).stdout, "mtalint");
        expect(ours).toBe(maskRuntime(postconf(dir, ["-nx"]).stdout, "postconf"));
      });

      it("-P and -Px", () => {
        const config = loadPostfix(dir);
        expect(printServiceOverrides(config).stdout).toBe(postconf(dir, ["-P"]).stdout);
        expect(printServiceOverrides(config, true).stdout).toBe(postconf(dir, ["-Px"]).stdout);
      });

      it("every parameter, with defaults (postconf and postconf -x)", () => {
        const config = loadPostfix(dir);
        for (const expandFlag of [false, true]) {
          const real = maskRuntime(postconf(dir, expandFlag ? ["-x"] : []).stdout, "postconf").split("\n").filter(Boolean);
          const names = real.map((l) => l.slice(0, l.indexOf(" =")));
          expect(knownParameterNames(config)).toEqual(names);
          const keep = names.filter((name) => !RUNTIME_ONLY.has(name));
          const ours = maskRuntime(printParameters(config, keep, expandFlag).stdout, "mtalint").split("\n").filter(Boolean);
          expect(ours).toEqual(real.filter((l) => !RUNTIME_ONLY.has(l.slice(0, l.indexOf(" =")))));
        }
      });
    });
  }
});
