// Spec-driven fuzzing, shard 2 of 2 (the other shard runs in parallel on the other core).
// See test/support/fuzz.ts; replay a failure with FUZZ_SEED=<seed printed in the failure>.
import { defineFuzzShard } from "../support/fuzz.js";

defineFuzzShard(1, 2);
