import { appHandlers } from './app';
import type { HandlerTable } from './context';
import { elementHandlers } from './element';
import { pageHandlers } from './page';
import { toolHandlers } from './tool';

export const HANDLERS: HandlerTable = { ...toolHandlers, ...appHandlers, ...pageHandlers, ...elementHandlers };
