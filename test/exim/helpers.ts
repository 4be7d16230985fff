import { spawnSync } from "node:child_process";
import { copyFileSync, cpSync, existsSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import type { Diagnostic } from "../../src/diagnostics.js";
import { Severity } from "../../src/engine/severity.js";
import type { EximLoadResult } from "../../src/exim/api.js";
import { DEBIAN_DEFAULT_SETTINGS, findSettingsFile } from "../../src/exim/debian.js";
import { exim, oracleRoot } from "../helpers/oracles.js";

export const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "../..");
export const corpusDir = resolve(repoRoot, "../shared/corpus/exim");
export const updateExim4ConfScript = join(oracleRoot, "usr/sbin/update-exim4.conf");

export function tempDir(): string {
  return mkdtempSync(join(tmpdir(), "mtalint-exim-"));
}

/** Writes a config to a fresh temp dir and returns its path. */
export function writeConfig(text: string, name = "exim.conf"): string {
  const p = join(tempDir(), name);
  writeFileSync(p, text);
  return p;
}

export interface EximVerdict {
  ok: boolean;
  line?: number;
  file?: string;
  message: string;
}

/** Runs the real `exim -C FILE -bV` and reads the first configuration error, if any. */
export function eximCheck(file: string, defines: Record<string, string> = {}): EximVerdict {
  const r = exim([...defineArgs(defines), "-C", file, "-bV"]);
  const m = /Exim configuration error(?: in line (\d+) of ([^:\n]+))?:\n\s*(.*)/.exec(r.stderr + r.stdout);
  if (r.status === 0 && !m) return { ok: true, message: "" };
  return { ok: false, ...(m?.[1] ? { line: Number(m[1]), file: m[2] } : {}), message: m?.[3] ?? (r.stderr || r.stdout) };
}

/** `exim -C FILE -bP NAME...`: the printed lines, warnings dropped. */
export function eximPrint(file: string, names: string[], defines: Record<string, string> = {}): string[] {
  const r = exim([...defineArgs(defines), "-C", file, "-bP", ...names]);
  return r.stdout.split("\n").filter((l) => l !== "");
}

function defineArgs(defines: Record<string, string>): string[] {
  return Object.entries(defines).map(([k, v]) => `-D${k}=${v}`);
}

/** Runs Debian's real update-exim4.conf on a confdir (holding update-exim4.conf.conf and conf.d/ or the template). */
export function runUpdateExim4Conf(confDir: string, out: string): void {
  const r = spawnSync("bash", [updateExim4ConfScript, "-d", confDir, "-o", out], { encoding: "utf8" });
  if (r.status !== 0) throw new Error(`update-exim4.conf failed: ${r.stderr}`);
}

export function errors(result: { diagnostics: Diagnostic[] }): Diagnostic[] {
  return result.diagnostics.filter((d) => d.severity === Severity.Error);
}

/** 1-based line of a diagnostic in the loaded files. */
export function lineOf(result: EximLoadResult, d: Diagnostic): number {
  const f = result.files.find((x) => x.path === d.range.file);
  return f ? f.positionAt(d.range.start).line : -1;
}

export function describeDiagnostics(result: EximLoadResult): string {
  return result.diagnostics.map((d) => `${d.code} ${d.range.file}:${lineOf(result, d)} ${d.message}`).join("\n");
}

/** Names of the main options a configuration sets, which exim -bP can print. */
export function setMainOptionNames(result: EximLoadResult, printable: (name: string) => boolean): string[] {
  return [...new Set(result.config.mainOptions.map((o) => o.name))].filter(printable);
}

export const fixtures = join(repoRoot, "test/fixtures/exim");
const samples = join(repoRoot, "samples/exim");

export interface ValidConfig {
  name: string;
  /** What mtalint loads. */
  path: string;
  layout: "file" | "template" | "conf.d";
}

export function validConfigs(): ValidConfig[] {
  const out: ValidConfig[] = [];
  // Every sample: a conf.d directory, a Debian template, or a single file.
  for (const d of readdirSync(samples).sort()) {
    const dir = join(samples, d);
    const files = readdirSync(dir);
    if (files.includes("main") && files.includes("acl")) out.push({ name: `samples/${d}`, path: dir, layout: "conf.d" });
    else {
      const f = files.find((n) => n.endsWith(".template")) ?? files.find((n) => /^(exim4?\.conf|configure)$/.test(n));
      if (f) out.push({ name: `samples/${d}`, path: join(dir, f), layout: f.endsWith(".template") ? "template" : "file" });
    }
  }
  out.push({ name: "fixtures/valid/includes", path: join(fixtures, "valid/includes/exim.conf"), layout: "file" });
  for (const f of readdirSync(join(fixtures, "valid")).sort()) {
    if (f.endsWith(".conf")) out.push({ name: `fixtures/valid/${f}`, path: join(fixtures, "valid", f), layout: "file" });
  }
  if (existsSync(corpusDir)) {
    out.push({ name: "corpus/debian-exim4.conf.template", path: join(corpusDir, "debian-exim4.conf.template"), layout: "template" });
    out.push({ name: "corpus/debian-conf.d", path: join(corpusDir, "debian-conf.d"), layout: "conf.d" });
  } else console.warn(`skipping the shared corpus: ${corpusDir} not found`);
  return out;
}

/** The single file Exim reads: for Debian layouts, what the real update-exim4.conf generates. */
export function eximInput(c: ValidConfig): string {
  if (c.layout === "file") return c.path;
  const confDir = tempDir();
  const settings = findSettingsFile(c.layout === "conf.d" ? c.path : join(c.path, ".."));
  if (settings) copyFileSync(settings, join(confDir, "update-exim4.conf.conf"));
  else writeFileSync(join(confDir, "update-exim4.conf.conf"), Object.entries(DEBIAN_DEFAULT_SETTINGS).map(([k, v]) => `${k}='${v}'\n`).join(""));
  if (c.layout === "conf.d") {
    cpSync(c.path, join(confDir, "conf.d"), { recursive: true });
    // A conf.d is read as split configuration whatever the settings file says.
    const p = join(confDir, "update-exim4.conf.conf");
    writeFileSync(p, `${readFileSync(p, "utf8")}\ndc_use_split_config='true'\n`);
  } else copyFileSync(c.path, join(confDir, "exim4.conf.template"));
  const out = join(confDir, "exim4.conf.generated");
  runUpdateExim4Conf(confDir, out);
  return out;
}

