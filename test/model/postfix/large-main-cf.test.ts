/**
 * The model on a main.cf far larger than any real one: every bad line is
 * reported (a diagnostic each) and nothing overflows. Loading used to pass
 * the parser's diagnostics to push() as arguments, one per bad line, which
 * overflowed the stack at about 100,000 lines.
 */
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadPostfix } from "../../../src/model/postfix/config.js";

const dir = mkdtempSync(join(tmpdir(), "mtalint-large-"));
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe("a main.cf of 200,000 lines", () => {
  it.each<[string, (i: number) => string, string | undefined, number]>([
    ["names without \"=\"", (i) => `name${i}`, "missing-equals", 200_000],
    ["lines that start with \"=\"", (i) => `= value${i}`, "missing-name", 200_000],
    ["parameters, the same name set again and again", (i) => `myhostname = mx${i}.example.org`, undefined, 0],
  ])("%s", (_name, line, detail, expected) => {
    const lines = Array.from({ length: 200_000 }, (_, i) => line(i));
    writeFileSync(join(dir, "main.cf"), `${lines.join("\n")}\n`);
    const config = loadPostfix(dir);
    const found = config.diagnostics.filter((d) => d.code === "postfix/syntax" && d.detail === detail);
    expect(found).toHaveLength(expected);
    if (detail === undefined) expect(config.definitions.get("myhostname")).toHaveLength(200_000);
  }, 20_000);
});
