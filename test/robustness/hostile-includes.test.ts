/**
 * Exim .include and .ifdef under attack, and the directory search of
 * `mtalint lint DIR` with symbolic links: exact findings, nothing read
 * outside the root, no FIFO or device opened, in bounded time. (The
 * ordinary include behaviour is in test/exim/includes.test.ts; what real
 * Exim does with these files is pinned in hostile-oracle.test.ts.)
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { loadExim } from "../../src/exim/api.js";
import { expectBounded, expectOneLineError, removeTempDirs, report, runCli, tree, unprivileged } from "./hostile-helpers.js";

afterAll(removeTempDirs);

const HEAD = "primary_hostname = mx.example.org\n";

interface Finding {
  file: string;
  rule: string;
  severity: string;
  line: number;
  column: number;
  message: string;
}

/** Every finding as [file relative to dir, rule, severity, line, column, message]; DIR in messages stands for the tree. */
function findings(dir: string, args: string[]): { files: string[]; found: Finding[]; exit: number | null } {
  const r = runCli(["lint", ...args, "--format", "json"]);
  expectBounded(r, args.join(" "));
  const rep = report(r);
  const rel = (p: string) => (p.startsWith(`${dir}/`) ? p.slice(dir.length + 1) : p);
  return {
    files: rep.files.map((f) => rel(f.path)),
    found: rep.files.flatMap((f) =>
      f.findings.map((x) => ({ file: rel(f.path), rule: x.ruleId, severity: x.severity, line: x.line, column: x.column, message: x.message.replaceAll(dir, "DIR") })),
    ),
    exit: r.code,
  };
}

const f = (file: string, rule: string, severity: string, line: number, message: string): Finding => ({ file, rule, severity, line, column: 1, message });

describe("Exim .include: escapes, loops, devices and FIFOs", () => {
  it.each<[string, (root: string, outside: string) => string, Finding[]]>([
    ["through ..", () => ".include ../outside/secret.conf\n", [f("root/exim.conf", "exim/include-problem", "warning", 2, "../outside/secret.conf is outside the configuration root DIR/root; not read")]],
    ["by absolute path", (_r, o) => `.include ${o}/secret.conf\n`, [f("root/exim.conf", "exim/include-problem", "warning", 2, "DIR/outside/secret.conf is outside the configuration root DIR/root; not read")]],
    [
      "through a file symlink",
      (r, o) => (symlinkSync(join(o, "secret.conf"), join(r, "link.conf")), ".include link.conf\n"),
      [f("root/exim.conf", "exim/include-problem", "warning", 2, "link.conf is outside the configuration root DIR/root; not read")],
    ],
    [
      "through a directory symlink",
      (r, o) => (symlinkSync(o, join(r, "shared")), ".include shared/secret.conf\n"),
      [f("root/exim.conf", "exim/include-problem", "warning", 2, "shared/secret.conf is outside the configuration root DIR/root; not read")],
    ],
    [
      "through a symlink to /dev/zero",
      (r) => (symlinkSync("/dev/zero", join(r, "zero.conf")), ".include zero.conf\n"),
      [f("root/exim.conf", "exim/include-problem", "warning", 2, "zero.conf is outside the configuration root DIR/root; not read")],
    ],
    ["of /dev/urandom with .include_if_exists", () => ".include_if_exists /dev/urandom\n", [f("root/exim.conf", "exim/include-problem", "warning", 2, "/dev/urandom is outside the configuration root DIR/root; not read")]],
    [
      "of a FIFO inside the root (never opened)",
      (r) => (execFileSync("mkfifo", [join(r, "pipe.conf")]), ".include pipe.conf\n"),
      [f("root/exim.conf", "exim/include-problem", "error", 2, "DIR/root/pipe.conf is a FIFO (named pipe), not a regular file; mtalint does not read it")],
    ],
    [
      "of a symlink loop",
      (r) => (symlinkSync("b.conf", join(r, "a.conf")), symlinkSync("a.conf", join(r, "b.conf")), ".include a.conf\n"),
      [f("root/exim.conf", "exim/include-problem", "error", 2, "failed to open included configuration file DIR/root/a.conf: too many levels of symbolic links")],
    ],
    [
      "of a directory: Exim reads nothing from it",
      (r) => (mkdirSync(join(r, "conf.d")), ".include conf.d\n"),
      [f("root/exim.conf", "exim/include-problem", "warning", 2, "DIR/root/conf.d is a directory: Exim reads nothing from it and goes on, so this .include adds nothing")],
    ],
    ["of the file itself", () => ".include exim.conf\n", [f("root/exim.conf", "exim/include-problem", "error", 2, "exim.conf includes itself (through DIR/root/exim.conf)")]],
    [
      "in a cycle of two files",
      (r) => (writeFileSync(join(r, "b.conf"), "qualify_domain = example.org\n.include exim.conf\n"), ".include b.conf\n"),
      [f("root/b.conf", "exim/include-problem", "error", 2, "exim.conf includes itself (through DIR/root/exim.conf -> DIR/root/b.conf)")],
    ],
    [
      "of a symlink that stays inside the root (read)",
      (r) => (writeFileSync(join(r, "real.conf"), "qualify_domain = example.org\n"), symlinkSync("real.conf", join(r, "alias.conf")), ".include alias.conf\n"),
      [],
    ],
  ])("an include %s", (_name, setup, expected) => {
    const dir = tree({ "outside/secret.conf": "this line is not Exim syntax\n" });
    mkdirSync(join(dir, "root"));
    writeFileSync(join(dir, "root/exim.conf"), HEAD + setup(join(dir, "root"), join(dir, "outside")));
    const r = findings(dir, [join(dir, "root/exim.conf")]);
    expect(r.found).toEqual(expected);
    expect(r.files.filter((p) => p.startsWith("outside"))).toEqual([]);
  });

  const how = unprivileged();
  if ("skip" in how) console.warn(`skipping the unreadable include: ${how.skip}`);
  it.skipIf("skip" in how)("an include of an unreadable file (mode 000, read as a user would) is reported at the .include", () => {
    if ("skip" in how) return;
    const dir = tree({ "exim.conf": `${HEAD}.include locked.conf\n`, "locked.conf": "qualify_domain = example.org\n" });
    chmodSync(dir, 0o755);
    chmodSync(join(dir, "locked.conf"), 0);
    const r = runCli(["lint", join(dir, "exim.conf"), "--format", "json"], { wrap: how.wrap });
    expectBounded(r, "unreadable include");
    const x = report(r).files[0]!.findings;
    expect(x.map((y) => [y.ruleId, y.line, y.column, y.message])).toEqual([
      ["exim/include-problem", 2, 1, `failed to open included configuration file ${join(dir, "locked.conf")}: permission denied`],
    ]);
  });
});

describe("Postfix lookup tables the relay simulator reads are confined like includes", () => {
  const MAIN = "myhostname = mx.example.org\ncompatibility_level = 3.6\nsmtpd_relay_restrictions = check_client_access hash:/etc/postfix/access, reject_unauth_destination\n";
  it.each<[string, (d: string) => void, string]>([
    ["the table's text file", (d) => writeFileSync(join(d, "access"), "203.0.113.9 OK\n"), "ACCEPT"],
    ["a FIFO where the table's text file should be (never opened)", (d) => execFileSync("mkfifo", [join(d, "access")]), "UNKNOWN table hash:/etc/postfix/access: DIR/access: is a FIFO (named pipe), not a regular file; mtalint does not read it"],
    [
      "a symlink out of the directory where the table's text file should be (not read)",
      (d) => {
        const other = tree({ access: "203.0.113.9 OK\n" });
        symlinkSync(join(other, "access"), join(d, "access"));
      },
      "UNKNOWN table hash:/etc/postfix/access is not readable under DIR",
    ],
  ])("%s", (name, setup, verdict) => {
    const dir = tree({ "main.cf": MAIN });
    setup(dir);
    const r = runCli(["relay", dir, "--client", "203.0.113.9", "--to", "user@remote.example"]);
    expectBounded(r, name);
    expect(r.stdout.split("\n")[0]).toBe(verdict.replaceAll("DIR", dir));
  });
});

describe("Exim .ifdef nesting: Exim allows 10 levels", () => {
  const nested = (n: number, directive: string) => `${HEAD}${`${directive} MISSING\n`.repeat(n)}qualify_domain = example.org\n${".endif\n".repeat(n)}`;
  it.each<[string, string, Finding[]]>([
    ["10 nested .ifdef", nested(10, ".ifdef"), []],
    ["11 nested .ifdef", nested(11, ".ifdef"), [f("exim.conf", "exim/syntax", "error", 12, ".ifdef nested too deeply: Exim allows 10 nested conditionals and refuses this configuration")]],
    ["11 nested .ifndef", nested(11, ".ifndef"), [f("exim.conf", "exim/syntax", "error", 12, ".ifndef nested too deeply: Exim allows 10 nested conditionals and refuses this configuration")]],
    ["10,000 nested .ifdef: reported once", nested(10_000, ".ifdef"), [f("exim.conf", "exim/syntax", "error", 12, ".ifdef nested too deeply: Exim allows 10 nested conditionals and refuses this configuration")]],
    [
      "10,000 nested .ifdef without their .endif",
      `${HEAD}${".ifdef MISSING\n".repeat(10_000)}`,
      [
        f("exim.conf", "exim/syntax", "error", 12, ".ifdef nested too deeply: Exim allows 10 nested conditionals and refuses this configuration"),
        ...Array.from({ length: 10_000 }, (_, i) =>
          f("exim.conf", "exim/syntax", "error", 10_001, `Unexpected end of configuration file: .endif missing for the conditional at DIR/exim.conf:${i + 2}`),
        ),
      ],
    ],
  ])("%s", (_name, text, expected) => {
    const dir = tree({ "exim.conf": text });
    expect(findings(dir, [join(dir, "exim.conf")]).found).toEqual(expected);
  });
});

describe("Exim: 10,000 includes", () => {
  it("10,000 .include lines in one file: all read, nothing reported", () => {
    const files: Record<string, string> = { "exim.conf": HEAD + Array.from({ length: 10_000 }, (_, i) => `.include parts/p${i}.conf\n`).join("") };
    for (let i = 0; i < 10_000; i++) files[`parts/p${i}.conf`] = `# part ${i}\n`;
    const dir = tree(files);
    const r = findings(dir, [join(dir, "exim.conf")]);
    expect(r.found).toEqual([]);
    expect(r.files).toHaveLength(10_001);
  });

  it("a chain of 10,000 files each including the next: all read; a mistake at the end names its file", () => {
    const files: Record<string, string> = { "exim.conf": `${HEAD}.include i1.conf\n` };
    for (let i = 1; i <= 10_000; i++) files[`i${i}.conf`] = i < 10_000 ? `.include i${i + 1}.conf\n` : "qualify_domain = example.org\nno_such_option = 1\n";
    const dir = tree(files);
    const r = findings(dir, [join(dir, "exim.conf")]);
    expect(r.files).toHaveLength(10_001);
    expect(r.found.map((x) => [x.file, x.rule, x.line, x.column])).toEqual([["i10000.conf", "exim/unknown-option", 2, 1]]);
  });
});

describe("a deep include chain in a diagnostic", () => {
  it("keeps the 10 outermost and 9 innermost steps of a 25-step chain and counts the rest", () => {
    const files: Record<string, string> = { "exim.conf": `${HEAD}.include i1.conf\n` };
    for (let i = 1; i <= 25; i++) files[`i${i}.conf`] = i < 25 ? `.include i${i + 1}.conf\n` : "no_such_option = 1\n";
    const dir = tree(files);
    const d = loadExim(join(dir, "exim.conf")).diagnostics.find((x) => x.code === "exim/unknown-option")!;
    const hop = (i: number) => `included from ${join(dir, `i${i}.conf`)}:1`;
    expect(d.via).toEqual([
      `included from ${join(dir, "exim.conf")}:2`,
      ...[1, 2, 3, 4, 5, 6, 7, 8, 9].map(hop),
      "(6 more includes)",
      ...[16, 17, 18, 19, 20, 21, 22, 23, 24].map(hop),
    ]);
  });
});

describe("mtalint lint DIR: symbolic links in the directory search", () => {
  function hosts(): string {
    return tree({ "hosts/mx1/main.cf": "myhostname = mx.example.org\ncompatibility_level = 3.6\n", "hosts/mx2/exim.conf": HEAD });
  }
  it.each<[string, (d: string) => void, string[]]>([
    ["a link back to the parent is not a loop", (d) => symlinkSync("..", join(d, "hosts/mx1/parent")), ["hosts/mx1/main.cf", "hosts/mx2/exim.conf"]],
    ["a link to itself", (d) => symlinkSync("self", join(d, "hosts/self")), ["hosts/mx1/main.cf", "hosts/mx2/exim.conf"]],
    ["a link to / is not followed", (d) => symlinkSync("/", join(d, "hosts/root")), ["hosts/mx1/main.cf", "hosts/mx2/exim.conf"]],
    ["a dangling link", (d) => symlinkSync("nowhere", join(d, "hosts/gone")), ["hosts/mx1/main.cf", "hosts/mx2/exim.conf"]],
    ["a link to a directory inside the tree: each configuration once, by its own path", (d) => symlinkSync("hosts/mx1", join(d, "alias")), ["hosts/mx1/main.cf", "hosts/mx2/exim.conf"]],
    [
      "a link out of the tree is not followed",
      (d) => {
        const other = tree({ "mx3/main.cf": "myhostname = mx.example.org\ncompatibility_level = 3.6\n" });
        symlinkSync(other, join(d, "hosts/elsewhere"));
      },
      ["hosts/mx1/main.cf", "hosts/mx2/exim.conf"],
    ],
  ])("%s", (_name, setup, expected) => {
    const dir = hosts();
    setup(dir);
    const r = findings(dir, [dir]);
    expect(r.files).toEqual(expected);
    expect(r.found).toEqual([]);
    expect(r.exit).toBe(0);
  });

  it("a tree whose only configuration is behind a link to outside it finds nothing", () => {
    const other = tree({ "main.cf": "myhostname = mx.example.org\n" });
    const dir = tree({ "README": "hosts are linked\n" });
    symlinkSync(other, join(dir, "mx1"));
    const r = runCli(["lint", dir]);
    expectBounded(r, "link out");
    expectOneLineError(r, `${dir}: found no Postfix or Exim configuration under this directory`);
  });
});
