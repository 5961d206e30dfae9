/**
 * Where j-component's template semantics differ from WeChat's compiler (wcc), found by holding every render
 * to wcc (test/compile/render-parity.test.ts, test/e2e/page-app.test.ts), corrected at the one place.
 *
 * - wx:for scopes (j-component 1.4.10, src/template/virtualnode.js): after rendering one item, j-component
 *   restores `data.forItem`/`data.forIndex` (literal names) instead of the loop's own `item`/`index`, so an
 *   inner wx:for leaves the outer `index` and `item` undefined for the rest of the element; attributes are
 *   evaluated after the children, so `<view class="row-{{index}}"><text wx:for="{{item.tags}}">` renders
 *   `row-`. wcc renders `row-0`. Each item now gives back exactly the names it bound.
 */
interface ForItemStatement {
  forItem: string;
  forIndex: string;
}

interface VirtualNodeClass {
  prototype: {
    type: number;
    statement: ForItemStatement;
    generate(this: VirtualNodeClass['prototype'], options?: { data?: Record<string, unknown> }): unknown;
  };
}

let applied = false;

export function applyJComponentFixes(): void {
  if (applied) return;
  applied = true;
  const VirtualNode = require('j-component/src/template/virtualnode') as VirtualNodeClass;
  const { TYPE_FORITEM } = require('j-component/src/tool/constant') as { TYPE_FORITEM: number };
  const generate = VirtualNode.prototype.generate;
  VirtualNode.prototype.generate = function (options = {}) {
    if (this.type !== TYPE_FORITEM) return generate.call(this, options);
    const data = options.data ?? {};
    options.data = data;
    const names = [this.statement.forItem, this.statement.forIndex];
    const saved = names.map((name) => ({ name, present: Object.prototype.hasOwnProperty.call(data, name), value: data[name] }));
    try {
      return generate.call(this, options);
    } finally {
      for (const { name, present, value } of saved) {
        if (present) data[name] = value;
        else delete data[name];
      }
    }
  };
}
