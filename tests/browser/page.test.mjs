// The search page of dossier-serve in a real browser: Debian's chromium
// driven by playwright-core (which never downloads a browser here). Builds a
// database with the real dossier-index from fixtures written to a temporary
// folder, starts the real dossier-serve on a free port, and walks through
// what an analyst does: search, pick two countries (both counts stay), drag
// a date range, open a document, go back, page forward; and checks that a
// document holding markup and script shows it as text and runs nothing;
// "More like this" from a document, a saved search run from the list, and
// a server started with --token-file, whose token the page asks for.
//
//   node page.test.mjs --index BIN --search BIN --serve BIN --corpus DIR
//                      --pdf FILE --out BUILD_DIR
// Exit 0: passed; 1: failed; 77: cannot run here (no chromium or
// playwright-core), which CTest reports as skipped.

import { spawn, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import assert from 'node:assert/strict';
import { fileURLToPath } from 'node:url';

const SKIP = 77;
const here = path.dirname(fileURLToPath(import.meta.url));
const chromiumPath = process.env.DOSSIER_CHROMIUM || '/usr/bin/chromium';

function parseArguments(argv) {
  const options = {};
  for (let i = 0; i < argv.length; i += 2) {
    const name = argv[i];
    if (!name.startsWith('--') || i + 1 >= argv.length) {
      console.error('usage: node page.test.mjs --index BIN --search BIN --serve BIN --corpus DIR --pdf FILE --out DIR');
      process.exit(2);
    }
    options[name.slice(2)] = argv[i + 1];
  }
  for (const required of ['index', 'search', 'serve', 'corpus', 'pdf', 'out']) {
    if (!options[required]) {
      console.error(`page.test.mjs: --${required} is missing`);
      process.exit(2);
    }
  }
  return options;
}

const options = parseArguments(process.argv.slice(2));

if (!fs.existsSync(chromiumPath)) {
  console.log(`SKIP: no chromium at ${chromiumPath} (scripts/setup installs Debian's chromium)`);
  process.exit(SKIP);
}
let chromium;
try {
  ({ chromium } = await import(path.join(here, 'node_modules', 'playwright-core', 'index.mjs')));
} catch (e) {
  console.log('SKIP: playwright-core is not installed in tests/browser/node_modules (run: npm ci --prefix tests/browser)');
  process.exit(SKIP);
}

// ---------- the fixture collection ----------

const MARKUP_TITLE = '<img src=x onerror="window.__dossierPwned=1;alert(1)"> & <script>window.__dossierPwned=2</script>';
const MARKUP_TEXT = 'A briefing on espionage: <img src=x onerror="window.__dossierPwned=3"> ' +
  '<script>alert("xss")</script> <b>bold?</b> &amp; Iran.';

function writeFixtures(folder) {
  fs.mkdirSync(folder, { recursive: true });
  for (const name of fs.readdirSync(options.corpus)) {
    fs.copyFileSync(path.join(options.corpus, name), path.join(folder, name));
  }
  fs.copyFileSync(options.pdf, path.join(folder, 'statement.pdf'));
  // Characters outside the BMP before the query word: the snippet's
  // highlights count code points, JavaScript strings UTF-16 units.
  fs.writeFileSync(path.join(folder, 'astral.txt'),
    '---\ntitle: Field report 😀 𐌰𐌲𐌺\ndate: 2017-02-01\nlang: en\n---\n' +
    'Emoji 😀😀😀 and Gothic 𐌰𐌲𐌺𐌻 letters come before the word reconnaissance in this report.\n');
  fs.writeFileSync(path.join(folder, 'markup.txt'),
    `---\ntitle: ${MARKUP_TITLE}\ndate: 2016-05-04\nlang: en\n---\n${MARKUP_TEXT}\n`);
  // Per year from 2010 to 2022: a note about China, one about Russia, one
  // about both, and one about Iran; each month a different one.
  const subjects = [
    ['china', 'China', 'Beijing denied the cyber intrusion into the ministry network.'],
    ['russia', 'Russia', 'Moscow denied the cyber intrusion into the election systems.'],
    ['both', 'China and Russia', 'China and Russia signed a cyber security agreement on information space.'],
    ['iran', 'Iran', 'Tehran denied the cyber attack on the water utility.'],
  ];
  for (let year = 2010; year <= 2022; ++year) {
    subjects.forEach(([slug, who, sentence], i) => {
      const month = String(((year - 2010) * 4 + i) % 12 + 1).padStart(2, '0');
      fs.writeFileSync(path.join(folder, `note-${year}-${slug}.txt`),
        `---\ntitle: Cyber note on ${who}, ${year}\ndate: ${year}-${month}-10\nlang: en\n---\n` +
        `${sentence} Analysts in ${year} followed the cyber campaign closely.\n`);
    });
  }
}

// ---------- the server ----------

function startServer(database, extraArguments = []) {
  return new Promise((resolve, reject) => {
    const server = spawn(options.serve, ['--db', database, '--listen', '127.0.0.1:0', ...extraArguments],
      { stdio: ['ignore', 'ignore', 'pipe'] });
    let stderr = '';
    const timer = setTimeout(() => reject(new Error('dossier-serve did not say where it listens within 10 s:\n' + stderr)), 10000);
    server.stderr.setEncoding('utf8');
    server.stderr.on('data', (chunk) => {
      stderr += chunk;
      const match = /dossier-serve: listening on (http:\/\/[^\s/]+:\d+)\//.exec(stderr);
      if (match) {
        clearTimeout(timer);
        resolve({ server, base: match[1], log: () => stderr });
      }
    });
    server.on('error', (e) => { clearTimeout(timer); reject(e); });
    server.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`dossier-serve exited (${code ?? signal}) before listening:\n${stderr}`));
    });
  });
}

function stopServer(server) {
  if (!server || server.exitCode !== null || server.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    const force = setTimeout(() => { server.kill('SIGKILL'); }, 3000);
    server.once('exit', () => { clearTimeout(force); resolve(); });
    server.kill('SIGTERM');
  });
}

// ---------- checks ----------

let failures = 0;
async function step(name, body) {
  const started = Date.now();
  try {
    await body();
    console.log(`ok - ${name} (${Date.now() - started} ms)`);
  } catch (e) {
    failures += 1;
    console.log(`not ok - ${name}\n  ${String(e && e.stack || e).split('\n').join('\n  ')}`);
    throw e;
  }
}

function cliCount(database, args) {
  const out = execFileSync(options.search, ['--db', database, '--count', ...args], { encoding: 'utf8' });
  return Number(out.trim());
}

// The page sets <html data-rendered=URL> once it shows the URL's state.
async function settled(page) {
  await page.waitForFunction(() =>
    document.documentElement.dataset.rendered === location.pathname + location.search &&
    !document.body.hasAttribute('aria-busy'), null, { timeout: 10000 });
}

async function facetCounts(page, facet) {
  return page.$$eval(`#facets section[data-facet="${facet}"] li`, (items) =>
    Object.fromEntries(items.map((li) => [li.querySelector('input').value,
      Number(li.querySelector('.facet-count').textContent.replace(/,/g, ''))])));
}

async function headingTotal(page) {
  const text = await page.textContent('#results-heading');
  const match = /(?:of (?:about )?)?([\d,]+) documents?$/.exec(text.trim());
  assert.ok(match, `results heading "${text}" names no count`);
  return Number(match[1].replace(/,/g, ''));
}

async function hitTitles(page) {
  return page.$$eval('#results .hit-title', (links) => links.map((a) => a.textContent));
}

function searchOf(page) {
  return new URL(page.url()).searchParams;
}

// ---------- the run ----------

const work = fs.mkdtempSync(path.join(os.tmpdir(), 'dossier-browser-'));
const fixtures = path.join(work, 'docs');
const database = path.join(work, 'db');
let running = null;
let guarded = null; // the server with --token-file
let browser = null;
const killOnExit = () => {
  for (const r of [running, guarded]) if (r && r.server.exitCode === null) r.server.kill('SIGKILL');
};
process.on('exit', killOnExit);
for (const signal of ['SIGINT', 'SIGTERM']) process.on(signal, () => { killOnExit(); process.exit(1); });

try {
  writeFixtures(fixtures);
  execFileSync(options.index, ['--db', database, fixtures], { stdio: ['ignore', 'ignore', 'inherit'] });
  execFileSync(options.search, ['--db', database, '--save', 'china-cyber', '--country', 'CN', 'cyber'],
    { stdio: ['ignore', 'ignore', 'pipe'] });
  running = await startServer(database);
  const base = running.base;
  console.log(`# dossier-serve at ${base}`);

  browser = await chromium.launch({ executablePath: chromiumPath, headless: true });
  const context = await browser.newContext({ viewport: { width: 1280, height: 860 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const problems = [];
  let dialogs = 0;
  page.on('dialog', async (dialog) => { dialogs += 1; problems.push('dialog: ' + dialog.message()); await dialog.dismiss(); });
  page.on('pageerror', (e) => problems.push('page error: ' + e.message));
  page.on('console', (m) => { if (m.type() === 'error') problems.push('console error: ' + m.text()); });
  page.on('request', (r) => {
    if (!r.url().startsWith(base + '/')) problems.push('request to another host: ' + r.url());
  });
  const pwned = () => page.evaluate(() => window.__dossierPwned);

  await step('the page loads with no errors and lists every document newest first', async () => {
    await page.goto(base + '/');
    await settled(page);
    assert.equal(await headingTotal(page), cliCount(database, ['--facets', 'year']));
    assert.equal(await page.inputValue('#sort'), 'newest');
    assert.ok(await page.isVisible('#histogram .bar'), 'the time line shows bars');
  });

  let countriesBefore;
  await step('search: Enter in the search box runs the query and highlights its words', async () => {
    await page.click('#q');
    await page.keyboard.type('cyber');
    await page.keyboard.press('Enter');
    await settled(page);
    assert.equal(searchOf(page).get('q'), 'cyber');
    assert.equal(await headingTotal(page), cliCount(database, ['cyber']));
    assert.equal((await hitTitles(page)).length, 10);
    const marks = await page.$$eval('#results .snippet mark', (ms) => ms.map((m) => m.textContent.toLowerCase()));
    assert.ok(marks.length > 0 && marks.every((m) => m.startsWith('cyber')), `marks: ${marks}`);
    countriesBefore = await facetCounts(page, 'country');
    assert.equal(countriesBefore.CN, cliCount(database, ['--country', 'CN', 'cyber']));
    assert.equal(countriesBefore.RU, cliCount(database, ['--country', 'RU', 'cyber']));
  });

  await step('pick two countries: China and Russia both stay with their counts, results are either', async () => {
    await page.check('#facets input[data-facet="country"][value="CN"]');
    await settled(page);
    assert.deepEqual(searchOf(page).getAll('country'), ['CN']);
    const afterOne = await facetCounts(page, 'country');
    assert.equal(afterOne.RU, countriesBefore.RU, 'Russia keeps its count once China is picked');
    assert.equal(afterOne.CN, countriesBefore.CN);
    await page.check('#facets input[data-facet="country"][value="RU"]');
    await settled(page);
    assert.deepEqual(searchOf(page).getAll('country'), ['CN', 'RU']);
    const afterTwo = await facetCounts(page, 'country');
    assert.equal(afterTwo.CN, countriesBefore.CN);
    assert.equal(afterTwo.RU, countriesBefore.RU);
    assert.ok(await page.isChecked('#facets input[data-facet="country"][value="CN"]'));
    assert.ok(await page.isChecked('#facets input[data-facet="country"][value="RU"]'));
    assert.equal(await headingTotal(page), cliCount(database, ['--country', 'CN', '--country', 'RU', 'cyber']));
  });

  let filteredTitles;
  await step('drag across the time line: since and until become the first and last bar', async () => {
    const unit = await page.getAttribute('#histogram', 'data-unit');
    const from = unit === 'month' ? '2012-01' : '2012';
    const to = unit === 'month' ? '2015-12' : '2015';
    const first = await page.locator(`#histogram .bar[data-value="${from}"]`).boundingBox();
    const last = await page.locator(`#histogram .bar[data-value="${to}"]`).boundingBox();
    assert.ok(first && last, `bars ${from} and ${to} are on the time line`);
    await page.mouse.move(first.x + first.width / 2, first.y + first.height - 5);
    await page.mouse.down();
    await page.mouse.move((first.x + last.x) / 2, first.y + first.height - 5, { steps: 5 });
    await page.mouse.move(last.x + last.width / 2, last.y + last.height - 5, { steps: 5 });
    await page.mouse.up();
    await settled(page);
    assert.equal(searchOf(page).get('since'), from);
    assert.equal(searchOf(page).get('until'), to);
    assert.deepEqual(searchOf(page).getAll('country'), ['CN', 'RU'], 'the countries stay picked');
    const dates = await page.$$eval('#results .hit', (hits) => hits.map((h) => h.dataset.date));
    assert.ok(dates.length > 0 && dates.every((d) => d >= '2012' && d < '2016'), `dates: ${dates}`);
    assert.equal(await headingTotal(page),
      cliCount(database, ['--country', 'CN', '--country', 'RU', '--since', '2012', '--until', '2015', 'cyber']));
    assert.match(await page.textContent('#active-filters'), /2012.*2015/);
    filteredTitles = await hitTitles(page);
    await page.screenshot({ path: path.join(options.out, 'dossier-serve.png') });
  });

  let openedTitle;
  await step('open a document: its whole text, with the query words highlighted', async () => {
    openedTitle = filteredTitles[0];
    await page.click('#results .hit-title >> nth=0');
    await settled(page);
    assert.ok(searchOf(page).get('doc'), 'the URL names the document');
    assert.equal(await page.textContent('#doc-title'), openedTitle);
    assert.ok(await page.isHidden('#results-view'));
    const marks = await page.$$eval('#doc-text mark', (ms) => ms.map((m) => m.textContent.toLowerCase()));
    assert.ok(marks.length > 0 && marks.every((m) => m.startsWith('cyber')), `marks: ${marks}`);
    assert.match(await page.textContent('#doc-text'), /followed the cyber campaign closely/);
  });

  await step('back: the filtered results come back as they were', async () => {
    await page.goBack();
    await settled(page);
    assert.equal(searchOf(page).get('doc'), null);
    assert.deepEqual(await hitTitles(page), filteredTitles);
    assert.ok(await page.isChecked('#facets input[data-facet="country"][value="CN"]'));
    assert.ok(await page.isChecked('#facets input[data-facet="country"][value="RU"]'));
    assert.equal(await page.inputValue('#since'), searchOf(page).get('since'));
    assert.equal(await page.inputValue('#q'), 'cyber');
  });

  await step('page forward: the next results, and back again', async () => {
    const total = await headingTotal(page);
    assert.ok(total > 10, `more than a page of results (${total})`);
    await page.click('#pager a[rel="next"]');
    await settled(page);
    assert.equal(searchOf(page).get('offset'), '10');
    const second = await hitTitles(page);
    assert.equal(second.length, Math.min(10, total - 10));
    assert.ok(second.every((t) => !filteredTitles.includes(t)), 'page 2 shows other documents');
    assert.equal(await page.getAttribute('#results', 'start'), '11');
    await page.goBack();
    await settled(page);
    assert.deepEqual(await hitTitles(page), filteredTitles);
  });

  await step('sort by newest: the dates go down, the filters stay', async () => {
    await page.selectOption('#sort', 'newest');
    await settled(page);
    assert.equal(searchOf(page).get('sort'), 'newest');
    assert.deepEqual(searchOf(page).getAll('country'), ['CN', 'RU']);
    const dates = await page.$$eval('#results .hit', (hits) => hits.map((h) => h.dataset.date));
    assert.deepEqual(dates, dates.slice().sort().reverse());
    assert.equal(dates[0].slice(0, 4), '2015');
    await page.goBack();
    await settled(page);
    assert.deepEqual(await hitTitles(page), filteredTitles);
  });

  await step('a shared URL shows the same view in a new tab', async () => {
    const other = await context.newPage();
    await other.goto(page.url());
    await settled(other);
    assert.deepEqual(await hitTitles(other), filteredTitles);
    await other.close();
  });

  await step('a PDF hit links to its page, and the document opens there', async () => {
    await page.goto(base + '/?q=' + encodeURIComponent('Colonial Pipeline'));
    await settled(page);
    const first = page.locator('#results .hit').first();
    assert.match(await first.locator('.hit-title').textContent(), /SolarWinds/);
    assert.match(await first.locator('.hit-meta').textContent(), /PDF, page 2/);
    assert.match(await first.locator('.hit-title').getAttribute('href'), /page=2/);
    await first.locator('.hit-title').click();
    await settled(page);
    assert.ok(await page.isVisible('#page-2'));
    assert.match(await page.textContent('#doc-text'), /Page 2Annex/);
    assert.equal(await page.evaluate(() => document.activeElement.id), 'page-2', 'the view starts at page 2');
    const box = await page.locator('#page-2').boundingBox();
    assert.ok(box.y >= 0 && box.y < 860, `page 2 is in view (y=${box.y})`);
  });

  await step('markup in a title and text shows as text and runs nothing', async () => {
    await page.goto(base + '/?q=espionage');
    await settled(page);
    const title = page.locator('#results .hit-title').first();
    assert.equal(await title.textContent(), MARKUP_TITLE);
    assert.equal(await page.locator('#results img').count(), 0);
    assert.equal(await page.locator('#results script').count(), 0);
    assert.match(await page.textContent('#results .snippet'), /<img src=x onerror=/);
    await title.click();
    await settled(page);
    assert.equal(await page.textContent('#doc-title'), MARKUP_TITLE);
    assert.match(await page.textContent('#doc-text'), /<script>alert\("xss"\)<\/script> <b>bold\?<\/b> &amp; Iran\./);
    assert.equal(await page.locator('#doc-view img, #doc-view script, #doc-view b').count(), 0);
    assert.equal(await pwned(), undefined, 'no script from the document ran');
    assert.equal(dialogs, 0, 'no dialog opened');
  });

  await step('highlights land on the query word after characters outside the BMP', async () => {
    await page.goto(base + '/?q=reconnaissance');
    await settled(page);
    const marks = await page.$$eval('#results .snippet mark', (ms) => ms.map((m) => m.textContent));
    assert.deepEqual(marks, ['reconnaissance']);
    await page.click('#results .hit-title >> nth=0');
    await settled(page);
    const docMarks = await page.$$eval('#doc-text mark', (ms) => ms.map((m) => m.textContent));
    assert.deepEqual(docMarks, ['reconnaissance']);
  });

  await step('an API error shows the server\'s message and hint', async () => {
    const before = problems.length;
    await page.goto(base + '/?q=' + encodeURIComponent('cyber AND ('));
    await settled(page);
    assert.ok(await page.isVisible('#error'));
    assert.match(await page.textContent('#error .error-message'), /cannot parse query/);
    assert.ok((await page.textContent('#error .error-hint')).length > 0, 'the hint is shown');
    // Chromium logs the 400 answer itself as a console error: expected here.
    const expected = problems.splice(before).filter((p) => !/status of 400/.test(p));
    problems.push(...expected);
  });

  await step('the keyboard reaches the search box, a facet and the time line, with a visible focus', async () => {
    await page.goto(base + '/?q=cyber');
    await settled(page);
    await page.keyboard.press('Escape');
    await page.locator('body').focus();
    await page.keyboard.press('/');
    assert.equal(await page.evaluate(() => document.activeElement.id), 'q');
    const box = page.locator('#facets input[data-facet="country"]').first();
    await box.focus();
    await page.keyboard.press('Space');
    await settled(page);
    assert.equal(searchOf(page).getAll('country').length, 1, 'Space on a facet picks it');
    const outline = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
    assert.notEqual(outline, 'none', 'the focused checkbox shows its focus');
    await page.locator('#histogram .bar[tabindex="0"]').focus();
    await page.keyboard.press('Enter');
    await settled(page);
    assert.ok(searchOf(page).get('since'), 'Enter on a bar filters by its period');
  });

  await step('names in another language: country and language names in French, one language at a time', async () => {
    await page.goto(base + '/?q=cyber');
    await settled(page);
    await page.selectOption('#display-lang', 'fr');
    await settled(page);
    assert.equal(searchOf(page).get('display_lang'), 'fr');
    assert.equal(await page.textContent('#facets label[for="f-country-CN"] .facet-name'), 'Chine');
    await page.check('#facets input[data-facet="lang"][value="en"]');
    await settled(page);
    assert.deepEqual(searchOf(page).getAll('lang'), ['en']);
    assert.equal(await page.textContent('#facets label[for="f-lang-en"] .facet-name'), 'anglais');
    assert.equal(await headingTotal(page), cliCount(database, ['--lang', 'en', 'cyber']));
  });

  await step('more like this: from a document, the documents like it, without it; back returns to it', async () => {
    await page.goto(base + '/?q=' + encodeURIComponent('election systems'));
    await settled(page);
    await page.click('#results .hit-title >> nth=0');
    await settled(page);
    const key = searchOf(page).get('doc');
    const title = await page.textContent('#doc-title');
    assert.match(title, /Russia/);
    await page.click('#more-like-this');
    await settled(page);
    assert.equal(searchOf(page).get('like'), key);
    assert.equal(searchOf(page).get('doc'), null);
    assert.equal(searchOf(page).get('q'), null);
    const keys = await page.$$eval('#results .hit', (hits) => hits.map((h) => h.dataset.key));
    assert.ok(keys.length > 0, 'some documents are like it');
    assert.ok(!keys.includes(key), 'the document itself is not among them');
    assert.equal(await headingTotal(page), cliCount(database, ['--like', key]));
    // The other Russia notes say the same words: they come first.
    assert.match((await hitTitles(page))[0], /Russia/);
    assert.ok((await page.textContent('#active-filters')).includes('Like' + title), 'a chip names the document');
    await page.goBack();
    await settled(page);
    assert.equal(searchOf(page).get('doc'), key);
    assert.equal(await page.textContent('#doc-title'), title);
  });

  await step('saved searches: the list shows what dossier-search --save stored, a click runs it', async () => {
    await page.goto(base + '/');
    await settled(page);
    await page.waitForSelector('#saved-searches a.saved-search', { timeout: 10000 });
    const link = page.locator('#saved-searches a[data-name="china-cyber"]');
    assert.equal(await link.textContent(), 'china-cyber');
    assert.match(await page.textContent('#saved-searches .saved-query'), /“cyber” · country China/);
    await link.click();
    await settled(page);
    assert.equal(searchOf(page).get('q'), 'cyber');
    assert.deepEqual(searchOf(page).getAll('country'), ['CN']);
    assert.equal(await headingTotal(page), cliCount(database, ['--country', 'CN', 'cyber']));
  });

  await step('a server with --token-file: the page asks for the token, then shows results', async () => {
    const token = 'browser-test-token-0123456789';
    const tokenFile = path.join(work, 'token');
    fs.writeFileSync(tokenFile, token + '\n', { mode: 0o600 });
    guarded = await startServer(database, ['--token-file', tokenFile]);
    const tab = await context.newPage();
    const tabErrors = [];
    tab.on('pageerror', (e) => tabErrors.push(e.message));
    const authorizations = [];
    tab.on('request', (r) => { if (new URL(r.url()).pathname.startsWith('/api/')) authorizations.push(r.headers().authorization || ''); });
    await tab.goto(guarded.base + '/?q=cyber');
    await tab.waitForSelector('#token-form', { state: 'visible', timeout: 10000 });
    assert.match(await tab.textContent('#token-message'), /needs a token/);
    assert.equal(await tab.evaluate(() => document.activeElement.id), 'token');
    // A wrong token is refused, and asked for again.
    await tab.keyboard.type('not-the-token');
    await tab.keyboard.press('Enter');
    await tab.waitForFunction(() => /did not accept/.test(document.getElementById('token-message').textContent));
    assert.ok(await tab.isVisible('#token-form'));
    await tab.fill('#token', token);
    await tab.keyboard.press('Enter');
    await tab.waitForSelector('#results .hit', { timeout: 10000 });
    await settled(tab);
    assert.ok(await tab.isHidden('#token-form'));
    assert.ok(await tab.isHidden('#error'));
    assert.equal(await headingTotal(tab), cliCount(database, ['cyber']));
    assert.equal((await hitTitles(tab)).length, 10);
    assert.equal(authorizations[authorizations.length - 1], 'Bearer ' + token);
    assert.equal(await tab.evaluate(() => sessionStorage.getItem('dossier-token')), token);
    // Kept for the tab: a reload asks nothing.
    await tab.reload();
    await settled(tab);
    assert.ok(await tab.isHidden('#token-form'));
    assert.equal(await headingTotal(tab), cliCount(database, ['cyber']));
    await tab.waitForSelector('#saved-searches a[data-name="china-cyber"]', { timeout: 10000 });
    assert.deepEqual(tabErrors, []);
    await tab.close();
  });

  await step('nothing ran from a document, no request left the server, no error in the console', async () => {
    assert.equal(await pwned(), undefined);
    assert.deepEqual(problems, []);
  });
} catch (e) {
  if (!failures) {
    failures += 1;
    console.log(`not ok - setting up: ${String(e && e.stack || e)}`);
  }
  if (running) console.log('# dossier-serve stderr (last 2000 characters):\n' + running.log().slice(-2000));
} finally {
  if (browser) await browser.close().catch(() => {});
  if (running) await stopServer(running.server);
  if (guarded) await stopServer(guarded.server);
  fs.rmSync(work, { recursive: true, force: true });
}
console.log(failures ? `FAILED (${failures})` : 'all browser checks passed');
process.exit(failures ? 1 : 0);
