/**
 * Exim configuration lines, one start rule per section kind (spec ch. 6, 31,
 * 32, 44). Departures from the manual: a line is parsed on its own (the
 * preprocessor yields logical lines), so a bad line costs only itself; and
 * the grammar accepts any option, verb or condition name — which exist is for
 * the model (src/model/exim/) to say.
 */
import { CstParser, type CstNode, type IToken } from "chevrotain";
import { eximTokenTypes } from "../exim.tokens.js";

/**
 * The parser class, defined when first needed: a class that extends
 * Chevrotain's CstParser at module load would make every start load and
 * evaluate Chevrotain (~3 ms), though most Exim lines are parsed by
 * fast-line.ts and a Postfix run never parses Exim. Built with Chevrotain's
 * grammar checks only by cst-dts.ts (see MainCfParser in
 * grammars/postfix-main.parser.ts).
 */
function defineEximParser(): new (options?: { validate?: boolean }) => EximParser {
  const { Bang, Begin, Colon, Equals, Hide, ListKind, Name, Other, Value, all } = eximTokenTypes();
  return class EximParser extends CstParser {
    constructor(options: { validate?: boolean } = {}) {
      super(all, { recoveryEnabled: false, maxLookahead: 4, skipValidations: options.validate !== true });
      this.performSelfAnalysis();
    }

    /** `begin acl` */
    beginLine = this.RULE("beginLine", () => {
      this.CONSUME(Begin);
      this.CONSUME(Name);
    });

    /** Main section: an option, `hide` option, or a named list. */
    mainLine = this.RULE("mainLine", () => {
      this.OR([
        { ALT: () => this.SUBRULE(this.beginLine) },
        { ALT: () => this.SUBRULE(this.namedList) },
        { ALT: () => this.SUBRULE(this.optionSetting) },
      ]);
    });

    namedList = this.RULE("namedList", () => {
      this.CONSUME(ListKind);
      this.CONSUME(Name);
      this.CONSUME(Equals);
      this.OPTION(() => this.CONSUME(Value));
    });

    optionSetting = this.RULE("optionSetting", () => {
      this.OPTION(() => this.CONSUME(Hide));
      this.CONSUME(Name);
      this.OPTION2(() => {
        this.CONSUME(Equals);
        this.OPTION3(() => this.CONSUME(Value));
      });
    });

    /**
     * ACL section: `name:`, or words: a verb or condition name, an optional
     * (negated) condition name, the variable of `set`, then "= value". Whether
     * the first word is a verb is for the AST builder (acl.c decides by name too).
     */
    aclLine = this.RULE("aclLine", () => {
      this.OR([
        { ALT: () => this.SUBRULE(this.beginLine) },
        { ALT: () => this.SUBRULE(this.instanceHeader) },
        { ALT: () => this.SUBRULE(this.negatedCondition) },
        { ALT: () => this.SUBRULE(this.aclWords) },
      ]);
    });

    instanceHeader = this.RULE("instanceHeader", () => {
      this.CONSUME(Name);
      this.CONSUME(Colon);
    });

    /** `!name = value` on a line of its own. */
    negatedCondition = this.RULE("negatedCondition", () => {
      this.CONSUME(Bang);
      this.CONSUME(Name);
      this.OPTION(() => this.CONSUME2(Name));
      this.OPTION2(() => this.SUBRULE(this.assignment));
    });

    aclWords = this.RULE("aclWords", () => {
      this.CONSUME(Name);
      this.OPTION(() => {
        this.OPTION2(() => this.CONSUME(Bang));
        this.CONSUME2(Name);
        this.OPTION3(() => this.CONSUME3(Name));
      });
      this.OPTION4(() => this.SUBRULE(this.assignment));
    });

    assignment = this.RULE("assignment", () => {
      this.CONSUME(Equals);
      this.OPTION(() => this.CONSUME(Value));
    });

    /** Routers, transports, authenticators: `name:` then one option per line. */
    driverLine = this.RULE("driverLine", () => {
      this.OR([
        { ALT: () => this.SUBRULE(this.beginLine) },
        { ALT: () => this.SUBRULE(this.instanceHeader) },
        { ALT: () => this.SUBRULE(this.optionSetting) },
      ]);
    });

    /** Retry and rewrite rules are free-form fields; the model splits them. */
    ruleLine = this.RULE("ruleLine", () => {
      this.OR({
        IGNORE_AMBIGUITIES: true,
        DEF: [
          { GATE: () => this.LA(1).tokenType === Begin && this.LA(2).tokenType === Name && this.LA(3).tokenType.name === "EOF", ALT: () => this.SUBRULE(this.beginLine) },
          {
            ALT: () =>
              this.AT_LEAST_ONE(() =>
                this.OR2([
                  { ALT: () => this.CONSUME(Name) },
                  { ALT: () => this.CONSUME(Begin) },
                  { ALT: () => this.CONSUME(Hide) },
                  { ALT: () => this.CONSUME(ListKind) },
                  { ALT: () => this.CONSUME(Colon) },
                  { ALT: () => this.CONSUME(Bang) },
                  { ALT: () => this.CONSUME(Equals) },
                  { ALT: () => this.CONSUME(Other) },
                  { ALT: () => this.CONSUME(Value) },
                ]),
              ),
          },
        ],
      });
    });
  };
}

/** What the rest of mtalint uses of the parser: its start rules, input and errors. */
export interface EximParser extends Pick<CstParser, "input" | "errors" | "getBaseCstVisitorConstructorWithDefaults" | "getGAstProductions"> {
  mainLine(): CstNode;
  aclLine(): CstNode;
  driverLine(): CstNode;
  ruleLine(): CstNode;
}

let parserClass: ReturnType<typeof defineEximParser> | undefined;

/** A new parser; `validate` runs Chevrotain's grammar checks (slow: for tests and cst-dts.ts). */
export function newEximParser(options: { validate?: boolean } = {}): EximParser {
  return new (parserClass ??= defineEximParser())(options);
}

let instance: EximParser | undefined;

/**
 * One parser instance, its input reset for each line, built on first use:
 * recording this grammar and computing its LL(4) lookahead takes
 * milliseconds that a Postfix-only run should not pay.
 */
export function eximParser(): EximParser {
  return (instance ??= newEximParser());
}

/**
 * The base class for CST visitors of this grammar (Chevrotain's, with a
 * default method per rule), usable in a class declaration at module load
 * without building the parser then. The parser is built, the real base put
 * into the prototype chain and the visitor checked (Chevrotain's
 * validateVisitor: a method for every rule) when a visitor first visits a
 * CST: an Exim file whose every line the hand scanner builds
 * (fast-line.ts) never builds the parser, nor loads Chevrotain. Chevrotain's
 * visitor constructors set no state, so not calling one at construction
 * changes nothing.
 */
export const EximVisitorBase = lazyVisitorBase(() => eximParser().getBaseCstVisitorConstructorWithDefaults());

interface Visitor {
  visit(cstNode: CstNode | CstNode[], param?: unknown): unknown;
  validateVisitor(): void;
}

function lazyVisitorBase<T extends new () => Visitor>(make: () => T): T {
  function LazyBase(): void {}
  LazyBase.prototype.visit = function firstVisit(this: Visitor, cstNode: CstNode | CstNode[], param?: unknown): unknown {
    const base = make();
    delete LazyBase.prototype.visit;
    Object.setPrototypeOf(LazyBase.prototype, base.prototype);
    this.validateVisitor();
    return this.visit(cstNode, param);
  };
  return LazyBase as unknown as T;
}

export type EximStartRule = "mainLine" | "aclLine" | "driverLine" | "ruleLine";

export function parseEximLine(tokens: IToken[], rule: EximStartRule): CstNode {
  const parser = eximParser();
  parser.input = tokens;
  return parser[rule]();
}
