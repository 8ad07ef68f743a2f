// "Find a bug" benchmark: the model checker in the page's Web Worker next to
// the same search run natively, plus what the worker costs to load. Figures,
// not pass/fail. Needs the release build in dist/ (`trunk build --release
// --public-url ./`, or scripts/bench.sh) and builds the native example.
//
//   node bench/find-bug.mjs          BENCH_RUNS (default 3) searches each way
//
// Prints one JSON object:
//   native      states/s of `cargo run --release --example find_bug` (correct
//               Paxos: every one of the 190,823 states), best and median
//   browser     the same search in the page's worker, timed by the worker
//               (loading excluded), best and median; `slower` = native best /
//               browser best
//   first_load  gzip bytes of every file the page fetches before anyone
//               presses "Find a bug", and whether the worker was among them
//   worker      the worker's wasm and JS, raw and gzip, fetched on demand;
//               load_ms = press to first progress report
//   cancel      press on Cancel to the status saying so (in the page), and
//               to the worker's thread being gone (as the browser reports it)
//   found       the counterexample search with "Ignore prior accepted values"
//   machine     cores and load average, since other work skews all of this
import { readdir, readFile } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { execFileSync } from "node:child_process";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { cpus, loadavg } from "node:os";
import { launch } from "./browser.mjs";
import { serve } from "../tests/e2e/server.mjs";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const dist = join(repo, "dist");
const runs = Number(process.env.BENCH_RUNS ?? 3);

const gzip = async (name) => {
  const bytes = await readFile(join(dist, name));
  return { raw: bytes.length, gzip: gzipSync(bytes, { level: 9 }).length };
};
const best = (xs) => Math.max(...xs);
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
const round1 = (x) => Number(x.toFixed(1));

// 1. Native: the same model, in the same slices the worker uses.
const lines = execFileSync(
  "cargo",
  ["run", "--release", "--locked", "--quiet", "--example", "find_bug", "--", "--repeat", String(runs)],
  { cwd: repo, encoding: "utf8", stdio: ["ignore", "pipe", "inherit"] },
)
  .trim()
  .split("\n")
  .map((l) => JSON.parse(l));
const nativeRates = lines.map((l) => l.states_per_s);

// 2. The browser.
const { server, url } = await serve(dist);
const browser = await launch();

async function open(query = "?paused=1") {
  const page = await browser.newPage({ viewport: { width: 1400, height: 1000 } });
  const fetched = [];
  page.on("request", (r) => fetched.push(new URL(r.url()).pathname.split("/").pop() || "index.html"));
  await page.goto(url + query);
  await page.getByRole("group", { name: "Node 1", exact: true }).waitFor();
  await page.waitForLoadState("networkidle");
  return { page, fetched };
}

const panel = (page) => page.getByRole("region", { name: "Find a bug" });
const status = (page) => page.getByTestId("find-bug-status");

/** Press "Find a bug" and wait for the verdict; the worker's own timing. */
async function search(page, long = true) {
  const pressed = Date.now();
  await panel(page).getByRole("button", { name: "Find a bug" }).click();
  // A short search may end before its first progress report.
  if (long) await page.getByTestId("find-bug-progress").filter({ hasText: "states/s" }).waitFor({ timeout: 60000 });
  const firstReport = Date.now() - pressed;
  await status(page).and(page.locator("[data-states]")).waitFor({ timeout: 600000 });
  const states = Number(await status(page).getAttribute("data-states"));
  const ms = Number(await status(page).getAttribute("data-elapsed-ms"));
  return { states, ms, states_per_s: Math.round((states * 1000) / ms), first_report_ms: firstReport };
}

// First load, and the worker's load time on the first press.
const first = await open();
const firstLoad = {};
for (const name of new Set(first.fetched)) {
  if (/\.(html|js|wasm|css)$/.test(name)) firstLoad[name.replace(/-[0-9a-f]{15,16}/, "")] = (await gzip(name)).gzip;
}
const workerOnFirstLoad = first.fetched.some((n) => n.includes("find-bug-worker"));
const browserRuns = [];
for (let k = 0; k < runs; k++) browserRuns.push(await search(first.page));
const workerFiles = first.fetched.filter((n) => n.includes("find-bug-worker"));
const worker = {};
for (const name of new Set(workerFiles)) worker[name] = await gzip(name);

// Cancel: from the press to the status, and to the worker's thread gone.
const cancels = [];
for (let k = 0; k < runs; k++) {
  const { page } = await open();
  const closed = new Promise((done) => page.on("worker", (w) => w.on("close", () => done(Date.now()))));
  await panel(page).getByRole("button", { name: "Find a bug" }).click();
  await page.getByTestId("find-bug-progress").filter({ hasText: "states/s" }).waitFor({ timeout: 60000 });
  await page.waitForTimeout(500);
  const t0 = Date.now();
  const inPage = await page.evaluate(
    () =>
      new Promise((done) => {
        const button = [...document.querySelectorAll(".find-bug button")].find((b) => b.textContent === "Cancel");
        const statusEl = document.querySelector("[data-testid=find-bug-status]");
        const t = performance.now();
        new MutationObserver((_, o) => {
          if (statusEl.textContent.startsWith("Cancelled")) {
            o.disconnect();
            done(performance.now() - t);
          }
        }).observe(statusEl, { childList: true, characterData: true, subtree: true });
        button.click();
      }),
  );
  const gone = await Promise.race([closed, new Promise((done) => setTimeout(() => done(null), 5000))]);
  cancels.push({ status_ms: round1(inPage), worker_gone_ms: gone === null ? null : gone - t0 });
  await page.close();
}

// A bug to find.
const { page: flawed } = await open();
await flawed.getByRole("region", { name: "Break a rule" }).getByRole("switch", { name: "Ignore prior accepted values" }).check();
const found = await search(flawed, false);
found.said = await status(flawed).textContent();

await browser.close();
server.close();

const rates = browserRuns.map((r) => r.states_per_s);
const sum = (o) => Object.values(o).reduce((a, b) => a + (b.gzip ?? b), 0);
console.log(
  JSON.stringify(
    {
      model: lines[0].model,
      states: lines[0].states,
      native: { states_per_s_best: best(nativeRates), states_per_s_median: median(nativeRates), runs: lines.map((l) => l.ms) },
      browser: {
        states: browserRuns[0].states,
        states_per_s_best: best(rates),
        states_per_s_median: median(rates),
        runs_ms: browserRuns.map((r) => r.ms),
        slower: round1(best(nativeRates) / best(rates)),
        first_report_ms: browserRuns.map((r) => r.first_report_ms),
      },
      first_load: { gzip_total: sum(firstLoad), files: firstLoad, worker_fetched: workerOnFirstLoad },
      worker: { files: worker, raw_total: Object.values(worker).reduce((a, b) => a + b.raw, 0), gzip_total: sum(worker) },
      cancel: cancels,
      found: { states: found.states, ms: found.ms, said: found.said },
      machine: { cores: cpus().length, loadavg: loadavg().map(round1) },
    },
    null,
    2,
  ),
);
