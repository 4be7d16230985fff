/**
 * "What if this list read differently?": a copy of the model with one
 * parameter replaced for one service (as an extra -o) or globally (as a
 * later main.cf line). Rules use it to prove a fix by re-running the
 * simulator before suggesting it.
 */
import type { MasterService, PostfixParameter } from "../../ast/postfix-nodes.js";
import type { PostfixConfig } from "../../model/postfix/config.js";
import { splitList } from "../../model/postfix/lists.js";
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
    return { config: { ...config, masterCf }, service: changed };
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
  return { config: { ...config, definitions }, service };
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
