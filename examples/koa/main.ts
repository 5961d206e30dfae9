import { runExample } from '../shared/serve';
import { createKoaApp } from './app';

runExample('koa', 3002, (deps) => createKoaApp(deps).callback());
