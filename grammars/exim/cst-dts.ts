/** The CST typings of the Exim grammar, as Chevrotain generates them (committed in grammars/exim/generated/). */
import { generateCstDts } from "chevrotain";
import { eximParser } from "./parser.js";

export function eximCstDts(): string {
  return generateCstDts(eximParser.getGAstProductions());
}
