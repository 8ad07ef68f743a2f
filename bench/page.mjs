// Page benchmark: prints one JSON line of figures for the release build in
// dist/ (run `trunk build --release --public-url ./` first, or use
// scripts/bench.sh which does). Figures, not pass/fail: see README.
//
//   transfer_gzip_bytes   gzip -9 sum of the html, js, wasm and css
//   first_paint_ms        Chromium's first-contentful-paint
//   cards_visible_ms      navigation start until the node cards are on screen
//   frame_ms              p50/p95/p99 requestAnimationFrame interval during
//                         30 s of autoplay: 9 nodes, 30% loss, proposers racing
//   long_tasks            tasks over 50 ms in that time (count and longest)
//   js_heap_mb / wasm_memory_mb   at the start, middle and end of the run
//                         (after a garbage collection)
import { readdir, readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { chromium } from "playwright-core";
import { serve } from "../tests/e2e/server.mjs";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(repo, "dist");
const seconds = Number(process.env.BENCH_SECONDS ?? 30);

let transfer = 0;
const files = {};
for (const name of await readdir(dist)) {
  if (!/\.(html|js|wasm|css)$/.test(name)) continue;
  const size = gzipSync(await readFile(join(dist, name)), { level: 9 }).length;
  files[name.replace(/-[0-9a-f]{16}/, "")] = size;
  transfer += size;
}

const { server, url } = await serve(dist);
const browser = await chromium.launch({
  executablePath: "/usr/bin/chromium",
  headless: true,
  args: [
    "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
    "--disable-background-networking", "--disable-component-update", "--disable-sync",
    "--enable-precise-memory-info", "--js-flags=--expose-gc",
  ],
});
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });

// Installed before the page's own scripts: watch for the cards, keep the wasm
// memory handle Trunk announces, and sample frames and long tasks on demand.
await page.addInitScript((capacity) => {
  // Frame intervals go into a buffer allocated up front, so the sampling
  // itself does not show up as JS heap growth.
  window.__bench = { frames: new Float64Array(capacity), count: 0, longTasks: [], cardsAt: null, memory: null, sampling: false };
  new MutationObserver((_, observer) => {
    if (document.querySelector(".node-card")) {
      window.__bench.cardsAt = performance.now();
      observer.disconnect();
    }
  }).observe(document, { childList: true, subtree: true });
  addEventListener("TrunkApplicationStarted", (e) => (window.__bench.memory = e.detail.wasm.memory));
  new PerformanceObserver((list) => {
    if (window.__bench.sampling) for (const t of list.getEntries()) window.__bench.longTasks.push(t.duration);
  }).observe({ type: "longtask", buffered: true });
  let last = null;
  const tick = (now) => {
    const b = window.__bench;
    if (b.sampling && last !== null && b.count < b.frames.length) b.frames[b.count++] = now - last;
    last = now;
    requestAnimationFrame(tick);
  };
  requestAnimationFrame(tick);
}, Math.ceil(seconds * 130) + 1000);

await page.goto(`${url}?nodes=9&loss=30&speed=2`);
await page.waitForFunction(() => window.__bench.cardsAt !== null && window.__bench.memory !== null);
const paint = await page.evaluate(() => ({
  fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null,
  cards: window.__bench.cardsAt,
}));

// Collect garbage first, so the heap figure is what is really kept.
const memory = () =>
  page.evaluate(() => (window.gc(), {
    js: performance.memory.usedJSHeapSize / 2 ** 20,
    wasm: window.__bench.memory.buffer.byteLength / 2 ** 20,
  }));
const proposeRound = async (round) => {
  for (const k of [1, 4, 7]) {
    await page.getByRole("textbox", { name: `Value for node ${k}`, exact: true }).fill(`r${round}n${k}`);
    await page.getByRole("button", { name: `Propose at node ${k}`, exact: true }).click();
  }
};

await proposeRound(0);
const start = await memory();
await page.evaluate(() => (window.__bench.sampling = true));
const t0 = Date.now();
let round = 1;
let middle = null;
while (Date.now() - t0 < seconds * 1000) {
  if (middle === null && Date.now() - t0 >= (seconds * 1000) / 2) middle = await memory();
  await page.waitForTimeout(4000);
  // Keep traffic flowing: a new round with three racing proposers.
  await page.getByRole("button", { name: "New round" }).click();
  await proposeRound(round++);
}
await page.evaluate(() => (window.__bench.sampling = false));
const end = await memory();
const { frames, longTasks } = await page.evaluate(() => ({
  frames: Array.from(window.__bench.frames.subarray(0, window.__bench.count)),
  longTasks: window.__bench.longTasks,
}));
await browser.close();
server.close();

frames.sort((a, b) => a - b);
const pct = (p) => Number(frames[Math.min(frames.length - 1, Math.floor((p / 100) * frames.length))].toFixed(2));
const round1 = (x) => Number(x.toFixed(1));
console.log(
  JSON.stringify({
    transfer_gzip_bytes: transfer,
    transfer_gzip_files: files,
    first_paint_ms: paint.fcp === null ? null : round1(paint.fcp),
    cards_visible_ms: round1(paint.cards),
    autoplay_seconds: seconds,
    rounds: round,
    frames: frames.length,
    frame_ms: { p50: pct(50), p95: pct(95), p99: pct(99) },
    long_tasks: { count: longTasks.length, longest_ms: round1(Math.max(0, ...longTasks)) },
    js_heap_mb: { start: round1(start.js), middle: round1(middle.js), end: round1(end.js) },
    wasm_memory_mb: { start: round1(start.wasm), middle: round1(middle.wasm), end: round1(end.wasm) },
  }),
);
