/**
 * .ifdef / .ifndef / .elifdef / .elifndef / .else / .endif (spec 6.10). The
 * condition is whether a macro was substituted in the directive's line.
 * States as readconf.c keeps them: 0 reading, 1 skipping until a true branch,
 * 2 skipping after the true branch, 3 skipping a block nested in a skipped one.
 */
import type { Range } from "../ast/range.js";

export const COND_DIRECTIVES = [".ifdef", ".ifndef", ".elifdef", ".elifndef", ".else", ".endif"] as const;
export type CondDirective = (typeof COND_DIRECTIVES)[number];

interface CondFrame {
  state: 0 | 1 | 2 | 3;
  range: Range;
}

/** readconf.c keeps conditionals on a stack of this size: the 11th nested .ifdef is a configuration error. */
export const MAX_COND_NESTING = 10;

export class Conditionals {
  private readonly frames: CondFrame[] = [];
  private tooDeep = false;

  /** Applies a directive; returns an error message for one without a matching .ifdef, or nested too deeply. */
  apply(name: CondDirective, found: boolean, range: Range): string | undefined {
    const top = this.frames.at(-1);
    if (name === ".ifdef" || name === ".ifndef") {
      const cond = name === ".ifdef" ? found : !found;
      this.frames.push({ state: top && top.state !== 0 ? 3 : cond ? 0 : 1, range });
      // Exim stops at the first one; mtalint reads on (keeping the nesting) but reports it once.
      if (this.frames.length > MAX_COND_NESTING && !this.tooDeep) {
        this.tooDeep = true;
        return `${name} nested too deeply: Exim allows ${MAX_COND_NESTING} nested conditionals and refuses this configuration`;
      }
      return undefined;
    }
    if (!top) return `${name} without matching .ifdef`;
    if (name === ".endif") this.frames.pop();
    else if (name === ".else") top.state = top.state === 0 ? 2 : top.state === 1 ? 0 : top.state;
    else {
      const cond = name === ".elifdef" ? found : !found;
      top.state = top.state === 0 ? 2 : top.state === 1 ? (cond ? 0 : 1) : top.state;
    }
    return undefined;
  }

  /** A frame is pushed in state 3 under a skipping one, so the innermost frame alone tells. */
  get skipping(): boolean {
    const top = this.frames.at(-1);
    return top !== undefined && top.state !== 0;
  }

  /** Directives still open at the end of the input. */
  unclosed(): Range[] {
    return this.frames.map((f) => f.range);
  }
}

/** The directive a physical line (leading white space removed) starts with, if any. */
export function directiveOf(text: string): CondDirective | undefined {
  return COND_DIRECTIVES.find((d) => text.startsWith(d) && (text.length === d.length || /\s/.test(text[d.length]!)));
}
