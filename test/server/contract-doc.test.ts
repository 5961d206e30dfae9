import { readFileSync } from 'node:fs';
import path from 'node:path';
import { CONTRACT_ERROR_CODES } from '../../server/errors';
import { generateOpenApi } from '../../server/openapi';

/** docs/contract.md is the contract in prose: its tables must say what the server's OpenAPI document and errors say. */
const CONTRACT_DOC = readFileSync(path.join(__dirname, '..', '..', 'docs', 'contract.md'), 'utf8');

function section(title: string): string {
  const start = CONTRACT_DOC.indexOf(`\n## ${title}\n`);
  if (start < 0) throw new Error(`docs/contract.md has no section "${title}"`);
  const end = CONTRACT_DOC.indexOf('\n## ', start + 1);
  return CONTRACT_DOC.slice(start, end < 0 ? undefined : end);
}

/** The cells of the table rows of a section, without the header and separator rows. */
function tableRows(text: string): string[][] {
  return text
    .split('\n')
    .filter((line) => line.startsWith('|') && !/^\|[-| ]+\|$/.test(line))
    .slice(1)
    .map((line) => line.slice(1, -1).split('|').map((cell) => cell.trim()));
}

type Paths = Record<string, Record<string, { responses?: Record<string, { $ref?: string }> }>>;

describe('docs/contract.md', () => {
  let paths: Paths;
  beforeAll(async () => {
    paths = ((await generateOpenApi()) as { paths: Paths }).paths;
  });

  test('its route table lists exactly the routes and methods of the OpenAPI document', () => {
    const documented = tableRows(section('Routes')).map(([method, route]) => `${method} ${route}`);
    const served = Object.entries(paths).flatMap(([route, methods]) => Object.keys(methods).map((method) => `${method.toUpperCase()} ${route}`));
    expect(new Set(documented).size).toBe(documented.length);
    expect([...documented].sort()).toEqual([...served].sort());
  });

  test("its error table lists exactly the server's contract error codes, each with a status some route documents", () => {
    const rows = tableRows(section('Errors'));
    expect(rows.map(([, code]) => code).sort()).toEqual([...CONTRACT_ERROR_CODES].sort());
    const statuses = new Set(Object.values(paths).flatMap((methods) => Object.values(methods).flatMap((op) => Object.keys(op.responses ?? {}))));
    for (const [status] of rows) expect(statuses).toContain(status);
  });

  test('the table parser sees a drift: a missing route row is noticed', () => {
    const trimmed = section('Routes').replace(/\n\| DELETE \| \/api\/user\/me \|[^\n]*/, '');
    const documented = tableRows(trimmed).map(([method, route]) => `${method} ${route}`);
    expect(documented).not.toContain('DELETE /api/user/me');
    expect(documented.length).toBe(tableRows(section('Routes')).length - 1);
  });
});
