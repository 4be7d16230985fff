/**
 * The JSON and SARIF reports are written in chunks (src/format/stream.ts):
 * a report with millions of findings is longer than a JavaScript string can
 * be, and `mtalint lint --format json` must not die on it. These tests prove,
 * with a small chunk size instead of a huge input, that (1) the streamed bytes
 * are exactly JSON.stringify(report, null, 2) plus a newline, (2) no chunk and
 * no string made on the way grows with the report, and (3) where a format must
 * build one string, running out of string length is a one-line error.
 */
import { mkdtempSync, readFileSync, rmSync, existsSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import fc from "fast-check";
import { afterEach, describe, expect, it, vi } from "vitest";
import { writeReport } from "../../src/cli/lint.js";
import { UsageError } from "../../src/errors.js";
import { formatJson, jsonReport, writeJsonReport } from "../../src/format/json.js";
import { formatSarif, sarifLog, writeSarifLog } from "../../src/format/sarif.js";
import { collect, streamJson } from "../../src/format/stream.js";
import type { LintResult } from "../../src/lint.js";
import { fixedResult, options } from "./fixture.js";

/** The fixture's findings, each file's repeated `times` times: a large report made in milliseconds. */
function largeResult(times: number): LintResult {
  const base = fixedResult();
  const files = base.files.map((f) => ({ ...f, findings: Array.from({ length: times }, () => f.findings).flat() }));
  const n = (sev: string) => files.reduce((a, f) => a + f.findings.filter((x) => x.severity === sev).length, 0);
  return { files, summary: { errors: n("error"), warnings: n("warning"), infos: n("info") } };
}

/** The JSON length of the longest string in a value. */
function longestString(v: unknown): number {
  if (typeof v === "string") return JSON.stringify(v).length;
  if (v === null || typeof v !== "object") return 0;
  return Math.max(0, ...Object.values(v).map(longestString));
}

function chunksOf(write: (sink: (c: string) => void) => void): string[] {
  const chunks: string[] = [];
  write((c) => chunks.push(c));
  return chunks;
}

afterEach(() => vi.restoreAllMocks());

describe("streamed JSON is JSON.stringify(value, null, 2)", () => {
  it("for any JSON value", () => {
    fc.assert(
      fc.property(fc.jsonValue(), fc.integer({ min: 1, max: 64 }), (v, size) => {
        expect(collect((sink) => streamJson(v, sink, size))).toBe(`${JSON.stringify(v, null, 2)}\n`);
      }),
      { numRuns: 300 },
    );
  });

  it.each([
    ["undefined properties are left out", { a: undefined, b: 1, c: { d: undefined } }],
    ["undefined and functions in arrays are null", [undefined, () => 1, 2]],
    ["empty containers", { a: [], b: {}, c: [[], [{}]] }],
    ["toJSON is honoured", { when: new Date(0), nested: { toJSON: () => ({ x: [1] }) } }],
    ["non-finite numbers are null", [Number.NaN, Number.POSITIVE_INFINITY, -0]],
    ["keys that need escaping", { 'a"b': { "\n": "\u2028" } }],
  ])("%s", (_name, v) => {
    expect(collect((sink) => streamJson(v, sink, 8))).toBe(`${JSON.stringify(v, null, 2)}\n`);
  });
});

describe("the json and sarif reports", () => {
  const result = fixedResult();

  it("json: the same bytes as the object report stringified", () => {
    expect(formatJson(result, options)).toBe(`${JSON.stringify(jsonReport(result, options), null, 2)}\n`);
  });

  it("sarif: the same bytes as the object log stringified", () => {
    expect(formatSarif(result, options)).toBe(`${JSON.stringify(sarifLog(result, options), null, 2)}\n`);
  });

  it.each([
    ["json", writeJsonReport, (r: LintResult) => `${JSON.stringify(jsonReport(r, options), null, 2)}\n`],
    ["sarif", writeSarifLog, (r: LintResult) => `${JSON.stringify(sarifLog(r, options), null, 2)}\n`],
  ] as const)("%s: 20,000 findings go out in chunks no longer than the chunk size, and no string on the way is longer", (_name, write, whole) => {
    const big = largeResult(4000);
    const LIMIT = 4096;
    // Every JSON.stringify call the writer makes is watched: none may return a long string.
    const real = JSON.stringify.bind(JSON);
    let longest = 0;
    vi.spyOn(JSON, "stringify").mockImplementation(((...args: Parameters<typeof JSON.stringify>) => {
      const s = real(...args);
      longest = Math.max(longest, s?.length ?? 0);
      return s;
    }) as typeof JSON.stringify);
    const chunks = chunksOf((sink) => write(big, options, sink, LIMIT));
    const streamedLongest = longest;
    vi.restoreAllMocks();
    // A single string value (SARIF's rule help pages run to a few KB) goes out whole: the bound is
    // the chunk size or the longest such value of a one-finding-per-rule report, whichever is larger.
    const bound = Math.max(LIMIT, longestString(JSON.parse(whole(result))));
    expect(Math.max(...chunks.map((c) => c.length))).toBeLessThanOrEqual(bound);
    expect(streamedLongest).toBeLessThanOrEqual(bound);
    expect(bound).toBeLessThan(10 * LIMIT);
    const text = chunks.join("");
    expect(chunks.length).toBeGreaterThan(text.length / LIMIT);
    expect(text).toBe(whole(big));
  });
});

describe("writing the report (lint --output / standard output)", () => {
  let dir: string | undefined;
  afterEach(() => {
    if (dir) rmSync(dir, { recursive: true, force: true });
    dir = undefined;
  });

  it("--output gets every chunk, in order", () => {
    dir = mkdtempSync(join(tmpdir(), "mtalint-report-"));
    const out = join(dir, "report.json");
    writeReport((sink) => ["{", "\n", "}", "\n"].forEach(sink), { output: out }, "json");
    expect(readFileSync(out, "utf8")).toBe("{\n}\n");
  });

  it("a report that is empty still creates the --output file", () => {
    dir = mkdtempSync(join(tmpdir(), "mtalint-report-"));
    const out = join(dir, "report.txt");
    writeReport(() => undefined, { output: out }, "stylish");
    expect(readFileSync(out, "utf8")).toBe("");
  });

  it("a report too long for one string is a one-line usage error (exit 2), and leaves no file", () => {
    dir = mkdtempSync(join(tmpdir(), "mtalint-report-"));
    const out = join(dir, "report.txt");
    const tooLong = () => {
      throw new RangeError("Invalid string length");
    };
    expect(() => writeReport(tooLong, { output: out }, "stylish")).toThrow(UsageError);
    expect(() => writeReport(tooLong, { output: out }, "stylish")).toThrow(/^the stylish report is too large to build as one string; --format json/);
    expect(existsSync(out)).toBe(false);
  });

  it("an --output that cannot be opened is a usage error naming the file", () => {
    expect(() => writeReport((sink) => sink("x"), { output: "/nonexistent-dir/report.json" }, "json")).toThrow(
      "cannot write the report to /nonexistent-dir/report.json: no such file or directory",
    );
  });
});
