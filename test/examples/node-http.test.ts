import { createNodeHandler } from '../../examples/node-http/app';
import { describeExample } from './support/example-suite';

describeExample('node-http', (deps) => createNodeHandler(deps));
