/** Lookup tables the Postfix relay simulator reads offline; anything else is "unknown", never guessed. */
import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createTableReader } from "../../src/relay/postfix/tables.js";

const dir = mkdtempSync(join(tmpdir(), "mtalint-tables-"));
writeFileSync(join(dir, "access"), "# comment\nexample.com   OK\nspam.example  REJECT go away\n  continued text\n");
writeFileSync(join(dir, "clients.cidr"), "192.0.2.0/24 OK\n[2001:db8::]/32 REJECT\n");
writeFileSync(join(dir, "senders.re"), "!/@good\\.example$/ REJECT not good\n/^x/i DUNNO\n");
writeFileSync(join(dir, "posix.re"), "/^[[:alpha:]]+$/ OK\n");
const reader = createTableReader(dir);

describe("tables", () => {
  it.each<[string, string, unknown]>([
    ["inline:{ a=1, b=2 }", "b", { found: true, value: "2" }],
    ["inline:{ a=1 }", "c", { found: false }],
    ["inline:{ example.com = OK }", "example.com", { error: 'inline:{ example.com = OK }: "example.com" is not key=value (write {key = value} to use spaces)' }],
    ["inline:{ { example.com = OK } }", "EXAMPLE.com", { found: true, value: "OK" }],
    ["static:{REJECT no}", "anything", { found: true, value: "REJECT no" }],
    ["hash:/etc/postfix/access", "example.com", { found: true, value: "OK" }],
    ["texthash:/etc/postfix/access", "spam.example", { found: true, value: "REJECT go away continued text" }],
    ["cidr:/etc/postfix/clients.cidr", "192.0.2.77", { found: true, value: "OK" }],
    ["cidr:/etc/postfix/clients.cidr", "2001:db8::1", { found: true, value: "REJECT" }],
    ["cidr:/etc/postfix/clients.cidr", "198.51.100.1", { found: false }],
    ["regexp:/etc/postfix/senders.re", "a@bad.example", { found: true, value: "REJECT not good" }],
    ["regexp:/etc/postfix/senders.re", "x@good.example", { found: true, value: "DUNNO" }],
    ["pcre:/etc/postfix/senders.re", "X@good.example", { found: false }],
  ])("%s [%s]", (table, key, expected) => {
    expect(reader.lookup(table, key)).toEqual(expected);
  });

  it.each<[string, RegExp]>([
    ["hash:/etc/shadow-not-here", /not readable under/],
    ["regexp:/etc/postfix/posix.re", /uses syntax JavaScript reads differently/],
    ["mysql:/etc/postfix/mysql-virtual.cf", /looked up in the live system/],
    ["ldap:ldapsource", /looked up in the live system/],
  ])("unknown: %s", (table, reason) => {
    const r = reader.lookup(table, "k");
    expect("unknown" in r && r.unknown).toMatch(reason);
  });
});
