/**
 * `mtalint explain` as a user runs it (the built binary): a pasted line, a
 * log file, standard input, text and JSON, exit codes, bad input, and logs
 * too big to hold in memory.
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync, createWriteStream } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { BIN, expectUsageError, mtalint, repoRoot } from "../cli/run.js";

const tmp = mkdtempSync(join(tmpdir(), "mtalint-explain-"));
afterAll(() => rmSync(tmp, { recursive: true, force: true }));

const RELAY_DENIED = "samples/postfix/relay-denied";
const LINE =
  "Nov 25 09:58:03 mail postfix/submission/smtpd[2211]: NOQUEUE: reject: RCPT from laptop-alice.example.com[203.0.113.7]: 554 5.7.1 <carol@partner.example>: Relay access denied; from=<alice@example.net> to=<carol@partner.example> proto=ESMTP helo=<[192.168.10.23]>";

function run(args: string[], input?: string, nodeArgs: string[] = []) {
  const r = spawnSync(process.execPath, [...nodeArgs, BIN, ...args], { cwd: repoRoot, encoding: "utf8", input, maxBuffer: 64 << 20 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

describe("mtalint explain", () => {
  test("one pasted line: the cause, the setting with file:line, the fix and the trace command", () => {
    const r = mtalint(["explain", RELAY_DENIED, LINE]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("1 × authenticated-relay-denied: clients that log in are still refused relaying");
    expect(r.stdout).toContain("service submission; decided at samples/postfix/relay-denied/main.cf:13 (reject_unauth_destination in smtpd_relay_restrictions)");
    expect(r.stdout).toContain("why: Logged in or not (the log does not show it), this client is refused: clients that log in on submission (port 587) are refused at reject_unauth_destination");
    expect(r.stdout).toContain("fix: To let your users relay after logging in, set smtpd_relay_restrictions = permit_mynetworks, permit_sasl_authenticated, reject_unauth_destination;");
    expect(r.stdout).toContain("replayed: REJECT 554 5.7.1 <carol@partner.example>: Relay access denied");
    expect(r.stdout).toContain("- the log does not show whether the client logged in; the reply is the same either way");
    expect(r.stdout).toContain("trace: mtalint relay samples/postfix/relay-denied --client 203.0.113.7 --to carol@partner.example");
  });

  test("the trace command it prints runs and gives the same verdict", () => {
    const r = mtalint(["explain", RELAY_DENIED, LINE, "--format", "json"]);
    const cmd: string = JSON.parse(r.stdout).groups[0].examples[0].reproduce;
    const args = cmd.replace(/^mtalint /, "").match(/'[^']*'|\S+/g)!.map((a) => a.replace(/^'(.*)'$/, "$1"));
    const relay = mtalint(args);
    expect(relay.code).toBe(0);
    expect(relay.stdout.split("\n")[0]).toBe("REJECT 554 5.7.1 <carol@partner.example>: Relay access denied");
  });

  test("--log FILE: the sample log, grouped", () => {
    const r = mtalint(["explain", RELAY_DENIED, "--log", "samples/logs/postfix-relay-denied.maillog"]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n").slice(0, 3)).toEqual([
      "8 rejections in 26 lines, explained with samples/postfix/relay-denied (Postfix)",
      "  7 explained by the configuration, 0 where the configuration disagrees with the log, 1 undecidable, 0 not replayed",
      "  lines: 25 Postfix, 1 of other programs",
    ]);
    expect(r.stdout.match(/^\d+ × [\w-]+/gm)).toEqual([
      "3 × authenticated-relay-denied",
      "2 × authenticated-relay-denied",
      "1 × client-outside-mynetworks",
      "1 × recipient-domain-not-accepted",
      "1 × replay-unknown",
    ]);
  });

  test("--log - reads standard input", () => {
    const r = run(["explain", "samples/exim/auth-denied/exim.conf", "--log", "-", "--format", "json"], "2026-11-25 10:00:00 H=(x) [203.0.113.66] F=<a@example.net> rejected RCPT <v@remote.example>: relay not permitted\n");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.rejections).toEqual({ total: 1, agrees: 1, differs: 0, unknown: 0, notReplayed: 0 });
    expect(j.groups[0].cause).toBe("authenticated-relay-denied");
  });

  test("JSON: the documented shape (docs/explain.md)", () => {
    const r = mtalint(["explain", "samples/postfix/submission-sasl", "--log", "samples/logs/postfix-submission-sasl.maillog", "--format", "json", "--top", "1"]);
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(Object.keys(j)).toEqual(["version", "config", "lines", "rejections", "groups", "exitCode"]);
    expect(j.version).toBe(1);
    expect(j.config).toEqual({ path: "samples/postfix/submission-sasl", kind: "postfix" });
    expect(j.lines).toEqual({ total: 18, blank: 0, postfix: 17, exim: 0, otherPrograms: 1, unrecognized: 0, tooLong: 0 });
    expect(j.exitCode).toBe(0);
    const g = j.groups[0];
    expect(Object.keys(g)).toEqual(["cause", "title", "agreement", "count", "summary", "fix", "decidedBy", "service", "examples", "clients", "recipients"]);
    expect(g).toMatchObject({ cause: "auth-not-offered-on-service", agreement: "agrees", count: 2, service: "smtp" });
    expect(g.decidedBy).toEqual({ file: "samples/postfix/submission-sasl/main.cf", line: 35, column: 5, list: "smtpd_relay_restrictions", element: "reject_unauth_destination" });
    expect(g.clients).toHaveLength(1);
    const e = g.examples[0];
    expect(Object.keys(e)).toEqual(["lineNumber", "line", "timestamp", "client", "clientName", "helo", "from", "to", "logged", "login", "tls", "notes", "replayed", "reproduce"]);
    expect(e.login).toEqual({ state: "no", evidence: "the disconnect counters show no AUTH command", line: 14 });
    expect(e.tls).toEqual({ used: true, evidence: "TLS connection established", line: 12 });
  });

  test("exit 1 when a replay disagrees with the log (the configuration is not the one that wrote it)", () => {
    // The session logged in (auth=1); the fixed configuration lets a logged-in client relay.
    const log = [
      "Nov 25 09:58:02 mail postfix/submission/smtpd[2211]: connect from laptop-alice.example.com[203.0.113.7]",
      LINE,
      "Nov 25 09:58:03 mail postfix/submission/smtpd[2211]: disconnect from laptop-alice.example.com[203.0.113.7] ehlo=2 starttls=1 auth=1 mail=1 rcpt=0/1 quit=1 commands=5/6",
    ].join("\n");
    const r = run(["explain", "samples/postfix/relay-denied-fixed", "--log", "-"], log);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("1 × replay-accepts: the configuration given accepts this today: the log does not match this configuration  [the log disagrees with this configuration]");
    expect(r.stdout).toContain("replayed: ACCEPT");
    const j = JSON.parse(run(["explain", "samples/postfix/relay-denied-fixed", "--log", "-", "--format", "json"], log).stdout);
    expect(j.exitCode).toBe(1);
    expect(j.rejections.differs).toBe(1);
  });

  test("exit 0 when replays are only undecidable or not replayed", () => {
    const r = mtalint([
      "explain",
      RELAY_DENIED,
      "Nov 25 10:00:00 mail postfix/postscreen[9]: NOQUEUE: reject: RCPT from [203.0.113.50]:4001: 550 5.7.1 Service unavailable; client [203.0.113.50] blocked using zen.spamhaus.org; from=<a@b.example>, to=<c@example.net>, proto=ESMTP, helo=<x>",
    ]);
    expect(r.code).toBe(0);
    expect(r.stdout).toContain("1 × not-replayed");
  });

  test("a garbage or binary log gives counts, not a crash", () => {
    const bin = join(tmp, "binary.log");
    const bytes = Buffer.alloc(300_000);
    for (let i = 0; i < bytes.length; i++) bytes[i] = (i * 7919) % 256;
    writeFileSync(bin, bytes);
    const r = mtalint(["explain", RELAY_DENIED, "--log", bin, "--format", "json"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.rejections.total).toBe(0);
    expect(j.lines.total).toBeGreaterThan(0);
    expect(j.lines.postfix + j.lines.exim).toBe(0);
    const t = mtalint(["explain", RELAY_DENIED, "--log", bin]);
    expect(t.stdout).toContain("no line was recognized as a Postfix or Exim log line");
  });

  test("a line longer than the limit is cut and counted, the rest of the log still read", () => {
    const p = join(tmp, "long.log");
    writeFileSync(p, `${"x".repeat(200_000)}\n${LINE}\n`);
    const j = JSON.parse(mtalint(["explain", RELAY_DENIED, "--log", p, "--format", "json"]).stdout);
    expect(j.lines).toMatchObject({ total: 2, tooLong: 1, postfix: 1 });
    expect(j.rejections.total).toBe(1);
  });

  test("a log far bigger than the heap is streamed", async () => {
    const p = join(tmp, "big.log");
    const out = createWriteStream(p);
    const filler = "Nov 25 10:00:00 mail postfix/qmgr[1402]: 4F1C2A1B3C: from=<bob@example.net>, size=1532, nrcpt=1 (queue active)\n";
    const chunk = filler.repeat(1000);
    for (let i = 0; i < 600; i++) {
      if (i % 100 === 0) out.write(`${LINE}\n`);
      if (!out.write(chunk)) await new Promise<void>((r) => out.once("drain", () => r()));
    }
    await new Promise<void>((r) => out.end(() => r()));
    // ~66 MB of log with a 32 MB old-space heap: reading it whole would fail.
    const r = run(["explain", RELAY_DENIED, "--log", p, "--format", "json"], undefined, ["--max-old-space-size=32"]);
    expect(r.stderr).toBe("");
    expect(r.code).toBe(0);
    const j = JSON.parse(r.stdout);
    expect(j.lines.total).toBe(600_006);
    expect(j.rejections.total).toBe(6);
  }, 120_000);

  test.each([
    [["explain", RELAY_DENIED], "give a log line to explain, or --log FILE (- for standard input)"],
    [["explain", RELAY_DENIED, LINE, "--log", "x.log"], "give either a log line or --log, not both"],
    [["explain", RELAY_DENIED, LINE, "--format", "xml"], '--format must be text or json, not "xml"'],
    [["explain", RELAY_DENIED, LINE, "--top", "0"], '--top must be a positive whole number, not "0"'],
    [["explain", RELAY_DENIED, "hello world"], 'the line is not a Postfix or Exim rejection that mtalint can read (a NOQUEUE: reject: line, or an Exim "rejected RCPT" line)'],
    [["explain", RELAY_DENIED, "--log", "no/such.log"], "no/such.log: no such file or directory"],
    [["explain", RELAY_DENIED, "--log", "samples"], "samples: is a directory, not a log file"],
    [["explain", "no/such/dir", LINE], "no/such/dir: no such file or directory"],
    [["explain", RELAY_DENIED, LINE, "--postfix-version", "9.9"], /^mtalint: --postfix-version must be a release mtalint knows/],
  ])("usage error: %j", (args, message) => {
    expectUsageError(mtalint(args as string[]), message as string | RegExp);
  });

  test("explain never writes to the files it reads", () => {
    const log = join(tmp, "ro.log");
    writeFileSync(log, `${LINE}\n`);
    const before = spawnSync("sh", ["-c", `cat ${log} ${RELAY_DENIED}/main.cf ${RELAY_DENIED}/master.cf | sha256sum`], { cwd: repoRoot, encoding: "utf8" }).stdout;
    mtalint(["explain", RELAY_DENIED, "--log", log]);
    const after = spawnSync("sh", ["-c", `cat ${log} ${RELAY_DENIED}/main.cf ${RELAY_DENIED}/master.cf | sha256sum`], { cwd: repoRoot, encoding: "utf8" }).stdout;
    expect(after).toBe(before);
  });
});
