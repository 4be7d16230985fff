/**
 * A deliberately small evaluator for Exim string expansions that decide ACL
 * conditions at RCPT time: ${if ...}, ${eval:...}, variables whose values a
 * scenario fixes ($rcpt_count is 1 at the first RCPT...). Anything else —
 * lookups, ${run}, ${readsocket}, file tests — is not evaluated: the result
 * is "unknown", never a guess. Nothing here can run a program.
 */

import type { ReadFile } from "./lookups.js";

export class Unknown extends Error {}

export type Vars = Record<string, string>;

/**
 * Answers exists{path} for files mtalint can see (the config's own directory); undefined = cannot know.
 * `read`, where set, reads such files (lookup files and files named in lists).
 */
export type ExistsCheck = ((path: string) => boolean | undefined) & { read?: ReadFile };

export function evalExpansion(text: string, vars: Vars, exists?: ExistsCheck): string {
  const p = new Parser(text, vars, exists);
  const out = p.text(() => false);
  if (p.pos < text.length) throw new Unknown(`cannot read the expansion "${text}"`);
  return out;
}

/** The truth of an expanded condition string, as ACL `condition =` reads it. */
export function expansionTruth(text: string, vars: Vars, exists?: ExistsCheck): boolean {
  const v = evalExpansion(text, vars, exists).trim().toLowerCase();
  if (v === "" || v === "0" || v === "no" || v === "false") return false;
  if (v === "1" || v === "yes" || v === "true") return true;
  throw new Unknown(`condition expanded to "${v}", which Exim treats as an error`);
}

/** string_interpret_escape(): the character a backslash sequence starting at `at` (after the backslash) stands for, and its length. */
function escape(s: string, at: number): [string, number] {
  const c = s[at];
  if (c === undefined) return ["\\", 0];
  const octal = /^[0-7]{1,3}/.exec(s.slice(at));
  if (octal) return [String.fromCharCode(parseInt(octal[0], 8) & 0xff), octal[0].length];
  const hex = c === "x" ? /^[0-9a-fA-F]{1,2}/.exec(s.slice(at + 1)) : null;
  if (hex) return [String.fromCharCode(parseInt(hex[0], 16)), 1 + hex[0].length];
  const named: Record<string, string> = { b: "\b", f: "\f", n: "\n", r: "\r", t: "\t", v: "\v" };
  return [named[c] ?? c, 1];
}

class Parser {
  pos = 0;
  constructor(
    readonly s: string,
    readonly vars: Vars,
    readonly exists?: ExistsCheck,
  ) {}

  peek(n = 0): string {
    return this.s[this.pos + n] ?? "";
  }

  ws(): void {
    while (/\s/.test(this.peek())) this.pos++;
  }

  /** Literal text with $-items, up to a stop character at nesting level 0. */
  text(stop: (c: string) => boolean): string {
    let out = "";
    while (this.pos < this.s.length && !stop(this.peek())) {
      const c = this.peek();
      if (c === "\\" && this.peek(1) === "N") {
        // \N...\N: literal text, not expanded.
        const end = this.s.indexOf("\\N", this.pos + 2);
        out += this.s.slice(this.pos + 2, end < 0 ? this.s.length : end);
        this.pos = end < 0 ? this.s.length : end + 2;
      } else if (c === "\\") {
        const [ch, length] = escape(this.s, this.pos + 1);
        out += ch;
        this.pos += 1 + length;
      } else if (c === "$") {
        out += this.item();
      } else {
        out += c;
        this.pos++;
      }
    }
    return out;
  }

  item(): string {
    this.pos++; // $
    if (this.peek() === "{") {
      this.pos++;
      const name = this.word();
      if (name === "if") return this.ifItem();
      if (name === "eval" || name === "eval10") {
        if (this.peek() !== ":") throw new Unknown("unsupported ${eval} form");
        this.pos++;
        const expr = this.text((c) => c === "}");
        this.expect("}");
        return String(evalArithmetic(expr));
      }
      if (this.peek() === "}") {
        this.pos++;
        return this.variable(name);
      }
      throw new Unknown(`\${${name}...} is not evaluated by mtalint`);
    }
    const name = this.word();
    if (!name) return "$";
    return this.variable(name);
  }

  variable(name: string): string {
    const v = this.vars[name];
    if (v === undefined) throw new Unknown(`$${name} is only known at run time`);
    return v;
  }

  word(): string {
    const m = /^[A-Za-z0-9_]+/.exec(this.s.slice(this.pos));
    if (!m) return "";
    this.pos += m[0].length;
    return m[0];
  }

  expect(c: string): void {
    this.ws();
    if (this.peek() !== c) throw new Unknown(`expected "${c}" in "${this.s}"`);
    this.pos++;
  }

  braced(): string {
    this.expect("{");
    let depth = 0;
    const out = this.text((c) => {
      if (c === "{") depth++;
      if (c === "}") {
        if (depth === 0) return true;
        depth--;
      }
      return false;
    });
    this.expect("}");
    return out;
  }

  ifItem(): string {
    this.ws();
    const truth = this.condition();
    this.ws();
    if (this.peek() === "}") {
      // ${if cond} alone yields "true" or "" (spec "Expansion conditions").
      this.pos++;
      return truth ? "true" : "";
    }
    const yes = this.braced();
    this.ws();
    let no = "";
    if (this.peek() === "{") no = this.braced();
    this.expect("}");
    return truth ? yes : no;
  }

  condition(): boolean {
    this.ws();
    if (this.peek() === "!") {
      this.pos++;
      return !this.condition();
    }
    const op = /^(<=|>=|==|=|<|>|[a-z_]+)/.exec(this.s.slice(this.pos))?.[0];
    if (!op) throw new Unknown(`cannot read a condition in "${this.s}"`);
    this.pos += op.length;
    switch (op) {
      case "and":
      case "or": {
        this.expect("{");
        const results: boolean[] = [];
        this.ws();
        while (this.peek() === "{") {
          this.pos++;
          results.push(this.condition());
          this.expect("}");
          this.ws();
        }
        this.expect("}");
        return op === "and" ? results.every(Boolean) : results.some(Boolean);
      }
      case "<":
      case ">":
      case "<=":
      case ">=":
      case "=":
      case "==": {
        const a = toInt(this.braced());
        const b = toInt(this.braced());
        return op === "<" ? a < b : op === ">" ? a > b : op === "<=" ? a <= b : op === ">=" ? a >= b : a === b;
      }
      case "eq":
      case "ne":
      case "eqi":
      case "nei": {
        const a = this.braced();
        const b = this.braced();
        const eq = op.endsWith("i") ? a.toLowerCase() === b.toLowerCase() : a === b;
        return op.startsWith("eq") ? eq : !eq;
      }
      case "def": {
        if (this.peek() !== ":") throw new Unknown("unsupported def form");
        this.pos++;
        const name = this.word();
        const v = this.vars[name];
        if (v === undefined) throw new Unknown(`$${name} is only known at run time`);
        return v !== "";
      }
      case "exists": {
        const path = this.braced().trim();
        const r = this.exists?.(path);
        if (r === undefined) throw new Unknown(`whether ${path} exists on the server`);
        return r;
      }
      case "bool": {
        const v = this.braced().trim().toLowerCase();
        if (["yes", "true", "1"].includes(v)) return true;
        if (["no", "false", "0", ""].includes(v)) return false;
        throw new Unknown(`bool{${v}} is an error in Exim`);
      }
      default:
        throw new Unknown(`the condition "${op}" is not evaluated by mtalint`);
    }
  }
}

function toInt(s: string): number {
  const t = s.trim();
  if (!/^-?\d+$/.test(t)) throw new Unknown(`"${t}" is not a number`);
  return Number(t);
}

/** Integer arithmetic as ${eval} does it: + - * / % with parentheses. */
function evalArithmetic(expr: string): number {
  let i = 0;
  const s = expr.replace(/\s+/g, "");
  const num = (): number => {
    if (s[i] === "(") {
      i++;
      const v = sum();
      if (s[i] !== ")") throw new Unknown(`bad \${eval} expression "${expr}"`);
      i++;
      return v;
    }
    if (s[i] === "-") {
      i++;
      return -num();
    }
    const m = /^\d+/.exec(s.slice(i));
    if (!m) throw new Unknown(`bad \${eval} expression "${expr}"`);
    i += m[0].length;
    return Number(m[0]);
  };
  const product = (): number => {
    let v = num();
    while (s[i] === "*" || s[i] === "/" || s[i] === "%") {
      const op = s[i++];
      const r = num();
      if (op !== "*" && r === 0) throw new Unknown("division by zero in ${eval}");
      v = op === "*" ? v * r : op === "/" ? Math.trunc(v / r) : v % r;
    }
    return v;
  };
  const sum = (): number => {
    let v = product();
    while (s[i] === "+" || s[i] === "-") {
      const op = s[i++];
      const r = product();
      v = op === "+" ? v + r : v - r;
    }
    return v;
  };
  const v = sum();
  if (i !== s.length) throw new Unknown(`bad \${eval} expression "${expr}"`);
  return v;
}
