/**
 * Relay delta: the standard probes run against both sides (each smtpd
 * service for Postfix, the RCPT ACL for Exim), with the verdicts side by
 * side. A change that opens a relay, newly refuses authenticated users or
 * makes the server fail is a regression.
 */
import type { EximConfig } from "../ast/exim-nodes.js";
import type { PostfixConfig } from "../model/postfix/config.js";
import { existsUnder, eximRoot } from "../relay/exim/index.js";
import { simulateEximRelay } from "../relay/exim/simulate.js";
import { localDomain, smtpdServices } from "../relay/postfix/services.js";
import { simulatePostfixRelay } from "../relay/postfix/simulate.js";
import { probe, type ProbeName } from "../relay/probes.js";
import { verdictLine, type RelayScenario, type RelayVerdict } from "../relay/types.js";
import type { ProbeVerdict, RelayDeltaRow } from "./types.js";

export const PROBES: readonly ProbeName[] = ["outside-to-remote", "outside-to-local", "local-to-remote", "sasl-to-remote"];

export interface RelayDeltaOptions {
  /** Applied to every scenario (tests set tls:false, assumeRecipientExists:false to match exim -bh). */
  scenario?: Partial<RelayScenario>;
}

const ABSENT = (what: string): ProbeVerdict => ({ verdict: "ABSENT", line: what });

function toProbeVerdict(v: RelayVerdict): ProbeVerdict {
  return { verdict: v.verdict, line: verdictLine(v), ...(v.code !== undefined ? { code: v.code } : {}), ...(v.decidedBy ? { decidedBy: v.decidedBy } : {}) };
}

const refuses = (v: ProbeVerdict["verdict"]) => v === "REJECT" || v === "DEFER" || v === "FATAL";

/** Why before → after is a regression, if it is one. */
export function regression(probeName: ProbeName, before: ProbeVerdict["verdict"], after: ProbeVerdict["verdict"]): string | undefined {
  if (after === "FATAL" && before !== "FATAL") return "the server now fails to accept this mail (fatal configuration error)";
  if (probeName === "outside-to-remote" && after === "ACCEPT" && (refuses(before) || before === "ABSENT")) {
    return "opens a relay: an outside client without authentication may now send to remote domains";
  }
  if (probeName === "sasl-to-remote" && before === "ACCEPT" && refuses(after)) {
    return "authenticated users are now refused";
  }
  return undefined;
}

function row(scope: string, probeName: ProbeName, bs: RelayScenario | undefined, as: RelayScenario | undefined, before: ProbeVerdict, after: ProbeVerdict): RelayDeltaRow {
  const changed = before.verdict !== after.verdict || before.code !== after.code;
  const why = changed ? regression(probeName, before.verdict, after.verdict) : undefined;
  return { scope, probe: probeName, beforeTo: bs?.to ?? "", afterTo: as?.to ?? "", before, after, changed, ...(why ? { regression: why } : {}) };
}

export function postfixRelayDelta(before: PostfixConfig, after: PostfixConfig, opts: RelayDeltaOptions = {}): RelayDeltaRow[] {
  const sb = smtpdServices(before).map((s) => s.name);
  const sa = smtpdServices(after).map((s) => s.name);
  const names = [...new Set([...sb, ...sa])];
  const db = localDomain(before);
  const da = localDomain(after);
  const rows: RelayDeltaRow[] = [];
  for (const name of names) {
    for (const p of PROBES) {
      const bs = sb.includes(name) ? { ...probe(p, db, name), ...opts.scenario } : undefined;
      const as = sa.includes(name) ? { ...probe(p, da, name), ...opts.scenario } : undefined;
      const vb = bs ? toProbeVerdict(simulatePostfixRelay(before, bs)) : ABSENT(`no smtpd service ${name}`);
      const va = as ? toProbeVerdict(simulatePostfixRelay(after, as)) : ABSENT(`no smtpd service ${name}`);
      rows.push(row(name, p, bs, as, vb, va));
    }
  }
  return rows;
}

export interface EximSide {
  config: EximConfig;
  /** The path loaded: its directory stands for /etc/exim4 when the ACL tests exists{...}. */
  path: string;
}

export function eximRelayDelta(before: EximSide, after: EximSide, opts: RelayDeltaOptions = {}): RelayDeltaRow[] {
  const rows: RelayDeltaRow[] = [];
  const scope = (c: EximConfig) => c.mainOptions.filter((o) => o.name === "acl_smtp_rcpt").at(-1)?.value?.trim() ?? "acl_smtp_rcpt";
  const eb = existsUnder(eximRoot(before.path));
  const ea = existsUnder(eximRoot(after.path));
  for (const p of PROBES) {
    const s = { ...probe(p, "localhost"), ...opts.scenario };
    const vb = toProbeVerdict(simulateEximRelay(before.config, s, eb));
    const va = toProbeVerdict(simulateEximRelay(after.config, s, ea));
    const name = scope(after.config) === scope(before.config) ? scope(after.config) : `${scope(before.config)} → ${scope(after.config)}`;
    rows.push(row(`RCPT ACL ${name}`, p, s, s, vb, va));
  }
  return rows;
}
