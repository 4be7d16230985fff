/**
 * mtalint never writes to what it reads. Every command (lint in every
 * format and in fleet mode, print in every mode, relay, diff, explain,
 * rules) runs on a copy of all samples; afterwards every file has the same
 * SHA-256, mtime and mode, every directory the same entries, mtime and mode
 * (a file created inside would change them). atime is left out: reading
 * updates it. --output writes the report where it is asked and nowhere else.
 */
import { createHash } from "node:crypto";
import { cpSync, existsSync, lstatSync, readdirSync, readFileSync, readlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { repoRoot } from "../cli/run.js";
import { removeTempDirs, runCli, tempDir } from "./hostile-helpers.js";

afterAll(removeTempDirs);

function snapshot(root: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (p: string) => {
    const st = lstatSync(p);
    const rel = p.slice(root.length) || "/";
    if (st.isDirectory()) {
      const names = readdirSync(p).sort();
      out.set(rel, `dir ${st.mode} ${st.mtimeMs} [${names.join(",")}]`);
      for (const n of names) walk(join(p, n));
    } else if (st.isSymbolicLink()) {
      out.set(rel, `link ${readlinkSync(p)} ${st.mtimeMs}`);
    } else {
      out.set(rel, `file ${st.mode} ${st.mtimeMs} ${st.size} ${createHash("sha256").update(readFileSync(p)).digest("hex")}`);
    }
  };
  walk(root);
  return out;
}

let copy = "";
let before = new Map<string, string>();

beforeAll(() => {
  copy = join(tempDir(), "samples");
  cpSync(join(repoRoot, "samples"), copy, { recursive: true, preserveTimestamps: true });
  before = snapshot(copy);
});

const dirs = (sub: string) =>
  readdirSync(join(repoRoot, "samples", sub))
    .sort()
    .map((n) => `${sub}/${n}`);

const OUTSIDE = ["--client", "203.0.113.9", "--to", "user@remote.example"];

function postfixCommands(d: string): string[][] {
  return [
    ["lint", d, "--format", "json"],
    ["lint", d, "--format", "sarif", "--report-unused-disables"],
    ["print", d],
    ["print", d, "--expand"],
    ["print", d, "--services"],
    ["print", d, "myhostname", "smtpd_relay_restrictions", "mynetworks"],
    ["relay", d, ...OUTSIDE],
    ["relay", d, ...OUTSIDE, "--sasl", "alice", "--service", "submission", "--format", "json"],
    ["diff", d, d, "--text"],
  ];
}

function eximCommands(d: string): string[][] {
  return [
    ["lint", d, "--format", "json"],
    ["lint", d, "--format", "github"],
    ["print", d, "primary_hostname", "acl_smtp_rcpt", "local_interfaces"],
    ["print", d, "--acl", "acl_check_rcpt"],
    ["relay", d, ...OUTSIDE],
    ["relay", d, ...OUTSIDE, "--sasl", "alice", "--format", "json"],
    ["diff", d, d, "--format", "json"],
  ];
}

describe("no command changes a byte, a timestamp or a mode of what it reads", () => {
  const cases: [string, (root: string) => string[][]][] = [
    ...dirs("postfix").map((s): [string, (root: string) => string[][]] => [s, (root) => postfixCommands(join(root, s))]),
    ...dirs("exim").map((s): [string, (root: string) => string[][]] => [s, (root) => eximCommands(join(root, s))]),
    ...dirs("diff").map((s): [string, (root: string) => string[][]] => [
      s,
      (root) => [
        ["diff", join(root, s, "before"), join(root, s, "after"), "--text"],
        ["diff", join(root, s, "before"), join(root, s, "after"), "--format", "markdown", "--ignore-host-specific"],
        ["lint", join(root, s)],
      ],
    ]),
    ["the whole tree, every lint format", (root) => ["stylish", "json", "sarif", "github"].map((f) => ["lint", root, "--format", f])],
    ["fleet mode with worker threads", (root) => [["lint", "--fleet", join(root, "fleet"), "--jobs", "2", "--format", "json"]]],
    ["rules", () => [["rules"], ["rules", "postfix/open-relay"], ["rules", "exim/include-problem"]]],
    [
      "explain over the sample logs",
      (root) =>
        existsSync(join(root, "logs"))
          ? [
              ["explain", join(root, "postfix/relay-denied"), "--log", join(root, "logs/postfix-relay-denied.maillog")],
              ["explain", join(root, "postfix/submission-sasl"), "--log", join(root, "logs/postfix-submission-sasl.maillog"), "--format", "json"],
              ["explain", join(root, "exim/auth-denied"), "--log", join(root, "logs/exim-auth-denied.mainlog")],
            ]
          : [],
    ],
  ];

  it.each(cases)("%s", (_name, commands) => {
    for (const args of commands(copy)) {
      const r = runCli(args);
      expect(r.timedOut, args.join(" ")).toBe(false);
      expect(r.stderr, args.join(" ")).not.toMatch(/internal error|^\s+at /m);
    }
    expect(snapshot(copy)).toEqual(before);
  });

  it("--output writes the report to that file only", () => {
    const outDir = tempDir();
    const out = join(outDir, "report.sarif");
    runCli(["lint", copy, "--format", "sarif", "--output", out]);
    expect(JSON.parse(readFileSync(out, "utf8")).version).toBe("2.1.0");
    expect(readdirSync(outDir)).toEqual(["report.sarif"]);
    expect(snapshot(copy)).toEqual(before);
  });
});
