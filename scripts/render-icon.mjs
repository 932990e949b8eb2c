// One-off: renders the extension icon (media/icon.png, 128×128) from the SVG below with Debian's
// headless Chromium through playwright-core. The PNG is committed; run this again only after
// changing the drawing:  node scripts/render-icon.mjs
// The drawing: quarterly ops hours as stacked bars under a dashed capacity ceiling, the last
// quarter's launch bar (amber) reaching it.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { chromium } from 'playwright-core';

const size = 128;
const bar = (x, segments) => {
  let y = 104;
  return segments.map(([h, fill]) => {
    y -= h;
    return `<rect x="${x}" y="${y}" width="18" height="${h - 2}" rx="2" fill="${fill}"/>`;
  }).join('');
};
const svg = `<svg xmlns="http://www.w3.org/2000/svg" width="${size}" height="${size}" viewBox="0 0 128 128">
  <defs>
    <linearGradient id="bg" x1="0" y1="0" x2="1" y2="1">
      <stop offset="0" stop-color="#1d3b6f"/>
      <stop offset="1" stop-color="#0f766e"/>
    </linearGradient>
  </defs>
  <rect x="4" y="4" width="120" height="120" rx="24" fill="url(#bg)"/>
  ${bar(22, [[22, '#5eead4'], [14, '#99f6e4']])}
  ${bar(46, [[22, '#5eead4'], [14, '#99f6e4'], [12, '#ccfbf1']])}
  ${bar(70, [[22, '#5eead4'], [14, '#99f6e4'], [12, '#ccfbf1'], [10, '#e0f2fe']])}
  ${bar(94, [[22, '#5eead4'], [14, '#99f6e4'], [30, '#fbbf24']])}
  <line x1="16" y1="36" x2="118" y2="36" stroke="#ffffff" stroke-width="4" stroke-dasharray="8 6" stroke-linecap="round"/>
  <line x1="16" y1="106" x2="118" y2="106" stroke="#ffffff" stroke-opacity="0.55" stroke-width="3" stroke-linecap="round"/>
</svg>`;

const out = join(import.meta.dirname, '..', 'media', 'icon.png');
const browser = await chromium.launch({ executablePath: process.env.SCALEPLAN_E2E_CHROMIUM ?? '/usr/bin/chromium', headless: true, args: ['--no-sandbox', '--disable-gpu'] });
try {
  const page = await browser.newPage({ viewport: { width: size, height: size } });
  await page.route('**/*', (route) => route.abort()); // nothing leaves the machine
  await page.setContent(`<html><body style="margin:0;background:transparent">${svg}</body></html>`);
  writeFileSync(out, await page.locator('svg').screenshot({ omitBackground: true }));
  console.log(`wrote ${out}`);
} finally {
  await browser.close();
}
