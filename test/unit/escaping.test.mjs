// Issue 18, findings 3 and 4: plan text is untrusted. Hostile ids, names, platform and model names
// (control characters, ANSI/OSC escapes, newlines that forge lines or GitHub workflow commands,
// markdown and HTML metacharacters) go through every output format of check, report and diff,
// and come out escaped for the medium — or, in JSON and SARIF, exactly as written.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { createRequire } from 'node:module';
import fc from 'fast-check';
import { core, root, workspace } from '../helpers.mjs';

const require = createRequire(import.meta.url);
const cli = require(path.join(root, 'dist/cli.js'));
const { escapeTerminal, escapeMarkdown, escapeMarkdownCode, escapeHtml } = core.escape;

const PIECES = ['\n', '\r\n', '\r', '\t', '\x1b[31m', '\x1b]8;;https://evil.test\x07', '\x1b]52;c;cHduZWQ=\x07', '\x00', '\x08', '\x7f', '\u009b', '\u0085', '\u202e', '\u2066', '\u2028',
  '::error::forged', '::add-mask::', '\n::error file=x::pwned', '\nx.plan.yaml:1:1  error  fake  SP999', '|', '||', '<script>alert(1)</script>', '<x-evil>', '<img src=x onerror=alert(1)>', '&amp;', '&',
  '[click](javascript:alert(1))', '![i](https://evil.test/i.png)', '<javascript:alert(1)>', '`', '``', '*', '**', '_', '~~', '#', '\\', '"', "'", '>', 'W', '-', '7', ' ', 'é', '🚀'];

// The model trims names and ids (blank is absent), so a string with blank ends gets a letter at each.
const hostile = fc.array(fc.constantFrom(...PIECES), { minLength: 1, maxLength: 6 }).map((a) => a.join('')).map((s) => (s.trim() === s ? s : `x${s}x`));

/** A YAML double-quoted scalar: anything outside printable ASCII as \uXXXX (raw controls are SP001). */
const q = (s) => '"' + [...s].map((c) => {
  const n = c.codePointAt(0);
  if (c === '"' || c === '\\') return '\\' + c;
  if (n >= 0x20 && n < 0x7f) return c;
  return n > 0xffff ? c : `\\u${n.toString(16).padStart(4, '0')}`;
}).join('') + '"';

function planText({ platform, id, name, model, candidate, shipQuarter = 'Q2-2026', ops = 6 }) {
  return `kind: ScaleOutPlan
version: 1
platform: ${q(platform)}
maturity: expansion
quarters: [Q2-2026, Q3-2026, Q4-2026, Q1-2027, Q2-2027]
capacity: { opsHoursPerWeek: 10, bufferPercent: 15, computeHeadroomPercent: 35 }
rateCard:
  ${q(model)}: { input: 3, output: 15, tier: standard }
  haiku: { input: 1, output: 5, tier: budget }
workloads:
  - id: ${q(id)}
    name: ${q(name)}
    owner: Sarah
    status: committed
    shape: customer-chat
    users: 1000
    sessionsPerUser: 10
    tokensPerUser: 100k
    opsHoursPerWeek: ${ops}
    model: ${q(model)}
    degradeTo: haiku
    costGate: soft-cap
    shipQuarter: ${shipQuarter}
    signOff: { engineering: 2026-03-01, finance: 2026-03-04 }
  - id: ${q(candidate)}
    name: ${q(name)}
    status: candidate
    shipQuarter: ${q(candidate)}
  - id: ${q(id)}
    name: duplicate
    status: candidate
`;
}

/** The CLI in process; file arguments are made absolute (the CLI resolves them against process.cwd()). */
function runCli(args, cwd) {
  args = args.map((a) => (a.endsWith('.yaml') ? path.join(cwd, a) : a));
  let out = '';
  let err = '';
  const code = cli.run(args, { out: (s) => { out += s; }, err: (s) => { err += s; }, isTty: true, cwd });
  return { code, out, err };
}

// Characters that must never reach a terminal from plan text. \n is the output's own line break.
// eslint-disable-next-line no-control-regex
const RAW_CONTROL = /[\u0000-\u0009\u000b-\u001f\u007f-\u009f\u2028\u2029\u202a-\u202e\u2066-\u2069]/;

function assertTerminalSafe(label, out, expectedLines) {
  // Our own colour codes (isTty) are the only escapes: ESC followed by [ and a colour number then m.
  const withoutOurColours = out.replace(/\x1b\[(?:0|2|31|33|36)m/g, '');
  assert.ok(!RAW_CONTROL.test(withoutOurColours), `${label}: a raw control character reached the output: ${JSON.stringify(out)}`);
  for (const line of withoutOurColours.split('\n')) assert.ok(!line.startsWith('::'), `${label}: a line starts a workflow command: ${JSON.stringify(line)}`);
  if (expectedLines !== undefined) assert.equal(out.split('\n').length, expectedLines, `${label}: plan text added lines: ${out}`);
}

/**
 * GFM's view of a line: outside code spans a backslash escapes the next character; a backtick opens
 * a span that the next backtick closes (nothing is escaped inside). Returns the text outside spans
 * with escaped characters dropped, the spans, and whether a span was left open.
 */
function scanMarkdown(markdown) {
  let outside = '';
  const spans = [];
  let open = false;
  for (const line of markdown.split('\n')) {
    let span;
    for (let i = 0; i < line.length; i++) {
      const c = line[i];
      if (span !== undefined) { if (c === '`') { spans.push(span); span = undefined; } else span += c; continue; }
      if (c === '\\' && i + 1 < line.length) { i++; outside += ' '; continue; }
      if (c === '`') { span = ''; outside += ' CODE '; continue; }
      outside += c;
    }
    if (span !== undefined) open = true;
    outside += '\n';
  }
  return { outside, spans, open };
}

/**
 * `structure`: the same command's markdown on a plain plan, scanned. A hostile string that it holds
 * too (`|\n|-`, a table row's end and the separator row's start) is the document's own markup there,
 * not plan text left raw; the cell count above still checks where such a string went.
 */
function assertMarkdownSafe(label, markdown, hostileStrings, structure = '') {
  const { outside: out, spans, open } = scanMarkdown(markdown);
  assert.ok(!open, `${label}: an unclosed code span: ${markdown}`);
  for (const sp of spans) {
    assert.ok(!/[\r\x1b]/.test(sp), `${label}: control character in a code span ${JSON.stringify(sp)}`);
    assert.ok(!/(?<!\\)\|/.test(sp), `${label}: GFM splits table cells on | even inside code: ${JSON.stringify(sp)}`);
  }
  assert.ok(!/<(?!!--)/.test(out), `${label}: raw < in markdown: ${out}`);
  assert.ok(!/!\[/.test(out) && !/\]\(/.test(out), `${label}: a live link or image: ${out}`);
  assert.ok(!/javascript:/i.test(out), `${label}: a javascript: scheme survived`);
  assert.ok(!RAW_CONTROL.test(out.replace(/\n/g, '')), `${label}: raw control character`);
  // Every table row has as many unescaped | as the header: no cell was split or added.
  // Each table (consecutive | lines; a report has several) against its own header row.
  const pipes = (l) => l.split('|').length;
  let header;
  for (const l of out.split('\n')) {
    if (!l.startsWith('|')) { header = undefined; continue; }
    header ??= l;
    assert.equal(pipes(l), pipes(header), `${label}: a | split a cell: ${l}`);
  }
  // No plan string appears raw when it holds markup.
  for (const s of hostileStrings) if (/[<[`\n\r\x1b]/.test(s) && s.length >= 3 && !structure.includes(s)) assert.ok(!out.includes(s), `${label}: ${JSON.stringify(s)} appears unescaped`);
}

test('hostile plan text through check, report and diff in every format: escaped for the medium, exact in JSON and SARIF', () => {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-escape-'));
  fs.writeFileSync(path.join(dir, 'old.plan.yaml'), planText({ platform: 'Old', id: 'W-00', name: 'old one', model: 'sonnet', candidate: 'C-00' }));
  // The markdown's own structure, from a plain plan through the same commands.
  fs.writeFileSync(path.join(dir, 'plain.plan.yaml'), planText({ platform: 'Plain', id: 'W-01', name: 'plain one', model: 'sonnet', candidate: 'C-01' }));
  const structure = {
    report: scanMarkdown(runCli(['report', 'plain.plan.yaml', '--format', 'markdown'], dir).out).outside,
    diff: scanMarkdown(runCli(['diff', 'old.plan.yaml', 'plain.plan.yaml', '--format', 'markdown'], dir).out).outside,
  };
  assert.ok(structure.report.includes('|\n|-'), 'the report holds a table (a row, then the separator row)');
  let runs = 0;
  fc.assert(fc.property(hostile, hostile, hostile, hostile, hostile, (platform, id, name, model, candidate) => {
    runs++;
    const text = planText({ platform, id, name, model, candidate });
    fs.writeFileSync(path.join(dir, 'h.plan.yaml'), text);
    const strings = [platform, id, name, model, candidate];

    // check: text (one line per finding + the summary), JSON and SARIF.
    const json = JSON.parse(runCli(['check', 'h.plan.yaml', '--format', 'json'], dir).out);
    const findings = json.files[0].diagnostics;
    assert.ok(!findings.some((f) => f.code === 'SP001'), `the generated plan parses: ${JSON.stringify(findings.filter((f) => f.code === 'SP001'))}`);
    const checkText = runCli(['check', 'h.plan.yaml'], dir).out;
    // One line per finding, a blank line, the summary, and the final newline.
    assertTerminalSafe('check text', checkText, findings.length ? findings.length + 3 : 2);
    const sarif = JSON.parse(runCli(['check', 'h.plan.yaml', '--format', 'sarif'], dir).out);
    assert.deepEqual(sarif.runs[0].results.map((r) => r.message.text), findings.map((f) => f.message), 'SARIF carries the messages exactly');
    // SP108 (the duplicate id) names the id: JSON keeps it exact.
    const dup = findings.find((f) => f.code === 'SP108');
    if (dup) assert.ok(dup.message.includes(id), 'JSON carries the id exactly as written');

    // report: text, markdown, json, html.
    const reportJson = JSON.parse(runCli(['report', 'h.plan.yaml', '--format', 'json'], dir).out);
    assert.equal(reportJson.platform, platform);
    assert.equal(reportJson.quarters[0].workloads[0].id, id);
    assert.equal(reportJson.candidates[0].id, candidate);
    const reportText = runCli(['report', 'h.plan.yaml'], dir).out;
    // Title, header, 5 quarters, 5 workload lines, the register, the hand-off, candidates, prices, final newline.
    assertTerminalSafe('report text', reportText, 1 + 1 + 5 + 5 + 1 + 1 + 1 + 1 + 1);
    assertMarkdownSafe('report markdown', runCli(['report', 'h.plan.yaml', '--format', 'markdown'], dir).out, strings, structure.report);
    const html = runCli(['report', 'h.plan.yaml', '--format', 'html'], dir).out;
    for (const s of strings) if (s.includes('<')) assert.ok(!html.includes(s), `html: ${JSON.stringify(s)} appears unescaped`);
    assert.ok(html.includes(escapeHtml(id)), 'the id is on the page, escaped');
    assert.ok(!/<x-evil|<img src=x|<script>alert/.test(html), 'no injected element in the HTML');
    assert.ok(!RAW_CONTROL.test(html.replace(/[\n\r\t]/g, '')), 'no raw control character in the HTML (line breaks and tabs are whitespace there)');

    // diff: text, markdown, json (the hostile plan against a plain one: everything "added").
    const diffJson = JSON.parse(runCli(['diff', 'old.plan.yaml', 'h.plan.yaml', '--format', 'json'], dir).out);
    assert.ok(diffJson.workloads.added.some((w) => w.id === id && w.name === name), 'diff JSON keeps the id and name exactly');
    const diffText = runCli(['diff', 'old.plan.yaml', 'h.plan.yaml'], dir).out;
    assertTerminalSafe('diff text', diffText);
    assert.ok(!diffText.split('\n').some((l) => /^\S+\.plan\.yaml:\d+:\d+/.test(l)), 'no forged diagnostic line');
    assertMarkdownSafe('diff markdown', runCli(['diff', 'old.plan.yaml', 'h.plan.yaml', '--format', 'markdown'], dir).out, strings, structure.diff);
  }), { numRuns: Number(process.env.SCALEPLAN_FUZZ_RUNS ?? 60), includeErrorInReport: true, ...(process.env.SCALEPLAN_FUZZ_SEED ? { seed: Number(process.env.SCALEPLAN_FUZZ_SEED), path: process.env.SCALEPLAN_FUZZ_PATH } : {}) });
  assert.ok(runs >= 1);
});

test('escapeTerminal shows every control; a workflow command cannot start a line', () => {
  // Worked by hand: \n → "\n" (2 chars), ESC → "\x1b", DEL → "\x7f", U+009B → "\x9b", U+202E → "\u202e".
  assert.equal(escapeTerminal('a\nb\x1b[31mc\x7fd\u009be\u202ef\tg\rh'), 'a\\nb\\x1b[31mc\\x7fd\\x9be\\u202ef\\tg\\rh');
  assert.equal(escapeTerminal('::error::x', { lineStart: true }), '\\x3a:error::x');
  assert.equal(escapeTerminal('W-01 Customer chat → Q3 — ok…'), 'W-01 Customer chat → Q3 — ok…', 'ordinary text is unchanged');
});

test('escapeMarkdown: HTML, links, images, emphasis, code and cell breaks become text', () => {
  assert.equal(escapeMarkdown('<script>x</script>'), '&lt;script&gt;x&lt;/script&gt;');
  assert.equal(escapeMarkdown('[a](javascript:alert(1))'), '\\[a\\]\\(javascript&#58;alert\\(1\\)\\)');
  assert.equal(escapeMarkdown('![i](u)'), '\\!\\[i\\]\\(u\\)');
  assert.equal(escapeMarkdown('a|b\nc'), 'a\\|b c');
  assert.equal(escapeMarkdown('*_`~\\'), '\\*\\_\\`\\~\\\\');
  assert.equal(escapeMarkdown('Tom & Jerry'), 'Tom &amp; Jerry');
  assert.equal(escapeMarkdown('W-01 Customer support chat'), 'W-01 Customer support chat', 'ordinary text is unchanged');
  assert.equal(escapeMarkdownCode('a`b|c\nd'), 'aʼb\\|c d');
  assert.equal(escapeHtml(`<a href="x">'&'</a>\x1b`), '&lt;a href=&quot;x&quot;&gt;&#39;&amp;&#39;&lt;/a&gt;\\x1b');
});

test('hover markdown: plan text cannot add an image (a fetch from the editor), a link, HTML or a table cell', () => {
  const text = `kind: ScaleOutPlan
version: 1
platform: P
maturity: expansion
quarters: [Q2-2026, Q3-2026, Q4-2026, Q1-2027, Q2-2027]
capacity: { opsHoursPerWeek: 80, bufferPercent: 15, computeHeadroomPercent: 35 }
rateCard:
  sonnet: { input: 3, output: 15, tier: standard, source: "https://a.test/) ![t](https://evil.test/t.png", asOf: "<b>x</b>" }
  haiku: { input: 1, output: 5, tier: budget }
workloads:
  - id: W-01
    name: "![p](https://evil.test/p.png) <img src=x onerror=alert(1)> | cell"
    owner: "[me](javascript:alert(1))"
    status: committed
    shape: customer-chat
    users: 1000
    sessionsPerUser: 10
    tokensPerUser: 100k
    opsHoursPerWeek: 6
    model: sonnet
    degradeTo: haiku
    costGate: soft-cap
    shipQuarter: Q2-2026
    signOff: { engineering: 2026-03-01, finance: 2026-03-04 }
`;
  const ws = workspace({ 'h.plan.yaml': text });
  const p = ws.path('h.plan.yaml');
  const hoverAt = (offset) => core.features.hover(ws.service, p, offset)?.contents.value ?? '';
  const onWorkload = hoverAt(text.indexOf('W-01') + 1);
  const onQuarter = hoverAt(text.indexOf('shipQuarter: Q2-2026') + 15);
  const onModel = hoverAt(text.indexOf('model: sonnet') + 8);
  for (const md of [onWorkload, onQuarter, onModel]) {
    assert.ok(md, 'a hover');
    const { outside } = scanMarkdown(md);
    // The bundled rate card's own source link is the one link allowed.
    assert.ok(!/!\[/.test(outside) && !/\]\(/.test(outside), `no live image or link: ${md}`);
    assert.ok(!/<(img|b)\b/.test(md), `no HTML: ${md}`);
  }
  assert.match(onWorkload, /\*\*W-01 !\\\[p\\\]\(https:\/\/evil\.test\/p\.png\) &lt;img src=x onerror=alert\(1\)&gt; \\\| cell\*\*/);
  assert.match(onWorkload, /owner \\\[me\\\]\(javascript:alert\(1\)\)/);
  assert.match(onQuarter, /!\\\[p\\\]/, 'the quarter table names the workload, escaped');
  assert.ok(!onModel.includes('](https://a.test/)'), `the odd source is text, not a link: ${onModel}`);
});

test('team and scenario names in the finance sections, and hand-off evidence, are escaped in text and markdown', async () => {
  const { planF } = await import('../fixtures/financePlans.mjs');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'scaleplan-escape-finance-'));
  const team = 'Sup\\e[31mport <img src=x> | [x](javascript:alert(1))';
  const text = planF.replaceAll('team: Support', `team: "${team}"`).replace('  low: { users: 0.5 }', '  "lo\\e]8;;w": { users: 0.5 }');
  fs.writeFileSync(path.join(dir, 'f.plan.yaml'), text);
  // A terminal shows <img> as text; markdown must not render it, nor the link.
  const raw = { text: ['Sup\x1b[31mport', 'lo\x1b]8;;w'], markdown: ['Sup\x1b[31mport', 'lo\x1b]8;;w', '<img src=x>', '[x](javascript'] };
  for (const format of ['text', 'markdown']) {
    const out = runCli(['report', 'f.plan.yaml', '--scenario', 'all', '--format', format], dir).out;
    assert.match(out, /Sup.*port/, `${format}: the team is shown`);
    for (const s of raw[format]) assert.ok(!out.includes(s), `${format}: ${JSON.stringify(s)} appears unescaped`);
    assert.doesNotMatch(out, /\x1b/, `${format}: no raw ESC`);
  }
  // The hand-off's evidence quotes the plan's file name: a terminal control in it is shown, not run.
  const evil = 'ev\x1b[2Jil.plan.yaml';
  fs.writeFileSync(path.join(dir, evil), text);
  const handoff = runCli(['handoff', evil], dir);
  assert.doesNotMatch(handoff.out, /\x1b/);
  assert.match(handoff.out, /ev\\x1b\[2Jil\.plan\.yaml/);
  assert.doesNotMatch(runCli(['handoff', evil, '--format', 'markdown'], dir).out, /\x1b/);
});
