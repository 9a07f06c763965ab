// Money arithmetic of the billing actions.

/** Rounded to cents (half away from zero for the values money takes). */
export function round2(n: number): number {
  return Math.round((n + Number.EPSILON) * 100) / 100;
}
