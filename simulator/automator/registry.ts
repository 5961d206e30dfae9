/**
 * Maps the ids the client holds back to runtime objects. The client caches Page and Element objects by
 * id for the whole connection, so an id is only ever handed out for one page instance / one node.
 */
import type { Runtime, SimElement, SimPage } from '../types';
import { ProtocolError } from './protocol';

export interface PageRecord {
  pageId: number;
  path: string;
  query: Record<string, string>;
}

export interface ElementDescriptor {
  elementId: string;
  tagName: string;
  /** Truthy only for custom components: the client then builds a CustomElement (data/setData/callMethod). */
  nodeId?: string;
}

export const NO_PAGE: PageRecord = { pageId: 0, path: '', query: {} };

export function pageRecord(page: SimPage | null): PageRecord {
  if (page === null) return { ...NO_PAGE, query: {} };
  return { pageId: page.id, path: page.path, query: { ...page.query } };
}

export class Registry {
  private readonly pages = new Map<number, SimPage>();
  private readonly elements = new Map<number, Map<string, SimElement>>();

  constructor(private readonly runtime: () => Runtime) {}

  rememberPage(page: SimPage | null): PageRecord {
    if (page !== null) this.pages.set(page.id, page);
    return pageRecord(page);
  }

  page(pageId: unknown): SimPage {
    if (typeof pageId !== 'number') throw new ProtocolError('params.pageId must be a number');
    const runtime = this.runtime();
    const live = [runtime.currentPage(), ...runtime.pageStack()].find((page) => page?.id === pageId);
    if (live) this.pages.set(pageId, live);
    const page = live ?? this.pages.get(pageId);
    if (!page) throw new ProtocolError(`no page with pageId ${pageId}`);
    if (!page.alive) throw new ProtocolError(`page ${pageId} (${page.path}) has been unloaded`);
    return page;
  }

  describe(pageId: number, element: SimElement): ElementDescriptor {
    let byId = this.elements.get(pageId);
    if (!byId) {
      byId = new Map();
      this.elements.set(pageId, byId);
    }
    byId.set(element.id, element);
    return element.isComponent
      ? { elementId: element.id, tagName: element.tagName, nodeId: element.id }
      : { elementId: element.id, tagName: element.tagName };
  }

  element(pageId: unknown, elementId: unknown): { page: SimPage; element: SimElement } {
    const page = this.page(pageId);
    if (typeof elementId !== 'string') throw new ProtocolError('params.elementId must be a string');
    const element = this.elements.get(page.id)?.get(elementId);
    if (!element) throw new ProtocolError(`no element ${elementId} on page ${page.id}: look it up with $ or $$ first`);
    return { page, element };
  }
}
