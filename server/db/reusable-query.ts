import type { CompiledQuery, Compilable, Kysely } from 'kysely';
import type { Database } from './schema';

/**
 * A hot query built and compiled by Kysely once per dialect, then run with new parameters: building and
 * compiling cost more than SQLite's own execution of the statement (profile of GET /api/user/me). `build`
 * receives distinct sentinel values in place of the parameters; where each lands in the compiled SQL's
 * parameter list is found once, so the SQL and the parameters can never disagree.
 */
export interface ReusableQuery<Row, Args extends unknown[]> {
  (db: Kysely<Database>, ...args: Args): Promise<Row[]>;
  /** The compiled query with these arguments, for a caller that runs it itself (a ReadNow). */
  with(db: Kysely<Database>, ...args: Args): CompiledQuery<Row>;
}

export function reusableQuery<Row, Args extends unknown[]>(
  sentinels: Args,
  build: (db: Kysely<Database>, ...args: Args) => Compilable<Row>,
): ReusableQuery<Row, Args> {
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
  const withArgs = (db: Kysely<Database>, ...args: Args): CompiledQuery<Row> => {
    const { query, slots } = compiledFor(db);
    return { ...query, parameters: slots.map((slot) => args[slot]) };
  };
  const run = async (db: Kysely<Database>, ...args: Args): Promise<Row[]> => (await db.executeQuery(withArgs(db, ...args))).rows;
  return Object.assign(run, { with: withArgs });
}
