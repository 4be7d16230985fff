/**
 * What mtalint promises about the files it is given: it never writes them,
 * never reads an .include outside the root, and never runs what an Exim
 * expansion would run.
 */
import { createHash } from "node:crypto";
import { existsSync, mkdtempSync, readdirSync, readFileSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { mtalint, repoRoot } from "./run.js";

function snapshot(dir: string): Map<string, string> {
  const out = new Map<string, string>();
  const walk = (d: string) => {
    for (const name of readdirSync(d)) {
      const p = join(d, name);
      const st = statSync(p);
      if (st.isDirectory()) walk(p);
      else out.set(p, `${createHash("sha256").update(readFileSync(p)).digest("hex")} ${st.mtimeMs} ${st.mode}`);
    }
  };
  walk(dir);
  return out;
}

describe("mtalint never modifies what it reads", () => {
  it("lint, print, relay and diff leave every sample byte-for-byte and timestamp unchanged", () => {
    const samples = join(repoRoot, "samples");
    const before = snapshot(samples);
    expect(mtalint(["lint", "samples", "--format", "json"]).code).toBe(1);
    mtalint(["print", "samples/postfix/submission-sasl", "--expand"]);
    mtalint(["print", "samples/exim/debian-conf.d", "acl_smtp_rcpt"]);
    mtalint(["relay", "samples/postfix/relay-denied", "--client", "203.0.113.9", "--to", "a@remote.example"]);
    mtalint(["relay", "samples/exim/debian-template", "--client", "203.0.113.9", "--to", "a@remote.example"]);
    mtalint(["diff", "samples/diff/postfix-panel-rewrite/before", "samples/diff/postfix-panel-rewrite/after"]);
    expect(snapshot(samples)).toEqual(before);
  });
});

describe("Exim expansions that would run programs are never evaluated", () => {
  it.each([
    ["${run{/bin/sh -c 'echo x > MARK'}{yes}{no}}", "run"],
    ["${readsocket{/tmp/mtalint-no-socket}{x}}", "readsocket"],
    ["${perl{f}}", "perl"],
  ])("%s", (expansion) => {
    const dir = mkdtempSync(join(tmpdir(), "mtalint-safety-"));
    const mark = join(dir, "ran");
    const text = `primary_hostname = mx.example.org\nacl_smtp_rcpt = acl_check_rcpt\nbegin acl\nacl_check_rcpt:\n  deny condition = ${expansion.replace("MARK", mark)}\n  accept\n`;
    writeFileSync(join(dir, "exim.conf"), text);
    const r = mtalint(["relay", join(dir, "exim.conf"), "--client", "203.0.113.9", "--to", "a@remote.example"]);
    expect(r.stdout.split("\n")[0]).toMatch(/^UNKNOWN /);
    mtalint(["lint", join(dir, "exim.conf")]);
    expect(existsSync(mark)).toBe(false);
  });
});
