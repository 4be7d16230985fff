/**
 * Differential fuzzing against real postconf (Debian's 3.7.11): generated
 * main.cf and master.cf files — parameters and values from the knowledge
 * base, continuation lines with comment and blank lines inside, odd spacing,
 * CRLF, duplicates, $name references, "{ ... }" groups, and now and then a
 * line Postfix refuses — must give exactly what postconf prints:
 * `mtalint print` (printNonDefault) = `postconf -c DIR -n`, --expand = -nx,
 * --services = -P and -Px; postconf's "unused parameter" warnings = the
 * unknown-parameter findings (as test/model/postfix/postconf-oracle.test.ts
 * checks for the corpus); a file postconf refuses gets an error diagnostic.
 * One directory is rewritten for every case, and backdated before postconf
 * runs (Postfix waits ~2 s on a file younger than 2 s); postconf is stopped
 * as soon as it reports a fatal error (postconf-runner.ts).
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterAll, describe, expect, it } from "vitest";
import masterUnknownOverride from "../../rules/postfix/master-unknown-override.js";
import parameterTooNew from "../../rules/postfix/parameter-too-new.js";
import removedParameter from "../../rules/postfix/removed-parameter.js";
import unknownParameter from "../../rules/postfix/unknown-parameter.js";
import type { PostfixRule } from "../../src/engine/rule.js";
import { runPostfixRules } from "../../src/engine/run.js";
import { defaultSettings } from "../../src/engine/settings.js";
import { Severity } from "../../src/engine/severity.js";
import { loadPostfix, type PostfixConfig } from "../../src/model/postfix/config.js";
import { printNonDefault, printServiceOverrides, type PrintResult } from "../../src/model/postfix/print.js";
import { oracleStatus, type RunResult } from "../helpers/oracles.js";
import { mainCfText, masterCfText } from "./postfix-arbitraries.js";
import { postconfQuick } from "./postconf-runner.js";
import { budget, fcParams } from "./settings.js";

/** postconf -x expands $process_id/$process_name to its own pid and name (e.g. in debugger_command): masked on both sides. */
function maskRuntime(text: string, program: "postconf" | "mtalint"): string {
  return text.replace(new RegExp(`/${program} \\d+ `, "g"), "/PROGRAM PID ");
}

function flaggedUnused(config: PostfixConfig): string[] {
  const text = (file: string) => (file.endsWith("master.cf") ? config.masterCf!.source.text : config.mainCf!.source.text);
  const ours = [unknownParameter, masterUnknownOverride, removedParameter, parameterTooNew].flatMap((rule: PostfixRule) =>
    runPostfixRules(config, [rule], { ...defaultSettings(), postfixVersion: "3.7" }).map(
      (f) => `${f.range.file.endsWith("master.cf") ? "master.cf" : "main.cf"}: ${text(f.range.file).slice(f.range.start, f.range.end)}`,
    ),
  );
  return [...new Set(ours)].sort();
}

const st = oracleStatus("postconf");
const tally = { cases: 0, refused: 0, hostDependent: 0, runtime: 0, reasons: new Map<string, number>() };

/**
 * postconf checks inet_interfaces against this machine's interfaces and DNS when it computes the
 * mynetworks default: a verdict about the machine the test runs on, which mtalint does not judge.
 */
const HOST_DEPENDENT = /fatal: (?:config variable inet_interfaces: host not found|parameter inet_interfaces: no local interface found)/;

describe.skipIf(!st.available)("generated Postfix configurations: mtalint print = real postconf", () => {
  const dir = mkdtempSync(join(tmpdir(), "mtalint-fuzz-pf-"));
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  // Mostly plausible files; about one in four is refused by postconf.
  const files = fc.tuple(
    fc.oneof({ weight: 6, arbitrary: mainCfText({ plausible: true }) }, { weight: 2, arbitrary: mainCfText() }, { weight: 1, arbitrary: mainCfText({ garbage: true }) }),
    fc.option(fc.oneof({ weight: 5, arbitrary: masterCfText() }, { weight: 1, arbitrary: masterCfText(true) }), { freq: 3 }),
  );

  it(
    "-n, -nx, -P, -Px and unused-parameter warnings",
    async () => {
      await fc.assert(
        fc.asyncProperty(files, async ([main, master]) => {
          writeFileSync(join(dir, "main.cf"), main);
          rmSync(join(dir, "master.cf"), { force: true });
          if (master !== null) writeFileSync(join(dir, "master.cf"), master);
          const real = await postconfQuick(dir, ["-n"]);
          const config = loadPostfix(dir);
          const errors = config.diagnostics.filter((d) => d.severity === Severity.Error).map((d) => d.message);
          tally.cases++;
          if (HOST_DEPENDENT.test(real.stderr)) {
            tally.hostDependent++;
            return;
          }
          if (real.status !== 0) {
            tally.refused++;
            const fatal = /fatal: (.*)/.exec(real.stderr)?.[1] ?? "no fatal line";
            const reason = fatal.replace(/^(?:file )?\S*\/(main|master)\.cf(?:, line \d+|: line \d+)?:?/, "$1.cf:").replace(/dictionary \S+: /, "").replace(/ ?".*$/, "").trim();
            tally.reasons.set(reason, (tally.reasons.get(reason) ?? 0) + 1);
            expect(errors, `postconf refused it: ${real.stderr}`).not.toEqual([]);
            return;
          }
          expect(errors).toEqual([]);
          expect(printNonDefault(config).stdout).toBe(real.stdout);
          const unused = [...real.stderr.matchAll(/\/(main\.cf|master\.cf): unused parameter: ([^=\s]+)=/g)].map((m) => `${m[1]}: ${m[2]}`);
          // postconf prints each non-ASCII byte of a name as "?".
          const asPrinted = (n: string) => Buffer.from(n, "utf8").toString("latin1").replace(/[^\x20-\x7e]/g, "?");
          expect(flaggedUnused(config).map(asPrinted)).toEqual([...new Set(unused)].sort());
          // With -x a value that does not expand is fatal: postconf prints nothing and fails; so must print.
          const sameExpanded = (ours: PrintResult, real: RunResult) => {
            expect(ours.fatal !== undefined, `postconf: ${real.stderr}`).toBe(real.status !== 0);
            expect(maskRuntime(ours.stdout, "mtalint")).toBe(maskRuntime(real.stdout, "postconf"));
          };
          // $process_name and $process_id expand to the printing program's own name and pid: not comparable.
          const runtime = /process_(?:name|id)/.test(main + (master ?? ""));
          if (runtime) tally.runtime++;
          if (!runtime) sameExpanded(printNonDefault(config, true), await postconfQuick(dir, ["-nx"]));
          if (master !== null) {
            expect(printServiceOverrides(config).stdout).toBe((await postconfQuick(dir, ["-P"])).stdout);
            if (!runtime) sameExpanded(printServiceOverrides(config, true), await postconfQuick(dir, ["-Px"]));
          }
        }),
        fcParams(120, 0.5),
      );
    },
    budget(40_000, 120, 0.5),
  );

  afterAll(() => {
    if (!tally.cases) return;
    const reasons = [...tally.reasons].sort((a, b) => b[1] - a[1]).slice(0, 8).map(([r, n]) => `${n}× ${r}`);
    console.log(
      `postconf fuzz: ${tally.cases} generated configurations compared; ${tally.refused} refused by postconf and by mtalint (${reasons.join("; ")}); ${tally.hostDependent} not compared (inet_interfaces checked against this machine); ${tally.runtime} compared without -x ($process_name/$process_id)`,
    );
  });
});
