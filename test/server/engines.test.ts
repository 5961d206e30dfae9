import { chooseEngines, POSTGRES_MISSING_MESSAGE } from './support/postgres';

describe('choice of engines for the server suites', () => {
  test('without PostgreSQL a local run leaves the variant out, loudly', () => {
    const warnings: string[] = [];
    expect(chooseEngines(false, false, (m) => warnings.push(m))).toEqual(['sqlite']);
    expect(warnings).toEqual([POSTGRES_MISSING_MESSAGE]);
  });

  test('under CI the postgres variant always runs (and fails without PostgreSQL)', () => {
    const warnings: string[] = [];
    expect(chooseEngines(false, true, (m) => warnings.push(m))).toEqual(['sqlite', 'postgres']);
    expect(chooseEngines(true, false, (m) => warnings.push(m))).toEqual(['sqlite', 'postgres']);
    expect(warnings).toEqual([]);
  });
});
