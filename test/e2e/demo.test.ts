/**
 * @jest-environment node
 *
 * `npm run demo` as a user runs it: a separate process, narrated journeys 1–4 and 7, exit code 0.
 */
import { spawn } from 'child_process';
import * as path from 'path';

jest.setTimeout(120_000);

const root = path.resolve(__dirname, '..', '..');

function runDemo(): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [path.join(root, 'node_modules', 'tsx', 'dist', 'cli.mjs'), path.join(root, 'simulator', 'demo.ts')], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

describe('npm run demo', () => {
  it('narrates journeys 1–4 and the account deletion against a fresh server and exits 0', async () => {
    const { code, stdout, stderr } = await runDemo();
    expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
    for (const heading of ['Journey 1', 'Journey 2a', 'Journey 2b', 'Journey 3', 'Journey 3b', 'Journey 4', 'Journey 7']) expect(stdout).toContain(heading);
    expect(stdout).toContain('tap “完善资料” (#btn-auth)');
    expect(stdout).toContain('server answered HTTP 200');
    expect(stdout).toContain('server: the old token is answered with HTTP 401');
    expect(stdout).toContain('↳ DELETE /api/user/me → server answered HTTP 204');
    expect(stdout.trim().split('\n').pop()).toBe('All 7 journeys passed.');
  });
});
