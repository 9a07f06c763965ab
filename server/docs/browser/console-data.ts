// What the docs build tells the request console (browser/console.ts) about the page, as a JSON block in the
// page: shared by both sides, so it holds types and a constant only.

/** One operation as the docs build describes it to the console. */
export interface ConsoleOperation {
  operationId: string;
  /** `Controller/Action` */
  label: string;
  summary: string;
  path: string;
  secured: boolean;
  /** Query string of the example (without `?`), "" for the operations that take none. */
  query: string;
  /** The request example, pretty-printed JSON. */
  body: string;
  /** Redoc's anchor of the operation (`tag/operationid`, lower case). */
  anchor: string;
}

export interface ConsoleData {
  /** Where the API lives (the page's own origin when served by the reference server). */
  base: string;
  /** The username of the Account/Login example. */
  username: string;
  operations: ConsoleOperation[];
}

export const CONSOLE_DATA_ID = "romsoft-console-data";
