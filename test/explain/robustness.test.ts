/**
 * Whatever a log holds — sample lines cut short, bytes replaced, lines glued
 * together, random text — explain counts and explains without throwing, and
 * its counters add up. Fixed seed: a failure reproduces.
 */
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { explainLines, formatExplainJson, formatExplainText, loadTarget } from "../../src/explain/index.js";

const repo = resolve(import.meta.dirname, "../..");
const SEED = 0x6c6f6773;

const targets = [
  { target: loadTarget(join(repo, "samples/postfix/relay-denied")), log: "samples/logs/postfix-relay-denied.maillog" },
  { target: loadTarget(join(repo, "samples/postfix/submission-sasl")), log: "samples/logs/postfix-submission-sasl.maillog" },
  { target: loadTarget(join(repo, "samples/exim/auth-denied/exim.conf")), log: "samples/logs/exim-auth-denied.mainlog" },
];

function mutatedLine(real: string[]): fc.Arbitrary<string> {
  const base = fc.constantFrom(...real);
  return fc.oneof(
    base,
    fc.tuple(base, fc.nat()).map(([l, n]) => l.slice(0, n % (l.length + 1))),
    fc.tuple(base, fc.nat(), fc.string({ unit: "binary", maxLength: 4 })).map(([l, n, s]) => {
      const i = n % (l.length + 1);
      return l.slice(0, i) + s + l.slice(i + s.length);
    }),
    fc.tuple(base, base).map(([a, b]) => a + b),
    fc.tuple(base, fc.constantFrom("<", ">", "[", "]", ";", ":", "=", " ", "\t", "\u0000", "\uFFFD")).map(([l, c]) => l.replaceAll(" ", c)),
    fc.string({ unit: "binary", maxLength: 200 }),
  );
}

describe("explain on damaged logs", () => {
  for (const { target, log } of targets) {
    test(`${log}: never throws, counters add up`, () => {
      const real = readFileSync(join(repo, log), "utf8").split("\n").filter(Boolean);
      fc.assert(
        fc.property(fc.array(mutatedLine(real), { maxLength: 40 }), (lines) => {
          const r = explainLines(target, lines);
          const l = r.lines;
          expect(l.total).toBe(lines.length);
          expect(l.blank + l.postfix + l.exim + l.otherPrograms + l.unrecognized + l.tooLong).toBe(l.total);
          const c = r.rejections;
          expect(c.agrees + c.differs + c.unknown + c.notReplayed).toBe(c.total);
          expect(r.groups.reduce((n, g) => n + g.count, 0)).toBe(c.total);
          for (const g of r.groups) expect(g.examples.length).toBeLessThanOrEqual(Math.min(3, g.count));
          formatExplainText(r, { details: true });
          JSON.parse(formatExplainJson(r));
        }),
        { numRuns: 60, seed: SEED },
      );
    });
  }
});
