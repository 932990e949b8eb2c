/**
 * The floor: what any tool must pay to check a text against the schema — bare `yaml`
 * parseDocument (to a JS value) plus an ajv (draft 2020-12, allErrors) validate. No line
 * counting, no rules, no model. Validators are compiled once, outside any timing, like the
 * core's build-time validators (the floor process loads them precompiled: see writeFloorValidators).
 */
import * as fs from 'node:fs';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import { root } from './paths.mjs';

const require = createRequire(import.meta.url);
const { parseDocument } = require('yaml');

function makeAjv(source = false) {
  const Ajv2020 = require('ajv/dist/2020').default;
  // The keywords the core registers (esbuild.mjs), so the same schemas compile under strict mode.
  const ajv = new Ajv2020({ allErrors: true, strict: true, allowUnionTypes: true, code: { source } });
  for (const keyword of ['x-hint', 'markdownDescription']) ajv.addKeyword({ keyword, schemaType: 'string' });
  ajv.addKeyword({ keyword: 'x-enumDescriptions', schemaType: 'array' });
  return ajv;
}

const schema = (f) => JSON.parse(fs.readFileSync(path.join(root, 'schemas', f), 'utf8'));

/** Parse and validate one text; returns the number of problems (parse + schema) so nothing is optimised away. */
function floorOf(validators) {
  return (kind, text) => {
    const doc = parseDocument(text);
    const validate = validators[kind];
    const ok = validate(doc.toJS());
    return doc.errors.length + (ok ? 0 : validate.errors.length);
  };
}

/** The floor in-process: validators compiled now (the caller does this outside its timings). */
export function compileFloor() {
  const ajv = makeAjv();
  return floorOf({ plan: ajv.compile(schema('scaleplan.schema.json')), gates: ajv.compile(schema('cost-gates.schema.json')) });
}

/** Write both validators as standalone code (CommonJS), for the floor process to load precompiled. */
export function writeFloorValidators(file) {
  const standaloneCode = require('ajv/dist/standalone').default;
  const ajv = makeAjv(true);
  const plan = schema('scaleplan.schema.json');
  const gates = schema('cost-gates.schema.json');
  ajv.addSchema(plan).addSchema(gates);
  fs.mkdirSync(path.dirname(file), { recursive: true });
  fs.writeFileSync(file, standaloneCode(ajv, { plan: plan.$id, gates: gates.$id }));
}

/** The floor from validators written by writeFloorValidators. */
export function loadFloor(file) {
  return floorOf(require(path.resolve(file)));
}
