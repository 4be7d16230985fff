import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    globalSetup: ["test/global-setup.ts"],
    // Oracle tests start real postconf/exim processes; on a loaded 2-core CI machine they need room.
    testTimeout: 60_000,
    hookTimeout: 60_000,
  },
});
