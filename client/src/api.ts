// The generated types the client is typed by (generated/api.d.ts, from the spec). In the built package this
// file's declaration is replaced by a copy of generated/api.d.ts, so a consumer needs no file of this repository.
export type { components, operations, paths } from "../../generated/api.js";
