/**
 * parse → print → parse is stable.
 *
 * Postfix. print(T) is `mtalint print DIR` without names, i.e. postconf -n:
 *   printNonDefault(model of main.cf T, master.cf M).stdout — one
 *   "name = value" line per main.cf parameter Postfix knows, sorted, values'
 *   words joined by single spaces, plus config_directory. Its output is
 *   itself a main.cf. For generated T (and a generated M kept unchanged),
 *   with T' = print(T):
 *   - every line of print(T') is a line of T', and a line of T' is missing
 *     only for a user-defined parameter (not built in) that nothing printed
 *     refers to: Postfix knows a user-defined name only while some main.cf
 *     or master.cf value refers to it, and postconf -n drops the unknown
 *     parameters whose values did (real postconf does the same: printing
 *     "a =" / "b = $a" where b is unknown gives "a =", which then prints as
 *     nothing; see the row below);
 *   - every name print(T') prints has the same value in both models, raw and
 *     expanded (postconf NAME, postconf -x NAME, postconf -nx), and the -Px
 *     service overrides are unchanged. With -x a value that does not expand
 *     makes the whole output fatal (printed as nothing): dropping a
 *     user-defined parameter can remove such a value, never add one.
 *   Files Postfix refuses (an error diagnostic) are skipped: print refuses them too.
 *
 * Exim. print(C) is what `mtalint print FILE NAME...` (exim -bP) prints for
 *   every main option C sets, followed by `exim -bP +NAME` for every named
 *   list C defines: "name = value", "name" / "no_name" for booleans, and
 *   "domainlist NAME = value" — all of it Exim configuration syntax. Property:
 *   with C' = print(C) (macros, conditionals and includes resolved away),
 *   print(C') === print(C): the same options and named lists with the same
 *   values, as Exim prints them. The ACL section is checked the
 *   same way through printAcl: every ACL C defines, rewritten as statements
 *   one condition per line ("verb" then "  cond = value"), parses back to the
 *   same printAcl text.
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { Severity } from "../../src/engine/severity.js";
import { parseExim } from "../../src/exim/api.js";
import { eximOptionValue, printAcl, printNamedList } from "../../src/model/exim/print.js";
import { mainOption } from "../../src/model/exim/options.js";
import type { EximConfig } from "../../src/ast/exim-nodes.js";
import type { PostfixConfig } from "../../src/model/postfix/config.js";
import { builtinParameter } from "../../src/model/postfix/parameters.js";
import { printNonDefault, printParameters, printServiceOverrides } from "../../src/model/postfix/print.js";
import { eximText } from "./exim-arbitraries.js";
import { postfixConfigOf, POSTFIX_DIR } from "./pipeline.js";
import { mainCfText, masterCfText } from "./postfix-arbitraries.js";
import { budget, fcParams } from "./settings.js";

function nameOf(line: string): string {
  return line.slice(0, line.indexOf(" ="));
}

/** A name the model knows only as a user-defined parameter (not built in, not defined by a master.cf service). */
function userOnly(config: PostfixConfig, name: string): boolean {
  return config.userParameters.has(name) && !config.serviceParameters.has(name);
}

function refused(diagnostics: { severity: Severity }[]): boolean {
  return diagnostics.some((d) => d.severity === Severity.Error);
}

describe("Postfix: postconf -n output re-parsed is the same configuration", () => {
  it(
    "print(print(T)) === print(T); every printed name keeps its value, raw and expanded; -P unchanged",
    () => {
      fc.assert(
        fc.property(mainCfText(), masterCfText(), (main, master) => {
          const a = postfixConfigOf(main, master);
          if (refused(a.diagnostics)) return;
          const printed = printNonDefault(a).stdout;
          const b = postfixConfigOf(printed, master);
          expect(b.diagnostics.filter((d) => d.severity === Severity.Error)).toEqual([]);
          const again = printNonDefault(b).stdout;
          const before = printed.split("\n").filter(Boolean);
          const after = again.split("\n").filter(Boolean);
          expect(after.filter((l) => !before.includes(l))).toEqual([]);
          const dropped = before.filter((l) => !after.includes(l)).map(nameOf);
          expect(dropped.filter((n) => builtinParameter(n) !== undefined || !userOnly(a, n))).toEqual([]);
          const names = after.map(nameOf);
          expect(printParameters(b, names).stdout).toBe(printParameters(a, names).stdout);
          // Expanded: a value that does not expand makes -x fatal (nothing printed). Dropping a user-defined
          // parameter can only remove such a value, never add one. Warnings quote values as written: not compared.
          const xa = printParameters(a, names, true);
          const xb = printParameters(b, names, true);
          expect(xb.fatal !== undefined).toBe(xa.fatal !== undefined);
          expect(xb.stdout).toBe(xa.stdout);
          const na = printNonDefault(a, true);
          const nb = printNonDefault(b, true);
          if (nb.fatal !== undefined) expect(na.fatal).toBeDefined();
          const kept = (r: typeof na) => r.stdout.split("\n").filter((l) => names.includes(nameOf(l)));
          if (na.fatal === undefined) expect(kept(nb)).toEqual(kept(na));
          expect(printServiceOverrides(b, true)).toEqual(printServiceOverrides(a, true));
        }),
        fcParams(150),
      );
    },
    budget(30_000, 150),
  );

  it("a user-defined parameter referred to only by an unknown one prints once, then not (as real postconf does)", () => {
    const first = printNonDefault(postfixConfigOf("trusted_clients =\nmy_class = $trusted_clients\n", undefined)).stdout;
    expect(first).toBe(`config_directory = ${POSTFIX_DIR}\ntrusted_clients =\n`);
    expect(printNonDefault(postfixConfigOf(first, undefined)).stdout).toBe(`config_directory = ${POSTFIX_DIR}\n`);
  });

  it("config_directory is printed as the directory and reads back as set", () => {
    const a = postfixConfigOf("", undefined);
    expect(printNonDefault(a).stdout).toBe(`config_directory = ${POSTFIX_DIR}\n`);
    expect(printNonDefault(postfixConfigOf(printNonDefault(a).stdout, undefined)).stdout).toBe(`config_directory = ${POSTFIX_DIR}\n`);
  });
});

/** exim -bP NAME for every main option set (names as Exim prints them), then -bP +NAME for every named list. */
function printExim(config: EximConfig): string {
  const lines: string[] = [];
  const names = [...new Set(config.mainOptions.map((o) => o.name))].filter((n) => mainOption(n)?.printedDefault !== undefined).sort();
  for (const n of names) lines.push(eximOptionValue(config, n, { hostname: "mx.example.org" })!.line);
  for (const n of [...new Set(config.namedLists.map((l) => l.name))].sort()) lines.push(printNamedList(config, n)!);
  return lines.map((l) => `${l}\n`).join("");
}

/** An ACL section holding each ACL statement by statement, one condition or modifier per line, values as the model holds them. */
function aclSection(config: EximConfig): string {
  const out = ["begin acl"];
  for (const acl of config.acls) {
    out.push(`${acl.name}:`);
    for (const s of acl.statements) {
      out.push(`  ${s.verb}`);
      for (const c of s.conditions) {
        out.push(`    ${c.negated ? "!" : ""}${c.name}${c.variable ? ` ${c.variable}` : ""}${c.value !== undefined ? ` = ${c.value}` : ""}`);
      }
    }
  }
  return out.join("\n") + "\n";
}

describe("Exim: exim -bP output re-parsed is the same configuration", () => {
  it(
    "print(print(C)) === print(C) for main options and named lists; ACLs print the same after a rewrite",
    () => {
      fc.assert(
        fc.property(eximText({ valid: true }), (text) => {
          const a = parseExim(text, { path: "/etc/exim4/exim4.conf" });
          if (refused(a.diagnostics)) return;
          const printed = printExim(a.config);
          const b = parseExim(printed, { path: "/etc/exim4/exim4.conf" });
          expect(b.diagnostics.filter((d) => d.severity === Severity.Error).map((d) => d.message)).toEqual([]);
          expect(printExim(b.config)).toBe(printed);
          const acls = parseExim(printed + aclSection(a.config), { path: "/etc/exim4/exim4.conf" });
          expect(acls.config.acls.map(printAcl)).toEqual(a.config.acls.map(printAcl));
        }),
        fcParams(150),
      );
    },
    budget(30_000, 150),
  );
});
