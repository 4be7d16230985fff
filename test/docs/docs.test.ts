import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { rules } from "../../rules/index.js";
import { ruleDocs } from "../../src/docs/catalog.js";
import { applySuppressions, unusedDisableDoc } from "../../src/engine/suppress.js";
import { lint } from "../../src/lint.js";
import { renderDocsTree, renderRulePage, SECTIONS } from "../../src/docs/render.js";
import { lintWith } from "../helpers/rule-tester.js";

const docsDir = resolve(import.meta.dirname, "../../docs/rules");

function pagesOnDisk(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true }).flatMap((e) =>
    e.isDirectory() ? pagesOnDisk(join(dir, e.name)) : e.name.endsWith(".md") ? [relative(docsDir, join(dir, e.name)).split("\\").join("/")] : [],
  );
}

describe("docs/rules/ is up to date", () => {
  const tree = renderDocsTree(ruleDocs());

  it("has exactly one page per rule plus the index (run npm run docs)", () => {
    expect(pagesOnDisk(docsDir).sort(), "docs/rules/ has missing or stale pages: run npm run docs").toEqual([...tree.keys()].sort());
  });

  for (const [rel, text] of tree) {
    it(`${rel} matches the rule's metadata (run npm run docs)`, () => {
      let onDisk = "";
      try {
        onDisk = readFileSync(join(docsDir, rel), "utf8");
      } catch {
        // reported by the assertion below
      }
      expect(onDisk, `docs/rules/${rel} differs from what the rule renders: run npm run docs`).toBe(text);
    });
  }

  it("every page has the same sections in the same order", () => {
    for (const doc of ruleDocs()) {
      const headings = [...renderRulePage(doc).matchAll(/^## (.+)$/gm)].map((m) => m[1]);
      expect(headings, doc.id).toEqual([...SECTIONS]);
    }
  });
});

/**
 * Rules whose docs examples are known to be wrong right now. Each entry is a
 * bug owned by the rule's author: its `it.fails` turns red once the example
 * works, so the entry must then be removed.
 */
const KNOWN_SILENT_BAD_EXAMPLES = new Set<string>([]);
// docs.good includes a file outside the virtual config root, which the rule reports.
const KNOWN_NOISY_GOOD_EXAMPLES = new Set<string>([]);

describe("rule docs examples", () => {
  for (const rule of Object.values(rules)) {
    const check = KNOWN_SILENT_BAD_EXAMPLES.has(rule.meta.id) ? it.fails : it;
    check(`${rule.meta.id}: docs.bad triggers the rule`, () => {
      const { findings } = lintWith(rule, rule.docs.bad, rule.docs.settings);
      expect(findings.map((f) => f.ruleId)).toContain(rule.meta.id);
    });
    const checkGood = KNOWN_NOISY_GOOD_EXAMPLES.has(rule.meta.id) ? it.fails : it;
    checkGood(`${rule.meta.id}: docs.good stays silent`, () => {
      const { findings } = lintWith(rule, rule.docs.good, rule.docs.settings);
      expect(findings.map((f) => `${f.messageId}: ${f.message}`)).toEqual([]);
    });
  }
});

describe("mtalint/unused-disable docs examples", () => {
  const run = (files: Record<string, string>) => {
    const dir = mkdtempSync(join(tmpdir(), "mtalint-docs-"));
    for (const [name, text] of Object.entries(files)) writeFileSync(join(dir, name), text);
    // Other rules may report the minimal example too; only the unused-disable findings matter here.
    return applySuppressions(lint([dir]), { reportUnused: true })
      .files.flatMap((f) => f.findings.map((x) => x.ruleId))
      .filter((id) => id === "mtalint/unused-disable");
  };
  it("docs.bad is reported", () => {
    expect(run(unusedDisableDoc.docs.bad)).toEqual(["mtalint/unused-disable"]);
  });
  it("docs.good is not", () => {
    expect(run(unusedDisableDoc.docs.good)).toEqual([]);
  });
});
