/**
 * Self-tests of the relay-verdict oracles: the real Postfix smtpd (private master + XCLIENT) and
 * the real `exim -bh`. The expected replies below are what the real MTAs answered; they document
 * real behaviour that mtalint's relay simulator must reproduce.
 */
import { join, resolve } from "node:path";
import { describe, expect, test } from "vitest";
import { eximRelayOracleAvailable, eximRelayVerdicts, type EximScenario } from "../helpers/exim-relay-oracle.js";
import { oracleStatus, oraclesRequired } from "../helpers/oracles.js";
import { postfixRelayOracleAvailable, postfixRelayVerdicts, type RelayScenario } from "../helpers/postfix-relay-oracle.js";
import { replyToVerdict, takeReply, xtext } from "../helpers/relay-oracle-common.js";

const fixtures = resolve(import.meta.dirname, "../fixtures/relay");

function availability(binary: "postconf" | "exim", extra: () => { available: boolean; reason: string }): boolean {
  if (!oracleStatus(binary).available) return false; // warns, or throws when MTALINT_REQUIRE_ORACLES=1
  const a = extra();
  if (a.available) return true;
  if (oraclesRequired) throw new Error(`MTALINT_REQUIRE_ORACLES=1 but ${a.reason}`);
  console.warn(`skipping relay oracle tests: ${a.reason}`);
  return false;
}

const havePostfix = availability("postconf", postfixRelayOracleAvailable);
const haveExim = availability("exim", eximRelayOracleAvailable);

async function timed<T>(label: string, n: number, f: () => Promise<T>): Promise<T> {
  const t0 = Date.now();
  const r = await f();
  console.log(`[relay-oracle] ${label}: ${n} scenarios in ${Date.now() - t0} ms`);
  return r;
}

const OUT = "203.0.113.5"; // an outsider (TEST-NET-3)

describe("reply parsing", () => {
  test("multi-line replies, enhanced codes, xtext", () => {
    const r = takeReply(["550-5.7.1 first line", "550-5.7.1 second", "550 5.7.1 last", "250 next"], 0)!;
    expect(r.next).toBe(3);
    expect(replyToVerdict(r.reply, "RCPT", false)).toEqual({
      verdict: "REJECT",
      code: "550",
      enhancedCode: "5.7.1",
      text: "first line\nsecond\nlast",
      raw: "550-5.7.1 first line\n550-5.7.1 second\n550 5.7.1 last",
      saslOffered: false,
      stage: "RCPT",
    });
    expect(takeReply(["250-a", "250-b"], 0)).toBeUndefined();
    expect(replyToVerdict({ code: "451", lines: ["451 Temporary local problem"] }, "RCPT", true)).toMatchObject({
      verdict: "DEFER",
      code: "451",
      text: "Temporary local problem",
    });
    expect(xtext("a+b=c d@x")).toBe("a+2Bb+3Dc+20d@x");
  });
});

describe.skipIf(!havePostfix)("Postfix relay oracle (real smtpd)", () => {
  const pf = (name: string, sc: RelayScenario[]) => timed(`postfix/${name}`, sc.length, () => postfixRelayVerdicts(join(fixtures, "postfix", name), sc));

  test("submission: SASL users relay on 587/465 only; port 25 defers outsiders", async () => {
    const v = await pf("submission", [
      { client: OUT, to: "bob@remote.example", sasl: "alice", service: "submission" },
      { client: OUT, to: "bob@remote.example", service: "submission" },
      { client: OUT, to: "bob@remote.example", sasl: "alice", service: "submissions" },
      { client: OUT, to: "bob@remote.example", service: "465" },
      { client: OUT, to: "bob@remote.example", sasl: "alice" },
      { client: OUT, to: "bob@remote.example" },
      { client: OUT, to: "bob@example.org" },
    ]);
    // 587: STARTTLS done for real (smtpd_tls_security_level=encrypt, smtpd_tls_auth_only=yes)
    expect(v[0]).toMatchObject({ verdict: "ACCEPT", raw: "250 2.1.5 Ok", saslOffered: true, saslAccepted: true });
    expect(v[1]).toMatchObject({
      verdict: "REJECT",
      code: "554",
      enhancedCode: "5.7.1",
      raw: "554 5.7.1 <bob@remote.example>: Recipient address rejected: Access denied",
      saslOffered: true,
    });
    // 465: implicit TLS (wrapper mode), relay list from $mua_relay_restrictions
    expect(v[2]).toMatchObject({ verdict: "ACCEPT", raw: "250 2.1.5 Ok", saslOffered: true, saslAccepted: true });
    expect(v[3]).toMatchObject({ verdict: "REJECT", raw: "554 5.7.1 <bob@remote.example>: Recipient address rejected: Access denied" });
    // 25: SASL is off there, so the user cannot authenticate; default smtpd_relay_restrictions defers
    expect(v[4]).toMatchObject({
      verdict: "DEFER",
      code: "454",
      enhancedCode: "4.7.1",
      text: "<bob@remote.example>: Relay access denied",
      saslOffered: false,
      saslAccepted: false,
    });
    expect(v[5]).toMatchObject({ verdict: "DEFER", raw: "454 4.7.1 <bob@remote.example>: Relay access denied", saslOffered: false });
    expect(v[6]).toMatchObject({ verdict: "ACCEPT", raw: "250 2.1.5 Ok" });
  });

  test("SASL enabled but permit_sasl_authenticated missing: 554 Relay access denied for the SASL user", async () => {
    const v = await pf("sasl-no-permit", [
      { client: OUT, to: "bob@remote.example", sasl: "alice" },
      { client: OUT, to: "bob@remote.example" },
      { client: OUT, to: "bob@example.org", sasl: "alice" },
      { client: "127.0.0.1", to: "bob@remote.example" },
    ]);
    expect(v[0]).toMatchObject({
      verdict: "REJECT",
      code: "554",
      enhancedCode: "5.7.1",
      raw: "554 5.7.1 <bob@remote.example>: Relay access denied",
      saslOffered: true,
      saslAccepted: true,
    });
    expect(v[1]).toMatchObject({ verdict: "DEFER", raw: "454 4.7.1 <bob@remote.example>: Relay access denied" });
    expect(v[2]).toMatchObject({ verdict: "ACCEPT", raw: "250 2.1.5 Ok" });
    expect(v[3]).toMatchObject({ verdict: "ACCEPT", raw: "250 2.1.5 Ok" });
  });

  test("open relay: access-map OK on the sender before reject_unauth_destination", async () => {
    const v = await pf("open-relay", [
      { client: OUT, from: "anyone@example.com", to: "victim@remote.example" },
      { client: OUT, from: "anyone@other.example", to: "victim@remote.example" },
      { client: OUT, from: "", to: "victim@remote.example" },
    ]);
    expect(v[0]).toMatchObject({ verdict: "ACCEPT", raw: "250 2.1.5 Ok" });
    expect(v[1]).toMatchObject({ verdict: "REJECT", raw: "554 5.7.1 <victim@remote.example>: Relay access denied" });
    expect(v[2]).toMatchObject({ verdict: "REJECT", raw: "554 5.7.1 <victim@remote.example>: Relay access denied" });
  });

  test("mynetworks client relays; outsiders only to relay_domains", async () => {
    const v = await pf("mynetworks", [
      { client: "192.0.2.10", to: "bob@remote.example" },
      { client: "198.51.100.7", to: "bob@remote.example" },
      { client: "198.51.100.7", to: "bob@partner.example" },
      { client: "198.51.100.7", to: "bob@sub.partner.example" },
      { client: "198.51.100.7", to: "bob@example.org" },
    ]);
    expect(v[0]).toMatchObject({ verdict: "ACCEPT", raw: "250 2.1.5 Ok" });
    expect(v[1]).toMatchObject({ verdict: "DEFER", raw: "454 4.7.1 <bob@remote.example>: Relay access denied" });
    expect(v[2]).toMatchObject({ verdict: "ACCEPT", raw: "250 2.1.5 Ok" });
    expect(v[3]).toMatchObject({ verdict: "ACCEPT", raw: "250 2.1.5 Ok" });
    expect(v[4]).toMatchObject({ verdict: "ACCEPT", raw: "250 2.1.5 Ok" });
  });

  test("postscreen: the verdict comes from the smtpd of the pass service", async () => {
    const v = await pf("postscreen", [
      { client: OUT, to: "bob@remote.example" },
      { client: "192.0.2.10", to: "bob@remote.example" },
    ]);
    expect(v[0]).toMatchObject({ verdict: "REJECT", raw: "554 5.7.1 <bob@remote.example>: Relay access denied" });
    expect(v[1]).toMatchObject({ verdict: "ACCEPT", raw: "250 2.1.5 Ok" });
  });

  test("no relay protection: smtpd refuses to start (FATAL), detected from the log", async () => {
    const v = await pf("no-relay-protection", [
      { client: OUT, to: "bob@remote.example" },
      { client: OUT, to: "bob@remote.example", sasl: "alice", service: "submission" },
      { client: "127.0.0.1", to: "bob@example.org" },
    ]);
    // the submission smtpd has its own (guarded) recipient list and starts fine
    expect(v[1]).toMatchObject({ verdict: "ACCEPT", raw: "250 2.1.5 Ok", saslOffered: true, saslAccepted: true });
    for (const x of [v[0]!, v[2]!]) {
      expect(x.verdict).toBe("FATAL");
      expect(x.text).toBe(
        "in parameter smtpd_relay_restrictions or smtpd_recipient_restrictions, specify at least one working instance of: " +
          "reject_unauth_destination, defer_unauth_destination, reject, defer, defer_if_permit or check_relay_domains",
      );
      expect(x.raw).toMatch(/postfix\/smtpd\[\d+\]: fatal: in parameter smtpd_relay_restrictions/);
    }
  });
});

describe.skipIf(!haveExim)("Exim relay oracle (real exim -bh)", () => {
  const ex = (name: string, sc: EximScenario[], defines?: Record<string, string>) =>
    timed(`exim/${name}${defines ? " " + JSON.stringify(defines) : ""}`, sc.length, () =>
      eximRelayVerdicts(join(fixtures, "exim", `${name}.conf`), sc, defines ? { defines } : undefined),
    );

  test("accept authenticated = * with an advertised authenticator", async () => {
    const v = await ex("authenticated", [
      { client: OUT, to: "bob@remote.example", sasl: "alice" },
      { client: OUT, to: "bob@remote.example" },
      { client: OUT, to: "bob@example.org" },
      { client: OUT, to: "bob@partner.example" },
      { client: "127.0.0.1", to: "bob@remote.example" },
    ]);
    expect(v[0]).toMatchObject({ verdict: "ACCEPT", raw: "250 Accepted", saslOffered: true, saslAccepted: true, authReply: "235 Authentication succeeded" });
    expect(v[1]).toMatchObject({ verdict: "REJECT", code: "550", raw: "550 relay not permitted", text: "relay not permitted", saslOffered: true });
    expect(v[1]!.enhancedCode).toBeUndefined();
    expect(v[2]).toMatchObject({ verdict: "ACCEPT", raw: "250 Accepted" });
    expect(v[3]).toMatchObject({ verdict: "ACCEPT", raw: "250 Accepted" });
    expect(v[4]).toMatchObject({ verdict: "ACCEPT", raw: "250 Accepted" });
  });

  test("authenticated users denied: no accept authenticated in acl_check_rcpt", async () => {
    const v = await ex("auth-denied", [
      { client: OUT, to: "bob@remote.example", sasl: "alice" },
      { client: OUT, to: "bob@example.org", sasl: "alice" },
    ]);
    expect(v[0]).toMatchObject({ verdict: "REJECT", raw: "550 relay not permitted", saslOffered: true, saslAccepted: true });
    expect(v[1]).toMatchObject({ verdict: "ACCEPT", raw: "250 Accepted", saslAccepted: true });
  });

  test("AUTH only after STARTTLS: -bh cannot authenticate (saslOffered false)", async () => {
    const v = await ex("tls-only-auth", [{ client: OUT, to: "bob@remote.example", sasl: "alice" }]);
    expect(v[0]).toMatchObject({ verdict: "REJECT", raw: "550 relay not permitted", saslOffered: false, saslAccepted: false });
    expect(v[0]!.authReply).toBeUndefined();
  });

  test("open relay: unconditional accept", async () => {
    const v = await ex("open-relay", [
      { client: OUT, to: "victim@remote.example" },
      { client: OUT, to: "victim@remote.example", sasl: "alice" },
    ]);
    expect(v[0]).toMatchObject({ verdict: "ACCEPT", raw: "250 Accepted", saslOffered: false });
    expect(v[1]).toMatchObject({ verdict: "ACCEPT", saslOffered: false, saslAccepted: false });
  });

  test("hostlist relay_from_hosts, -D macro override, defer and multi-line replies", async () => {
    const v = await ex("relay-from-hosts", [
      { client: "192.0.2.7", to: "bob@remote.example" },
      { client: "198.51.100.7", to: "bob@remote.example" },
      { client: "198.51.100.7", to: "bob@partner.example" },
      { client: "198.51.100.7", to: "later@partner.example" },
      { client: "192.0.2.7", from: "spammer@example.net", to: "bob@remote.example" },
    ]);
    expect(v[0]).toMatchObject({ verdict: "ACCEPT", raw: "250 Accepted" });
    expect(v[1]).toMatchObject({ verdict: "REJECT", raw: "550 relay not permitted" });
    expect(v[2]).toMatchObject({ verdict: "ACCEPT", raw: "250 Accepted" });
    expect(v[3]).toMatchObject({ verdict: "DEFER", code: "451", enhancedCode: "4.7.1", text: "try again later", raw: "451 4.7.1 try again later" });
    expect(v[4]).toMatchObject({
      verdict: "REJECT",
      code: "550",
      text: "blocked sender\nsee https://example.org/policy",
      raw: "550-blocked sender\n550 see https://example.org/policy",
    });
    const d = await ex("relay-from-hosts", [
      { client: "192.0.2.7", to: "bob@remote.example" },
      { client: "198.51.100.7", to: "bob@remote.example" },
    ], { RELAY_NETS: "198.51.100.0/24" });
    expect(d[0]).toMatchObject({ verdict: "REJECT", raw: "550 relay not permitted" });
    expect(d[1]).toMatchObject({ verdict: "ACCEPT", raw: "250 Accepted" });
  });

  test("configuration error: FATAL with exim's message", async () => {
    const v = await ex("config-error", [{ client: OUT, to: "bob@example.org" }]);
    expect(v[0]).toMatchObject({ verdict: "FATAL", stage: "LOG" });
    expect(v[0]!.text).toMatch(/no_such_option/);
  });
});
