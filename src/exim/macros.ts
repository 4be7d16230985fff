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

const isUpper = (c: string | undefined) => c !== undefined && c >= "A" && c <= "Z";
const isNameChar = (c: string | undefined) => c !== undefined && /[A-Za-z0-9_]/.test(c);
// isspace() in the C locale: a no-break space or byte order mark is not white space to Exim.
const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\n" || c === "\v" || c === "\f" || c === "\r";

export class MacroTable {
  private readonly macros: MacroEntry[] = [];

  constructor(builtins: Record<string, string>, defines: Record<string, string>) {
    for (const [name, value] of Object.entries(builtins)) this.macros.push({ name, value, builtin: true, commandLine: false, where: "builtin" });
    for (const [name, value] of Object.entries(defines)) this.macros.push({ name, value, builtin: false, commandLine: true, where: "-D" });
  }

  private user(): MacroEntry[] {
    return this.macros.filter((m) => !m.builtin);
  }

  /**
   * Substitutes macros in a physical line; true if any was found (what .ifdef tests).
   * Plain substring search, no word boundaries: `AB` is replaced inside `XAB`.
   */
  expand(line: MappedText, logicalStart: boolean): boolean {
    const t = () => line.text;
    let s = 0;
    // The name of a definition at the start of a logical line is not replaced.
    if (logicalStart && isUpper(t()[0])) {
      let j = 0;
      while (isNameChar(t()[j])) j++;
      while (isSpace(t()[j])) j++;
      if (t()[j] === "=") s = j;
    }
    const candidate = (i: number) => isUpper(t()[i]) || (t()[i] === "_" && isUpper(t()[i + 1]));
    while (s < t().length && !candidate(s)) s++;
    if (s >= t().length) return false;
    let found = false;
    // Builtin macros are scanned only when the first candidate is "_X".
    const list = t()[s] === "_" ? this.macros : this.user();
    for (const m of list) {
      while (s < t().length && !candidate(s)) s++;
      if (s >= t().length) break;
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
    this.macros.push({ name, value, builtin: false, commandLine: false, where });
    return node;
  }
}
