/** The README's quick start must stay true: the output excerpt is what `mtalint lint samples` prints today. */
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { rules } from "../../src/index.js";
import { mtalint, repoRoot } from "./run.js";

const readme = readFileSync(join(repoRoot, "README.md"), "utf8");

describe("README quick start", () => {
  it("names the two commands", () => {
    expect(readme).toContain("npm ci && npm run build && node dist/src/cli/bin.js lint samples");
    expect(readme).toContain("npm ci && npm run oracles && npm test");
  });

  it("shows output that the first command really prints", () => {
    const excerpt = /An excerpt of its output:\n\n```\n([\s\S]*?)\n```/.exec(readme)?.[1];
    expect(excerpt).toBeDefined();
    const r = mtalint(["lint", "samples", "--no-color"]);
    expect(r.code).toBe(1);
    const blocks = excerpt!.split("\n\n");
    const summary = blocks.pop()!;
    for (const block of blocks) expect(r.stdout).toContain(`${block}\n`);
    expect(r.stdout.trimEnd().split("\n").pop()).toBe(summary);
  });
});

/** Splits a shell command line with plain words and single-quoted words (all the README uses). */
function shellWords(line: string): string[] {
  const words: string[] = [];
  const re = /'((?:[^']|'\\'')*)'|(\S+)/g;
  for (const m of line.matchAll(re)) words.push(m[1] !== undefined ? m[1].replaceAll("'\\''", "'") : m[2]!);
  return words;
}

describe("README examples", () => {
  const blocks = [...readme.matchAll(/```console\n\$ mtalint (.*)\n([\s\S]*?)\n```/g)];

  it("has console examples for relay, explain and diff", () => {
    expect(blocks.map((b) => shellWords(b[1]!)[0])).toEqual(["relay", "explain", "diff"]);
  });

  it.each(blocks.map((b) => [b[1]!, b[2]!]))("$ mtalint %s prints what the README shows", (command, shown) => {
    const r = mtalint(shellWords(command));
    expect(r.stderr).toBe("");
    expect(r.stdout.trimEnd()).toBe(shown);
  });

  it("lists every rule with a link to its page", () => {
    for (const rule of Object.values(rules)) expect(readme).toContain(`| [\`${rule.meta.id}\`](docs/rules/${rule.meta.id}.md) | ${rule.meta.severity} | ${rule.meta.summary} |`);
  });

  it("links only to files that exist", () => {
    for (const [, target] of readme.matchAll(/\]\(((?:docs|test|examples)\/[^)#]+)\)/g)) expect(existsSync(join(repoRoot, target!)), target).toBe(true);
  });
});
