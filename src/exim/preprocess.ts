/**
 * Exim's physical-line layer (spec.txt ch. 6.2-6.10, readconf.c get_config_line):
 * per physical line, trailing white space is dropped, macros are substituted,
 * leading white space is skipped, then .ifdef-style directives, comments and
 * .include are handled; a trailing backslash joins the next physical line.
 * The result is the logical lines Exim's section readers see, with every
 * character mapped back to the file and offset where it was written.
 */
import { realpathSync } from "node:fs";
import { dirname, isAbsolute, resolve } from "node:path";
import type { Range } from "../ast/range.js";
import { SourceFile } from "../ast/range.js";
import type { EximInclude, EximMacro } from "../ast/exim-nodes.js";
import type { Diagnostic } from "../diagnostics.js";
import { Severity } from "../engine/severity.js";
import { InputError } from "../errors.js";
import { canonicalSection } from "../model/exim/sections.js";
import { Conditionals, directiveOf } from "./conditionals.js";
import { MacroTable } from "./macros.js";
import { isInside } from "../io/paths.js";
import { CharMap, MappedText, type LogicalLine } from "./mapped-text.js";

export { mapRange, viaOf, type CharSource, type LogicalLine } from "./mapped-text.js";

export interface PreprocessOptions {
  /** Includes must resolve inside this directory; others are reported and never read. */
  root: string;
  /** -D definitions: they win over every definition of the same name in the files. */
  defines?: Record<string, string>;
  /** Builtin macros (`exim -bP macros`), scanned only where a line has `_X...`. */
  builtinMacros?: Record<string, string>;
  readFile: (path: string) => SourceFile;
  /** Debian's update-exim4.conf inserts its generated macros after the physical line this matches. */
  insertAfter?: { matches: (line: string) => boolean; source: SourceFile };
  /**
   * Receives each logical line as soon as it is complete, instead of `lines`
   * (which is then empty): the AST is built while reading, and a line is
   * garbage once built rather than kept to the end of a large file.
   */
  onLine?: (line: LogicalLine) => void;
}

export interface PreprocessResult {
  lines: LogicalLine[];
  macros: EximMacro[];
  includes: EximInclude[];
  diagnostics: Diagnostic[];
  files: SourceFile[];
}

interface Frame {
  file: SourceFile;
  /** Real path, for cycle detection. */
  real: string;
  line: number;
  via: string[];
}

/** "included from" hops kept for a diagnostic: the outermost and innermost ones of a very deep chain. */
const MAX_VIA = 20;

/** Exim accepts macro definitions in these sections only (spec 6.4). */
const MACRO_SECTIONS = new Set(["main", "acl", "routers", "transports", "authenticators"]);

const isUpper = (c: string | undefined) => c !== undefined && c >= "A" && c <= "Z";
const isSpaceCode = (c: number) => c === 32 || (c >= 9 && c <= 13);
const isSpace = (c: string | undefined) => c === " " || c === "\t" || c === "\r" || c === "\n" || c === "\f" || c === "\v";

/** Trailing white space as Exim's isspace() sees it (ASCII only); a loop, as /\s+$/ can take quadratic time. */
function trimEndAscii(s: string): string {
  let e = s.length;
  while (e > 0 && isSpace(s[e - 1])) e--;
  return e === s.length ? s : s.slice(0, e);
}

function extendVia(via: string[], hop: string): string[] {
  if (via.length < MAX_VIA) return [...via, hop];
  const omitted = /^\((\d+) more includes\)$/.exec(via[MAX_VIA / 2] ?? "");
  // The first cut drops two hops (and adds the marker); each later one drops the old marker and one hop.
  const n = omitted ? Number(omitted[1]) + 1 : 2;
  return [...via.slice(0, MAX_VIA / 2), `(${n} more includes)`, ...via.slice(via.length - MAX_VIA / 2 + 2), hop];
}

export function preprocessExim(sources: SourceFile[], opts: PreprocessOptions): PreprocessResult {
  const diagnostics: Diagnostic[] = [];
  const files: SourceFile[] = [...sources];
  const macrosOut: EximMacro[] = [];
  const includes: EximInclude[] = [];
  const lines: LogicalLine[] = [];
  const emit = opts.onLine ?? ((line: LogicalLine) => void lines.push(line));
  const macros = new MacroTable(opts.builtinMacros ?? {}, opts.defines ?? {});
  const error = (code: string, message: string, range: Range, via?: string[], severity: Severity = Severity.Error) =>
    diagnostics.push({ code, severity, message, range, ...(via?.length ? { via } : {}) });

  const root = safeRealpath(resolve(opts.root));
  const conds = new Conditionals();
  let section = "main";
  let inserted = false;

  const stack: Frame[] = [];
  /** Real paths of the files being read (the include chain), for cycle detection in constant time. */
  const open = new Map<string, number>();
  const push = (frame: Frame) => {
    stack.push(frame);
    open.set(frame.real, (open.get(frame.real) ?? 0) + 1);
    if (frame.file.bom) {
      // readconf.c checks the first line of every file it opens, included ones too.
      const end = frame.file.lineText(1).length;
      error("exim/syntax", "found unexpected BOM (Byte Order Mark): the file starts with a UTF-8 byte order mark, and Exim refuses the configuration", { file: frame.file.path, start: 0, end }, frame.via);
    }
  };
  const pop = () => {
    const f = stack.pop()!;
    const n = open.get(f.real)! - 1;
    if (n > 0) open.set(f.real, n);
    else open.delete(f.real);
  };
  let sourceIndex = 0;

  /** Where the line nextPhysical returned starts, and where its next line starts (or the text ends). */
  let physStart = 0;
  let physEnd = 0;
  /** Next physical line (physStart..physEnd of the frame's file), or "boundary" between top-level sources (Debian adds a blank line there), or null at the end. */
  function nextPhysical(): Frame | "boundary" | null {
    for (;;) {
      const top = stack.at(-1);
      if (!top) {
        const src = sources[sourceIndex++];
        if (!src) return null;
        push({ file: src, real: safeRealpath(src.path), line: 0, via: [] });
        if (sourceIndex > 1) return "boundary";
        continue;
      }
      if (top.line >= top.file.lineStarts.length || (top.line === top.file.lineStarts.length - 1 && top.file.offsetOfLine(top.line + 1) >= top.file.text.length)) {
        pop();
        continue;
      }
      const starts = top.file.lineStarts;
      physStart = starts[top.line]!;
      top.line++;
      physEnd = top.line < starts.length ? starts[top.line]! : top.file.text.length;
      return top;
    }
  }

  function rangeOf(frame: Frame, start: number, len: number): Range {
    return { file: frame.file.path, start, end: start + len };
  }

  function handleInclude(frame: Frame, rest: string, ifExists: boolean, range: Range): void {
    let name = rest.trim();
    if (name.length >= 2 && name.startsWith('"') && name.endsWith('"')) name = name.slice(1, -1);
    const node: EximInclude = { type: "EximInclude", path: name, resolved: "", ifExists, found: false, range };
    includes.push(node);
    if (!name) return void error("exim/syntax", "no file name after .include", range, frame.via);
    if (ifExists && !isAbsolute(name)) {
      return void error("exim/syntax", `.include specifies a non-absolute path "${name}"`, range, frame.via);
    }
    const target = resolve(dirname(frame.file.path), name);
    node.resolved = target;
    const real = safeRealpath(target);
    if (!isInside(root, real)) {
      // Exim would read it; mtalint never reads outside the root, so what it holds is unknown (a warning, not an Exim error).
      return void error("exim/include-outside-root", `${name} is outside the configuration root ${root}; not read`, range, frame.via, Severity.Warning);
    }
    if (open.has(real)) {
      const chain = stack.length > MAX_VIA ? [...stack.slice(0, 2), `(${stack.length - 4} more)`, ...stack.slice(-2)] : stack;
      return void error("exim/include-cycle", `${name} includes itself (through ${chain.map((f) => (typeof f === "string" ? f : f.file.path)).join(" -> ")})`, range, frame.via);
    }
    let file: SourceFile;
    try {
      file = opts.readFile(target);
    } catch (e) {
      if (ifExists && e instanceof InputError && /no such file/.test(e.reason)) return;
      const reason = e instanceof InputError ? e.reason : String(e);
      if (e instanceof InputError && /^is a directory/.test(reason)) {
        // Exim opens a directory without complaint, reads no line from it and goes on (measured with -bV).
        return void error("exim/include-missing", `${target} is a directory: Exim reads nothing from it and goes on, so this .include adds nothing`, range, frame.via, Severity.Warning);
      }
      if (e instanceof InputError && /not a regular file/.test(reason)) {
        // Exim would block on a FIFO and read /dev/zero without end; mtalint never opens either.
        return void error("exim/include-missing", `${target} ${reason}`, range, frame.via);
      }
      return void error("exim/include-missing", `failed to open included configuration file ${target}: ${reason}`, range, frame.via);
    }
    node.found = true;
    files.push(file);
    const pos = frame.file.positionAt(range.start);
    push({ file, real, line: 0, via: extendVia(frame.via, `included from ${frame.file.path}:${pos.line}`) });
  }

  function define(line: LogicalLine): void {
    const m = macros.define(line, files, error);
    if (m) macrosOut.push(m);
  }

  // The main loop: assemble logical lines from physical ones.
  let current: MappedText | null = null;
  let currentFirst: Range | null = null;
  const finish = () => {
    // The logical line loses trailing white space too (a blank line can end a continuation after "a \\").
    if (current) {
      const trimmed = trimEndAscii(current.text);
      if (trimmed.length !== current.text.length) current.chars = current.chars.slice(0, trimmed.length);
      current.text = trimmed;
    }
    if (current && current.text.length > 0) {
      const line: LogicalLine = { text: current.text, chars: current.chars, firstRange: currentFirst! };
      const beginMatch = line.text.startsWith("begin") ? /^begin\s+(\S+)/.exec(line.text) : null;
      if (beginMatch) section = canonicalSection(beginMatch[1]!) ?? beginMatch[1]!;
      // In the main section every upper-case line is a macro definition; between ACLs and drivers only
      // `NAME =` is (so `PLAIN:` names an authenticator), and it ends the ACL or driver being read.
      if (section === "main" && isUpper(line.text[0])) define(line);
      else if (isUpper(line.text[0]) && MACRO_SECTIONS.has(section) && /^[A-Z][A-Za-z0-9_]*\s*=/.test(line.text)) {
        define(line);
        emit({ text: "", chars: CharMap.empty(), firstRange: line.firstRange, macroBreak: true });
      } else emit(line);
    }
    current = null;
    currentFirst = null;
  };

  for (;;) {
    const phys = nextPhysical();
    if (phys === null) break;
    if (phys === "boundary") {
      finish();
      continue;
    }
    const frame = phys;
    const fileText = frame.file.text;
    // The line without its line break and trailing white space, then without leading white space.
    let bodyEnd = physEnd;
    while (bodyEnd > physStart && isSpaceCode(fileText.charCodeAt(bodyEnd - 1))) bodyEnd--;
    let bodyStart = physStart;
    while (bodyStart < bodyEnd && isSpaceCode(fileText.charCodeAt(bodyStart))) bodyStart++;
    // A comment: no macro name starts with "#", so substitution cannot change that, nor make it a directive.
    if (bodyStart < bodyEnd && fileText.charCodeAt(bodyStart) === 35) continue;
    const body = fileText.slice(bodyStart, bodyEnd);
    const via = frame.via.length ? frame.via : undefined;
    const mapped = new MappedText(body, CharMap.copied(frame.file.path, bodyStart, body.length, via));
    const found = macros.expand(mapped, current === null);
    // Leading white space produced by a macro is skipped as well.
    let skip = 0;
    while (isSpace(mapped.text[skip])) skip++;
    if (skip) {
      mapped.text = mapped.text.slice(skip);
      mapped.chars = mapped.chars.slice(skip);
    }
    const text = mapped.text;
    if (text.charCodeAt(0) === 46) {
      // "." starts a directive or an include.
      const physRange = rangeOf(frame, bodyStart, body.length);
      const directive = directiveOf(text);
      if (directive) {
        const problem = conds.apply(directive, found, physRange);
        if (problem) error("exim/unbalanced-directive", problem, physRange);
        continue;
      }
      if (conds.skipping) continue;
      const inc = /^\.include(_if_exists)?(?=\s|$)/.exec(text);
      if (inc) {
        handleInclude(frame, text.slice(inc[0].length), inc[1] !== undefined, physRange);
        continue;
      }
    } else if (conds.skipping) continue;
    if (text.startsWith("#")) continue;
    const continued = text.endsWith("\\");
    if (!current && !continued) {
      // A logical line of one physical line (most of them): the mapped text is the line.
      current = mapped;
      currentFirst = rangeOf(frame, bodyStart, body.length);
      finish();
    } else {
      if (!current) {
        current = new MappedText("", CharMap.empty());
        currentFirst = rangeOf(frame, bodyStart, body.length);
      }
      current.text += continued ? text.slice(0, -1) : text;
      current.chars.append(continued ? mapped.chars.slice(0, mapped.chars.length - 1) : mapped.chars);
      if (!continued) finish();
    }
    if (opts.insertAfter && !inserted && frame.via.length === 0 && opts.insertAfter.matches(frame.file.lineText(frame.line))) {
      inserted = true;
      files.push(opts.insertAfter.source);
      push({ file: opts.insertAfter.source, real: opts.insertAfter.source.path, line: 0, via: [`inserted by update-exim4.conf after ${frame.file.path}:${frame.line}`] });
    }
  }
  finish();
  // Exim notices a missing .endif at the end of the file and reports its last line; the message names the opening line.
  const top = files[0];
  for (const range of conds.unclosed()) {
    const opener = files.find((f) => f.path === range.file);
    const openLine = opener ? opener.positionAt(range.start).line : 0;
    let at = range;
    if (top && top.text.length > 0) {
      const last = top.positionAt(top.text.length - (top.text.endsWith("\n") ? 2 : 1)).line;
      const start = top.offsetOfLine(last);
      at = top.range(start, start + top.lineText(last).length);
    }
    error("exim/unbalanced-directive", `Unexpected end of configuration file: .endif missing for the conditional at ${range.file}:${openLine}`, at);
  }
  return { lines, macros: macrosOut, includes, diagnostics, files };
}

function safeRealpath(p: string): string {
  try {
    return realpathSync(p);
  } catch {
    try {
      return resolve(realpathSync(dirname(p)), p.slice(dirname(p).length + 1));
    } catch {
      return p;
    }
  }
}
