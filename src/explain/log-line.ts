/** One mail-log line → what it says: the prefix decides whose message it is, then the Postfix or Exim parser reads it. */
import type { ParsedLine } from "./log-events.js";
import { parseEximMessage } from "./log-exim.js";
import { parsePostfixMessage } from "./log-postfix.js";
import { parsePrefix } from "./log-prefix.js";

/** Postfix daemons (the last part of a syslog tag such as "postfix/submission/smtpd"). */
const POSTFIX_DAEMONS = new Set([
  "smtpd", "postscreen", "dnsblog", "tlsproxy", "cleanup", "qmgr", "smtp", "lmtp", "local", "virtual", "pipe", "pickup", "bounce",
  "master", "anvil", "tlsmgr", "postlogd", "trivial-rewrite", "proxymap", "scache", "verify", "flush", "showq", "error", "discard",
  "postfix-script", "postmap", "postalias", "sendmail", "postdrop", "postsuper", "postqueue", "policy-spf", "oqmgr", "spawn",
]);

type Owner = "postfix" | "exim" | undefined;

function ownerOf(program: string | undefined): Owner {
  if (!program) return undefined;
  if (/^exim/i.test(program)) return "exim";
  if (/(^|\/)postfix/i.test(program)) return "postfix";
  if (program.includes("/") && POSTFIX_DAEMONS.has(program.slice(program.lastIndexOf("/") + 1))) return "postfix";
  return undefined;
}

export function parseLogLine(line: string): ParsedLine {
  const p = parsePrefix(line);
  const meta = {
    ...(p.timestamp !== undefined ? { timestamp: p.timestamp } : {}),
    ...(p.host !== undefined ? { host: p.host } : {}),
    ...(p.program !== undefined ? { program: p.program } : {}),
    ...(p.pid !== undefined ? { pid: p.pid } : {}),
  };
  const owner: Owner = p.format === "exim" || p.format === "exim-test" ? "exim" : ownerOf(p.program);
  if (owner === "postfix") return { ...meta, event: parsePostfixMessage(p.body, p.program) ?? { type: "other", mta: "postfix" } };
  if (owner === "exim") return { ...meta, event: parseEximMessage(p.body) ?? { type: "other", mta: "exim" } };
  if (p.program !== undefined) return meta; // another program's line (dovecot, kernel, ...)
  // No tag: a bare message as pasted from a report or grep output.
  const event = parsePostfixMessage(p.body, undefined) ?? parseEximMessage(p.body);
  return event ? { ...meta, event } : meta;
}
