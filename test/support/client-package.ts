// vitest global setup: the tests import the typed client as its package (`@romsoft-contract/client`, the
// client/ workspace), which resolves to the built files in client/dist. Build them before any test runs,
// unless they were built from the same inputs already.
import { buildClient } from "../../client/scripts/build.js";

export default async function setup(): Promise<void> {
  await buildClient({ ifStale: true });
}
