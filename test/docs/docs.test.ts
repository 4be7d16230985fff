import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import { describe, expect, it } from "vitest";
import { rules } from "../../rules/index.js";
import { ruleDocs } from "../../src/docs/catalog.js";
import { applySuppressions, unusedDisableDoc } from "../../src/engine/suppress.js";
import { lint } from "../../src/lint.js";
import { renderDocsTree, renderRuleIndex, renderRulePage, SECTIONS, type RuleDoc } from "../../src/docs/render.js";
import { runExample } from "../../src/docs/example.js";
import { lintWith } from "../helpers/rule-tester.js";
import { referenceShapeProblems } from "./doc-oracle.js";

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

describe("the page shows what mtalint reports for docs.bad", () => {
  // runExample lints in memory under /etc/postfix or /etc/exim4; the rule tester under its own paths.
  // Both must see the same findings at the same places.
  for (const rule of Object.values(rules)) {
    it(`${rule.meta.id}: the rendered output has the rule's findings, as the rule tester sees them`, () => {
      const doc = ruleDocs().find((d) => d.id === rule.meta.id)!;
      const run = runExample(doc, "bad");
      const shown = run.result.files.flatMap((f) => f.findings.map((x) => ({ messageId: x.messageId, ...f.source!.lineColumn(x.range) })));
      const { findings, sources } = lintWith(rule, rule.docs.bad, rule.docs.settings);
      const tested = findings.map((x) => ({ messageId: x.messageId, ...sources.get(x.range.file)!.lineColumn(x.range) }));
      expect(shown.length).toBeGreaterThan(0);
      expect(shown).toEqual(tested);
      const page = renderRulePage(doc);
      for (const f of run.result.files.flatMap((x) => x.findings)) expect(page).toContain(f.message);
    });
    it(`${rule.meta.id}: the fixed example reports nothing in the page's run either`, () => {
      const doc = ruleDocs().find((d) => d.id === rule.meta.id)!;
      expect(runExample(doc, "good").result.files.flatMap((f) => f.findings.map((x) => x.message))).toEqual([]);
    });
  }
  it("mtalint/unused-disable: the page's run reports the comment, and only in the bad example", () => {
    const bad = runExample(unusedDisableDoc, "bad").result.files.flatMap((f) => f.findings);
    expect(bad.map((f) => [f.ruleId, f.messageId])).toEqual([["mtalint/unused-disable", "unused"]]);
    expect(renderRulePage(unusedDisableDoc)).toContain(bad[0]!.message);
    expect(runExample(unusedDisableDoc, "good").result.files.flatMap((f) => f.findings)).toEqual([]);
  });
});

/** Rules with no sensible relative among the others. */
const NO_RELATED = new Map<string, string>([["mtalint/unused-disable", "it is about disable comments, not about a Postfix or Exim setting"]]);

/** What is wrong with the related-rules graph: unknown ids, self-links, duplicates, one-way links, rules without any. */
function relatedProblems(docs: readonly RuleDoc[]): string[] {
  const byId = new Map(docs.map((d) => [d.id, d]));
  const problems: string[] = [];
  for (const d of docs) {
    const related = d.docs.related;
    if (related.length === 0 && !NO_RELATED.has(d.id)) problems.push(`${d.id}: no related rules`);
    if (related.length > 0 && NO_RELATED.has(d.id)) problems.push(`${d.id}: has related rules; drop it from NO_RELATED`);
    if (new Set(related).size !== related.length) problems.push(`${d.id}: a related rule is listed twice`);
    for (const id of related) {
      if (id === d.id) problems.push(`${d.id}: lists itself as related`);
      else if (!byId.has(id)) problems.push(`${d.id}: related rule ${id} does not exist`);
      else if (!byId.get(id)!.docs.related.includes(d.id)) problems.push(`${d.id} → ${id}: ${id} does not list ${d.id} back`);
    }
  }
  return problems;
}

describe("related rules", () => {
  it("exist, are not the rule itself, and are listed both ways; every rule has one", () => {
    expect(relatedProblems(ruleDocs())).toEqual([]);
  });

  it("negative control: the check finds an unknown id, a self-link and a one-way link", () => {
    const docs = ruleDocs().map((d) => ({ ...d, docs: { ...d.docs, related: [...d.docs.related] } }));
    const open = docs.find((d) => d.id === "postfix/open-relay")!;
    open.docs.related.push("postfix/no-such-rule", "postfix/open-relay", "exim/syntax");
    expect(relatedProblems(docs)).toEqual([
      "postfix/open-relay: related rule postfix/no-such-rule does not exist",
      "postfix/open-relay: lists itself as related",
      "postfix/open-relay → exim/syntax: exim/syntax does not list postfix/open-relay back",
    ]);
  });

  it("are links to their pages, which exist", () => {
    const tree = renderDocsTree(ruleDocs());
    for (const doc of ruleDocs()) {
      const page = tree.get(`${doc.id}.md`)!;
      const section = page.slice(page.indexOf("## Related rules"), page.indexOf("## References"));
      const links = [...section.matchAll(/\]\(\.\.\/([^)]+)\)/g)].map((m) => m[1]!);
      expect(links, doc.id).toEqual(doc.docs.related.map((id) => `${id}.md`));
      for (const l of links) expect(tree.has(l), `${doc.id} links to ${l}`).toBe(true);
    }
  });
});

describe("references", () => {
  it("every rule has at least one, each listed once, as a postfix.org page or an Exim spec chapter", () => {
    for (const doc of ruleDocs()) {
      const refs = doc.docs.references;
      expect(refs.length, `${doc.id} has no reference`).toBeGreaterThan(0);
      expect(new Set(refs.map((r) => `${r.title}\n${r.url}`)).size, `${doc.id} lists a reference twice`).toBe(refs.length);
      for (const r of refs) expect(referenceShapeProblems(r), `${doc.id}: ${r.url}`).toEqual([]);
    }
  });

  it("a Postfix rule cites Postfix's documentation and an Exim rule Exim's", () => {
    for (const doc of ruleDocs()) {
      if (doc.kind === "mtalint") continue;
      const site = doc.kind === "postfix" ? "https://www.postfix.org/" : "https://www.exim.org/";
      expect(doc.docs.references.some((r) => r.url.startsWith(site)), doc.id).toBe(true);
    }
  });

  it("negative control: the shape check refuses other sites, numbered anchors and wrong title prefixes", () => {
    expect(referenceShapeProblems({ title: "x", url: "https://example.org/postconf.5.html" })).toHaveLength(1);
    expect(referenceShapeProblems({ title: "SASL_README: x", url: "https://www.postfix.org/SASL_README.html#id396877" })).toEqual([
      "anchor #id396877 is a generated number that changes between Postfix releases",
    ]);
    expect(referenceShapeProblems({ title: "postconf: x", url: "https://www.postfix.org/postconf.5.html#mynetworks" })).toEqual(['title should start with "postconf(5): "']);
    expect(
      referenceShapeProblems({ title: "Exim specification: Main configuration", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch-main_configuration.html#SECID96" }),
    ).toEqual(["anchor #SECID96 is not a SECT/CHAP label; numbered ids change between Exim releases"]);
    expect(referenceShapeProblems({ title: "Exim specification: Access control lists", url: "https://www.exim.org/exim-html-current/doc/html/spec_html/ch44.html" })).toHaveLength(1);
  });

  it("the page lists them as links, in order", () => {
    for (const doc of ruleDocs()) {
      const page = renderRulePage(doc);
      const section = page.slice(page.indexOf("## References"));
      expect([...section.matchAll(/^- \[(.+)\]\((.+)\)$/gm)].map((m) => ({ title: m[1], url: m[2] })), doc.id).toEqual(doc.docs.references);
    }
  });
});

describe("docs/rules/README.md", () => {
  it("lists each rule once, under its kind, with its severity and summary", () => {
    const index = renderRuleIndex(ruleDocs());
    const headings = { postfix: "## Postfix", exim: "## Exim", mtalint: "## mtalint (disable comments)" } as const;
    for (const doc of ruleDocs()) {
      const start = index.indexOf(headings[doc.kind]);
      const next = index.indexOf("\n## ", start + 1);
      const section = index.slice(start, next < 0 ? undefined : next);
      const rows = section.split("\n").filter((l) => l.startsWith(`| [${doc.id}](${doc.id}.md) |`));
      expect(rows, doc.id).toHaveLength(1);
      expect(rows[0]).toContain(`| ${doc.severity} |`);
      expect(rows[0]).toContain(doc.summary.replace(/\|/g, "\\|"));
    }
  });
});
