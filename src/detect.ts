import { existsSync, statSync } from "node:fs";
import { basename, join } from "node:path";
import { InputError, UsageError } from "./errors.js";
import { decodeBytes } from "./io/encoding.js";
import { describeFsError, readRegularFile } from "./io/read-config.js";

export type ConfigKind = "postfix" | "exim";

export function parseKind(text: string): ConfigKind {
  if (text === "postfix" || text === "exim") return text;
  throw new UsageError(`--kind must be "postfix" or "exim", not "${text}"`);
}

/** File names Exim configurations go by (source builds, distributions, Debian templates). */
export const EXIM_FILE_NAMES: ReadonlySet<string> = new Set(["exim.conf", "exim4.conf", "configure", "exim.conf.template", "exim4.conf.template"]);
const CONF_D_PARTS = ["main", "acl", "router", "transport", "retry", "rewrite", "auth"];

/** True for Debian's split configuration directory (conf.d with main/, acl/, router/...). */
export function isDebianConfD(dir: string): boolean {
  // main/ first: without it nothing else needs a stat (a fleet search asks this of every host directory).
  if (!isDir(join(dir, "main"))) return false;
  return CONF_D_PARTS.filter((p) => p === "main" || isDir(join(dir, p))).length >= 3;
}

/**
 * Which MTA a path belongs to: by name first (main.cf, master.cf,
 * exim.conf, *.template, conf.d), then by content.
 */
export function detectKind(path: string): ConfigKind {
  let st;
  try {
    st = statSync(path);
  } catch (e) {
    throw new InputError(path, describeFsError(e));
  }
  if (st.isDirectory()) {
    if (existsSync(join(path, "main.cf")) || existsSync(join(path, "master.cf"))) return "postfix";
    if (isDebianConfD(path)) return "exim";
    for (const name of EXIM_FILE_NAMES) if (existsSync(join(path, name))) return "exim";
    throw new InputError(path, "directory holds neither a Postfix main.cf/master.cf nor an Exim configuration");
  }
  const name = basename(path);
  if (name === "main.cf" || name === "master.cf") return "postfix";
  if (EXIM_FILE_NAMES.has(name) || name.endsWith(".template") || /^exim/.test(name)) return "exim";
  // Only the start is needed, read as config files are read: a FIFO or device is refused, never opened.
  const head = decodeBytes(readRegularFile(path, 256 * 1024, true));
  if (/^\s*begin\s+(acl|routers|transports|authenticators|retry|rewrite)\b/m.test(head)) return "exim";
  if (/^[a-z_][a-z0-9_]*\s*=/m.test(head) && /^(smtpd_|myhostname|mydestination|inet_|alias_maps|compatibility_level)/m.test(head)) {
    return "postfix";
  }
  if (/^\S+\s+(inet|unix|unix-dgram|fifo|pass)\s+\S+\s+\S+\s+\S+\s+\S+\s+\S+\s+\S+/m.test(head)) return "postfix";
  throw new UsageError(`cannot tell whether ${path} is a Postfix or an Exim configuration; pass --kind postfix or --kind exim`);
}

function isDir(p: string): boolean {
  try {
    // A missing path is the usual answer: returned, not thrown (an exception costs more than the stat).
    return statSync(p, { throwIfNoEntry: false })?.isDirectory() === true;
  } catch {
    return false;
  }
}

/** For an Exim target given as a directory that is not a conf.d: the configuration file inside it. */
export function resolveEximPath(path: string): string {
  if (!isDir(path) || isDebianConfD(path)) return path;
  for (const name of EXIM_FILE_NAMES) if (existsSync(join(path, name))) return join(path, name);
  throw new InputError(path, "directory holds no Exim configuration file (exim.conf, exim4.conf, configure, *.template) and is not a Debian conf.d");
}
