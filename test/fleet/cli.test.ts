/**
 * `mtalint lint --fleet` as a user runs it: the report in each format, exit
 * codes, broken hosts, and the same bytes for every --jobs, whether the
 * command runs the module tree (dist/src) or the single-file build.
 */
import { createRequire } from "node:module";
import { existsSync, mkdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { spawnSync } from "node:child_process";
import { Ajv } from "ajv";
import addFormats from "ajv-formats";
import { describe, expect, it } from "vitest";
import { expectUsageError, mtalint, repoRoot, type Run } from "../cli/run.js";
import { CLEAN_MAIN_CF, generateFleet, tempDir, WARNING_MAIN_CF, writeFleet } from "./helpers.js";

const FLEET = "samples/fleet";

describe("mtalint lint --fleet samples/fleet", () => {
  const r = mtalint(["lint", "--fleet", FLEET, "--no-color"]);

  it("groups findings by host, then prints one row per host and a summary; exit 1", () => {
    const lines = r.stdout.trimEnd().split("\n");
    expect(lines.filter((l) => l.startsWith("host "))).toEqual([
      "host exim-redhat (exim: etc/exim/exim.conf)",
      "host postfix-and-exim (postfix: etc/postfix, exim: etc/exim4/exim4.conf)",
      "host postfix-open-relay (postfix: ./)",
      "host                kind          errors  warnings  infos  worst rule",
    ]);
    expect(lines.slice(-7)).toEqual([
      "host                kind          errors  warnings  infos  worst rule",
      "exim-redhat         exim               1         0      0  exim/tainted-file-path",
      "postfix-and-exim    postfix+exim       0         1      0  postfix/duplicate-parameter",
      "postfix-clean       postfix            0         0      0  -",
      "postfix-open-relay  postfix            2         0      0  postfix/broad-mynetworks",
      "",
      "✖ 4 problems (3 errors, 1 warning, 0 infos) in 3 of 4 hosts",
    ]);
    expect(r.stdout).toContain("host postfix-open-relay (postfix: ./)\nsamples/fleet/postfix-open-relay/main.cf\n  7:27  error  mynetworks entry 198.51.100.0/0 trusts");
    expect(r.stderr).toBe("");
    expect(r.code).toBe(1);
  });

  it("json: the lint report plus a host on each file, a hosts list and host counts", () => {
    const report = JSON.parse(mtalint(["lint", "--fleet", FLEET, "-f", "json"]).stdout);
    expect(Object.keys(report)).toEqual(["version", "files", "summary", "hosts"]);
    expect(report.version).toBe(1);
    expect(report.files.map((f: { path: string; host: string }) => [f.host, f.path])).toEqual([
      ["exim-redhat", "samples/fleet/exim-redhat/etc/exim/exim.conf"],
      ["postfix-and-exim", "samples/fleet/postfix-and-exim/etc/postfix/main.cf"],
      ["postfix-and-exim", "samples/fleet/postfix-and-exim/etc/postfix/master.cf"],
      ["postfix-and-exim", "samples/fleet/postfix-and-exim/etc/exim4/exim4.conf"],
      ["postfix-clean", "samples/fleet/postfix-clean/etc/postfix/main.cf"],
      ["postfix-clean", "samples/fleet/postfix-clean/etc/postfix/master.cf"],
      ["postfix-open-relay", "samples/fleet/postfix-open-relay/main.cf"],
      ["postfix-open-relay", "samples/fleet/postfix-open-relay/master.cf"],
    ]);
    expect(report.summary).toEqual({ errors: 3, warnings: 1, infos: 0, hosts: 4, hostsWithFindings: 3, unreadableHosts: 0 });
    expect(report.hosts[1]).toEqual({
      name: "postfix-and-exim",
      path: "samples/fleet/postfix-and-exim",
      configs: [
        { kind: "postfix", path: "samples/fleet/postfix-and-exim/etc/postfix" },
        { kind: "exim", path: "samples/fleet/postfix-and-exim/etc/exim4/exim4.conf" },
      ],
      summary: { errors: 0, warnings: 1, infos: 0 },
      worstRule: "postfix/duplicate-parameter",
      inputErrors: [],
    });
    expect(report.hosts[2]).toMatchObject({ name: "postfix-clean", worstRule: null });
  });

  it("json without --fleet is unchanged: no host, no hosts", () => {
    const report = JSON.parse(mtalint(["lint", `${FLEET}/postfix-open-relay`, "-f", "json"]).stdout);
    expect(Object.keys(report)).toEqual(["version", "files", "summary"]);
    expect(Object.keys(report.files[0])).toEqual(["path", "kind", "findings"]);
    expect(report.summary).toEqual({ errors: 2, warnings: 0, infos: 0 });
  });

  it("github: titles start with the host", () => {
    const lines = mtalint(["lint", "--fleet", FLEET, "-f", "github"]).stdout.trimEnd().split("\n");
    expect(lines.map((l) => /title=([^:]+)::/.exec(l)?.[1])).toEqual([
      "exim-redhat%3A exim/tainted-file-path",
      "postfix-and-exim%3A postfix/duplicate-parameter",
      "postfix-open-relay%3A postfix/broad-mynetworks",
      "postfix-open-relay%3A postfix/open-relay",
    ]);
  });
});

/** The official SARIF 2.1.0 schema, read as test/format/sarif.test.ts reads it. */
function sarifValidator() {
  const path = createRequire(import.meta.url).resolve("@microsoft/jest-sarif/lib/schemas/sarif-2.1.0-rtm.5.json");
  const { $schema: _draft, id, ...rest } = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  const ajv = new Ajv({ allErrors: true, strict: false, unicodeRegExp: false });
  addFormats.default(ajv);
  return ajv.compile({ $id: id as string, ...rest });
}

describe("a fleet with broken hosts", () => {
  const root = tempDir();
  writeFleet(
    {
      "mx1": { "etc/postfix/main.cf": CLEAN_MAIN_CF },
      "mx2": { "etc/postfix/main.cf": "\u0000binary\n" },
      "mx3": { "etc/postfix/main.cf": WARNING_MAIN_CF },
      "mx4": { "var/log/mail.log": "" },
    },
    root,
  );
  const run = (...args: string[]) => mtalint(["lint", "--fleet", "fleet", "--no-color", ...args], { cwd: root });

  it("every other host is linted and reported; each broken one is named on stderr; exit 2", () => {
    const r = run();
    expect(r.stdout).toContain("host mx2 (postfix: etc/postfix)\n  not read  fleet/mx2/etc/postfix/main.cf:1: binary file (contains a NUL byte), not a configuration file\n");
    expect(r.stdout).toContain("fleet/mx3/etc/postfix/main.cf\n  4:1  warning  mynetworks is set again");
    expect(r.stdout.trimEnd().split("\n").slice(-7)).toEqual([
      "host  kind     errors  warnings  infos  worst rule",
      "mx1   postfix       0         0      0  -",
      "mx2   postfix       0         0      0  could not be read",
      "mx3   postfix       0         1      0  postfix/duplicate-parameter",
      "mx4   -             0         0      0  could not be read",
      "",
      "✖ 1 problem (0 errors, 1 warning, 0 infos) in 1 of 4 hosts; 2 hosts could not be read",
    ]);
    expect(r.stderr.trimEnd().split("\n")).toEqual([
      "mtalint: host mx2: fleet/mx2/etc/postfix/main.cf:1: binary file (contains a NUL byte), not a configuration file",
      expect.stringMatching(/^mtalint: host mx4: fleet\/mx4: found no Postfix or Exim configuration \(looked for etc\/postfix\/, .*\)$/),
    ]);
    expect(r.stderr).not.toMatch(/^\s+at /m);
    expect(r.code).toBe(2);
  });

  it("sarif: valid, with the broken hosts as error notifications of an unsuccessful invocation", () => {
    const log = JSON.parse(run("-f", "sarif").stdout);
    const validate = sarifValidator();
    expect(validate(log) ? [] : validate.errors).toEqual([]);
    const run0 = log.runs[0];
    expect(run0.invocations).toHaveLength(1);
    expect(run0.invocations[0].executionSuccessful).toBe(false);
    expect(run0.invocations[0].toolExecutionNotifications.map((n: { level: string; properties: { host: string } }) => [n.level, n.properties.host])).toEqual([
      ["error", "mx2"],
      ["error", "mx4"],
    ]);
    expect(run0.results.map((x: { properties: { host: string } }) => x.properties.host)).toEqual(["mx3"]);
  });

  it("github: one ::error per broken host after the annotations", () => {
    const lines = run("-f", "github").stdout.trimEnd().split("\n");
    expect(lines[0]).toMatch(/^::warning file=fleet\/mx3\/etc\/postfix\/main\.cf,line=4,.*title=mx3%3A postfix\/duplicate-parameter::/);
    expect(lines.slice(1)).toEqual([
      "::error title=mx2%3A not read::fleet/mx2/etc/postfix/main.cf:1: binary file (contains a NUL byte), not a configuration file",
      expect.stringMatching(/^::error title=mx4%3A not read::fleet\/mx4: found no Postfix or Exim configuration/),
    ]);
  });

  it("json: inputErrors per host and the count of unreadable hosts", () => {
    const report = JSON.parse(run("-f", "json").stdout);
    expect(report.hosts.map((h: { name: string; inputErrors: string[] }) => [h.name, h.inputErrors.length])).toEqual([
      ["mx1", 0],
      ["mx2", 1],
      ["mx3", 0],
      ["mx4", 1],
    ]);
    expect(report.summary.unreadableHosts).toBe(2);
  });
});

describe("exit codes and flags", () => {
  const clean = writeFleet({ a: { "main.cf": CLEAN_MAIN_CF }, b: { "etc/postfix/main.cf": CLEAN_MAIN_CF } });
  const warnings = writeFleet({ a: { "main.cf": CLEAN_MAIN_CF }, b: { "etc/postfix/main.cf": WARNING_MAIN_CF } });

  it.each<[string, string[], number]>([
    ["a clean fleet → 0", [clean], 0],
    ["warnings only → 0", [warnings], 0],
    ["warnings with --fail-on warning → 1", [warnings, "--fail-on", "warning"], 1],
    ["warnings over --max-warnings → 1", [warnings, "--max-warnings", "0"], 1],
    ["the sample fleet (errors) → 1", ["samples/fleet"], 1],
    ["--kind postfix on a fleet with an Exim-only host: that host has no Postfix configuration → 2", ["samples/fleet", "--kind", "postfix"], 2],
  ])("%s", (_name, args, code) => {
    expect(mtalint(["lint", "--fleet", ...args, "-f", "json"]).code).toBe(code);
  });

  it("a clean fleet says so", () => {
    expect(mtalint(["lint", "--fleet", clean, "--no-color"]).stdout.trimEnd().split("\n").at(-1)).toBe("✔ no problems in 2 hosts (2 files)");
  });

  it("--output writes the fleet report to the file", () => {
    const out = join(tempDir(), "report.json");
    const r = mtalint(["lint", "--fleet", clean, "-f", "json", "-o", out]);
    expect(r.stdout).toBe("");
    expect(JSON.parse(readFileSync(out, "utf8")).summary.hosts).toBe(2);
  });

  it.each<[string, string[], string]>([
    ["--jobs without --fleet", ["lint", "--jobs", "2", "samples/postfix/open-relay"], "--jobs applies to --fleet runs only"],
    ["--jobs 0", ["lint", "--fleet", "--jobs", "0", "samples/fleet"], '--jobs must be a whole number from 1, or auto, not "0"'],
    ["--jobs many", ["lint", "--fleet", "--jobs", "many", "samples/fleet"], '--jobs must be a whole number from 1, or auto, not "many"'],
    ["a fleet directory without hosts", ["lint", "--fleet", "samples/fleet/postfix-open-relay"], "samples/fleet/postfix-open-relay: no host directories in this fleet directory (each host is a subdirectory)"],
  ])("%s → 2 with one line", (_name, args, message) => {
    expectUsageError(mtalint(args), message);
  });
});

describe("the same bytes for any --jobs and either build", () => {
  const root = tempDir();
  const fleet = generateFleet(24, root);
  // One broken host among them: its error must come out the same way too.
  mkdirSync(join(fleet, "host-0007-broken/etc/postfix"), { recursive: true });
  writeFileSync(join(fleet, "host-0007-broken/etc/postfix/main.cf"), "\u0000");

  const bundle = join(repoRoot, "dist/mtalint.cjs");
  const bundleFresh = existsSync(bundle) && statSync(bundle).mtimeMs >= statSync(join(repoRoot, "dist/src/cli/bin.js")).mtimeMs;
  const variants: [string, (args: string[]) => Run][] = [
    ["the module tree (dist/src)", (args) => mtalint(args, { cwd: root, env: { MTALINT_NO_BUNDLE: "1" } })],
    ["the `mtalint` command as installed", (args) => mtalint(args, { cwd: root })],
  ];
  if (bundleFresh) {
    variants.push([
      "node dist/mtalint.cjs",
      (args) => {
        const r = spawnSync(process.execPath, [bundle, ...args], { cwd: root, encoding: "utf8" });
        return { code: r.status, stdout: r.stdout, stderr: r.stderr };
      },
    ]);
  } else console.warn(`skipping node dist/mtalint.cjs: ${bundle} is missing or older than dist/src/cli/bin.js (npm run build writes it)`);

  it.each(variants)("%s", (_name, run) => {
    for (const format of ["stylish", "json"]) {
      const outputs = [1, 2, 4].map((jobs) => run(["lint", "--fleet", "fleet", "--no-color", "-f", format, "--jobs", String(jobs)]));
      for (const r of outputs) {
        expect(r.code).toBe(2);
        expect(r.stderr).toBe("mtalint: host host-0007-broken: fleet/host-0007-broken/etc/postfix/main.cf:1: binary file (contains a NUL byte), not a configuration file\n");
      }
      expect(outputs[1]!.stdout).toBe(outputs[0]!.stdout);
      expect(outputs[2]!.stdout).toBe(outputs[0]!.stdout);
    }
  });
});
