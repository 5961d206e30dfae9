import { createExpressApp } from '../../examples/express/app';
import { describeExample } from './support/example-suite';

describeExample('express', (deps) => createExpressApp(deps));
