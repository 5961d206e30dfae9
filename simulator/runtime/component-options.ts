/**
 * What the app's Component() and Page() options become before j-component registers them: every
 * handler and lifecycle guarded as WeChat guards them, and Page() mapped onto Component().
 */
import type { Gesture, ReportError } from './definitions';
import type { MethodCaller } from './exparser';

type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

function isTapEvent(value: unknown): boolean {
  return typeof value === 'object' && value !== null && (value as { type?: unknown }).type === 'tap';
}

function isThenable(value: unknown): value is PromiseLike<unknown> {
  return typeof value === 'object' && value !== null && typeof (value as { then?: unknown }).then === 'function';
}

function isEvent(value: unknown): boolean {
  return typeof value === 'object' && value !== null && 'type' in value && 'currentTarget' in value;
}

/**
 * Reports what the app's code throws. An event handler's error ends there, as on WeChat (the page
 * stays usable); a direct call (callMethod, a lifecycle) still sees it.
 */
function guardFunction(fn: AnyFunction, gesture: Gesture, report: ReportError): AnyFunction {
  return function guarded(this: unknown, ...args: unknown[]): unknown {
    const call = (): unknown => fn.apply(this, args);
    try {
      const result = isTapEvent(args[0]) ? gesture.run(call) : call();
      if (isThenable(result)) result.then(undefined, report);
      return result;
    } catch (error) {
      report(error);
      if (isEvent(args[0])) return undefined;
      throw error;
    }
  };
}

function guardGroup(group: unknown, gesture: Gesture, report: ReportError): unknown {
  if (typeof group !== 'object' || group === null) return group;
  const guarded: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(group)) {
    guarded[name] = typeof member === 'function' ? guardFunction(member as AnyFunction, gesture, report) : member;
  }
  return guarded;
}

const GUARDED_GROUPS = ['methods', 'lifetimes', 'pageLifetimes', 'observers'];
const GUARDED_HOOKS = ['created', 'attached', 'ready', 'moved', 'detached'];

/** Component() options with their handlers guarded and `behaviors` led by `renderBehavior` (renders.ts). */
export function guardedOptions(options: Record<string, unknown>, renderBehavior: string, gesture: Gesture, report: ReportError): Record<string, unknown> {
  const definition: Record<string, unknown> = { ...options };
  definition.behaviors = [renderBehavior, ...(Array.isArray(options.behaviors) ? options.behaviors : [])];
  for (const group of GUARDED_GROUPS) definition[group] = guardGroup(options[group], gesture, report);
  for (const hook of GUARDED_HOOKS) {
    const fn = options[hook];
    if (typeof fn === 'function') definition[hook] = guardFunction(fn as AnyFunction, gesture, report);
  }
  return definition;
}

/**
 * Page() is WeChat's other constructor, mapped onto Component() so both kinds render the same way:
 * functions become methods (lifecycles and handlers alike, which the router and events call), and any
 * other field is deep-copied onto each page instance, as WeChat does.
 */
export function pageAsComponent(options: Record<string, unknown>): Record<string, unknown> {
  const methods: Record<string, unknown> = {};
  const rest: Record<string, unknown> = {};
  const fields: Record<string, unknown> = {};
  for (const [name, member] of Object.entries(options)) {
    if (name === 'data' || name === 'behaviors' || name === 'options') rest[name] = member;
    else if (typeof member === 'function') methods[name] = member;
    else fields[name] = member;
  }
  const fieldsJson = JSON.stringify(fields);
  const created = function (this: MethodCaller): void {
    Object.assign(this, JSON.parse(fieldsJson) as Record<string, unknown>);
  };
  return { ...rest, methods, lifetimes: { created } };
}
