import type { OpenApiDocument } from "../../contract/operations.js";

/** generated/openapi.json */
export declare const bundledSpec: OpenApiDocument;
