// Where a frame's time goes at 25 nodes: Chromium's own trace of the
// page's main thread while load 3 of `bench/page.mjs` runs (25 nodes, 20%
// loss, 20% duplication, five proposers every 4 s, speed 2×), summed by
// phase and divided by the frames drawn, and the DOM writes the page made
// in the same span, by kind. Figures, not pass/fail: see README.
//
//   node bench/trace.mjs             the release build in dist/
//   BENCH_DIST=<dir> node bench/...  another build (an A/B in one sitting)
//   BENCH_SECONDS=12                 how long to trace (default 12)
//   BENCH_STYLE='.diagram{display:none}'  a style added to the page, to
//                                    see what a part costs by switching
//                                    it off (an experiment, not the page)
import { mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir, loadavg } from "node:os";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "./browser.mjs";
import { serve } from "../tests/e2e/server.mjs";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = process.env.BENCH_DIST ?? join(repo, "dist");
const seconds = Number(process.env.BENCH_SECONDS ?? 12);
const proposers = [1, 6, 11, 16, 21];

const { server, url } = await serve(dist);
const browser = await launch();
const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
await page.goto(`${url}?nodes=25&loss=20&dup=20&speed=2&seed=1`);
await page.waitForSelector(".node-card");
if (process.env.BENCH_STYLE) await page.addStyleTag({ content: process.env.BENCH_STYLE });

/** A new round and a proposal at each proposer, through their labels. */
async function race(round) {
  await page.locator('button:text-is("New round")').click();
  for (const k of proposers) {
    await page.locator(`[aria-label="Value for node ${k}"]`).fill(`r${round}n${k}`);
    await page.locator(`[aria-label="Propose at node ${k}"]`).click();
  }
}

await race(0);
// Count the page's DOM writes by kind: attribute name, or added and
// removed elements, keyed by the class of the element written to.
await page.evaluate(() => {
  const counts = new Map();
  const name = (n) => (n.nodeType === 1 ? n : n.parentElement)?.getAttribute("class")?.split(" ")[0] ?? "?";
  window.__writes = counts;
  window.__observer = new MutationObserver((list) => {
    for (const m of list) {
      const key = m.type === "attributes" ? `${name(m.target)} @${m.attributeName}` : m.type === "childList" ? `${name(m.target)} children` : "text";
      counts.set(key, (counts.get(key) ?? 0) + 1);
    }
  });
  window.__observer.observe(document.body, { subtree: true, childList: true, attributes: true, characterData: true });
});
const dir = await mkdtemp(join(tmpdir(), "paxos-trace-"));
const path = join(dir, "trace.json");
await browser.startTracing(page, { path, categories: ["devtools.timeline", "disabled-by-default-devtools.timeline", "blink", "cc"] });
const t0 = Date.now();
let round = 1;
while (Date.now() - t0 < seconds * 1000) {
  await page.waitForTimeout(Math.min(4000, seconds * 1000 - (Date.now() - t0)));
  if (Date.now() - t0 < seconds * 1000) await race(round++);
}
await browser.stopTracing();
const writes = await page.evaluate(() => {
  window.__observer.disconnect();
  return [...window.__writes].sort((a, b) => b[1] - a[1]);
});
await browser.close();
server.close();

const trace = JSON.parse(await readFile(path, "utf8"));
await rm(dir, { recursive: true });
const events = trace.traceEvents ?? trace;
const threads = new Map();
for (const e of events) if (e.ph === "M" && e.name === "thread_name") threads.set(`${e.pid}:${e.tid}`, e.args.name);
const main = events.filter((e) => e.ph === "X" && e.dur !== undefined && threads.get(`${e.pid}:${e.tid}`) === "CrRendererMain");
const total = (name) => main.filter((e) => e.name === name).reduce((sum, e) => sum + e.dur, 0) / 1000;
const frames = main.filter((e) => e.name === "ProxyMain::BeginMainFrame").length;
// A loop, not Math.max(...): a long trace has more events than arguments fit.
let [first, last] = [Infinity, -Infinity];
for (const e of main) [first, last] = [Math.min(first, e.ts), Math.max(last, e.ts + e.dur)];
const span = (last - first) / 1e6;
const perFrame = (ms) => Number((ms / Math.max(1, frames)).toFixed(1));
const phases = {
  "the page's frame callback (its clock, the reducer, the render it starts)": total("FireAnimationFrame"),
  "the page's other tasks (Yew's render when it yields)": total("TimerFire"),
  style: total("UpdateLayoutTree"),
  layout: total("Layout"),
  "pre-paint": total("PrePaint"),
  paint: total("Paint"),
  layering: total("Layerize"),
  "hit testing (the pointer over moving content)": total("LayoutView::HitTest"),
};
console.log(JSON.stringify({
  machine: { load_average_at_start: loadavg().map((x) => Number(x.toFixed(2))) },
  seconds: Number(span.toFixed(1)),
  frames,
  frames_per_second: Number((frames / span).toFixed(1)),
  main_thread_busy_s: Number((total("RunTask") / 1000).toFixed(1)),
  ms_per_frame: Object.fromEntries(Object.entries(phases).map(([k, v]) => [k, perFrame(v)])),
  dom_writes: writes.reduce((sum, [, n]) => sum + n, 0),
  dom_writes_by_kind: Object.fromEntries(writes.slice(0, 12)),
}, null, 1));
