/**
 * Exim macros (spec 6.4-6.9; readconf.c macros_expand, read_macro_assignment):
 * substitution on each physical line in definition order, `=` / `==`
 * definitions, -D overrides, and the builtin `_HAVE_...` macros.
 */
import type { Range, SourceFile } from "../ast/range.js";
import type { EximMacro } from "../ast/exim-nodes.js";
import { mapRange, type LogicalLine, type MappedText } from "./mapped-text.js";

interface MacroEntry {
  name: string;
  value: string;
  builtin: boolean;
  commandLine: boolean;
  where: string;
}

export type ReportFn = (code: string, message: string, range: Range) => void;

const isNameChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);
// isspace() in the C locale: a no-break space or byte order mark is not white space to Exim.
const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\n" || c === "\v" || c === "\f" || c === "\r";

// The same tests on character codes, for the scan every physical line goes through.
const isUpperCode = (c: number) => c >= 65 && c <= 90;
const isNameCode = (c: number) => (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
const isSpaceCode = (c: number) => c === 32 || (c >= 9 && c <= 13);

/** Where a macro name may start at or after `s`: an upper-case letter, or "_" before one; -1 if nowhere. */
function nextCandidate(t: string, s: number): number {
  for (const len = t.length; s < len; s++) {
    const c = t.charCodeAt(s);
    if (isUpperCode(c) || (c === 95 && isUpperCode(t.charCodeAt(s + 1)))) return s;
  }
  return -1;
}

export class MacroTable {
  private readonly macros: MacroEntry[] = [];
  /** The macros that are not builtin (-D ones, then the file's), in definition order. */
  private readonly userMacros: MacroEntry[] = [];

  constructor(builtins: Record<string, string>, defines: Record<string, string>) {
    for (const [name, value] of Object.entries(builtins)) this.macros.push({ name, value, builtin: true, commandLine: false, where: "builtin" });
    for (const [name, value] of Object.entries(defines)) this.add({ name, value, builtin: false, commandLine: true, where: "-D" });
  }

  private add(m: MacroEntry): void {
    this.macros.push(m);
    this.userMacros.push(m);
  }

  private user(): MacroEntry[] {
    return this.userMacros;
  }

  /**
   * Substitutes macros in a physical line; true if any was found (what .ifdef tests).
   * Plain substring search, no word boundaries: `AB` is replaced inside `XAB`.
   */
  expand(line: MappedText, logicalStart: boolean): boolean {
    const t0 = line.text;
    let s = 0;
    // The name of a definition at the start of a logical line is not replaced.
    if (logicalStart && isUpperCode(t0.charCodeAt(0))) {
      let j = 0;
      while (isNameCode(t0.charCodeAt(j))) j++;
      while (isSpaceCode(t0.charCodeAt(j))) j++;
      if (t0.charCodeAt(j) === 61) s = j;
    }
    s = nextCandidate(t0, s);
    if (s < 0) return false;
    // Builtin macros are scanned only when the first candidate is "_X".
    const list = t0.charCodeAt(s) === 95 ? this.macros : this.userMacros;
    let found = false;
    for (const m of list) {
      s = nextCandidate(line.text, s);
      if (s < 0) break;
      if (line.replaceAll(m.name, m.value, s, `macro ${m.name} (${m.where})`)) found = true;
    }
    return found;
  }

  /** Reads `NAME = value` / `NAME == value` from a logical line. */
  define(line: LogicalLine, files: SourceFile[], report: ReportFn): EximMacro | undefined {
    const text = line.text;
    let j = 0;
    while (isNameChar(text[j])) j++;
    const name = text.slice(0, j);
    while (isSpace(text[j])) j++;
    if (text[j] !== "=") {
      report("exim/syntax", `malformed macro definition: "=" expected after ${name}`, line.firstRange);
      return undefined;
    }
    const redefinition = text[j + 1] === "=";
    let v = j + (redefinition ? 2 : 1);
    while (isSpace(text[v])) v++;
    const value = text.slice(v);
    const existing = this.user().find((m) => m.name === name);
    const node: EximMacro = {
      type: "EximMacro",
      name,
      value,
      redefinition,
      overriddenByDefine: existing?.commandLine ?? false,
      range: mapRange(line, 0, text.length),
      nameRange: mapRange(line, 0, j),
      valueRange: mapRange(line, v, text.length),
    };
    // A -D definition makes Exim ignore every definition of the name in the file (spec 6.7).
    if (existing?.commandLine) return node;
    const file = files.find((f) => f.path === node.range.file);
    const where = file ? `${node.range.file}:${file.positionAt(node.range.start).line}` : node.range.file;
    if (redefinition) {
      if (!existing) report("exim/macro-redefinition", `can't redefine an undefined macro "${name}"`, node.nameRange);
      else Object.assign(existing, { value, where });
      return node;
    }
    if (existing) {
      report("exim/macro-redefinition", `macro "${name}" is already defined (use "==" if you want to redefine it)`, node.nameRange);
      return node;
    }
    const sub = this.user().find((m) => name.includes(m.name));
    if (sub) {
      report("exim/macro-substring", `"${name}" cannot be defined as a macro because previously defined macro "${sub.name}" is a substring`, node.nameRange);
      return node;
    }
    this.add({ name, value, builtin: false, commandLine: false, where });
    return node;
  }
}
