// Screenshot of the doccano annotation view (docs/img/doccano-annotation.png) in headless Chromium.
// Not a project dependency: `cd $(mktemp -d) && PLAYWRIGHT_SKIP_BROWSER_DOWNLOAD=1 npm install playwright-core@1`,
// apt-get install chromium fonts-wqy-zenhei, then from that folder:
//   DOCCANO_PASSWORD=... NODE_PATH=$PWD/node_modules node /path/to/scripts/doccano_screenshot.js URL USER PAGE OUT.png
// PAGE is the 1-based position of the example in the project (doccano shows "28 of 30").
const { chromium } = require('playwright-core');
const fs = require('fs');
(async () => {
  const [url, user, page_no, out] = process.argv.slice(2);
  const dir = fs.mkdtempSync('/tmp/chromium-profile-');
  const ctx = await chromium.launchPersistentContext(dir, {
    executablePath: '/usr/bin/chromium', headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run'],
    viewport: { width: 1280, height: 720 },
  });
  const page = await ctx.newPage();
  page.on('pageerror', e => console.log('pageerror:', String(e).slice(0, 300)));
  // log in through doccano's own login form, as a person would
  await page.goto(`${url}/auth`, { waitUntil: 'networkidle' });
  await page.fill('input[type=text]', user);
  await page.fill('input[type=password]', process.env.DOCCANO_PASSWORD);
  await page.keyboard.press('Enter');
  await page.waitForURL(/projects/, { timeout: 20000 });
  await page.waitForTimeout(1500);
  await page.goto(`${url}/projects/1/sequence-labeling?page=${page_no}`, { waitUntil: 'networkidle' });
  await page.waitForTimeout(3000);
  await page.screenshot({ path: out });
  await ctx.close();
  fs.rmSync(dir, { recursive: true, force: true });
})();
