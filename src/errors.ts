/**
 * Errors the CLI prints as one line and exits 2 for. Anything else thrown is
 * a bug in mtalint (printed with a stack only under --debug).
 */
export class UsageError extends Error {
  override name = "UsageError";
}

/** Input mtalint cannot read as a config: binary, unreadable, invalid UTF-8, absurd line length. */
export class InputError extends Error {
  override name = "InputError";
  constructor(
    readonly path: string,
    readonly reason: string,
    readonly line?: number,
  ) {
    super(`${path}${line !== undefined ? `:${line}` : ""}: ${reason}`);
  }
}
