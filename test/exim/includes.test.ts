/** .include / .include_if_exists: resolution, confinement to the root, cycles, missing files. */
import { mkdirSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { loadExim } from "../../src/exim/api.js";
import { eximOptionValue } from "../../src/model/exim/print.js";
import { Severity } from "../../src/engine/severity.js";
import { oracleStatus } from "../helpers/oracles.js";
import { describeDiagnostics, errors, eximCheck, eximPrint, lineOf, tempDir } from "./helpers.js";

function tree(files: Record<string, string>): string {
  const dir = tempDir();
  for (const [name, text] of Object.entries(files)) {
    mkdirSync(join(dir, name, ".."), { recursive: true });
    writeFileSync(join(dir, name), text);
  }
  return dir;
}

const st = oracleStatus("exim");

describe("includes", () => {
  test("a relative .include is read from the including file's directory, and its nodes say how they got here", () => {
    const dir = tree({
      "exim.conf": "smtp_banner = main\n.include parts/acl.conf\n",
      "parts/acl.conf": "acl_smtp_rcpt = acl_check_rcpt\n.include \"more opts.conf\"\n",
      "parts/more opts.conf": "queue_only\n",
    });
    const r = loadExim(join(dir, "exim.conf"));
    expect(errors(r), describeDiagnostics(r)).toEqual([]);
    expect(r.files.map((f) => f.path.slice(dir.length + 1))).toEqual(["exim.conf", "parts/acl.conf", "parts/more opts.conf"]);
    const q = r.config.mainOptions.find((o) => o.name === "queue_only")!;
    expect(q.range.file).toBe(join(dir, "parts/more opts.conf"));
    expect(q.via).toEqual([`included from ${join(dir, "exim.conf")}:2`, `included from ${join(dir, "parts/acl.conf")}:2`]);
    expect(r.config.includes.map((i) => [i.path, i.found])).toEqual([
      ["parts/acl.conf", true],
      ["more opts.conf", true],
    ]);
  });

  test("an .include inside a continuation continues the logical line", () => {
    const dir = tree({ "exim.conf": "log_selector = +tls_peerdn \\\n  .include part.conf\nsmtp_banner = x\n", "part.conf": "+smtp_confirmation\n" });
    const r = loadExim(join(dir, "exim.conf"));
    expect(eximOptionValue(r.config, "log_selector")?.line).toBe("log_selector = +tls_peerdn +smtp_confirmation");
    if (st.available) expect(eximPrint(join(dir, "exim.conf"), ["log_selector"])).toEqual(["log_selector = +tls_peerdn +smtp_confirmation"]);
  });

  test("a missing .include is an error at the including line", () => {
    const dir = tree({ "exim.conf": "smtp_banner = a\n.include missing.conf\n" });
    const r = loadExim(join(dir, "exim.conf"));
    const d = errors(r)[0]!;
    expect([d.code, lineOf(r, d), d.range.file]).toEqual(["exim/include-missing", 2, join(dir, "exim.conf")]);
    if (st.available) expect(eximCheck(join(dir, "exim.conf"))).toMatchObject({ ok: false, line: 2 });
  });

  test("a missing .include_if_exists is silent", () => {
    const dir = tree({ "exim.conf": "smtp_banner = a\n" });
    writeFileSync(join(dir, "exim.conf"), `smtp_banner = a\n.include_if_exists ${join(dir, "missing.conf")}\n`);
    const r = loadExim(join(dir, "exim.conf"));
    expect(r.diagnostics).toEqual([]);
    if (st.available) expect(eximCheck(join(dir, "exim.conf")).ok).toBe(true);
  });

  test(".include_if_exists needs an absolute path", () => {
    const dir = tree({ "exim.conf": "smtp_banner = a\n.include_if_exists missing.conf\n" });
    const r = loadExim(join(dir, "exim.conf"));
    expect(errors(r).map((d) => [d.code, lineOf(r, d)])).toEqual([["exim/syntax", 2]]);
    if (st.available) expect(eximCheck(join(dir, "exim.conf"))).toMatchObject({ ok: false, line: 2 });
  });

  test("an include outside the root is reported and never read", () => {
    const outside = tree({ "secret.conf": "this would be a syntax error if it were read\n" });
    const dir = tree({ "exim.conf": `smtp_banner = a\n.include ${join(outside, "secret.conf")}\n.include ../${outside.split("/").at(-1)}/secret.conf\n` });
    const r = loadExim(join(dir, "exim.conf"));
    expect(r.diagnostics.map((d) => [d.code, d.severity, lineOf(r, d)])).toEqual([
      ["exim/include-outside-root", Severity.Warning, 2],
      ["exim/include-outside-root", Severity.Warning, 3],
    ]);
    expect(r.files).toHaveLength(1);
  });

  test("a symlink inside the root that points outside is outside", () => {
    const outside = tree({ "secret.conf": "queue_only\n" });
    const dir = tree({ "exim.conf": "smtp_banner = a\n.include link.conf\n" });
    symlinkSync(join(outside, "secret.conf"), join(dir, "link.conf"));
    const r = loadExim(join(dir, "exim.conf"));
    expect(r.diagnostics.map((d) => d.code)).toEqual(["exim/include-outside-root"]);
    expect(r.config.mainOptions.map((o) => o.name)).toEqual(["smtp_banner"]);
  });

  test("a wider root allows includes from a sibling folder", () => {
    const base = tree({ "etc/exim.conf": "smtp_banner = a\n.include ../shared/opts.conf\n", "shared/opts.conf": "queue_only\n" });
    const r = loadExim(join(base, "etc/exim.conf"), { root: base });
    expect(r.diagnostics).toEqual([]);
    expect(r.config.mainOptions.map((o) => o.name)).toEqual(["smtp_banner", "queue_only"]);
  });

  test("an include cycle is reported at the include that closes it", () => {
    const dir = tree({ "a.conf": "smtp_banner = a\n.include b.conf\n", "b.conf": "queue_only\n.include a.conf\n" });
    const r = loadExim(join(dir, "a.conf"));
    const d = errors(r)[0]!;
    expect([d.code, d.range.file, lineOf(r, d)]).toEqual(["exim/include-cycle", join(dir, "b.conf"), 2]);
    // Exim has no cycle check: it reads a.conf again and fails on the repeated option.
    if (st.available) expect(eximCheck(join(dir, "a.conf")).ok).toBe(false);
  });

  test("an include inside a skipped .ifdef is not read", () => {
    const dir = tree({ "exim.conf": ".ifdef NOPE\n.include missing.conf\n.endif\nsmtp_banner = a\n" });
    expect(loadExim(join(dir, "exim.conf")).diagnostics).toEqual([]);
  });

  test("an unreadable top-level path throws InputError; nothing else does", () => {
    expect(() => loadExim("/nonexistent/exim.conf")).toThrow(/no such file/);
  });
});
