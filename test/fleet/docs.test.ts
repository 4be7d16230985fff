/** docs/fleet.md stays true: its example report is what `mtalint lint --fleet samples/fleet` prints today. */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mtalint, repoRoot } from "../cli/run.js";

describe("docs/fleet.md", () => {
  it("shows the report the sample fleet really gets (a line of ... stands for lines left out)", () => {
    const doc = readFileSync(join(repoRoot, "docs/fleet.md"), "utf8");
    const example = /`mtalint lint --fleet samples\/fleet --no-color`[\s\S]*?```\n([\s\S]*?)\n```/.exec(doc)?.[1];
    expect(example).toBeDefined();
    const r = mtalint(["lint", "--fleet", "samples/fleet", "--no-color"]);
    expect(r.code).toBe(1);
    const blocks = example!.split("\n\n");
    for (const block of blocks) {
      const shown = block.split("\n").filter((l) => l.trim() !== "...");
      expect(r.stdout).toContain(`${shown.join("\n")}\n`);
    }
    expect(r.stdout.trimEnd().endsWith(blocks.at(-1)!)).toBe(true);
  });
});
