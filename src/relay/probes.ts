/**
 * The standard relay probes that rules, diff mode and tests run: an outside
 * client, a mynetworks-style local client and an authenticated user, each
 * towards a remote and a local domain. Addresses come from the documentation
 * ranges (RFC 5737) and the reserved .example TLD, so they never name a real host.
 */
import type { RelayScenario } from "./types.js";

export const OUTSIDE_CLIENT = "203.0.113.7";
export const LOCAL_CLIENT = "127.0.0.1";
export const REMOTE_RECIPIENT = "user@remote.example";
export const SENDER = "sender@sender.example";
export const HELO = "client.sender.example";
export const SASL_USER = "alice";

export type ProbeName = "outside-to-remote" | "outside-to-local" | "local-to-remote" | "sasl-to-remote";

export function probe(name: ProbeName, localDomain: string, service?: string): RelayScenario {
  const base: RelayScenario = { client: OUTSIDE_CLIENT, helo: HELO, from: SENDER, to: REMOTE_RECIPIENT, ...(service ? { service } : {}) };
  switch (name) {
    case "outside-to-remote":
      return base;
    case "outside-to-local":
      return { ...base, to: `postmaster@${localDomain}`, assumeRecipientExists: true };
    case "local-to-remote":
      return { ...base, client: LOCAL_CLIENT };
    case "sasl-to-remote":
      return { ...base, sasl: SASL_USER };
  }
}

/** A probe towards a remote domain: unlike outside-to-local, it needs no local domain (finding one reads mydestination). */
export function remoteProbe(name: Exclude<ProbeName, "outside-to-local">, service?: string): RelayScenario {
  return probe(name, "", service);
}

/** The command that reproduces a scenario, quoted in rule messages. */
export function reproduceCommand(path: string, s: RelayScenario): string {
  const parts = ["mtalint relay", quote(path), "--client", s.client, "--to", s.to];
  if (s.from !== undefined && s.from !== SENDER) parts.push("--from", s.from === "" ? "''" : s.from);
  if (s.sasl !== undefined) parts.push("--sasl", s.sasl);
  if (s.service !== undefined && s.service !== "smtp") parts.push("--service", s.service);
  return parts.join(" ");
}

function quote(p: string): string {
  return /^[\w./-]+$/.test(p) ? p : `'${p.replace(/'/g, "'\\''")}'`;
}
