/** The README's automator method table and count say what simulator/automator/methods.ts says. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import { METHODS, methodsWith, type MethodSupport } from '../../simulator/automator/methods';

const doc = readFileSync(path.join(__dirname, '..', '..', 'README.md'), 'utf8');
const ROW = /^\| `([A-Za-z]+\.[A-Za-z]+)` \| (supported|needs DevTools) \|/gm;
const SUPPORT: Record<string, MethodSupport> = { supported: 'supported', 'needs DevTools': 'needs-devtools' };

it('lists every method with the status the endpoint uses', () => {
  const documented = Object.fromEntries([...doc.matchAll(ROW)].map((row) => [row[1], SUPPORT[row[2] ?? '']]));
  const actual = Object.fromEntries(Object.entries(METHODS).map(([name, entry]) => [name, entry.support]));
  expect(documented).toEqual(actual);
});

it('states how many methods are answered for real', () => {
  const total = Object.keys(METHODS).length;
  expect(doc).toContain(`**${methodsWith('supported').length} of the ${total} request methods are answered for real**`);
  expect(doc).toContain(`the other ${methodsWith('needs-devtools').length} fail with`);
});
