// Writes a generated file, or with MTALINT_GEN_CHECK=1 only checks that the
// committed file equals what the generator produces now (exit code 1 if not).
import { existsSync, readFileSync, writeFileSync } from "node:fs";

export function emit(path, text) {
  if (process.env.MTALINT_GEN_CHECK === "1") {
    const current = existsSync(path) ? readFileSync(path, "utf8") : undefined;
    if (current !== text) {
      console.error(`${path} is out of date: regenerate it (see package.json gen:* scripts)`);
      process.exitCode = 1;
    }
    return;
  }
  writeFileSync(path, text);
}
