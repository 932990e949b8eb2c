// Declarations for validators.js, which esbuild.mjs generates from schemas/*.json with Ajv's
// standalone code (no `new Function` at run time, nothing compiled on start).
import type { ValidateFunction } from 'ajv';

export const plan: ValidateFunction;
export const gates: ValidateFunction;
export const actuals: ValidateFunction;
