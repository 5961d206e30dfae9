import { createKoaApp } from '../../examples/koa/app';
import { describeExample } from './support/example-suite';

describeExample('koa', (deps) => createKoaApp(deps).callback());
