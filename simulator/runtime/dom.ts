import { JSDOM } from 'jsdom';

/**
 * j-component's exparser renders into `document`. Under jest's jsdom environment one exists already;
 * under plain Node (demo, automator endpoint) the runtime brings its own, once per process, because
 * exparser binds to the global document when it first renders.
 */
export function ensureDocument(): Document {
  const scope = globalThis as { document?: Document; window?: unknown };
  if (scope.document) return scope.document;
  const dom = new JSDOM('<!doctype html><html><head></head><body></body></html>');
  scope.window = dom.window;
  scope.document = dom.window.document;
  return dom.window.document;
}
