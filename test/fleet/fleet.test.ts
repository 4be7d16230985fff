/** lintFleet as a library: hosts, their summaries, broken hosts, .mtalint.json per host and per fleet. */
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { InputError, UsageError } from "../../src/errors.js";
import { autoJobs, hostKinds, lintFleet, worstRule } from "../../src/fleet/index.js";
import type { FleetResult } from "../../src/fleet/types.js";
import { lintProject } from "../../src/lint.js";
import { CLEAN_MAIN_CF, MINIMAL_EXIM, sampleFleet, tempDir, WARNING_MAIN_CF, writeFleet } from "./helpers.js";

/** host → [kinds, errors, warnings, infos, worst rule, input errors] */
function table(result: FleetResult) {
  return Object.fromEntries(
    result.hosts.map((h) => [h.name, [hostKinds(h), h.summary.errors, h.summary.warnings, h.summary.infos, worstRule(h) ?? "-", h.inputErrors.length]]),
  );
}

describe("the sample fleet", () => {
  const result = lintFleet([sampleFleet]);

  it("has one row per host, in name order, with what was found and the worst rule", () => {
    expect(Object.keys(table(result))).toEqual(["exim-redhat", "postfix-and-exim", "postfix-clean", "postfix-open-relay"]);
    expect(table(result)).toEqual({
      "exim-redhat": ["exim", 1, 0, 0, "exim/tainted-file-path", 0],
      "postfix-and-exim": ["postfix+exim", 0, 1, 0, "postfix/duplicate-parameter", 0],
      "postfix-clean": ["postfix", 0, 0, 0, "-", 0],
      "postfix-open-relay": ["postfix", 2, 0, 0, "postfix/broad-mynetworks", 0],
    });
    expect(result.summary).toEqual({ errors: 3, warnings: 1, infos: 0 });
  });

  it("finds each host's configuration where that kind of server keeps it", () => {
    expect(result.hosts.map((h) => [h.name, h.configs.map((c) => c.where)])).toEqual([
      ["exim-redhat", ["etc/exim/exim.conf"]],
      ["postfix-and-exim", ["etc/postfix", "etc/exim4/exim4.conf"]],
      ["postfix-clean", ["etc/postfix"]],
      ["postfix-open-relay", ["."]],
    ]);
  });

  it("lints each host exactly as `mtalint lint` lints its configurations, and marks every file with its host", () => {
    for (const host of result.hosts) {
      const alone = host.configs.flatMap((c) => lintProject([c.path], { kind: c.kind }).files);
      expect(host.files.map((f) => [f.path, f.findings.map((x) => [x.ruleId, x.range.start])])).toEqual(alone.map((f) => [f.path, f.findings.map((x) => [x.ruleId, x.range.start])]));
      expect(new Set(host.files.map((f) => f.host))).toEqual(new Set([host.name]));
    }
    expect(result.files).toEqual(result.hosts.flatMap((h) => h.files));
  });
});

describe("a broken host does not stop the fleet", () => {
  const fleet = writeFleet({
    "a-clean": { "etc/postfix/main.cf": CLEAN_MAIN_CF, "etc/postfix/master.cf": "" },
    "b-binary": { "etc/postfix/main.cf": "myhostname = x\n\u0000\u0001\n" },
    "c-bad-config": { "etc/postfix/main.cf": CLEAN_MAIN_CF, ".mtalint.json": '{ "rules": { "postfix/no-such-rule": "off" } }\n' },
    "d-empty": { "README": "this server was decommissioned\n" },
    "e-warning": { "etc/postfix/main.cf": WARNING_MAIN_CF, "etc/exim4/exim4.conf": "\u0000" },
  });
  const result = lintFleet([fleet]);
  const errorsOf = (name: string) => result.hosts.find((h) => h.name === name)!.inputErrors.map((e) => e.replaceAll(fleet, "FLEET"));

  it("every host is in the report, the broken ones with why", () => {
    expect(result.hosts.map((h) => h.name)).toEqual(["a-clean", "b-binary", "c-bad-config", "d-empty", "e-warning"]);
    expect(errorsOf("a-clean")).toEqual([]);
    expect(errorsOf("b-binary")).toEqual(["FLEET/b-binary/etc/postfix/main.cf:2: binary file (contains a NUL byte), not a configuration file"]);
    expect(errorsOf("c-bad-config")).toEqual([expect.stringMatching(/^FLEET\/c-bad-config\/\.mtalint\.json:1:\d+: unknown rule id "postfix\/no-such-rule"/)]);
    expect(errorsOf("d-empty")).toEqual([
      "FLEET/d-empty: found no Postfix or Exim configuration (looked for etc/postfix/, postfix/, main.cf, etc/exim4/, etc/exim/, usr/local/etc/exim/, exim4/, exim/, etc/, exim.conf)",
    ]);
  });

  it("a host with one unreadable configuration still reports the other", () => {
    const host = result.hosts.find((h) => h.name === "e-warning")!;
    expect(errorsOf("e-warning")).toEqual(["FLEET/e-warning/etc/exim4/exim4.conf:1: binary file (contains a NUL byte), not a configuration file"]);
    expect(host.files.flatMap((f) => f.findings.map((x) => x.ruleId))).toEqual(["postfix/duplicate-parameter"]);
  });
});

describe(".mtalint.json in a fleet", () => {
  it("a host's own file applies to that host only; a file above the fleet to every host", () => {
    const fleet = writeFleet({
      quiet: { "etc/postfix/main.cf": WARNING_MAIN_CF, ".mtalint.json": '{ "rules": { "postfix/duplicate-parameter": "off" } }\n' },
      loud: { "etc/postfix/main.cf": WARNING_MAIN_CF },
    });
    expect(table(lintFleet([fleet]))).toMatchObject({ loud: ["postfix", 0, 1, 0, "postfix/duplicate-parameter", 0], quiet: ["postfix", 0, 0, 0, "-", 0] });
    writeFileSync(join(fleet, ".mtalint.json"), '{ "rules": { "postfix/duplicate-parameter": "error" } }\n');
    expect(table(lintFleet([fleet]))).toMatchObject({ loud: ["postfix", 1, 0, 0, "postfix/duplicate-parameter", 0], quiet: ["postfix", 0, 0, 0, "-", 0] });
  });

  it("--config (configFile) is used for every host instead of their own", () => {
    const fleet = writeFleet({ quiet: { "etc/postfix/main.cf": WARNING_MAIN_CF, ".mtalint.json": '{ "rules": { "postfix/duplicate-parameter": "off" } }\n' } });
    const config = join(tempDir(), "fleet.json");
    writeFileSync(config, '{ "rules": { "postfix/duplicate-parameter": "info" } }\n');
    expect(table(lintFleet([fleet], { configFile: config }))).toEqual({ quiet: ["postfix", 0, 0, 1, "postfix/duplicate-parameter", 0] });
  });

  it("a host matched by an ignore glob is left out", () => {
    const fleet = writeFleet({ old: { "etc/postfix/main.cf": WARNING_MAIN_CF }, new: { "etc/postfix/main.cf": CLEAN_MAIN_CF } });
    writeFileSync(join(fleet, ".mtalint.json"), '{ "ignore": ["old"] }\n');
    expect(lintFleet([fleet]).hosts.map((h) => h.name)).toEqual(["new"]);
  });
});

describe("fleet directories", () => {
  it("hosts are subdirectories: files and names starting with a dot are not hosts", () => {
    const fleet = writeFleet({ mx: { "main.cf": CLEAN_MAIN_CF }, ".git": { HEAD: "ref: refs/heads/main\n" } });
    writeFileSync(join(fleet, "hosts.txt"), "mx\n");
    expect(lintFleet([fleet]).hosts.map((h) => h.name)).toEqual(["mx"]);
  });

  it("several fleet directories make one fleet, still in name order", () => {
    const a = writeFleet({ zulu: { "main.cf": CLEAN_MAIN_CF }, alpha: { "exim.conf": MINIMAL_EXIM } });
    const b = writeFleet({ mike: { "main.cf": CLEAN_MAIN_CF } });
    expect(lintFleet([a, b]).hosts.map((h) => h.name)).toEqual(["alpha", "mike", "zulu"]);
  });

  it.each<[string, () => string[], typeof InputError | typeof UsageError, RegExp]>([
    ["a missing fleet directory", () => [join(tempDir(), "nope")], InputError, /nope: no such file or directory$/],
    ["a file instead of a directory", () => [join(writeFleet({ mx: { "main.cf": CLEAN_MAIN_CF } }), "mx/main.cf")], InputError, /--fleet needs a directory holding one directory per host$/],
    ["a fleet directory without hosts", () => [mkEmpty()], InputError, /no host directories in this fleet directory/],
    [
      "the same host name in two fleet directories",
      () => [writeFleet({ mx: { "main.cf": CLEAN_MAIN_CF } }), writeFleet({ mx: { "main.cf": CLEAN_MAIN_CF } })],
      UsageError,
      /^host mx is in two fleet directories: .*; host names must be unique$/,
    ],
  ])("%s is an error for the whole run", (_name, dirs, type, message) => {
    const paths = dirs();
    expect(() => lintFleet(paths)).toThrow(type);
    expect(() => lintFleet(paths)).toThrow(message);
  });
});

function mkEmpty(): string {
  const dir = join(tempDir(), "fleet");
  mkdirSync(dir);
  return dir;
}

describe("--jobs auto", () => {
  it.each<[number, number, number]>([
    [1, 8, 1],
    [99, 8, 1],
    [250, 8, 2],
    [500, 2, 2],
    [500, 1, 1],
    [5000, 64, 8],
  ])("%i hosts on %i CPUs → %i threads", (hosts, cpus, jobs) => {
    expect(autoJobs(hosts, cpus)).toBe(jobs);
  });
});
