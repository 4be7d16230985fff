/** What the Exim ACL evaluation carries, and small readers of the configuration it shares. */
import type { EximAcl, EximAclStatement, EximConfig } from "../../ast/exim-nodes.js";
import { domainOf, localPartOf } from "../address.js";
import type { RelayScenario, TraceStep } from "../types.js";
import type { ExistsCheck, Vars } from "./expand.js";
import type { MatchEnv } from "./match.js";

export type Result =
  | { kind: "accept" | "discard"; statement?: EximAclStatement; message?: string }
  | { kind: "deny" | "defer" | "drop"; message?: string; statement?: EximAclStatement; implicit?: boolean }
  | { kind: "unknown"; reason: string };

export interface Ctx {
  config: EximConfig;
  exists?: ExistsCheck;
  s: RelayScenario;
  env: MatchEnv;
  authenticated: boolean;
  trace: TraceStep[];
  budget: number;
  /** Runs a nested ACL (acl = NAME); set by the simulator. */
  runNested: (acl: EximAcl, depth: number) => Result;
  /** The message an accept or discard statement set before its conditions failed: the implicit deny right after it uses it. */
  implicitMessage?: string | undefined;
}

export function mainOption(config: EximConfig, name: string): string | undefined {
  let v: string | undefined;
  for (const o of config.mainOptions) if (o.name === name) v = o.value === undefined ? (o.negated ? "false" : "true") : unquote(o.value);
  return v;
}

export function unquote(v: string): string {
  return v.startsWith('"') && v.endsWith('"') && v.length >= 2 ? v.slice(1, -1) : v;
}

export function findAcl(config: EximConfig, name: string): EximAcl | undefined {
  let found;
  for (const a of config.acls) if (a.name === name) found = a;
  return found;
}

/** Variables whose values the scenario fixes at the first RCPT of a message. */
export function scenarioVars(ctx: Ctx): Vars {
  const s = ctx.s;
  return {
    rcpt_count: "1",
    recipients_count: "0",
    rcpt_defer_count: "0",
    rcpt_fail_count: "0",
    sender_host_address: s.client,
    domain: domainOf(s.to).toLowerCase(),
    local_part: localPartOf(s.to),
    sender_address: s.from ?? "",
    sender_address_domain: domainOf(s.from ?? ""),
    authenticated_id: ctx.authenticated ? (s.sasl ?? "") : "",
    sender_helo_name: s.helo ?? "",
    ...(s.tls === false ? { tls_in_cipher: "", tls_cipher: "" } : {}),
  };
}
