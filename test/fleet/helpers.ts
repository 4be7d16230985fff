/** Fleets built in temp directories from file maps, and a generator of many hosts from the samples. */
import { cpSync, mkdirSync, mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";

export const repoRoot = resolve(import.meta.dirname, "../..");
export const sampleFleet = join(repoRoot, "samples/fleet");

/** Host name → (path inside the host → file text). */
export type FleetSpec = Record<string, Record<string, string>>;

export function tempDir(prefix = "mtalint-fleet-"): string {
  return mkdtempSync(join(tmpdir(), prefix));
}

/** Writes the hosts into `root/fleet` (or a fresh temp dir's) and returns the fleet directory. */
export function writeFleet(spec: FleetSpec, root = tempDir()): string {
  const fleet = join(root, "fleet");
  mkdirSync(fleet, { recursive: true });
  for (const [host, files] of Object.entries(spec)) {
    mkdirSync(join(fleet, host), { recursive: true });
    for (const [rel, text] of Object.entries(files)) {
      mkdirSync(dirname(join(fleet, host, rel)), { recursive: true });
      writeFileSync(join(fleet, host, rel), text);
    }
  }
  return fleet;
}

export const CLEAN_MAIN_CF = [
  "myhostname = mx.example.net",
  "mydomain = example.net",
  "mydestination = $myhostname, localhost.$mydomain, localhost, $mydomain",
  "mynetworks = 127.0.0.0/8 [::1]/128",
  "compatibility_level = 3.6",
  "smtpd_relay_restrictions = permit_mynetworks, reject_unauth_destination",
  "alias_maps = hash:/etc/aliases",
  "",
].join("\n");

/** A main.cf with one warning (postfix/duplicate-parameter on line 2). */
export const WARNING_MAIN_CF = CLEAN_MAIN_CF.replace("mynetworks = 127.0.0.0/8 [::1]/128\n", "mynetworks = 127.0.0.0/8\nmynetworks = 127.0.0.0/8 [::1]/128\n");

export const MINIMAL_EXIM = "primary_hostname = mx.example.net\n";

/**
 * Configurations real servers could have, from the samples, and where each
 * goes in a host directory: Postfix dirs under etc/postfix, Debian Exim
 * layouts under etc/exim4, single Exim files as Red Hat or cPanel keep them.
 */
const KINDS: { from: string; to: string; extra?: Record<string, string> }[] = [
  { from: "samples/postfix/relay-denied", to: "etc/postfix" },
  { from: "samples/postfix/relay-denied-fixed", to: "etc/postfix" },
  { from: "samples/postfix/open-relay", to: "etc/postfix" },
  { from: "samples/postfix/submission-sasl", to: "etc/postfix" },
  { from: "samples/postfix/legacy-upgrade", to: "etc/postfix" },
  { from: "samples/exim/debian-template", to: "etc/exim4" },
  { from: "samples/exim/debian-conf.d", to: "etc/exim4/conf.d", extra: { "etc/exim4/update-exim4.conf.conf": "dc_use_split_config='true'\n" } },
  { from: "samples/exim/open-relay/exim.conf", to: "etc/exim/exim.conf" },
  { from: "samples/exim/cpanel-style/exim.conf", to: "etc/exim.conf" },
];

/** `count` hosts named host-0000, host-0001... cycling through KINDS; returns the fleet directory. */
export function generateFleet(count: number, root = tempDir()): string {
  const fleet = join(root, "fleet");
  for (let i = 0; i < count; i++) {
    const kind = KINDS[i % KINDS.length]!;
    const host = join(fleet, `host-${String(i).padStart(4, "0")}`);
    mkdirSync(dirname(join(host, kind.to)), { recursive: true });
    cpSync(join(repoRoot, kind.from), join(host, kind.to), { recursive: true });
    for (const [rel, text] of Object.entries(kind.extra ?? {})) writeFileSync(join(host, rel), text);
  }
  return fleet;
}
