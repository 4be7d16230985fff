/**
 * Broken and hostile files given to the CLI: each case yields exactly the
 * findings (rule, line, column) or exactly the one-line error with exit 2
 * written here, within TIME_LIMIT_MS, and never blocks on a FIFO or device.
 * What real Postfix and Exim do with the same bytes is pinned in
 * hostile-oracle.test.ts; includes and directory search in hostile-includes.test.ts.
 */
import { execFileSync } from "node:child_process";
import { chmodSync, mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, it } from "vitest";
import { expectBounded, expectOneLineError, locations, removeTempDirs, report, runCli, type TimedRun, tree, unprivileged } from "./hostile-helpers.js";

afterAll(removeTempDirs);

const MB = 1024 * 1024;
/** A main.cf with no findings of its own. */
const QUIET_MAIN = "myhostname = mx.example.org\ncompatibility_level = 3.6\n";
const QUIET_EXIM = "primary_hostname = mx.example.org\n";
const SMTP = "smtp      inet  n       -       y       -       -       smtpd\n";
const bytes = (...parts: (string | number[])[]) => Buffer.concat(parts.map((p) => (typeof p === "string" ? Buffer.from(p, "latin1") : Buffer.from(p))));

function mkfifo(path: string): void {
  execFileSync("mkfifo", [path]);
}

interface ErrorCase {
  name: string;
  /** Builds the input in `dir`; returns the command line (paths relative to `dir` are made absolute by the caller). */
  setup: (dir: string) => string[];
  /** The one line after "mtalint: ", with DIR for the temp dir. */
  error: string;
}

const errorCases: ErrorCase[] = [
  {
    name: "an ELF binary named main.cf",
    setup: (d) => (writeFileSync(join(d, "main.cf"), bytes([0x7f], "ELF", [2, 1, 1, 0, 0, 0])), ["lint", d]),
    error: "DIR/main.cf:1: binary file (contains a NUL byte), not a configuration file",
  },
  {
    name: "a NUL byte inside a main.cf value (Postfix would drop the rest of the line)",
    setup: (d) => (writeFileSync(join(d, "main.cf"), bytes(QUIET_MAIN, "mydomain = exa", [0], "mple.org\n")), ["lint", d]),
    error: "DIR/main.cf:3: binary file (contains a NUL byte), not a configuration file",
  },
  {
    name: "a NUL byte in master.cf",
    setup: (d) => (writeFileSync(join(d, "master.cf"), bytes(SMTP, "  -o a=", [0], "b\n")), ["lint", d]),
    error: "DIR/master.cf:2: binary file (contains a NUL byte), not a configuration file",
  },
  {
    name: "random bytes named exim.conf",
    setup: (d) => (writeFileSync(join(d, "exim.conf"), bytes("primary_hostname = a\n\n", [0x1f, 0x8b, 8, 0, 0xff, 0xfe])), ["lint", d]),
    error: "DIR/exim.conf:3: binary file (contains a NUL byte), not a configuration file",
  },
  {
    name: "a FIFO with no writer given as the path",
    setup: (d) => (mkfifo(join(d, "main.cf")), ["lint", join(d, "main.cf")]),
    error: "DIR/main.cf: is a FIFO (named pipe), not a regular file; mtalint does not read it",
  },
  {
    name: "a FIFO of another name with --kind postfix",
    setup: (d) => (mkfifo(join(d, "pipe")), ["lint", "--kind", "postfix", join(d, "pipe")]),
    error: "DIR/pipe: is a FIFO (named pipe), not a regular file; mtalint does not read it",
  },
  {
    name: "a FIFO of another name: kind detection does not open it",
    setup: (d) => (mkfifo(join(d, "pipe")), ["lint", join(d, "pipe")]),
    error: "DIR/pipe: is a FIFO (named pipe), not a regular file; mtalint does not read it",
  },
  {
    name: "a FIFO as master.cf of a config dir",
    setup: (d) => (writeFileSync(join(d, "main.cf"), QUIET_MAIN), mkfifo(join(d, "master.cf")), ["lint", d]),
    error: "DIR/master.cf: is a FIFO (named pipe), not a regular file; mtalint does not read it",
  },
  {
    name: "a FIFO named exim.conf found by the directory search",
    setup: (d) => (mkdirSync(join(d, "hosts/mx1"), { recursive: true }), mkfifo(join(d, "hosts/mx1/exim.conf")), ["lint", d]),
    error: "DIR/hosts/mx1/exim.conf: is a FIFO (named pipe), not a regular file; mtalint does not read it",
  },
  {
    name: "a FIFO as an Exim file for relay",
    setup: (d) => (mkfifo(join(d, "exim.conf")), ["relay", join(d, "exim.conf"), "--client", "203.0.113.9", "--to", "a@remote.example"]),
    error: "DIR/exim.conf: is a FIFO (named pipe), not a regular file; mtalint does not read it",
  },
  {
    name: "a FIFO as main.cf for print",
    setup: (d) => (mkfifo(join(d, "main.cf")), ["print", d]),
    error: "DIR/main.cf: is a FIFO (named pipe), not a regular file; mtalint does not read it",
  },
  {
    name: "a FIFO on one side of diff",
    setup: (d) => {
      mkdirSync(join(d, "a"));
      mkdirSync(join(d, "b"));
      writeFileSync(join(d, "a/main.cf"), QUIET_MAIN);
      mkfifo(join(d, "b/main.cf"));
      return ["diff", join(d, "a"), join(d, "b")];
    },
    error: "DIR/b/main.cf: is a FIFO (named pipe), not a regular file; mtalint does not read it",
  },
  { name: "/dev/zero given as the path", setup: () => ["lint", "/dev/zero"], error: "/dev/zero: is a character device, not a regular file; mtalint does not read it" },
  {
    name: "/dev/urandom with --kind exim",
    setup: () => ["lint", "--kind", "exim", "/dev/urandom"],
    error: "/dev/urandom: is a character device, not a regular file; mtalint does not read it",
  },
  {
    name: "/dev/zero behind a symlink named main.cf",
    setup: (d) => (symlinkSync("/dev/zero", join(d, "main.cf")), ["lint", d]),
    error: "DIR/main.cf: is a character device, not a regular file; mtalint does not read it",
  },
  {
    name: "/dev/urandom behind a symlink named exim.conf, found by the directory search",
    setup: (d) => (mkdirSync(join(d, "mx")), symlinkSync("/dev/urandom", join(d, "mx/exim.conf")), ["lint", d]),
    error: "DIR/mx/exim.conf: is a character device, not a regular file; mtalint does not read it",
  },
  {
    name: "/dev/zero as a Debian template with print",
    setup: (d) => (symlinkSync("/dev/zero", join(d, "exim4.conf.template")), ["print", join(d, "exim4.conf.template"), "primary_hostname"]),
    error: "DIR/exim4.conf.template: is a character device, not a regular file; mtalint does not read it",
  },
  {
    name: "a directory where main.cf should be",
    setup: (d) => (mkdirSync(join(d, "main.cf")), ["lint", d]),
    error: "DIR/main.cf: is a directory, expected a file",
  },
  {
    name: "a directory where master.cf should be",
    setup: (d) => (writeFileSync(join(d, "main.cf"), QUIET_MAIN), mkdirSync(join(d, "master.cf")), ["lint", d]),
    error: "DIR/master.cf: is a directory, expected a file",
  },
  {
    name: "a plain directory given as an Exim file",
    setup: (d) => (mkdirSync(join(d, "etc")), ["lint", "--kind", "exim", join(d, "etc")]),
    error: "DIR/etc: directory is not a Debian exim4 conf.d (main/, acl/, router/...)",
  },
  {
    name: "a symlink loop given as the path",
    setup: (d) => (symlinkSync("b.conf", join(d, "a.conf")), symlinkSync("a.conf", join(d, "b.conf")), ["lint", join(d, "a.conf")]),
    error: "DIR/a.conf: too many levels of symbolic links",
  },
  {
    name: "a symlink loop named exim.conf found by the directory search",
    setup: (d) => (mkdirSync(join(d, "mx")), symlinkSync("exim.conf", join(d, "mx/exim.conf")), ["lint", d]),
    error: "DIR/mx/exim.conf: too many levels of symbolic links",
  },
  {
    name: "a file over the 64 MB limit",
    setup: (d) => (writeFileSync(join(d, "exim.conf"), Buffer.alloc(65 * MB, "#")), ["lint", d]),
    error: `DIR/exim.conf: file is too large (${65 * MB} bytes; limit ${64 * MB}); not a configuration file`,
  },
  { name: "a path that does not exist", setup: (d) => ["lint", join(d, "nope")], error: "DIR/nope: no such file or directory" },
  {
    name: "a FIFO given as --config",
    setup: (d) => (writeFileSync(join(d, "main.cf"), QUIET_MAIN), mkfifo(join(d, "settings.json")), ["lint", "--config", join(d, "settings.json"), d]),
    error: "DIR/settings.json: cannot read configuration: is a FIFO (named pipe), not a regular file; mtalint does not read it",
  },
  {
    name: "/dev/zero given as --config",
    setup: (d) => (writeFileSync(join(d, "main.cf"), QUIET_MAIN), ["lint", "--config", "/dev/zero", d]),
    error: "/dev/zero: cannot read configuration: is a character device, not a regular file; mtalint does not read it",
  },
];

describe("input mtalint refuses: exactly one line naming the file, exit 2, in bounded time", () => {
  it.each(errorCases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const dir = tree({});
    const r = runCli(c.setup(dir));
    expectBounded(r, c.name);
    expectOneLineError(r, c.error.replaceAll("DIR", dir));
  });
});

describe("unreadable files: a read that fails gives one line and exit 2", () => {
  const how = unprivileged();
  // As root a chmod 000 file is still readable; the helper drops the capabilities that allow it (or says why it cannot).
  if ("skip" in how) console.warn(`skipping unreadable-file cases: ${how.skip}`);
  it.skipIf("skip" in how).each<[string, (d: string) => string[], string]>([
    ["main.cf with mode 000", (d) => (writeFileSync(join(d, "main.cf"), QUIET_MAIN), chmodSync(join(d, "main.cf"), 0), ["lint", d]), "DIR/main.cf: permission denied"],
    ["exim.conf with mode 000", (d) => (writeFileSync(join(d, "exim.conf"), QUIET_EXIM), chmodSync(join(d, "exim.conf"), 0), ["lint", join(d, "exim.conf")]), "DIR/exim.conf: permission denied"],
    ["a file with mode 000 whose kind must be sniffed", (d) => (writeFileSync(join(d, "mail.conf"), QUIET_MAIN), chmodSync(join(d, "mail.conf"), 0), ["lint", join(d, "mail.conf")]), "DIR/mail.conf: permission denied"],
    ["a subdirectory with mode 000 in the directory search", (d) => (mkdirSync(join(d, "hosts/mx1"), { recursive: true }), chmodSync(join(d, "hosts"), 0), ["lint", d]), "DIR/hosts: permission denied"],
  ])("%s", (name, setup, error) => {
    const dir = tree({});
    chmodSync(dir, 0o755);
    const r = runCli(setup(dir), { wrap: "wrap" in how ? how.wrap : [] });
    expectBounded(r, name);
    expectOneLineError(r, error.replaceAll("DIR", dir));
  });
});

interface LintCase {
  name: string;
  files: Record<string, string | Uint8Array>;
  /** The path to lint, relative to the tree (default: the tree). */
  path?: string;
  exit: number;
  /** [file, rule, line, column] of every finding, in output order. */
  findings: [string, string, number, number][];
  /** Optional exact messages by index. */
  messages?: Record<number, string>;
}

const bomText = (t: string) => bytes([0xef, 0xbb, 0xbf], t);
const longList = (n: number, sep: string) => Array.from({ length: n }, (_, i) => `10.${(i >> 16) & 255}.${(i >> 8) & 255}.${i & 255}`).join(sep);

const lintCases: LintCase[] = [
  { name: "an empty main.cf", files: { "main.cf": "" }, exit: 0, findings: [] },
  { name: "an empty master.cf alone", files: { "master.cf": "" }, exit: 0, findings: [] },
  { name: "an empty exim.conf", files: { "exim.conf": "" }, exit: 0, findings: [] },
  {
    name: "main.cf with a BOM before a parameter: Postfix sets a different name, so it is reported and not set",
    files: { "main.cf": bomText(`mynetworks = 0.0.0.0/0\n${QUIET_MAIN}`) },
    exit: 0,
    findings: [["main.cf", "postfix/syntax", 1, 1]],
    messages: {
      0: 'the file starts with a UTF-8 byte order mark, which Postfix reads as part of the name "mynetworks": this line sets a parameter Postfix does not know (postconf reports it as unused), so mynetworks keeps its default; save the file as UTF-8 without a byte order mark',
    },
  },
  {
    name: "main.cf with a BOM before a comment: Postfix refuses the file",
    files: { "main.cf": bomText(`# managed by hand\n${QUIET_MAIN}`) },
    exit: 1,
    findings: [["main.cf", "postfix/syntax", 1, 1]],
    messages: {
      0: "the file starts with a UTF-8 byte order mark, which Postfix reads as text on line 1: it stops with \"missing '=' after attribute name\" and refuses the file; save the file as UTF-8 without a byte order mark",
    },
  },
  {
    name: "master.cf with a BOM before the first service",
    files: { "main.cf": QUIET_MAIN, "master.cf": bomText(SMTP) },
    exit: 0,
    findings: [["master.cf", "postfix/syntax", 1, 1]],
  },
  {
    name: "master.cf with a BOM before a comment: Postfix refuses the file",
    files: { "main.cf": QUIET_MAIN, "master.cf": bomText(`# services\n${SMTP}`) },
    exit: 1,
    findings: [["master.cf", "postfix/syntax", 1, 1]],
  },
  {
    name: "exim.conf with a BOM: Exim refuses it",
    files: { "exim.conf": bomText(QUIET_EXIM) },
    exit: 1,
    findings: [["exim.conf", "exim/syntax", 1, 1]],
    messages: { 0: "found unexpected BOM (Byte Order Mark): the file starts with a UTF-8 byte order mark, and Exim refuses the configuration" },
  },
  {
    name: "a no-break space and a byte order mark starting later lines are part of the names, as in Postfix",
    files: { "main.cf": bytes(QUIET_MAIN, "\xc2\xa0mydomain = example.org\n", [0xef, 0xbb, 0xbf], "relayhost = x\n") },
    exit: 0,
    findings: [
      ["main.cf", "postfix/unknown-parameter", 3, 1],
      ["main.cf", "postfix/unknown-parameter", 4, 1],
    ],
  },
  {
    name: "CRLF line ends: columns count from the line start, the CR is not part of the value",
    files: { "main.cf": `${QUIET_MAIN}mynetworks = 127.0.0.0/8, 0.0.0.0/0\r\n`.replaceAll("\n", "\r\n").replaceAll("\r\r", "\r") },
    exit: 1,
    findings: [
      ["main.cf", "postfix/open-relay", 1, 1],
      ["main.cf", "postfix/broad-mynetworks", 3, 27],
    ],
  },
  {
    name: "mixed LF, CRLF and CRCRLF line ends",
    files: { "main.cf": `myhostname = mx.example.org\r\ncompatibility_level = 3.6\nmynetworks = 127.0.0.0/8,\r\r\n  0.0.0.0/0\r\n` },
    exit: 1,
    findings: [
      ["main.cf", "postfix/open-relay", 1, 1],
      ["main.cf", "postfix/broad-mynetworks", 4, 3],
    ],
  },
  {
    name: "Latin-1 bytes in main.cf: linted, one column per byte",
    files: { "main.cf": bytes(QUIET_MAIN, "# Konfiguration f\xfcr den Relay\nmynetworks = h\xf6st.example, 0.0.0.0/0\n") },
    exit: 1,
    findings: [["main.cf", "postfix/broad-mynetworks", 4, 28]],
  },
  {
    name: "the same line in UTF-8 gives the same column",
    files: { "main.cf": `${QUIET_MAIN}# Konfiguration für den Relay\nmynetworks = höst.example, 0.0.0.0/0\n` },
    exit: 1,
    findings: [["main.cf", "postfix/broad-mynetworks", 4, 28]],
  },
  {
    name: "Latin-1 bytes in exim.conf: linted, one column per byte",
    files: { "exim.conf": bytes(QUIET_EXIM, "begin transports\nlocal_delivery:\n  driver = appendfile\n  file = /var/m\xe4il/$local_part\n") },
    exit: 1,
    findings: [["exim.conf", "exim/tainted-file-path", 5, 20]],
  },
  {
    name: "a 10 MB smtpd_banner line",
    files: { "main.cf": `${QUIET_MAIN}smtpd_banner = $myhostname ${"x".repeat(10 * MB)}\n` },
    exit: 0,
    findings: [],
  },
  {
    name: "a 10 MB comment line between settings",
    files: { "main.cf": `myhostname = mx.example.org\n#${"#".repeat(10 * MB)}\ncompatibility_level = 3.6\nmynetworks = 0.0.0.0/0\n` },
    exit: 1,
    findings: [
      ["main.cf", "postfix/open-relay", 1, 1],
      ["main.cf", "postfix/broad-mynetworks", 4, 14],
    ],
  },
  {
    name: "a 10 MB parameter name",
    files: { "main.cf": `${QUIET_MAIN}${"x".repeat(10 * MB)} = 1\n` },
    exit: 0,
    findings: [["main.cf", "postfix/unknown-parameter", 3, 1]],
  },
  {
    name: "a 10 MB command argument in master.cf",
    files: { "main.cf": QUIET_MAIN, "master.cf": `smtp inet n - y - - smtpd -v ${"x".repeat(10 * MB)}\n` },
    exit: 0,
    findings: [],
  },
  {
    name: "a 10 MB smtp_banner line in exim.conf",
    files: { "exim.conf": `${QUIET_EXIM}smtp_banner = ${"x".repeat(10 * MB)}\n` },
    exit: 0,
    findings: [],
  },
  {
    name: "a 1.3 MB mynetworks line of 100,000 networks: the finding's column is exact",
    files: { "main.cf": `${QUIET_MAIN}mynetworks = ${longList(100_000, ", ")}, 0.0.0.0/0\n` },
    exit: 1,
    findings: [
      ["main.cf", "postfix/open-relay", 1, 1],
      ["main.cf", "postfix/broad-mynetworks", 3, 14 + longList(100_000, ", ").length + 2],
    ],
  },
  {
    name: "a 1.3 MB Exim host list of 100,000 addresses in an ACL",
    files: {
      "exim.conf": `${QUIET_EXIM}acl_smtp_rcpt = acl_check_rcpt\nbegin acl\nacl_check_rcpt:\n  accept hosts = ${longList(100_000, " : ")}\n  deny\n`,
    },
    exit: 0,
    findings: [],
  },
  {
    name: "100,000 assignments of ten parameters: every one but the last of each name is reported",
    files: {
      "main.cf": Array.from({ length: 100_000 }, (_, i) => `${["myhostname = mx.example.org", "compatibility_level = 3.6", "mydomain = example.org", "smtpd_banner = $myhostname ESMTP", "relayhost =", "recipient_delimiter = +", "inet_interfaces = all", "inet_protocols = ipv4", "message_size_limit = 10240000", "mailbox_size_limit = 0"][i % 10]}\n`).join(""),
    },
    exit: 0,
    findings: Array.from({ length: 99_990 }, (_, i) => ["main.cf", "postfix/duplicate-parameter", i + 1, 1] as [string, string, number, number]),
    messages: { 0: "myhostname is set again on line 99991; Postfix uses that value and ignores this one" },
  },
];

describe("odd but readable input: exact findings, in bounded time", () => {
  it.each(lintCases.map((c) => [c.name, c] as const))("%s", (_name, c) => {
    const dir = tree(c.files);
    const r: TimedRun = runCli(["lint", c.path ? join(dir, c.path) : dir, "--format", "json"]);
    expectBounded(r, c.name);
    const rep = report(r);
    // Compared as text: a deep comparison of 100,000 tuples is slow.
    expect(locations(rep, dir).join("\n")).toBe(c.findings.join("\n"));
    for (const [i, message] of Object.entries(c.messages ?? {})) expect(rep.files.flatMap((f) => f.findings)[Number(i)]!.message).toBe(message);
    expect(r.code).toBe(c.exit);
  });
});
