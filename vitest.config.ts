import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    include: ["test/**/*.test.ts"],
    // Tests run against the built client package: build it (when its inputs changed) before any test.
    globalSetup: ["test/support/client-package.ts"],
    // Two cores: keep worker count low so servers and Chromium started by tests have room.
    maxWorkers: 2,
    testTimeout: 30_000,
    hookTimeout: 60_000,
    // The JSON report is what .ci/run reads to print its closing "N passed, N failed" line.
    reporters: ["default", "json"],
    outputFile: { json: "test-output/vitest.json" },
  },
});
