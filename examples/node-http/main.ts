import { runExample } from '../shared/serve';
import { createNodeHandler } from './app';

runExample('node:http', 3003, createNodeHandler);
