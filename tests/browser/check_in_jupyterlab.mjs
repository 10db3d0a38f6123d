// Answers the fc_layer notebook's forward question in a real JupyterLab (or Notebook 7) page and reads the check.
//
//   node check_in_jupyterlab.mjs --url http://127.0.0.1:PORT/lab/tree/fc_layer.ipynb?token=T \
//     --screenshot PATH.png --user-data-dir EMPTY_DIR [--answer CODE] [--timeout-ms 60000]
//
// Drives Debian's /usr/bin/chromium through playwright-core (which downloads no browser). Opens the notebook, waits
// for its kernel to be idle, replaces the text of the forward question's answer cell (the code cell just before the
// one calling check.fc_forward; in the released notebook it raises NotImplementedError) with the answer, runs all
// cells from the Run menu, waits for the check cell's output and reads its text (innerText: printed lines or an HTML
// table alike). Saves a screenshot of the page and prints one JSON object on stdout; exits 1 if a step failed (the
// JSON's "error" says which), and still takes the screenshot then.

import { chromium } from 'playwright-core';

const CHROMIUM = process.env.CHROMIUM || '/usr/bin/chromium';
// Known-good flags here: without the background-networking ones Chromium's connections are refused many at a time.
const FLAGS = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];
const CHECK_CALL = 'check.fc_forward(';

function options(argv) {
  const opts = { answer: 'fc_out_alternative = x @ w.T + b', timeoutMs: 60000 };
  for (let i = 0; i < argv.length; i += 2) {
    const key = argv[i].replace(/^--/, '').replace(/-(.)/g, (_, c) => c.toUpperCase());
    opts[key] = argv[i + 1];
  }
  for (const need of ['url', 'screenshot', 'userDataDir']) {
    if (!opts[need]) throw new Error(`missing --${need.replace(/[A-Z]/g, (c) => '-' + c.toLowerCase())}`);
  }
  opts.timeoutMs = Number(opts.timeoutMs);
  return opts;
}

const opts = options(process.argv.slice(2));
const started = Date.now();
const result = {
  ok: false, step: 'launch', error: null, answer_text: null, check_output: null, answer_output: null,
  screenshot: null, outside_requests: [], page_errors: [], timings_ms: {},
};
const mark = (step) => { result.timings_ms[result.step] = Date.now() - started; result.step = step; };

// The steps are bounded by timeoutMs (then the screenshot shows where they hung); the whole script by 20 s more, below
// the Python test's own bound, so that it reports where it hung rather than being killed silently.
let timer;
const overall = new Promise((_, reject) => {
  timer = setTimeout(() => reject(new Error(`timed out after ${opts.timeoutMs} ms`)), opts.timeoutMs);
});
overall.catch(() => {}); // handled by the race below; this keeps an early time-out from being an unhandled rejection
const watchdog = setTimeout(() => {
  result.error = `${result.step}: the script timed out after ${opts.timeoutMs + 20000} ms`;
  console.log(JSON.stringify(result));
  process.exit(1); // playwright-core kills the browser it launched on exit
}, opts.timeoutMs + 20000);

let context;
try {
  context = await chromium.launchPersistentContext(opts.userDataDir, {
    executablePath: CHROMIUM, headless: true, args: FLAGS, viewport: { width: 1280, height: 1000 },
  });
} catch (e) {
  result.error = `launch: ${e.message.split('\n')[0]}`;
  console.log(JSON.stringify(result));
  process.exit(1);
}
async function steps(page) {
  page.setDefaultTimeout(opts.timeoutMs);
  const origin = new URL(opts.url).origin;
  page.on('request', (r) => {
    const url = r.url();
    if (!url.startsWith(origin) && !url.startsWith('data:') && !url.startsWith('blob:')) {
      result.outside_requests.push(url);
    }
  });
  page.on('pageerror', (e) => result.page_errors.push(String(e)));

  mark('open');
  await page.goto(opts.url, { waitUntil: 'domcontentloaded' });
  const cells = page.locator('.jp-Notebook .jp-CodeCell');
  const checkCell = cells.filter({ has: page.locator('.cm-content', { hasText: CHECK_CALL }) });
  await checkCell.first().waitFor();

  mark('kernel');
  // The notebook toolbar's execution indicator (Lab and Notebook 7) says idle once the kernel has started.
  await page.locator('.jp-Notebook-ExecutionIndicator[data-status="idle"]').first().waitFor();

  mark('type');
  const texts = await cells.locator('.cm-content').allInnerTexts();
  const checkIndex = texts.findIndex((t) => t.includes(CHECK_CALL));
  if (checkIndex < 1) throw new Error(`no code cell before the one calling ${CHECK_CALL}: ${JSON.stringify(texts)}`);
  if (!texts[checkIndex - 1].includes('NotImplementedError')) {
    throw new Error(`the cell before the check is not the answer stub: ${JSON.stringify(texts[checkIndex - 1])}`);
  }
  const answerCell = cells.nth(checkIndex - 1);
  const editor = answerCell.locator('.cm-content');
  await editor.click();
  await page.keyboard.press('Control+A');
  await page.keyboard.type(opts.answer);
  result.answer_text = await editor.innerText();
  if (result.answer_text.trim() !== opts.answer) {
    throw new Error(`the answer cell reads ${JSON.stringify(result.answer_text)} after typing`);
  }

  mark('run');
  await page.locator('.lm-MenuBar-itemLabel', { hasText: /^Run$/ }).click();
  await page.locator('.lm-Menu-itemLabel', { hasText: /^Run All Cells$/ }).click();

  mark('output');
  // Executed: the prompt shows the execution count ([*] while running, [ ] before) and there is an output.
  await checkCell.first().locator('.jp-InputPrompt', { hasText: /\[\d+\]/ }).waitFor();
  await checkCell.first().locator('.jp-OutputArea-output').first().waitFor();
  result.check_output = await checkCell.first().locator('.jp-Cell-outputArea').innerText();
  result.answer_output = await answerCell.locator('.jp-Cell-outputArea').innerText();
}

try {
  const page = context.pages()[0] ?? await context.newPage();
  await Promise.race([steps(page), overall]);
  mark('screenshot');
  result.ok = true;
} catch (e) {
  result.error = `${result.step}: ${e.message.split('\n')[0]}`;
} finally {
  try {
    const page = context.pages()[0];
    // The answer cell at the top, so the picture shows the typed answer and the check's output below it.
    await page.locator('.jp-Notebook .jp-CodeCell', { hasText: 'fc_out_alternative' }).first()
      .evaluate((el) => el.scrollIntoView({ block: 'start' }), null, { timeout: 5000 }).catch(() => {});
    await page.screenshot({ path: opts.screenshot, timeout: 10000 });
    result.screenshot = opts.screenshot;
  } catch (e) {
    result.error = result.error ?? `screenshot: ${e.message.split('\n')[0]}`;
    result.ok = false;
  }
  result.timings_ms.total = Date.now() - started;
  await context.close().catch(() => {});
  clearTimeout(timer);
  clearTimeout(watchdog);
  console.log(JSON.stringify(result));
  process.exitCode = result.ok ? 0 : 1;
}
