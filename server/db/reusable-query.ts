import type { CompiledQuery, Compilable, Kysely } from 'kysely';
import type { Database } from './schema';

/**
 * A hot query built and compiled by Kysely once per dialect, then run with new parameters: building and
 * compiling cost more than SQLite's own execution of the statement (profile of GET /api/user/me). `build`
 * receives distinct sentinel values in place of the parameters; where each lands in the compiled SQL's
 * parameter list is found once, so the SQL and the parameters can never disagree.
 */
export function reusableQuery<Row, Args extends unknown[]>(
  sentinels: Args,
  build: (db: Kysely<Database>, ...args: Args) => Compilable<Row>,
): (db: Kysely<Database>, ...args: Args) => Promise<Row[]> {
  const compiledByDialect = new WeakMap<object, { query: CompiledQuery<Row>; slots: number[] }>();
  function compiledFor(db: Kysely<Database>): { query: CompiledQuery<Row>; slots: number[] } {
    const adapter = db.getExecutor().adapter;
    let compiled = compiledByDialect.get(adapter);
    if (compiled === undefined) {
      const query = build(db, ...sentinels).compile();
      const slots = query.parameters.map((parameter) => sentinels.indexOf(parameter));
      const unbound = sentinels.some((sentinel) => !query.parameters.includes(sentinel));
      if (slots.includes(-1) || unbound) throw new Error(`reusableQuery: the parameters of "${query.sql}" are not the sentinels`);
      compiled = { query, slots };
      compiledByDialect.set(adapter, compiled);
    }
    return compiled;
  }
  return async (db, ...args) => {
    const { query, slots } = compiledFor(db);
    const result = await db.executeQuery<Row>({ ...query, parameters: slots.map((slot) => args[slot]) });
    return result.rows;
  };
}
