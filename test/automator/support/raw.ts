/** A bare WebSocket client for the error paths the official client cannot produce. */
import { randomUUID } from 'node:crypto';
import WebSocket from 'ws';

export interface RawReply {
  id?: unknown;
  result?: unknown;
  error?: { message?: unknown };
}

export interface RawClient {
  request(method: string, params?: unknown): Promise<RawReply>;
  sendText(text: string): void;
  /** Every frame received so far, parsed. */
  readonly frames: unknown[];
  /** Settles when the socket is closed, by either side. */
  readonly closed: Promise<void>;
  close(): Promise<void>;
}

export async function rawConnect(url: string): Promise<RawClient> {
  const socket = new WebSocket(url);
  await new Promise<void>((resolve, reject) => {
    socket.once('open', resolve);
    socket.once('error', reject);
  });
  const frames: unknown[] = [];
  const closed = new Promise<void>((resolve) => socket.once('close', () => resolve()));
  const waiting = new Map<string, (reply: RawReply) => void>();
  socket.on('message', (data) => {
    const frame: unknown = JSON.parse(String(data));
    frames.push(frame);
    if (typeof frame === 'object' && frame !== null) {
      const id = Reflect.get(frame, 'id');
      if (typeof id === 'string') waiting.get(id)?.(frame as RawReply);
    }
  });
  return {
    frames,
    closed,
    request(method, params = {}) {
      const id = randomUUID();
      return new Promise<RawReply>((resolve) => {
        waiting.set(id, resolve);
        socket.send(JSON.stringify({ id, method, params }));
      });
    },
    sendText(text) {
      socket.send(text);
    },
    close: () => {
      if (socket.readyState !== WebSocket.CLOSED) socket.close();
      return closed;
    },
  };
}
