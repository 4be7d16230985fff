/**
 * Splits a retry or rewrite rule into its white-space separated fields; a
 * field starting with a double quote runs to the closing quote (backslash
 * escapes kept), as Exim reads rewrite replacements (spec 31.2, 32.1).
 */
export interface RuleField {
  text: string;
  start: number;
  end: number;
}

export function splitRuleFields(text: string): RuleField[] {
  const fields: RuleField[] = [];
  let i = 0;
  while (i < text.length) {
    while (i < text.length && /\s/.test(text[i]!)) i++;
    if (i >= text.length) break;
    const start = i;
    if (text[i] === '"') {
      i++;
      while (i < text.length && text[i] !== '"') i += text[i] === "\\" ? 2 : 1;
      i = Math.min(i + 1, text.length);
    } else {
      while (i < text.length && !/\s/.test(text[i]!)) i++;
    }
    fields.push({ text: text.slice(start, i), start, end: i });
  }
  return fields;
}
