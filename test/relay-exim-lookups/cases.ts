/**
 * Exim RCPT ACLs whose lists use file lookups, each with the lookup files it
 * reads and what mtalint answers. Shared by the table test (mtalint alone)
 * and the oracle test (the same configs under the real exim -bh). "ROOT" in
 * a config or a file name stands for the folder the files are written to,
 * which is also the configuration's directory.
 */
import { chmodSync, mkdirSync, mkdtempSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join } from "node:path";
import type { RelayScenario, RelayVerdict } from "../../src/relay/types.js";

export interface LookupCase {
  name: string;
  /** Main-section lines (named lists). */
  main?: string;
  /** The statements of acl_check_rcpt before the final `deny message = not listed`. */
  acl: string;
  /** Files to create under ROOT, by relative name; a value { dir: true } makes a directory, { link } a symbolic link. */
  files?: Record<string, string | { dir: true } | { link: string }>;
  scenario?: Partial<RelayScenario>;
  /** mtalint's answer: a verdict line (see line()) or, for UNKNOWN, a pattern the reason must match. */
  ours: string | RegExp;
  /** What exim -bh answers, where mtalint says UNKNOWN (so the oracle pins why); else it must equal `ours`. */
  real?: string;
  /** Not run under the oracle: the config reads files by paths only mtalint maps (/etc/exim4/...). */
  mtalintOnly?: true;
}

export const BASE_SCENARIO: RelayScenario = {
  client: "192.0.2.1",
  helo: "client.example",
  from: "a@x.example",
  to: "b@y.example",
  tls: false,
  assumeRecipientExists: false,
};

/** One line per verdict, comparable between mtalint and exim -bh. */
export function line(v: { verdict: string; code?: string | undefined; text?: string | undefined }): string {
  return v.verdict === "REJECT" || v.verdict === "DEFER" ? `${v.verdict} ${v.code} ${v.text}` : v.verdict;
}

export function ourLine(v: RelayVerdict): string {
  return v.verdict === "UNKNOWN" ? `UNKNOWN ${v.reason}` : line(v);
}

const PANIC = /Exim logs a panic and drops the connection without answering/;

export const CASES: LookupCase[] = [
  {
    name: "lsearch domain list: the recipient domain is a key",
    acl: "accept domains = lsearch;ROOT/relay_domains",
    files: { relay_domains: "partner.example: yes\ny.example\n" },
    ours: "ACCEPT",
  },
  {
    name: "lsearch domain list: no key, the next statement decides",
    acl: "accept domains = lsearch;ROOT/relay_domains",
    files: { relay_domains: "partner.example: yes\n" },
    ours: "REJECT 550 not listed",
  },
  {
    name: "lsearch keys: case-insensitive, quoted; continuation and comment lines hold none",
    acl: "accept domains = lsearch;ROOT/relay_domains",
    files: { relay_domains: '"Y.Example"   data\n' },
    ours: "ACCEPT",
  },
  {
    name: "lsearch: an indented (continuation) line is not a key",
    acl: "accept domains = lsearch;ROOT/relay_domains",
    files: { relay_domains: "partner.example: a\n  y.example\n# y.example\n" },
    ours: "REJECT 550 not listed",
  },
  {
    name: "lsearch keys are literal: *.y.example does not match a.y.example",
    acl: "accept domains = lsearch;ROOT/relay_domains",
    files: { relay_domains: "*.y.example\n" },
    scenario: { to: "b@a.y.example" },
    ours: "REJECT 550 not listed",
  },
  {
    name: "lsearch* falls back to the key *",
    acl: "accept domains = lsearch*;ROOT/relay_domains",
    files: { relay_domains: "*\n" },
    scenario: { to: "b@anything.example" },
    ours: "ACCEPT",
  },
  {
    name: "named domain list over lsearch (domains = +relay_to_domains)",
    main: "domainlist relay_to_domains = lsearch;ROOT/relay_domains",
    acl: "accept domains = +relay_to_domains",
    files: { relay_domains: "y.example\n" },
    ours: "ACCEPT",
  },
  {
    name: "negated named domain list over lsearch",
    main: "domainlist local_domains = lsearch;ROOT/local_domains",
    acl: "deny message = remote\n         domains = !+local_domains\n  accept",
    files: { local_domains: "mail.example.org\n" },
    ours: "REJECT 550 remote",
  },
  {
    name: "senders = lsearch*@: the *@domain key",
    acl: "accept senders = lsearch*@;ROOT/senders",
    files: { senders: "user1@domain1.example\n*@trusted.example\n" },
    scenario: { from: "anyone@trusted.example" },
    ours: "ACCEPT",
  },
  {
    name: "senders = lsearch*@: another user of a listed address's domain does not match",
    acl: "accept senders = lsearch*@;ROOT/senders",
    files: { senders: "user1@domain1.example\n" },
    scenario: { from: "user2@domain1.example" },
    ours: "REJECT 550 not listed",
  },
  {
    name: "senders = lsearch: the null sender never matches (the file is opened first)",
    acl: "accept senders = lsearch;ROOT/senders",
    files: { senders: "*\n" },
    scenario: { from: "" },
    ours: "REJECT 550 not listed",
  },
  {
    name: "local_parts = lsearch",
    acl: "accept local_parts = lsearch;ROOT/users",
    files: { users: "postmaster\nb\n" },
    ours: "ACCEPT",
  },
  {
    name: "hosts = net24-lsearch: the key is the client's /24",
    acl: "accept hosts = net24-lsearch;ROOT/relay_hosts",
    files: { relay_hosts: "192.0.2.0/24\n" },
    scenario: { client: "192.0.2.77" },
    ours: "ACCEPT",
  },
  {
    name: "hosts = net-lsearch: the key is the address without a mask",
    acl: "accept hosts = net-lsearch;ROOT/relay_hosts",
    files: { relay_hosts: "192.0.2.0/24\n" },
    scenario: { client: "192.0.2.77" },
    ours: "REJECT 550 not listed",
  },
  {
    name: "hosts = net-lsearch with an IPv6 client: full groups joined by dots",
    acl: "accept hosts = net-lsearch;ROOT/relay_hosts",
    files: { relay_hosts: "2001.0db8.0000.0000.0000.0000.0000.0001\n" },
    scenario: { client: "2001:db8::1" },
    ours: "ACCEPT",
  },
  {
    name: "hosts = net-iplsearch: CIDR keys",
    acl: "accept hosts = net-iplsearch;ROOT/relay_hosts",
    files: { relay_hosts: '10.0.0.0/8\n"2001:db8::/32"\n192.0.2.0/24: office\n' },
    scenario: { client: "192.0.2.77" },
    ours: "ACCEPT",
  },
  {
    name: "hostlist relay_from_hosts over net-iplsearch, client outside",
    main: "hostlist relay_from_hosts = 127.0.0.1 : net-iplsearch;ROOT/relay_hosts",
    acl: "accept hosts = +relay_from_hosts",
    files: { relay_hosts: "192.0.2.0/24\n" },
    scenario: { client: "198.51.100.9" },
    ours: "REJECT 550 not listed",
  },
  {
    name: "a file named in a domain list: one item a line, # comments, wildcards",
    acl: "accept domains = ROOT/domains.list",
    files: { "domains.list": "# partners\n*.partner.example   # all of them\n\ny.example\n" },
    scenario: { to: "b@mx.partner.example" },
    ours: "ACCEPT",
  },
  {
    name: "a file named in a domain list: a negated line",
    acl: "accept domains = ROOT/domains.list",
    files: { "domains.list": "!bad.partner.example\n*.partner.example\n" },
    scenario: { to: "b@bad.partner.example" },
    ours: "REJECT 550 not listed",
  },
  {
    name: "a file named in a list holds items, not lsearch keys: 'y.example: x' is one item",
    acl: "accept domains = ROOT/domains.list",
    files: { "domains.list": "y.example: x\n" },
    ours: "REJECT 550 not listed",
  },
  {
    name: "an earlier item matches: the missing file is never opened",
    acl: "accept domains = y.example : lsearch;ROOT/missing",
    ours: "ACCEPT",
  },
  {
    name: "missing lookup file: Exim dies without a reply (was ACCEPT: both branches accept)",
    acl: "accept domains = lsearch;ROOT/missing\n  accept",
    ours: PANIC,
    real: "FATAL",
  },
  {
    name: "missing lookup file behind a named list",
    main: "domainlist local_domains = lsearch;ROOT/missing",
    acl: "accept domains = +local_domains",
    ours: PANIC,
    real: "FATAL",
  },
  {
    name: "missing file named in a list",
    acl: "accept domains = ROOT/missing.list",
    ours: /reads the file .*missing\.list.*not in the configuration's directory.*panic/,
    real: "FATAL",
  },
  {
    name: "missing lookup file in warn: even warn ends the session",
    acl: "warn hosts = net-lsearch;ROOT/missing\n  accept",
    ours: /^warn: .*panic/,
    real: "FATAL",
  },
  {
    name: "a directory where the lookup file should be",
    acl: "accept domains = lsearch;ROOT/relay_domains\n  accept",
    files: { relay_domains: { dir: true } },
    ours: /is a directory.*panic/,
    real: "FATAL",
  },
  {
    name: "cdb is a binary database mtalint does not read",
    acl: "accept domains = cdb;ROOT/relay_domains.cdb\n  accept",
    ours: /binary database.*panic/,
    real: "FATAL",
  },
  {
    name: "dsearch is not evaluated",
    acl: "accept domains = dsearch;ROOT/nodir\n  accept",
    ours: /dsearch.*panic/,
    real: "FATAL",
  },
  {
    name: "${lookup} in a named list: Exim defers when the lookup fails",
    main: "domainlist local_domains = ${lookup{$domain}lsearch{ROOT/missing}{$value}}",
    acl: "accept domains = +local_domains\n  accept",
    ours: /expanded at run time: whether it holds or not, the verdict is the same, but Exim defers \(451\) if it fails/,
    real: "DEFER 451 Temporary local problem - please try later",
  },
  {
    name: "a lookup file named by an expansion in a named list",
    main: "domainlist local_domains = lsearch;ROOT/missing-$domain",
    acl: "accept domains = +local_domains\n  accept",
    ours: /the list item "lsearch;.*missing-\$domain" is expanded at run time/,
    // Exim 4.96 refuses a file name made from $domain (tainted data) and ends the session the same way.
    real: "FATAL",
  },
  {
    name: "a lookup file named from $domain in the condition: Exim refuses the tainted name, even where the file exists",
    acl: "accept domains = lsearch;ROOT/$domain\n  accept",
    files: { "y.example": "y.example\n" },
    ours: /the file name in "lsearch;.*\$domain" is made by an expansion.*tainted/,
    real: "FATAL",
  },
  {
    name: "a file named from an expansion whose name is constant is read (${if exists...})",
    acl: "accept domains = ${if exists{ROOT/domains.list}{ROOT/domains.list}{}}",
    files: { "domains.list": "y.example\n" },
    ours: "ACCEPT",
  },
  {
    name: "hosts = lsearch looks up the host name, which needs DNS",
    acl: "accept hosts = lsearch;ROOT/names",
    files: { names: "client.example\n" },
    ours: /looks the client.s host name up \(DNS\)/,
    // exim -bh finds no host name for the address: the item does not match.
    real: "REJECT 550 not listed",
  },
  {
    name: "senders = *@lsearch: a lookup on a part of the address",
    acl: "accept senders = *@lsearch;ROOT/domains\n  accept",
    files: { domains: "x.example\n" },
    ours: /looks a part of the address up/,
    real: "ACCEPT",
  },
  {
    name: "a query lookup behind a named list: never made, and its failure defers",
    main: "hostlist relay_from_hosts = mysql;select 1 from relay where ip='${quote_mysql:$sender_host_address}'",
    acl: "accept hosts = +relay_from_hosts\n  accept",
    ours: /the list item "mysql;select.*whether it holds or not, the verdict is the same, but Exim defers \(451\)/,
    mtalintOnly: true,
  },
  {
    name: "/etc/exim4/relay_domains is read from the configuration's directory",
    acl: "accept domains = lsearch;/etc/exim4/relay_domains",
    files: { relay_domains: "y.example\n" },
    ours: "ACCEPT",
    mtalintOnly: true,
  },
  {
    name: "a lookup file outside the configuration's directory is not read",
    acl: "accept domains = lsearch;/var/lib/mtalint-nonexistent/relay_domains\n  accept",
    ours: /outside the configuration's directory.*panic/,
    mtalintOnly: true,
  },
  {
    name: "a symbolic link that leads out of the directory is not followed",
    acl: "accept domains = lsearch;ROOT/relay_domains\n  accept",
    files: { relay_domains: { link: "/etc/passwd" } },
    ours: /leads outside the configuration's directory/,
    mtalintOnly: true,
  },
  {
    name: "a relative lookup path",
    acl: "accept domains = lsearch;relay_domains\n  accept",
    ours: /relative path/,
    mtalintOnly: true,
  },
];

export function configText(c: LookupCase, root: string): string {
  const text = [
    "primary_hostname = mail.example.org",
    ...(c.main ? [c.main] : []),
    "acl_smtp_rcpt = acl_check_rcpt",
    "begin acl",
    "acl_check_rcpt:",
    `  ${c.acl}`,
    "  deny message = not listed",
    "",
  ].join("\n");
  return text.replaceAll("ROOT", root);
}

/** Writes the case's config and files into a fresh folder (readable by Exim's user) and returns the config's path. */
export function writeCase(c: LookupCase): { root: string; config: string } {
  const root = mkdtempSync(join(tmpdir(), "mtalint-exim-lookups-"));
  chmodSync(root, 0o755);
  for (const [name, content] of Object.entries(c.files ?? {})) {
    const p = join(root, name);
    mkdirSync(dirname(p), { recursive: true });
    if (typeof content === "string") {
      writeFileSync(p, content);
      chmodSync(p, 0o644);
    } else if ("dir" in content) {
      mkdirSync(p);
      chmodSync(p, 0o755);
    } else symlinkSync(content.link, p);
  }
  const config = join(root, "exim.conf");
  writeFileSync(config, configText(c, root));
  chmodSync(config, 0o644);
  return { root, config };
}
