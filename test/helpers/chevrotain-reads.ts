/**
 * Which of Chevrotain's exports the code under test reads. A test file
 * replaces the module with a stand-in that records each read:
 *
 *   vi.mock("chevrotain", async (importActual) =>
 *     (await import("../helpers/chevrotain-reads.js")).recordingReads(await importActual()));
 *
 * and then looks at `chevrotainReads` (vitest gives each test file its own
 * module instances, so the set starts empty in every file).
 */
export const chevrotainReads = new Set<string>();

/** The module `actual` with a getter per export that records its name in chevrotainReads. */
export function recordingReads(actual: Record<string, unknown>): Record<string, unknown> {
  const module: Record<string, unknown> = {};
  for (const name of Object.keys(actual)) {
    Object.defineProperty(module, name, {
      enumerable: true,
      get: () => {
        chevrotainReads.add(name);
        return actual[name];
      },
    });
  }
  return module;
}
