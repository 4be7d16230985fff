/**
 * Postfix's $name expansion (mac_expand(3), postconf(5) "parameter value
 * expressions"), as `postconf -x` applies it:
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

const MAX_DEPTH = 100;
const NAME = /[A-Za-z0-9_]/;

export function expand(text: string, lookup: Lookup): ExpandResult {
  const ctx: Ctx = { lookup, undefinedNames: [], error: undefined };
  const value = expandText(text, ctx, 0);
  const r: ExpandResult = { value, undefinedNames: [...new Set(ctx.undefinedNames)] };
  if (ctx.error) r.error = ctx.error;
  return r;
}

/** Every parameter name that `text` refers to with $name, ${name...} or $(name), at any depth. */
export function referencedNames(text: string): string[] {
  const names: string[] = [];
  const ctx: Ctx = {
    lookup: (n) => {
      names.push(n);
      return "";
    },
    undefinedNames: [],
    error: undefined,
    scanOnly: true,
  };
  expandText(text, ctx, 0);
  return [...new Set(names)];
}

interface Ctx {
  lookup: Lookup;
  undefinedNames: string[];
  error: string | undefined;
  /** Visit every branch without evaluating (for reference scanning). */
  scanOnly?: boolean;
}

/** Longest expansion result: beyond it the value is certainly a runaway (a = $b $b, b = $c $c, ...). */
const MAX_LENGTH = 1 << 20;

function expandText(text: string, ctx: Ctx, depth: number): string {
  // Postfix stops at the first problem (fatal "unreasonable macro call nesting"): so do we, also for siblings.
  if (ctx.error) return "";
  if (depth > MAX_DEPTH) {
    ctx.error ??= "unreasonable macro call nesting";
    return "";
  }
  let out = "";
  let i = 0;
  while (i < text.length) {
    const c = text[i]!;
    if (out.length > MAX_LENGTH) {
      ctx.error ??= "expansion result too large";
      return "";
    }
    if (c !== "$") {
      out += c;
      i++;
      continue;
    }
    const next = text[i + 1];
    if (next === "$") {
      out += "$";
      i += 2;
      continue;
    }
    if (next === "{" || next === "(") {
      const close = next === "{" ? "}" : ")";
      const end = matchClose(text, i + 1, next, close);
      if (end < 0) {
        ctx.error ??= `missing '${close}' in "${text.slice(i)}"`;
        out += text.slice(i);
        break;
      }
      out += bracketed(text.slice(i + 2, end), ctx, depth);
      i = end + 1;
      continue;
    }
    if (next !== undefined && NAME.test(next)) {
      let j = i + 1;
      while (j < text.length && NAME.test(text[j]!)) j++;
      out += value(text.slice(i + 1, j), ctx, depth);
      i = j;
      continue;
    }
    // A lone "$" is kept as is.
    out += c;
    i++;
  }
  return out;
}

function value(name: string, ctx: Ctx, depth: number): string {
  const v = ctx.lookup(name);
  if (v === undefined) {
    ctx.undefinedNames.push(name);
    return "";
  }
  if (ctx.scanOnly) return "";
  return expandText(v, ctx, depth + 1);
}

/** Index of the bracket closing the one at `open`, honouring nesting of both bracket kinds. */
function matchClose(text: string, open: number, o: string, c: string): number {
  let level = 0;
  for (let i = open; i < text.length; i++) {
    const ch = text[i];
    if (ch === o) level++;
    else if (ch === c && --level === 0) return i;
  }
  return -1;
}

function bracketed(body: string, ctx: Ctx, depth: number): string {
  if (body.startsWith("{")) return relational(body, ctx, depth);
  let j = 0;
  while (j < body.length && NAME.test(body[j]!)) j++;
  const name = body.slice(0, j);
  const rest = body.slice(j);
  if (name === "") {
    ctx.error ??= `macro name syntax error in "\${${body}}"`;
    return "";
  }
  if (rest === "") return value(name, ctx, depth);
  const op = rest[0];
  if (op !== "?" && op !== ":") {
    ctx.error ??= `macro name syntax error in "\${${body}}"`;
    return "";
  }
  const v = ctx.lookup(name);
  if (v === undefined) ctx.undefinedNames.push(name);
  const nonEmpty = !ctx.scanOnly && v !== undefined && expandText(v, ctx, depth + 1) !== "";
  const arg = rest.slice(1);
  // ${name?{t1}:{t2}} form (Postfix 3.0).
  const pair = op === "?" ? bracePair(arg) : undefined;
  if (pair) {
    if (ctx.scanOnly) {
      expandText(pair[0], ctx, depth + 1);
      expandText(pair[1], ctx, depth + 1);
      return "";
    }
    return expandText(nonEmpty ? pair[0] : pair[1], ctx, depth + 1);
  }
  const text = unbrace(arg);
  if (ctx.scanOnly) {
    expandText(text, ctx, depth + 1);
    return "";
  }
  const wanted = op === "?" ? nonEmpty : !nonEmpty;
  return wanted ? expandText(text, ctx, depth + 1) : "";
}

/** "{a}" → "a"; anything else unchanged. */
function unbrace(s: string): string {
  const t = s.trim();
  if (t.startsWith("{") && matchClose(t, 0, "{", "}") === t.length - 1) return t.slice(1, -1);
  return s;
}

/** "{t1}:{t2}" (whitespace allowed around ":") → [t1, t2]. */
function bracePair(s: string): [string, string] | undefined {
  const t = s.trim();
  if (!t.startsWith("{")) return undefined;
  const e1 = matchClose(t, 0, "{", "}");
  if (e1 < 0) return undefined;
  const after = t.slice(e1 + 1).trimStart();
  if (!after.startsWith(":")) return undefined;
  const second = after.slice(1).trim();
  if (!second.startsWith("{") || matchClose(second, 0, "{", "}") !== second.length - 1) return undefined;
  return [t.slice(1, e1), second.slice(1, -1)];
}

const REL = /^(==|!=|<=level|>=level|<level|>level|<=|>=|<|>)/;

function relational(body: string, ctx: Ctx, depth: number): string {
  let rest = body;
  const take = (): string | undefined => {
    rest = rest.trimStart();
    if (!rest.startsWith("{")) return undefined;
    const e = matchClose(rest, 0, "{", "}");
    if (e < 0) return undefined;
    const inner = rest.slice(1, e);
    rest = rest.slice(e + 1);
    return inner;
  };
  const a = take();
  rest = rest.trimStart();
  const m = REL.exec(rest);
  if (a === undefined || !m) {
    ctx.error ??= `syntax error in "\${${body}}"`;
    return "";
  }
  rest = rest.slice(m[0].length);
  const b = take();
  rest = rest.trimStart();
  if (b === undefined || !rest.startsWith("?")) {
    ctx.error ??= `syntax error in "\${${body}}"`;
    return "";
  }
  rest = rest.slice(1);
  const t1 = take();
  let t2 = "";
  rest = rest.trimStart();
  if (rest.startsWith(":")) {
    rest = rest.slice(1);
    t2 = take() ?? "";
  }
  if (t1 === undefined) {
    ctx.error ??= `syntax error in "\${${body}}"`;
    return "";
  }
  const left = expandText(a, ctx, depth + 1);
  const right = expandText(b, ctx, depth + 1);
  if (ctx.scanOnly) {
    expandText(t1, ctx, depth + 1);
    expandText(t2, ctx, depth + 1);
    return "";
  }
  return expandText(compare(left.trim(), m[1]!, right.trim()) ? t1 : t2, ctx, depth + 1);
}

function compare(a: string, op: string, b: string): boolean {
  if (op === "==") return a === b;
  if (op === "!=") return a !== b;
  const level = op.endsWith("level");
  const cmp = level ? compareLevels(a, b) : Number(a) - Number(b);
  switch (level ? op.slice(0, -5) : op) {
    case "<":
      return cmp < 0;
    case "<=":
      return cmp <= 0;
    case ">":
      return cmp > 0;
    default:
      return cmp >= 0;
  }
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
