#!/usr/bin/env node
/**
 * The floor of `scaleplan check` as a process: start node, load yaml and the precompiled ajv
 * validators, read the files, parse and validate each. What any schema-only checker pays.
 *
 *   node bench/lib/floorCli.mjs <validators.cjs> <file.plan.yaml> <file.gates.yaml>
 */
import * as fs from 'node:fs';
import { loadFloor } from './floor.mjs';

const [validators, ...files] = process.argv.slice(2);
const check = loadFloor(validators);
let problems = 0;
for (const file of files) problems += check(/\.gates\.ya?ml$/.test(file) ? 'gates' : 'plan', fs.readFileSync(file, 'utf8'));
process.stdout.write(`${problems} problems\n`);
