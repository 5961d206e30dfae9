/**
 * DevTools' own compile of miniprogram/ (miniprogram-ci getCompiledResult, offline; shared with the
 * journeys on the build through test/support/devtools-build.ts): what it writes is what a phone runs, so
 * it must be ES5 CommonJS whose every require() resolves inside the build.
 */
import * as fs from 'fs';
import * as path from 'path';
import * as ts from 'typescript';
import type { DevToolsBuild } from '../../simulator/wechat-tools/devtools-compile';
import { devtoolsBuild } from '../support/devtools-build';

const projectRoot = path.resolve(__dirname, '..', '..');

let build: DevToolsBuild;

beforeAll(async () => {
  build = await devtoolsBuild(projectRoot);
}, 240_000);

/** Syntax newer than ES5 in `source`, as `kind at line`. */
function newerThanEs5(file: string, source: string): string[] {
  const tree = ts.createSourceFile(file, source, ts.ScriptTarget.Latest, true, ts.ScriptKind.JS);
  const found: string[] = [];
  const flag = (node: ts.Node, what: string): void => {
    found.push(`${what} at ${file}:${tree.getLineAndCharacterOfPosition(node.getStart()).line + 1}`);
  };
  const visit = (node: ts.Node): void => {
    if (ts.isArrowFunction(node)) flag(node, 'arrow function');
    else if (ts.isClassDeclaration(node) || ts.isClassExpression(node)) flag(node, 'class');
    else if (ts.isVariableDeclarationList(node) && (node.flags & ts.NodeFlags.BlockScoped) !== 0) flag(node, 'let/const');
    else if (ts.isTemplateExpression(node) || ts.isNoSubstitutionTemplateLiteral(node)) flag(node, 'template literal');
    else if (ts.isSpreadElement(node) || ts.isSpreadAssignment(node)) flag(node, 'spread');
    else if (ts.isForOfStatement(node)) flag(node, 'for…of');
    else if (ts.isAwaitExpression(node) || ts.isYieldExpression(node)) flag(node, 'await/yield');
    else if (ts.isShorthandPropertyAssignment(node)) flag(node, 'shorthand property');
    ts.forEachChild(node, visit);
  };
  visit(tree);
  return found;
}

function requires(source: string): string[] {
  return [...source.matchAll(/\brequire\("([^"]+)"\)/g)].map((match) => match[1] ?? '');
}

it('writes JavaScript, JSON, WXML and WXSS only: no TypeScript reaches the phone', () => {
  expect(build.files).toEqual(expect.arrayContaining(['app.js', 'app.json', 'pages/index/index.js', 'pages/index/index.wxml', '@babel/runtime/helpers/asyncToGenerator.js']));
  expect(build.files.filter((file) => !/\.(js|json|wxml|wxss)$/.test(file))).toEqual([]);
});

it('compiles every script to ES5', () => {
  const scripts = build.files.filter((file) => file.endsWith('.js'));
  expect(scripts.flatMap((file) => newerThanEs5(file, fs.readFileSync(path.join(build.dir, file), 'utf8')))).toEqual([]);
});

/**
 * Where WeChat finds `request` from `file`: a relative path, or in the nearest miniprogram_npm above a
 * package's index (`pkg`) or a file of it (`pkg/other` is pkg/other.js).
 */
function resolveInBuild(file: string, request: string): string | null {
  const exists = (target: string): boolean => build.files.includes(target) || build.files.includes(`${target}.js`);
  if (request.startsWith('.')) {
    const target = path.posix.normalize(path.posix.join(path.posix.dirname(file), request));
    return exists(target) ? target : null;
  }
  for (let dir = path.posix.dirname(file); ; dir = path.posix.dirname(dir)) {
    const target = path.posix.join(dir === '.' ? '' : dir, 'miniprogram_npm', request);
    if (request.includes('/') && exists(target)) return target;
    if (exists(`${target}/index`)) return `${target}/index`;
    if (dir === '.') return null;
  }
}

it('resolves every require() inside the build (pages, utils, miniprogram_npm packages, @babel/runtime helpers)', () => {
  const unresolved = build.files
    .filter((file) => file.endsWith('.js'))
    .flatMap((file) =>
      requires(fs.readFileSync(path.join(build.dir, file), 'utf8'))
        .filter((request) => resolveInBuild(file, request) === null)
        .map((request) => `${file} → ${request}`),
    );
  expect(unresolved).toEqual([]);
  expect(requires(fs.readFileSync(path.join(build.dir, 'app.js'), 'utf8'))).toContain('miniprogram-login');
});
