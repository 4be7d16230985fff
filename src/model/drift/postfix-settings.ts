/** The parameter settings a Postfix configuration writes: main.cf (the assignment in effect) and every master.cf -o. */
import type { MasterService } from "../../ast/postfix-nodes.js";
import type { Range } from "../../ast/range.js";
import { explicitParameter, type PostfixConfig } from "../postfix/config.js";

export interface WrittenSetting {
  name: string;
  value: string;
  nameRange: Range;
  /** The whole assignment (main.cf line, or "-o name=value"). */
  range: Range;
  service?: MasterService;
}

export function writtenSettings(config: PostfixConfig): WrittenSetting[] {
  const out: WrittenSetting[] = [];
  for (const name of config.definitions.keys()) {
    const p = explicitParameter(config, name)!;
    out.push({ name, value: p.value, nameRange: p.nameRange, range: p.range });
  }
  for (const s of config.masterCf?.services ?? []) {
    for (const o of s.overrides) out.push({ name: o.name, value: o.value, nameRange: o.nameRange, range: o.range, service: s });
  }
  return out;
}

/** "main.cf" or "master.cf service submission", for messages. */
export function settingPlace(s: WrittenSetting): string {
  return s.service ? `master.cf service ${s.service.name}` : "main.cf";
}
