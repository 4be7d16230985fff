/**
 * "What if this list read differently?": a copy of the model with one
 * parameter replaced for one service (as an extra -o) or globally (as a
 * later main.cf line). Rules use it to prove a fix by re-running the
 * simulator before suggesting it.
 */
import type { MasterService, PostfixParameter } from "../../ast/postfix-nodes.js";
import { variant, type PostfixConfig } from "../../model/postfix/config.js";
import { listElements, splitList } from "../../model/postfix/lists.js";
import { TAKES_ARGUMENT } from "./restrictions.js";

const NOWHERE = { file: "", start: 0, end: 0 };

export function withValue(
  config: PostfixConfig,
  name: string,
  value: string,
  service: MasterService | undefined,
): { config: PostfixConfig; service: MasterService | undefined } {
  if (service && config.masterCf) {
    const changed: MasterService = {
      ...service,
      overrides: [...service.overrides, { type: "MasterOverride", name, value, braced: false, range: NOWHERE, nameRange: NOWHERE, valueRange: NOWHERE }],
    };
    const masterCf = { ...config.masterCf, services: config.masterCf.services.map((s) => (s === service ? changed : s)) };
    return { config: variant(config, { masterCf }), service: changed };
  }
  const param: PostfixParameter = {
    type: "PostfixParameter",
    name,
    value,
    elements: splitList(value).map((e) => ({ type: "ValueElement", text: e.text, inner: e.text, braced: false, range: NOWHERE })),
    range: NOWHERE,
    nameRange: NOWHERE,
    valueRange: NOWHERE,
  };
  const definitions = new Map(config.definitions);
  definitions.set(name, [...(definitions.get(name) ?? []), param]);
  return { config: variant(config, { definitions }), service };
}

/** Restriction list elements back to text: "a, check_client_access hash:/x, b". */
export function joinRestrictions(elements: string[]): string {
  const out: string[] = [];
  for (let i = 0; i < elements.length; i++) {
    const e = elements[i]!;
    if (TAKES_ARGUMENT.has(e) && i + 1 < elements.length) {
      out.push(`${e} ${elements[++i]}`);
    } else out.push(e);
  }
  return out.join(", ");
}

/** A restriction list rewritten so that permit_sasl_authenticated stands just before `check` (the check that refused a logged-in client). */
export interface PermitSaslFix {
  /** The corrected value of the list. */
  corrected: string;
  /** 1-based position of permit_sasl_authenticated in it. */
  position: number;
  /** permit_sasl_authenticated was there, but after `check`. */
  late: boolean;
}

/** Moves (or adds) permit_sasl_authenticated just before `check` in `list`; undefined when `check` is not in the list. */
export function permitSaslBefore(config: PostfixConfig, list: string, service: MasterService | undefined, check: string): PermitSaslFix | undefined {
  const texts = listElements(config, list, service).map((e) => e.text);
  const at = texts.indexOf(check);
  if (at < 0) return undefined;
  const without = texts.filter((t) => t !== "permit_sasl_authenticated");
  const insertAt = without.indexOf(check);
  return {
    corrected: joinRestrictions([...without.slice(0, insertAt), "permit_sasl_authenticated", ...without.slice(insertAt)]),
    position: insertAt + 1,
    late: texts.indexOf("permit_sasl_authenticated") > at,
  };
}
