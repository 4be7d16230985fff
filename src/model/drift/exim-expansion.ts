/**
 * A scanner for the parts of Exim string expansions that the taint rules
 * look at (spec chapter 11): variable references and ${lookup ...} items,
 * with their offsets in the text. It does not evaluate anything.
 */
import { eximDrift } from "./exim.js";

export interface VariableRef {
  /** Without "$" and braces: "local_part", "h_subject". */
  name: string;
  start: number;
  end: number;
}

export interface LookupItem {
  /** The lookup type without options and prefixes: "lsearch", "mysql". */
  type: string;
  /** ${lookup{key}type{file}}: true; ${lookup type{query}}: false. */
  singleKey: boolean;
  /** The file name (single-key) or the query, as written. */
  argument: string;
  argumentStart: number;
  start: number;
  end: number;
}

/** The index just past the "}" that closes the "{" at `open`, honouring backslash escapes; -1 when unbalanced. */
function closeBrace(s: string, open: number): number {
  let depth = 0;
  for (let i = open; i < s.length; i++) {
    const c = s[i];
    if (c === "\\") i++;
    else if (c === "{") depth++;
    else if (c === "}" && --depth === 0) return i + 1;
  }
  return -1;
}

/** Parses the ${lookup item that starts at `at` ("${lookup"). */
function parseLookup(s: string, at: number): LookupItem | undefined {
  let i = at + "${lookup".length;
  while (/\s/.test(s[i] ?? "")) i++;
  let singleKey = false;
  if (s[i] === "{") {
    singleKey = true;
    i = closeBrace(s, i);
    if (i < 0) return undefined;
    while (/\s/.test(s[i] ?? "")) i++;
  }
  const typeStart = i;
  while (i < s.length && s[i] !== "{" && s[i] !== "}") i++;
  if (s[i] !== "{") return undefined;
  // "partial2-lsearch*@,ret=key" → "lsearch"
  const type = s.slice(typeStart, i).trim().split(",")[0]!.replace(/^partial\d*(\([^)]*\))?-/, "").replace(/\*@?$/, "");
  const argOpen = i;
  const argEnd = closeBrace(s, argOpen);
  if (argEnd < 0) return undefined;
  const end = closeBrace(s, at + 1);
  return { type, singleKey, argument: s.slice(argOpen + 1, argEnd - 1), argumentStart: argOpen + 1, start: at, end: end < 0 ? s.length : end };
}

/** Every ${lookup ...} item, nested ones included. */
export function lookupItems(s: string): LookupItem[] {
  const out: LookupItem[] = [];
  for (let i = s.indexOf("${lookup"); i >= 0; i = s.indexOf("${lookup", i + 1)) {
    if (s[i - 1] === "\\") continue;
    const item = parseLookup(s, i);
    if (item) out.push(item);
  }
  return out;
}

export interface RefScanOptions {
  /** Skip ${lookup ...} items: their result is not tainted. */
  skipLookups?: boolean;
  /** Skip ${quote_<type>:...} and ${quote:...}: quoted data is safe in a query (NewStuff 4.96 #6). */
  skipQuoted?: boolean;
}

/** Variable references in `s`, outside the items `opts` skips. */
export function variableRefs(s: string, opts: RefScanOptions = {}): VariableRef[] {
  const out: VariableRef[] = [];
  for (let i = 0; i < s.length; i++) {
    const c = s[i];
    if (c === "\\") {
      i++;
      continue;
    }
    if (c !== "$") continue;
    const rest = s.slice(i);
    if ((opts.skipLookups && rest.startsWith("${lookup")) || (opts.skipQuoted && /^\$\{quote(_\w+)?:/.test(rest))) {
      const end = closeBrace(s, i + 1);
      if (end < 0) break;
      i = end - 1;
      continue;
    }
    const m = /^\$(?:\{([A-Za-z_][\w]*)\}|((?:r?b?h|r?b?header|lh|lheader)_[^\s:]+:|[A-Za-z_]\w*))/.exec(rest);
    if (!m) continue;
    const name = (m[1] ?? m[2]!).replace(/:$/, "");
    out.push({ name, start: i, end: i + m[0].length });
  }
  return out;
}

/** True for variables whose value came from the message or the session (tainted since Exim 4.94). */
export function isTaintedVariable(name: string): boolean {
  return eximDrift.taint.variables.includes(name) || eximDrift.taint.variablePrefixes.some((p) => name.startsWith(p));
}
