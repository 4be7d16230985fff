/** --text: the classic unified diff of the paired files, with the `diff` package (jsdiff). */
import { createTwoFilesPatch } from "diff";
import type { FilePair } from "./files.js";

export function unifiedDiff(pairs: FilePair[]): string {
  const out: string[] = [];
  for (const p of pairs) {
    const b = p.before?.text ?? "";
    const a = p.after?.text ?? "";
    if (b === a) continue;
    out.push(createTwoFilesPatch(p.before?.path ?? "/dev/null", p.after?.path ?? "/dev/null", b, a, undefined, undefined, { context: 3 }));
  }
  return out.join("");
}
