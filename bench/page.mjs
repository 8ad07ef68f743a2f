// Page benchmark: prints figures for the release build in dist/ (run
// `trunk build --release --public-url ./` first, or use scripts/bench.sh,
// which does). Figures, not pass/fail: see README.
//
//   node bench/page.mjs            first-load transfer, first paint, the
//                                  frame loads, timeline seeks, and how
//                                  soon a 10,000-event run's share link
//                                  shows its moment
//   node bench/page.mjs memory     memory after 1 and after 10 minutes of
//                                  autoplay (BENCH_MINUTES changes the 10)
//   node bench/page.mjs timeline   only the seeks and the share link
//   node bench/page.mjs diagram    frames while the space-time diagram of a
//                                  2,000-event run is scrolled and played
//
// Frame loads, BENCH_SECONDS (default 20) each, new round and racing
// proposers every 4 s:
//   1. 9 nodes, 30% loss, 3 proposers, speed 2×
//   2. the same with the CPU slowed 4× (Emulation.setCPUThrottlingRate)
//   3. 25 nodes, 20% loss, 20% duplication, 5 proposers, speed 2×
//   3b. the same with all 25 nodes proposing (the peak passes 500 in flight)
// BENCH_LOADS=1,3 picks some of them (names: 0, 1, 2, 3, 3b, seek).
// Load 0 is an empty page, the floor the others stand on. For each: rAF
// frame interval p50/p95/p99, the share of frames over 16.7 ms and over
// 20 ms (a missed refresh), long tasks (all, and over 50 ms), JS time per frame (Chromium's
// own ScriptDuration metric over the frames) and the peak of messages in
// flight.
import { readdir, readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cpus, loadavg } from "node:os";
import { launch } from "./browser.mjs";
import { serve } from "../tests/e2e/server.mjs";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
// BENCH_DIST measures a copy, so a long memory run survives a rebuild.
const dist = process.env.BENCH_DIST ?? join(repo, "dist");
const seconds = Number(process.env.BENCH_SECONDS ?? 20);
const mode = process.argv[2] ?? "frames";
// BENCH_LOADS=1,3 runs only those of the default mode's loads (0, 1, 2,
// 3, 3b and seek); all by default.
const loads = process.env.BENCH_LOADS?.split(",");
const want = (name) => !loads || loads.includes(name);

const round1 = (x) => Number(x.toFixed(1));
const round2 = (x) => Number(x.toFixed(2));

/** Gzip -9 sizes of `names` in dist/, by name without its hash. */
async function gzipped(names) {
  const files = {};
  let total = 0;
  for (const name of names) {
    const size = gzipSync(await readFile(join(dist, name)), { level: 9 }).length;
    files[name.replace(/-[0-9a-f]{16}/, "")] = size;
    total += size;
  }
  return { total, files };
}

const { server, url } = await serve(dist);
const browser = await launch(["--enable-precise-memory-info", "--js-flags=--expose-gc"]);

/** A page with probes installed before its own scripts: frames, long tasks, paint, peak arrows. */
async function open(query, capacity = 20000, onRequest = null) {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  if (onRequest) page.on("request", onRequest);
  await page.addInitScript((capacity) => {
    // Frame intervals go into a buffer allocated up front, so the sampling
    // itself does not show up as JS heap growth.
    window.__bench = { frames: new Float64Array(capacity), count: 0, longTasks: [], cardsAt: null, memory: null, sampling: false, peak: 0 };
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
    setInterval(() => {
      const b = window.__bench;
      if (b.sampling) b.peak = Math.max(b.peak, document.querySelectorAll(".edge:not(.edge--lost)").length);
    }, 200);
  }, capacity);
  await page.goto(`${url}${query}`);
  await page.waitForFunction(() => window.__bench.cardsAt !== null && window.__bench.memory !== null);
  return page;
}

/** A new round, then a proposal at each of `nodes`, as a person clicking. */
async function race(page, nodes, round) {
  // By label through CSS, not by role: a role query walks the page's
  // accessibility tree on the page's own thread, and at 25 nodes that
  // showed up in the frames measured as the benchmark's own long tasks.
  await page.locator('button:text-is("New round")').click();
  for (const k of nodes) {
    await page.locator(`[aria-label="Value for node ${k}"]`).fill(`r${round}n${k}`);
    await page.locator(`[aria-label="Propose at node ${k}"]`).click();
  }
}

/** A new round, then every one of `nodes` proposes in the same task: far
 * faster than hands, so all their Prepares are in the air together. */
async function raceAtOnce(page, nodes, round) {
  await page.getByRole("button", { name: "New round" }).click();
  await page.evaluate(({ nodes, round }) => {
    for (const k of nodes) {
      const box = document.querySelector(`[aria-label="Value for node ${k}"]`);
      box.value = `r${round}n${k}`;
      box.dispatchEvent(new Event("input", { bubbles: true }));
      document.querySelector(`[aria-label="Propose at node ${k}"]`).click();
    }
  }, { nodes, round });
}

function stats(frames) {
  frames.sort((a, b) => a - b);
  const pct = (p) => round2(frames[Math.min(frames.length - 1, Math.floor((p / 100) * frames.length))]);
  return {
    frames: frames.length,
    p50: pct(50),
    p95: pct(95),
    p99: pct(99),
    over_16_7_pct: round1((100 * frames.filter((f) => f > 16.7).length) / frames.length),
    // A frame that took 16.71 ms is counted above; one over 20 ms missed
    // a display refresh, which is what a viewer sees.
    over_20_pct: round1((100 * frames.filter((f) => f > 20).length) / frames.length),
  };
}

async function load(name, query, proposers, throttle = 1, start = race) {
  const page = await open(query);
  const cdp = await page.context().newCDPSession(page);
  if (throttle > 1) await cdp.send("Emulation.setCPUThrottlingRate", { rate: throttle });
  await cdp.send("Performance.enable");
  const script = async () => (await cdp.send("Performance.getMetrics")).metrics.find((m) => m.name === "ScriptDuration").value;
  await start(page, proposers, 0);
  const js0 = await script();
  await page.evaluate(() => (window.__bench.sampling = true));
  const t0 = Date.now();
  let round = 1;
  while (Date.now() - t0 < seconds * 1000) {
    await page.waitForTimeout(4000);
    await start(page, proposers, round++);
  }
  await page.evaluate(() => (window.__bench.sampling = false));
  const js1 = await script();
  const { frames, longTasks, peak } = await page.evaluate(() => ({
    frames: Array.from(window.__bench.frames.subarray(0, window.__bench.count)),
    longTasks: window.__bench.longTasks,
    peak: window.__bench.peak,
  }));
  await page.close();
  const s = stats(frames);
  return {
    load: name,
    ...s,
    long_tasks: longTasks.length,
    long_tasks_over_50ms: longTasks.filter((t) => t > 50).length,
    longest_task_ms: round1(Math.max(0, ...longTasks)),
    js_ms_per_frame: round2(((js1 - js0) * 1000) / Math.max(1, s.frames)),
    peak_in_flight: peak,
    rounds: round,
  };
}

/** The machine's floor: frame intervals of a page that draws nothing, in
 * the same browser, for the same time. */
async function floor() {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  await page.setContent("<p>An empty page</p>");
  const frames = await page.evaluate(async (ms) => {
    const out = [];
    let last = null;
    const t0 = performance.now();
    await new Promise((done) => {
      const tick = (now) => {
        if (last !== null) out.push(now - last);
        last = now;
        if (now - t0 < ms) requestAnimationFrame(tick);
        else done();
      };
      requestAnimationFrame(tick);
    });
    return out;
  }, seconds * 1000);
  await page.close();
  return { load: "0: an empty page, the same browser (the machine's floor)", ...stats(frames) };
}

/** Grow a run to `events` events, then time seeks to random moments: click on the bar, render included. */
async function seeks(events) {
  const page = await open("?nodes=9&loss=30&speed=8&seed=1");
  let round = 0;
  const count = async () => Number((await page.getByRole("slider", { name: "Timeline" }).getAttribute("aria-valuetext")).match(/of (\d+)$/)[1]);
  const t0 = Date.now();
  while ((await count()) < events) {
    await race(page, [1, 4, 7], round++);
    await page.waitForTimeout(2500);
  }
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  const grown = await count();
  // From the press on the bar to the next painted frame: the seek, Yew's
  // render (which may span several tasks) and the browser's layout. Waiting
  // for the frame adds up to one frame interval, so this is an upper bound.
  const times = await page.evaluate(async () => {
    const bar = document.querySelector("[aria-label=Timeline]");
    const rect = bar.getBoundingClientRect();
    const frame = () => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0)));
    const out = [];
    let seed = 7;
    for (let i = 0; i < 40; i++) {
      seed = (seed * 1103515245 + 12345) % 2147483648;
      const x = rect.left + (seed / 2147483648) * rect.width;
      await frame();
      const t = performance.now();
      bar.dispatchEvent(new PointerEvent("pointerdown", { clientX: x, clientY: rect.top + 5, bubbles: true, pointerId: 1, buttons: 1 }));
      // The reducer (the seek itself) runs inside the dispatch; Yew
      // renders in a later task.
      const sought = performance.now() - t;
      await frame();
      out.push([sought, performance.now() - t]);
    }
    return out;
  });
  // Share this run and open the link in a fresh page: how long after the
  // first paint its moment is on screen.
  await page.getByRole("button", { name: "Copy link" }).click();
  await page.getByTestId("notice-detail").waitFor();
  const link = await page.getByTestId("notice-detail").inputValue();
  const moment = await page.getByRole("slider", { name: "Timeline" }).getAttribute("aria-valuetext");
  await page.close();
  const summary = (list) => {
    list.sort((a, b) => a - b);
    return { p50: round2(list[list.length >> 1]), p90: round2(list[Math.floor(list.length * 0.9)]), max: round2(list[list.length - 1]) };
  };
  // Five openings in fresh pages: one is too noisy on a busy VM.
  const openings = [];
  let same = true;
  for (let i = 0; i < 5; i++) {
    const opened = await open(link.slice(url.length));
    // The first paint may come after the cards are built (when building
    // them kept the page busy): then the moment is in the first paint.
    await opened.waitForFunction(() => performance.getEntriesByName("first-contentful-paint").length > 0, null, { timeout: 5000 }).catch(() => {});
    openings.push(await opened.evaluate(() => ({
      fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null,
      cards: window.__bench.cardsAt,
    })));
    same &&= (await opened.getByRole("slider", { name: "Timeline" }).getAttribute("aria-valuetext")) === moment;
    await opened.close();
  }
  return {
    link: {
      characters: link.length,
      opens_at_the_same_moment: same,
      first_paint_ms: summary(openings.filter((o) => o.fcp !== null).map((o) => o.fcp)),
      moment_shown_ms: summary(openings.map((o) => o.cards)),
      moment_after_first_paint_ms: summary(openings.filter((o) => o.fcp !== null).map((o) => Math.max(0, o.cards - o.fcp))),
    },
    run_events: grown,
    grow_seconds: round1((Date.now() - t0) / 1000),
    seeks: times.length,
    seek_ms: summary(times.map((t) => t[0])),
    seek_and_next_frame_ms: summary(times.map((t) => t[1])),
  };
}

async function memory(minutes) {
  const page = await open("?nodes=9&loss=30&speed=2&seed=3");
  const sample = () =>
    page.evaluate(() => (window.gc(), {
      js: performance.memory.usedJSHeapSize / 2 ** 20,
      wasm: window.__bench.memory.buffer.byteLength / 2 ** 20,
    }));
  const t0 = Date.now();
  const marks = [];
  let round = 0;
  for (const at of [1, minutes]) {
    while (Date.now() - t0 < at * 60000) {
      await race(page, [1, 4, 7], round++);
      await page.waitForTimeout(4000);
    }
    const m = await sample();
    const events = await page.getByRole("slider", { name: "Timeline" }).getAttribute("aria-valuetext");
    marks.push({ minutes: at, js_heap_mb: round1(m.js), wasm_memory_mb: round1(m.wasm), total_mb: round1(m.js + m.wasm), timeline: events });
  }
  await page.close();
  return { memory: marks, ratio: round2(marks[1].total_mb / marks[0].total_mb) };
}

/** 9 nodes, 30% loss: grow the run past `events` events and zoom the
 * diagram out until about that many are on screen. Then, for `seconds`
 * each: scroll it back and forth with the mouse wheel while paused, and
 * play on at 2× with racing proposers. */
async function diagram(events) {
  const page = await open("?nodes=9&loss=30&speed=8&seed=1");
  const bar = page.getByRole("slider", { name: "Timeline" });
  const count = async () => Number((await bar.getAttribute("aria-valuetext")).match(/of (\d+)$/)[1]);
  let round = 0;
  while ((await count()) < events) {
    await race(page, [1, 4, 7], round++);
    await page.waitForTimeout(2500);
  }
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Zoom out" }).click();
  const lanes = page.getByRole("group", { name: /^Messages over time/ });
  await lanes.scrollIntoViewIfNeeded();
  const box = await lanes.boundingBox();
  await page.mouse.move(box.x + box.width / 2, box.y + box.height / 2);
  const sample = async (name, during) => {
    await page.evaluate(() => Object.assign(window.__bench, { sampling: true, count: 0, longTasks: [] }));
    const t0 = Date.now();
    while (Date.now() - t0 < seconds * 1000) await during();
    await page.evaluate(() => (window.__bench.sampling = false));
    const { frames, longTasks } = await page.evaluate(() => ({
      frames: Array.from(window.__bench.frames.subarray(0, window.__bench.count)),
      longTasks: window.__bench.longTasks,
    }));
    return {
      load: name,
      arrows_drawn: await page.locator(".diagram .arrow-line__shaft").count(),
      ...stats(frames),
      long_tasks: longTasks.length,
      long_tasks_over_50ms: longTasks.filter((t) => t > 50).length,
      longest_task_ms: round1(Math.max(0, ...longTasks)),
    };
  };
  // A person flicking the wheel: 30 notches towards the start, then back.
  let notch = 0;
  const scrolled = await sample(`diagram scrolled by the wheel, paused, ${await count()}-event run`, async () => {
    await page.mouse.wheel((Math.floor(notch++ / 30) % 2 ? 1 : -1) * 80, 0);
    await page.waitForTimeout(40);
  });
  await page.evaluate(() => {
    const speed = document.querySelector("[aria-label=Speed]");
    speed.value = "3";
    speed.dispatchEvent(new Event("input", { bubbles: true }));
  });
  await page.getByRole("button", { name: "Play", exact: true }).click();
  const played = await sample("diagram open while playing at 2x, racing proposers every 4 s", async () => {
    await race(page, [1, 4, 7], round++);
    await page.waitForTimeout(4000);
  });
  await page.close();
  return { diagram: [scrolled, played] };
}

const machine = { cores: cpus().length, load_average_at_start: loadavg().map(round2) };
if (mode === "timeline") {
  console.log(JSON.stringify({ machine, timeline: await seeks(10000) }));
} else if (mode === "diagram") {
  console.log(JSON.stringify({ machine, ...(await diagram(2000)) }));
} else if (mode === "memory") {
  console.log(JSON.stringify({ machine, ...(await memory(Number(process.env.BENCH_MINUTES ?? 10))) }));
} else {
  // The first load is what the browser actually fetches for the page,
  // not everything in dist/: the embed example and anything loaded only
  // on demand (a worker) are left out.
  const fetched = new Set();
  const listen = (request) => {
    const name = decodeURIComponent(new URL(request.url()).pathname.split("/").pop());
    if (request.url().startsWith(url)) fetched.add(name === "" ? "index.html" : name);
  };
  const paintPage = await open("?nodes=9&loss=30&speed=2", 20000, listen);
  await paintPage.waitForTimeout(1000);
  const all = new Set(await readdir(dist));
  const firstLoad = await gzipped([...fetched].filter((n) => all.has(n)).sort());
  const onDemand = await gzipped([...all].filter((n) => !fetched.has(n) && /\.(js|wasm)$/.test(n)).sort());
  const paint = await paintPage.evaluate(() => ({
    fcp: performance.getEntriesByName("first-contentful-paint")[0]?.startTime ?? null,
    cards: window.__bench.cardsAt,
  }));
  await paintPage.close();
  console.log(JSON.stringify({
    machine,
    first_load_gzip_bytes: firstLoad.total,
    first_load_gzip_files: firstLoad.files,
    not_in_first_load_gzip_files: onDemand.files,
    first_paint_ms: paint.fcp === null ? null : round1(paint.fcp),
    cards_visible_ms: round1(paint.cards),
  }));
  if (want("0")) console.log(JSON.stringify(await floor()));
  if (want("1")) console.log(JSON.stringify(await load("1: 9 nodes, 30% loss, 3 proposers, 2x", "?nodes=9&loss=30&speed=2&seed=1", [1, 4, 7])));
  if (want("2")) console.log(JSON.stringify(await load("2: load 1 with the CPU slowed 4x", "?nodes=9&loss=30&speed=2&seed=1", [1, 4, 7], 4)));
  if (want("3")) console.log(JSON.stringify(await load("3: 25 nodes, 20% loss, 20% dup, 5 proposers, 2x", "?nodes=25&loss=20&dup=20&speed=2&seed=1", [1, 6, 11, 16, 21])));
  // Five proposers rarely have more than a few hundred messages in the
  // air at once; every node proposing at once is the crowded case.
  const everyone = Array.from({ length: 25 }, (_, k) => k + 1);
  if (want("3b")) console.log(JSON.stringify(await load("3b: load 3 with all 25 nodes proposing at once", "?nodes=25&loss=20&dup=20&speed=2&seed=1", everyone, 1, raceAtOnce)));
  if (want("seek")) console.log(JSON.stringify({ timeline: await seeks(10000) }));
}
await browser.close();
server.close();
