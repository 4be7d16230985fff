/**
 * Configurations and scenarios for differential relay fuzzing: Postfix
 * main.cf files built around generated restriction lists, and Exim files
 * built around a generated acl_check_rcpt, each with the scenarios both the
 * real MTA and mtalint answer. Everything stays inside what the relay
 * oracles can run (test/helpers/*-relay-oracle.ts): no DNS-based lists, no
 * policy services, tables inline or as files of the config dir, SASL
 * through the oracle's stub (Postfix: Dovecot on private/auth; Exim: a
 * plaintext authenticator accepting the oracle's password).
 */
import fc from "fast-check";
import type { RelayScenario } from "../../src/relay/types.js";
import { ORACLE_SASL_PASSWORD } from "../helpers/relay-oracle-common.js";

export interface GeneratedConfig {
  /** File name → text (main.cf and side files, or exim.conf). */
  files: Record<string, string>;
  /** The restriction lists or ACL, for failure messages. */
  summary: string;
}

// ---------------------------------------------------------------------------------------------
// Postfix

const OUTSIDE = "203.0.113.7";
const TRUSTED = "192.0.2.10";

/** Restriction list elements (one or two words), all decided from the config and the scenario, or by the local user/DNS probes smtpd makes. */
const ELEMENTS = [
  "permit_mynetworks", "permit_mynetworks", "permit_sasl_authenticated", "permit_sasl_authenticated", "reject_unauth_destination",
  "reject_unauth_destination", "defer_unauth_destination", "permit_auth_destination", "reject", "defer", "permit", "defer_if_permit",
  "defer_if_reject", "warn_if_reject reject", "warn_if_reject reject_unauth_destination",
  `check_client_access inline:{ ${OUTSIDE}=REJECT }`, `check_client_access inline:{ ${TRUSTED}=OK }`,
  "check_client_access inline:{ 203.0.113=REJECT client blocked }", "check_client_access cidr:${config_directory}/clients.cidr",
  "check_sender_access inline:{ spammer@bad.example=REJECT, sender.example=OK }", "check_sender_access texthash:${config_directory}/senders",
  "check_recipient_access inline:{ user@remote.example=OK, postmaster@example.org=DUNNO, bob@partner.example=550 5.7.1 no relay for bob }",
  "check_helo_access inline:{ client.sender.example=REJECT helo rejected, localhost=DEFER try later }",
  "reject_non_fqdn_recipient", "reject_non_fqdn_sender", "reject_non_fqdn_helo_hostname", "reject_invalid_helo_hostname",
  "reject_unknown_client_hostname", "reject_unknown_reverse_client_hostname", "reject_unlisted_recipient", "reject_unauth_pipelining",
  "my_class",
  // Not permit_inet_interfaces: it reads the socket's peer address, which XCLIENT does not change (always the oracle's 127.0.0.1).
];

const list = (min: number, max: number) =>
  fc.tuple(fc.array(fc.constantFrom(...ELEMENTS), { minLength: min, maxLength: max }), fc.constantFrom(", ", " ", ",\n    ", "\n  ")).map(([e, sep]) => e.join(sep));

const optional = (name: string, arb: fc.Arbitrary<string>, freq = 2) => fc.option(arb.map((v) => `${name} = ${v}`), { freq, nil: undefined });

export const postfixRelayConfig: fc.Arbitrary<GeneratedConfig> = fc
  .record({
    level: fc.constantFrom("3.6", "3.6", "2", "0"),
    mynetworks: fc.constantFrom(
      "127.0.0.0/8",
      `127.0.0.0/8 ${TRUSTED}/32`,
      `127.0.0.0/8, 192.0.2.0/24`,
      `!${TRUSTED} 192.0.2.0/24 127.0.0.0/8`,
      "cidr:${config_directory}/mynetworks.cidr",
      "127.0.0.0/8 [::1]/128",
    ),
    relayDomains: fc.constantFrom("", "partner.example", "partner.example, .partner.example", "$mydestination", "texthash:${config_directory}/relay_domains"),
    mydestination: fc.constantFrom("$myhostname, localhost, example.org", "example.org", "localhost.$mydomain, localhost, $mydomain"),
    parent: fc.constantFrom("", "parent_domain_matches_subdomains =", "parent_domain_matches_subdomains = relay_domains"),
    sasl: fc.boolean(),
    relay: fc.option(list(0, 5), { freq: 4, nil: undefined }),
    recipient: fc.option(list(0, 6), { freq: 5, nil: undefined }),
    client: optional("smtpd_client_restrictions", list(1, 3), 5),
    sender: optional("smtpd_sender_restrictions", list(1, 3), 5),
    helo: optional("smtpd_helo_restrictions", list(1, 2), 6),
    cls: list(1, 3),
    codes: fc.array(fc.constantFrom("relay_domains_reject_code = 550", "reject_code = 550", "defer_code = 421", "access_map_reject_code = 550", "soft_bounce = yes", "smtpd_relay_before_recipient_restrictions = yes", "smtpd_reject_unlisted_recipient = no"), { maxLength: 2 }),
  })
  .map((c) => {
    const lines = [
      `compatibility_level = ${c.level}`,
      "myhostname = mail.example.org",
      "mydomain = example.org",
      `mydestination = ${c.mydestination}`,
      `mynetworks = ${c.mynetworks}`,
      `relay_domains = ${c.relayDomains}`,
      ...(c.parent ? [c.parent] : []),
      ...(c.sasl ? ["smtpd_sasl_auth_enable = yes", "smtpd_sasl_type = dovecot", "smtpd_sasl_path = private/auth"] : []),
      ...(c.relay !== undefined ? [`smtpd_relay_restrictions = ${c.relay}`] : []),
      ...(c.recipient !== undefined ? [`smtpd_recipient_restrictions = ${c.recipient}`] : []),
      ...[c.client, c.sender, c.helo].filter((x): x is string => x !== undefined),
      "smtpd_restriction_classes = my_class",
      `my_class = ${c.cls.replace(/\bmy_class\b/g, "permit")}`,
      ...c.codes,
    ];
    return {
      files: {
        "main.cf": lines.join("\n") + "\n",
        "clients.cidr": `${OUTSIDE}/32 REJECT cidr says no\n${TRUSTED}/32 OK\n`,
        "mynetworks.cidr": `127.0.0.0/8 OK\n${TRUSTED}/32 OK\n`,
        senders: "spammer@bad.example REJECT\nsender.example OK\n",
        relay_domains: "partner.example OK\n",
      },
      summary: lines.filter((l) => /restrictions|my_class =|mynetworks =|relay_domains =|sasl_auth/.test(l)).join(" | "),
    };
  });

/**
 * What every generated Postfix config is asked: outsiders, trusted and loopback clients, a SASL user, odd HELO
 * and senders. The oracle's clients have no host name (XCLIENT NAME=[UNAVAILABLE]): clientName "".
 */
export const POSTFIX_SCENARIOS: RelayScenario[] = [
  { client: OUTSIDE, helo: "client.sender.example", from: "sender@sender.example", to: "user@remote.example" },
  { client: OUTSIDE, helo: "client.sender.example", from: "sender@sender.example", to: "postmaster@example.org" },
  { client: OUTSIDE, helo: "client.sender.example", from: "sender@sender.example", to: "bob@partner.example" },
  { client: "127.0.0.1", helo: "client.sender.example", from: "sender@sender.example", to: "user@remote.example" },
  { client: TRUSTED, helo: "client.sender.example", from: "sender@sender.example", to: "user@remote.example" },
  { client: OUTSIDE, helo: "client.sender.example", from: "sender@sender.example", to: "user@remote.example", sasl: "alice" },
  { client: OUTSIDE, helo: "localhost", from: "", to: "bob@example.org" },
  { client: OUTSIDE, helo: "client.sender.example", from: "spammer@bad.example", to: "bob@sub.partner.example" },
].map((s) => ({ ...s, clientName: "", thisHost: true, assumeRecipientExists: true }));

// ---------------------------------------------------------------------------------------------
// Exim

const HOSTS = [":", "+relay_from_hosts", "127.0.0.1", `${TRUSTED}`, "192.0.2.0/24", `!${OUTSIDE} : *`, "*", `<; ${OUTSIDE} ; 127.0.0.1`, `${OUTSIDE}/32`];
const DOMAINS = ["+local_domains", "+relay_to_domains", "+local_domains : +relay_to_domains", "!+local_domains", "*.example", "example.org", "@", "partner.example : sub.partner.example", "^remote\\..*"];
const CONDITIONS = [
  ...HOSTS.map((h) => `hosts = ${h}`),
  ...DOMAINS.map((d) => `domains = ${d}`),
  `!hosts = ${OUTSIDE}`,
  "!domains = +local_domains",
  "authenticated = *",
  "!authenticated = *",
  "local_parts = ^[.] : ^.*[@%!/|]",
  "local_parts = postmaster : bob",
  "senders = spammer@bad.example",
  "senders = :",
  "sender_domains = sender.example",
  "recipients = user@remote.example",
  "condition = ${if eq{$domain}{example.org}}",
  "condition = ${if match_domain{$domain}{+local_domains}}",
  "condition = ${if eq{$sender_host_address}{127.0.0.1}{yes}{no}}",
  "acl = acl_sub",
];
const MODIFIERS = ["message = relay not permitted", "message = 4.7.1 try again later", "message = blocked\\nsee policy", "log_message = logged", "control = submission", "set acl_m_x = 1"];

const statement = fc
  .tuple(
    fc.constantFrom("accept", "accept", "deny", "deny", "defer", "require", "require", "warn", "drop", "discard"),
    fc.array(fc.constantFrom(...CONDITIONS), { maxLength: 3 }),
    fc.option(fc.constantFrom(...MODIFIERS), { freq: 2, nil: undefined }),
    fc.boolean(),
  )
  .map(([verb, conds, mod, modFirst]) => {
    const parts = mod === undefined ? conds : modFirst ? [mod, ...conds] : [...conds, mod];
    return `  ${verb}${parts.map((p) => `\n          ${p}`).join("")}`;
  });

export const eximRelayConfig: fc.Arbitrary<GeneratedConfig> = fc
  .record({
    relayFrom: fc.constantFrom("127.0.0.1", `127.0.0.1 : ${TRUSTED}`, `<; 127.0.0.1 ; ${TRUSTED}`, "192.0.2.0/24", `!${TRUSTED} : 192.0.2.0/24`, ":"),
    local: fc.constantFrom("@ : example.org", "example.org", "@", "example.org : localhost"),
    relayTo: fc.constantFrom("", "partner.example", "*.partner.example : partner.example"),
    rcpt: fc.array(statement, { minLength: 1, maxLength: 6 }),
    sub: fc.array(statement.filter((s) => !s.includes("acl = acl_sub")), { minLength: 0, maxLength: 2 }),
    auth: fc.boolean(),
  })
  .map((c) => {
    const rcpt = ["acl_check_rcpt:", ...c.rcpt].join("\n");
    const text = [
      "primary_hostname = mail.example.org",
      `domainlist local_domains = ${c.local}`,
      `domainlist relay_to_domains = ${c.relayTo}`,
      `hostlist relay_from_hosts = ${c.relayFrom}`,
      "acl_smtp_rcpt = acl_check_rcpt",
      "",
      "begin acl",
      "",
      rcpt,
      "",
      ["acl_sub:", ...c.sub].join("\n"),
      "",
      ...(c.auth
        ? [
            "begin authenticators",
            "",
            "plain_server:",
            "  driver = plaintext",
            "  public_name = PLAIN",
            `  server_condition = \${if eq{$auth3}{${ORACLE_SASL_PASSWORD}}}`,
            "  server_set_id = $auth2",
            "",
          ]
        : []),
    ].join("\n");
    return { files: { "exim.conf": text }, summary: rcpt.replace(/\n\s*/g, " ") };
  });

/** What every generated Exim config is asked (exim -bh has no TLS; no recipient is assumed to exist). */
export const EXIM_SCENARIOS: RelayScenario[] = [
  { client: OUTSIDE, to: "user@remote.example" },
  { client: OUTSIDE, to: "bob@example.org" },
  { client: OUTSIDE, to: "bob@partner.example" },
  { client: "127.0.0.1", to: "user@remote.example" },
  { client: TRUSTED, to: "user@remote.example" },
  { client: OUTSIDE, to: "user@remote.example", sasl: "alice" },
  { client: OUTSIDE, from: "spammer@bad.example", to: "postmaster@example.org" },
  { client: OUTSIDE, from: "", to: "bob@sub.partner.example" },
].map((s) => ({ helo: "client.sender.example", from: "sender@sender.example", ...s, tls: false, assumeRecipientExists: false }));
