/** The hosts of a fleet: each immediate subdirectory of a fleet directory is one host, named by it. */
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";
import { InputError, UsageError } from "../errors.js";
import { describeFsError } from "../io/read-config.js";
import type { Host } from "./types.js";

/**
 * Hosts sorted by name (by UTF-16 code units, not the locale, so every
 * machine and every listing order gives the same order). Names starting with
 * "." (.git, .mtalint.json) and plain files are not hosts. A symbolic link to
 * a directory is a host: fleets are often directories of links to snapshots.
 */
export function listHosts(fleetDirs: readonly string[]): Host[] {
  const hosts = new Map<string, Host>();
  for (const fleet of fleetDirs) {
    let names: string[];
    try {
      if (!statSync(fleet).isDirectory()) throw new InputError(fleet, "--fleet needs a directory holding one directory per host");
      names = readdirSync(fleet);
    } catch (e) {
      if (e instanceof InputError) throw e;
      throw new InputError(fleet, describeFsError(e));
    }
    let found = 0;
    for (const name of names) {
      if (name.startsWith(".")) continue;
      const dir = join(fleet, name);
      if (!isDirectory(dir)) continue;
      found++;
      const seen = hosts.get(name);
      if (seen) throw new UsageError(`host ${name} is in two fleet directories: ${seen.dir} and ${dir}; host names must be unique`);
      hosts.set(name, { name, dir });
    }
    if (found === 0) throw new InputError(fleet, "no host directories in this fleet directory (each host is a subdirectory)");
  }
  return [...hosts.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function isDirectory(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    // A broken link or an unreadable entry: still a host, so that its error is reported.
    return true;
  }
}
