/** Where things are: the repository root and the built bundles the bench drives. */
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';

export const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '../..');
export const dist = (f) => path.join(root, 'dist', f);
