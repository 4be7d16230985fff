/**
 * The fleet report does not depend on the order the file system lists
 * directories in: every readdirSync here returns its names shuffled (a
 * different seed each run of lintFleet), and the reports must be identical.
 */
import * as fs from "node:fs";
import { describe, expect, it, vi } from "vitest";
import { ruleDocs } from "../../src/docs/catalog.js";
import { lintFleet } from "../../src/fleet/index.js";
import { formatFleetReport } from "../../src/fleet/format/index.js";
import { FORMATS } from "../../src/format/index.js";
import { generateFleet, repoRoot, sampleFleet } from "./helpers.js";

const shuffle = vi.hoisted(() => ({ seed: 0, calls: 0 }));

vi.mock("node:fs", async (importOriginal) => {
  const real = await importOriginal<typeof fs>();
  /** Mulberry32: a small seeded generator, so a failure can be replayed. */
  const random = () => {
    let t = (shuffle.seed += 0x6d2b79f5);
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  const readdirSync = ((...args: Parameters<typeof real.readdirSync>) => {
    const names = real.readdirSync(...args) as unknown[];
    if (shuffle.seed === 0) return names;
    shuffle.calls++;
    for (let i = names.length - 1; i > 0; i--) {
      const j = Math.floor(random() * (i + 1));
      [names[i], names[j]] = [names[j], names[i]];
    }
    return names;
  }) as typeof real.readdirSync;
  return { ...real, default: { ...real, readdirSync }, readdirSync };
});

function reports(fleet: string, seed: number): string[] {
  shuffle.seed = seed;
  try {
    const result = lintFleet([fleet]);
    return FORMATS.map((f) => formatFleetReport(f, result, { cwd: repoRoot, color: false, rules: ruleDocs(), toolVersion: "0.1.0" }));
  } finally {
    shuffle.seed = 0;
  }
}

describe("listing order", () => {
  it.each([
    ["the sample fleet", sampleFleet],
    ["18 generated hosts (Postfix dirs, Debian templates and conf.d, single Exim files)", generateFleet(18)],
  ])("%s: the same report in every format for shuffled listings", (_name, fleet) => {
    const unshuffled = reports(fleet, 0);
    shuffle.calls = 0;
    for (const seed of [1, 2, 3]) expect(reports(fleet, seed)).toEqual(unshuffled);
    // The shuffling really reached the fleet code (host listing, conf.d parts).
    expect(shuffle.calls).toBeGreaterThanOrEqual(3);
  });
});
