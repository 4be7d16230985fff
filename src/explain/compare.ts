/**
 * Does a replayed verdict say what the log says? Postfix logs the full reply
 * (code, enhanced code, text), so all three must be equal. Exim logs no code
 * and writes the ACL's log_message (default: the message) instead of the
 * reply, so only the kind and, without a log_message, the text are compared.
 */
import type { LoggedReply, Mta } from "./log-events.js";
import type { RelayVerdict } from "../relay/types.js";

export type Agreement = { agrees: true } | { agrees: false; why: string };

export function compareReply(mta: Mta, logged: LoggedReply, v: RelayVerdict, eximLogMessage = false): Agreement {
  if (v.verdict !== "REJECT" && v.verdict !== "DEFER") return { agrees: false, why: `the replay gives ${v.verdict}` };
  if (v.verdict !== logged.kind) return { agrees: false, why: `the replay gives ${v.verdict === "REJECT" ? "a permanent" : "a temporary"} refusal, the log ${logged.kind === "REJECT" ? "a permanent" : "a temporary"} one` };
  if (mta === "postfix") {
    if (logged.code !== undefined && logged.code !== v.code) return { agrees: false, why: `reply code ${v.code} instead of ${logged.code}` };
    if (logged.enhancedCode !== undefined && logged.enhancedCode !== v.enhancedCode) {
      return { agrees: false, why: `enhanced status code ${v.enhancedCode} instead of ${logged.enhancedCode}` };
    }
    if (squash(logged.text) !== squash(v.text ?? "")) return { agrees: false, why: `reply text "${v.text}" instead of "${logged.text}"` };
    return { agrees: true };
  }
  if (eximLogMessage) return { agrees: true };
  const replayed = eximText(v);
  const seen = squash(firstLine(stripCodes(logged.text)));
  // An ACL statement without a message logs nothing after "rejected RCPT <...>"; Exim answers its default text.
  if (seen === "" && (replayed === "Administrative prohibition" || replayed.startsWith("Temporary local problem"))) return { agrees: true };
  if (seen !== replayed) return { agrees: false, why: `reply text "${firstLine(v.text ?? "")}" instead of "${logged.text}"` };
  if (logged.code !== undefined && v.code !== undefined && logged.code !== v.code && !/^\d{3} /.test(v.text ?? "")) {
    return { agrees: false, why: `reply code ${v.code} instead of ${logged.code}` };
  }
  return { agrees: true };
}

/** The replayed text as Exim sends it: the simulator keeps the ACL's "\n" escapes as written; Exim's expansion makes them line breaks. */
function eximText(v: RelayVerdict): string {
  return squash(firstLine(stripCodes((v.text ?? "").replace(/\\n/g, "\n"))));
}

function stripCodes(text: string): string {
  return text.replace(/^[45]\d\d /, "").replace(/^[45]\.\d{1,3}\.\d{1,3} /, "");
}

function firstLine(text: string): string {
  const i = text.indexOf("\n");
  return i < 0 ? text : text.slice(0, i);
}

function squash(text: string): string {
  return text.trim().replace(/\s+/g, " ");
}
