import { readFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { ruleDocs } from "../../src/docs/catalog.js";
import { expectUsageError, mtalint, repoRoot } from "./run.js";

describe("mtalint rules", () => {
  const ids = ruleDocs().map((d) => d.id);

  it("lists every rule: id, kind, severity, summary", () => {
    const r = mtalint(["rules"]);
    expect(r.code).toBe(0);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.map((l) => l.split(/\s+/)[0])).toEqual(ids);
    const dup = lines.find((l) => l.startsWith("postfix/duplicate-parameter "))!;
    expect(dup.split(/\s{2,}/)).toEqual(["postfix/duplicate-parameter", "postfix", "warning", "A main.cf parameter is set more than once"]);
  });

  it("--format json", () => {
    const list = JSON.parse(mtalint(["rules", "--format", "json"]).stdout);
    expect(list.map((r: { id: string }) => r.id)).toEqual(ids);
    expect(list.find((r: { id: string }) => r.id === "postfix/syntax")).toMatchObject({ kind: "postfix", severity: "error", files: ["main.cf", "master.cf"] });
  });

  it("ID prints the rule's page, the same text as docs/rules/", () => {
    const r = mtalint(["rules", "postfix/duplicate-parameter"]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(readFileSync(join(repoRoot, "docs/rules/postfix/duplicate-parameter.md"), "utf8"));
  });

  it("an unknown ID → 2 with a did-you-mean", () => {
    expectUsageError(mtalint(["rules", "postfix/duplicate-parametr"]), 'unknown rule id "postfix/duplicate-parametr" (did you mean "postfix/duplicate-parameter"?); `mtalint rules` lists them');
  });

  it("an unknown format → 2", () => {
    expectUsageError(mtalint(["rules", "--format", "yaml"]), '--format must be text or json, not "yaml"');
  });
});
