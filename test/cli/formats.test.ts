import { describe, expect, it } from "vitest";
import { fixtures, mtalint } from "./run.js";

describe("mtalint lint --format", () => {
  it("stylish (the default): findings with the line and a summary", () => {
    const r = mtalint(["lint", `${fixtures}/warnings`]);
    expect(r.stdout).toContain(`${fixtures}/warnings/main.cf\n  3:1  warning  `);
    expect(r.stdout).toContain("    3 | mynetworks = 127.0.0.0/8\n      | ^^^^^^^^^^\n");
    expect(r.stdout.trimEnd().split("\n").at(-1)).toBe("✖ 2 problems (0 errors, 2 warnings, 0 infos)");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
  });

  it("json: the versioned report with paths relative to the working directory", () => {
    const r = mtalint(["lint", "--format", "json", `${fixtures}/warnings`]);
    const report = JSON.parse(r.stdout);
    expect(report.version).toBe(1);
    expect(report.files.map((f: { path: string; kind: string }) => [f.path, f.kind])).toEqual([[`${fixtures}/warnings/main.cf`, "postfix"]]);
    expect(report.files[0].findings.map((f: { ruleId: string; line: number }) => [f.ruleId, f.line])).toEqual([
      ["postfix/duplicate-parameter", 3],
      ["postfix/unknown-parameter", 4],
    ]);
    expect(report.summary).toEqual({ errors: 0, warnings: 2, infos: 0 });
  });

  it("sarif: a 2.1.0 log with rule metadata and results", () => {
    const r = mtalint(["lint", "-f", "sarif", `${fixtures}/warnings`]);
    const log = JSON.parse(r.stdout);
    expect(log.version).toBe("2.1.0");
    expect(log.runs[0].tool.driver.name).toBe("mtalint");
    expect(log.runs[0].tool.driver.version).toBe("0.1.0");
    expect(log.runs[0].results.map((x: { ruleId: string }) => x.ruleId)).toEqual(["postfix/duplicate-parameter", "postfix/unknown-parameter"]);
    expect(log.runs[0].results[0].locations[0].physicalLocation.artifactLocation).toEqual({ uri: `${fixtures}/warnings/main.cf`, uriBaseId: "%SRCROOT%" });
  });

  it("github: one ::warning command per finding", () => {
    const r = mtalint(["lint", "-f", "github", `${fixtures}/warnings`]);
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines).toHaveLength(2);
    expect(lines[0]).toMatch(/^::warning file=test\/fixtures\/cli\/warnings\/main\.cf,line=3,col=1,endLine=3,endColumn=11,title=postfix\/duplicate-parameter::mynetworks /);
  });

  it("a directory tree with a Postfix directory and an Exim file lints both", () => {
    const r = mtalint(["lint", "-f", "json", `${fixtures}/mixed`]);
    const report = JSON.parse(r.stdout);
    expect(report.files.map((f: { path: string; kind: string }) => [f.path, f.kind])).toEqual([
      [`${fixtures}/mixed/exim/exim.conf`, "exim"],
      [`${fixtures}/mixed/postfix/main.cf`, "postfix"],
      [`${fixtures}/mixed/postfix/master.cf`, "postfix"],
    ]);
    expect(report.files.flatMap((f: { findings: { ruleId: string }[] }) => f.findings.map((x) => x.ruleId))).toEqual([
      "exim/syntax",
      "postfix/syntax",
      "postfix/undefined-reference",
    ]);
    expect(r.code).toBe(1);
  });

  it("--rule runs only the named rules (repeatable or comma-separated)", () => {
    const ids = (args: string[]) =>
      JSON.parse(mtalint(["lint", "-f", "json", ...args, `${fixtures}/warnings`]).stdout).files[0].findings.map((f: { ruleId: string }) => f.ruleId);
    expect(ids(["--rule", "postfix/unknown-parameter"])).toEqual(["postfix/unknown-parameter"]);
    expect(ids(["--rule", "postfix/unknown-parameter,postfix/duplicate-parameter"])).toEqual(["postfix/duplicate-parameter", "postfix/unknown-parameter"]);
    expect(ids(["--rule", "postfix/syntax"])).toEqual([]);
  });

  describe("colour", () => {
    const esc = "\u001b[";
    it.each([
      ["not a terminal: none", [], {}, false],
      ["FORCE_COLOR=1: colour", [], { FORCE_COLOR: "1" }, true],
      ["FORCE_COLOR=0: none", [], { FORCE_COLOR: "0" }, false],
      ["--no-color beats FORCE_COLOR", ["--no-color"], { FORCE_COLOR: "1" }, false],
      ["NO_COLOR beats FORCE_COLOR", [], { NO_COLOR: "1", FORCE_COLOR: "1" }, false],
    ] as const)("%s", (_name, flags, env, coloured) => {
      const r = mtalint(["lint", ...flags, `${fixtures}/warnings`], { env: { ...env } });
      expect(r.stdout.includes(esc)).toBe(coloured);
      expect(r.stdout).toContain("2 problems");
    });
  });
});
