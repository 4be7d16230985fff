/** `mtalint relay` as a user runs it. (Agreement with the real MTAs is in test/relay.) */
import { networkInterfaces } from "node:os";
import { describe, expect, it } from "vitest";
import { expectUsageError, mtalint } from "./run.js";

describe("mtalint relay", () => {
  it.each<[string, string[], string]>([
    ["an authenticated user refused by the relay list", ["samples/postfix/relay-denied", "--client", "203.0.113.9", "--to", "bob@remote.example", "--sasl", "alice", "--service", "submission"], "REJECT 554 5.7.1 <bob@remote.example>: Relay access denied"],
    ["the fixed config accepts the same user", ["samples/postfix/relay-denied-fixed", "--client", "203.0.113.9", "--to", "bob@remote.example", "--sasl", "alice", "--service", "submission"], "ACCEPT"],
    ["SASL is off on port 25: the login cannot happen", ["samples/postfix/relay-denied", "--client", "203.0.113.9", "--to", "bob@remote.example", "--sasl", "alice"], "REJECT 554 5.7.1 <bob@remote.example>: Relay access denied"],
    ["a Postfix open relay", ["samples/postfix/open-relay", "--client", "198.51.100.4", "--to", "x@remote.example"], "ACCEPT"],
    ["an Exim open relay", ["samples/exim/open-relay", "--client", "198.51.100.4", "--to", "x@remote.example"], "ACCEPT"],
    ["Exim refuses an outsider", ["samples/exim/auth-denied/exim.conf", "--client", "198.51.100.4", "--to", "x@remote.example", "--no-tls"], "REJECT 550 - relay not permitted"],
    ["smtpd_delay_reject = no with empty client and helo lists: decided at RCPT time as usual", ["test/fixtures/relay/postfix/delay-reject-no", "--client", "203.0.113.9", "--to", "bob@remote.example"], "REJECT 554 5.7.1 <bob@remote.example>: Relay access denied"],
    [
      "smtpd_delay_reject = no with a client list: applied at connect, before AUTH, not simulated",
      ["test/fixtures/relay/postfix/delay-reject-no-client", "--client", "203.0.113.9", "--to", "bob@remote.example", "--sasl", "alice"],
      "UNKNOWN smtpd_delay_reject = no: smtpd applies smtpd_client_restrictions when the client connects, before the client can log in and before the sender and recipient are known; mtalint simulates restrictions at RCPT time only",
    ],
    ["a policy service decides: UNKNOWN with the reason", ["samples/postfix/relay-denied", "--client", "198.51.100.4", "--to", "postmaster@example.net", "--recipient-exists"], "UNKNOWN the policy service unix:private/policyd-spf decides"],
  ])("%s", (_name, args, first) => {
    const r = mtalint(["relay", ...args]);
    expect(r.code).toBe(0);
    expect(r.stdout.split("\n")[0]).toBe(first);
    expect(r.stdout).toContain("\ntrace:\n");
  });

  it("the trace says where the deciding element is written", () => {
    const r = mtalint(["relay", "samples/postfix/relay-denied", "--client", "203.0.113.9", "--to", "bob@remote.example"]);
    expect(r.stdout).toContain("decided at samples/postfix/relay-denied/main.cf:13:47");
    expect(r.stdout).toContain("smtpd_relay_restrictions: reject_unauth_destination → REJECT");
  });

  it("FATAL when smtpd would not start", () => {
    const r = mtalint(["relay", "test/fixtures/relay/postfix/no-relay-protection", "--client", "203.0.113.9", "--to", "bob@remote.example"]);
    expect(r.stdout.split("\n")[0]).toMatch(/^FATAL smtpd.* exits at start/);
  });

  it("JSON has the verdict, codes, decidedBy and the trace", () => {
    const r = mtalint(["relay", "samples/postfix/relay-denied", "--client", "203.0.113.9", "--to", "bob@remote.example", "--format", "json"]);
    const j = JSON.parse(r.stdout);
    expect(j).toMatchObject({ verdict: "REJECT", code: "554", enhancedCode: "5.7.1", text: "<bob@remote.example>: Relay access denied", authenticated: false });
    expect(j.decidedBy).toEqual({ file: "samples/postfix/relay-denied/main.cf", line: 13, column: 47, endLine: 13, endColumn: 72 });
    expect(j.trace.length).toBeGreaterThan(3);
  });

  it.each<[string, string[], string]>([
    ["a client that is not an IP", ["--client", "mail.example", "--to", "a@b.example"], '--client must be an IP address, not "mail.example"'],
    ["a bad format", ["--client", "192.0.2.1", "--to", "a@b.example", "--format", "xml"], '--format must be text or json, not "xml"'],
    ["an unknown service", ["--client", "192.0.2.1", "--to", "a@b.example", "--service", "nosuch"], ""],
  ])("usage: %s", (_name, args, message) => {
    const r = mtalint(["relay", "samples/postfix/relay-denied", ...args]);
    if (message === "") {
      expect(r.stdout.split("\n")[0]).toBe('UNKNOWN master.cf has no service named "nosuch"');
      return;
    }
    expectUsageError(r, message);
  });
});

describe("mtalint relay --this-host", () => {
  const own = Object.values(networkInterfaces())
    .flat()
    .find((a) => a && a.family === "IPv4" && !a.internal)?.address;
  it.skipIf(own === undefined)("an unset mynetworks means this machine's subnets", () => {
    const args = ["relay", "test/fixtures/cli/this-host", "--to", "a@remote.example"];
    expect(mtalint([...args, "--client", own!]).stdout.split("\n")[0]).toMatch(/^UNKNOWN mynetworks is not set/);
    expect(mtalint([...args, "--client", own!, "--this-host"]).stdout.split("\n")[0]).toBe("ACCEPT");
    expect(mtalint([...args, "--client", "203.0.113.9", "--this-host"]).stdout.split("\n")[0]).toBe("REJECT 554 5.7.1 <a@remote.example>: Relay access denied");
  });
});
