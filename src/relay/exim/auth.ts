/** Whether Exim offers SMTP AUTH to the client, so that a login can happen at all. */
import { expansionTruth } from "./expand.js";
import { mainOption, unquote, type Ctx } from "./context.js";
import { matchHosts } from "./match.js";

/** Is SMTP AUTH offered to this client, so that a login can succeed at all? */
export function authOffered(ctx: Pick<Ctx, "config" | "s" | "env">): { offered: boolean | "unknown"; note: string } {
  const servers = ctx.config.authenticators.filter((a) => a.options.some((o) => o.name.startsWith("server_")));
  if (servers.length === 0) return { offered: false, note: "no server authenticator is defined, so Exim offers no AUTH" };
  const advertiseHosts = mainOption(ctx.config, "auth_advertise_hosts") ?? "*";
  const hostMatch = matchHosts(advertiseHosts, ctx.env);
  if (typeof hostMatch === "object") return { offered: "unknown", note: `auth_advertise_hosts: ${hostMatch.unknown}` };
  if (!hostMatch) return { offered: false, note: `auth_advertise_hosts (${advertiseHosts || "empty"}) does not include ${ctx.s.client}` };
  for (const a of servers) {
    const cond = a.options.find((o) => o.name === "server_advertise_condition");
    if (!cond || cond.value === undefined) return { offered: true, note: `authenticator ${a.name} is advertised` };
    let c: boolean | undefined;
    try {
      // With TLS (the scenario's default) only the cipher's presence matters to an advertise condition.
      const cipher = ctx.s.tls === false ? "" : "TLS";
      c = expansionTruth(unquote(cond.value), { tls_in_cipher: cipher, tls_cipher: cipher, sender_host_address: ctx.s.client });
    } catch {
      c = undefined;
    }
    if (c === true) return { offered: true, note: `authenticator ${a.name} is advertised` };
    if (c === false) continue;
    return { offered: "unknown", note: `server_advertise_condition of ${a.name} is an expansion mtalint does not evaluate` };
  }
  return { offered: false, note: "no server authenticator is advertised to this client" };
}
