import { createLimiter } from 'miniprogram-login';
import { waitFor } from '../support/wait';
import { deferred } from '../support/deferred';

test('runs at most `max` tasks at once and starts the waiting ones in arrival order', async () => {
  const limiter = createLimiter(3);
  const started: number[] = [];
  const tasks = Array.from({ length: 7 }, () => deferred<number>());
  const runs = tasks.map((task, index) =>
    limiter.run(() => {
      started.push(index);
      return task.promise;
    }),
  );

  await waitFor(() => started.length === 3, 'three tasks to start');
  expect(limiter.active()).toBe(3);
  expect(limiter.waiting()).toBe(4);

  tasks[2].resolve(2);
  await waitFor(() => started.length === 4, 'the fourth task');
  tasks[0].resolve(0);
  tasks[1].resolve(1);
  await waitFor(() => started.length === 6, 'the sixth task');
  expect(limiter.active()).toBe(3);

  tasks.slice(3).forEach((task, offset) => task.resolve(offset + 3));
  await expect(Promise.all(runs)).resolves.toEqual([0, 1, 2, 3, 4, 5, 6]);
  expect(started).toEqual([0, 1, 2, 3, 4, 5, 6]);
  expect(limiter.active()).toBe(0);
});

test('a failing or throwing task frees its slot and keeps its error', async () => {
  const limiter = createLimiter(1);
  const failing = limiter.run(() => Promise.reject(new Error('boom')));
  const throwing = limiter.run((): Promise<number> => {
    throw new Error('sync boom');
  });
  const after = limiter.run(() => Promise.resolve('ok'));

  await expect(failing).rejects.toThrow('boom');
  await expect(throwing).rejects.toThrow('sync boom');
  await expect(after).resolves.toBe('ok');
  expect(limiter.active()).toBe(0);
});

test('rejects a size that is not a positive integer', () => {
  expect(() => createLimiter(0)).toThrow(RangeError);
  expect(() => createLimiter(1.5)).toThrow(RangeError);
});
