/** The README's quick start must stay true: the output excerpt is what `mtalint lint samples` prints today. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
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
