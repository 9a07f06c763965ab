// The request bodies of test/fixtures/dotnet-client-bodies.json, shaped as the .NET desktop client sends them
// (Newtonsoft defaults), and the path an operation is called at with the query string of its spec examples.
import { join } from "node:path";
import type { Operation } from "../../contract/spec.js";
import { fixturesDir, readJson } from "./backend-facts.js";

export interface DotnetClientBody {
  operationId: string;
  /** What the desktop client was doing when it sent this body. */
  note: string;
  body: unknown;
}

export const dotnetClientBodies: readonly DotnetClientBody[] = readJson<{ bodies: DotnetClientBody[] }>(
  join(fixturesDir, "dotnet-client-bodies.json"),
).bodies;

/** The operation's path with its query parameters set to their spec examples (`?idPaciente=1`). */
export function pathWithExampleQuery(op: Operation): string {
  const query = op.queryParameters.map((p) => `${p.name}=${String(p.example)}`).join("&");
  return query ? `${op.path}?${query}` : op.path;
}
