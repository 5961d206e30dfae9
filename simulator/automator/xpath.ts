/**
 * The cheap subset of XPath that maps one-to-one onto the runtime's CSS-like selectors:
 * `//tag`, `//tag[@attr='v']`, `//*[@attr]`, `[contains(@class,'c')]`, chained with `/` (child) and
 * `//` (descendant). Anything else is rejected with a message saying what is supported.
 */
import { ProtocolError } from './protocol';

const SUPPORTED = "supported XPath: //tag, //tag[@attr='v'], //*[@attr], [contains(@class,'c')], steps joined by / or //";
const STEP = /^(\/\/|\/)([a-zA-Z][\w-]*|\*)((?:\[[^\]]*\])*)/;
const PREDICATE = /\[([^\]]*)\]/g;
const ATTR_EQUALS = /^@([a-zA-Z_][\w:-]*)\s*=\s*(?:'([^']*)'|"([^"]*)")$/;
const ATTR_PRESENT = /^@([a-zA-Z_][\w:-]*)$/;
const CONTAINS_CLASS = /^contains\(\s*@class\s*,\s*(?:'([\w-]+)'|"([\w-]+)")\s*\)$/;

function reject(xpath: string, why: string): never {
  throw new ProtocolError(`unsupported XPath ${JSON.stringify(xpath)}: ${why} (${SUPPORTED})`);
}

function attributeValue(value: string): string {
  return /^[\w-]+$/.test(value) ? value : JSON.stringify(value);
}

function predicateToCss(xpath: string, predicate: string): string {
  const trimmed = predicate.trim();
  const equals = ATTR_EQUALS.exec(trimmed);
  if (equals) return `[${equals[1]}=${attributeValue(equals[2] ?? equals[3] ?? '')}]`;
  const present = ATTR_PRESENT.exec(trimmed);
  if (present) return `[${present[1]}]`;
  const contains = CONTAINS_CLASS.exec(trimmed);
  if (contains) return `.${contains[1] ?? contains[2]}`;
  return reject(xpath, `predicate [${predicate}]`);
}

export function xpathToSelector(xpath: string): string {
  let rest = xpath.trim();
  if (!rest.startsWith('//')) reject(xpath, 'it must start with //');
  const parts: string[] = [];
  while (rest !== '') {
    const step = STEP.exec(rest);
    if (!step) return reject(xpath, `cannot read ${JSON.stringify(rest)}`);
    const [whole, axis, name, predicates] = step;
    const css = [...(predicates ?? '').matchAll(PREDICATE)].map((match) => predicateToCss(xpath, match[1] ?? '')).join('');
    if (name === '*' && css === '') reject(xpath, 'a bare * needs a predicate');
    const selector = name === '*' ? css : `${name}${css}`;
    if (parts.length > 0) parts.push(axis === '/' ? '>' : '');
    parts.push(selector);
    rest = rest.slice(whole.length);
  }
  return parts.filter((part) => part !== '').join(' ');
}
