/**
 * Debian's exim4-config layouts, as update-exim4.conf (4.96-15+deb12u10)
 * builds the file Exim reads: either exim4.conf.localmacros + exim4.conf.template,
 * or the split conf.d/ parts concatenated, with macros made from the dc_*
 * settings of update-exim4.conf.conf inserted after the `UPEX4CmacrosUPEX4C`
 * line.
 */
import { existsSync, readdirSync, statSync } from "node:fs";
import { dirname, join } from "node:path";
import { SourceFile } from "../ast/range.js";
import { decodeBytes } from "../io/encoding.js";
import { readRegularFile } from "../io/read-config.js";

/** Section order of UPEX4C_sections. */
export const CONF_D_SECTIONS = ["main", "acl", "router", "transport", "retry", "rewrite", "auth"] as const;
export const DEBIAN_PACKAGE_VERSION = "4.96-15+deb12u10";

/** Debian's answers for a fresh install (exim4-config's debconf defaults, configtype "local"). */
export const DEBIAN_DEFAULT_SETTINGS: Record<string, string> = {
  dc_eximconfig_configtype: "local",
  dc_other_hostnames: "",
  dc_local_interfaces: "127.0.0.1 ; ::1",
  dc_readhost: "",
  dc_relay_domains: "",
  dc_minimaldns: "false",
  dc_relay_nets: "",
  dc_smarthost: "",
  CFILEMODE: "644",
  dc_use_split_config: "false",
  dc_hide_mailname: "",
  dc_mailname_in_oh: "true",
  dc_localdelivery: "mail_spool",
};

/**
 * Files of a conf.d directory in the order update-exim4.conf concatenates
 * them: sections in UPEX4C_sections order, names sorted bytewise (it unsets
 * LC_COLLATE), only names of letters, digits, "_" and "-" (so *.dpkg-dist,
 * *~, *.rul themselves are skipped), and NAME.rul used instead of NAME when
 * it exists.
 */
export function confDFiles(confD: string): string[] {
  const out: string[] = [];
  for (const section of CONF_D_SECTIONS) {
    const dir = join(confD, section);
    if (!isDir(dir)) continue;
    const names = readdirSync(dir).sort((a, b) => (Buffer.from(a) < Buffer.from(b) ? -1 : Buffer.from(a) > Buffer.from(b) ? 1 : 0));
    for (const name of names) {
      if (!/^[A-Za-z0-9_-]+$/.test(name) || !isFile(join(dir, name))) continue;
      out.push(isFile(join(dir, `${name}.rul`)) ? join(dir, `${name}.rul`) : join(dir, name));
    }
  }
  return out;
}

/** Where update-exim4.conf.conf is looked for: in the directory, or beside it (/etc/exim4 holds both). */
export function findSettingsFile(dir: string): string | undefined {
  for (const p of [join(dir, "update-exim4.conf.conf"), join(dirname(dir), "update-exim4.conf.conf")]) if (isFile(p)) return p;
  return undefined;
}

/**
 * Shell assignments of update-exim4.conf.conf (`name='value'`). Without the
 * file (update-exim4.conf itself would refuse to run) Debian's install-time
 * answers are used; with it, a missing setting is empty, except the two the
 * script defaults itself.
 */
export function readDebianSettings(path: string | undefined): { settings: Record<string, string>; extraMacros: [string, string][] } {
  const extraMacros: [string, string][] = [];
  if (!path) return { settings: { ...DEBIAN_DEFAULT_SETTINGS }, extraMacros };
  const settings: Record<string, string> = { dc_use_split_config: "false", dc_localdelivery: "mail_spool" };
  for (const line of decodeBytes(readRegularFile(path)).split("\n")) {
    const m = /^\s*([A-Za-z_][A-Za-z0-9_]*)=(?:'([^']*)'|"([^"]*)"|(\S*))\s*$/.exec(line);
    if (!m) continue;
    const value = m[2] ?? m[3] ?? m[4] ?? "";
    settings[m[1]!] = value;
    // file2macros: lines starting with an upper-case letter become macros too (except CFILEMODE).
    if (/^[A-Z]/.test(m[1]!) && m[1] !== "CFILEMODE") extraMacros.push([m[1]!, line.slice(line.indexOf("=") + 1)]);
  }
  if (!settings.dc_use_split_config) settings.dc_use_split_config = "false";
  if (!settings.dc_localdelivery) settings.dc_localdelivery = "mail_spool";
  return { settings, extraMacros };
}

/**
 * `lowercase $x | check_ascii_pipe`: lower case, white space collapsed by the
 * unquoted echo. The sed bracket in check_ascii_pipe closes at the first "]",
 * so it only replaces a character outside the set when a "]" follows it (and
 * the "]" with it): "+" in the package version survives (seen in real output).
 */
function shellClean(v: string): string {
  const words = v.toLowerCase().split(/\s+/).filter(Boolean).join(" ");
  return words.replace(/[^-0-9A-Za-z\\/.!*@_~:;< []\]/g, "_");
}

/** The macro block update-exim4.conf inserts; undefined for configtype none (it then inserts nothing). */
export function debianMacroText(settingsPath: string | undefined): string | undefined {
  const { settings: s, extraMacros } = readDebianSettings(settingsPath);
  for (const f of ["dc_local_interfaces", "dc_relay_nets", "dc_relay_domains"]) {
    const v = s[f] ?? "";
    if (v.includes(";") && !v.trim().startsWith("<")) s[f] = `<; ${v}`;
  }
  const configtype = shellClean(s.dc_eximconfig_configtype ?? "");
  if (!["satellite", "smarthost", "local", "internet"].includes(configtype)) return undefined;
  const otherHostnames = shellClean(s.dc_other_hostnames ?? "");
  const localDomains = `@:localhost:${otherHostnames}`.replace(/[;: ]*$/, "").replace(/^ */, "").replace(/;/g, ":");
  const smarthost = shellClean(s.dc_smarthost ?? "").replace(/;/g, ":");
  let relayNets = shellClean(s.dc_relay_nets ?? "");
  relayNets = relayNets.startsWith("<;") ? `${relayNets} ; 127.0.0.1 ; ::1` : `${relayNets} : 127.0.0.1 : ::::1`;
  const readhost = shellClean(s.dc_readhost ?? "");
  const hideMailname = ["satellite", "smarthost"].includes(configtype) && shellClean(s.dc_hide_mailname ?? "") === "true" && readhost !== "";

  const macros: [string, string][] = [];
  if ((s.dc_local_interfaces ?? "") !== "") macros.push(["MAIN_LOCAL_INTERFACES", s.dc_local_interfaces!]);
  if (hideMailname) macros.push(["HIDE_MAILNAME", "1"]);
  macros.push(
    ["MAIN_PACKAGE_VERSION", DEBIAN_PACKAGE_VERSION],
    ["MAIN_LOCAL_DOMAINS", localDomains],
    ["MAIN_RELAY_TO_DOMAINS", s.dc_relay_domains ?? ""],
    // /etc/mailname of the machine that runs update-exim4.conf: not part of the configuration we read.
    ["ETC_MAILNAME", ""],
    ["LOCAL_DELIVERY", s.dc_localdelivery ?? ""],
    ["MAIN_RELAY_NETS", relayNets],
    ["DCreadhost", readhost],
    ["DCsmarthost", smarthost],
    ["DC_eximconfig_configtype", configtype],
    [`DCconfig_${configtype}`, "1"],
    ...extraMacros,
  );
  let text = "##############################################\n# the following macro definitions were created\n# dynamically by /usr/sbin/update-exim4.conf\n";
  for (const [name, value] of macros) text += `.ifndef ${name}\n${name}=${shellClean(value)}\n.endif\n`;
  // sed appends the block after the marker line with "\n", and the marker's own newline follows: one blank line.
  return text + "##############################################\n\n";
}

export interface DebianLayout {
  /** Files in the order Exim sees them. */
  sources: string[];
  /** Generated macro block, inserted after the UPEX4CmacrosUPEX4C line. */
  macros?: SourceFile;
  settingsFile?: string;
}

/** The inputs of update-exim4.conf for a conf.d directory or an exim4.conf.template file. */
export function debianLayout(path: string, kind: "conf.d" | "template"): DebianLayout {
  const dir = kind === "conf.d" ? path : dirname(path);
  const settingsFile = findSettingsFile(dir);
  let sources: string[];
  if (kind === "conf.d") sources = confDFiles(path);
  else {
    const local = join(dir, "exim4.conf.localmacros");
    sources = existsSync(local) ? [local, path] : [path];
  }
  const text = debianMacroText(settingsFile);
  const macroPath = `${settingsFile ?? join(dir, "update-exim4.conf.conf")} (macros generated by update-exim4.conf)`;
  return { sources, ...(text ? { macros: new SourceFile(macroPath, text) } : {}), ...(settingsFile ? { settingsFile } : {}) };
}

function isDir(p: string): boolean {
  try {
    return statSync(p).isDirectory();
  } catch {
    return false;
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}
