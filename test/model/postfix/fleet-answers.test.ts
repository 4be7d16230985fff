/**
 * Answers the Postfix model keeps from one configuration to the next (a fleet
 * repeats master.cf and many main.cf values): the per-service parameters of a
 * list of master.cf services, the names a value makes parameters, and list
 * elements shared between a service and the global name space. Each
 * configuration here is linted after others that share some of its text but
 * differ elsewhere, and must get exactly the answers it gets from a fresh
 * process (a fresh module instance, nothing kept); where postconf is
 * installed, exactly what postconf says too.
 */
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, it, vi } from "vitest";
import unknownParameter from "../../../rules/postfix/unknown-parameter.js";
import masterUnknownOverride from "../../../rules/postfix/master-unknown-override.js";
import { runPostfixRules } from "../../../src/engine/run.js";
import { defaultSettings } from "../../../src/engine/settings.js";
import type { PostfixConfig } from "../../../src/model/postfix/config.js";
import { backdate, oracleStatus, postconf } from "../../helpers/oracles.js";

const SMTPD = "smtp      inet  n       -       y       -       -       smtpd\n";
const SUBMISSION = "submission inet n       -       y       -       -       smtpd\n";
const MASTER_RELAY = `${SMTPD}relay     unix  -       -       y       -       -       smtp\n`;
const MASTER_RELAY2 = `${SMTPD}relay2    unix  -       -       y       -       -       smtp\n`;
const MASTER_RELAY_PIPE = `${SMTPD}relay     unix  -       n       n       -       -       pipe flags=R user=nobody argv=/bin/true\n`;
const MASTER_SUBMISSION_O = `${SMTPD}${SUBMISSION}  -o extra_checks=permit_mynetworks\n  -o syslog_name=postfix/submission\n`;
const MASTER_SUBMISSION_REF = `${SMTPD}${SUBMISSION}  -o smtpd_client_restrictions=$extra_checks\n  -o extra_checks=permit_mynetworks\n`;

const CHECKS = "smtpd_client_restrictions = $extra_checks\n";

/** [label, main.cf, master.cf]: neighbours share a value or a master.cf and differ in what makes it mean something. */
const configs: [string, string, string][] = [
  ["$extra_checks with a main.cf value", `${CHECKS}extra_checks = reject_unknown_client_hostname\n`, MASTER_RELAY],
  ["$other_checks with a main.cf value", "smtpd_client_restrictions = $other_checks\nother_checks = reject\n", MASTER_RELAY],
  ["the same $extra_checks without a value anywhere", CHECKS, MASTER_RELAY],
  ["the same $extra_checks, the value only in an -o", CHECKS, MASTER_SUBMISSION_O],
  ["an -o value refers to its own -o", "myhostname = mx.example.org\n", MASTER_SUBMISSION_REF],
  ["the same -o reference, also a main.cf value", "extra_checks = reject\n", MASTER_SUBMISSION_REF],
  ["ldap:corp with a corp_ setting", "alias_maps = ldap:corp\ncorp_server_host = ldap.example.org\n", MASTER_RELAY],
  ["the same ldap:corp without one", "alias_maps = ldap:corp\ncorp_bind = no\n", MASTER_RELAY],
  ["a setting for service relay, which master.cf runs", "relay_destination_concurrency_limit = 5\n", MASTER_RELAY],
  ["the same setting, master.cf names the service relay2", "relay_destination_concurrency_limit = 5\nrelay2_destination_rate_delay = 1s\n", MASTER_RELAY2],
  ["a pipe setting, relay runs pipe", "relay_destination_concurrency_limit = 5\nrelay_time_limit = 100s\n", MASTER_RELAY_PIPE],
  ["the same pipe setting, relay runs smtp", "relay_destination_concurrency_limit = 5\nrelay_time_limit = 100s\n", MASTER_RELAY],
  ["back to service relay running smtp", "relay_destination_concurrency_limit = 5\nrelay2_destination_rate_delay = 1s\n", MASTER_RELAY],
  ["a legacy name a default refers to, set with -o", "myhostname = mx.example.org\n", `${SMTPD}${SUBMISSION}  -o virtual_maps=hash:/etc/postfix/virtual\n`],
  [
    "the same -o, main.cf sets the parameter whose default refers to it",
    "virtual_alias_maps = hash:/etc/postfix/aliases\n",
    `${SMTPD}${SUBMISSION}  -o virtual_maps=hash:/etc/postfix/virtual\n`,
  ],
  ["a restriction class named in main.cf", "smtpd_restriction_classes = strict\nstrict = reject\n", MASTER_RELAY],
  ["the same class list, the class only in an -o", "smtpd_restriction_classes = strict\n", `${SMTPD}${SUBMISSION}  -o strict=reject\n`],
];

const root = mkdtempSync(join(tmpdir(), "mtalint-fleet-answers-"));
afterAll(() => rmSync(root, { recursive: true, force: true }));
const dirs = configs.map(([, main, master], i) => {
  const dir = join(root, `host${i}`);
  mkdirSync(dir);
  writeFileSync(join(dir, "main.cf"), main);
  writeFileSync(join(dir, "master.cf"), master);
  backdate(dir);
  return { dir };
});

/** What the model says a configuration's names are, in a form two module instances can compare. */
function answers(config: PostfixConfig): unknown {
  const services = config.masterCf?.services ?? [];
  return {
    user: [...config.userParameters].sort(),
    local: services.map((s) => [s.name, [...(config.localParameters.get(s) ?? [])].sort()]),
    service: [...config.serviceParameters].sort(),
    diagnostics: config.diagnostics.map((d) => `${d.detail}: ${d.message}`),
    unused: unused(config),
  };
}

function unused(config: PostfixConfig): string[] {
  return runPostfixRules(config, [unknownParameter, masterUnknownOverride], { ...defaultSettings(), postfixVersion: "3.7" })
    .map((f) => `${f.range.file.endsWith("master.cf") ? "master.cf" : "main.cf"}: ${(f.range.file.endsWith("master.cf") ? config.masterCf! : config.mainCf!).source.text.slice(f.range.start, f.range.end)}`)
    .sort();
}

async function freshLoad(): Promise<(dir: string) => PostfixConfig> {
  vi.resetModules();
  const m = await import("../../../src/model/postfix/config.js");
  return m.loadPostfix;
}

describe("answers kept across configurations are those of each configuration", () => {
  it("every configuration, linted after the others (in both orders), answers as in a fresh process", async () => {
    const warm = await freshLoad();
    const order = [...dirs, ...[...dirs].reverse(), ...dirs];
    const seen = order.map(({ dir }) => answers(warm(dir)));
    for (let i = 0; i < order.length; i++) {
      const fresh = await freshLoad();
      expect(seen[i], configs[dirs.indexOf(order[i]!)]![0]).toEqual(answers(fresh(order[i]!.dir)));
    }
  });

  it("the names each configuration makes parameters", async () => {
    const load = await freshLoad();
    const byLabel = new Map(configs.map(([label], i) => [label, load(dirs[i]!.dir)]));
    const user = (label: string) => [...byLabel.get(label)!.userParameters].sort();
    const local = (label: string, service: string) => {
      const config = byLabel.get(label)!;
      return [...(config.localParameters.get(config.masterCf!.services.find((s) => s.name === service)!) ?? [])].sort();
    };
    expect(user("$extra_checks with a main.cf value")).toEqual(["extra_checks"]);
    expect(user("$other_checks with a main.cf value")).toEqual(["other_checks"]);
    expect(user("the same $extra_checks without a value anywhere")).toEqual([]);
    expect(user("the same $extra_checks, the value only in an -o")).toEqual([]);
    expect(local("the same $extra_checks, the value only in an -o", "submission")).toEqual(["extra_checks"]);
    // A built-in default refers to $smtpd_client_restrictions: its -o is local there too.
    expect(local("an -o value refers to its own -o", "submission")).toEqual(["extra_checks", "smtpd_client_restrictions"]);
    expect(user("ldap:corp with a corp_ setting")).toEqual(["corp_server_host"]);
    expect(user("the same ldap:corp without one")).toEqual(["corp_bind"]);
    expect(byLabel.get("a setting for service relay, which master.cf runs")!.serviceParameters.has("relay_destination_concurrency_limit")).toBe(true);
    const relay2 = byLabel.get("the same setting, master.cf names the service relay2")!.serviceParameters;
    expect([relay2.has("relay_destination_concurrency_limit"), relay2.has("relay2_destination_rate_delay")]).toEqual([false, true]);
    expect(byLabel.get("a pipe setting, relay runs pipe")!.serviceParameters.has("relay_time_limit")).toBe(true);
    expect(byLabel.get("the same pipe setting, relay runs smtp")!.serviceParameters.has("relay_time_limit")).toBe(false);
    expect(local("a legacy name a default refers to, set with -o", "submission")).toEqual(["virtual_maps"]);
    expect(user("a restriction class named in main.cf")).toEqual(["strict"]);
    expect(local("the same class list, the class only in an -o", "submission")).toEqual(["strict"]);
  });

  const st = oracleStatus("postconf");
  describe.skipIf(!st.available)("postconf agrees", () => {
    for (const [i, [label]] of configs.entries()) {
      it(label, async () => {
        const load = await freshLoad();
        // Linted after all the others, with whatever they left behind.
        for (const other of dirs) load(other.dir);
        const config = load(dirs[i]!.dir);
        const r = postconf(dirs[i]!.dir, ["-n"]);
        const real = [...r.stderr.matchAll(/\/(main\.cf|master\.cf): unused parameter: ([^=\s]+)=/g)].map((m) => `${m[1]}: ${m[2]}`);
        expect(unused(config)).toEqual([...new Set(real)].sort());
      });
    }
  });
});

describe("list elements: a service shares the global list unless it changes what the list reads", () => {
  const main = [
    "mynetworks = 127.0.0.0/8 $extra_networks",
    "extra_networks = 10.0.0.0/8",
    "smtpd_client_restrictions = permit_mynetworks, $client_checks",
    "client_checks = check_client_access hash:/etc/postfix/$service_name",
    "",
  ].join("\n");
  const master = `${SMTPD}${SUBMISSION}  -o extra_networks=192.0.2.0/24\n`;
  const dir = join(root, "lists");
  mkdirSync(dir);
  writeFileSync(join(dir, "main.cf"), main);
  writeFileSync(join(dir, "master.cf"), master);

  const expected: [string, string | undefined, string[]][] = [
    ["mynetworks", undefined, ["127.0.0.0/8", "10.0.0.0/8"]],
    ["mynetworks", "smtp", ["127.0.0.0/8", "10.0.0.0/8"]],
    ["mynetworks", "submission", ["127.0.0.0/8", "192.0.2.0/24"]],
    ["smtpd_client_restrictions", "smtp", ["permit_mynetworks", "check_client_access", "hash:/etc/postfix/smtp"]],
    ["smtpd_client_restrictions", "submission", ["permit_mynetworks", "check_client_access", "hash:/etc/postfix/submission"]],
  ];

  for (const order of ["global first", "services first"]) {
    it(`each list as its service reads it (${order})`, async () => {
      vi.resetModules();
      const { loadPostfix } = await import("../../../src/model/postfix/config.js");
      const { listElements } = await import("../../../src/model/postfix/lists.js");
      const config = loadPostfix(dir);
      const service = (name: string | undefined) => config.masterCf!.services.find((s) => s.name === name);
      const cases = order === "global first" ? expected : [...expected].reverse();
      for (const [name, s, texts] of cases) {
        expect(listElements(config, name, service(s)).map((e) => e.text), `${name} for ${s ?? "main.cf"}`).toEqual(texts);
      }
    });
  }
});

describe("list elements: another release's defaults share the lists that read none of the defaults they change", () => {
  const dir = join(root, "variants");
  mkdirSync(dir);
  writeFileSync(join(dir, "main.cf"), "compatibility_level = 3.6\nmydestination = example.org, $myhostname\nmyhostname = mx.example.org\n");
  writeFileSync(join(dir, "master.cf"), SMTPD);

  it("a changed default that a list reads, directly or to compute another default, gives that list anew", async () => {
    vi.resetModules();
    const { loadPostfix, withDefaults } = await import("../../../src/model/postfix/config.js");
    const { listElements } = await import("../../../src/model/postfix/lists.js");
    const config = loadPostfix(dir);
    const texts = (c: PostfixConfig, name: string) => listElements(c, name).map((e) => e.text);
    expect(texts(config, "relay_domains")).toEqual([]);
    expect(texts(config, "mynetworks")).toContain("127.0.0.1/32");
    expect(texts(config, "mydestination")).toEqual(["example.org", "mx.example.org"]);

    // Before compatibility level 2: relay_domains = $mydestination, mynetworks_style = subnet.
    const old = withDefaults(config, new Map([["relay_domains", "$mydestination"], ["mynetworks_style", "subnet"]]), "2.11");
    expect(texts(old, "relay_domains")).toEqual(["example.org", "mx.example.org"]);
    expect(texts(old, "mynetworks")).toContain("127.0.0.0/8");
    expect(texts(old, "mynetworks")).not.toContain("127.0.0.1/32");
    expect(listElements(old, "mydestination")).toBe(listElements(config, "mydestination"));

    // A variant of the variant: only its own change counts against the lists it shares.
    const older = withDefaults(old, new Map([["mydestination", "$myhostname, localhost"]]), "2.0");
    expect(listElements(older, "mynetworks")).toBe(listElements(old, "mynetworks"));
    expect(texts(older, "mydestination")).toEqual(["example.org", "mx.example.org"]);
    expect(texts(older, "relay_domains")).toEqual(["example.org", "mx.example.org"]);
    // The original is unchanged by what its variants computed.
    expect(texts(config, "relay_domains")).toEqual([]);
    expect(texts(config, "mynetworks")).toContain("127.0.0.1/32");
  });
});
