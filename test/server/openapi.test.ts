import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { generateOpenApi, serializeOpenApi } from '../../server/openapi';
import { readContractInterfaces, readContractUnion, schemaProperties, type PropertyShape } from './support/contract-types';
import { http, serverFactory, type ServerFactory } from './support/harness';

const COMMITTED = path.join(__dirname, '..', '..', 'docs', 'openapi.json');
const COMPARED = ['User', 'LoginRequest', 'LoginResponse', 'AvatarResponse', 'HealthResponse', 'UpdateMeRequest', 'ErrorBody'];

jest.setTimeout(30_000);

type Components = Record<string, unknown>;
const componentsOf = (document: unknown): Components =>
  (document as { components: { schemas: Components } }).components.schemas;

describe('OpenAPI document', () => {
  let generated: unknown;
  let contract: Record<string, Record<string, PropertyShape>>;

  beforeAll(async () => {
    generated = await generateOpenApi();
    contract = readContractInterfaces(COMPARED);
  });

  test('docs/openapi.json is current (run `npm run openapi` after changing a route schema)', async () => {
    expect(await readFile(COMMITTED, 'utf8')).toBe(serializeOpenApi(generated));
  });

  test('documents every contract route', () => {
    const paths = (generated as { paths: Record<string, Record<string, unknown>> }).paths;
    const routes = Object.entries(paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`));
    expect(routes.sort()).toEqual(
      [
        'POST /api/auth/login',
        'POST /api/auth/logout',
        'GET /api/user/me',
        'PATCH /api/user/me',
        'POST /api/user/avatar',
        'POST /api/user/phone',
        'DELETE /api/user/phone',
        'DELETE /api/user/me',
        'GET /api/health',
        'GET /api/wechat/push',
        'POST /api/wechat/push',
      ].sort(),
    );
  });

  test('is served at GET /api/openapi.json', async () => {
    const factory: ServerFactory = await serverFactory('sqlite');
    try {
      const server = await factory.start();
      const served = await http(`${server.url}/api/openapi.json`);
      expect(served.status).toBe(200);
      expect(served.body).toEqual(generated);
    } finally {
      await factory.dispose();
    }
  });

  test.each(COMPARED)("typings/contract.d.ts's %s matches the OpenAPI component", (name) => {
    const components = componentsOf(generated);
    const component = components[name];
    expect(component).toBeDefined();
    expect(schemaProperties(component as Record<string, unknown>, components)).toEqual(contract[name]);
  });

  test("typings/contract.d.ts's BindPhoneRequest union matches the component's oneOf, branch by branch", () => {
    const components = componentsOf(generated);
    const branches = (components.BindPhoneRequest as { oneOf: Record<string, unknown>[] }).oneOf;
    const members = readContractUnion('BindPhoneRequest');
    const interfaces = readContractInterfaces(members);
    expect(branches.map((branch) => schemaProperties(branch, components))).toEqual(members.map((member) => interfaces[member]));
  });

  test('the comparison notices a nullability, optionality or type drift', async () => {
    const dir = await mkdtemp(path.join(os.tmpdir(), 'contract-drift-'));
    try {
      const file = path.join(dir, 'drifted.d.ts');
      await writeFile(
        file,
        'export interface User { id: string; nickName: string; avatarUrl?: string | null; phoneNumber: string | null; countryCode: string | null; createdAt: string; }\n',
      );
      const drifted = readContractInterfaces(['User'], file).User;
      const components = componentsOf(generated);
      const fromSchema = schemaProperties(components.User as Record<string, unknown>, components);
      expect(drifted).not.toEqual(fromSchema);
      expect(drifted?.id?.kinds).toEqual(['string']);
      expect(drifted?.nickName?.kinds).toEqual(['string']);
      expect(drifted?.avatarUrl?.optional).toBe(true);
      expect(fromSchema.avatarUrl).toEqual({ optional: false, kinds: ['null', 'string'], literals: [] });
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
