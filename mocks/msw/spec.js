// The bundled spec as a module, for the in-browser mock (bundlers and Node import JSON with this attribute).
// Plain JavaScript with a declaration beside it: TypeScript would otherwise infer a type for the whole
// 800 KB document.
import spec from "../../generated/openapi.json" with { type: "json" };

export const bundledSpec = spec;
