/** `mtalint print` as a user runs it: output, exit codes, bad input. (Byte-identity with postconf/exim is in test/model and test/exim.) */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { expectUsageError, mtalint } from "./run.js";

function dirWith(files: Record<string, string | Uint8Array>): string {
  const dir = mkdtempSync(join(tmpdir(), "mtalint-print-"));
  for (const [name, content] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), content);
  }
  return dir;
}

describe("mtalint print (Postfix)", () => {
  it("prints non-default parameters sorted, like postconf -n", () => {
    const dir = dirWith({ "main.cf": "myhostname = mx.example.org\nmydomain = example.org\nmyorigin = $mydomain\n" });
    const r = mtalint(["print", dir]);
    expect(r.code).toBe(0);
    expect(r.stdout).toBe(`config_directory = ${dir}\nmydomain = example.org\nmyhostname = mx.example.org\nmyorigin = $mydomain\n`);
  });

  it("--expand expands $name, and a main.cf path works like its directory", () => {
    const dir = dirWith({ "main.cf": "myhostname = mx.example.org\nmyorigin = $myhostname\n" });
    const r = mtalint(["print", join(dir, "main.cf"), "--expand", "myorigin"]);
    expect(r.stdout).toBe("myorigin = mx.example.org\n");
    expect(r.code).toBe(0);
  });

  it("--services prints -o overrides per service", () => {
    const dir = dirWith({ "main.cf": "myhostname = mx\n", "master.cf": "submission inet n - y - - smtpd\n  -o smtpd_sasl_auth_enable=yes\n  -o syslog_name=postfix/submission\n" });
    const r = mtalint(["print", dir, "--services"]);
    expect(r.stdout).toBe("submission/inet/smtpd_sasl_auth_enable = yes\nsubmission/inet/syslog_name = postfix/submission\n");
  });

  it("an unknown name: the known ones printed, a warning like postconf's, exit 1", () => {
    const dir = dirWith({ "main.cf": "myhostname = mx\n" });
    const r = mtalint(["print", dir, "relayhost", "relay_hots"]);
    expect(r.stdout).toBe("relayhost =\n");
    expect(r.stderr).toBe("mtalint: warning: relay_hots: unknown parameter\n");
    expect(r.code).toBe(1);
  });

  it("a main.cf postconf refuses: file:line:column, exit 2", () => {
    const dir = dirWith({ "main.cf": "myhostname = mx\nmydomain example.org\n" });
    const r = mtalint(["print", dir]);
    expect(r.stdout).toBe("");
    expect(r.stderr).toMatch(new RegExp(`^mtalint: ${join(dir, "main.cf")}:2:1: error: missing "=" after parameter name "mydomain"`));
    expect(r.code).toBe(2);
  });

  it.each<[string, Record<string, string | Uint8Array>, string]>([
    ["a directory without main.cf or master.cf", { "notes.txt": "x\n" }, "directory holds neither a Postfix main.cf/master.cf nor an Exim configuration"],
    ["a binary main.cf", { "main.cf": Buffer.from([0x6d, 0x79, 0x0a, 0x00, 0x01]) }, "main.cf:2: binary file (contains a NUL byte), not a configuration file"],
    // Latin-1 bytes and very long lines are read as postconf reads them (test/robustness/hostile-oracle.test.ts).
  ])("bad input: %s → one line, exit 2", (_name, files, message) => {
    const dir = dirWith(files);
    const r = mtalint(["print", dir, "--kind", "postfix"]);
    if (message.startsWith("directory")) expectUsageError(mtalint(["print", dir]), `${dir}: ${message}`);
    else expectUsageError(r, `${dir}/${message}`);
  });

  it("a path that does not exist", () => {
    expectUsageError(mtalint(["print", "/nonexistent/mtalint/main.cf"]), "/nonexistent/mtalint/main.cf: no such file or directory");
  });
});

describe("mtalint print (Exim)", () => {
  it("prints an option like exim -bP, and an ACL normalised", () => {
    const dir = dirWith({ "exim.conf": "primary_hostname = mx.example.org\nacl_smtp_rcpt = acl_check_rcpt\nbegin acl\nacl_check_rcpt:\n  accept  hosts = :\n  deny    message = relay not permitted\n" });
    const r = mtalint(["print", join(dir, "exim.conf"), "acl_smtp_rcpt"]);
    expect(r.stdout).toBe("acl_smtp_rcpt = acl_check_rcpt\n");
    expect(r.code).toBe(0);
    const acl = mtalint(["print", join(dir, "exim.conf"), "--acl", "acl_check_rcpt"]);
    expect(acl.stdout).toContain("accept hosts = :");
    expect(acl.code).toBe(0);
  });

  it("--expand is for Postfix only", () => {
    const dir = dirWith({ "exim.conf": "primary_hostname = mx\n" });
    expectUsageError(mtalint(["print", join(dir, "exim.conf"), "--expand"]), "--services and --expand apply to Postfix configurations only");
  });
});
