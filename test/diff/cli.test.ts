/** `mtalint diff` as a user runs it: formats, exit codes, errors. */
import { describe, expect, it } from "vitest";
import { expectUsageError, mtalint } from "../cli/run.js";

const s = (name: string, side: "before" | "after") => `samples/diff/${name}/${side}`;

describe("mtalint diff", () => {
  it("exits 0 when nothing changed in meaning (reformatting only)", () => {
    const r = mtalint(["diff", s("postfix-reformat", "before"), s("postfix-reformat", "after")]);
    expect(r.code).toBe(0);
    expect(r.stdout).toMatch(/✔ no semantic difference\n$/);
    expect(r.stdout).toContain("comments, order of independent settings, whitespace and line layout");
  });
  it("exits 1 for differences, and --regressions-only makes 1 mean a regression", () => {
    expect(mtalint(["diff", s("postfix-compat-upgrade", "before"), s("postfix-compat-upgrade", "after")]).code).toBe(1);
    expect(mtalint(["diff", "--regressions-only", s("postfix-compat-upgrade", "before"), s("postfix-compat-upgrade", "after")]).code).toBe(0);
    const r = mtalint(["diff", "--regressions-only", s("postfix-panel-rewrite", "before"), s("postfix-panel-rewrite", "after")]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("sasl-to-remote     ACCEPT → REJECT 554  REGRESSION: authenticated users are now refused");
  });
  it("--ignore-host-specific makes a test/live pair equal", () => {
    expect(mtalint(["diff", s("postfix-test-live", "before"), s("postfix-test-live", "after")]).code).toBe(1);
    expect(mtalint(["diff", "--ignore-host-specific", s("postfix-test-live", "before"), s("postfix-test-live", "after")]).code).toBe(0);
    expect(mtalint(["diff", s("postfix-test-live", "before"), s("postfix-test-live", "after"), "--ignore", "myhostname,mydomain", "inet_interfaces"]).code).toBe(1);
  });
  it("--format json has file:line on both sides", () => {
    const r = mtalint(["diff", "--format", "json", s("postfix-panel-rewrite", "before"), s("postfix-panel-rewrite", "after")]);
    const j = JSON.parse(r.stdout);
    expect(j.version).toBe(1);
    const c = j.changes.find((x: { message: string }) => x.message === "permit_sasl_authenticated removed from smtpd_recipient_restrictions");
    expect([c.beforeAt.file, c.beforeAt.line, c.afterAt.file, c.afterAt.line]).toEqual([
      "samples/diff/postfix-panel-rewrite/before/main.cf", 16, "samples/diff/postfix-panel-rewrite/after/main.cf", 15,
    ]);
    expect(j.regressions).toBe(2);
  });
  it("--format markdown gives sections and a relay table; --text adds the unified diff", () => {
    const r = mtalint(["diff", "--format", "markdown", "--text", s("exim-taint-upgrade", "before"), s("exim-taint-upgrade", "after")]);
    expect(r.code).toBe(1);
    expect(r.stdout).toContain("#### Transports");
    expect(r.stdout).toContain("| scope | probe | before | after | |");
    expect(r.stdout).toMatch(/```diff\n[^]*\n\+  file = \/var\/mail\/\$local_part_data\n/);
  });
  it("colours only when asked", () => {
    const args = ["diff", s("postfix-panel-rewrite", "before"), s("postfix-panel-rewrite", "after")];
    expect(mtalint(args).stdout).not.toContain("\u001b[");
    expect(mtalint(args, { env: { FORCE_COLOR: "1" } }).stdout).toContain("\u001b[");
    expect(mtalint([...args, "--no-color"], { env: { FORCE_COLOR: "1" } }).stdout).not.toContain("\u001b[");
  });
  it("a Postfix side against an Exim side is a clear error", () => {
    expectUsageError(
      mtalint(["diff", s("postfix-reformat", "before"), s("exim-taint-upgrade", "after")]),
      /^mtalint: BEFORE \(samples\/diff\/postfix-reformat\/before\) is a Postfix configuration but AFTER \(samples\/diff\/exim-taint-upgrade\/after\) is an Exim one/,
    );
  });
  it("bad flags and missing paths exit 2", () => {
    expectUsageError(mtalint(["diff", "--format", "xml", s("postfix-reformat", "before"), s("postfix-reformat", "after")]), '--format must be text, json, markdown, not "xml"');
    expectUsageError(mtalint(["diff", "--after-version", "3.x", s("postfix-reformat", "before"), s("postfix-reformat", "after")]), /a Postfix version looks like/);
    expect(mtalint(["diff", "nope", s("postfix-reformat", "after")]).code).toBe(2);
  });
});
