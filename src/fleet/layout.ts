/**
 * Where a host keeps its mail configuration. A host directory is a copy of
 * (part of) a server's file system, or just its config directories; the
 * places below are looked at in order, and the first that exists decides for
 * each MTA. Nothing outside the host directory is read: a location that is a
 * symbolic link leading out of it is an error, not followed.
 */
import { lstatSync, realpathSync, statSync } from "node:fs";
import { isAbsolute, join, relative, sep } from "node:path";
import type { ConfigKind } from "../detect.js";
import { EXIM_FILE_NAMES, isDebianConfD } from "../detect.js";
import { confDFiles, readDebianSettings } from "../exim/debian.js";
import { describeFsError } from "../io/read-config.js";
import type { Host, HostConfig } from "./types.js";

/** Postfix config directories (holding main.cf or master.cf), relative to the host directory. */
export const POSTFIX_LOCATIONS = ["etc/postfix", "postfix", "."] as const;

/**
 * Directories that may hold an Exim configuration: Debian's /etc/exim4, Red
 * Hat's /etc/exim, FreeBSD's /usr/local/etc/exim, cPanel's /etc/exim.conf
 * (found in etc), and the short forms.
 */
export const EXIM_LOCATIONS = ["etc/exim4", "etc/exim", "usr/local/etc/exim", "exim4", "exim", "etc", "."] as const;

type Look = "yes" | "no" | "error";

/** The configurations of one host, and why some could not be read. */
export interface HostLayout {
  configs: HostConfig[];
  errors: string[];
}

/** A short list of the places looked at, for the "found nothing" message. */
export function locationsLookedAt(kind?: ConfigKind): string {
  const postfix = POSTFIX_LOCATIONS.map((l) => (l === "." ? "main.cf" : `${l}/`));
  const exim = EXIM_LOCATIONS.map((l) => (l === "." ? "exim.conf" : `${l}/`));
  if (kind === "postfix") return postfix.join(", ");
  if (kind === "exim") return exim.join(", ");
  return [...postfix, ...exim].join(", ");
}

/** Find the Postfix and Exim configurations of a host (only `kind`'s when given). */
export function hostLayout(host: Host, kind?: ConfigKind): HostLayout {
  const dir = new HostDir(host.dir);
  if (dir.root === undefined) return { configs: [], errors: dir.errors };
  const configs: HostConfig[] = [];
  if (kind !== "exim") {
    for (const rel of POSTFIX_LOCATIONS) {
      const found = postfixIn(dir, rel);
      if (found === "no") continue;
      if (found !== "error") configs.push(found);
      break;
    }
  }
  if (kind !== "postfix") {
    for (const rel of EXIM_LOCATIONS) {
      const found = eximIn(dir, rel);
      if (found === "no") continue;
      if (found !== "error") configs.push(found);
      break;
    }
  }
  return { configs, errors: dir.errors };
}

function postfixIn(dir: HostDir, rel: string): HostConfig | "no" | "error" {
  const at = dir.look(rel, "dir");
  if (at !== "yes") return at;
  const main = dir.look(join(rel, "main.cf"), "file");
  const master = dir.look(join(rel, "master.cf"), "file");
  if (main === "error" || master === "error") return "error";
  if (main === "no" && master === "no") return "no";
  return dir.config("postfix", rel);
}

function eximIn(dir: HostDir, rel: string): HostConfig | "no" | "error" {
  const at = dir.look(rel, "dir");
  if (at !== "yes") return at;
  if (isDebianDir(dir, rel)) {
    const debian = debianIn(dir, rel);
    if (debian !== "no") return debian;
  }
  for (const name of EXIM_FILE_NAMES) {
    const file = dir.look(join(rel, name), "file");
    if (file === "no") continue;
    return file === "yes" ? dir.config("exim", join(rel, name)) : "error";
  }
  return "no";
}

/** Debian's exim4 directory: a template, update-exim4.conf.conf or a conf.d with main/, acl/, router/... */
function isDebianDir(dir: HostDir, rel: string): boolean {
  return dir.exists(join(rel, "exim4.conf.template")) || dir.exists(join(rel, "update-exim4.conf.conf")) || isDebianConfD(dir.path(join(rel, "conf.d")));
}

/**
 * A Debian /etc/exim4, as Exim and update-exim4.conf (4.96-15+deb12u10)
 * choose: exim4.conf when it exists (the first file of Exim's configure list,
 * `exim4 -bV`; update-exim4.conf then does nothing). Else dc_use_split_config,
 * lower-cased: "true" means conf.d; "false" the template; anything else the
 * template too when dc_eximconfig_configtype is none or unset, but stops the
 * script for the four real configuration types. Without update-exim4.conf.conf
 * (the script would refuse to run), whichever of the template and conf.d
 * exists, the template first, as a fresh install has it.
 */
function debianIn(dir: HostDir, rel: string): HostConfig | "no" | "error" {
  const own = dir.look(join(rel, "exim4.conf"), "file");
  if (own !== "no") return own === "yes" ? dir.config("exim", join(rel, "exim4.conf")) : "error";
  const template = join(rel, "exim4.conf.template");
  const confD = join(rel, "conf.d");
  const settings = dir.look(join(rel, "update-exim4.conf.conf"), "file");
  if (settings === "error") return "error";
  if (settings === "yes") {
    const path = dir.path(join(rel, "update-exim4.conf.conf"));
    let values: Record<string, string>;
    try {
      values = readDebianSettings(path).settings;
    } catch (e) {
      return dir.fail(`${path}: ${describeFsError(e)}`);
    }
    const split = (values.dc_use_split_config ?? "").toLowerCase();
    const configType = (values.dc_eximconfig_configtype ?? "").toLowerCase();
    if (split === "true") {
      const d = dir.look(confD, "dir");
      if (d === "no") return dir.fail(`${path}: dc_use_split_config is true, but there is no ${dir.path(confD)}; update-exim4.conf would stop here`);
      return d === "yes" ? confined(dir, dir.config("exim", confD)) : "error";
    }
    if (split !== "false" && CONFIG_TYPES.has(configType)) {
      return dir.fail(`${path}: dc_use_split_config must be true or false, not "${split}"; update-exim4.conf would stop here`);
    }
    const t = dir.look(template, "file");
    if (t === "no") return dir.fail(`${path}: dc_use_split_config is not true, but there is no ${dir.path(template)}; update-exim4.conf would stop here`);
    return t === "yes" ? confined(dir, dir.config("exim", template)) : "error";
  }
  const t = dir.look(template, "file");
  if (t !== "no") return t === "yes" ? confined(dir, dir.config("exim", template)) : "error";
  if (dir.look(confD, "dir") === "yes" && isDebianConfD(dir.path(confD))) return confined(dir, dir.config("exim", confD));
  return "no";
}

/** dc_eximconfig_configtype values for which update-exim4.conf checks dc_use_split_config (the others take the template). */
const CONFIG_TYPES = new Set(["internet", "smarthost", "satellite", "local"]);

/** The files a Debian layout reads besides its entry (conf.d parts, local macros) must stay inside the host too. */
function confined(dir: HostDir, config: HostConfig): HostConfig | "error" {
  const parts = config.where.endsWith("conf.d") ? confDFiles(config.path).map((p) => relative(dir.host, p)) : [join(config.where, "..", "exim4.conf.localmacros")];
  for (const rel of parts) if (dir.look(rel, "file") === "error") return "error";
  return config;
}

/** Looks at paths under one host directory, recording what cannot be read. */
class HostDir {
  readonly errors: string[] = [];
  /** The host directory with symbolic links resolved; undefined when it cannot be read. */
  readonly root: string | undefined;

  constructor(readonly host: string) {
    try {
      this.root = realpathSync(host);
    } catch (e) {
      this.errors.push(`${host}: ${describeFsError(e)}`);
    }
  }

  path(rel: string): string {
    return rel === "." ? this.host : join(this.host, rel);
  }

  config(kind: ConfigKind, rel: string): HostConfig {
    return { kind, path: this.path(rel), where: rel.split("\\").join("/") };
  }

  fail(message: string): "error" {
    this.errors.push(message);
    return "error";
  }

  exists(rel: string): boolean {
    try {
      lstatSync(this.path(rel));
      return true;
    } catch {
      return false;
    }
  }

  /**
   * "yes" when `rel` is a file (or directory) inside the host, "no" when it
   * is absent or of the other type, "error" (recorded) when it is there but
   * cannot be used: unreadable, a broken or escaping link, a FIFO or device.
   */
  look(rel: string, want: "file" | "dir"): Look {
    const p = this.path(rel);
    try {
      lstatSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      if (code === "ENOENT" || code === "ENOTDIR") return "no";
      return this.fail(`${p}: ${describeFsError(e)}`);
    }
    let real: string;
    let st;
    try {
      st = statSync(p);
      real = realpathSync(p);
    } catch (e) {
      const code = (e as NodeJS.ErrnoException).code;
      return this.fail(`${p}: ${code === "ENOENT" ? "broken symbolic link" : describeFsError(e)}`);
    }
    const inside = relative(this.root!, real);
    if (inside === ".." || inside.startsWith(`..${sep}`) || isAbsolute(inside)) {
      return this.fail(`${p}: leads to ${real}, outside the host directory; not read`);
    }
    if (st.isDirectory()) return want === "dir" ? "yes" : "no";
    if (st.isFile()) return want === "file" ? "yes" : "no";
    return this.fail(`${p}: not a regular file or directory (a FIFO, socket or device); not read`);
  }
}
