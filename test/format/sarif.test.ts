import { readFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { pathToFileURL } from "node:url";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import type { Log } from "sarif";
import { describe, expect, it } from "vitest";
import { formatSarif } from "../../src/format/sarif.js";
import { findingsOf, fixedResult, options, repoRoot } from "./fixture.js";

/**
 * The official SARIF 2.1.0 schema (rtm.5, as published by Microsoft's
 * sarif-js-sdk in @microsoft/jest-sarif). It is written in draft-04, which
 * Ajv 8 reads once "id" is spelt "$id"; the schema uses no other keyword
 * that changed meaning after draft-04 (no boolean exclusiveMinimum/Maximum).
 * One of its patterns ("[a-zA-Z]{2}]?") is not valid with the u flag, hence unicodeRegExp: false.
 */
function sarifValidator() {
  const path = createRequire(import.meta.url).resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
  const schema = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  expect(schema.$schema).toBe("http://json-schema.org/draft-04/schema#");
  expect(JSON.stringify(schema)).not.toMatch(/exclusiveM(in|ax)imum/);
  const { $schema: _draft, id, ...rest } = schema;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats.default(ajv);
  return ajv.compile({ $id: id as string, ...rest });
}

describe("sarif formatter", () => {
  const result = fixedResult();
  const log = JSON.parse(formatSarif(result, options)) as Log;
  const validate = sarifValidator();
  const run = log.runs[0]!;

  it("is valid against the official SARIF 2.1.0 schema", () => {
    const ok = validate(log);
    expect(validate.errors ?? []).toEqual([]);
    expect(ok).toBe(true);
  });

  it.each([
    ["an unknown level", (l: any) => (l.runs[0].results[0].level = "fatal")],
    ["a line number of 0", (l: any) => (l.runs[0].results[0].locations[0].physicalLocation.region.startLine = 0)],
    ["a missing message", (l: any) => delete l.runs[0].results[0].message],
    ["a wrong version", (l: any) => (l.version = "2.0.0")],
  ])("negative control: the schema rejects a log with %s", (_name, spoil) => {
    const bad = JSON.parse(JSON.stringify(log));
    spoil(bad);
    expect(validate(bad)).toBe(false);
  });

  it("describes every rule from its metadata and docs", () => {
    const rules = run.tool.driver.rules!;
    expect(rules.map((r) => r.id)).toEqual(options.rules.map((d) => d.id));
    const dup = rules.find((r) => r.id === "postfix/duplicate-parameter")!;
    const doc = options.rules.find((d) => d.id === "postfix/duplicate-parameter")!;
    expect(dup.shortDescription?.text).toBe(doc.summary);
    expect(dup.fullDescription?.text).toBe(doc.docs.why);
    expect(dup.defaultConfiguration?.level).toBe("warning");
    expect(dup.help?.markdown).toContain("## Why");
    expect(dup.help?.text).toContain(doc.docs.fix);
    expect(rules.find((r) => r.id === "postfix/syntax")!.defaultConfiguration?.level).toBe("error");
  });

  it("results point at their rule, with relative URIs under %SRCROOT% and 1-based regions", () => {
    const results = run.results!;
    expect(results).toHaveLength(5);
    for (const r of results) expect(run.tool.driver.rules![r.ruleIndex!]!.id).toBe(r.ruleId);
    const undef = results.find((r) => r.ruleId === "postfix/undefined-reference")!;
    expect(undef.level).toBe("warning");
    expect(undef.message.text).toBe(findingsOf(result, "mixed/postfix/main.cf")[1]!.message);
    expect(undef.locations![0]!.physicalLocation).toEqual({
      artifactLocation: { uri: "test/fixtures/cli/mixed/postfix/main.cf", uriBaseId: "%SRCROOT%" },
      region: { startLine: 3, startColumn: 16, endLine: 3, endColumn: 26 },
    });
    expect(run.originalUriBaseIds!["%SRCROOT%"]!.uri).toBe(pathToFileURL(`${repoRoot}/`).href);
    expect(results.find((r) => r.ruleId === "postfix/syntax")!.level).toBe("error");
  });

  it("a finding with an edit carries a SARIF fix; one without has none", () => {
    const results = run.results!;
    const dup = results.find((r) => r.ruleId === "postfix/duplicate-parameter")!;
    expect(dup.fixes).toEqual([
      {
        description: { text: findingsOf(result, "warnings/main.cf")[0]!.fix.description },
        artifactChanges: [
          {
            artifactLocation: { uri: "test/fixtures/cli/warnings/main.cf", uriBaseId: "%SRCROOT%" },
            replacements: [{ deletedRegion: { startLine: 3, startColumn: 1, endLine: 4, endColumn: 1 }, insertedContent: { text: "" } }],
          },
        ],
      },
    ]);
    expect(results.find((r) => r.ruleId === "postfix/unknown-parameter")!.fixes).toBeUndefined();
  });

  it("info findings become level note", () => {
    const info = { ...result, files: result.files.map((f) => ({ ...f, findings: f.findings.map((x) => ({ ...x, severity: "info" as const })) })) };
    const l = JSON.parse(formatSarif(info, options)) as Log;
    expect(l.runs[0]!.results!.map((r) => r.level)).toEqual(["note", "note", "note", "note", "note"]);
    expect(validate(l)).toBe(true);
  });

  it("files outside cwd get absolute file: URIs and stay valid", () => {
    const l = JSON.parse(formatSarif(result, { ...options, cwd: join(repoRoot, "src") })) as Log;
    const uri = l.runs[0]!.results![0]!.locations![0]!.physicalLocation!.artifactLocation!;
    expect(uri.uri?.startsWith("file:///")).toBe(true);
    expect(uri.uriBaseId).toBeUndefined();
    expect(validate(l)).toBe(true);
  });
});
