/**
 * A list that is a chain of whole-element references ($a → $b → ...) deeper
 * than Postfix follows: postconf refuses the configuration ("unreasonable
 * macro call nesting" past 100 nested references), and mtalint must say so,
 * not stop with an internal error (a chain of a few thousand exhausted the
 * stack while the list was resolved).
 */
import { describe, expect, it } from "vitest";
import { parseMainCf } from "../../../src/ast/postfix-main.js";
import { SourceFile } from "../../../src/ast/range.js";
import { buildPostfixConfig } from "../../../src/model/postfix/config.js";
import { listElements } from "../../../src/model/postfix/lists.js";

function chain(depth: number): string {
  const lines = ["mynetworks = $p0"];
  for (let i = 0; i < depth; i++) lines.push(`p${i} = $p${i + 1}`);
  lines.push(`p${depth} = 10.0.0.0/8`);
  return `${lines.join("\n")}\n`;
}

function load(depth: number) {
  const main = parseMainCf(new SourceFile("/etc/postfix/main.cf", chain(depth)));
  return buildPostfixConfig("/etc/postfix", main.ast, undefined, main.diagnostics);
}

describe("lists made of chained references", () => {
  it("a chain Postfix follows gives the element at its end", () => {
    const config = load(50);
    expect(config.diagnostics).toEqual([]);
    expect(listElements(config, "mynetworks").map((e) => e.text)).toEqual(["10.0.0.0/8"]);
  });

  for (const [depth, elements] of [
    [100, ["10.0.0.0/8"]],
    [150, ["10.0.0.0/8"]],
    [5000, []],
  ] as const) {
    it(`a chain of ${depth}: refused where Postfix refuses it, without running out of stack`, () => {
      const config = load(depth);
      expect(config.diagnostics.map((d) => d.message)).toEqual(
        depth > 100 ? [expect.stringMatching(/^mynetworks does not expand \(unreasonable macro call nesting: "p\d+"\)/)] : [],
      );
      expect(listElements(config, "mynetworks").map((e) => e.text)).toEqual(elements);
    });
  }
});
