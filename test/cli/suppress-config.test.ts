import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { fixtures, mtalint, repoRoot } from "./run.js";

interface JsonFinding {
  ruleId: string;
  line: number;
  column: number;
  severity: string;
}

function findings(args: string[], cwd?: string): string[] {
  const r = mtalint(["lint", "-f", "json", ...args], cwd ? { cwd } : {});
  expect(r.stderr).toBe("");
  return JSON.parse(r.stdout).files.flatMap((f: { path: string; findings: JsonFinding[] }) =>
    f.findings.map((x) => `${f.path.split("/").slice(-2).join("/")}:${x.line}:${x.column} ${x.severity} ${x.ruleId}`),
  );
}

const emptyConfig = () => {
  const file = join(mkdtempSync(join(tmpdir(), "mtalint-cfg-")), "empty.json");
  writeFileSync(file, "{}\n");
  return file;
};

describe("disable comments through the CLI", () => {
  it("hide what they name; the rest stays", () => {
    expect(findings([`${fixtures}/suppress`])).toEqual(["suppress/main.cf:3:1 warning postfix/duplicate-parameter"]);
  });

  it("--report-unused-disables adds the comments that hide nothing, and unknown ids", () => {
    expect(findings(["--report-unused-disables", `${fixtures}/suppress`])).toEqual([
      "suppress/main.cf:3:1 warning postfix/duplicate-parameter",
      "suppress/main.cf:7:29 warning mtalint/unused-disable",
      "suppress/main.cf:12:46 warning mtalint/unused-disable",
    ]);
  });

  it("control: with the comments' rules listed explicitly nothing changes (the file really has those findings)", () => {
    const r = mtalint(["lint", "-f", "json", "--rule", "postfix/unknown-parameter", `${fixtures}/suppress`]);
    expect(JSON.parse(r.stdout).summary.warnings).toBe(0);
    const raw = mtalint(["lint", "-f", "json", "--rule", "postfix/unknown-parameter", `${fixtures}/warnings`]);
    expect(JSON.parse(raw.stdout).summary.warnings).toBe(1);
  });
});

describe(".mtalint.json through the CLI", () => {
  it("is found above the linted directory and turns a rule off", () => {
    expect(findings([`${fixtures}/config/site`])).toEqual([]);
  });

  it("is found from another working directory too", () => {
    expect(findings(["."], join(repoRoot, fixtures, "config/site"))).toEqual([]);
  });

  it("control: --config with an empty file instead reports the duplicate", () => {
    expect(findings(["--config", emptyConfig(), `${fixtures}/config/site`])).toEqual(["site/main.cf:2:1 warning postfix/duplicate-parameter"]);
  });

  it("ignore globs skip a directory, even one with a syntax error", () => {
    const r = mtalint(["lint", "-f", "json", `${fixtures}/config`]);
    expect(JSON.parse(r.stdout).files.map((f: { path: string }) => f.path)).toEqual([`${fixtures}/config/site/main.cf`]);
    expect(r.code).toBe(0);
    const unignored = mtalint(["lint", "-f", "json", "--config", emptyConfig(), `${fixtures}/config`]);
    expect(unignored.code).toBe(1);
    expect(JSON.parse(unignored.stdout).files.map((f: { path: string }) => f.path)).toContain(`${fixtures}/config/legacy/main.cf`);
  });

  it("a severity from the config shows in the report", () => {
    expect(findings([`${fixtures}/info`])).toEqual(["info/main.cf:2:1 info postfix/unknown-parameter"]);
  });

  it("each path gets its own nearest config", () => {
    expect(findings([`${fixtures}/info`, `${fixtures}/warnings`])).toEqual([
      "info/main.cf:2:1 info postfix/unknown-parameter",
      "warnings/main.cf:3:1 warning postfix/duplicate-parameter",
      "warnings/main.cf:4:1 warning postfix/unknown-parameter",
    ]);
  });
});
