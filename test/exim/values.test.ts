/** Value reading and printing rules (spec 6.12-6.17), as exim -bP prints them. */
import { describe, expect, test } from "vitest";
import {
  formatEximFixed,
  formatEximTime,
  formatKInt,
  formatMkInt,
  parseEximFixed,
  parseEximInt,
  parseEximKInt,
  parseEximTime,
  printableString,
  readStringValue,
} from "../../src/model/exim/values.js";
import { splitRuleFields } from "../../src/model/exim/rule-fields.js";
import { canonicalSection } from "../../src/model/exim/sections.js";

describe("values", () => {
  test.each([
    ["100", 100],
    ["0x1F", 31],
    ["017", 15],
    ["0", 0],
    ["2K", 2048],
    ["3M", 3 * 1024 * 1024],
    ["1G", 1024 ** 3],
    ["12abc", undefined],
  ])("integer %s", (raw, n) => expect(parseEximInt(raw)).toBe(n));

  test.each([
    [0, "0"],
    [1000, "1000"],
    [102400, "100K"],
    [50 * 1024 * 1024, "50M"],
  ])("opt_mkint %d prints %s", (n, s) => expect(formatMkInt(n)).toBe(s));

  test.each([
    ["3072", "3M"],
    ["010", "8K"],
    ["20M", "20M"],
    ["100", "100K"],
  ])("opt_Kint %s prints %s", (raw, s) => expect(formatKInt(parseEximKInt(raw)!)).toBe(s));

  test.each([
    ["90m", "1h30m"],
    ["7d", "1w"],
    ["36h", "1d12h"],
    ["0s", "0s"],
    ["1w2d3h4m5s", "1w2d3h4m5s"],
    ["45", "45s"],
  ])("time %s prints %s", (raw, s) => expect(formatEximTime(parseEximTime(raw)!)).toBe(s));

  test.each([
    ["8", "8.0"],
    ["8.25", "8.25"],
    ["0.5", "0.5"],
    ["12.125", "12.125"],
  ])("fixed point %s prints %s", (raw, s) => expect(formatEximFixed(parseEximFixed(raw)!)).toBe(s));

  test("quoted strings: escapes; unquoted: as written", () => {
    expect(readStringValue('"a\\tb\\n\\x41\\101\\\\\\"\\q"')).toBe('a\tb\nAA\\"q');
    expect(readStringValue("a\\tb")).toBe("a\\tb");
    expect(printableString("a\tb\nc\u0001é\u001b")).toBe("a\\tb\\nc\\001\\303\\251\\033");
    expect(printableString("é", true)).toBe("é");
  });

  test("rule fields keep quoted replacements whole", () => {
    expect(splitRuleFields('*@a  "${x} y"  Ffrs').map((f) => f.text)).toEqual(["*@a", '"${x} y"', "Ffrs"]);
  });

  test.each([
    ["acl", "acl"],
    ["ACLs", "acl"],
    ["router", "routers"],
    ["retrys", "retry"],
    ["Transport", "transports"],
    ["auth", undefined],
    ["route", undefined],
  ])("section name %s is %s", (name, canonical) => expect(canonicalSection(name)).toBe(canonical));
});
