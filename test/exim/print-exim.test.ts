/** `mtalint print` for Exim (src/cli/print-exim.ts): exim -bP's text and exit status, computed. */
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { runPrintExim } from "../../src/cli/print-exim.js";
import { oracleStatus } from "../helpers/oracles.js";
import { eximPrint, repoRoot, writeConfig } from "./helpers.js";

const cpanel = join(repoRoot, "samples/exim/cpanel-style/exim.conf");
const st = oracleStatus("exim");

describe("runPrintExim", () => {
  test("names print like exim -bP; an unknown name prints Exim's message on stdout; the status is the last name's", () => {
    const r = runPrintExim(cpanel, ["message_size_limit", "no_such_option"], { defines: {} });
    expect(r).toEqual({ stdout: "message_size_limit = 100M\nno_such_option is not a known option\n", stderr: "", exitCode: 1 });
    expect(runPrintExim(cpanel, ["no_such_option", "message_size_limit"], { defines: {} }).exitCode).toBe(0);
  });

  test("+name prints a named list, macro NAME a macro", () => {
    const r = runPrintExim(cpanel, ["+relay_from_hosts", "macro", "PANEL_ACL_DIR"], { defines: {} });
    expect(r.stdout).toBe("hostlist relay_from_hosts = 127.0.0.1 : ::1 : 192.0.2.0/24\nPANEL_ACL_DIR=/etc/exim_acls\n");
    if (st.available) expect(eximPrint(cpanel, ["+relay_from_hosts", "macro", "PANEL_ACL_DIR"])).toEqual(r.stdout.trim().split("\n"));
  });

  test("no names: every main option, as exim -bP alone", () => {
    const r = runPrintExim(cpanel, [], { defines: {} });
    const lines = r.stdout.trim().split("\n");
    expect(lines).toHaveLength(247);
    expect(lines).toContain("message_size_limit = 100M");
    expect(lines).toContain("no_allow_mx_to_ip");
  });

  test("--acl prints one statement per line", () => {
    const r = runPrintExim(cpanel, [], { acl: "acl_smtp_mail", defines: {} });
    expect(r.stdout).toBe("acl_smtp_mail:\n  deny senders = +blocked_senders | message = Sender address is blocked\n  accept\n");
    expect(runPrintExim(cpanel, [], { acl: "nope", defines: {} })).toMatchObject({ exitCode: 1, stderr: 'no ACL named "nope"\n' });
  });

  test("--define works as exim -D", () => {
    const file = writeConfig(".ifdef TLS\ntls_advertise_hosts = *\n.else\ntls_advertise_hosts =\n.endif\n");
    expect(runPrintExim(file, ["tls_advertise_hosts"], { defines: { TLS: "1" } }).stdout).toBe("tls_advertise_hosts = *\n");
    expect(runPrintExim(file, ["tls_advertise_hosts"], { defines: {} }).stdout).toBe("tls_advertise_hosts = \n");
  });

  test("error diagnostics go to stderr as file:line:col: message, with status 1", () => {
    const file = writeConfig("smtp_banner = ok\nacl_smtp_rpct = x\n");
    expect(runPrintExim(file, ["smtp_banner"], { defines: {} })).toEqual({
      stdout: "",
      stderr: `${file}:2:1: main option "acl_smtp_rpct" unknown\n`,
      exitCode: 1,
    });
  });
});
