/**
 * Postfix's $name expansion (mac_expand(3), postconf(5) "parameter value
 * expressions"), as `postconf -x` applies it; the parsing follows
 * mac_parse.c and mac_expand.c step by step, so the same text is an error
 * (postconf: "macro processing error") in both:
 *   $$                               a literal "$"
 *   $name  ${name}  $(name)          the value of name, itself expanded; undefined → empty
 *   ${name?text}  ${name?{text}}     text when $name is non-empty
 *   ${name:text}  ${name:{text}}     text when $name is empty
 *   ${name?{t1}:{t2}}                t1 or t2
 *   ${{a} OP {b} ? {t1} : {t2}}      OP: == != < <= > >= (numbers) and <level <=level
 *                                    >level >=level (compatibility levels, Postfix 3.6+)
 * We never run anything: Postfix expressions cannot execute programs.
 */

export type Lookup = (name: string) => string | undefined;

export interface ExpandResult {
  value: string;
  /** Names referenced but not defined (postconf warns "undefined parameter"). */
  undefinedNames: string[];
  /** Set when expansion hit a problem Postfix treats as fatal (nesting too deep, syntax). */
  error?: string;
}

/** mtalint's own limit (Postfix has none): an expansion this large is a runaway such as a = $b $b, b = $c $c, ... */
export const EXPANSION_TOO_LARGE = "expansion result too large";

/** Postfix refuses a 102nd nested macro call (mac_expand.c: "level++ > 100"). */
const MAX_DEPTH = 100;
/** A parameter-name character, [A-Za-z0-9_] (a character code: the expander asks at every character). */
function isNameChar(c: number): boolean {
  return (c >= 97 && c <= 122) || (c >= 65 && c <= 90) || (c >= 48 && c <= 57) || c === 95;
}
/** CHARS_SPACE, the white space mac_expand skips around operands and operators: [ \t\r\n]. */
function isSpaceChar(c: number): boolean {
  return c === 32 || c === 9 || c === 13 || c === 10;
}

export function expand(text: string, lookup: Lookup): ExpandResult {
  // Most values (and defaults) have no "$": they are their own expansion.
  if (!text.includes("$")) return { value: text, undefinedNames: [] };
  const ctx: Ctx = { lookup, undefinedNames: [], error: undefined };
  const value = parse(text, ctx, 0);
  const r: ExpandResult = { value, undefinedNames: ctx.undefinedNames.length ? [...new Set(ctx.undefinedNames)] : [] };
  if (ctx.error) r.error = ctx.error;
  return r;
}

/** Every parameter name that `text` refers to with $name, ${name...} or $(name), at any depth. */
export function referencedNames(text: string): string[] {
  // Most values (and 5 in 6 built-in defaults, all scanned at every start) have no "$" at all.
  if (!text.includes("$")) return [];
  const names: string[] = [];
  const ctx: Ctx = {
    lookup: (n) => {
      if (n !== "") names.push(n);
      return "";
    },
    undefinedNames: [],
    error: undefined,
    scanOnly: true,
  };
  parse(text, ctx, 0);
  return [...new Set(names)];
}

interface Ctx {
  lookup: Lookup;
  undefinedNames: string[];
  error: string | undefined;
  /** References expanded so far: a runaway (a = $b $b, b = $c $c, ...) is stopped long before its result grows large. */
  steps?: number;
  /** Visit every branch without evaluating (MAC_EXP_FLAG_SCAN, for reference scanning). */
  scanOnly?: boolean;
}

/** Longest expansion result: beyond it the value is certainly a runaway (a = $b $b, b = $c $c, ...). */
const MAX_LENGTH = 1 << 20;

function fail(ctx: Ctx, message: string): string {
  ctx.error ??= message;
  return "";
}

/**
 * mac_parse(): literal text, "$$", and macro references $name, ${...} and
 * $(...) (the brackets balance only against their own kind). A "$" not
 * followed by a name or a bracket is an "empty macro name"; an unclosed
 * bracket a "truncated macro reference". The first error ends the parse.
 */
function parse(text: string, ctx: Ctx, depth: number): string {
  // Postfix stops at the first problem (fatal "unreasonable macro call nesting"): so do we, also for siblings.
  if (ctx.error) return "";
  let out = "";
  let i = 0;
  while (i < text.length) {
    if (out.length > MAX_LENGTH) return fail(ctx, EXPANSION_TOO_LARGE);
    const c = text[i]!;
    if (c !== "$") {
      const next = text.indexOf("$", i);
      const end = next < 0 ? text.length : next;
      if (!ctx.scanOnly) out += text.slice(i, end);
      i = end;
      continue;
    }
    if (text[i + 1] === "$") {
      out += "$";
      i += 2;
      continue;
    }
    i++;
    let name: string;
    const open = text[i];
    if (open === "{" || open === "(") {
      const close = open === "{" ? "}" : ")";
      let level = 1;
      let j = i + 1;
      for (; level > 0; j++) {
        if (j >= text.length) return out + fail(ctx, `truncated macro reference: "${text}"`);
        if (text[j] === open) level++;
        else if (text[j] === close) level--;
      }
      name = text.slice(i + 1, j - 1);
      i = j;
    } else {
      let j = i;
      while (j < text.length && isNameChar(text.charCodeAt(j))) j++;
      name = text.slice(i, j);
      i = j;
    }
    if (name === "") return out + fail(ctx, `empty macro name: "${text}"`);
    out += reference(name, ctx, depth);
    if (ctx.error) return out;
  }
  return out;
}

/** The text of a "{...}" operand that starts at `at` (after white space), balanced on {}; and where reading goes on (white space skipped). */
function curly(text: string, at: number, ctx: Ctx): { payload: string; next: number } | undefined {
  let level = 1;
  let j = at + 1;
  for (; ; j++) {
    if (j >= text.length) {
      fail(ctx, `unbalanced {} in attribute expression: "${text.slice(at)}"`);
      return undefined;
    }
    if (text[j] === "{") level++;
    else if (text[j] === "}" && --level <= 0) break;
  }
  return { payload: text.slice(at + 1, j), next: skipSpace(text, j + 1) };
}

function skipSpace(text: string, at: number): number {
  while (at < text.length && isSpaceChar(text.charCodeAt(at))) at++;
  return at;
}

/**
 * mac_expand_callback() for one reference: a relational expression
 * "{a} OP {b}" or a name, then nothing, "?result", ":result" or
 * "?{t}:{f}". A result operand in braces is a payload; otherwise it is the
 * rest of the text. The value of a name is expanded in turn only when it is
 * used and not empty; "?" and ":" test the value as written (not expanded).
 */
/** More references than any configuration needs in one value. */
const MAX_STEPS = 50_000;

function reference(body: string, ctx: Ctx, depth: number): string {
  if (depth > MAX_DEPTH) return fail(ctx, `unreasonable macro call nesting: "${body}"`);
  ctx.steps = (ctx.steps ?? 0) + 1;
  if (ctx.steps > MAX_STEPS) return fail(ctx, EXPANSION_TOO_LARGE);
  let cp: number;
  let op: string;
  let value: string | undefined;
  const start = skipSpace(body, 0);
  if (body[start] === "{") {
    const rel = relational(body, start, ctx, depth);
    if (!rel) return "";
    value = ctx.scanOnly ? undefined : rel.truth ? "true" : "";
    op = body[rel.next] ?? "";
    if (op !== "" && op !== "?" && op !== ":") return fail(ctx, `"?" or ":" expected at: "...}>>>${body.slice(rel.next, rel.next + 20)}"`);
    cp = rel.next + 1;
  } else {
    let k = start;
    for (;;) {
      const ws = skipSpace(body, k);
      const ch = body[ws];
      if (ch === undefined) {
        op = "";
        cp = body.length;
        break;
      }
      if (ch === "?" || ch === ":") {
        op = ch;
        cp = ws + 1;
        break;
      }
      if (!isNameChar(body.charCodeAt(k))) return fail(ctx, `attribute name syntax error at: "...${body.slice(0, k)}>>>${body.slice(k, k + 20)}"`);
      k++;
    }
    const name = body.slice(start, k);
    value = ctx.lookup(name);
    if (value === undefined) ctx.undefinedNames.push(name);
  }
  const nonEmpty = value !== undefined && value !== "";
  let out = "";
  if (op === "?") {
    const r = operand(body, cp, ctx);
    if (!r) return "";
    if (nonEmpty || ctx.scanOnly) out += parse(r.text, ctx, depth + 1);
    if (ctx.error || r.next >= body.length) return out;
    if (body[r.next] !== ":") return fail(ctx, `":" expected at: "...${r.text}}>>>${body.slice(r.next, r.next + 20)}"`);
    cp = r.next + 1;
    op = ":";
  }
  if (op === ":") {
    const r = operand(body, cp, ctx);
    if (!r) return "";
    if (!nonEmpty || ctx.scanOnly) out += parse(r.text, ctx, depth + 1);
    if (ctx.error) return out;
    if (r.next < body.length) return fail(ctx, `unexpected input at: "...${r.text}}>>>${body.slice(r.next, r.next + 20)}"`);
    return out;
  }
  if (!nonEmpty || ctx.scanOnly) return "";
  return parse(value!, ctx, depth + 1);
}

/** A result operand after "?" or ":": "{payload}" (white space before it allowed), else the rest of the text. */
function operand(body: string, at: number, ctx: Ctx): { text: string; next: number } | undefined {
  const ws = skipSpace(body, at);
  if (body[ws] === "{") {
    const c = curly(body, ws, ctx);
    return c && { text: c.payload, next: c.next };
  }
  return { text: body.slice(at), next: body.length };
}

const OPERATOR_CHARS = /[<>!=?+\-*/~&|%]/;
const OPERATORS = new Set(["==", "!=", "<", "<=", ">=", ">"]);

/** "{a} OP {b}" (mac_exp_parse_relational). OP may carry the suffix "level" (compatibility levels, registered by Postfix 3.6+). */
function relational(body: string, at: number, ctx: Ctx, depth: number): { truth: boolean; next: number } | undefined {
  const left = curly(body, at, ctx);
  if (!left) return undefined;
  let k = left.next;
  while (k < body.length && OPERATOR_CHARS.test(body[k]!)) k++;
  const op = body.slice(left.next, k);
  if (!OPERATORS.has(op)) {
    fail(ctx, `"==" or "!=" or "<" or "<=" or ">=" or ">" expected at: "...${left.payload}}>>>${body.slice(left.next, left.next + 20)}"`);
    return undefined;
  }
  let suffix = "";
  if (k < body.length && /[A-Za-z0-9]/.test(body[k]!)) {
    let e = k;
    while (e < body.length && /[A-Za-z0-9]/.test(body[e]!)) e++;
    suffix = body.slice(k, e);
    if (suffix !== "level") {
      fail(ctx, `bad operator suffix at: "...${op}>>>${suffix}"`);
      return undefined;
    }
    k = e;
  }
  const ws = skipSpace(body, k);
  if (body[ws] !== "{") {
    fail(ctx, `"{expression}" expected at: "...{${left.payload}} ${op}${suffix}>>>${body.slice(ws, ws + 20)}"`);
    return undefined;
  }
  const right = curly(body, ws, ctx);
  if (!right) return undefined;
  // Each operand is expanded on its own (mac_expand), before the comparison.
  const a = parse(left.payload, ctx, depth + 1);
  const b = parse(right.payload, ctx, depth + 1);
  if (ctx.error) return undefined;
  if (ctx.scanOnly) return { truth: false, next: right.next };
  const truth = suffix === "level" ? compareAsLevels(a, op, b, ctx) : compare(a, op, b);
  if (truth === undefined) return undefined;
  return { truth, next: right.next };
}

function holds(op: string, delta: number): boolean {
  switch (op) {
    case "==":
      return delta === 0;
    case "!=":
      return delta !== 0;
    case "<":
      return delta < 0;
    case "<=":
      return delta <= 0;
    case ">":
      return delta > 0;
    default:
      return delta >= 0;
  }
}

/** mac_exp_eval(): numerically when both sides are all digits, else as strings (strcmp). */
function compare(a: string, op: string, b: string): boolean {
  const digits = /^\d*$/;
  if (digits.test(a) && digits.test(b)) {
    const x = a.replace(/^0+(?=\d)/, "");
    const y = b.replace(/^0+(?=\d)/, "");
    return holds(op, x.length !== y.length ? x.length - y.length : x < y ? -1 : x > y ? 1 : 0);
  }
  return holds(op, a < b ? -1 : a > b ? 1 : 0);
}

/** Compatibility levels "major[.minor[.patch]]"; anything else is an error ("malformed compatibility level syntax"). */
function compareAsLevels(a: string, op: string, b: string, ctx: Ctx): boolean | undefined {
  // compat_level_from_string(): strtol on each part, so leading blanks and "+" pass.
  const level = /^[ \t]*\+?\d+(?:\.[ \t]*\+?\d+(?:\.[ \t]*\+?\d+)?)?$/;
  for (const v of [a, b]) {
    if (!level.test(v)) {
      fail(ctx, `malformed compatibility level syntax: "${v}"`);
      return undefined;
    }
  }
  return holds(op, compareLevels(a, b));
}

/** Compare compatibility levels "major[.minor[.patch]]" numerically, field by field. */
export function compareLevels(a: string, b: string): number {
  const pa = a.split(".").map(Number);
  const pb = b.split(".").map(Number);
  for (let i = 0; i < 3; i++) {
    const d = (pa[i] ?? 0) - (pb[i] ?? 0);
    if (d !== 0) return d;
  }
  return 0;
}
