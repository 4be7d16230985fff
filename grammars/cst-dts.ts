/**
 * The CST typings of each grammar, as Chevrotain generates them (see
 * scripts/gen-cst-dts.mjs). The parsers are built here with Chevrotain's
 * grammar checks, which the CLI skips: a grammar error fails this.
 */
import { generateCstDts } from "chevrotain";
import { newMainCfParser } from "./postfix-main.parser.js";
import { newMasterCfParser } from "./postfix-master.parser.js";

export function cstDtsFor(): Record<string, string> {
  return {
    "postfix-main": generateCstDts(newMainCfParser({ validate: true }).getGAstProductions()),
    "postfix-master": generateCstDts(newMasterCfParser({ validate: true }).getGAstProductions()),
  };
}
