/**
 * Properties of every file mtalint reads, whatever it holds:
 * - bytes are decoded as mtalint decodes files (src/io/read-config.ts): the
 *   result is text or an InputError naming a line of the file, nothing else;
 * - the lexers, parsers, models, every rule, the relay simulators and the
 *   printers never throw (user input never throws; see STYLE.md);
 * - every diagnostic, finding, fix edit and relay trace range lies inside the
 *   file it names, and its line/column is the one counted from the text.
 * Inputs: raw strings over all of Unicode, strings over the characters the
 *   grammars treat specially, byte arrays, "fragment soup" (lines of config
 *   shards, the fixed-seed generator this replaced), and config-aware text
 *   from the knowledge base (postfix-arbitraries.ts, exim-arbitraries.ts).
 */
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { SourceFile } from "../../src/ast/range.js";
import { InputError } from "../../src/errors.js";
import { decodeConfig } from "../../src/io/read-config.js";
import { eximText, includedText } from "./exim-arbitraries.js";
import { rangeProblem, rangeViolations, runEximPipeline, runPostfixPipeline, type PipelineResult } from "./pipeline.js";
import { mainCfText, masterCfText } from "./postfix-arbitraries.js";
import { budget, fcParams } from "./settings.js";

/** The shards the original fixed-seed robustness test combined. */
const POSTFIX_BITS = [
  "myhostname = mx.example.org", "mynetworks = 127.0.0.0/8 [::1]/128 0.0.0.0/0", "smtpd_relay_restrictions =", "permit_mynetworks,",
  "reject_unauth_destination", "  continued", "# comment", "", "=", "{ a = b }", "${x?{y}:{z}}", "$(", "${", "}", "-o x=y", "-o",
  "smtp inet n - y - - smtpd", "submission inet n - n - - smtpd", "check_sender_access inline:{ a = OK }", "\t", "\r", "compatibility_level = 3.6",
  "smtpd_sasl_auth_enable = yes", "smtpd_restriction_classes = c", "c = $c", "a = $b", "b = $a", "relay_domains = $mydestination", "x",
];
const EXIM_BITS = [
  "primary_hostname = mx.example.org", "begin acl", "begin routers", "begin transports", "begin authenticators", "acl_check_rcpt:", "  accept",
  "  deny message = no", "  require domains = +local_domains", "  accept hosts = : ", "domainlist local_domains = @", "acl_smtp_rcpt = acl_check_rcpt",
  "MAC = value", "MAC == other", ".ifdef MAC", ".endif", ".else", ".include /etc/passwd", "\\", "  condition = ${if eq{$a}{b}}", "${run{x}}",
  "r:", "  driver = dnslookup", "  driver = smtp", "t:", "plain:", "  driver = plaintext", "  server_condition = yes", "#", "", "no_foo", "hide x = y",
];

function soup(bits: string[]): fc.Arbitrary<string> {
  const line = fc.tuple(fc.array(fc.constantFrom(...bits), { minLength: 1, maxLength: 3 }), fc.boolean()).map(([p, indent]) => (indent ? "  " : "") + p.join(" "));
  return fc.tuple(fc.array(line, { minLength: 1, maxLength: 25 }), fc.constantFrom("\n", "\r\n"), fc.boolean()).map(([l, eol, f]) => l.join(eol) + (f ? "\n" : ""));
}

/** Strings over the characters that decide structure in main.cf, master.cf and Exim files. */
const structural = fc.string({
  unit: fc.constantFrom("\n", "\r", " ", "\t", "#", "=", "{", "}", "$", "(", ")", ",", "\\", ".", ":", ";", "!", "a", "Z", "_", "-", "o", "begin ", "acl", "\u00e9", "\u2028"),
  maxLength: 120,
});
const anyString = fc.string({ unit: "binary", maxLength: 200 });

function assertClean(r: PipelineResult, input: unknown): void {
  const v = rangeViolations(r);
  if (v.length) expect.fail(`${v.join("\n")}\ninput: ${JSON.stringify(input)}`);
}

describe("the range invariant itself", () => {
  const src = new SourceFile("/f", "ab\ncd\n");
  it.each([
    ["a range inside a line", { file: "/f", start: 3, end: 5 }, undefined],
    ["the empty range at the end of the file", { file: "/f", start: 6, end: 6 }, undefined],
    ["a file that was not read", { file: "/g", start: 0, end: 1 }, "names /g, which was not read"],
    ["an end past the text", { file: "/f", start: 0, end: 7 }, "offsets [0, 7) outside [0, 6]"],
    ["a start after the end", { file: "/f", start: 4, end: 3 }, "offsets [4, 3) outside [0, 6]"],
    ["a fractional offset", { file: "/f", start: 1.5, end: 2 }, "offsets [1.5, 2) outside [0, 6]"],
  ])("%s", (_, range, problem) => {
    expect(rangeProblem(range, [src])).toBe(problem);
  });
});

describe("Postfix: parse, model, rules, relay and print never throw; ranges stay inside the file", () => {
  const main = (text: string) => assertClean(runPostfixPipeline(text, undefined), text);
  const master = (text: string) => assertClean(runPostfixPipeline(undefined, text), text);
  const both = ([m, s]: [string, string]) => assertClean(runPostfixPipeline(m, s), { main: m, master: s });

  it("main.cf: any string", () => fc.assert(fc.property(anyString, main), fcParams(150)), budget(20_000, 150));
  it("main.cf: structural characters", () => fc.assert(fc.property(structural, main), fcParams(200)), budget(20_000, 200));
  it("master.cf: any string and structural characters", () => fc.assert(fc.property(fc.oneof(anyString, structural), master), fcParams(200)), budget(20_000, 200));
  it("main.cf + master.cf: fragment soup", () => fc.assert(fc.property(fc.tuple(soup(POSTFIX_BITS), soup(POSTFIX_BITS)), both), fcParams(150)), budget(20_000, 150));
  it(
    "main.cf + master.cf: knowledge-base parameters, continuations, comments, $references, garbage lines",
    () => fc.assert(fc.property(fc.tuple(mainCfText({ garbage: true }), masterCfText(true)), both), fcParams(150)),
    budget(30_000, 150),
  );
});

describe("Exim: preprocess, parse, model, rules, relay and print never throw; ranges stay inside the file", () => {
  const run = (text: string) => assertClean(runEximPipeline(text), text);

  it("any string", () => fc.assert(fc.property(anyString, run), fcParams(150)), budget(20_000, 150));
  it("structural characters", () => fc.assert(fc.property(structural, run), fcParams(200)), budget(20_000, 200));
  it("fragment soup", () => fc.assert(fc.property(soup(EXIM_BITS), run), fcParams(150)), budget(20_000, 150));
  it(
    "knowledge-base options, sections, macros, conditionals, continuations, garbage lines, an included file",
    () =>
      fc.assert(
        fc.property(fc.tuple(eximText({ garbage: true }), includedText), ([text, inc]) => {
          const r = runEximPipeline(text, { "/etc/exim4/inc.conf": inc });
          assertClean(r, { text, inc });
        }),
        fcParams(150),
      ),
    budget(30_000, 150),
  );
});

describe("bytes are decoded as files are: text or a one-line InputError, then parsed without throwing", () => {
  /** Bytes biased towards what breaks decoding: NUL, invalid UTF-8, BOM, CR, high bytes. */
  const bytes = fc.oneof(
    fc.uint8Array({ maxLength: 200 }),
    fc.array(fc.constantFrom(0x0a, 0x0d, 0x20, 0x3d, 0x23, 0x61, 0x7b, 0x7d, 0x24, 0xc3, 0xa9, 0xe2, 0x80, 0xff, 0xef, 0xbb, 0xbf, 0x00), { maxLength: 200 }).map((a) => Uint8Array.from(a)),
    fc.tuple(mainCfText(), fc.uint8Array({ maxLength: 4 }), fc.nat()).map(([t, junk, at]) => {
      const b = Buffer.from(t, "utf8");
      const i = b.length ? at % b.length : 0;
      return Uint8Array.from([...b.subarray(0, i), ...junk, ...b.subarray(i)]);
    }),
  );

  it("decodeConfig returns text or throws InputError on a line of the file; the text then parses as every kind", () => {
    fc.assert(
      fc.property(bytes, (b) => {
        let text: string;
        try {
          text = decodeConfig("/virtual/file", b).text;
        } catch (e) {
          if (!(e instanceof InputError)) throw e;
          const lines = Buffer.from(b).toString("latin1").split("\n").length;
          expect(e.reason).not.toContain("\n");
          if (e.line !== undefined) expect(e.line).toBeGreaterThanOrEqual(1), expect(e.line).toBeLessThanOrEqual(lines);
          return;
        }
        expect(text.includes("\0")).toBe(false);
        assertClean(runPostfixPipeline(text, text), text);
        assertClean(runEximPipeline(text), text);
      }),
      fcParams(150),
    );
  }, budget(20_000, 150));
});
