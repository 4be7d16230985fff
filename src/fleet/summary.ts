/** Per-host figures the fleet formatters and the CLI share. */
import { severityRank } from "../engine/severity.js";
import type { FleetResult, HostResult } from "./types.js";

/**
 * The rule behind a host's most severe findings: highest severity first, then
 * the most findings, then the id. Undefined for a host without findings.
 */
export function worstRule(host: HostResult): string | undefined {
  const tally = new Map<string, { rank: number; count: number }>();
  for (const f of host.files.flatMap((x) => x.findings)) {
    const t = tally.get(f.ruleId) ?? { rank: 0, count: 0 };
    t.rank = Math.max(t.rank, severityRank(f.severity));
    t.count++;
    tally.set(f.ruleId, t);
  }
  let best: [string, { rank: number; count: number }] | undefined;
  for (const entry of tally) {
    if (!best) best = entry;
    else {
      const [id, t] = entry;
      const [bid, b] = best;
      if (t.rank > b.rank || (t.rank === b.rank && (t.count > b.count || (t.count === b.count && id < bid)))) best = entry;
    }
  }
  return best?.[0];
}

/** True when any host could not be read (the run exits 2). */
export function hasInputErrors(result: FleetResult): boolean {
  return result.hosts.some((h) => h.inputErrors.length > 0);
}

/** The kinds of configuration found on a host ("postfix", "exim", "postfix+exim"), or "-". */
export function hostKinds(host: HostResult): string {
  return host.configs.length ? host.configs.map((c) => c.kind).join("+") : "-";
}
