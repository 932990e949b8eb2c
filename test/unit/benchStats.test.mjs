// The bench's paired ratio (bench/lib/report.mjs): the issue 16 "with the actuals / without" rows.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { pairedRatio } from '../../bench/lib/report.mjs';

test('pairedRatio is the median of the ratios of samples taken in pairs, not the ratio of the medians', () => {
  // Pairs 10/5 = 2, 20/25 = 0.8, 30/30 = 1: the median of the ratios is 1. The sides' own medians
  // (20 and 25) would give 0.8: the second pair ran in a slow phase for the first side alone.
  const part = { samples: { a: [10, 20, 30], b: [5, 25, 30] } };
  assert.equal(pairedRatio(part, 'a', 'b'), 1);
  // An even count: the mean of the middle two ratios, (1 + 1.5) / 2.
  assert.equal(pairedRatio({ samples: { a: [2, 3, 4, 12], b: [2, 2, 1, 12] } }, 'a', 'b'), 1.25);
});

test('pairedRatio is undefined without two lists of as many samples', () => {
  assert.equal(pairedRatio({ samples: { a: [1, 2], b: [1] } }, 'a', 'b'), undefined);
  assert.equal(pairedRatio({ samples: { a: [1] } }, 'a', 'b'), undefined);
  assert.equal(pairedRatio(undefined, 'a', 'b'), undefined);
});
