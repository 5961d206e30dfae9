import { createHash, randomBytes } from 'node:crypto';
import path from 'node:path';
import BetterSqlite3 from 'better-sqlite3';
import Fastify, { type FastifyInstance } from 'fastify';
import { Pool } from 'pg';

/**
 * The bench's yardstick: the least a server can do for the same two requests. Bare Fastify over the raw
 * driver, no schemas, no ORM, no logging, no rate limit: one code2Session call, one user upsert, one token
 * insert and a SHA-256 for login; a SHA-256 and one indexed join for GET /api/user/me. Never served to
 * anyone: it exists to say how close the real server comes to the limit.
 */
export interface PeerOptions {
  engine: 'sqlite' | 'postgres';
  dataDir: string;
  databaseUrl: string | undefined;
  wechatBase: string;
  appid: string;
  secret: string;
}

interface PeerUser {
  id: number;
  nick_name: string | null;
  avatar_url: string | null;
  phone_number: string | null;
  country_code: string | null;
  created_at: string;
  is_new: boolean;
}

interface PeerStore {
  upsertUser(openid: string, sessionKey: string, at: string): Promise<PeerUser>;
  insertToken(userId: number, hash: string, expiresAt: string, at: string): Promise<void>;
  userByToken(hash: string, at: string): Promise<PeerUser | undefined>;
  close(): Promise<void>;
}

const SCHEMA = [
  `create table if not exists users (id integer primary key, openid text not null unique, session_key text,
     nick_name text, avatar_url text, phone_number text, country_code text, created_at text not null, updated_at text not null)`,
  `create table if not exists tokens (id integer primary key, user_id integer not null references users(id),
     token_hash text not null unique, expires_at text not null, created_at text not null)`,
];
const UPSERT = `insert into users (openid, session_key, created_at, updated_at) values ($1, $2, $3, $4)
  on conflict (openid) do update set session_key = excluded.session_key, updated_at = excluded.updated_at
  returning id, nick_name, avatar_url, phone_number, country_code, created_at, created_at = updated_at as is_new`;
const INSERT_TOKEN = 'insert into tokens (user_id, token_hash, expires_at, created_at) values ($1, $2, $3, $4)';
const USER_BY_TOKEN = `select u.id, u.nick_name, u.avatar_url, u.phone_number, u.country_code, u.created_at
  from tokens t join users u on u.id = t.user_id where t.token_hash = $1 and t.expires_at > $2`;

function sqliteStore(dataDir: string): PeerStore {
  const db = new BetterSqlite3(path.join(dataDir, 'peer.sqlite'));
  db.pragma('journal_mode = WAL');
  for (const statement of SCHEMA) db.exec(statement);
  const upsert = db.prepare(UPSERT.replace(/\$\d/g, '?'));
  const insertToken = db.prepare(INSERT_TOKEN.replace(/\$\d/g, '?'));
  const userByToken = db.prepare(USER_BY_TOKEN.replace(/\$\d/g, '?'));
  return {
    upsertUser: async (openid, sessionKey, at) => {
      const row = upsert.get(openid, sessionKey, at, at) as Omit<PeerUser, 'is_new'> & { is_new: number };
      return { ...row, is_new: row.is_new === 1 };
    },
    insertToken: async (userId, hash, expiresAt, at) => {
      insertToken.run(userId, hash, expiresAt, at);
    },
    userByToken: async (hash, at) => userByToken.get(hash, at) as PeerUser | undefined,
    close: async () => {
      db.close();
    },
  };
}

async function postgresStore(databaseUrl: string): Promise<PeerStore> {
  const pool = new Pool({ connectionString: databaseUrl, max: 10 });
  for (const statement of SCHEMA) await pool.query(statement.replace(/id integer primary key/g, 'id serial primary key'));
  return {
    upsertUser: async (openid, sessionKey, at) => (await pool.query<PeerUser>(UPSERT, [openid, sessionKey, at, at])).rows[0] as PeerUser,
    insertToken: async (userId, hash, expiresAt, at) => {
      await pool.query(INSERT_TOKEN, [userId, hash, expiresAt, at]);
    },
    userByToken: async (hash, at) => (await pool.query<PeerUser>(USER_BY_TOKEN, [hash, at])).rows[0],
    close: () => pool.end(),
  };
}

const view = (user: PeerUser) => ({
  id: user.id,
  nickName: user.nick_name,
  avatarUrl: user.avatar_url,
  phoneNumber: user.phone_number,
  countryCode: user.country_code,
  createdAt: user.created_at,
});

const sha256 = (token: string): string => createHash('sha256').update(token).digest('hex');

export async function buildPeer(options: PeerOptions): Promise<FastifyInstance> {
  const store = options.engine === 'sqlite' ? sqliteStore(options.dataDir) : await postgresStore(options.databaseUrl ?? '');
  const app = Fastify({ logger: false });
  app.addHook('onClose', () => store.close());

  app.post('/api/auth/login', async (request, reply) => {
    const { code } = request.body as { code: string };
    const url = `${options.wechatBase}/sns/jscode2session?appid=${options.appid}&secret=${options.secret}&js_code=${encodeURIComponent(code)}&grant_type=authorization_code`;
    const session = (await (await fetch(url)).json()) as { openid?: string; session_key?: string };
    if (session.openid === undefined || session.session_key === undefined) return reply.code(400).send({ error: { code: 'INVALID_CODE', message: 'bad code' } });
    const at = new Date().toISOString();
    const user = await store.upsertUser(session.openid, session.session_key, at);
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + 604_800_000).toISOString();
    await store.insertToken(user.id, sha256(token), expiresAt, at);
    return { token, expiresAt, user: view(user), isNew: user.is_new };
  });

  app.get('/api/user/me', async (request, reply) => {
    const token = (request.headers.authorization ?? '').slice('Bearer '.length);
    const user = await store.userByToken(sha256(token), new Date().toISOString());
    if (user === undefined) return reply.code(401).send({ error: { code: 'UNAUTHORIZED', message: 'no' } });
    return view(user);
  });
  return app;
}
