/**
 * Diff mode on the before/after pairs under samples/diff/, which model real
 * updates: what is reported, where (file:line on both sides), and what is not.
 */
import { mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { diffConfigs, type DiffReport, type SemanticChange } from "../../src/diff/index.js";
import { repoRoot } from "../helpers/postfix-dirs.js";

const pair = (name: string) => [join(repoRoot, "samples/diff", name, "before"), join(repoRoot, "samples/diff", name, "after")] as const;

function lineOf(report: DiffReport, c: SemanticChange, side: "before" | "after"): number | undefined {
  const r = side === "before" ? c.beforeRange : c.afterRange;
  if (!r) return undefined;
  const src = [...report.before.sources, ...report.after.sources].find((s) => s.path === r.file);
  return src?.lineColumn(r).line;
}

const messages = (r: DiffReport) => r.changes.filter((c) => c.effective).map((c) => c.message);

describe("control-panel update rewrote smtpd_recipient_restrictions", () => {
  const r = diffConfigs(...pair("postfix-panel-rewrite"));
  it("reports permit_sasl_authenticated removed, with the line on both sides", () => {
    const c = r.changes.find((x) => x.message === "permit_sasl_authenticated removed from smtpd_recipient_restrictions");
    expect(c).toBeDefined();
    expect(c!.action).toBe("removed");
    expect(lineOf(r, c!, "before")).toBe(16);
    expect(lineOf(r, c!, "after")).toBe(15);
  });
  it("reports the reordering as one move", () => {
    expect(messages(r)).toContain("reject_non_fqdn_recipient moved before permit_mynetworks in smtpd_recipient_restrictions (position 3 → 1)");
    expect(r.changes.filter((c) => c.effective)).toHaveLength(2);
  });
  it("marks authenticated users newly refused as a regression on each smtpd service", () => {
    const reg = r.relay.filter((x) => x.regression);
    expect(reg.map((x) => `${x.scope} ${x.probe} ${x.before.verdict}→${x.after.verdict} ${x.after.code}`)).toEqual([
      "smtp sasl-to-remote ACCEPT→REJECT 554",
      "submission sasl-to-remote ACCEPT→REJECT 554",
    ]);
    expect(reg[0]!.regression).toBe("authenticated users are now refused");
    expect(r.regressions).toBe(2);
  });
  it("lists the lint findings the update introduced", () => {
    expect(r.lint.introduced.map((f) => f.ruleId)).toEqual(["postfix/missing-permit-sasl-authenticated", "postfix/missing-permit-sasl-authenticated"]);
    expect(r.lint.fixed).toEqual([]);
  });
});

describe("Postfix upgrade across a compatibility_level change", () => {
  const r = diffConfigs(...pair("postfix-compat-upgrade"));
  const byName = (n: string) => r.changes.find((c) => c.subject === n && c.effective);
  it("reports the explicit compatibility_level and the defaults that follow it", () => {
    expect(byName("compatibility_level")!.message).toBe("compatibility_level set to 3.6 (was 0 by default)");
    expect(byName("relay_domains")!.message).toBe("relay_domains: effective value changed: mx.example.com, localhost.example.com, localhost, example.com → (empty)");
    expect(byName("relay_domains")!.note).toBe("its default depends on compatibility_level (0 → 3.6)");
    expect(byName("mynetworks_style")!.message).toBe("mynetworks_style: effective value changed: subnet → host");
    expect(byName("smtpd_relay_restrictions")!.after).toBe("permit_mynetworks, permit_sasl_authenticated, defer_unauth_destination");
    expect(byName("smtputf8_enable")).toBeDefined();
    expect(byName("respectful_logging")).toBeDefined();
  });
  it("the new default smtpd_relay_restrictions defers unauthorised relay instead of rejecting it", () => {
    const row = r.relay.find((x) => x.scope === "smtp" && x.probe === "outside-to-remote")!;
    expect([row.before.verdict, row.before.code, row.after.verdict, row.after.code]).toEqual(["REJECT", "554", "DEFER", "454"]);
    expect(row.regression).toBeUndefined();
  });
  it("--after-version of a release without level 3.6 keeps the 3.6 defaults out", () => {
    const v = diffConfigs(...pair("postfix-compat-upgrade"), { beforeVersion: "3.4", afterVersion: "3.5" });
    const names = v.changes.filter((c) => c.effective).map((c) => c.subject);
    expect(names).toContain("relay_domains");
    expect(names).not.toContain("respectful_logging");
    expect(names).not.toContain("smtpd_tls_fingerprint_digest");
    expect(v.notes[0]).toMatch(/curated release facts/);
  });
  it("--before-version below 3.0 has no compatibility_level: the old defaults hold whatever the level says", () => {
    const [, after] = pair("postfix-compat-upgrade");
    const v = diffConfigs(after, after, { beforeVersion: "2.11", afterVersion: "3.7" });
    const c = v.changes.find((x) => x.subject === "relay_domains")!;
    expect(c.before).toBe("mx.example.com, localhost.example.com, localhost, example.com");
    expect(c.after).toBe("");
    expect(c.note).toBe("the default differs (Postfix 2.11 → 3.7)");
  });
});

describe("Exim upgrade with taint breakage", () => {
  const r = diffConfigs(join(repoRoot, "samples/diff/exim-taint-upgrade/before/exim.conf"), join(repoRoot, "samples/diff/exim-taint-upgrade/after"));
  it("diffs transports option by option and names the taint fix and the taint breakage", () => {
    const fix = r.changes.find((c) => c.section === "transport" && c.subject === "local_delivery")!;
    expect(fix.message).toBe("transport local_delivery: file = /var/mail/$local_part → file = /var/mail/$local_part_data");
    expect(fix.note).toMatch(/^taint fix/);
    expect([lineOf(r, fix, "before"), lineOf(r, fix, "after")]).toEqual([40, 52]);
    const broken = r.changes.find((c) => c.section === "transport" && c.subject === "maildir_home")!;
    expect(broken.action).toBe("added");
    expect(broken.note).toMatch(/AFTER builds directory from tainted data/);
  });
  it("diffs ACLs statement by statement and router options", () => {
    expect(messages(r)).toContain(
      'router dnslookup: ignore_target_hosts = 0.0.0.0 : 127.0.0.0/8 → ignore_target_hosts = 0.0.0.0 : 127.0.0.0/8 : 255.255.255.255',
    );
    const acl = r.changes.find((c) => c.section === "ACL")!;
    expect(acl.action).toBe("inserted");
    expect(acl.message).toMatch(/^"deny domains = \+local_domains local_parts = .*" inserted into ACL acl_check_rcpt before "accept hosts = \+relay_from_hosts"$/);
  });
  it("the relay verdicts do not change", () => {
    expect(r.relay.filter((x) => x.changed)).toEqual([]);
  });
});

describe("reformatting only", () => {
  const r = diffConfigs(...pair("postfix-reformat"));
  it("reports no semantic difference, and says what kind of edit it was", () => {
    expect(r.semanticDifference).toBe(false);
    expect(r.changes).toEqual([]);
    expect(r.cosmetic.map((c) => c.kinds)).toEqual([
      ["comments", "order of independent settings", "whitespace and line layout"],
      ["comments", "whitespace and line layout"],
    ]);
  });
});

describe("test server against the live one", () => {
  it("host names, certificates and interfaces differ", () => {
    const r = diffConfigs(...pair("postfix-test-live"));
    expect(r.semanticDifference).toBe(true);
    expect(new Set(r.changes.map((c) => c.subject))).toEqual(
      new Set(["myhostname", "mydomain", "myorigin", "mydestination", "inet_interfaces", "smtpd_banner", "smtpd_tls_cert_file", "smtpd_tls_key_file", "submission"]),
    );
  });
  it("no difference with --ignore-host-specific, derived values ($myhostname in mydestination) included", () => {
    const r = diffConfigs(...pair("postfix-test-live"), { ignoreHostSpecific: true });
    expect(r.changes).toEqual([]);
    expect(r.semanticDifference).toBe(false);
  });
  it("--ignore NAME leaves out only that name", () => {
    const r = diffConfigs(...pair("postfix-test-live"), { ignore: ["inet_interfaces"] });
    expect(r.changes.some((c) => c.subject === "inet_interfaces")).toBe(false);
    expect(r.changes.some((c) => c.subject === "myhostname")).toBe(true);
  });
});

describe("explicit and effective values", () => {
  it("a parameter set explicitly to its default is reported without being a semantic difference", () => {
    const [before] = pair("postfix-compat-upgrade");
    const r = diffConfigs(before, join(repoRoot, "test/diff/fixtures/explicit-default"));
    const c = r.changes.find((x) => x.subject === "smtpd_helo_required")!;
    expect(c.effective).toBe(false);
    expect(c.message).toBe("smtpd_helo_required set explicitly to no, the value already in effect");
    expect(r.semanticDifference).toBe(false);
  });
});

describe("Exim test server against the live one", () => {
  const files = [join(repoRoot, "samples/diff/exim-test-live/before/exim.conf"), join(repoRoot, "samples/diff/exim-test-live/after/exim.conf")] as const;
  it("without --ignore-host-specific: only host names, interfaces and certificate paths differ", () => {
    const r = diffConfigs(...files);
    expect(r.changes.filter((c) => c.effective).map((c) => c.subject).sort()).toEqual(["local_interfaces", "primary_hostname", "tls_certificate", "tls_privatekey"]);
    expect(r.relay.every((x) => x.before.verdict === x.after.verdict)).toBe(true);
  });
  it("with --ignore-host-specific: no semantic difference", () => {
    const r = diffConfigs(...files, { ignoreHostSpecific: true });
    expect(r.changes.filter((c) => c.effective)).toEqual([]);
    expect(r.regressions).toBe(0);
  });
});

describe("ignored names also leave the lint delta", () => {
  it("a finding inside an ignored setting is not reported as introduced", () => {
    const base = mkdtempSync(join(tmpdir(), "mtalint-diff-ignore-"));
    for (const [side, extra] of [["before", ""], ["after", "smtp_helo_name = $myhostnme\n"]] as const) {
      mkdirSync(join(base, side));
      writeFileSync(join(base, side, "main.cf"), `myhostname = ${side}.example.org\ncompatibility_level = 3.6\n${extra}`);
    }
    const plain = diffConfigs(join(base, "before"), join(base, "after"));
    expect(plain.lint.introduced.map((f) => f.ruleId)).toEqual(["postfix/undefined-reference"]);
    const ignoring = diffConfigs(join(base, "before"), join(base, "after"), { ignoreHostSpecific: true });
    expect(ignoring.lint.introduced).toEqual([]);
    expect(ignoring.semanticDifference).toBe(false);
  });
});
