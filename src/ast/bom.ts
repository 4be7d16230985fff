/**
 * A UTF-8 byte order mark at the start of main.cf or master.cf. Postfix does
 * not skip it: the three bytes are text of line 1 (measured with postconf
 * 3.7). A parameter or service name written there gets them as a prefix, so
 * main.cf does not set that parameter (postconf reports it as unused) and
 * master.cf names a different service; any other line 1 (a comment, a blank
 * line) becomes a setting without "=" or a service without fields, and
 * Postfix refuses the file.
 */
import type { Diagnostic } from "../diagnostics.js";
import { Severity } from "../engine/severity.js";
import type { Range, SourceFile } from "./range.js";

const SAVE = "save the file as UTF-8 without a byte order mark";

/** The diagnostic for a file read with a BOM; `first` is the parameter or service written at the very start, if any. */
export function postfixBomDiagnostic(source: SourceFile, kind: "main.cf" | "master.cf", first: { name: string; nameRange: Range } | undefined): Diagnostic {
  const atStart = first !== undefined && first.nameRange.start === 0 ? first : undefined;
  const base = { code: "postfix/syntax", severity: Severity.Error, detail: "byte-order-mark" } as const;
  if (atStart) {
    const message =
      kind === "main.cf"
        ? `the file starts with a UTF-8 byte order mark, which Postfix reads as part of the name "${atStart.name}": this line sets a parameter Postfix does not know (postconf reports it as unused), so ${atStart.name} keeps its default; ${SAVE}`
        : `the file starts with a UTF-8 byte order mark, which Postfix reads as part of the service name: this entry defines a service named with the mark before "${atStart.name}", not ${atStart.name}; ${SAVE}`;
    // Postfix goes on without the setting (as with other lines it ignores): a warning, and print still prints.
    return { ...base, severity: Severity.Warning, message, range: atStart.nameRange };
  }
  const fatal = kind === "main.cf" ? `missing '=' after attribute name` : `bad field count`;
  const end = source.lineText(1).length;
  return {
    ...base,
    message: `the file starts with a UTF-8 byte order mark, which Postfix reads as text on line 1: it stops with "${fatal}" and refuses the file; ${SAVE}`,
    range: source.range(0, end),
  };
}
