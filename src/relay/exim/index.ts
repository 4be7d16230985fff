import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import { loadExim } from "../../exim/api.js";
import type { ExistsCheck } from "./expand.js";
import { readUnder } from "./lookups.js";
import type { RelayScenario } from "../types.js";
import { isInside } from "../../io/paths.js";
import { simulateEximRelay } from "./simulate.js";

export { simulateEximRelay } from "./simulate.js";

/** Load an Exim configuration (file, template or conf.d) and simulate one RCPT. */
export function simulateEximRelayAt(path: string, scenario: RelayScenario, defines?: Record<string, string>) {
  const loaded = loadExim(path, defines ? { defines } : {});
  return { kind: "exim" as const, verdict: simulateEximRelay(loaded.config, scenario, existsUnder(eximRoot(path))), sources: loaded.files };
}

/** The folder that stands for the server's Exim directory (/etc/exim4): the file's folder, or a conf.d's parent. */
export function eximRoot(path: string): string {
  return dirname(resolve(path));
}

/**
 * exists{PATH} for files of the server's Exim directory: /etc/exim4/x and
 * /etc/exim/x are looked for in `root`; other paths cannot be known. Its
 * `read` reads lookup files and files named in lists from there.
 */
export function existsUnder(root: string): ExistsCheck {
  const exists: ExistsCheck = (p: string) => {
    for (const prefix of ["/etc/exim4/", "/etc/exim/"]) {
      if (p.startsWith(prefix)) return existsSync(join(root, p.slice(prefix.length)));
    }
    if (isAbsolute(p) && isInside(root, p)) return existsSync(p);
    return undefined;
  };
  exists.read = readUnder(root);
  return exists;
}
