/**
 * The Postfix release facts stay consistent with themselves and with the
 * Postfix 3.7.11 knowledge base; with the oracle, every "removed"/"unknown"
 * verdict for 3.7 agrees with what the real postconf warns about.
 */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { parameterExistsIn, postfixDefaultsFor, postfixDrift, POSTFIX_RELEASES } from "../../src/model/drift/postfix.js";
import { compareVersions } from "../../src/model/drift/version.js";
import { builtinParameter, builtinParameterNames } from "../../src/model/postfix/parameters.js";
import { oracleStatus, postconf } from "../helpers/oracles.js";

const ordered = (...vs: (string | undefined)[]) => {
  const xs = vs.filter((v): v is string => v !== undefined);
  return xs.every((v, i) => i === 0 || compareVersions(xs[i - 1]!, v) <= 0);
};
/** Built in, or a legacy name that a built-in default still refers to (postconf then treats it as a parameter). */
const knownTo37 = (name: string) =>
  builtinParameter(name) !== undefined || builtinParameterNames().some((n) => new RegExp(`\\$\\{?${name}\\b`).test(builtinParameter(n)!.default));

describe("Postfix facts", () => {
  test("releases are sorted and the latest is the last one", () => {
    expect([...POSTFIX_RELEASES].sort(compareVersions)).toEqual(POSTFIX_RELEASES);
    expect(POSTFIX_RELEASES[POSTFIX_RELEASES.length - 1]).toBe(postfixDrift.latest);
  });

  test.each(postfixDrift.parameters)("$name: appeared, then deprecated, then removed, each with a source", (f) => {
    expect(ordered(f.since, f.deprecated, f.removed)).toBe(true);
    expect(f.source.file).not.toBe("");
    expect(f.since ?? f.deprecated ?? f.removed).toBeDefined();
    if (f.values) expect(f.replacement).toBeDefined();
  });

  test.each(postfixDrift.restrictions)("restriction $name: deprecated before removed, with a replacement", (f) => {
    expect(ordered(f.since, f.deprecated, f.removed)).toBe(true);
    expect(f.replacement).toBeDefined();
  });

  test("every release a fact names is one we know (or an older one)", () => {
    const versions = [
      ...postfixDrift.parameters.flatMap((f) => [f.since, f.deprecated, f.removed]),
      ...postfixDrift.restrictions.flatMap((f) => [f.deprecated, f.removed]),
      ...postfixDrift.compatDefaults.map((f) => f.since),
      ...postfixDrift.defaultChanges.map((f) => f.version),
    ].filter((v): v is string => v !== undefined);
    for (const v of versions) expect(compareVersions(v, postfixDrift.latest)).toBeLessThanOrEqual(0);
  });

  test("Postfix 3.7.11 knows exactly the facts' parameters that exist in 3.7", () => {
    for (const f of postfixDrift.parameters) {
      expect([f.name, knownTo37(f.name)]).toEqual([f.name, parameterExistsIn(f.name, "3.7") !== false]);
    }
  });

  test("no parameter of Postfix 3.7.11 is too new or removed at 3.7", () => {
    expect(builtinParameterNames().filter((n) => parameterExistsIn(n, "3.7") === false)).toEqual([]);
  });

  test.each(postfixDrift.compatDefaults.filter((f) => compareVersions(f.since, "3.7") <= 0))(
    "$name: the 3.7.11 default flips from $old to $new at level $level",
    (f) => {
      expect(builtinParameter(f.name)!.default).toBe(`\${{$compatibility_level} <level {${f.level}} ? {${f.old}} : {${f.new}}}`);
    },
  );

  test("defaults per release: 2.9 has no relay list, 2.10 its first default, 3.11 the TLS level switch", () => {
    expect(postfixDefaultsFor("2.9").get("smtpd_relay_restrictions")).toBeNull();
    expect(postfixDefaultsFor("2.9").get("smtpd_recipient_restrictions")).toBe("permit_mynetworks, reject_unauth_destination");
    expect(postfixDefaultsFor("2.10").get("smtpd_relay_restrictions")).toBe("permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination");
    expect(postfixDefaultsFor("2.11").get("relay_domains")).toBe("$mydestination");
    expect(postfixDefaultsFor("2.11").get("compatibility_level")).toBeNull();
    expect(postfixDefaultsFor("3.7").has("smtpd_relay_restrictions")).toBe(false);
    expect(postfixDefaultsFor("3.11").get("smtp_tls_security_level")).toBe("${{$compatibility_level} <level {3.11} ? {} : {may}}");
    expect(postfixDefaultsFor("3.11").get("smtpd_forbid_bare_newline")).toBe("normalize");
  });
});

describe.skipIf(!oracleStatus("postconf").available)("compared with the real postconf 3.7", () => {
  test("postconf warns \"unused parameter\" for exactly the names we call removed or too new at 3.7", () => {
    const dir = mkdtempSync(join(tmpdir(), "mtalint-drift-"));
    const names = postfixDrift.parameters.map((f) => f.name);
    writeFileSync(join(dir, "main.cf"), names.map((n) => `${n} = ${n === "compatibility_level" ? "3.6" : "yes"}\n`).join(""));
    writeFileSync(join(dir, "master.cf"), "");
    const r = postconf(dir, ["mail_version"]);
    expect(r.stdout.trim(), r.stderr).toBe("mail_version = 3.7.11");
    const unused = [...r.stderr.matchAll(/unused parameter: (\w+)=/g)].map((m) => m[1]).sort();
    expect(unused).toEqual(names.filter((n) => parameterExistsIn(n, "3.7") === false).sort());
  });
});
