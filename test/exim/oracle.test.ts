/**
 * Differential tests against the real Exim 4.96: configurations it accepts
 * load without errors and print what `exim -bP` prints; configurations it
 * rejects are rejected on the same line.
 */
import { copyFileSync, cpSync, existsSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { hostname } from "node:os";
import { join, relative } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { runPrintExim } from "../../src/cli/print-exim.js";
import { DEBIAN_DEFAULT_SETTINGS, findSettingsFile } from "../../src/exim/debian.js";
import { loadExim, type EximLoadResult } from "../../src/exim/api.js";
import { mainOption } from "../../src/model/exim/options.js";
import { eximOptionValue, printAllMainOptions } from "../../src/model/exim/print.js";
import { oracleStatus } from "../helpers/oracles.js";
import { describeDiagnostics, errors, eximCheck, eximInput, eximPrint, fixtures, lineOf, repoRoot, tempDir, validConfigs } from "./helpers.js";

const st = oracleStatus("exim");
const counts = { configs: 0, setOptions: 0, allOptions: 0, skippedRuntime: new Set<string>() };

describe("valid configurations", () => {
  const configs = validConfigs();

  test.each(configs)("$name loads with zero error diagnostics", ({ path }) => {
    const r = loadExim(path);
    expect(errors(r), describeDiagnostics(r)).toEqual([]);
  });

  describe.skipIf(!st.available)("compared with the real Exim", () => {
    test.each(configs)("$name: exim -bV accepts it and every main option prints as exim -bP prints it", (c) => {
      const input = eximInput(c);
      expect(eximCheck(input)).toMatchObject({ ok: true });
      const r = loadExim(c.path);
      const names = [...new Set(r.config.mainOptions.map((o) => o.name))].filter((n) => mainOption(n)?.printedDefault !== undefined);
      expect(names.length).toBeGreaterThan(0);
      const ours = names.map((n) => eximOptionValue(r.config, n)!.line);
      expect(ours).toEqual(eximPrint(input, names));
      counts.configs++;
      counts.setOptions += names.length;

      // exim -bP alone: every main option, set or default, in Exim's order.
      const all = eximPrint(input, []);
      const mine = printAllMainOptions(r.config, { hostname: hostname() });
      expect(mine.map((p) => p.name)).toEqual(all.map((l) => (l.includes(" =") ? l.slice(0, l.indexOf(" =")) : l.replace(/^no_/, ""))));
      const comparable = mine.map((p, i) => [p, all[i]!] as const).filter(([p]) => !p.runtimeComputed);
      for (const [p] of mine.map((p, i) => [p, all[i]!] as const).filter(([p]) => p.runtimeComputed)) counts.skippedRuntime.add(p.name);
      expect(comparable.map(([p]) => p.line)).toEqual(comparable.map(([, l]) => l));
      counts.allOptions += comparable.length;
    });

    test("runPrintExim prints as exim -bP does, with its exit status", () => {
      const c = configs[0]!;
      const out = runPrintExim(c.path, ["message_size_limit", "no_such_option", "tls_privatekey"], { defines: {} });
      expect(out.stdout.split("\n").filter(Boolean)).toEqual(eximPrint(c.path, ["message_size_limit", "no_such_option", "tls_privatekey"]));
      expect(out.exitCode).toBe(0);
      expect(runPrintExim(c.path, ["tls_privatekey", "no_such_option"], { defines: {} }).exitCode).toBe(1);
      expect(runPrintExim(c.path, ["+relay_from_hosts"], { defines: {} }).stdout.trim()).toBe(eximPrint(c.path, ["+relay_from_hosts"])[0]);
    });
  });
});

afterAll(() => {
  if (counts.configs) {
    console.log(
      `exim oracle: ${counts.configs} configs, ${counts.setOptions} set main options and ${counts.allOptions} -bP lines compared; ` +
        `runtime-computed, skipped: ${[...counts.skippedRuntime].sort().join(", ")}`,
    );
  }
});

/** Broken fixtures: Exim rejects each for a syntax reason at `line`; mtalint must report an error on that line. */
const broken: { file: string; line: number }[] = [
  { file: "unknown-main-option.conf", line: 3 },
  { file: "missing-equals.conf", line: 3 },
  { file: "bad-boolean.conf", line: 2 },
  { file: "no-on-string.conf", line: 3 },
  { file: "unknown-section.conf", line: 3 },
  { file: "repeated-section.conf", line: 8 },
  { file: "unknown-acl-verb.conf", line: 5 },
  { file: "acl-condition-without-equals.conf", line: 4 },
  { file: "unknown-acl-condition.conf", line: 4 },
  { file: "text-after-driver-name.conf", line: 2 },
  { file: "unknown-router-option.conf", line: 5 },
  { file: "option-set-twice.conf", line: 4 },
  { file: "endif-without-ifdef.conf", line: 5 },
  { file: "unclosed-ifdef.conf", line: 9 },
  { file: "include-missing.conf", line: 2 },
  { file: "duplicate-acl.conf", line: 6 },
];

describe("broken fixtures", () => {
  test("every file in test/fixtures/exim/broken is in the table", () => {
    expect(readdirSync(join(fixtures, "broken")).sort()).toEqual(broken.map((b) => b.file).sort());
  });

  test.each(broken)("$file: mtalint reports an error on line $line", ({ file, line }) => {
    const path = join(fixtures, "broken", file);
    const r: EximLoadResult = loadExim(path);
    expect(errors(r).filter((d) => d.range.file === path).map((d) => lineOf(r, d)), describeDiagnostics(r)).toContain(line);
  });

  describe.skipIf(!st.available)("the real Exim rejects them on the same line", () => {
    test.each(broken)("$file", ({ file, line }) => {
      const path = join(fixtures, "broken", file);
      expect(eximCheck(path)).toMatchObject({ ok: false, line, file: path });
    });
  });
});

test("fixture and sample files are regular files (no stray directories)", () => {
  for (const f of readdirSync(join(fixtures, "broken"))) expect(statSync(join(fixtures, "broken", f)).isFile(), relative(repoRoot, f)).toBe(true);
});
