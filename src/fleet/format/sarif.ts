/**
 * The fleet SARIF log: one run, as for `mtalint lint`, each result with
 * properties.host; hosts that could not be read are error notifications of
 * the run's invocation, which is then not successful.
 */
import type { Notification } from "sarif";
import { sarifLog, type SarifFormatOptions } from "../../format/sarif.js";
import { hasInputErrors } from "../summary.js";
import type { FleetResult } from "../types.js";

export function formatFleetSarif(result: FleetResult, options: SarifFormatOptions): string {
  const log = sarifLog(result, options);
  const notifications: Notification[] = result.hosts.flatMap((h) =>
    h.inputErrors.map((text) => ({ level: "error" as const, message: { text }, properties: { host: h.name } })),
  );
  log.runs[0]!.invocations = [{ executionSuccessful: !hasInputErrors(result), toolExecutionNotifications: notifications }];
  return `${JSON.stringify(log, null, 2)}\n`;
}
