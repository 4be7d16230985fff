/**
 * The CST typings of the Exim grammar, as Chevrotain generates them (committed
 * in grammars/exim/generated/), from a parser built with Chevrotain's grammar
 * checks, which the CLI skips: a grammar error fails this.
 */
import { generateCstDts } from "chevrotain";
import { newEximParser } from "./parser.js";

export function eximCstDts(): string {
  return generateCstDts(newEximParser({ validate: true }).getGAstProductions());
}
