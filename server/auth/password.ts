// Password hashing for SEG_USUARIO: scrypt (node:crypto) with a random salt per password, stored in a
// self-describing string `scrypt$N$r$p$<salt base64>$<hash base64>` so the cost can be raised later without
// invalidating stored hashes. Plain passwords are never stored, returned or logged.
import { randomBytes, scrypt, scryptSync, timingSafeEqual } from "node:crypto";

/** Cost parameters for new hashes: N=2^15, r=8, p=1 (32 MiB, roughly 0.1 s on one core). */
export const DEFAULT_COST = { N: 1 << 15, r: 8, p: 1 } as const;
let COST: { N: number; r: number; p: number } = { ...DEFAULT_COST };

/**
 * Changes N for hashes created from now on (verification always uses the parameters stored in the hash).
 * Production keeps DEFAULT_COST; test suites lower it so that creating users does not dominate their run time.
 */
export function setHashCost(N: number): void {
  if (!Number.isInteger(Math.log2(N)) || N < 2 || N > 1 << 20) throw new Error("N must be a power of two up to 2^20");
  COST = { ...COST, N };
}
const KEY_LENGTH = 32;
const SALT_LENGTH = 16;
const PREFIX = "scrypt";

interface Parsed {
  N: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function maxmem(N: number, r: number): number {
  // scrypt needs 128 * N * r bytes; leave headroom (Node's default limit is 32 MiB).
  return 256 * N * r + 1024 * 1024;
}

function parse(stored: string): Parsed | null {
  const parts = stored.split("$");
  if (parts.length !== 6 || parts[0] !== PREFIX) return null;
  const [N, r, p] = [Number(parts[1]), Number(parts[2]), Number(parts[3])];
  if (![N, r, p].every((n) => Number.isSafeInteger(n) && n > 0)) return null;
  // Refuse absurd parameters from a tampered row instead of allocating gigabytes.
  if (N > 1 << 20 || r > 32 || p > 16) return null;
  const salt = Buffer.from(parts[4] ?? "", "base64");
  const hash = Buffer.from(parts[5] ?? "", "base64");
  if (salt.length === 0 || hash.length === 0) return null;
  return { N, r, p, salt, hash };
}

function format(salt: Buffer, hash: Buffer): string {
  return [PREFIX, COST.N, COST.r, COST.p, salt.toString("base64"), hash.toString("base64")].join("$");
}

/** Hashes a password (synchronous; blocks the event loop for the cost above). */
export function hashPassword(plain: string): string {
  const salt = randomBytes(SALT_LENGTH);
  const hash = scryptSync(plain.normalize("NFC"), salt, KEY_LENGTH, { ...COST, maxmem: maxmem(COST.N, COST.r) });
  return format(salt, hash);
}

/** Same as hashPassword, computed on the libuv thread pool. */
export function hashPasswordAsync(plain: string): Promise<string> {
  const salt = randomBytes(SALT_LENGTH);
  return new Promise((resolve, reject) => {
    scrypt(plain.normalize("NFC"), salt, KEY_LENGTH, { ...COST, maxmem: maxmem(COST.N, COST.r) }, (err, hash) =>
      err ? reject(err) : resolve(format(salt, hash)),
    );
  });
}

/** True when `plain` matches the stored hash (constant-time comparison). False for malformed hashes. */
export function verifyPassword(plain: string, stored: string): boolean {
  const parsed = parse(stored);
  if (!parsed) return false;
  const { N, r, p, salt, hash } = parsed;
  const candidate = scryptSync(plain.normalize("NFC"), salt, hash.length, { N, r, p, maxmem: maxmem(N, r) });
  return timingSafeEqual(candidate, hash);
}

/** Same as verifyPassword, computed on the libuv thread pool. */
export function verifyPasswordAsync(plain: string, stored: string): Promise<boolean> {
  const parsed = parse(stored);
  if (!parsed) return Promise.resolve(false);
  const { N, r, p, salt, hash } = parsed;
  return new Promise((resolve, reject) => {
    scrypt(plain.normalize("NFC"), salt, hash.length, { N, r, p, maxmem: maxmem(N, r) }, (err, candidate) =>
      err ? reject(err) : resolve(timingSafeEqual(candidate, hash)),
    );
  });
}

let dummy: { N: number; hash: string } | undefined;

/** A valid hash of a random secret, computed once per cost: verifying against it costs what a real check costs. */
export function dummyHash(): string {
  if (dummy?.N !== COST.N) dummy = { N: COST.N, hash: hashPassword(randomBytes(16).toString("hex")) };
  return dummy.hash;
}

/**
 * Checks a password against the stored hash of a user who may not exist: when `stored` is null/undefined the
 * same work is done against a dummy hash and the answer is false, so timing does not reveal whether the user
 * exists.
 */
export async function verifyPasswordOrDummy(plain: string, stored: string | null | undefined): Promise<boolean> {
  if (stored == null || parse(stored) === null) {
    await verifyPasswordAsync(plain, dummyHash());
    return false;
  }
  return verifyPasswordAsync(plain, stored);
}

/** True when the string looks like a hash produced here (used to avoid re-hashing seeded hashes). */
export function isPasswordHash(value: string): boolean {
  return parse(value) !== null;
}
