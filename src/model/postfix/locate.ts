/** Ranges of things inside a parameter value, for findings that point at one reference or element. */
import type { Range } from "../../ast/range.js";

/**
 * The range of the first `$name`, `${name...` or `$(name...` reference in
 * `valueRange` of `text` (the file's text), or the whole value range.
 */
export function referenceRange(text: string, valueRange: Range, name: string): Range {
  const slice = text.slice(valueRange.start, valueRange.end);
  const re = new RegExp(`\\$(?:\\{|\\()?${name}(?![A-Za-z0-9_])`);
  const m = re.exec(slice);
  if (!m) return valueRange;
  const start = valueRange.start + m.index;
  let end = start + m[0].length;
  const open = m[0][1];
  if (open === "{" || open === "(") {
    // Cover the whole ${name...} / $(name...) expression up to its closing bracket.
    const close = open === "{" ? "}" : ")";
    let depth = 1;
    for (let i = end; i < valueRange.end; i++) {
      const c = text[i];
      if (c === open) depth++;
      else if (c === close && --depth === 0) {
        end = i + 1;
        break;
      }
    }
  }
  return { file: valueRange.file, start, end };
}
