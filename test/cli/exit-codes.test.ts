import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectUsageError, fixtures, mtalint, repoRoot } from "./run.js";

describe("exit codes", () => {
  it.each<[string, string[], number]>([
    ["a clean config → 0", [`${fixtures}/clean`], 0],
    ["warnings only, default --fail-on error → 0", [`${fixtures}/warnings`], 0],
    ["warnings with --fail-on warning → 1", ["--fail-on", "warning", `${fixtures}/warnings`], 1],
    ["warnings with --fail-on info → 1", ["--fail-on", "info", `${fixtures}/warnings`], 1],
    ["a syntax error in the config is a finding, not a usage error: 1", [`${fixtures}/mixed/postfix`], 1],
    ["an info finding (set by .mtalint.json) passes --fail-on warning → 0", ["--fail-on", "warning", `${fixtures}/info`], 0],
    ["an info finding fails --fail-on info → 1", ["--fail-on", "info", `${fixtures}/info`], 1],
    ["2 warnings, --max-warnings 2 → 0", ["--max-warnings", "2", `${fixtures}/warnings`], 0],
    ["2 warnings, --max-warnings 1 → 1", ["--max-warnings", "1", `${fixtures}/warnings`], 1],
    ["2 warnings, --max-warnings 0 → 1", ["--max-warnings", "0", `${fixtures}/warnings`], 1],
    ["errors fail even under a generous --max-warnings → 1", ["--max-warnings", "100", `${fixtures}/mixed`], 1],
  ])("%s", (_name, args, code) => {
    const r = mtalint(["lint", "-f", "json", ...args]);
    expect(r.code).toBe(code);
    expect(() => JSON.parse(r.stdout)).not.toThrow();
  });

  it("--max-warnings says why it failed", () => {
    expect(mtalint(["lint", "--max-warnings", "1", `${fixtures}/warnings`]).stderr).toBe("mtalint: 2 warnings, more than --max-warnings 1\n");
  });

  it.each<[string, string[], string | RegExp]>([
    ["a missing path", [`${fixtures}/nope`], `${fixtures}/nope: no such file or directory`],
    ["--fail-on with an unknown severity", ["--fail-on", "fatal", `${fixtures}/clean`], '--fail-on must be error, warning or info, not "fatal"'],
    ["--max-warnings that is not a number", ["--max-warnings", "many", `${fixtures}/clean`], '--max-warnings must be a whole number, not "many"'],
    ["--format that does not exist", ["--format", "xml", `${fixtures}/clean`], '--format must be one of stylish, json, sarif, github, not "xml"'],
    ["--kind that does not exist", ["--kind", "qmail", `${fixtures}/clean`], '--kind must be "postfix" or "exim", not "qmail"'],
    ["--rule with a typo", ["--rule", "postfix/duplicate-parameters", `${fixtures}/clean`], '--rule: unknown rule id "postfix/duplicate-parameters" (did you mean "postfix/duplicate-parameter"?)'],
    ["--config that does not exist", ["--config", "no-such.json", `${fixtures}/clean`], "no-such.json: cannot read configuration: no such file or directory"],
    [
      "a .mtalint.json with an unknown rule id",
      [`${fixtures}/bad-config`],
      /^mtalint: \/.*\/test\/fixtures\/cli\/bad-config\/\.mtalint\.json:4:5: unknown rule id "postfix\/duplicate-parameters" \(did you mean "postfix\/duplicate-parameter"\?\)/,
    ],
  ])("%s → 2 with one line", (_name, args, message) => {
    expectUsageError(mtalint(["lint", ...args]), message);
  });

  it("a .mtalint.json that is not JSON → 2 naming its line and column", () => {
    const dir = mkdtempSync(join(tmpdir(), "mtalint-cli-"));
    writeFileSync(join(dir, "main.cf"), "myhostname = mx.example.org\n");
    writeFileSync(join(dir, ".mtalint.json"), '{\n  "rules": {\n    "postfix/syntax": "off",\n  }\n}\n');
    expectUsageError(mtalint(["lint", dir]), new RegExp(`^mtalint: ${join(dir, ".mtalint.json")}:4:3: invalid JSON: `));
  });

  it("an unknown flag → 2 (commander's message and usage, no stack)", () => {
    const r = mtalint(["lint", "--bogus", `${fixtures}/clean`]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("error: unknown option '--bogus'");
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.stdout).toBe("");
  });

  it("no path → 2", () => {
    const r = mtalint(["lint"]);
    expect(r.code).toBe(2);
    expect(r.stderr).toContain("missing required argument 'paths'");
  });
});

describe("--output", () => {
  it("writes the report to the file, prints nothing, still sets the exit code", () => {
    const out = join(mkdtempSync(join(tmpdir(), "mtalint-out-")), "report.sarif");
    const r = mtalint(["lint", "-f", "sarif", "-o", out, `${fixtures}/mixed`]);
    expect(r.stdout).toBe("");
    expect(r.code).toBe(1);
    expect(JSON.parse(readFileSync(out, "utf8")).runs[0].results).toHaveLength(3);
  });

  it("the stylish report written to a file has no colour; FORCE_COLOR=1 still forces it", () => {
    const out = join(mkdtempSync(join(tmpdir(), "mtalint-out-")), "report.txt");
    mtalint(["lint", "-o", out, `${fixtures}/warnings`]);
    expect(readFileSync(out, "utf8")).toContain("✖ 2 problems");
    expect(readFileSync(out, "utf8")).not.toContain("\u001b");
    mtalint(["lint", "-o", out, `${fixtures}/warnings`], { env: { FORCE_COLOR: "1" } });
    expect(readFileSync(out, "utf8")).toContain("\u001b[");
  });

  it("a missing parent directory is not created: 2", () => {
    const out = join(tmpdir(), "mtalint-no-such-dir", "sub", "report.json");
    expectUsageError(mtalint(["lint", "-f", "json", "-o", out, `${fixtures}/clean`]), `cannot write the report to ${out}: no such file or directory`);
  });
});

describe("the default command", () => {
  it("mtalint PATH is mtalint lint PATH", () => {
    const a = mtalint(["-f", "json", `${fixtures}/warnings`]);
    const b = mtalint(["lint", "-f", "json", `${fixtures}/warnings`]);
    expect(a.stdout).toBe(b.stdout);
    expect(JSON.parse(a.stdout).summary.warnings).toBe(2);
    expect(mtalint([`${fixtures}/mixed`]).code).toBe(1);
  });

  it("--debug before the path still works", () => {
    expect(mtalint(["--debug", `${fixtures}/clean`]).stdout).toBe("✔ no problems in 1 file\n");
  });

  it("other subcommands are not taken for paths", () => {
    const r = mtalint(["print", `${fixtures}/clean`]);
    expect(r.stdout).toContain("myhostname = mx.example.org\n");
    expect(r.stdout).not.toContain("problems");
  });
});

describe("version", () => {
  it("mtalint --version prints the package version", () => {
    const pkg = JSON.parse(readFileSync(join(repoRoot, "package.json"), "utf8")) as { version: string };
    const r = mtalint(["--version"]);
    expect(r.stdout.trim()).toBe(pkg.version);
    expect(r.code).toBe(0);
  });
});
