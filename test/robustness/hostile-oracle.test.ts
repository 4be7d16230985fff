/**
 * What real Postfix (postconf 3.7) and Exim (exim -bV / -bP, 4.96) do with
 * broken bytes, and that mtalint agrees: the same printed bytes where the MTA
 * reads the file, an error at the same line where the MTA refuses it. Where
 * mtalint deliberately refuses a file the MTA reads (a NUL byte: both MTAs
 * silently drop the rest of the line), the MTA's behaviour is pinned as the
 * reason.
 */
import { spawnSync } from "node:child_process";
import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { BIN } from "../cli/run.js";
import { eximPath, oracleEnv, oracleStatus, postconf, postconfPath } from "../helpers/oracles.js";
import { expectOneLineError, removeTempDirs, report, runCli, tree } from "./hostile-helpers.js";

afterAll(removeTempDirs);

const MB = 1024 * 1024;
const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p))));
const BOM = [0xef, 0xbb, 0xbf];

const postfix = oracleStatus("postconf");
const eximOracle = oracleStatus("exim");

/** stdout as bytes (postconf and exim print the file's bytes, not characters). */
function raw(cmd: string, args: string[], env: NodeJS.ProcessEnv = process.env): { stdout: Buffer; stderr: string; status: number | null } {
  const r = spawnSync(cmd, args, { env, maxBuffer: 256 * MB, timeout: 60_000 });
  return { stdout: r.stdout, stderr: r.stderr.toString("latin1"), status: r.status };
}

function mtalintBytes(args: string[]): { stdout: Buffer; stderr: string; status: number | null } {
  return raw(process.execPath, [BIN, ...args], { ...process.env, NO_COLOR: "1" });
}

function postconfN(dir: string, extra: string[] = []): { stdout: Buffer; stderr: string; status: number | null } {
  postconf(dir, ["-h", "mail_version"]); // backdates the files (see oracles.ts)
  return raw(postconfPath, ["-c", dir, "-n", ...extra], oracleEnv);
}

function eximRun(args: string[]): { stdout: Buffer; stderr: string; status: number | null } {
  return raw(eximPath, args, oracleEnv);
}

/** Exim's first configuration error: [file, line, message]. */
function eximError(file: string): [string, number, string] | undefined {
  const r = eximRun(["-C", file, "-bV"]);
  const m = /Exim configuration error in line (\d+) of ([^:\n]+):\n\s*(.*)/.exec(r.stderr + r.stdout.toString("latin1"));
  return m ? [m[2]!.replace(/\/\/+/g, "/"), Number(m[1]), m[3]!] : undefined;
}

describe.skipIf(!postfix.available)("Postfix reads the same bytes as mtalint", () => {
  it.each<[string, Record<string, string | Buffer>]>([
    ["an empty main.cf", { "main.cf": "" }],
    ["CRLF line ends (Postfix drops the CR)", { "main.cf": "myhostname = mx.example.org\r\nmydomain = example.org\r\n" }],
    ["mixed LF, CRLF and CRCRLF line ends", { "main.cf": "myhostname = mx.example.org\r\nmydomain = example.org\nrelayhost = \r\r\nmynetworks = 127.0.0.0/8,\r\n  [::1]/128\r\n" }],
    ["Latin-1 bytes, printed back as the same bytes", { "main.cf": bytes("myhostname = mx.example.org\nsmtpd_banner = $myhostname ESMTP Gr\xfc\xdfe aus K\xf6ln\n") }],
    ["a BOM before a parameter: Postfix ignores that setting", { "main.cf": bytes(BOM, "myhostname = mx.example.org\nmydomain = example.org\n") }],
    ["a 10 MB line", { "main.cf": `myhostname = mx.example.org\nsmtpd_banner = $myhostname ${"x".repeat(10 * MB)}\n` }],
    ["a no-break space and a byte order mark starting later lines: part of the names", { "main.cf": bytes("myhostname = mx.example.org\n\xc2\xa0mydomain = example.org\n", BOM, "relayhost = x\n") }],
  ])("%s: mtalint print prints what postconf -n prints", (_name, files) => {
    const dir = tree(files);
    const real = postconfN(dir);
    expect(real.status).toBe(0);
    const ours = mtalintBytes(["print", dir]);
    expect(ours.status).toBe(0);
    expect(ours.stdout.equals(real.stdout), `mtalint:\n${ours.stdout.toString("latin1").slice(0, 500)}\npostconf:\n${real.stdout.toString("latin1").slice(0, 500)}`).toBe(true);
  });

  it("a BOM before a parameter: postconf calls the name with the mark unused; mtalint warns at 1:1", () => {
    const dir = tree({ "main.cf": bytes(BOM, "mynetworks = 0.0.0.0/0\nmyhostname = mx.example.org\ncompatibility_level = 3.6\n") });
    // postconf prints each byte of the mark as "?".
    expect(postconfN(dir).stderr).toContain("unused parameter: ???mynetworks=0.0.0.0/0");
    const r = report(runCli(["lint", dir, "--format", "json"]));
    expect(r.files[0]!.findings.map((x) => [x.ruleId, x.severity, x.line, x.column])).toEqual([["postfix/syntax", "warning", 1, 1]]);
  });

  it.each<[string, Record<string, string | Buffer>, string[], string]>([
    ["a BOM before a main.cf comment", { "main.cf": bytes(BOM, "# local settings\nmyhostname = mx.example.org\n") }, ["-n"], "main.cf, line 1: missing '=' after attribute name"],
    ["a BOM alone on the first main.cf line", { "main.cf": bytes(BOM, "\nmyhostname = mx.example.org\n") }, ["-n"], "main.cf, line 1: missing '=' after attribute name"],
    [
      "a BOM before a master.cf comment",
      { "main.cf": "myhostname = mx.example.org\n", "master.cf": bytes(BOM, "# services\nsmtp      inet  n       -       y       -       -       smtpd\n") },
      ["-M"],
      "master.cf: line 1: bad field count",
    ],
  ])("%s: postconf refuses the file, mtalint reports an error at 1:1 and print refuses too", (_name, files, args, fatal) => {
    const dir = tree(files);
    postconf(dir, ["-h", "mail_version"]);
    const real = raw(postconfPath, ["-c", dir, ...args], oracleEnv);
    expect(real.status).toBe(1);
    expect(real.stderr).toContain(fatal);
    const r = report(runCli(["lint", dir, "--format", "json", "--rule", "postfix/syntax"]));
    expect(r.files.flatMap((f) => f.findings.map((x) => [f.path.slice(dir.length + 1), x.ruleId, x.severity, x.line, x.column]))).toEqual([
      [args[0] === "-M" ? "master.cf" : "main.cf", "postfix/syntax", "error", 1, 1],
    ]);
    expect(mtalintBytes(["print", dir]).status).toBe(2);
  });

  it("a BOM before the first master.cf service: postconf -M names the service with the mark", () => {
    const dir = tree({ "main.cf": "myhostname = mx.example.org\ncompatibility_level = 3.6\n", "master.cf": bytes(BOM, "smtp      inet  n       -       y       -       -       smtpd\n") });
    postconf(dir, ["-h", "mail_version"]);
    const real = raw(postconfPath, ["-c", dir, "-M"], oracleEnv);
    expect(real.status).toBe(0);
    expect([...real.stdout.subarray(0, 7)]).toEqual([...BOM, ...Buffer.from("smtp")]);
    const r = report(runCli(["lint", dir, "--format", "json"]));
    expect(r.files.flatMap((f) => f.findings.map((x) => [x.ruleId, x.severity, x.line, x.column]))).toEqual([["postfix/syntax", "warning", 1, 1]]);
  });

  it("a BOM before the first master.cf service: print -P gives postconf -P's bytes, the mark in the service name", () => {
    const dir = tree({
      "main.cf": "myhostname = mx.example.org\ncompatibility_level = 3.6\n",
      "master.cf": bytes(BOM, "smtp      inet  n       -       y       -       -       smtpd\n  -o smtpd_sasl_auth_enable=yes\nsubmission inet n - y - - smtpd\n  -o syslog_name=postfix/submission\n"),
    });
    postconf(dir, ["-h", "mail_version"]);
    const real = raw(postconfPath, ["-c", dir, "-P"], oracleEnv);
    expect(real.status).toBe(0);
    expect(real.stdout.subarray(0, 3)).toEqual(Buffer.from(BOM));
    expect(mtalintBytes(["print", dir, "-P"]).stdout).toEqual(real.stdout);
    // The relay simulator sees no service named smtp either: the one written there is another service.
    const relay = runCli(["relay", dir, "--client", "203.0.113.7", "--to", "user@remote.example"]);
    expect(relay.stdout.split("\n")[0]).toBe('UNKNOWN master.cf has no service named "smtp"');
  });

  it("a NUL byte: postconf silently keeps the value only up to it; mtalint refuses the file with its line", () => {
    const dir = tree({ "main.cf": bytes("myhostname = mx.example.org\nmydomain = exa", [0], "mple.org\n") });
    expect(postconfN(dir).stdout.toString()).toContain("mydomain = exa\n");
    expectOneLineError(runCli(["lint", dir]), `${join(dir, "main.cf")}:2: binary file (contains a NUL byte), not a configuration file`);
  });
});

describe.skipIf(!eximOracle.available)("Exim reads the same bytes as mtalint", () => {
  it.each<[string, string | Buffer, string[]]>([
    ["CRLF line ends", "primary_hostname = mx.example.org\r\nqualify_domain = example.org\r\n", ["primary_hostname", "qualify_domain"]],
    ["Latin-1 bytes (printed as octal escapes)", bytes("primary_hostname = mx.example.org\nsmtp_banner = Gr\xfc\xdfe aus K\xf6ln\n"), ["smtp_banner"]],
    ["a 10 MB line", `primary_hostname = mx.example.org\nsmtp_banner = ${"x".repeat(10 * MB)}\n`, ["smtp_banner"]],
    ["a 10 MB comment line", `primary_hostname = mx.example.org\n#${"y".repeat(10 * MB)}\nqualify_domain = example.org\n`, ["qualify_domain"]],
    ["an .include of a directory: Exim reads nothing from it", "primary_hostname = mx.example.org\n.include conf.d\nqualify_domain = example.org\n", ["qualify_domain"]],
  ])("%s: mtalint print prints what exim -bP prints", (_name, text, names) => {
    const dir = tree({ "exim.conf": text });
    mkdirSync(join(dir, "conf.d"));
    const file = join(dir, "exim.conf");
    expect(eximError(file)).toBeUndefined();
    const real = eximRun(["-C", file, "-bP", ...names]);
    const ours = mtalintBytes(["print", file, ...names]);
    expect(ours.status).toBe(0);
    expect(ours.stdout.equals(real.stdout), `mtalint:\n${ours.stdout.toString("latin1").slice(0, 300)}\nexim:\n${real.stdout.toString("latin1").slice(0, 300)}`).toBe(true);
  });

  it.each<[string, Record<string, string | Buffer>, string]>([
    ["a BOM", { "exim.conf": bytes(BOM, "primary_hostname = mx.example.org\n") }, "exim.conf"],
    ["a BOM in an included file", { "exim.conf": "primary_hostname = mx.example.org\n.include part.conf\n", "part.conf": bytes(BOM, "qualify_domain = example.org\n") }, "part.conf"],
  ])("%s: Exim refuses it at line 1 of that file, and so does mtalint", (_name, files, where) => {
    const dir = tree(files);
    const e = eximError(join(dir, "exim.conf"));
    expect(e?.slice(1)).toEqual([1, "found unexpected BOM (Byte Order Mark)"]);
    expect(e?.[0].endsWith(where)).toBe(true);
    const r = report(runCli(["lint", join(dir, "exim.conf"), "--format", "json"]));
    expect(r.files.flatMap((f) => f.findings.map((x) => [f.path.slice(dir.length + 1), x.ruleId, x.line, x.column]))).toEqual([[where, "exim/syntax", 1, 1]]);
  });

  it.each<[string, Record<string, string>, string, [string, string, number]]>([
    ["11 nested .ifdef", { "exim.conf": `primary_hostname = a\n${".ifdef X\n".repeat(11)}${".endif\n".repeat(11)}` }, ".ifdef nested too deeply", ["exim.conf", "exim/syntax", 12]],
    ["10,000 nested .ifndef", { "exim.conf": `primary_hostname = a\n${".ifndef X\n".repeat(10_000)}${".endif\n".repeat(10_000)}` }, ".ifndef nested too deeply", ["exim.conf", "exim/syntax", 12]],
    // Exim has no cycle check: it opens the file again and again until it runs out of file descriptors.
    ["a file that includes itself", { "exim.conf": "# nothing set here\n.include exim.conf\n" }, "failed to open included configuration file", ["exim.conf", "exim/include-problem", 2]],
    ["a missing include in an included file", { "exim.conf": "primary_hostname = a\n.include b.conf\n", "b.conf": "# b\n\n.include missing.conf\n" }, "failed to open included configuration file", ["b.conf", "exim/include-problem", 3]],
  ])("%s: Exim stops at the same file and line mtalint reports", (_name, files, eximMessage, [file, rule, line]) => {
    const dir = tree(files);
    const e = eximError(join(dir, "exim.conf"));
    expect(e?.[0].endsWith(file)).toBe(true);
    expect(e?.[1]).toBe(line);
    expect(e?.[2]).toContain(eximMessage);
    const r = report(runCli(["lint", join(dir, "exim.conf"), "--format", "json"]));
    expect(r.files.flatMap((f) => f.findings.filter((x) => x.severity === "error").map((x) => [f.path.slice(dir.length + 1), x.ruleId, x.line]))).toEqual([[file, rule, line]]);
  });

  it("a cycle of two files: Exim runs out of file descriptors at a .include of the cycle, the one mtalint reports or its partner", () => {
    const dir = tree({ "exim.conf": "primary_hostname = a\n.include b.conf\n", "b.conf": "# b\n.include c.conf\n", "c.conf": "# c\n.include b.conf\n" });
    const e = eximError(join(dir, "exim.conf"));
    // Which of the two fails depends on how many descriptors the process may open (odd or even).
    expect([join(dir, "b.conf"), join(dir, "c.conf")]).toContain(e?.[0]);
    expect(e?.slice(1)).toEqual([2, `failed to open included configuration file ${e?.[0] === join(dir, "b.conf") ? join(dir, "c.conf") : join(dir, "b.conf")}`]);
    const r = report(runCli(["lint", join(dir, "exim.conf"), "--format", "json"]));
    expect(r.files.flatMap((f) => f.findings.map((x) => [f.path.slice(dir.length + 1), x.ruleId, x.line, x.message]))).toEqual([
      ["c.conf", "exim/include-problem", 2, `b.conf includes itself (through ${join(dir, "exim.conf")} -> ${join(dir, "b.conf")} -> ${join(dir, "c.conf")})`],
    ]);
  });

  it("10,000 includes and a 1,000-deep chain of includes: Exim accepts both, mtalint reports nothing", () => {
    const files: Record<string, string> = { "exim.conf": `primary_hostname = a\n${Array.from({ length: 10_000 }, (_, i) => `.include p${i}.conf\n`).join("")}.include c1.conf\n` };
    for (let i = 0; i < 10_000; i++) files[`p${i}.conf`] = `# ${i}\n`;
    // 1,000 deep stays below the usual limit of 1,024 open files, which Exim (it keeps each file open) would hit first.
    for (let i = 1; i <= 1000; i++) files[`c${i}.conf`] = i < 1000 ? `.include c${i + 1}.conf\n` : "qualify_domain = example.org\n";
    const dir = tree(files);
    expect(eximError(join(dir, "exim.conf"))).toBeUndefined();
    const r = report(runCli(["lint", join(dir, "exim.conf"), "--format", "json"]));
    expect(r.files).toHaveLength(11_001);
    expect(r.summary).toEqual({ errors: 0, warnings: 0, infos: 0 });
  });

  it("an empty file: Exim accepts it, mtalint reports nothing", () => {
    const dir = tree({ "exim.conf": "" });
    expect(eximError(join(dir, "exim.conf"))).toBeUndefined();
    expect(report(runCli(["lint", join(dir, "exim.conf"), "--format", "json"])).summary).toEqual({ errors: 0, warnings: 0, infos: 0 });
  });

  it("a NUL byte: Exim keeps the value only up to it; mtalint refuses the file with its line", () => {
    const dir = tree({ "exim.conf": bytes("primary_hostname = mx.exa", [0], "mple.org\n") });
    expect(eximRun(["-C", join(dir, "exim.conf"), "-bP", "primary_hostname"]).stdout.toString()).toBe("primary_hostname = mx.exa\n");
    expectOneLineError(runCli(["lint", join(dir, "exim.conf")]), `${join(dir, "exim.conf")}:1: binary file (contains a NUL byte), not a configuration file`);
  });
});
