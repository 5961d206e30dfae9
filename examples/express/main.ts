import { runExample } from '../shared/serve';
import { createExpressApp } from './app';

runExample('express', 3001, createExpressApp);
