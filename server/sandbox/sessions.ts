// The sandbox's sessions: each one an isolated in-memory copy of the seeded database with its own handler set.
//
// A copy is made from a serialized template (SQLite's own image of the seeded database, kept as a Buffer), not by
// running the migrations and the seed again: deserializing ~0.5 MB takes a couple of milliseconds. Everything the
// domain keeps per database (prepared statements, cached lists, the user-status cache, the data version) hangs off
// the connection or off the handler set built for it, so a session shares nothing writable with another.
//
// Lifetime: the default session (requests without X-Sandbox-Session) lives as long as the server. Named
// sessions are created on first use and dropped after `idleMs` without a request. At most `maxSessions` named
// sessions exist: at the cap, a new one replaces the least recently used session if that one has been idle for
// `evictableAfterMs`; otherwise the new session is refused (SessionCapError), so a running test never loses its
// data to another one.
import Database from "better-sqlite3";
import type { Db } from "../context.js";
import { configureConnection } from "../db/database.js";

/** What a session needs besides its database, built for each copy (and again on reset). */
export interface SessionParts<H> {
  handlers: H;
  userIsActive: (id_usuario: number) => boolean;
}

export interface Session<H> extends SessionParts<H> {
  /** The X-Sandbox-Session value; null for the default session. */
  readonly id: string | null;
  db: Db;
  lastUsed: number;
}

export interface SessionLimits {
  /** Named sessions kept at most (the default session is not counted). */
  maxSessions: number;
  /** A named session unused for this long is dropped. */
  idleMs: number;
  /** At the cap, the least recently used session is replaced only if unused for this long. */
  evictableAfterMs: number;
}

export const DEFAULT_SESSION_LIMITS: SessionLimits = {
  maxSessions: 200,
  idleMs: 30 * 60_000,
  evictableAfterMs: 60_000,
};

/** Session ids: 1 to 64 letters, digits, `_` or `-`. */
export const SESSION_ID = /^[A-Za-z0-9_-]{1,64}$/;

/** The cap is reached and no session may be replaced. */
export class SessionCapError extends Error {
  constructor(
    readonly maxSessions: number,
    /** Seconds until the least recently used session becomes replaceable. */
    readonly retryAfterSeconds: number,
  ) {
    super(`sandbox session cap (${maxSessions}) reached`);
    this.name = "SessionCapError";
  }
}

export interface SessionStoreOptions<H> {
  /** `db.serialize()` of the seeded database every session starts from. */
  template: Buffer;
  /** Builds a session's handlers and user check over its database. */
  build: (db: Db) => SessionParts<H>;
  limits?: Partial<SessionLimits>;
  /** Clock (tests). */
  now?: () => number;
}

/**
 * The image of a database in WAL mode (a file opened by the server) cannot be opened in memory: SQLite would look
 * for its -wal file. Bytes 18 and 19 of the header (file format versions, 2 = WAL) are set to 1 (rollback
 * journal), as SQLite documents for deserializing such an image; the content is unchanged.
 */
function rollbackJournalImage(image: Buffer): Buffer {
  if (image.length < 100 || (image[18] !== 2 && image[19] !== 2)) return image;
  const copy = Buffer.from(image);
  copy[18] = 1;
  copy[19] = 1;
  return copy;
}

export class SessionStore<H> {
  readonly limits: SessionLimits;
  readonly defaultSession: Session<H>;
  /** Named sessions, least recently used first (a Map keeps insertion order; a use moves the entry to the end). */
  private readonly named = new Map<string, Session<H>>();
  private readonly template: Buffer;
  private readonly build: (db: Db) => SessionParts<H>;
  private readonly now: () => number;
  private sweeper: NodeJS.Timeout | undefined;

  constructor(options: SessionStoreOptions<H>) {
    this.template = rollbackJournalImage(options.template);
    this.build = options.build;
    this.limits = { ...DEFAULT_SESSION_LIMITS, ...options.limits };
    this.now = options.now ?? Date.now;
    this.defaultSession = this.create(null);
    // Idle sessions are also dropped when nobody asks for a new one (their memory is given back).
    const every = Math.max(1000, Math.min(60_000, Math.floor(this.limits.idleMs / 2)));
    this.sweeper = setInterval(() => this.sweep(), every);
    this.sweeper.unref();
  }

  /** Named sessions alive now. */
  get size(): number {
    return this.named.size;
  }

  has(id: string): boolean {
    return this.named.has(id);
  }

  /** The session for an X-Sandbox-Session value (undefined = default), created on first use. Throws SessionCapError. */
  get(id: string | undefined): Session<H> {
    const now = this.now();
    if (id === undefined) {
      this.defaultSession.lastUsed = now;
      return this.defaultSession;
    }
    let session = this.named.get(id);
    if (session) {
      this.named.delete(id); // re-inserted last: most recently used
    } else {
      this.sweep(now);
      if (this.named.size >= this.limits.maxSessions) this.evictLeastRecentlyUsed(now);
      session = this.create(id);
    }
    session.lastUsed = now;
    this.named.set(id, session);
    return session;
  }

  /** Gives a session a fresh copy of the seed (new database and handlers); the old database is closed. */
  reset(session: Session<H>): void {
    const old = session.db;
    const { db, parts } = this.fresh();
    Object.assign(session, { db, ...parts });
    old.close();
  }

  /** Drops the named sessions idle for `idleMs` or more. */
  sweep(now = this.now()): void {
    for (const [id, session] of this.named) {
      if (now - session.lastUsed < this.limits.idleMs) break; // the rest were used more recently
      this.drop(id, session);
    }
  }

  close(): void {
    if (this.sweeper) clearInterval(this.sweeper);
    this.sweeper = undefined;
    for (const [id, session] of this.named) this.drop(id, session);
    if (this.defaultSession.db.open) this.defaultSession.db.close();
  }

  private evictLeastRecentlyUsed(now: number): void {
    const oldest = this.named.entries().next().value;
    if (!oldest) return;
    const [id, session] = oldest;
    const idle = now - session.lastUsed;
    if (idle < this.limits.evictableAfterMs) {
      throw new SessionCapError(this.limits.maxSessions, Math.max(1, Math.ceil((this.limits.evictableAfterMs - idle) / 1000)));
    }
    this.drop(id, session);
  }

  private drop(id: string, session: Session<H>): void {
    this.named.delete(id);
    if (session.db.open) session.db.close();
  }

  /** A new copy of the template with its handlers (the copy is closed again if they cannot be built). */
  private fresh(): { db: Db; parts: SessionParts<H> } {
    const db = new Database(this.template);
    try {
      configureConnection(db, { file: false });
      return { db, parts: this.build(db) };
    } catch (err) {
      db.close();
      throw err;
    }
  }

  private create(id: string | null): Session<H> {
    const { db, parts } = this.fresh();
    return { id, db, lastUsed: this.now(), ...parts };
  }
}
