const { JSDOM } = require('jsdom');
const dom = new JSDOM('<html><body></body></html>');
global.window = dom.window; global.document = dom.window.document;
const jc = require('j-component'); jc.register({ id: 'view', tagName: 'wx-view', template: '<slot/>' });
const card = jc.register({ tagName: 'card', template: '<view><slot/></view>', properties: { title: String, done: Boolean } });
const tpls = {
  if: '<block wx:for="{{items}}" wx:key="id"><card wx:if="{{true}}" class="item item-{{index}}">x</card></block>',
  prop: '<block wx:for="{{items}}" wx:key="id"><card class="item item-{{index}}" title="{{item.id}}">x</card></block>',
  data: '<block wx:for="{{items}}" wx:key="id"><card class="item item-{{index}}" data-id="{{item.id}}">x</card></block>',
  inner: '<block wx:for="{{items}}" wx:key="id"><card class="item item-{{index}}"><view wx:for="{{item.tags}}" wx:for-item="tag">{{tag}}</view></card></block>',
  innerview: '<block wx:for="{{items}}" wx:key="id"><view class="item item-{{index}}"><view wx:for="{{item.tags}}" wx:for-item="tag">{{tag}}</view></view></block>',
};
for (const [name, tpl] of Object.entries(tpls)) {
  const id = jc.register({ template: tpl, usingComponents: { card }, data: { items: [{ id: 'a', tags: ['x', 'y'] }, { id: 'b', tags: [] }, { id: 'c', tags: ['z'] }] } });
  const c = jc.create(id); c.attach(document.createElement('div'));
  const out = [];
  const walk = (n) => { for (const ch of n.childNodes || []) { if (ch._vt && ch._vt.attrs.length) out.push(ch._vt.attrs.filter(a => a.name === 'class').map(a => a.value).join()); walk(ch); } };
  walk(c._exparserNode.shadowRoot);
  console.log(name, out.filter(Boolean).join(' | '));
}
