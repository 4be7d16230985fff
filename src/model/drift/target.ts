/**
 * The release a configuration will run on: the one the user names
 * (--postfix-version / --exim-version / .mtalint.json), else the one the
 * configuration itself declares, else the newest release we know. Every
 * drift finding names the target and how it was chosen.
 */
import type { LintSettings } from "../../engine/settings.js";
import { DEBIAN_PACKAGE_VERSION } from "../../exim/debian.js";
import type { EximLoadResult } from "../../exim/api.js";
import { explicitParameter, type PostfixConfig } from "../postfix/config.js";
import { LATEST_EXIM } from "./exim.js";
import { LATEST_POSTFIX } from "./postfix.js";
import { compareVersions, isVersion, releaseLine } from "./version.js";

export interface TargetVersion {
  version: string;
  /** How it was chosen, for messages: "set in the lint settings", "latest known"... */
  how: string;
}

/** Postfix: settings, then compatibility_level (a level names the release that introduced it), then the latest known. */
export function postfixTarget(config: PostfixConfig, settings: LintSettings): TargetVersion {
  if (settings.postfixVersion && isVersion(settings.postfixVersion)) return { version: settings.postfixVersion, how: "as set by --postfix-version or postfixVersion" };
  const level = explicitParameter(config, "compatibility_level")?.value.trim();
  if (level && isVersion(level) && compareVersions(level, "3.6") >= 0) {
    // Debian bookworm's main.cf.debian writes compatibility_level = 3.6 and the "(Debian/GNU)" banner; it ships 3.7.
    const banner = explicitParameter(config, "smtpd_banner")?.value ?? "";
    if (level === "3.6" && banner.includes("(Debian/GNU)")) return { version: "3.7", how: "implied by Debian bookworm's main.cf (compatibility_level = 3.6, Debian banner)" };
    return { version: level, how: `implied by compatibility_level = ${level}` };
  }
  if (level === "1" || level === "2") return { version: "3.0", how: `implied by compatibility_level = ${level}` };
  return { version: LATEST_POSTFIX, how: "the latest release mtalint knows; set --postfix-version" };
}

/**
 * Exim: settings, then Debian markers (a template or conf.d layout, the
 * UPEX4Cmacros line of update-exim4.conf output, exim_user = Debian-exim),
 * which mtalint models as Debian 12's exim4 (src/exim/debian.ts), then the latest known.
 */
export function eximTarget(loaded: Pick<EximLoadResult, "config" | "layout">, settings: LintSettings): TargetVersion {
  if (settings.eximVersion && isVersion(settings.eximVersion)) return { version: settings.eximVersion, how: "as set by --exim-version or eximVersion" };
  const debian =
    loaded.layout !== "file" ||
    loaded.config.macros.some((m) => m.name === "UPEX4CmacrosUPEX4C") ||
    loaded.config.mainOptions.some((o) => o.name === "exim_user" && o.value?.trim() === "Debian-exim");
  if (debian) return { version: releaseLine(DEBIAN_PACKAGE_VERSION.split("-")[0]!), how: `implied by the Debian layout (Debian 12 ships exim4 ${DEBIAN_PACKAGE_VERSION}); set --exim-version` };
  return { version: LATEST_EXIM, how: "the latest release mtalint knows; set --exim-version" };
}

/** "Postfix 3.11, the latest release mtalint knows; set --postfix-version" */
export function describeTarget(mta: "Postfix" | "Exim", t: TargetVersion): string {
  return `${mta} ${t.version}, ${t.how}`;
}
