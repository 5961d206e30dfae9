/**
 * @jest-environment node
 */
import { matches, parseSelector, type SelectorAdapter } from '../../simulator/runtime/selector';

interface FakeNode {
  tag: string;
  attrs: Record<string, string>;
  children: FakeNode[];
  parent: FakeNode | null;
}

function node(tag: string, attrs: Record<string, string> = {}, children: FakeNode[] = []): FakeNode {
  const created: FakeNode = { tag, attrs, children, parent: null };
  for (const child of children) child.parent = created;
  return created;
}

const tree = node('page', {}, [
  node('view', { class: 'card main', id: 'card' }, [
    node('text', { class: 'title' }),
    node('button', { id: 'btn-a', 'open-type': 'getPhoneNumber' }),
    node('button', { id: 'btn-b', 'data-label': 'two words' }),
  ]),
  node('view', { class: 'footer' }, [node('view', {}, [node('text', { class: 'title' })])]),
]);

const adapter: SelectorAdapter<FakeNode> = {
  tagName: (n) => n.tag,
  id: (n) => n.attrs.id ?? '',
  classes: (n) => (n.attrs.class ?? '').split(' ').filter(Boolean),
  attribute: (n, name) => n.attrs[name] ?? null,
  parent: (n) => (n.parent && n.parent !== tree ? n.parent : null),
  siblings: (n) => (n.parent ? n.parent.children : [n]),
};

function all(root: FakeNode): FakeNode[] {
  return root.children.flatMap((child) => [child, ...all(child)]);
}

function select(selector: string): string[] {
  const parsed = parseSelector(selector);
  return all(tree)
    .filter((n) => matches(n, parsed, adapter))
    .map((n) => n.attrs.id ?? `${n.tag}.${n.attrs.class ?? ''}`);
}

describe('selectors', () => {
  it('matches tags, ids, classes and attributes', () => {
    expect(select('button')).toEqual(['btn-a', 'btn-b']);
    expect(select('#btn-b')).toEqual(['btn-b']);
    expect(select('.card.main')).toEqual(['card']);
    expect(select('[open-type]')).toEqual(['btn-a']);
    expect(select('[open-type=getPhoneNumber]')).toEqual(['btn-a']);
    expect(select('[data-label="two words"]')).toEqual(['btn-b']);
    expect(select('[open-type=chooseAvatar]')).toEqual([]);
  });

  it('matches descendant and child combinators and positions', () => {
    expect(select('.footer .title')).toEqual(['text.title']);
    expect(select('.footer > .title')).toEqual([]);
    expect(select('#card > text')).toEqual(['text.title']);
    expect(select('#card button:nth-child(3)')).toEqual(['btn-b']);
    expect(select('#card > :first-child')).toEqual(['text.title']);
    expect(select('#card > :last-child')).toEqual(['btn-b']);
  });

  it('takes selector lists', () => {
    expect(select('#btn-a, .footer')).toEqual(['btn-a', 'view.footer']);
  });

  it('rejects what it does not understand, saying where', () => {
    expect(() => parseSelector('')).toThrow('empty selector');
    expect(() => parseSelector('> view')).toThrow('combinator without a left side');
    expect(() => parseSelector('view:hover')).toThrow('unsupported pseudo-class :hover');
    expect(() => parseSelector('[open-type')).toThrow('unclosed [');
  });
});
