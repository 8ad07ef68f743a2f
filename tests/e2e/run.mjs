// End-to-end run: the release build, served from a sub-path as GitHub Pages
// would serve it, driven in headless Chromium the way a person would — by
// clicking, typing and dragging controls found by their accessible names.
// Screenshots land in target/e2e/ for people to look at.
//
//   node tests/e2e/run.mjs [name-filter]
import { copyFile, mkdir, mkdtemp, readFile, rm } from "node:fs/promises";
import { tmpdir } from "node:os";
import { fileURLToPath } from "node:url";
import { dirname, join } from "node:path";
import { chromium } from "playwright-core";
import { serve } from "./server.mjs";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..", "..");
const shots = join(repo, "target", "e2e");
await mkdir(shots, { recursive: true });

export const CHROMIUM_ARGS = [
  "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
  "--disable-background-networking", "--disable-component-update", "--disable-sync",
];

const { server, url: base } = await serve(join(repo, "dist"));
const browser = await chromium.launch({ executablePath: "/usr/bin/chromium", headless: true, args: CHROMIUM_ARGS });

function check(condition, message) {
  if (!condition) throw new Error(message);
}

/** Open the page with `query`, failing the test on any console error. */
async function open(query = "", options = {}) {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 }, ...options });
  const page = await context.newPage();
  page.errors = [];
  page.on("console", (m) => m.type() === "error" && page.errors.push(m.text()));
  page.on("pageerror", (e) => page.errors.push(String(e)));
  await page.goto(base + query);
  await page.getByRole("group", { name: "Node 1", exact: true }).waitFor();
  return page;
}

async function close(page) {
  check(page.errors.length === 0, `console errors: ${page.errors.join(" | ")}`);
  await page.context().close();
}

const card = (page, k) => page.getByRole("group", { name: `Node ${k}`, exact: true });
const learned = (page) => page.locator(".node-card__learned").allTextContents();
const chosen = (page) => page.getByTestId("chosen-value");

async function propose(page, k, value) {
  await unfold(page, k);
  const box = page.getByRole("textbox", { name: `Value for node ${k}`, exact: true });
  await box.fill(value);
  await page.getByRole("button", { name: `Propose at node ${k}`, exact: true }).click();
}

/** Open node `k`'s card, if it is a phone's folded one, as a finger would. */
async function unfold(page, k) {
  const name = page.getByRole("button", { name: `Node ${k}`, exact: true });
  // (An embed's card has no such button: its controls always show.)
  if (!(await name.count()) || (await name.getAttribute("aria-expanded")) !== "false") return;
  // A tap where touch is on, else a click.
  if (await page.evaluate(() => matchMedia("(pointer: coarse)").matches)) await name.tap();
  else await name.click();
  await page.getByRole("textbox", { name: `Value for node ${k}`, exact: true }).waitFor();
}

/** Drag a range slider's thumb to `fraction` of its track, as a mouse would. */
async function drag(page, slider, fraction) {
  const box = await slider.boundingBox();
  const y = box.y + box.height / 2;
  const value = Number(await slider.inputValue());
  const [min, max] = [Number(await slider.getAttribute("min")), Number(await slider.getAttribute("max"))];
  const from = box.x + 8 + ((box.width - 16) * (value - min)) / (max - min);
  await page.mouse.move(from, y);
  await page.mouse.down();
  await page.mouse.move(box.x + 8 + (box.width - 16) * fraction, y, { steps: 8 });
  await page.mouse.up();
}

/** Run axe-core on the page; fail on any serious or critical violation,
 *  and on any of the rules in `also`, whatever their impact. */
async function checkAccessibility(page, also = []) {
  await page.addScriptTag({ path: join(repo, "node_modules", "axe-core", "axe.min.js") });
  const result = await page.evaluate(() => window.axe.run(document, { resultTypes: ["violations"] }));
  const bad = result.violations.filter((v) => v.impact === "serious" || v.impact === "critical" || also.includes(v.id));
  check(bad.length === 0, `axe: ${bad.map((v) => `${v.id} (${v.nodes.length}): ${v.nodes[0]?.target}`).join("; ")}`);
}

/** Play until every one of `nodes` nodes has learned the same value, then pause. */
async function playUntilLearned(page, nodes) {
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await waitLearnedEverywhere(page, nodes);
  await page.getByRole("button", { name: "Pause", exact: true }).click();
}

async function waitLearnedEverywhere(page, nodes, timeout = 30000) {
  await page.waitForFunction(
    (n) => {
      const cells = [...document.querySelectorAll(".node-card__learned")].map((c) => c.textContent);
      return cells.length === n && cells.every((c) => c !== "—" && c === cells[0]);
    },
    nodes,
    { timeout },
  );
}

const tests = [];
const test = (name, fn) => tests.push({ name, fn });

/** Once the announcer is quiet, record everything it says from now on
 * (see `announced`). */
async function listenToAnnouncer(page) {
  await readOut(page);
  await page.evaluate(() => {
    window.__said = [];
    new MutationObserver(() => window.__said.push(document.querySelector("[data-testid=announcer]").textContent))
      .observe(document.querySelector("[data-testid=announcer]"), { childList: true, characterData: true, subtree: true });
  });
}

/** What the announcer said since `listenToAnnouncer`, in order. */
const announced = (page) => page.evaluate(() => window.__said);

/** What `page`'s live region says once its words have stood still: it
 *  says nothing while they change faster than that (a held arrow key). */
async function readOut(page) {
  const now = () => page.getByTestId("announcer").textContent();
  await page.waitForTimeout(300);
  // Then until it holds still for a while (a busy machine is slow).
  let last = await now();
  for (let i = 0; i < 20; i++) {
    await page.waitForTimeout(150);
    const again = await now();
    if (again === last) return again;
    last = again;
  }
  return last;
}

test("first screen explains what to do", async () => {
  const page = await open();
  await page.screenshot({ path: join(shots, "01-first-screen.png") });
  const hint = await page.getByTestId("hint").textContent();
  check(hint.includes("Press Propose"), `hint: ${hint}`);
  check((await page.getByRole("group", { name: /^Node \d$/ }).count()) === 5, "five nodes by default");
  check(await page.getByRole("button", { name: "Pause", exact: true }).isVisible(), "it starts playing");
  await close(page);
});

test("a laptop window: scrolled to the cluster, every card clears the time controls", async () => {
  // 1366 × 768 with the browser's own bars: the commonest school laptop.
  const page = await open("#scenario=value-recovery", { viewport: { width: 1366, height: 657 } });
  await page.getByRole("button", { name: "Step", exact: true }).click();
  await page.locator(".stage-wrap").evaluate((e) => window.scrollTo(0, e.getBoundingClientRect().top + window.scrollY));
  const lowest = await page.locator(".node-card").evaluateAll((cards) => Math.max(...cards.map((c) => c.getBoundingClientRect().bottom)));
  const bar = await page.locator(".transport").boundingBox();
  check(lowest <= bar.y, `the lowest card ends at ${lowest}, under the time controls at ${bar.y}`);
  await page.screenshot({ path: join(shots, "01b-laptop-window.png") });
  await close(page);
});

test("a projector at 1024 × 768, or zoomed to 125 %: the first screen shows the cards", async () => {
  // 1280 × 720 at 125 % is a 1024 × 576 window: unfolded, the toolbar, the
  // scenario's text and the time controls left no card in sight.
  const page = await open("#scenario=value-recovery", { viewport: { width: 1024, height: 576 } });
  check(!(await page.getByRole("combobox", { name: "Nodes" }).isVisible()), "the Nodes menu waits under More");
  check(!(await page.getByTestId("hint").isVisible()), "the scenario's text, not the general hint");
  const title = await page.getByRole("group", { name: "Node 1", exact: true }).locator(".node-card__head").boundingBox();
  const bar = await page.locator(".transport").boundingBox();
  check(title.y + title.height <= bar.y, `node 1's title ends at ${title.y + title.height}, under the time controls at ${bar.y}`);
  await page.getByRole("button", { name: "More" }).click();
  check(await page.getByRole("combobox", { name: "Nodes" }).isVisible(), "More unfolds it");
  // Escape folds it again, as it closes a menu, and focus goes back to the toggle.
  await page.keyboard.press("Escape");
  check(!(await page.getByRole("combobox", { name: "Nodes" }).isVisible()), "Escape folds it");
  check((await page.evaluate(() => document.activeElement.getAttribute("aria-controls"))) === "toolbar", "focus is on the toggle");
  // A run button pressed under More folds it again, as a pick closes a
  // menu: left open, it and Copy link's notice hid the cards.
  await page.getByRole("button", { name: "More" }).click();
  await page.getByRole("button", { name: "Copy link" }).click();
  await page.getByTestId("notice").waitFor();
  check(!(await page.getByRole("combobox", { name: "Nodes" }).isVisible()), "Copy link folds More");
  check((await page.evaluate(() => document.activeElement.getAttribute("aria-controls"))) === "toolbar", "and the focus is on the toggle");
  await close(page);
  // A 1024 × 768 projector folds its toolbar too: unfolded, with the
  // happy path's longest text above the cluster, the time controls covered
  // the Propose buttons. Without the general hint over the scenario, they
  // clear the controls.
  const old = await open("#scenario=happy-path", { viewport: { width: 1024, height: 768 } });
  check(!(await old.getByRole("combobox", { name: "Nodes" }).isVisible()), "the toolbar is folded");
  check(!(await old.getByTestId("hint").isVisible()), "the scenario's text, not the general hint");
  const propose = await old.getByRole("button", { name: "Propose at node 1", exact: true }).boundingBox();
  const bar2 = await old.locator(".transport").boundingBox();
  check(propose.y + propose.height <= bar2.y, `node 1's Propose ends at ${propose.y + propose.height}, under the time controls at ${bar2.y}`);
  // The walk keeps the height of its longest moment, so the cluster below
  // it stays put as the teacher steps through.
  const heights = [];
  for (let k = 0; k < 6; k++) {
    heights.push(Math.round((await old.locator(".walk").boundingBox()).height));
    const next = old.getByRole("button", { name: "Next moment" });
    if (await next.isDisabled()) break;
    await next.click();
  }
  check(heights.length >= 4 && new Set(heights).size === 1, `the walk's height from moment to moment: ${heights}`);
  // Read out once as the teacher steps: the moment's story alone, by the
  // page's one live region (the box is not a second one).
  const walkText = old.getByTestId("walk-text");
  check((await walkText.getAttribute("aria-live")) === null, "the walk's box is not a live region");
  await old.getByRole("button", { name: "Previous moment" }).click();
  const count = `${await old.getByTestId("walk-count").textContent()}, ${(await timelineText(old)).split(" of ")[0]}`;
  const story = await walkText.textContent();
  check((await readOut(old)) === `${count}: ${story}`, `the moment is read as "${count}: ${story}", not: ${await readOut(old)}`);
  // Come to by a step, the story follows what the step did.
  await old.getByRole("button", { name: "Previous moment" }).click();
  const was = await old.getByTestId("walk-count").textContent();
  const step = old.getByRole("button", { name: "Step", exact: true });
  for (let i = 0; i < 20 && (await old.getByTestId("walk-count").textContent()) === was; i++) await step.click();
  const stepped = await readOut(old);
  const then = (await old.getByTestId("walk-count").textContent()).split(" · ")[0];
  check(stepped.includes(`. ${then}: ${await walkText.textContent()}`) && !stepped.startsWith(then), `a step into a moment reads its news, then its story: ${stepped}`);
  // A step back into the moment before says it went back.
  const into = await old.getByTestId("walk-count").textContent();
  const stepBack = old.getByRole("button", { name: "Step back" });
  for (let i = 0; i < 20 && (await old.getByTestId("walk-count").textContent()) === into; i++) await stepBack.click();
  const backed = await readOut(old);
  check(backed.startsWith("Back to ") && backed.includes(`${(await old.getByTestId("walk-count").textContent()).split(" · ")[0]}: `), `a step back into a moment says so: ${backed}`);
  // Played into a moment, pausing reads its story: the walk's box is no
  // live region.
  await old.getByRole("button", { name: "Play", exact: true }).click();
  const playedFrom = await old.getByTestId("walk-count").textContent();
  await old.waitForFunction((was) => document.querySelector("[data-testid=walk-count]").textContent !== was, playedFrom, { timeout: 15000 });
  await old.getByRole("button", { name: "Pause", exact: true }).click();
  const paused = await readOut(old);
  check(paused.startsWith("Paused at ") && paused.includes(await walkText.textContent()), `pausing in a moment played into reads its story: ${paused}`);
  await close(old);
});

test("propose at one node: every node learns it", async () => {
  const page = await open();
  // Speed up by dragging the speed slider to the right, as a person would.
  await drag(page, page.getByRole("slider", { name: "Speed" }), 0.8);
  const speed = await page.getByRole("slider", { name: "Speed" }).getAttribute("aria-valuetext");
  check(speed === "4×", `speed ${speed}`);
  await propose(page, 2, "raspberry");
  await page.waitForTimeout(900);
  await page.screenshot({ path: join(shots, "02-one-proposal-in-flight.png") });
  await waitLearnedEverywhere(page, 5);
  check((await learned(page)).every((v) => v === "raspberry"), "all learned raspberry");
  check((await chosen(page).textContent()) === "raspberry", "status shows the chosen value");
  check(await page.locator(".badge--safe").isVisible(), "safety badge stays green");
  // The proposer decided; the others say they learned, not that they idle.
  const badges = await page.locator(".node-card__badge").allTextContents();
  check(badges[1] === "decided" && [0, 2, 3, 4].every((k) => badges[k] === "learned"), `badges: ${badges}`);
  await page.screenshot({ path: join(shots, "03-one-proposal-learned.png") });
  await close(page);
});

test("two concurrent proposals: exactly one value wins everywhere", async () => {
  const page = await open("?speed=4");
  await page.getByRole("textbox", { name: "Value for node 1", exact: true }).fill("apple");
  await page.getByRole("textbox", { name: "Value for node 4", exact: true }).fill("banana");
  await page.getByRole("button", { name: "Propose at node 1", exact: true }).click();
  await page.getByRole("button", { name: "Propose at node 4", exact: true }).click();
  await page.waitForTimeout(700);
  await page.screenshot({ path: join(shots, "04-conflict-in-flight.png") });
  await waitLearnedEverywhere(page, 5);
  const values = await learned(page);
  check(["apple", "banana"].includes(values[0]), `learned ${values}`);
  check((await chosen(page).textContent()) === values[0], "chosen equals learned");
  const log = await page.getByTestId("event-log").textContent();
  check((log.match(/is chosen/g) ?? []).length === 1, "chosen exactly once");
  check(await page.locator(".badge--safe").isVisible(), "safe");
  // The round's box says why the other value lost, beside the winner.
  const loser = values[0] === "apple" ? ["banana", 4] : ["apple", 1];
  const why = await page.getByTestId("why-not").textContent();
  check(why.startsWith(`Why not “${loser[0]}”? Node ${loser[1]} proposed it, but `), `why the other value lost: ${why}`);
  await page.screenshot({ path: join(shots, "05-conflict-resolved.png") });
  await close(page);
});

test("30% loss: a value is still chosen, with losses and retries visible", async () => {
  // Set up while paused: every action then happens at tick 0, so this seed
  // plays out the same way on every run, whatever the frame timing.
  const page = await open("?speed=4&seed=5&paused=1");
  await drag(page, page.getByRole("slider", { name: "Message loss", exact: true }), 0.3);
  const loss = await page.getByRole("slider", { name: "Message loss", exact: true }).getAttribute("aria-valuetext");
  check(loss === "30%", `loss slider reads ${loss}`);
  await propose(page, 1, "resilient");
  await propose(page, 3, "stubborn");
  // Proposed while paused, nothing moves yet: the page says how to go on.
  const waiting = await page.getByTestId("hint").textContent();
  check(waiting.startsWith("Paused: press Play"), `hint: ${waiting}`);
  check((await page.locator(".transport__play--nudge").count()) === 1, "Play draws the eye");
  // Each broadcast leaves as one readable pill; its other copies show
  // once their tracks have fanned apart.
  const shown = await page.locator(".packets .edge--prepare").evaluateAll((els) => els.map((e) => Number(getComputedStyle(e).opacity)));
  check(shown.length === 8 && shown.filter((o) => o >= 0.5).length === 2 && shown.filter((o) => o === 0).length === 6, `Prepare pills: ${shown}`);
  await page.getByRole("button", { name: "Play", exact: true }).click();
  check((await page.locator(".transport__play--nudge").count()) === 0, "and stops once playing");
  await page.locator(".edge--lost").first().waitFor({ timeout: 20000 });
  await page.screenshot({ path: join(shots, "06-loss-dashed-messages.png") });
  await chosen(page).waitFor({ timeout: 60000 });
  const log = await page.getByTestId("event-log").textContent();
  check(log.includes("was lost"), "the log tells of lost messages");
  check(log.includes("gives up") && /n=[2-9]\.\d/.test(log), "a proposer gave up and retried with a higher ballot");
  check(await page.locator(".badge--safe").isVisible(), "safe under loss");
  await page.screenshot({ path: join(shots, "07-loss-chosen.png") });
  // A scenario brings its own network, and the dragged slider's readout
  // follows it (it once stayed at the dragged 30%).
  await page.getByRole("combobox", { name: "Scenario" }).selectOption("happy-path");
  const slider = page.getByRole("slider", { name: "Message loss", exact: true });
  const readout = await page.locator("label:has([aria-label='Message loss']) output").textContent();
  check(readout === `${await slider.inputValue()}%` && readout === "0%", `loss reads ${readout}`);
  await close(page);
});

test("crash a minority: the rest still decide", async () => {
  const page = await open("?speed=4");
  await page.getByRole("button", { name: "Crash node 4", exact: true }).click();
  await page.getByRole("button", { name: "Crash node 5", exact: true }).click();
  check(await page.getByRole("button", { name: "Restart node 4", exact: true }).isVisible(), "restart offered");
  await propose(page, 1, "majority");
  await page.waitForFunction(() => {
    const cells = [...document.querySelectorAll(".node-card__learned")].map((c) => c.textContent);
    return cells.slice(0, 3).every((c) => c === "majority");
  }, null, { timeout: 30000 });
  const values = await learned(page);
  check(values[3] === "—" && values[4] === "—", "crashed nodes learn nothing");
  await page.screenshot({ path: join(shots, "08-minority-crashed.png") });
  await close(page);
});

test("crash a majority: nothing is chosen, and safety holds", async () => {
  const page = await open("?speed=8");
  for (const k of [3, 4, 5]) await page.getByRole("button", { name: `Crash node ${k}`, exact: true }).click();
  await propose(page, 1, "hopeless");
  await page.waitForFunction(() => document.querySelector("[data-testid=event-log]")?.textContent.includes("gives up"), null, { timeout: 30000 });
  await page.waitForTimeout(1500);
  check((await chosen(page).count()) === 0, "nothing chosen");
  check(await page.getByText("Nothing chosen yet").isVisible(), "status says so");
  check((await page.getByTestId("hint").textContent()).includes("Too few nodes are up"), "the hint explains why");
  check(await page.locator(".badge--safe").isVisible(), "still safe");
  await page.screenshot({ path: join(shots, "09-majority-crashed.png") });
  await close(page);
});

test("new round keeps a visible history", async () => {
  const page = await open("?speed=8");
  await propose(page, 2, "first");
  await waitLearnedEverywhere(page, 5);
  await page.getByRole("button", { name: "New round" }).click();
  check((await page.locator("#status-title").textContent()) === "Round 2", "round 2");
  check((await page.getByTestId("history").textContent()).includes("first"), "history lists round 1");
  await propose(page, 5, "second");
  await waitLearnedEverywhere(page, 5);
  check((await chosen(page).textContent()) === "second", "round 2 chose its own value");
  await page.screenshot({ path: join(shots, "10-new-round-history.png") });
  await close(page);
});

test("hostile input is shown as text", async () => {
  const page = await open("?speed=8");
  const hostile = `<img src=x onerror="window.pwned=1"><script>window.pwned=2</script>`;
  await propose(page, 1, hostile.slice(0, 64));
  await waitLearnedEverywhere(page, 5);
  check((await chosen(page).textContent()) === hostile.slice(0, 64), "shown verbatim");
  check((await page.locator(".app img").count()) === 0, "no element created");
  check((await page.evaluate(() => window.pwned)) === undefined, "no script ran");
  // Said while typing, before Propose is pressed, and again when it is.
  await page.getByRole("textbox", { name: "Value for node 2", exact: true }).fill("x".repeat(65));
  check((await card(page, 2).getByRole("alert").textContent()).includes("this one has 65"), "too long is said as it is typed");
  await propose(page, 2, "x".repeat(66));
  check((await card(page, 2).getByRole("alert").textContent()).includes("at most 64"), "too long is refused in words");
  await page.screenshot({ path: join(shots, "11-hostile-input.png") });
  // Editing the box retires the refusal: it spoke of the old value.
  await page.getByRole("textbox", { name: "Value for node 2", exact: true }).fill("short");
  check((await card(page, 2).getByRole("alert").count()) === 0, "the refusal goes once the value is edited");
  // An invisible right-to-left override would show "elppa" as "apple" and
  // turn every log line it is in backwards.
  await propose(page, 3, "\u202Eelppa");
  check((await card(page, 3).getByRole("alert").textContent()).includes("text-direction"), "a direction control is refused");
  await close(page);
});

test("bad address parameters get a clear message", async () => {
  const page = await open("?nodes=999&loss=abc&seed=%3Cb%3Ebold%3C/b%3E");
  const notice = await page.getByTestId("notice").textContent();
  check(notice.includes("Ignored nodes=999") && notice.includes("Ignored loss=abc") && notice.includes("<b>bold</b>"), notice);
  check((await page.locator(".notice b").count()) === 0, "markup in the address stays text");
  check((await page.getByRole("group", { name: /^Node \d$/ }).count()) === 5, "defaults used");
  await page.screenshot({ path: join(shots, "12-bad-address.png") });
  await page.getByRole("button", { name: "Dismiss message" }).click();
  check((await page.getByTestId("notice").count()) === 0, "dismissed");
  await close(page);
});

test("keyboard only: step through a proposal", async () => {
  const page = await open("?paused=1");
  // The first Tab offers a way past every card's controls to Play.
  await page.keyboard.press("Tab");
  const skip = page.getByRole("button", { name: "Skip to the time controls" });
  check(await skip.evaluate((b) => b === document.activeElement), "the first Tab reaches the skip button");
  check((await skip.boundingBox()).y >= 0, "shown while it has the focus");
  await page.keyboard.press("Enter");
  check(await page.evaluate(() => document.activeElement?.classList.contains("transport__play")), "and it takes the focus to Play");
  await page.getByRole("textbox", { name: "Value for node 3", exact: true }).focus();
  await page.keyboard.press("Control+a");
  await page.keyboard.type("typed");
  await page.keyboard.press("Enter");
  const step = page.getByRole("button", { name: "Step", exact: true });
  await step.focus();
  for (let i = 0; i < 80 && (await chosen(page).count()) === 0; i++) await page.keyboard.press("Enter");
  check((await chosen(page).textContent()) === "typed", "stepping by keyboard chose the value");
  // On to the end: Step then has nothing to do, says so, and keeps the focus.
  for (let i = 0; i < 200 && (await step.getAttribute("aria-disabled")) !== "true"; i++) await page.keyboard.press("Enter");
  check((await step.getAttribute("aria-disabled")) === "true", "Step is marked as having nothing to do at the end");
  const top = (await step.boundingBox()).y;
  await page.keyboard.press("Enter");
  check(await step.evaluate((b) => b === document.activeElement), "Step keeps the focus");
  check((await step.boundingBox()).y === top, "nothing pushes the page down");
  check(await page.getByText("end of the run", { exact: true }).isVisible(), "the bar says the run has ended");
  await page.getByRole("combobox", { name: "Nodes" }).selectOption("7");
  check((await page.getByRole("group", { name: /^Node \d$/ }).count()) === 7, "seven nodes");
  await page.screenshot({ path: join(shots, "13-keyboard-seven-nodes.png") });
  await close(page);
});

test("keyboard only: panels that open elsewhere take the focus, and give it back", async () => {
  const page = await open("?paused=1");
  const active = () => page.evaluate(() => document.activeElement?.textContent?.trim() ?? "");
  // A node's history opens in the sidebar, far from the card.
  await page.getByRole("button", { name: "Node 2", exact: true }).focus();
  await page.keyboard.press("Enter");
  check((await active()) === "Node 2's history", `focus on the history's title, not: ${await active()}`);
  const ring = await page.evaluate(() => getComputedStyle(document.activeElement).outlineStyle);
  check(ring !== "none", "the title shows the focus ring, so the focus is seen to land");
  await page.getByRole("button", { name: "Close the history" }).focus();
  await page.keyboard.press("Enter");
  check((await active()) === "Node 2", `focus back on the card's name, not: ${await active()}`);
  // Closed by anything else, it leaves the focus alone: a rule's demo
  // scrolls to its notice, and must stay there.
  await page.getByRole("button", { name: "Node 2", exact: true }).click();
  await page.getByRole("button", { name: /^Show me how/ }).first().click();
  await page.waitForTimeout(300);
  check((await active()) !== "Node 2", "a demo does not send the focus to a card");
  const notice = await page.getByTestId("notice").boundingBox();
  check(notice && notice.y >= 0 && notice.y < 1000, `the demo's notice is in view: ${JSON.stringify(notice)}`);
  await page.getByRole("button", { name: "Undo" }).click();
  // The challenge replaces the toolbar.
  await page.getByRole("button", { name: "Challenge", exact: true }).focus();
  await page.keyboard.press("Enter");
  // The focus moves once the challenge has rendered, which a busy machine
  // may take a moment to do.
  await page.waitForFunction(() => document.activeElement?.classList.contains("challenge__title"), null, { timeout: 3000 }).catch(() => {});
  check((await active()).startsWith("Challenge: make two nodes"), `focus on the challenge's goal, not: ${await active()}`);
  await close(page);
});

test("keyboard only: buttons with nothing left to do keep the focus, Escape closes, and each step is read out", async () => {
  const page = await open("?paused=1");
  const focused = (name) => page.evaluate((n) => (document.activeElement?.getAttribute("aria-label") ?? document.activeElement?.textContent?.trim()) === n, name);
  const said = () => readOut(page);
  await page.getByRole("button", { name: "Propose at node 1", exact: true }).focus();
  await page.keyboard.press("Enter");
  await page.getByRole("button", { name: "Propose at node 2", exact: true }).focus();
  await page.keyboard.press("Enter");
  check((await said()).includes("Node 2 is asked to propose"), `the proposal is read out: ${await said()}`);
  // Stepping while paused reads out what each step did, as the log shows
  // it: only what it did, not what was said before at the same instant.
  const step = page.getByRole("button", { name: "Step", exact: true });
  await step.focus();
  const heard = [];
  for (let i = 0; i < 4; i++) {
    await page.keyboard.press("Enter");
    heard.push(await said());
  }
  check(heard.every((h) => h.length > 0) && new Set(heard).size > 2, `each step is announced: ${JSON.stringify(heard)}`);
  check(heard.some((h) => /promised n=1\.1/.test(h)), `a promise is read out: ${JSON.stringify(heard)}`);
  check(heard.every((h) => !h.includes("is asked to propose")), `no step repeats the proposals: ${JSON.stringify(heard)}`);
  check(heard.every((h, i) => i === 0 || !h.includes(heard[i - 1])), `no step repeats the one before: ${JSON.stringify(heard)}`);
  // Back to the start: Step back then has nothing to do and keeps the focus.
  const back = page.getByRole("button", { name: "Step back" });
  await back.focus();
  // A step back says it went back, and to when.
  await page.keyboard.press("Enter");
  check(/^Back to \d+\.\d s: /.test(await said()), `a step back is read out as one: ${await said()}`);
  for (let i = 0; i < 10; i++) await page.keyboard.press("Enter");
  check((await back.getAttribute("aria-disabled")) === "true", "Step back is marked as done at the start");
  check(await focused("Step back"), "and keeps the focus");
  // Back to live, pressed, has nothing more to do, and keeps the focus too.
  const live = page.getByRole("button", { name: "Back to live" });
  await live.focus();
  await page.keyboard.press("Enter");
  check((await live.getAttribute("aria-disabled")) === "true", "the run is live again");
  check(await focused("Back to live"), "Back to live keeps the focus");
  // Escape closes a node's history, and the focus goes back to the card.
  await page.getByRole("button", { name: "Node 2", exact: true }).focus();
  await page.keyboard.press("Enter");
  check(await page.getByTestId("node-history").isVisible(), "the history opens");
  // An entry pressed by keyboard keeps the focus, however many later
  // entries going back to it takes away.
  const entries = page.locator(".node-history__entry");
  check((await entries.count()) > 1, `node 2 has a history to go back through: ${await entries.count()} entries`);
  await entries.first().focus();
  await page.keyboard.press("Enter");
  check(await page.evaluate(() => document.activeElement?.classList.contains("node-history__entry")), "the pressed entry keeps the focus");
  await page.keyboard.press("Escape");
  check((await page.getByTestId("node-history").count()) === 0, "Escape closes it");
  check(await page.evaluate(() => document.activeElement?.textContent?.trim() === "Node 2"), "focus back on the card's name");
  // A rule's demo: the focus goes to Play, so Space plays it.
  await page.getByRole("button", { name: /^Show me how/ }).first().focus();
  await page.keyboard.press("Enter");
  await page.waitForTimeout(200);
  const onPlay = () => page.evaluate(() => document.activeElement?.classList.contains("transport__play"));
  check(await onPlay(), "Show me hands the focus to Play");
  // The notice is read out by the live region that is always on the page
  // (one put on the page with its words in it can go unread), and its
  // text alone: its buttons are not read out with it.
  const noticeText = await page.getByTestId("notice").textContent();
  check((await said()).includes(noticeText), `the notice is read out: ${await said()}`);
  check((await page.locator(".notice [role=status]").count()) === 0, "and only once: the notice itself is not a second live region");
  // A clicker goes on through the demo as through a scenario: Page Down
  // moves the run on, and the page stays where it was.
  const demoAt = await eventNumber(page);
  const demoScroll = await page.evaluate(() => scrollY);
  await page.keyboard.press("PageDown");
  await page.waitForFunction((was) => !document.querySelector("[aria-label=Timeline]").getAttribute("aria-valuetext").includes(`event ${was} of`), demoAt, { timeout: 3000 }).catch(() => {});
  check((await eventNumber(page)) > demoAt && (await page.evaluate(() => scrollY)) === demoScroll, `Page Down in a demo: event ${demoAt} to ${await eventNumber(page)}, scrolled from ${demoScroll} to ${await page.evaluate(() => scrollY)}`);
  // Escape elsewhere leaves a notice that offers Undo (its run would be
  // lost), but closes an open history first.
  await page.getByRole("button", { name: "Node 2", exact: true }).click();
  await page.getByRole("button", { name: "Step", exact: true }).focus();
  await page.keyboard.press("Escape");
  check((await page.getByTestId("node-history").count()) === 0, "Escape closes the history");
  await page.keyboard.press("Escape");
  check(await page.getByRole("button", { name: "Undo" }).isVisible(), "and keeps the notice's Undo");
  // On the Undo button itself, Escape does nothing: not even close a
  // history elsewhere, taking the focus there.
  await page.getByRole("button", { name: "Node 2", exact: true }).click();
  await page.getByRole("button", { name: "Undo" }).focus();
  await page.keyboard.press("Escape");
  check((await page.getByTestId("node-history").count()) === 1, "the history stays open");
  check(await page.getByRole("button", { name: "Undo" }).evaluate((b) => b === document.activeElement), "the focus stays on Undo");
  await page.getByRole("button", { name: "Close the history" }).click();
  await page.getByRole("button", { name: "Play", exact: true }).focus();
  // Nor does Escape inside it throw the Undo away; its ✕ dismisses it,
  // and the focus goes to Play, not the page.
  await page.getByRole("button", { name: "Dismiss message" }).focus();
  await page.keyboard.press("Escape");
  check(await page.getByRole("button", { name: "Undo" }).isVisible(), "Escape in the notice keeps its Undo");
  await page.keyboard.press("Enter");
  check((await page.getByTestId("notice").count()) === 0, "its ✕ dismisses the notice");
  check(await onPlay(), "and the focus goes to Play");
  await page.keyboard.press("Space");
  check(await page.getByRole("button", { name: "Pause", exact: true }).isVisible(), "Space then plays the demo");
  await close(page);
});

test("screen readers hear each notice, even when the run moves on at once, and again when it is repeated", async () => {
  const page = await open("?paused=1");
  await propose(page, 1, "apple");
  const step = page.getByRole("button", { name: "Step", exact: true });
  await step.click();
  await readOut(page);
  // Copied, then a step within the region's wait: the notice was dropped
  // for the step's words.
  await page.getByRole("button", { name: "Copy link" }).click();
  await step.click();
  const heard = await readOut(page);
  check(heard.includes("this run at"), `the notice is read out with the step: ${heard}`);
  // Copied again, in the same words: a new element, so read again.
  const before = await page.locator("[data-testid=announcer] span").elementHandle();
  await page.getByRole("button", { name: "Copy link" }).click();
  const again = await readOut(page);
  check(again.includes("this run at") && !(await before.evaluate((e) => e.isConnected)), `the repeat is read again: ${again}`);
  // A notice alone is read alone, without the moment's words again.
  check(!again.includes("reaches"), `only the notice: ${again}`);
  await close(page);
});

test("while the run plays, the reader's own actions are read out, and Play says so", async () => {
  const page = await open("?paused=1");
  await page.getByRole("button", { name: "Play", exact: true }).click();
  check((await readOut(page)) === "Playing.", "Play is read out as such");
  // A press heard to work: nothing else would be said until a choice.
  await page.getByRole("button", { name: "Crash node 2" }).click();
  const crashed = await readOut(page);
  check(crashed.startsWith("Node 2 crashed"), `the crash is read out while playing: ${crashed}`);
  // Two proposals pressed quickly are both heard, not the second alone.
  await page.getByRole("textbox", { name: "Value for node 3", exact: true }).fill("quick-one");
  await page.getByRole("textbox", { name: "Value for node 4", exact: true }).fill("quick-two");
  await page.getByRole("button", { name: "Propose at node 3" }).click();
  await page.getByRole("button", { name: "Propose at node 4" }).click();
  const both = await readOut(page);
  check(both.includes("quick-one") && both.includes("quick-two"), `both proposals are read out: ${both}`);
  // Paused mid-run, with messages in the air: said so first.
  await propose(page, 1, "midway");
  await page.waitForTimeout(400);
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  const paused = await readOut(page);
  check(/^Paused at \d+\.\d s\./.test(paused), `pausing mid-run is read out as such: ${paused}`);
  await close(page);
});

test("page keys: Space plays and pauses, the arrows step, and text boxes keep their keys", async () => {
  const page = await open("?paused=1");
  await propose(page, 1, "apple");
  const box = page.getByRole("textbox", { name: "Value for node 2", exact: true });
  await box.fill("a");
  await box.press("Space");
  check((await box.inputValue()) === "a ", "a space typed in a value box stays there");
  check(await page.getByRole("button", { name: "Play", exact: true }).isVisible(), "and does not start the run");
  await page.locator(".masthead__title").click();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  check((await eventNumberOnce(page, 2)) === 2, `two events stepped: ${await timelineText(page)}`);
  await page.keyboard.press("ArrowLeft");
  check((await eventNumberOnce(page, 1)) === 1, `one stepped back: ${await timelineText(page)}`);
  // A held arrow key steps many times a second: the screen reader is
  // told where it stopped, not every step on the way (it queued them all).
  await listenToAnnouncer(page);
  for (let i = 0; i < 8; i++) await page.keyboard.press("ArrowRight");
  const last = await readOut(page);
  const told = await announced(page);
  check(told.length <= 2 && told.at(-1) === last && last.length > 0, `eight quick steps, read out ${told.length} times: ${JSON.stringify(told)}`);
  const scrolled = await page.evaluate(() => scrollY);
  await page.keyboard.press("Space");
  check(await page.getByRole("button", { name: "Pause", exact: true }).isVisible(), "Space plays");
  await page.keyboard.press("Space");
  check(await page.getByRole("button", { name: "Play", exact: true }).isVisible(), "and pauses");
  check(await page.evaluate((y) => scrollY === y, scrolled), "Space does not scroll the page");
  // Said as such, not as the moment's old news, which sounded new.
  const paused = await readOut(page);
  check(/^Paused at \d+\.\d s\./.test(paused), `pausing is read out: ${paused}`);
  // Controls keep their own Space: a switch toggles, a button presses.
  const colours = page.getByRole("switch", { name: "Colour by ballot" });
  await colours.focus();
  await page.keyboard.press("Space");
  check(await colours.isChecked(), "Space ticks the switch");
  const before = await eventNumber(page);
  await page.getByRole("button", { name: "Step", exact: true }).focus();
  await page.keyboard.press("Space");
  check((await eventNumberOnce(page, before + 1)) === before + 1, "Space presses the focused Step");
  check(await page.getByRole("button", { name: "Play", exact: true }).isVisible(), "and plays nothing");
  // A button that has the focus only because it was clicked is not
  // pressed again: after Propose, Space means "play", not a second ballot.
  await page.getByRole("button", { name: "Propose at node 3" }).click();
  const ballots = await page.getByRole("group", { name: "Node 3" }).textContent();
  await page.keyboard.press("Space");
  check(await page.getByRole("button", { name: "Pause", exact: true }).isVisible(), "Space after a click plays");
  await page.keyboard.press("Space");
  const after = await page.getByRole("group", { name: "Node 3" }).textContent();
  const ballot = (text) => text.match(/ballot (n=\d+\.\d)/)?.[1];
  check(ballot(ballots) !== undefined && ballot(after) === ballot(ballots), `node 3 kept its first ballot: ${ballots} / ${after}`);
  // Escape away from the notice dismisses it too, as a toast, and the
  // focus stays where it was.
  await page.getByRole("button", { name: "Copy link" }).click();
  await page.getByTestId("notice").waitFor();
  const step = page.getByRole("button", { name: "Step", exact: true });
  await step.focus();
  await page.keyboard.press("Escape");
  check((await page.getByTestId("notice").count()) === 0, "Escape dismisses the notice from anywhere");
  check(await step.evaluate((b) => b === document.activeElement), "and leaves the focus on Step");
  await close(page);
});

test("seed box: same seed, same run", async () => {
  const runOnce = async () => {
    const page = await open("?paused=1&loss=20");
    await page.getByRole("textbox", { name: "Seed" }).fill("2024");
    await page.getByRole("textbox", { name: "Seed" }).press("Enter");
    // The new run's cards replace the old ones in a later task: typing
    // into the old ones first lost the value under a loaded machine.
    await page.evaluate(() => new Promise((done) => requestAnimationFrame(() => setTimeout(done, 0))));
    await propose(page, 1, "a");
    await propose(page, 2, "b");
    for (let i = 0; i < 60; i++) await page.getByRole("button", { name: "Step", exact: true }).click();
    const log = await page.getByTestId("event-log").textContent();
    await close(page);
    return log;
  };
  const [first, second] = [await runOnce(), await runOnce()];
  check(first.includes("“a”") && first.includes("“b”"), "both proposals made with the values typed");
  check(first.length > 100 && first === second, "identical event logs");
});

test("nine nodes, dark theme, and accessibility", async () => {
  const page = await open("?nodes=9&speed=2", { colorScheme: "dark" });
  await propose(page, 1, "dusk");
  await propose(page, 6, "dawn");
  await page.waitForTimeout(1200);
  await page.screenshot({ path: join(shots, "14-nine-nodes-dark.png") });
  await checkAccessibility(page);
  // Coloured by ballot, every diagram label reads on the dark panel (the
  // first ballot's blue was 3.2:1, a later one's maroon 1.9:1).
  await page.getByRole("switch", { name: "Colour by ballot" }).check();
  const low = await page.evaluate(() => {
    const rgb = (s) => s.match(/[\d.]+/g).slice(0, 3).map(Number);
    const lum = ([r, g, b]) => [r, g, b].map((c) => { c /= 255; return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4; })
      .reduce((sum, c, i) => sum + c * [0.2126, 0.7152, 0.0722][i], 0);
    const panel = lum(rgb(getComputedStyle(document.querySelector(".diagram")).backgroundColor));
    const probe = document.createElement("div");
    document.querySelector(".diagram").append(probe);
    const found = [];
    for (let k = 0; k < 8; k++) {
      probe.className = `ballot-${k}`;
      probe.style.color = "var(--k)";
      const fill = lum(rgb(getComputedStyle(probe).color));
      const ratio = (Math.max(fill, panel) + 0.05) / (Math.min(fill, panel) + 0.05);
      if (ratio < 4.5) found.push(`ballot-${k}: ${ratio.toFixed(2)}`);
    }
    probe.remove();
    return found;
  });
  check(low.length === 0, `ballot colours under 4.5:1 on the dark panel: ${low}`);
  await close(page);
});

test("light theme passes axe too", async () => {
  const page = await open("?speed=2");
  await propose(page, 2, "noon");
  await page.waitForTimeout(1500);
  // Every control inside a landmark: the settings were outside them all.
  await checkAccessibility(page, ["region"]);
  await close(page);
});

test("phone: 360 px wide, by touch", async () => {
  const page = await open("?speed=4", { viewport: { width: 360, height: 780 }, hasTouch: true, isMobile: true });
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  check(width <= 360, `no sideways scrolling (page is ${width}px wide)`);
  // A touch screen draws no scrollbar: the diagram says it scrolls.
  check(await page.locator(".diagram__touch-hint").isVisible(), "the diagram says how to scroll it by touch");
  // The toolbar starts folded, so the cluster is on the first screen.
  const cardTop = await page.getByRole("group", { name: "Node 1", exact: true }).evaluate((e) => e.getBoundingClientRect().top);
  check(cardTop < 400, `the first card starts ${cardTop}px down`);
  const loss = page.getByRole("slider", { name: "Message loss", exact: true });
  check(!(await loss.isVisible()), "the loss slider waits behind More");
  const more = page.getByRole("button", { name: "More", exact: true });
  check((await more.getAttribute("aria-expanded")) === "false", "More says it is folded");
  await more.tap();
  await loss.waitFor();
  const less = page.getByRole("button", { name: "Less", exact: true });
  check((await less.getAttribute("aria-expanded")) === "true", "and then that it is not");
  // What it revealed comes before it: the focus goes to the first of it.
  const focused = await page.evaluate(() => document.activeElement?.getAttribute("aria-label"));
  check(focused === "Nodes", `the first revealed control takes the focus, not ${focused}`);
  await less.tap();
  await loss.waitFor({ state: "hidden" });
  // Folded, the cards show the state only: the whole cluster, and the
  // messages between its cards, on about a screen (it took a screen and a
  // half, open).
  const stage = await page.locator(".stage").boundingBox();
  check(stage.height < 1.2 * 780, `the cluster is ${stage.height}px tall`);
  const node = (k) => page.getByRole("group", { name: `Node ${k}`, exact: true });
  check(!(await node(1).getByRole("button", { name: "Crash node 1" }).isVisible()), "folded, a card has no Crash");
  // A tap anywhere on a card opens it; its name says it is open; its
  // controls come into view above the time controls.
  await node(3).locator(".node-card__state").tap();
  check((await page.getByRole("button", { name: "Node 3", exact: true }).getAttribute("aria-expanded")) === "true", "the tapped card is open");
  const crash3 = await page.getByRole("button", { name: "Crash node 3", exact: true }).boundingBox();
  check(crash3.y + crash3.height <= (await page.locator(".transport").boundingBox()).y, `its Crash is above the time controls: ${JSON.stringify(crash3)}`);
  // A long value wraps the card's lines: the rows under it make room.
  await page.getByRole("textbox", { name: "Value for node 3", exact: true }).fill("a rather long value that wraps its lines");
  // A tap on the name just after it opened is taken for a double tap's
  // second, and ignored: folded at once, the card seemed not to open.
  await page.getByRole("button", { name: "Node 3", exact: true }).tap();
  check((await page.getByRole("button", { name: "Node 3", exact: true }).getAttribute("aria-expanded")) === "true", "a double tap leaves it open");
  await page.waitForTimeout(800);
  await page.getByRole("button", { name: "Node 3", exact: true }).tap();
  check((await page.getByRole("button", { name: "Node 3", exact: true }).getAttribute("aria-expanded")) === "false", "a later tap folds it");
  // Folded, a card keeps Propose, with the value in its box: two taps on
  // two cards race two proposals, as the hint says.
  await page.evaluate(() => scrollTo(0, 0));
  await page.getByRole("button", { name: "Propose at node 1", exact: true }).tap();
  await page.getByRole("button", { name: "Propose at node 3", exact: true }).tap();
  await page.waitForTimeout(400);
  const rects = await page.locator(".node-card").evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.left, r.top, r.right, r.bottom]));
  const overlaps = rects.flatMap((a, i) => rects.slice(i + 1).filter((b) => a[0] < b[2] && b[0] < a[2] && a[1] < b[3] && b[1] < a[3]).map(() => i + 1));
  check(overlaps.length === 0, `cards run into others: ${overlaps} ${JSON.stringify(rects)}`);
  check((await node(3).locator(".node-card__proposer").textContent()).includes("n="), "node 3 proposes too");
  // Opening another card folds the one open before: one card's controls
  // at a time.
  await unfold(page, 2);
  await unfold(page, 1);
  check(!(await page.getByRole("textbox", { name: "Value for node 2", exact: true }).isVisible()), "node 2 folded again");
  // Node 1's loss, set open, still shows folded.
  await page.getByRole("slider", { name: "Message loss at node 1", exact: true }).focus();
  await page.keyboard.press("End");
  await page.waitForTimeout(800);
  await page.getByRole("button", { name: "Node 1", exact: true }).tap();
  check((await node(1).textContent()).includes("loses 100% of its messages"), `folded, node 1 says what it loses: ${await node(1).textContent()}`);
  await unfold(page, 1);
  await page.getByRole("slider", { name: "Message loss at node 1", exact: true }).focus();
  await page.keyboard.press("Home");
  await page.waitForTimeout(800);
  // What a phone shows, not a page-length strip: the time controls stick
  // to the screen's bottom, which a full-page capture draws mid-page.
  await page.screenshot({ path: join(shots, "15-phone.png") });
  const cut = await page.locator(".node-card__badge").evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth).map((e) => e.textContent));
  check(cut.length === 0, `badges cut short on a phone's card: ${cut}`);
  await page.evaluate(() => window.scrollTo(0, 600));
  await page.screenshot({ path: join(shots, "15b-phone-scrolled.png") });
  const transport = await page.locator(".transport").boundingBox();
  check(Math.abs(transport.y + transport.height - (780 - 6)) < 2, `the time controls stay at the screen's bottom: ${JSON.stringify(transport)}`);
  // The bar carries the log's newest line, the log itself being far below.
  check(await page.locator(".transport__latest").isVisible(), "the newest log line rides in the bar");
  // Both read at once: the run plays on.
  const [bar, newest] = await page.evaluate(() => [
    document.querySelector(".transport__latest").textContent,
    document.querySelector("[data-testid=event-log] .log__text").textContent,
  ]);
  check(bar === newest, `the bar's line is the log's newest: ${bar} / ${newest}`);
  // Tabbing through the cards never leaves the focus under that bar.
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.getByRole("button", { name: "More", exact: true }).focus();
  const covered = [];
  for (let k = 0; k < 30; k++) {
    await page.keyboard.press("Tab");
    const r = await page.evaluate(() => {
      const e = document.activeElement, b = e.getBoundingClientRect(), t = document.querySelector(".transport").getBoundingClientRect();
      return { name: e.getAttribute("aria-label") || e.textContent.trim().slice(0, 20), under: !e.closest(".transport") && b.bottom > t.top && b.top < t.bottom };
    });
    if (r.under) covered.push(r.name);
  }
  check(covered.length === 0, `focused under the time controls: ${JSON.stringify(covered)}`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await waitLearnedEverywhere(page, 5);
  // A node's history opens under the cluster, not past the diagram. (Node
  // 2's card is open: a tap on its name would fold it.)
  await page.getByRole("button", { name: "Node 3", exact: true }).tap();
  await page.getByTestId("node-history").waitFor();
  const onPage = (selector) => page.evaluate((s) => document.querySelector(s).getBoundingClientRect().top + scrollY, selector);
  const [cards, history, diagram] = [await onPage(".stage-wrap"), await onPage("[data-testid=node-history]"), await onPage(".diagram")];
  check(history > cards && history < diagram, `the history sits between the cluster and the diagram: ${JSON.stringify({ cards, history, diagram })}`);
  await close(page);
  // A dense cluster's smaller cards on the same phone: PREPARING beside
  // "Node 10" still fits.
  const dense = await open("?nodes=13&speed=0", { viewport: { width: 360, height: 780 }, hasTouch: true, isMobile: true });
  for (const k of [1, 10, 12]) await dense.getByRole("button", { name: `Propose at node ${k}`, exact: true }).tap();
  const preparing = await dense.locator(".node-card__badge--preparing").count();
  const denseCut = await dense.locator(".node-card__badge").evaluateAll((els) => els.filter((e) => e.scrollWidth > e.clientWidth).map((e) => e.textContent));
  check(preparing === 3 && denseCut.length === 0, `badges cut short on a 13-node phone: ${denseCut} (${preparing} preparing)`);
  await close(dense);
  // In one column a scenario's text comes before the cluster, not after
  // the diagram two screens down.
  const told = await open("#scenario=value-recovery", { viewport: { width: 360, height: 780 }, hasTouch: true, isMobile: true });
  // It opens at the phone's own width, not zoomed out: the first render,
  // before the stage is measured, must not widen the page.
  const zoom = await told.evaluate(() => [innerWidth, innerHeight]);
  check(zoom[0] === 360 && zoom[1] === 780, `the page's viewport is ${zoom}, not 360,780`);
  const top = (locator) => locator.evaluate((e) => e.getBoundingClientRect().top);
  const text = await top(told.getByTestId("scenario"));
  check(text < 400 && text < (await top(told.getByRole("group", { name: "Node 1", exact: true }))), `the scenario's text starts ${text}px down`);
  // Its story folds under what to do, so the first screen shows nodes too
  // (the general hint, which the scenario's sentence replaces, goes); a
  // tap unfolds it.
  check(!(await told.getByTestId("hint").isVisible()), "no general hint above a scenario on a phone");
  const nodeTop = await top(told.getByRole("group", { name: "Node 1", exact: true }));
  const barTop = await top(told.locator(".transport"));
  check(nodeTop + 40 < barTop, `the first node starts ${nodeTop}px down, under the time controls at ${barTop}`);
  const story = told.locator(".scenario__text");
  check(!(await story.isVisible()), "the story starts folded");
  await told.getByText("What happens, and why").tap();
  check(await story.isVisible(), "a tap unfolds the story");
  // Its messages were already flying when the page first measured the
  // stage: they follow the phone's grid, and stay whole on screen.
  await told.getByRole("button", { name: "Play", exact: true }).tap();
  let pills = 0;
  for (let k = 0; k < 10; k++) {
    const spans = await told.locator(".edge").evaluateAll((els) => els.map((e) => e.getBoundingClientRect()).map((r) => [r.left, r.right]));
    pills += spans.length;
    const out = spans.filter(([l, r]) => l < 0 || r > 360);
    check(out.length === 0, `pills off the screen's edge: ${JSON.stringify(out)}`);
    await told.waitForTimeout(100);
  }
  check(pills > 0, "some pills were seen");
  // In the past, "Live" has work to do: it shares the speed's row, so the
  // bar over the cards grows by no row of its own.
  await told.getByRole("button", { name: "Step back" }).tap();
  const live = await told.getByRole("button", { name: "Back to live" }).boundingBox();
  const speed = await told.getByRole("slider", { name: "Speed" }).boundingBox();
  check(live.y < speed.y + speed.height && speed.y < live.y + live.height, `Live at ${live.y}, the speed at ${speed.y}`);
  await close(told);
});

test("reduced motion: messages do not glide", async () => {
  const page = await open("?speed=1", { reducedMotion: "reduce" });
  await propose(page, 1, "calm");
  const edge = page.locator(".edge:not(.edge--lost)").first();
  await edge.waitFor();
  const a = await edge.boundingBox();
  await page.waitForTimeout(250);
  const b = await edge.boundingBox();
  check(a.x === b.x && a.y === b.y, `packet moved: ${JSON.stringify(a)} -> ${JSON.stringify(b)}`);
  check((await edge.evaluate((el) => el.getAnimations().length)) === 0, "no animation at all");
  await close(page);
  // On a phone's grid, a still pill between neighbours stands over their
  // cards: see-through there, as a flying one is, so the cards still read.
  const phone = await open("?speed=1&paused=1", { reducedMotion: "reduce", viewport: { width: 360, height: 780 }, isMobile: true, hasTouch: true });
  await propose(phone, 1, "calm");
  await phone.getByRole("button", { name: "Step", exact: true }).tap();
  await phone.locator(".edge").first().waitFor();
  const opacities = await phone.locator(".edge:not(.edge--lost)").evaluateAll((els) => els.map((e) => getComputedStyle(e).opacity));
  check(opacities.includes("0.75"), `a still pill over the cards is see-through: ${opacities}`);
  await close(phone);
});

test("duplicated messages are drawn doubled", async () => {
  const page = await open("?speed=1&dup=50&seed=3");
  await propose(page, 1, "twice");
  await page.locator(".edge--duplicate").first().waitFor({ timeout: 10000 });
  const shadow = await page.locator(".edge.edge--duplicate").first().evaluate((el) => getComputedStyle(el).boxShadow);
  check(shadow !== "none", "a second outline");
  check((await page.locator(".edge--duplicate .edge__dup").first().textContent()).includes("×2"), "a ×2 mark");
  await page.screenshot({ path: join(shots, "16-duplicates.png") });
  await close(page);
});

test("a Rust panic shows the error overlay", async () => {
  const page = await open("?paused=1");
  check(await page.locator("#panic").isHidden(), "no overlay at first");
  await page.evaluate(() => {
    try {
      window.wasmBindings.debug_panic("<b>from the end-to-end run</b>");
    } catch {
      // The panic aborts the wasm call; the overlay is what matters.
    }
  });
  await page.locator("#panic").waitFor({ state: "visible" });
  const detail = await page.locator("#panic-detail").textContent();
  check(detail.includes("debug_panic: <b>from the end-to-end run</b>"), `detail: ${detail}`);
  check((await page.locator("#panic-detail b").count()) === 0, "details are text");
  check(await page.getByRole("link", { name: "Reload the page" }).isVisible(), "a way out");
  await page.screenshot({ path: join(shots, "17-panic-overlay.png") });
  page.errors = page.errors.filter((e) => !e.includes("debug_panic") && !e.includes("unreachable"));
  await close(page);
});

/** The pairs of node cards (by node number) that overlap on the page. */
const overlappingCards = (page) =>
  page.evaluate(() => {
    const boxes = [...document.querySelectorAll(".node-card")].map((c) => c.getBoundingClientRect());
    const hits = [];
    boxes.forEach((a, i) => boxes.forEach((b, j) => {
      if (i < j && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) hits.push([i + 1, j + 1]);
    }));
    return hits;
  });

test("twenty-five nodes still fit", async () => {
  const page = await open("?nodes=25&speed=4");
  check((await page.getByRole("group", { name: /^Node \d+$/ }).count()) === 25, "25 cards");
  check((await overlappingCards(page)).length === 0, "no two cards overlap");
  const boxes = await page.locator(".node-card input[type=text]").evaluateAll((els) => els.map((e) => e.value));
  check(boxes.length === 25 && new Set(boxes).size === 25, `each box offers its own value: ${boxes}`);
  await propose(page, 13, "crowd");
  await propose(page, 24, "throng");
  await page.waitForTimeout(800);
  // Two-digit names leave the least room: the longest badges still fit.
  // A badge's box is rounded to whole pixels: measure the room its head
  // leaves, which an ellipsis a fraction of a pixel wide still shows.
  const cut = await page.locator(".node-card__head").evaluateAll((heads) =>
    heads
      .map((h) => [h, h.querySelector(".node-card__name").getBoundingClientRect().width, h.querySelector(".node-card__badge")])
      .filter(([h, name, b]) => name + parseFloat(getComputedStyle(h).columnGap) + b.scrollWidth > h.clientWidth - 1)
      .map(([, , b]) => b.textContent),
  );
  check(cut.length === 0, `badges cut short: ${cut}`);
  const at24 = await card(page, 24).locator(".node-card__badge").textContent();
  check(["preparing", "accepting", "backoff", "decided"].includes(at24), `node 24's proposer is at work: ${at24}`);
  await page.screenshot({ path: join(shots, "18-twenty-five-nodes.png") });
  await close(page);
});

test("a busy card of twenty-five stays clear of the card below", async () => {
  // Paused, so that each step is one event: a card grows as it gets a
  // quorum mark, a proposal and an acceptance, each of which may wrap.
  const page = await open("?nodes=25&speed=0&loss=20");
  for (const k of [13, 17, 24]) await propose(page, k, `v${k}`);
  const step = page.getByRole("button", { name: "Step", exact: true });
  for (let k = 0; k < 200; k++) {
    await step.click();
    const hits = await overlappingCards(page);
    check(hits.length === 0, `cards that overlap after ${k + 1} steps: ${JSON.stringify(hits)}`);
  }
  await close(page);
});

// ----- the run as a value: scrub, step back, fork, back to live -----

const timeline = (page) => page.getByRole("slider", { name: "Timeline" });
const timelineText = (page) => timeline(page).getAttribute("aria-valuetext");
const eventNumber = async (page) => Number((await timelineText(page)).match(/event (\d+) of/)[1]);
/** The event number once it is `n`, or whatever it is after 2 s: a key
 *  press is handled at once, but Yew draws the bar in a later task, which
 *  a loaded machine can delay past an immediate look. */
async function eventNumberOnce(page, n) {
  for (let waited = 0; waited < 2000; waited += 25) {
    if ((await eventNumber(page)) === n) return n;
    await page.waitForTimeout(25);
  }
  return eventNumber(page);
}
/** The event number once it is no longer `n`, or `n` after 2 s (see
 *  `eventNumberOnce`). */
async function eventNumberPast(page, n) {
  for (let waited = 0; waited < 2000; waited += 25) {
    const now = await eventNumber(page);
    if (now !== n) return now;
    await page.waitForTimeout(25);
  }
  return eventNumber(page);
}
const cardTexts = (page) => page.locator(".node-card").allTextContents();

/** The x of a point `fraction` of the way from the bar's start to its first
 *  "chosen" mark. The bar spans the run's time, and how long a live run
 *  went on before Pause depends on how busy the machine is; the choice's
 *  own mark does not. */
async function towardsFirstChoice(page, bar, fraction) {
  const mark = await page.locator(".timeline__mark--chosen").first().boundingBox();
  return bar.x + (mark.x + mark.width / 2 - bar.x) * fraction;
}

test("scrub the timeline by dragging, then go back to live", async () => {
  // Both proposals at the same moment, whatever the machine's load.
  const page = await open("?speed=8&seed=9&paused=1");
  await propose(page, 1, "first");
  await propose(page, 4, "second");
  await playUntilLearned(page, 5);
  const live = await cardTexts(page);
  const bar = await timeline(page).boundingBox();
  const y = bar.y + bar.height / 2;
  // Grab the thumb at the right end and drag it back to a third of the
  // way to the first choice.
  await page.mouse.move(bar.x + bar.width - 2, y);
  await page.mouse.down();
  await page.mouse.move(await towardsFirstChoice(page, bar, 0.33), y, { steps: 12 });
  await page.mouse.up();
  const text = await timelineText(page);
  check(/^\d+\.\d s of/.test(text), `timeline reads ${text}`);
  check((await chosen(page).count()) === 0, "a third of the way to the choice, nothing was chosen yet");
  check((await page.locator(".edge").count()) > 0, "messages in flight at that moment");
  check((await page.getByTestId("event-log").textContent()).includes("is asked to propose"), "the log of that moment");
  await page.screenshot({ path: join(shots, "19-scrubbed-to-the-past.png") });
  // A click on the bar jumps to the time under the pointer.
  await page.mouse.click(bar.x + bar.width * 0.9, y);
  const [now, end] = (await timelineText(page)).match(/[\d.]+(?= s)/g).map(Number);
  check(Math.abs(now / end - 0.9) < 0.03, `a click at 90% of the bar seeks to ${now} s of ${end} s`);
  await page.getByRole("button", { name: "Back to live" }).click();
  check(JSON.stringify(await cardTexts(page)) === JSON.stringify(live), "back to live shows the end again");
  check(await page.getByRole("button", { name: "Back to live" }).isDisabled(), "already live");
  await close(page);
});

test("Back to live says the run is live again, not only its last event", async () => {
  const page = await open("?speed=8");
  await propose(page, 1, "apple");
  await page.getByText("waiting for you").waitFor({ timeout: 20000 });
  await page.getByRole("button", { name: "Pause", exact: true }).click().catch(() => {});
  await timeline(page).focus();
  await page.keyboard.press("Home");
  await readOut(page);
  await page.getByRole("button", { name: "Back to live" }).click();
  const said = await readOut(page);
  check(/^Live, at \d+\.\d s/.test(said), `read out: ${said}`);
  await close(page);
});

test("Shift and an arrow on the timeline go from mark to mark, and the timeline names each", async () => {
  const page = await open("?speed=8&paused=1");
  await propose(page, 1, "apple");
  await playUntilLearned(page, 5);
  await timeline(page).focus();
  await page.keyboard.press("Home");
  const start = await timelineText(page);
  check(start.endsWith("here: Node 1 is asked to propose “apple”"), `at the start: ${start}`);
  await page.keyboard.press("Shift+ArrowRight");
  await page.waitForFunction(() => document.querySelector("[aria-label=Timeline]").getAttribute("aria-valuetext").includes("is chosen"));
  const chosenAt = await timelineText(page);
  check(chosenAt.endsWith("here: “apple” is chosen") && !chosenAt.startsWith("0.0 s"), `the next mark: ${chosenAt}`);
  // The event before is not the choice, though it may share its tick.
  await page.keyboard.press("ArrowLeft");
  await page.waitForFunction((was) => document.querySelector("[aria-label=Timeline]").getAttribute("aria-valuetext") !== was, chosenAt);
  check(!(await timelineText(page)).includes("is chosen"), `one event before: ${await timelineText(page)}`);
  await page.keyboard.press("ArrowRight");
  await page.waitForFunction(() => document.querySelector("[aria-label=Timeline]").getAttribute("aria-valuetext").includes("is chosen"));
  const title = await page.locator(".timeline__mark--chosen").first().getAttribute("title");
  check(title === `${chosenAt.split(" of ")[0]}: “apple” is chosen`, `the mark under the cursor is the one named: ${title}`);
  // Nothing after the last mark: the key changes nothing and selects nothing.
  await page.keyboard.press("Shift+ArrowRight");
  await page.waitForTimeout(200);
  check((await timelineText(page)) === chosenAt, "no mark after the last one");
  check((await page.getByTestId("notice").textContent()) === "No mark after this moment on the timeline.", "and it says so");
  check(await page.evaluate(() => String(getSelection()) === ""), "no text selected");
  await page.keyboard.press("Shift+ArrowLeft");
  await page.waitForFunction(() => document.querySelector("[aria-label=Timeline]").getAttribute("aria-valuetext").startsWith("0.0 s"));
  check((await timelineText(page)).includes("asked to propose"), "back to the proposal's mark");
  // A break's mark is the breaking step itself, where Play pauses, not
  // the end of its tick.
  await page.getByRole("region", { name: "Break a rule" }).getByRole("button", { name: "Show me how “Ignore prior accepted values” breaks safety" }).click();
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await page.getByRole("button", { name: "Play", exact: true }).waitFor({ timeout: 30000 });
  const paused = await eventNumber(page);
  await timeline(page).focus();
  await page.keyboard.press("Home");
  for (let k = 0; k < 12 && !(await timelineText(page)).includes("safety broke"); k++) await page.keyboard.press("Shift+ArrowRight");
  check((await timelineText(page)).includes("here: safety broke") && (await eventNumber(page)) === paused, `the first break's mark at event ${await eventNumber(page)}, where Play paused at ${paused}`);
  await close(page);
});

test("keys on a slider: one action per adjustment, Space plays, and the focus stays put", async () => {
  const page = await open("?paused=1");
  await propose(page, 1, "apple");
  const slider = page.getByRole("slider", { name: "Message loss at node 3" });
  await slider.focus();
  await listenToAnnouncer(page);
  // Six presses to reach 30% were six actions: six marks on the timeline,
  // six in a share link, six percentages read out in a row.
  for (let i = 0; i < 6; i++) await page.keyboard.press("ArrowRight");
  const shown = await slider.getAttribute("aria-valuetext");
  check(shown === "30%", `the slider shows each press at once: ${shown} (${await slider.inputValue()})`);
  // It is reported once the keys rest.
  await page.waitForTimeout(1000);
  const said = await readOut(page);
  const settings = await page.locator(".timeline__mark--setting").count();
  check(settings === 1, `one action for six presses: ${settings} marks`);
  const told = (await announced(page)).filter((t) => t.length > 0);
  check(said.includes("30%") && told.length === 1, `read out once, at the value reached: ${JSON.stringify(told)}`);
  // Space on a slider, which has no use for it, plays; the page stays put.
  const y = await page.evaluate(() => scrollY);
  await page.keyboard.press("Space");
  check(await page.getByRole("button", { name: "Pause", exact: true }).isVisible(), "Space on a slider plays");
  await page.keyboard.press("Space");
  check(await page.evaluate((was) => scrollY === was, y), "and does not scroll the page");
  check(await slider.evaluate((e) => e === document.activeElement), "and the slider keeps the focus");
  // A change Space plays straight after is recorded where it was made,
  // not 700 ms into the run.
  const at = (await timelineText(page)).split(" of ")[0];
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("Space");
  await page.waitForTimeout(1200);
  await page.keyboard.press("Space");
  const line = (await page.getByTestId("event-log").locator("li").allTextContents()).find((l) => l.includes("set to 35%"));
  check(line?.startsWith(at), `the change is logged at ${at}: ${line}`);
  // Ctrl+Z presses the notice's Undo from where the reader is, and leaves
  // the focus there.
  await page.getByRole("button", { name: "Reset", exact: true }).click();
  await page.getByRole("button", { name: "Undo" }).waitFor();
  await slider.focus();
  await page.keyboard.press("Control+z");
  await page.getByRole("button", { name: "Undo" }).waitFor({ state: "detached" });
  check((await page.getByTestId("event-log").textContent()).includes("apple"), "Ctrl+Z brought the run back");
  await page.waitForTimeout(100);
  check(await slider.evaluate((e) => e === document.activeElement), `the focus stayed on the slider, not on ${await page.evaluate(() => document.activeElement?.textContent)}`);
  await close(page);
});

test("step back and forward one event at a time, by mouse and keyboard", async () => {
  const page = await open("?paused=1");
  await propose(page, 2, "steady");
  const stepButton = page.getByRole("button", { name: "Step", exact: true });
  const moments = [];
  for (let i = 0; i < 8; i++) {
    await stepButton.click();
    moments.push({ cards: await cardTexts(page), n: await eventNumber(page) });
  }
  check(moments[7].n === 8, `eight events, the bar says ${moments[7].n}`);
  await page.getByRole("button", { name: "Step back" }).click();
  check(JSON.stringify(await cardTexts(page)) === JSON.stringify(moments[6].cards), "one back is the moment before");
  await timeline(page).focus();
  await page.keyboard.press("ArrowLeft");
  await page.keyboard.press("ArrowLeft");
  check((await eventNumberOnce(page, 5)) === 5, "the arrow keys step back");
  check(JSON.stringify(await cardTexts(page)) === JSON.stringify(moments[4].cards), "and show that moment");
  await page.keyboard.press("ArrowRight");
  check((await eventNumberOnce(page, 6)) === 6, "and forward");
  await page.keyboard.press("Home");
  check((await page.locator(".node-card--preparing").count()) === 1, "the start shows node 2 preparing");
  await page.screenshot({ path: join(shots, "20-stepped-back.png") });
  await close(page);
});

test("pressing a line of the log goes back to just after that event", async () => {
  const page = await open("?speed=8&paused=1");
  await propose(page, 3, "listed");
  await playUntilLearned(page, 5);
  const lines = page.getByTestId("event-log").locator(".log__line");
  // A line whose step tells another line after it: a message reaching a
  // node, then what that node did, at the same moment.
  const [allTexts, allTimes] = [await lines.locator(".log__text").allTextContents(), await lines.locator(".log__time").allTextContents()];
  const pick = allTexts.findIndex((t, i) => {
    const to = t.match(/ reaches node (\d+)\.$/)?.[1];
    // Not of the run's last moment, which it would not go back from.
    return allTimes[i] !== allTimes[0] && to && allTimes[i - 1] === allTimes[i] && allTexts[i - 1].startsWith(`Node ${to} `);
  });
  check(pick > 0, `a delivery answered by its receiver: ${allTexts.slice(0, 12)}`);
  const picked = lines.nth(pick);
  const text = await picked.locator(".log__text").textContent();
  await picked.click();
  check(await page.getByRole("button", { name: "Play", exact: true }).isVisible(), "paused");
  check(!(await page.getByRole("button", { name: "Back to live" }).isDisabled()), "the run went back");
  // The pressed line is marked: one step can tell several lines, so it
  // need not be the newest, but nothing after its step has happened.
  const marked = page.getByTestId("event-log").locator('[aria-current="true"]');
  check((await marked.count()) === 1 && (await marked.locator(".log__text").textContent()) === text, `the pressed line is marked: “${text}”`);
  const times = await lines.locator(".log__time").allTextContents();
  const markedAt = await marked.locator(".log__time").textContent();
  check(times.indexOf(markedAt) === 0, `only lines of its moment are above it: ${times.slice(0, 4)}`);
  const texts = await lines.locator(".log__text").allTextContents();
  check(texts.indexOf(text) > 0, `and here one is: ${texts.slice(0, 3)}`);
  await page.getByTestId("event-log").scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, "20b-log-line-pressed.png") });
  await page.getByRole("button", { name: "Step", exact: true }).click();
  check((await marked.count()) === 0, "the mark goes once the run moves on");
  // Back at that moment it returns; a fork from there renumbers what
  // follows, and the mark goes for good.
  await page.getByRole("button", { name: "Step back" }).click();
  check((await marked.count()) === 1, "back at the pressed moment, the line is marked again");
  await propose(page, 2, "forked");
  check((await marked.count()) === 0, "acting there ends the mark");
  // By keyboard: Tab to the list, ↓ through its lines, Enter on one.
  await page.getByTestId("event-log").focus();
  for (let i = 0; i < 3; i++) await page.keyboard.press("ArrowDown");
  const third = await lines.nth(2).locator(".log__text").textContent();
  await page.keyboard.press("Enter");
  check((await marked.count()) === 1 && (await marked.locator(".log__text").textContent()) === third, `Enter presses the line ↓ reached: “${third}”`);
  // End and Home go to the oldest and the newest line, which stay on
  // screen (the page scrolled to its foot, the focus left behind).
  await page.getByTestId("event-log").focus();
  await page.keyboard.press("End");
  const focused = () => page.evaluate(() => document.activeElement?.closest(".log__line")?.querySelector(".log__text")?.textContent);
  check((await focused()) === (await lines.last().locator(".log__text").textContent()), `End: the oldest line, ${await focused()}`);
  const onScreen = () => page.evaluate(() => { const r = document.activeElement.getBoundingClientRect(); return r.top >= 0 && r.bottom <= innerHeight; });
  check(await onScreen(), "the oldest line is on screen");
  await page.keyboard.press("Home");
  check((await focused()) === (await lines.first().locator(".log__text").textContent()), `Home: the newest line, ${await focused()}`);
  check(await onScreen(), "the newest line is on screen");
  // Space and → are the page's there, as everywhere: → steps on.
  const before = await timelineText(page);
  await page.keyboard.press("ArrowRight");
  check((await timelineText(page)) !== before, `→ in the log steps the run: ${before} → ${await timelineText(page)}`);
  await close(page);
});

test("acting in the past forks a new future, and the page says so", async () => {
  const page = await open("?speed=8&seed=4&paused=1");
  await propose(page, 1, "original");
  await playUntilLearned(page, 5);
  // The run starts with the proposal; half-way to the choice, the
  // promises are on their way and nothing is chosen yet.
  const bar = await timeline(page).boundingBox();
  await page.mouse.click(await towardsFirstChoice(page, bar, 0.5), bar.y + bar.height / 2);
  check((await chosen(page).count()) === 0, "before the choice");
  check((await page.getByTestId("event-log").textContent()).includes("is asked to propose “original”"), "after the proposal");
  check(!(await page.getByRole("button", { name: "Back to live" }).isDisabled()), "a future lies ahead");
  for (const k of [2, 3, 4]) await page.getByRole("button", { name: `Crash node ${k}`, exact: true }).click();
  const notice = await page.getByTestId("notice").textContent();
  check(notice.includes("changed the past") && notice.endsWith("Press Play or Step to watch the new one."), `notice: ${notice}`);
  // It says what the old future held, which Undo brings back.
  check(/in place of the old one, which went on \d+\.\d s more and chose “original”; Undo brings it back\./.test(notice), `what was dropped: ${notice}`);
  check(await page.getByRole("button", { name: "Back to live" }).isDisabled(), "the new branch ends here");
  await page.screenshot({ path: join(shots, "21-forked.png") });
  await page.getByRole("button", { name: "Play", exact: true }).click();
  const played = await page.getByTestId("notice").textContent();
  check(!played.includes("Press Play") && played.endsWith("Undo brings it back."), `once played, the notice no longer asks for Play: ${played}`);
  await page.waitForFunction(() => document.querySelector("[data-testid=event-log]")?.textContent.includes("gives up"), null, { timeout: 20000 });
  check((await chosen(page).count()) === 0, "with a majority crashed in the new future, nothing is chosen");
  check((await page.getByTestId("event-log").textContent()).includes("Node 4 crashed"), "the new future has the crashes");
  await close(page);
});

test("two changes in the past, undone one at a time, bring the first run back whole", async () => {
  const page = await open("?speed=8&seed=4&paused=1");
  await propose(page, 1, "original");
  await playUntilLearned(page, 5);
  const live = await cardTexts(page);
  const end = (await timelineText(page)).split(", ")[0];
  const bar = await timeline(page).boundingBox();
  await page.mouse.click(await towardsFirstChoice(page, bar, 0.7), bar.y + bar.height / 2);
  await page.getByRole("button", { name: "Crash node 3", exact: true }).click();
  const first = await timelineText(page);
  for (let k = 0; k < 3; k++) await page.getByRole("button", { name: "Step back" }).click();
  await page.getByRole("button", { name: "Crash node 5", exact: true }).click();
  // By keyboard, as the notice asks: Enter on Undo, and Enter again.
  await page.getByRole("button", { name: "Undo" }).focus();
  await page.keyboard.press("Enter");
  const once = await page.getByTestId("notice").textContent();
  check(once.includes("before your last change") && once.includes("Undo again"), `the first Undo: ${once}`);
  // The run as it was just before the second change: the first change's
  // future, with the cursor where the second change was made.
  const whole = (t) => t.replace(/^[\d.]+ s of /, "").replace(/event \d+ of/, "of").split(";")[0];
  check(whole(await timelineText(page)) === whole(first), `back to the first change's run: ${await timelineText(page)}, against ${first}`);
  await page.waitForTimeout(100);
  check(await page.getByRole("button", { name: "Undo" }).evaluate((b) => b === document.activeElement), "the focus stays on Undo, offered again");
  await page.keyboard.press("Enter");
  await page.getByText("Undone: the run is back as it was, paused.").waitFor({ timeout: 3000 });
  await page.getByRole("button", { name: "Back to live" }).click();
  check((await timelineText(page)).startsWith(end), `the first run's end again: ${await timelineText(page)}`);
  check(JSON.stringify(await cardTexts(page)) === JSON.stringify(live), "the first run, whole");
  await close(page);
});

test("between events the browser moves the messages and the page does no work", async () => {
  // At ¼× a message takes 2.4 s or more, so the second after sending has
  // no event at all: the packets must move while the DOM stays untouched.
  const page = await open("?speed=0.25&seed=1");
  await propose(page, 1, "quiet");
  await page.waitForTimeout(300);
  const packet = page.locator(".edge").first();
  const before = await packet.boundingBox();
  const mutations = await page.evaluate(
    () =>
      new Promise((done) => {
        let count = 0;
        const observer = new MutationObserver((list) => (count += list.length));
        observer.observe(document.querySelector(".app"), { subtree: true, childList: true, attributes: true, characterData: true });
        setTimeout(() => (observer.disconnect(), done(count)), 1000);
      }),
  );
  const after = await packet.boundingBox();
  check(Math.hypot(after.x - before.x, after.y - before.y) > 5, "the packet moved");
  check(mutations === 0, `${mutations} DOM changes in a second without events`);
  await close(page);
});

// ----- share, embed and teach -----

test("copy link: the link opens the same moment, paused, with the same future", async () => {
  const page = await open("?speed=4&seed=11", { permissions: ["clipboard-read", "clipboard-write"] });
  await propose(page, 2, "kiwi");
  await propose(page, 5, "lime");
  await page.waitForTimeout(1500);
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  await page.getByRole("button", { name: "Step back" }).click();
  const cards = await cardTexts(page);
  const moment = await timelineText(page);
  await page.getByRole("button", { name: "Copy link" }).click();
  await page.getByTestId("notice-detail").waitFor();
  const link = await page.getByTestId("notice-detail").inputValue();
  const copied = await page.evaluate(() => navigator.clipboard.readText());
  check(copied === link, "the clipboard holds the link");
  check(link.includes("#run=") && link.length < 2000, `link: ${link.length} characters`);
  await page.screenshot({ path: join(shots, "22-link-copied.png") });
  // Copied, the link's notice goes once the reader moves on: it stayed up
  // through a whole lecture, its box over the scenario's story.
  await page.getByRole("button", { name: "Step", exact: true }).click();
  check((await page.getByTestId("notice-detail").count()) === 0, "the copied link's notice goes at the next step");
  await close(page);

  const opened = await open(link.slice(base.length));
  check(await opened.getByRole("button", { name: "Play", exact: true }).isVisible(), "it opens paused");
  check((await timelineText(opened)) === moment, `same moment: ${await timelineText(opened)}`);
  check(JSON.stringify(await cardTexts(opened)) === JSON.stringify(cards), "same cards");
  await opened.getByRole("button", { name: "Play", exact: true }).click();
  await waitLearnedEverywhere(opened, 5);
  await close(opened);

  // A teacher's way in: the embed code, pasted into a course page, shows
  // that moment as an embed.
  const again = await open(link.slice(base.length), { permissions: ["clipboard-read", "clipboard-write"] });
  await again.getByRole("button", { name: "Copy embed code" }).click();
  await again.getByRole("textbox", { name: "Embed code" }).waitFor();
  const code = await again.evaluate(() => navigator.clipboard.readText());
  check(code === (await again.getByRole("textbox", { name: "Embed code" }).inputValue()), "the clipboard holds the code");
  check(/^<iframe src="[^"]*\?embed=1&amp;controls=locked#run=[^"]*" title="Paxos Playground" width="720" height="480"[^>]*><\/iframe>$/.test(code), `code: ${code}`);
  await again.setContent(`<!doctype html><title>Course notes</title><h1>Week 3</h1>${code}`);
  const frame = again.frameLocator("iframe");
  await frame.getByRole("slider", { name: "Timeline" }).waitFor();
  check((await frame.locator(".app--embed").count()) === 1, "the pasted code shows an embed");
  check((await frame.getByRole("slider", { name: "Timeline" }).getAttribute("aria-valuetext")) === moment, "at the copied moment");
  check(await frame.getByRole("button", { name: "Play", exact: true }).isVisible(), "paused");
  check((await frame.getByRole("button", { name: /^Crash node/ }).count()) === 0, "locked: a reader cannot fork it");
  await close(again);
});

test("on a plain-http host, which has no clipboard, Copy link and Copy embed code give the text to copy by hand", async () => {
  const context = await browser.newContext({ viewport: { width: 1400, height: 1000 } });
  // What a browser does on a page that is neither https nor localhost.
  await context.addInitScript(() => Object.defineProperty(Navigator.prototype, "clipboard", { get: () => undefined }));
  const page = await context.newPage();
  page.errors = [];
  page.on("console", (m) => m.type() === "error" && page.errors.push(m.text()));
  page.on("pageerror", (e) => page.errors.push(String(e)));
  await page.goto(base + "?paused=1");
  await propose(page, 1, "apple");
  await page.getByRole("button", { name: "Copy link" }).click();
  await page.getByTestId("notice-detail").waitFor({ timeout: 5000 });
  check((await page.getByTestId("notice-detail").inputValue()).includes("#run="), "the link, to copy by hand");
  await page.getByRole("button", { name: "Copy embed code" }).click();
  await page.getByRole("textbox", { name: "Embed code" }).waitFor({ timeout: 5000 });
  check((await page.getByRole("textbox", { name: "Embed code" }).inputValue()).startsWith("<iframe"), "the embed code, to copy by hand");
  // Not copied, it stays: it holds the text to copy.
  await page.getByRole("button", { name: "Step", exact: true }).click();
  check((await page.getByRole("textbox", { name: "Embed code" }).count()) === 1, "the code to copy by hand stays as the run moves");
  await close(page);
});

test("a link from a scenario opens with the scenario's text; a changed run's link does not", async () => {
  const page = await open("?speed=8#scenario=value-recovery");
  for (let k = 0; k < 6; k++) await page.getByRole("button", { name: "Step", exact: true }).click();
  await page.getByRole("button", { name: "Copy link" }).click();
  await page.getByTestId("notice-detail").waitFor();
  const link = await page.getByTestId("notice-detail").inputValue();
  check(link.endsWith("&scenario=value-recovery"), `the link names its scenario: …${link.slice(-40)}`);
  // Without the clipboard's permission, the reader copies it by hand: a
  // click selects all of it.
  for (const k of ["first", "second"]) {
    await page.getByTestId("notice-detail").click();
    check(await page.getByTestId("notice-detail").evaluate((f) => f.selectionStart === 0 && f.selectionEnd === f.value.length), `a ${k} click selects the whole link`);
  }
  const moment = await timelineText(page);
  const told = await page.getByTestId("notice").textContent();
  await close(page);
  const opened = await open(link.slice(base.length));
  check((await opened.getByTestId("scenario").textContent()).includes("Value recovery"), "the scenario's text is there");
  check((await timelineText(opened)) === moment, "at the same moment");
  await close(opened);
  // The notice says how to embed it; doing just that gives the embed, at the same moment.
  check(told.includes("add &embed=1 to its end"), `the notice tells how to embed the link: ${told}`);
  const embedded = await open(link.slice(base.length) + "&embed=1&controls=locked", { viewport: { width: 720, height: 480 } });
  check((await embedded.locator(".app--embed").count()) === 1, "options at the link's end make an embed");
  check(!(await embedded.getByRole("button", { name: /^Propose/ }).count()), "and lock it");
  check((await timelineText(embedded)) === moment, "at the same moment");
  // A reader who stepped on comes back to the author's moment with Rewind,
  // which rests while the embed is there; the scenario's walk is told too.
  const rewind = embedded.getByRole("button", { name: "Rewind" });
  check(await rewind.isDisabled(), "Rewind rests at the opening moment");
  check((await embedded.getByTestId("walk-count").textContent()).startsWith("Moment"), "the walk is told in the embed");
  // A clicker's Page Down and Page Up go from moment to moment of the
  // scenario's story, as slides do.
  const momentNumber = async () => Number((await embedded.getByTestId("walk-count").textContent()).match(/^Moment (\d+)/)[1]);
  const first = await momentNumber();
  await embedded.keyboard.press("PageDown");
  check((await momentNumber()) === first + 1, `Page Down went to the next moment: ${await embedded.getByTestId("walk-count").textContent()}`);
  check((await timelineText(embedded)) !== moment, "and moved the run on");
  await embedded.keyboard.press("PageUp");
  check((await momentNumber()) === first, `Page Up went back a moment: ${await embedded.getByTestId("walk-count").textContent()}`);
  await embedded.keyboard.press("PageDown");
  await rewind.click();
  check((await timelineText(embedded)) === moment && (await rewind.isDisabled()), "Rewind went back to it");
  // On the timeline too, the clicker's Page Down goes to the next moment.
  await embedded.getByRole("slider", { name: "Timeline" }).focus();
  await embedded.keyboard.press("PageDown");
  await embedded.waitForFunction((k) => document.querySelector("[data-testid=walk-count]").textContent.startsWith(`Moment ${k} `), first + 1, { timeout: 3000 }).catch(() => {});
  check((await momentNumber()) === first + 1, `Page Down on the timeline went to the next moment: ${await embedded.getByTestId("walk-count").textContent()}`);
  await close(embedded);
  // On the full page too, wherever the focus was left (a card clicked to
  // point at it): a clicker's Page Down scrolled the page away instead.
  const full = await open("#scenario=value-recovery", { viewport: { width: 1366, height: 768 } });
  const fullMoment = async () => Number((await full.getByTestId("walk-count").textContent()).match(/^Moment (\d+)/)?.[1] ?? 0);
  // A key's moment is drawn on the next frame.
  const untilMoment = (k) =>
    full.waitForFunction((k) => document.querySelector("[data-testid=walk-count]").textContent.startsWith(`Moment ${k} `), k, { timeout: 3000 }).catch(() => {});
  await full.keyboard.press("PageDown");
  await untilMoment(2);
  check((await fullMoment()) === 2 && (await full.evaluate(() => scrollY)) === 0, `Page Down on the page went to the next moment: ${await full.getByTestId("walk-count").textContent()}`);
  await full.getByRole("group", { name: "Node 2", exact: true }).click({ position: { x: 5, y: 5 } });
  await full.keyboard.press("PageDown");
  await untilMoment(3);
  check((await fullMoment()) === 3, `after a click on a card too: ${await full.getByTestId("walk-count").textContent()}`);
  await full.keyboard.press("PageUp");
  await untilMoment(2);
  check((await fullMoment()) === 2, "and Page Up back");
  // Nor does a switch just ticked, or the speed slider, take the key for
  // itself (the page scrolled half a screen, the run slowed).
  await full.getByRole("switch", { name: "Colour by ballot" }).focus();
  await full.keyboard.press("Space");
  const scrolled = await full.evaluate(() => scrollY);
  await full.keyboard.press("PageDown");
  await untilMoment(3);
  check((await fullMoment()) === 3 && Math.abs((await full.evaluate(() => scrollY)) - scrolled) < 100, `after ticking a switch: ${await full.getByTestId("walk-count").textContent()}, scrolled from ${scrolled} to ${await full.evaluate(() => scrollY)}`);
  const speed = full.getByRole("slider", { name: "Speed" });
  const speedWas = await speed.inputValue();
  await speed.focus();
  await full.keyboard.press("PageUp");
  await untilMoment(2);
  check((await fullMoment()) === 2 && (await speed.inputValue()) === speedWas, `on the speed slider: ${await full.getByTestId("walk-count").textContent()}, speed ${await speed.inputValue()}`);
  // Past the last moment, each click moves to the next instant anything
  // happens: one event a click often showed nothing new.
  const nextMoment = full.getByRole("button", { name: "Next moment" });
  const atLast = async () => /^Moment (\d+) of \1$/.test(await full.getByTestId("walk-count").textContent());
  while (!(await atLast())) await nextMoment.click();
  const lastMoment = await fullMoment();
  // So does ▶ there, which went dead with the run still going on.
  check((await nextMoment.getAttribute("aria-disabled")) !== "true", "▶ still works past the last moment");
  const lastAt = parseFloat(await timelineText(full));
  await nextMoment.click();
  await full.waitForFunction((t) => parseFloat(document.querySelector(".transport__time").textContent) > t, lastAt, { timeout: 3000 }).catch(() => {});
  check(parseFloat(await timelineText(full)) > lastAt, `▶ past the last moment goes to a later instant: ${lastAt} s, then ${await timelineText(full)}`);
  check(await nextMoment.evaluate((b) => b === document.activeElement), "and keeps the focus");
  // The story is over but the run goes on: the walk names what just
  // happened, or its words stood still while nodes learned.
  const newest = full.getByTestId("walk-now");
  check((await newest.count()) === 1 && (await newest.textContent()).startsWith(`${(await timelineText(full)).split(" of ")[0]}: `),
    `past the last moment, the walk names the newest event: ${await newest.count() ? await newest.textContent() : "nothing"} at ${await timelineText(full)}`);
  check((await full.getByTestId("walk-count").textContent()) === `After moment ${lastMoment} · ${(await timelineText(full)).split(" of ")[0]}` && (await full.getByTestId("walk-text").textContent()).includes("The story is over"),
    `in the story's place: ${await full.getByTestId("walk-count").textContent()}: ${await full.getByTestId("walk-text").textContent()}`);
  for (let k = 0; k < 2; k++) {
    const before = parseFloat(await timelineText(full));
    await full.keyboard.press("PageDown");
    await full.waitForFunction((t) => parseFloat(document.querySelector(".transport__time").textContent) > t, before, { timeout: 3000 }).catch(() => {});
    const after = parseFloat(await timelineText(full));
    check(after > before, `Page Down past the last moment goes to a later instant: ${before} s, then ${after} s`);
  }
  check((await full.getByTestId("walk-count").textContent()).startsWith(`After moment ${lastMoment} · `), "the walk stays after its last moment");
  // Back from there, the last moment itself comes first, not the one before.
  await full.keyboard.press("PageUp");
  await full.waitForTimeout(200);
  check((await fullMoment()) === lastMoment && parseFloat(await timelineText(full)) === lastAt,
    `Page Up goes back to the last moment's start: ${await full.getByTestId("walk-count").textContent()} at ${await timelineText(full)}`);
  check((await newest.count()) === 0, "at the moment itself, its own words alone");
  // On the timeline too, scrubbed with the mouse: it went back a second.
  const fullTimeline = full.getByRole("slider", { name: "Timeline" });
  await fullTimeline.focus();
  await full.keyboard.press("Home");
  await untilMoment(1);
  const home = await fullMoment();
  await full.keyboard.press("PageDown");
  await untilMoment(home + 1);
  check((await fullMoment()) === home + 1, `Page Down on the timeline goes to the next moment, from ${home}: ${await full.getByTestId("walk-count").textContent()}`);
  await close(full);
  // At a recorded run's quiet end, the click that reaches the end says so:
  // it read the last event's lines out again, as if it had happened again.
  const ending = await open("#scenario=happy-path", { viewport: { width: 1280, height: 720 } });
  await ending.locator(".masthead__title").click();
  const heard = () => ending.getByTestId("announcer").innerText();
  let [said, time] = ["", ""];
  for (let k = 0; k < 20 && time !== (await timelineText(ending)); k++) {
    time = await timelineText(ending);
    await ending.keyboard.press("PageDown");
    await ending.waitForTimeout(400);
    said = await heard();
  }
  check(/^[\d.]+ s: the end of the run\. Nothing more happens in it\.$/.test(said), `the last click says the run ended: "${said}" at ${time}`);
  await close(ending);
  // A scenario without moments goes on by instants: the first click
  // scrolled the cluster away.
  const lost = await open("#scenario=lost-messages", { viewport: { width: 1280, height: 720 } });
  if (await lost.getByRole("button", { name: "Pause", exact: true }).count()) await lost.getByRole("button", { name: "Pause", exact: true }).click();
  await lost.locator(".masthead__title").click();
  const was = await eventNumber(lost);
  await lost.keyboard.press("PageDown");
  const now = await eventNumberPast(lost, was);
  check((await lost.evaluate(() => scrollY)) === 0 && now > was, `Page Down went on (event ${was} to ${now}), scrolled ${await lost.evaluate(() => scrollY)} px`);
  await close(lost);
  // At the end of a live run (an embed's own proposal, paused), the
  // clicker grows the run: a seek there went nowhere.
  const live = await open("?embed=1&paused=1", { viewport: { width: 720, height: 480 } });
  await propose(live, 1, "apple");
  const atEnd = await eventNumber(live);
  await live.keyboard.press("PageDown");
  const then = await eventNumberPast(live, atEnd);
  check(then > atEnd, `Page Down at a live end goes on: event ${atEnd}, then ${then}`);
  await close(live);
  // In free play the timeline's Page Down goes back a second, and from the
  // very start stays there (seeking to 0 s ran its events: it went forward).
  const free = await open("?paused=1");
  await propose(free, 1, "apple");
  for (let k = 0; k < 12; k++) await free.getByRole("button", { name: "Step", exact: true }).click();
  const freeTimeline = free.getByRole("slider", { name: "Timeline" });
  await freeTimeline.focus();
  const late = parseFloat(await timelineText(free));
  await free.keyboard.press("PageDown");
  await free.waitForFunction((t) => parseFloat(document.querySelector(".transport__time").textContent) < t, late, { timeout: 3000 }).catch(() => {});
  const back = parseFloat(await timelineText(free));
  check(late >= 1 && Math.abs(late - 1 - back) < 0.05, `Page Down on the timeline goes back a second: ${late} s, then ${back} s`);
  await free.keyboard.press("Home");
  await free.keyboard.press("PageDown");
  check((await timelineText(free)).includes("event 0 of"), `Page Down at the start stays there: ${await timelineText(free)}`);
  await close(free);
  // A run changed after the fact, under a scenario's name, is free play.
  const changed = await open("?paused=1#run=" + link.split("#run=")[1].split("&")[0] + "&scenario=happy-path");
  check((await changed.getByTestId("scenario").count()) === 0, "another scenario's name is not believed");
  await close(changed);
});

test("a reload shows the run on screen: a link, scenario or options page acted in becomes the reader's own", async () => {
  const page = await open("?nodes=7&seed=3&paused=1&theme=dark");
  const ready = () => page.getByRole("group", { name: "Node 1", exact: true }).waitFor();
  const log = async () => (await page.getByTestId("event-log").count()) ? page.getByTestId("event-log").textContent() : "";
  await propose(page, 1, "seven");
  for (let i = 0; i < 4; i++) await page.getByRole("button", { name: "Step", exact: true }).click();
  const moment = await timelineText(page);
  check(!page.url().includes("nodes=7") && page.url().includes("theme=dark"), `the address no longer asks for a fresh run, and keeps its theme: ${page.url()}`);
  await page.reload();
  await ready();
  check((await page.locator(".node-card").count()) === 7 && (await timelineText(page)) === moment, `options: the same run after a reload, ${await timelineText(page)}`);
  // A scenario, taken over in its past: free play from there.
  await page.goto("about:blank");
  await page.goto(base + "#scenario=value-recovery");
  await ready();
  for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Step", exact: true }).click();
  await propose(page, 4, "fork-here");
  const forked = await timelineText(page);
  await page.reload();
  await ready();
  check((await log()).includes("fork-here") && (await timelineText(page)) === forked, `scenario: the fork after a reload, ${await timelineText(page)}`);
  // A scenario gone on with at its end, then left by the Nodes menu: the
  // reader's moves are put aside, not thrown away.
  await page.goto("about:blank");
  await page.goto(base + "#scenario=minority-crash");
  await ready();
  await page.getByRole("button", { name: "Back to live" }).click();
  await propose(page, 2, "at-the-end");
  await page.getByRole("combobox", { name: "Nodes" }).selectOption("3");
  check((await page.getByTestId("notice").textContent()).includes("Undo brings it back"), `the moves are offered back: ${await page.getByTestId("notice").textContent()}`);
  await page.getByRole("button", { name: "Undo" }).click();
  check((await page.locator(".node-card").count()) === 5 && (await log()).includes("at-the-end"), "and Undo brings them back");
  // Back at the run the address opened, by Reset, the address names it
  // again: a reload opens it, not the reader's older run.
  await page.goto("about:blank");
  await page.goto(base + "?nodes=7&seed=3&paused=1");
  await ready();
  await propose(page, 1, "reset-me");
  check(!page.url().includes("nodes=7"), `acted in: ${page.url()}`);
  await page.getByRole("button", { name: "Reset", exact: true }).click();
  check(page.url().includes("nodes=7"), `reset, the address is back: ${page.url()}`);
  await page.reload();
  await ready();
  check((await page.locator(".node-card").count()) === 7, "and a reload opens its seven nodes");
  // So does Undo, back to a shared run a control replaced.
  await propose(page, 2, "shared");
  await page.getByRole("button", { name: "Copy link" }).click();
  const shared = await page.getByTestId("notice-detail").inputValue();
  await page.goto("about:blank");
  await page.goto(shared);
  await ready();
  await page.getByRole("combobox", { name: "Nodes" }).selectOption("3");
  await page.getByRole("button", { name: "Undo" }).click();
  check(page.url().includes("#run="), `undone, the link is back in the address: ${page.url()}`);
  await page.reload();
  await ready();
  check((await log()).includes("shared") && (await page.locator(".node-card").count()) === 7, "and a reload opens the shared run");
  // The Scenario menu, then Undo: the shared run, and its link, are back.
  await page.goto("about:blank");
  await page.goto(shared);
  await ready();
  await page.getByRole("combobox", { name: "Scenario" }).selectOption("lost-messages");
  await page.getByRole("button", { name: "Undo" }).click();
  check(page.url().includes("#run="), `after the menu and Undo, the link is back: ${page.url()}`);
  // A scenario only watched, then Start fresh, then Undo: the scenario, and
  // its address, are back.
  await page.goto("about:blank");
  await page.goto(base + "#scenario=happy-path");
  await ready();
  await page.getByRole("button", { name: "Start fresh" }).click();
  await page.getByRole("button", { name: "Undo" }).click();
  check(page.url().includes("#scenario=happy-path"), `after Start fresh and Undo, the scenario's address is back: ${page.url()}`);
  // A scenario gone on from its end keeps its story: in a link copied
  // there, and after a reload (the kept run).
  await page.goto("about:blank");
  await page.goto(base + "#scenario=minority-crash");
  await ready();
  await page.getByRole("button", { name: "Back to live" }).click();
  await propose(page, 2, "after-the-end");
  await page.getByRole("button", { name: "Copy link" }).click();
  const goneOn = await page.getByTestId("notice-detail").inputValue();
  await page.reload();
  await ready();
  check((await page.getByTestId("scenario").textContent()).includes("A minority crashes"), "the story after a reload");
  await page.goto("about:blank");
  await page.goto(goneOn);
  await ready();
  check((await page.getByTestId("scenario").textContent()).includes("A minority crashes"), "the story in the copied link");
  check(!(await page.getByTestId("notice").count()) || !(await page.getByTestId("notice").textContent()).includes("is not the"), "and no word that the run is not the scenario's");
  // A theme given in the fragment outlives the fragment.
  await page.goto("about:blank");
  await page.goto(base + "#scenario=happy-path&theme=dark");
  await ready();
  await page.getByRole("button", { name: "Back to live" }).click();
  await propose(page, 2, "dark");
  check(page.url().includes("theme=dark") && !page.url().includes("scenario="), `the theme stays: ${page.url()}`);
  // Start fresh on an options page starts what a reload starts.
  await page.goto("about:blank");
  await page.goto(base + "?nodes=7&seed=3");
  await ready();
  await propose(page, 1, "gone");
  await page.getByRole("button", { name: "Start fresh" }).click();
  await page.reload();
  await ready();
  check((await page.locator(".node-card").count()) === 5 && (await timelineText(page)).includes("event 0 of 0"), `Start fresh, then a reload: the same fresh run, not the one kept before (${await timelineText(page)})`);
  await close(page);
});

test("the speed picked is kept for the next visit, but not by an embed or an address that sets one", async () => {
  const page = await open("?paused=1");
  await propose(page, 1, "fast");
  const speed = page.getByRole("slider", { name: "Speed" });
  const was = Number(await speed.inputValue());
  await speed.focus();
  await page.keyboard.press("ArrowRight");
  await page.keyboard.press("ArrowRight");
  const picked = await speed.getAttribute("aria-valuetext");
  await page.reload();
  await page.getByRole("group", { name: "Node 1", exact: true }).waitFor();
  check((await speed.getAttribute("aria-valuetext")) === picked && Number(await speed.inputValue()) === was + 2, `after a reload: ${await speed.getAttribute("aria-valuetext")}, picked ${picked}`);
  // An address's own speed wins; an embed keeps the author's.
  await page.goto(base + "?speed=0.5");
  await page.getByRole("group", { name: "Node 1", exact: true }).waitFor();
  check((await speed.getAttribute("aria-valuetext")) === "0.5×", `the address's speed: ${await speed.getAttribute("aria-valuetext")}`);
  await page.goto(base + "?embed=1");
  await page.getByRole("group", { name: "Node 1", exact: true }).waitFor();
  check((await speed.getAttribute("aria-valuetext")) === "1×", `an embed's: ${await speed.getAttribute("aria-valuetext")}`);
  await close(page);
});

test("a tab only looked at does not put its older run over a newer one another tab kept", async () => {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  const tab = async (address) => {
    const page = await context.newPage();
    await page.goto(base + address);
    await page.getByRole("group", { name: "Node 1", exact: true }).waitFor();
    return page;
  };
  const logOf = (page) => page.getByTestId("event-log").textContent();
  const a = await tab("?paused=1");
  await propose(a, 1, "first");
  for (let i = 0; i < 3; i++) await a.getByRole("button", { name: "Step", exact: true }).click();
  const b = await tab("");
  check((await logOf(b)).includes("first"), "the second tab opens the kept run");
  await propose(a, 3, "later");
  for (let i = 0; i < 3; i++) await a.getByRole("button", { name: "Step", exact: true }).click();
  // Moving through its run in the tab only looked at is not new work.
  await b.getByRole("button", { name: "Step", exact: true }).click();
  await b.waitForTimeout(200);
  await a.close({ runBeforeUnload: true });
  await b.close({ runBeforeUnload: true });
  const c = await tab("");
  check((await logOf(c)).includes("later"), "the next visit shows the newer run");
  // A tab that goes back to the scenario it opened (Reset) puts back the
  // run it displaced only if no other tab has kept one since.
  const d = await tab("#scenario=happy-path");
  await d.getByRole("button", { name: "Back to live" }).click();
  await propose(d, 2, "in-d");
  await propose(c, 3, "newest");
  await d.getByRole("button", { name: "Reset", exact: true }).click();
  await d.waitForTimeout(200);
  await c.close({ runBeforeUnload: true });
  await d.close({ runBeforeUnload: true });
  check((await logOf(await tab(""))).includes("newest"), "the newest run survives another tab's Reset");
  await context.close();
});

test("a broken link shows the last run instead, and Start fresh there forgets it", async () => {
  const page = await open("?paused=1");
  await propose(page, 2, "keep-me");
  await page.getByRole("button", { name: "Step", exact: true }).click();
  await page.goto("about:blank");
  await page.goto(base + "#run=AQMqAAAA");
  await page.getByRole("group", { name: "Node 1", exact: true }).waitFor();
  check((await page.getByTestId("event-log").textContent()).includes("keep-me"), "the last run shows");
  await page.getByRole("button", { name: "Crash node 5", exact: true }).click();
  await page.getByRole("button", { name: "Start fresh" }).click();
  await page.goto("about:blank");
  await page.goto(base);
  await page.getByRole("group", { name: "Node 1", exact: true }).waitFor();
  const log = page.getByTestId("event-log");
  check(!(await log.count()) || !(await log.textContent()).includes("keep-me"), "forgotten, as Start fresh said");
  await close(page);
});

test("a broken link opens the default playground with a dismissible reason", async () => {
  const page = await open("?utm_source=course-site#run=AQB4kL-broken");
  const notice = await page.getByTestId("notice").textContent();
  check(notice.includes("starts fresh"), `notice: ${notice}`);
  check(!notice.includes("utm_source"), "a course site's own parameter is ignored silently");
  check((await page.getByRole("group", { name: /^Node \d$/ }).count()) === 5, "the default cluster");
  await page.screenshot({ path: join(shots, "23-broken-link.png") });
  await page.getByRole("button", { name: "Dismiss message" }).click();
  check((await page.getByTestId("notice").count()) === 0, "dismissed");
  await close(page);
  // In a locked embed nothing can ever start: the teacher is told that,
  // not that it "starts fresh".
  const locked = await open("?embed=1&controls=locked#run=AQB4kL-broken", { viewport: { width: 720, height: 480 } });
  const told = await locked.getByTestId("notice").textContent();
  check(told.includes("nothing will happen here") && !told.includes("starts fresh"), `locked: ${told}`);
  await close(locked);
});

test("random seed: a fresh seed from the browser, while a bare page keeps 42", async () => {
  const page = await open("?paused=1");
  const seed = page.getByRole("textbox", { name: "Seed" });
  check((await seed.inputValue()) === "42", "the default seed is fixed");
  await page.getByRole("button", { name: "Random seed" }).click();
  const first = await seed.inputValue();
  await page.getByRole("button", { name: "Random seed" }).click();
  const second = await seed.inputValue();
  check(/^\d+$/.test(first) && first !== "42" && first !== second, `seeds ${first}, ${second}`);
  // A seed typed wrong is refused in words, and marked where it was typed.
  await seed.fill("4x2");
  await seed.press("Enter");
  check((await page.getByTestId("notice").textContent()).includes("A seed is a whole number"), "the refusal says why");
  check((await seed.getAttribute("aria-invalid")) === "true", "the box is marked invalid");
  // Refused again in the same words, the alert is a new one, so a screen
  // reader reads it again (the same text left in place was not).
  const alert = await page.locator(".notice [role=alert]").elementHandle();
  await seed.press("Enter");
  check(!(await alert.evaluate((e) => e.isConnected)), "a repeated refusal is a new alert");
  check((await page.getByTestId("notice").textContent()).includes("A seed is a whole number"), "in the same words");
  // Left with refused text, the box shows the seed in use again, without
  // saying the refusal a third time.
  const said = await page.locator(".notice [role=alert]").elementHandle();
  await seed.press("Tab");
  check((await seed.inputValue()) === second, `the box shows the seed in use: ${await seed.inputValue()}`);
  check(await said.evaluate((e) => e.isConnected), "leaving the box does not repeat the refusal");
  await seed.fill("");
  check((await seed.getAttribute("aria-invalid")) === null, "not while empty, on the way to a new one");
  await seed.fill("7");
  check((await seed.getAttribute("aria-invalid")) === null, "and unmarked once it is a number");
  await close(page);
});

/** A finger pressed at (x0, y0), moved to (x1, y1) in `steps` moves, and
 *  lifted, as the browser's touch input (the browser, not the page, then
 *  decides whether it scrolls). */
async function touchDrag(page, [x0, y0], [x1, y1], steps = 12) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Input.dispatchTouchEvent", { type: "touchStart", touchPoints: [{ x: x0, y: y0 }] });
  for (let i = 1; i <= steps; i++) {
    const touchPoints = [{ x: x0 + ((x1 - x0) * i) / steps, y: y0 + ((y1 - y0) * i) / steps }];
    await cdp.send("Input.dispatchTouchEvent", { type: "touchMove", touchPoints });
    await page.waitForTimeout(16);
  }
  await cdp.send("Input.dispatchTouchEvent", { type: "touchEnd", touchPoints: [] });
  await cdp.detach();
}

test("on a phone, a thumb that scrolls from a slider or the timeline changes nothing; one that moves along it does", async () => {
  const page = await open("?speed=4", { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  await propose(page, 1, "apple");
  await waitLearnedEverywhere(page, 5);
  await page.getByRole("button", { name: "Pause", exact: true }).tap();
  const live = await timelineText(page);
  const middle = (box, fx = 0.5) => [box.x + box.width * fx, box.y + box.height / 2];
  // Up from the timeline, at the screen's bottom edge: the page scrolls.
  const bar = await timeline(page).boundingBox();
  const [x, y] = middle(bar);
  const scrolled = await page.evaluate(() => scrollY);
  await touchDrag(page, [x, y], [x + 3, y - 250]);
  await page.waitForTimeout(300);
  check((await timelineText(page)) === live, `the swipe left the run where it was: ${await timelineText(page)}`);
  check((await page.evaluate(() => scrollY)) > scrolled, "and scrolled the page");
  // Along it: a drag, as with a mouse.
  const along = await timeline(page).boundingBox();
  await touchDrag(page, middle(along, 0.9), middle(along, 0.3));
  await page.waitForTimeout(300);
  const [now, end] = (await timelineText(page)).match(/[\d.]+(?= s)/g).map(Number);
  check(Math.abs(now / end - 0.3) < 0.05, `dragged to 30%: ${now} s of ${end} s`);
  await page.getByRole("button", { name: "Back to live" }).tap();
  // Up from a card's loss slider: the page scrolls, the loss stays 0%.
  await page.evaluate(() => scrollTo(0, 0));
  await unfold(page, 1);
  const slider = page.getByRole("slider", { name: "Message loss at node 1" });
  const box = await slider.boundingBox();
  await touchDrag(page, [box.x + box.width / 3, box.y + box.height / 2], [box.x + box.width / 3, box.y - 200]);
  await page.waitForTimeout(300);
  check((await slider.inputValue()) === "0" && (await slider.getAttribute("aria-valuetext")) === "0%", `the loss is still 0%: ${await slider.inputValue()}`);
  check(!(await page.getByTestId("event-log").textContent()).includes("message loss set to"), "and no change was recorded");
  await close(page);
});

test("on a phone, no message label covers a card: paused, labels stand between the rows; playing, pills show their markers", async () => {
  const page = await open("?nodes=7&paused=1", { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  for (const k of [1, 5]) await page.getByRole("button", { name: `Propose at node ${k}` }).tap();
  for (let i = 0; i < 10; i++) await page.getByRole("button", { name: "Step", exact: true }).tap();
  const boxes = (selector) => page.$$eval(selector, (els) => els.map((e) => { const r = e.getBoundingClientRect(); return [r.left, r.right, r.top, r.bottom]; }));
  const labelled = await boxes(".packets .edge:not(.edge--quiet)");
  const cards = await boxes(".node-card");
  const over = labelled.filter(([a0, a1, b0, b1]) => cards.some(([c0, c1, d0, d1]) => a0 < c1 - 1 && c0 < a1 - 1 && b0 < d1 - 1 && d0 < b1 - 1));
  check(labelled.length > 0 && over.length === 0, `${labelled.length} labels, ${over.length} over a card`);
  check((await page.locator(".packets .edge--quiet").count()) > 0, "the others show their markers");
  await page.getByRole("button", { name: "Play", exact: true }).tap();
  await page.waitForTimeout(400);
  check((await page.locator(".packets .edge").count()) > 0 && (await page.locator(".packets .edge:not(.edge--quiet)").count()) === 0, "flying, markers alone");
  await close(page);
});

test("on a phone, the folded cards keep their places while a run marks its quorum", async () => {
  const page = await open("?speed=4", { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  // Every card's place, each frame, from the first proposal to the end:
  // a row that grew as a quorum mark or a wrapped acceptance came moved
  // the cards under it from under a finger about to press Propose.
  await page.evaluate(() => {
    window.placesSeen = new Set();
    const look = () => {
      for (const card of document.querySelectorAll(".node-card")) {
        const r = card.getBoundingClientRect();
        window.placesSeen.add(`${card.getAttribute("aria-label")} ${Math.round(r.top + scrollY)} ${Math.round(r.height)}`);
      }
      requestAnimationFrame(look);
    };
    look();
  });
  await page.getByRole("button", { name: "Propose at node 1", exact: true }).tap();
  await page.getByRole("button", { name: "Propose at node 3", exact: true }).tap();
  await waitLearnedEverywhere(page, 5);
  await page.locator(".node-card__mark").first().waitFor();
  const places = await page.evaluate(() => [...window.placesSeen]);
  check(places.length === 5, `one place and height per card: ${places.join(", ")}`);
  await close(page);
});

test("on a phone, a change made in the past low on the page keeps its Undo in sight", async () => {
  const page = await open("?speed=4", { viewport: { width: 360, height: 780 }, hasTouch: true, isMobile: true });
  await page.getByRole("button", { name: "Propose at node 1", exact: true }).tap();
  await page.waitForTimeout(1500);
  await page.getByRole("button", { name: "Pause", exact: true }).tap();
  await page.getByRole("button", { name: "Step back" }).tap();
  await page.getByRole("group", { name: "Node 5", exact: true }).scrollIntoViewIfNeeded();
  await page.getByRole("button", { name: "Propose at node 5", exact: true }).tap();
  const undo = page.getByRole("button", { name: "Undo", exact: true });
  await undo.waitFor();
  const box = await undo.boundingBox();
  check(box.y >= 0 && box.y + box.height <= 780, `Undo is on screen: ${JSON.stringify(box)}`);
  await undo.tap();
  check(!(await page.getByTestId("event-log").textContent()).includes("Node 5 starts"), "and it undoes the change");
  await close(page);
});

test("on a phone, a rule's demo with its long story leaves Play on the first screen", async () => {
  const page = await open("", { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  await page.getByRole("button", { name: "Show me how “Forget acceptor state on restart” breaks safety" }).tap();
  await page.getByTestId("notice").waitFor();
  const play = await page.getByRole("button", { name: "Play", exact: true }).boundingBox();
  check(play.y >= 0 && play.y + play.height <= 844, `Play at ${Math.round(play.y)} px, on the first screen`);
  // The story is all there, scrolled within its box.
  const text = page.getByTestId("notice");
  check(await text.evaluate((t) => t.scrollHeight > t.clientHeight + 1), "the rest of the story scrolls");
  await text.evaluate((t) => t.scrollTo(0, t.scrollHeight));
  check(await text.evaluate((t) => t.scrollTop > 0), "and scrolls to its end");
  await page.screenshot({ path: join(shots, "15c-phone-rule-demo.png") });
  await close(page);
});

test("a tap on an arrow in a squeezed diagram picks that arrow, not one drawn over it", async () => {
  const page = await open("?speed=8&seed=5", { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  await propose(page, 1, "apple");
  await propose(page, 2, "pear");
  await waitLearnedEverywhere(page, 5);
  await page.getByRole("button", { name: "Pause", exact: true }).tap();
  const region = page.getByRole("region", { name: "Space-time diagram" });
  await region.scrollIntoViewIfNeeded();
  await region.getByRole("button", { name: "Whole run" }).tap();
  await page.waitForTimeout(300);
  // Arrows whose middle lies under another arrow's wide invisible stroke,
  // the one the browser gives a tap there.
  const contested = () => page.evaluate(() => [...document.querySelectorAll("g.arrow-line")].flatMap((g) => {
    const shaft = g.querySelector(".arrow-line__shaft");
    const m = shaft.getScreenCTM();
    const [x, y] = [(shaft.x1.baseVal.value + shaft.x2.baseVal.value) / 2, (shaft.y1.baseVal.value + shaft.y2.baseVal.value) / 2];
    const at = { x: x * m.a + m.e, y: y * m.d + m.f };
    const top = document.elementFromPoint(at.x, at.y)?.closest("g.arrow-line");
    if (!top || top === g || at.y <= 0 || at.y >= innerHeight) return [];
    // Not where another arrow passes within 2 px (where two cross, or a
    // broadcast's arrows leave their sender side by side): there either
    // is a fair pick.
    const apart = (line) => {
      const n = line.getScreenCTM();
      const [x1, y1, x2, y2] = [line.x1, line.y1, line.x2, line.y2].map((v) => v.baseVal.value);
      const [ax, ay, bx, by] = [x1 * n.a + n.e, y1 * n.d + n.f, x2 * n.a + n.e, y2 * n.d + n.f];
      const t = Math.max(0, Math.min(1, ((at.x - ax) * (bx - ax) + (at.y - ay) * (by - ay)) / ((bx - ax) ** 2 + (by - ay) ** 2 || 1)));
      return Math.hypot(at.x - ax - t * (bx - ax), at.y - ay - t * (by - ay));
    };
    const others = document.elementsFromPoint(at.x, at.y).filter((e) => e.classList?.contains("arrow-line__shaft") || e.classList?.contains("arrow-line__hit"))
      .map((e) => e.closest("g.arrow-line")).filter((o) => o && o !== g);
    return others.every((o) => apart(o.querySelector(".arrow-line__shaft")) > 2) ? [{ id: g.dataset.id, ...at }] : [];
  }));
  const ids = (await contested()).map((a) => a.id);
  check(ids.length > 0, "some arrows lie under others here");
  let tapped = 0;
  for (const id of ids.slice(0, 3)) {
    await region.scrollIntoViewIfNeeded();
    // Aimed once the page has stopped moving: the cards above the diagram
    // are sized as drawn, a frame or two after the run moves.
    let arrow = (await contested()).find((a) => a.id === id);
    for (let k = 0, was = null; k < 10 && arrow && JSON.stringify(arrow) !== JSON.stringify(was); k++) {
      await page.waitForTimeout(150);
      [was, arrow] = [arrow, (await contested()).find((a) => a.id === id)];
    }
    if (!arrow) continue;
    tapped++;
    await page.touchscreen.tap(arrow.x, arrow.y);
    await page.waitForTimeout(300);
    // (Every arrow of the event it went to is marked: a broadcast's lost
    // copies end at the one event that sent them.)
    const [pointed, seeks] = await page.evaluate((id) => {
      const marked = [...document.querySelectorAll("g.arrow-line--pointed")];
      const seek = document.querySelector(`g.arrow-line[data-id="${id}"]`)?.dataset.seek;
      return [marked.map((g) => g.dataset.id), marked.every((g) => g.dataset.seek === seek)];
    }, arrow.id);
    check(pointed.includes(arrow.id) && seeks, `the tapped arrow ${arrow.id} is the one pointed at: ${pointed} (same moment: ${seeks})`);
    await page.getByRole("button", { name: "Back to live" }).tap();
    await page.waitForTimeout(200);
  }
  check(tapped > 0, "at least one was tapped");
  await close(page);
});

test("from a scenario's walk, Other scenarios is two Shift+Tabs away and takes the focus to the Scenario menu", async () => {
  const page = await open("#scenario=value-recovery");
  await page.getByRole("button", { name: "Next moment" }).focus();
  await page.keyboard.press("Shift+Tab");
  await page.keyboard.press("Shift+Tab");
  check((await page.evaluate(() => document.activeElement?.textContent)) === "Other scenarios", `on ${await page.evaluate(() => document.activeElement?.outerHTML.slice(0, 80))}`);
  await page.keyboard.press("Enter");
  const menu = page.getByRole("combobox", { name: "Scenario" });
  check(await menu.evaluate((m) => m === document.activeElement), "the Scenario menu has the focus");
  // A lecturer back on the clicker: Page Down goes to the next moment,
  // and leaves the menu's pick alone.
  await page.keyboard.press("PageDown");
  await page.waitForTimeout(200);
  check((await menu.inputValue()) === "value-recovery", `the menu still reads ${await menu.inputValue()}`);
  check((await page.getByTestId("walk-count").textContent()).startsWith("Moment 2 of"), await page.getByTestId("walk-count").textContent());
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector("#scenario-title")?.textContent !== "Value recovery", null, { timeout: 5000 }).catch(() => {});
  check((await page.locator("#scenario-title").textContent()) !== "Value recovery", "another scenario opens from there");
  await close(page);
});

test("a scenario opened from the menu is read out at the moment it opens on", async () => {
  const page = await open("?paused=1");
  await page.getByRole("combobox", { name: "Scenario" }).focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  await page.getByTestId("walk-count").waitFor();
  // The moment as the walk shows it, not the last event it ends on.
  const count = (await page.getByTestId("walk-count").textContent()).split(" · ")[0];
  const story = (await page.getByTestId("walk-text").textContent()).slice(0, 40);
  const heard = await readOut(page);
  check(heard.includes(`${count}, `) && heard.includes(story), `read out: ${heard}`);
  await close(page);
});

test("the Scenario and Nodes menus can be gone through with the arrow keys, picking on Enter", async () => {
  const page = await open("?paused=1");
  await propose(page, 1, "my-work");
  const menu = page.getByRole("combobox", { name: "Scenario" });
  await menu.focus();
  // Each arrow key changes a closed menu's value: nothing loads on the way
  // (each scenario passed over loaded, notice, story and all).
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  const second = await menu.inputValue();
  check(second !== "" && (await menu.evaluate((el) => el === document.activeElement)), `the menu reads ${second} and keeps the focus`);
  await page.waitForTimeout(300);
  check((await page.getByTestId("scenario").count()) === 0, "no scenario opened while going through the list");
  check((await page.getByTestId("event-log").textContent()).includes("my-work"), "the reader's run is still there");
  await page.keyboard.press("Enter");
  await page.getByTestId("scenario").waitFor();

  check((await page.evaluate(() => document.activeElement?.id)) === "scenario-title", "Enter opens it, and its story takes the focus");
  const notice = await page.getByTestId("notice").textContent();
  check(notice.includes("Undo brings it back"), `the reader's run is put aside: ${notice}`);
  // Ctrl+Z presses the notice's Undo, far down the Tab order.
  await page.keyboard.press("Control+z");
  await page.getByTestId("scenario").waitFor({ state: "detached", timeout: 3000 }).catch(() => {});
  check((await page.getByTestId("event-log").textContent()).includes("my-work"), "and Ctrl+Z brings it back");
  // The Nodes menu: arrowed to 7, then left with Tab, it picks 7 once.
  const nodes = page.getByRole("combobox", { name: "Nodes" });
  await nodes.focus();
  await page.keyboard.press("ArrowDown");
  await page.waitForTimeout(300);
  check((await page.getByRole("group", { name: /^Node \d$/ }).count()) === 5, "still five nodes while arrowing");
  check((await nodes.inputValue()) === "7", `the arrow reached 7: ${await nodes.inputValue()}`);
  await page.keyboard.press("Tab");
  await page.waitForFunction(() => document.querySelectorAll(".node-card").length === 7, null, { timeout: 3000 }).catch(() => {});
  // Said in full if it fails: it failed once in a whole run, and never alone.
  const left = await page.evaluate(() => ({
    menu: document.querySelector("select[aria-label=Nodes]")?.value,
    focus: document.activeElement?.outerHTML.slice(0, 80),
    notice: document.querySelector("[data-testid=notice]")?.textContent,
  }));
  check((await page.getByRole("group", { name: /^Node \d$/ }).count()) === 7, `leaving the menu picks what it shows: ${JSON.stringify(left)}`);
  await page.getByRole("button", { name: "Undo" }).click();
  // Ctrl alone (a screen reader's "quiet") picks nothing; Escape goes back
  // to the run on screen: the menu never names a run that is not there.
  await menu.focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Control");
  await page.waitForTimeout(300);
  check((await page.getByTestId("scenario").count()) === 0, "Ctrl alone opens nothing");
  await page.keyboard.press("Escape");
  check((await menu.inputValue()) === "" && (await page.getByTestId("scenario").count()) === 0, `Escape goes back to Free play: ${await menu.inputValue()}`);
  // Letters find an option by name, as the arrows do: nothing opens yet.
  await page.keyboard.type("Va");
  await page.waitForTimeout(300);
  check((await page.getByTestId("scenario").count()) === 0, `typing browses: ${await menu.inputValue()}`);
  await page.keyboard.press("Escape");
  // Nor does Reset of the scenario drop it in silence.
  await menu.selectOption("happy-path");
  await page.getByRole("button", { name: "Reset", exact: true }).click();
  const reset = await page.getByTestId("notice").textContent();
  check(reset.startsWith("Reset: the “Happy path” scenario starts again.") && reset.includes("Undo brings it back"), `Reset keeps the offer: ${reset}`);
  await page.getByRole("button", { name: "Undo" }).click();
  check((await page.getByTestId("event-log").textContent()).includes("my-work"), "and Undo still brings it back");
  await close(page);
  // Opened from a scenario's address, a pick from the menu drops it and
  // its options (with no history entry): a reload opened the first
  // scenario again, over the one shown, or a fresh run for the options;
  // now it brings back the run acted in.
  const named = await open("?paused=1#scenario=happy-path");
  const entries = await named.evaluate(() => history.length);
  await named.getByRole("combobox", { name: "Scenario" }).selectOption("value-recovery");
  check(new URL(named.url()).search === "" && new URL(named.url()).hash === "", `a bare address: ${named.url()}`);
  check((await named.evaluate(() => history.length)) === entries, "no history entry added");
  await named.getByRole("button", { name: "Pause", exact: true }).or(named.getByRole("button", { name: "Play", exact: true })).waitFor();
  await propose(named, 3, "mine");
  await named.reload();
  await named.getByRole("group", { name: "Node 1", exact: true }).waitFor();
  check((await named.getByTestId("event-log").textContent()).includes("mine"), "reloaded, the run acted in");
  await close(named);
});

test("a pill just sent stands clear of its sender's card", async () => {
  const page = await open("?paused=1#scenario=happy-path");
  await page.getByRole("button", { name: "Next moment" }).click();
  const count = await page.getByTestId("walk-count").textContent();
  check(count.startsWith("Moment 3"), "at the promises' moment");
  // No time beside it to differ from the clock's.
  check(count === "Moment 3 of 6", `the moment's count alone: ${count}`);
  // Each pill's area over any card. Centred on its sender's edge, each
  // covered 600 to 1,400 px² of the sender's bottom row (its Crash button).
  const covered = await page.evaluate(() => {
    const cards = [...document.querySelectorAll(".node-card")].map((c) => c.getBoundingClientRect());
    return [...document.querySelectorAll(".edge:not(.edge--lost)")].map((p) => {
      const b = p.getBoundingClientRect();
      const over = (c) => Math.max(0, Math.min(b.right, c.right) - Math.max(b.left, c.left)) * Math.max(0, Math.min(b.bottom, c.bottom) - Math.max(b.top, c.top));
      return [p.textContent, Math.round(cards.reduce((sum, c) => sum + over(c), 0))];
    });
  });
  check(covered.length === 2 && covered.every(([, area]) => area < 600), `pills over cards: ${JSON.stringify(covered)}`);
  await close(page);
});

test("scenarios from the menu: happy path, value recovery, majority crash", async () => {
  const page = await open("?speed=4");
  const menu = page.getByRole("combobox", { name: "Scenario" });
  await menu.focus();
  await menu.selectOption("happy-path");
  const told = page.getByTestId("scenario");
  check((await told.textContent()).includes("takes its ballot n=2.1 through every phase"), "the text shows beside the cluster");
  // The guided walk tells the moment the timeline is at.
  const beat = () => told.getByTestId("walk-text").textContent();
  check((await beat()).includes("Prepare. Node 1 starts ballot n=2.1"), `the walk opens at its Prepare: ${await beat()}`);
  check((await told.getByTestId("walk-count").textContent()) === "Moment 2 of 6", "and counts it");
  check(await page.getByRole("button", { name: "Play", exact: true }).isVisible(), "opened paused");
  // The first picture as the demo draws it: the Prepares on their way,
  // apart, and the one over the cut link dashed from its sending.
  check((await timelineText(page)).startsWith("4.2 s"), `it shows the Prepares past halfway: ${await timelineText(page)}`);
  check((await page.locator(".edge.edge--cut").count()) === 1, "the Prepare on the cut link is dashed in the first picture");
  const spots = await page.locator(".edge").evaluateAll((ps) => ps.map((p) => { const r = p.getBoundingClientRect(); return [Math.round(r.x), Math.round(r.y)]; }));
  check(spots.length === 3 && new Set(spots.map(String)).size === 3, `three Prepares, none on another: ${JSON.stringify(spots)}`);
  // The menu hands the focus to the story: → steps the run, where on the
  // menu it picked the next scenario.
  check((await page.evaluate(() => document.activeElement.id)) === "scenario-title", "the story has the focus");
  await page.keyboard.press("ArrowRight");
  check((await menu.inputValue()) === "happy-path" && (await beat()).includes("Prepare."), "→ stepped, in the same scenario");
  // Step through the demo's pictures: a lost Prepare, promises with priors, a lost Accept.
  const stepButton = page.getByRole("button", { name: "Step", exact: true });
  let [sawLostPrepare, sawOneWay, sawCardSays] = [false, false, false];
  for (let i = 0; i < 40 && !(await beat()).includes("Accepted. Nodes 3 and 4 accept"); i++) {
    await stepButton.click();
    sawLostPrepare ||= (await page.locator(".edge--lost").count()) > 0;
    // The scenario cuts the link 1→4 one way: the page must show why.
    const oneWay = page.getByTestId("one-way-cuts");
    sawOneWay ||= (await oneWay.count()) > 0 && (await oneWay.textContent()).includes("1→4");
    sawCardSays ||= (await card(page, 1).locator(".node-card__mark--cut").filter({ hasText: "cannot reach node 4" }).count()) > 0;
    if (i === 3) await page.screenshot({ path: join(shots, "24-scenario-happy-path.png") });
  }
  const log = await page.getByTestId("event-log").textContent();
  check(sawLostPrepare, "a lost message was drawn dashed");
  check(sawOneWay, "the Partitions panel lists the one-way cut 1→4");
  check(sawCardSays, "node 1's card says it cannot reach node 4");
  check(log.includes("Prepare(n=2.1) from node 1 to node 4 was lost: the link 1→4 is cut"), "the Prepare to A3 was lost");
  check(log.includes("it had accepted (n=1.1, “red”) before"), "promises carry the earlier acceptance");
  check(log.includes("Accept(n=2.1, red) from node 1 to node 2 was lost: the link 1→2 is cut"), "the Accept to A1 was lost");
  check((await beat()).includes("Accepted. Nodes 3 and 4 accept"), `stepping moved the walk on: ${await beat()}`);
  // A moment is told once its tick is over: by then both have accepted.
  check(log.includes("Node 3 accepted (n=2.1") && log.includes("Node 4 accepted (n=2.1"), "the walk says nodes 3 and 4 accept once both have");
  // Its buttons take the timeline from moment to moment.
  for (let k = 0; k < 2; k++) await told.getByRole("button", { name: "Previous moment" }).click();
  check((await timelineText(page)).startsWith("4.6 s"), `two moments back is the Promise, at 4.6 s: ${await timelineText(page)}`);
  check((await beat()).includes("Promise. Nodes 2 and 3"), "and the walk tells it");
  await told.getByRole("button", { name: "Next moment" }).click();
  check((await timelineText(page)).startsWith("6.2 s") && (await beat()).startsWith("Accept. "), "the next moment is the Accept, its messages past halfway");

  await page.getByRole("combobox", { name: "Scenario" }).selectOption("value-recovery");
  const box = (k) => page.getByRole("textbox", { name: `Value for node ${k}`, exact: true }).inputValue();
  check((await box(5)) === "pear" && (await box(1)) === "apple", "each card's box holds the value the text says it proposes");
  const boxes = await Promise.all([1, 2, 3, 4, 5].map(box));
  check(new Set(boxes).size === 5, `no two boxes hold the same value: ${boxes}`);
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await page.waitForFunction(() => document.querySelector("[data-testid=event-log]")?.textContent.includes("must propose “apple” instead of its own “pear”"), null, { timeout: 20000 });
  await chosen(page).waitFor();
  check((await chosen(page).textContent()) === "apple", "apple, not pear");
  check((await page.getByTestId("scenario-look").textContent()).includes("node 2's card is marked"), "where to look, for this scenario");
  // The run's last event comes before its end: playing still gets there.
  await page.waitForFunction(() => document.querySelector(".transport__live")?.getAttribute("aria-disabled") === "true", null, { timeout: 20000 });
  const [now, end] = (await timelineText(page)).match(/[\d.]+(?= s)/g).map(Number);
  check(now === end, `played to the end of the scenario: ${now} s of ${end} s`);
  check((await card(page, 2).locator(".node-card__mark").textContent()) === "n=1.1 acceptance forced the value; accept quorum", "and the mark it names is there");
  // Why "pear" lost is the adoption itself: told by its sentence, once.
  const whyNot = page.getByTestId("why-not");
  const toldAgain = (await whyNot.count()) > 0 ? await whyNot.textContent() : "";
  check(!toldAgain.includes("reported") && (await page.getByTestId("why").textContent()).includes("not its own “pear”"), `the adoption is told once: ${toldAgain}`);
  // The diagram marks the replies that chose apple: nodes 2 and 3 to node 5
  // (node 5's own acceptance is no arrow), not node 4's later one.
  const counted = await page.locator(".diagram .arrow-line--quorum title").allTextContents();
  check(counted.length === 2 && counted.every((t) => /^Accepted\(n=2\.5, apple\), node [23] → node 5/.test(t)), `the accept quorum in the diagram: ${counted}`);
  await page.screenshot({ path: join(shots, "25-scenario-value-recovery.png") });
  // At moment 5, before apple is chosen, node 2's mark says whole why it
  // matters: "promise quorum; n=1.1 acceptance forced the…" lost its last
  // word to the card's two lines.
  const walk = page.getByTestId("scenario");
  for (let k = 0; k < 4 && !(await walk.getByTestId("walk-count").textContent()).startsWith("Moment 5 "); k++) {
    await walk.getByRole("button", { name: "Previous moment" }).click();
  }
  const marks = await page.locator(".node-card__mark").evaluateAll((ms) => ms.map((m) => [m.textContent, m.scrollHeight <= m.clientHeight + 1]));
  check(marks.some(([t]) => t === "n=1.1 acceptance forced the value; promise quorum") && marks.every(([, whole]) => whole), `every card's mark reads whole at moment 5: ${JSON.stringify(marks)} at ${await page.getByTestId("walk-count").textContent()}`);

  await page.getByRole("combobox", { name: "Scenario" }).selectOption("majority-crash");
  check((await page.getByTestId("scenario").textContent()).includes("A majority crashes"), "its own text");
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await page.waitForFunction(() => document.querySelector("[data-testid=event-log]")?.textContent.includes("gives up"), null, { timeout: 20000 });
  check((await chosen(page).count()) === 0, "nothing chosen while a majority is down");
  await chosen(page).waitFor({ timeout: 30000 });
  check((await page.getByTestId("event-log").textContent()).includes("Node 3 restarted"), "chosen after the restarts");
  // Course notes may link to another scenario on the same page: only the
  // fragment changes, and the page must follow it.
  await page.evaluate(() => (location.hash = "#scenario=minority-crash"));
  await page.getByTestId("scenario").filter({ hasText: "A minority crashes" }).waitFor({ timeout: 10000 });
  await close(page);
});

test("a ringed card still says its links are cut", async () => {
  // The happy path's moment 4: node 1's link to node 2 is cut, and both
  // cards are ringed for the value their acceptances forced.
  const page = await open("#scenario=happy-path");
  for (let k = 0; k < 2; k++) await page.getByRole("button", { name: "Next moment" }).click();
  await page.waitForFunction(() => document.querySelector("[data-testid=walk-count]").textContent === "Moment 4 of 6");
  const tags = await page.locator(".node-card__cut").evaluateAll((ts) => ts.map((t) => `${t.closest("section").getAttribute("aria-label")}: ${t.getAttribute("aria-label")}`));
  check(JSON.stringify(tags) === JSON.stringify(["Node 1: Links cut: cannot reach node 2", "Node 2: Links cut: cannot hear node 1"]), `the cut on the ringed cards: ${JSON.stringify(tags)}`);
  const mark = card(page, 1).locator(".node-card__mark");
  check((await mark.textContent()).startsWith("n=1.1 acceptance forced the value"), "node 1's own acceptance is ringed too");
  // A phone shows no tooltip: pressed, the tag says it in the mark's place.
  const tag = card(page, 1).getByRole("button", { name: "Links cut: cannot reach node 2" });
  await tag.click();
  check((await mark.textContent()) === "cannot reach node 2" && (await tag.getAttribute("aria-pressed")) === "true", `pressed: ${await mark.textContent()}`);
  await tag.click();
  check((await mark.textContent()).startsWith("n=1.1 acceptance forced the value"), `pressed again, the mark is back: ${await mark.textContent()}`);
  const badge = await card(page, 1).locator(".node-card__badge").evaluate((b) => b.scrollWidth <= b.clientWidth);
  check(badge, "the badge is not cut short by the tag");
  await close(page);
});

test("a playing scenario's time moves on through a quiet stretch", async () => {
  // Several rounds waits from 5.0 s to 8.0 s with nothing in flight: the
  // time stood at 5.0 s for three seconds, then jumped, as if stalled.
  const page = await open("#scenario=several-rounds");
  await page.keyboard.press(" ");
  const time = async () => parseFloat(await page.locator(".transport__time").textContent());
  await page.waitForFunction(() => parseFloat(document.querySelector(".transport__time").textContent) >= 5.2, null, { timeout: 15000 });
  const seen = new Set();
  for (let k = 0; k < 10; k++) {
    const t = await time();
    if (t > 5.0 && t < 8.0) seen.add(t);
    await page.waitForTimeout(200);
  }
  check(seen.size >= 4, `the time moved on in the quiet stretch: ${[...seen]}`);
  const hint = await page.getByTestId("hint").textContent().catch(() => "");
  check(!hint.includes("press Play"), `playing, the hint does not ask for Play: ${hint}`);
  await close(page);
});

test("a scenario's value boxes follow its moments, and a box typed in keeps its words", async () => {
  const page = await open("#scenario=several-rounds");
  const box = (k) => page.getByRole("textbox", { name: `Value for node ${k}`, exact: true });
  const next = page.getByRole("button", { name: "Next moment" });
  // Moment 3: round 2, where node 4 proposes "second"; moment 5: round 3,
  // where node 1 proposes "third". Its box still said round 1's "apple".
  for (let i = 0; i < 2; i++) await next.click();
  check((await box(4).inputValue()) === "second", `node 4's box at moment 3: ${await box(4).inputValue()}`);
  await box(2).fill("mine");
  for (let i = 0; i < 2; i++) await next.click();
  const story = await page.getByTestId("scenario").textContent();
  check(story.includes("third"), `moment 5 tells of "third": ${story}`);
  check((await box(1).inputValue()) === "third", `node 1's box at moment 5: ${await box(1).inputValue()}`);
  check((await box(2).inputValue()) === "mine", `the box typed in keeps its words: ${await box(2).inputValue()}`);
  // A link to this moment shows the same boxes.
  await page.getByRole("button", { name: "Copy link" }).click();
  await page.getByTestId("notice-detail").waitFor();
  const link = await page.getByTestId("notice-detail").inputValue();
  const opened = await open(link.slice(base.length));
  check((await opened.getByRole("textbox", { name: "Value for node 1", exact: true }).inputValue()) === "third", "the link's node 1 says third too");
  await close(opened);
  await close(page);
});

test("changing a scenario's past ends the scenario, and the page says so", async () => {
  const page = await open("?speed=8#scenario=value-recovery");
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await page.waitForFunction(() => /^[3-9]/.test(document.querySelector("[aria-label=Timeline]").getAttribute("aria-valuetext")));
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  await page.getByRole("button", { name: "Step back" }).click();
  await page.getByRole("region", { name: "Break a rule" }).getByRole("switch", { name: "Ignore prior accepted values" }).check();
  const notice = await page.getByTestId("notice").textContent();
  check(notice.includes("in place of the rest of the “Value recovery” scenario") && notice.includes("free play"), notice);
  check((await page.getByTestId("scenario").count()) === 0, "the scenario's text, which told the old future, is gone");
  check((await page.getByRole("combobox", { name: "Scenario" }).inputValue()) === "", "the menu says Free play");
  // Undo brings the scenario back, at the moment it was left.
  const at = async () => (await timelineText(page)).split(" of ")[0];
  const left = await at();
  await page.getByRole("button", { name: "Undo" }).click();
  check((await page.getByTestId("scenario").textContent()).includes("Value recovery"), "the scenario's text is back");
  check((await page.getByRole("combobox", { name: "Scenario" }).inputValue()) === "value-recovery", "and the menu says so");
  check((await at()) === left, `at the same moment: ${await timelineText(page)} (left at ${left})`);
  check((await timelineText(page)).includes("of 9.5 s"), "with the scenario's whole future");
  check((await page.getByTestId("unsafe-variant").count()) === 0, "without the rule broken after it");
  await close(page);
  // In an embed, which has no menu, the notice is the way back.
  const embed = await open("?embed=1&speed=8#scenario=value-recovery", { viewport: { width: 720, height: 480 } });
  await embed.getByRole("button", { name: "Propose at node 3", exact: true }).click();
  check((await embed.getByTestId("notice").textContent()).includes("in place of the rest of the"), "the embed says the scenario ended");
  await embed.getByRole("button", { name: "Undo" }).click();
  check((await timelineText(embed)).startsWith("0.0 s"), `back at the scenario's start: ${await timelineText(embed)}`);
  check((await embed.getByTestId("notice").textContent()).startsWith("Undone"), "and says so");
  await embed.getByRole("button", { name: "Play", exact: true }).click();
  await embed.waitForFunction(() => document.querySelector(".embed__status")?.textContent === "Chosen: apple", null, { timeout: 30000 });
  await close(embed);
});

test("after a second break, the badge says the red ring marks the latest", async () => {
  const page = await open("?speed=8");
  await page.getByRole("region", { name: "Break a rule" }).getByRole("button", { name: "Show me how “Accept below the promise” breaks safety" }).click();
  const badge = page.locator(".badge--unsafe");
  const play = page.getByRole("button", { name: "Play", exact: true });
  // The run pauses at each break: Play on until a second one.
  for (let k = 0; k < 6 && !/broke again after that/.test((await badge.count()) ? await badge.textContent() : ""); k++) {
    await play.click();
    await page.getByRole("button", { name: "Play", exact: true }).waitFor({ timeout: 20000 });
  }
  const said = await badge.textContent();
  check(said.includes("It broke again after that: a red ring marks the latest break."), `the badge: ${said}`);
  check((await page.locator(".node-card--culprit").count()) >= 1, "and a card is ringed");
  // Both breaks came at 3.5 s: Play seemed to do nothing.
  const notice = await page.locator(".notice").first().textContent();
  check(/The break before came at \d+\.\d s too\./.test(notice), `the notice: ${notice}`);
  await close(page);
});

test("a scenario or a demo only watched, or other settings, do not replace the kept run", async () => {
  const page = await open("?paused=1");
  await propose(page, 2, "my-own");
  await page.goto(base);
  await page.getByRole("group", { name: "Node 1", exact: true }).waitFor();
  check((await page.getByTestId("event-log").textContent()).includes("my-own"), "kept, as ever");
  await page.getByRole("combobox", { name: "Scenario" }).selectOption("minority-crash");
  await page.getByRole("region", { name: "Break a rule" }).getByRole("button", { name: "Show me how “Accept below the promise” breaks safety" }).click();
  await page.getByRole("combobox", { name: "Nodes" }).selectOption("7");
  await page.goto(base);
  await page.getByRole("group", { name: "Node 1", exact: true }).waitFor();
  check((await page.getByTestId("event-log").textContent()).includes("my-own"), "the reader's own run comes back after a reload");
  // A challenge played from a watched scenario keeps that scenario as the
  // run to go back to: it is not written over the reader's run either.
  await page.getByRole("combobox", { name: "Scenario" }).selectOption("minority-crash");
  await page.getByRole("button", { name: "Challenge", exact: true }).click();
  await propose(page, 1, "move");
  await page.goto(base);
  // The attempt comes back over the kept run; leaving it shows that run.
  await challenge(page).waitFor();
  await page.getByRole("button", { name: "Leave challenge" }).click();
  await page.getByRole("group", { name: "Node 5", exact: true }).waitFor();
  check((await page.getByTestId("event-log").textContent()).includes("my-own"), "nor after a challenge's move");
  await close(page);
});

test("a demo or a scenario only watched comes back after a reload named as such, not as the reader's own run", async () => {
  const page = await open("?paused=1");
  await page.getByRole("region", { name: "Break a rule" }).getByRole("button", { name: "Show me how “Ignore prior accepted values” breaks safety" }).click();
  await page.getByRole("button", { name: "Step", exact: true }).click();
  await page.goto(base);
  await page.getByRole("group", { name: "Node 1", exact: true }).waitFor();
  let said = await page.getByTestId("notice").textContent();
  check(said.startsWith("This is the “Ignore prior accepted values” demo you were watching last time"), `the demo, named: ${said}`);
  // Acted in, it is the reader's.
  await propose(page, 2, "mine-now");
  await page.goto(base);
  await page.getByRole("group", { name: "Node 1", exact: true }).waitFor();
  said = await page.getByTestId("notice").textContent();
  check(said.startsWith("This is your run from last time"), `then the reader's: ${said}`);
  await close(page);
  // (Picked from the menu: opened by its address, a scenario only watched
  // is not kept at all.)
  const other = await open("?paused=1");
  await other.getByRole("combobox", { name: "Scenario" }).selectOption("minority-crash");
  await other.getByRole("button", { name: "Step", exact: true }).click();
  await other.goto(base);
  await other.getByRole("group", { name: "Node 1", exact: true }).waitFor();
  said = await other.getByTestId("notice").textContent();
  check(said.startsWith("This is the “A minority crashes” scenario you were watching last time"), `a scenario, named: ${said}`);
  await close(other);
});

test("the last run comes back after a reload, and Start fresh forgets it", async () => {
  const page = await open("?paused=1");
  await propose(page, 3, "remember-me");
  for (let i = 0; i < 6; i++) await page.getByRole("button", { name: "Step", exact: true }).click();
  let moment = await timelineText(page);
  await page.goto(base);
  await page.getByRole("group", { name: "Node 1", exact: true }).waitFor();
  check((await timelineText(page)) === moment, `restored at ${await timelineText(page)}`);
  check((await page.getByTestId("event-log").textContent()).includes("remember-me"), "its log too");
  const welcome = await page.getByTestId("notice").textContent();
  check(welcome.startsWith("This is your run from last time") && welcome.includes("Start fresh"), `and says where it came from: ${welcome}`);
  const heard = await readOut(page);
  check(heard.startsWith("This is your run from last time"), `and it is read out, though on the page from the start: ${heard}`);
  // Played, it is no longer "paused where you left it".
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  check(!((await page.getByTestId("notice").count()) && (await page.getByTestId("notice").textContent()).startsWith("This is your run")), "the welcome goes once the run plays");
  moment = await timelineText(page);
  await page.getByRole("button", { name: "Start fresh" }).click();
  check((await timelineText(page)).includes("event 0 of 0"), "a fresh run");
  check(await page.getByRole("button", { name: "Pause", exact: true }).isVisible(), "live, as the default page opens");
  // One click wiped the run on screen: Undo brings it back, and keeps it again.
  await page.getByRole("button", { name: "Undo" }).click();
  check((await timelineText(page)) === moment, `undone: ${await timelineText(page)}`);
  await page.goto(base);
  await page.getByRole("group", { name: "Node 1", exact: true }).waitFor();
  check((await page.getByTestId("event-log").textContent()).includes("remember-me"), "kept again after the undo");
  // A link or scenario that cannot be opened shows the kept run instead,
  // with a message, and the reader's next move goes on from it: a fresh
  // run there, acted in, replaced the kept one for good.
  for (const bad of ["#run=AQMqAAAA", "#scenario=nope"]) {
    await page.goto("about:blank");
    await page.goto(base + bad);
    await page.getByRole("group", { name: "Node 1", exact: true }).waitFor();
    const said = await page.getByTestId("notice").textContent();
    check(said.includes("Your last run is shown instead."), `for ${bad}: ${said}`);
    check((await page.getByTestId("event-log").textContent()).includes("remember-me"), `the kept run, for ${bad}`);
    await page.getByRole("button", { name: "Crash node 5", exact: true }).click();
    await page.getByRole("button", { name: "Restart node 5", exact: true }).click();
  }
  // An option the page cannot take asks for nothing: a message, and the
  // kept run, not a fresh run the next click would keep over it.
  await page.goto("about:blank");
  await page.goto(base + "?nodes=abc");
  await page.getByRole("group", { name: "Node 1", exact: true }).waitFor();
  check((await page.getByTestId("notice").textContent()).includes("Ignored nodes=abc"), "a message for ?nodes=abc");
  check((await page.getByTestId("event-log").textContent()).includes("remember-me"), "and the kept run");
  // Options it takes ask for a fresh run: it opens, and leaves the kept
  // run alone, paused there or not.
  await page.goto("about:blank");
  await page.goto(base + "?nodes=4");
  await page.getByRole("group", { name: "Node 4", exact: true }).waitFor();
  check((await page.locator(".node-card").count()) === 4, "a fresh run of 4 nodes");
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  await page.goto("about:blank");
  await page.goto(base);
  await page.getByRole("group", { name: "Node 1", exact: true }).waitFor();
  check((await page.getByTestId("event-log").textContent()).includes("remember-me"), "still kept after three refused addresses");
  // A scenario opened by its address and only watched is not the reader's
  // run: their own comes back. Acted in, it becomes theirs.
  const visit = async (address) => {
    await page.goto("about:blank");
    await page.goto(base + address);
    await page.getByRole("group", { name: "Node 1", exact: true }).waitFor();
  };
  await visit("#scenario=value-recovery");
  for (let i = 0; i < 4; i++) await page.getByRole("button", { name: "Step", exact: true }).click();
  await visit("");
  check((await page.getByTestId("event-log").textContent()).includes("remember-me"), "a scenario only watched leaves the kept run");
  // Acted in and undone, it is only watched again: the reader's run comes back.
  await visit("#scenario=value-recovery");
  await page.getByRole("button", { name: "Crash node 3", exact: true }).click();
  await page.getByRole("button", { name: "Undo" }).click();
  await visit("");
  check((await page.getByTestId("event-log").textContent()).includes("remember-me"), "an action undone leaves the kept run");
  await visit("#scenario=value-recovery");
  await propose(page, 3, "mine-now");
  await visit("");
  check((await page.getByTestId("event-log").textContent()).includes("mine-now"), "a scenario acted in is kept");
  // Nor does a challenge started from an opened scenario, or a Reset of a
  // classmate's link (made in another browser), touch the kept run.
  await visit("#scenario=value-recovery");
  await page.getByRole("button", { name: "Challenge", exact: true }).click();
  await challenge(page).waitFor();
  await visit("");
  check((await page.getByTestId("event-log").textContent()).includes("mine-now"), "kept through a challenge from an opened scenario");
  const classmate = await open("?paused=1");
  await propose(classmate, 2, "theirs");
  await classmate.getByRole("button", { name: "Copy link" }).click();
  const theirs = await classmate.getByTestId("notice-detail").inputValue();
  await close(classmate);
  await visit(theirs.slice(theirs.indexOf("#")));
  check((await page.getByTestId("event-log").textContent()).includes("theirs"), "the classmate's run opened");
  await page.getByRole("button", { name: "Reset" }).click();
  await visit("");
  check((await page.getByTestId("event-log").textContent()).includes("mine-now"), "kept through a Reset of a classmate's link");
  await page.getByRole("button", { name: "Start fresh" }).click();
  await page.goto(base);
  await page.getByRole("group", { name: "Node 1", exact: true }).waitFor();
  check(!(await page.getByTestId("event-log").count()) || !(await page.getByTestId("event-log").textContent()).includes("mine-now"), "forgotten for good");
  check(await page.getByRole("button", { name: "Pause", exact: true }).isVisible(), "the default page, live, not a stored copy of it");
  check((await page.evaluate(() => localStorage.getItem("paxos-playground.run"))) === null, "nothing kept for a bare page");
  // A corrupt kept run is ignored with a notice. (Planted before the page's
  // own code runs: leaving a page keeps its run, over anything set now.)
  await page.addInitScript(() => localStorage.setItem("paxos-playground.run", "garbage!"));
  await page.goto(base);
  await page.getByRole("group", { name: "Node 1", exact: true }).waitFor();
  check((await page.getByTestId("notice").textContent()).includes("could not be restored"), "a notice for the corrupt value");
  // A run kept by a newer playground (its link format, checksum and all)
  // is named as such, and left for that page to open, until the reader
  // acts here.
  const body = [2, 7, 7, 7];
  const sum = body.reduce((h, b) => Math.imul(h ^ b, 0x01000193) >>> 0, 0x811c9dc5);
  const newer = Buffer.from([...body, sum & 255, (sum >>> 8) & 255, (sum >>> 16) & 255, sum >>> 24]).toString("base64url");
  const later = await open();
  await later.addInitScript((link) => localStorage.getItem("paxos-playground.run") === null && localStorage.setItem("paxos-playground.run", link), newer);
  await later.goto(base);
  await later.getByRole("group", { name: "Node 1", exact: true }).waitFor();
  const told = await later.getByTestId("notice").textContent();
  check(told.includes("kept by a newer Paxos Playground (link format 2)"), `the notice names the newer version: ${told}`);
  await later.waitForTimeout(300);
  check((await later.evaluate(() => localStorage.getItem("paxos-playground.run"))) === newer, "the newer run stays kept");
  await propose(later, 1, "here");
  await later.waitForFunction((link) => localStorage.getItem("paxos-playground.run") !== link, newer, { timeout: 3000 }).catch(() => {});
  check((await later.evaluate(() => localStorage.getItem("paxos-playground.run"))) !== newer, "acting here keeps this run instead");
  check((await later.getByTestId("notice").textContent()).includes("now the one kept"), `and the notice says so: ${await later.getByTestId("notice").textContent()}`);
  await close(later);
  await close(page);
});

test("course notes: two embedded playgrounds load, play and stay in their boxes", async () => {
  const context = await browser.newContext({ viewport: { width: 1000, height: 1400 } });
  const page = await context.newPage();
  page.errors = [];
  page.on("pageerror", (e) => page.errors.push(String(e)));
  await page.goto(base + "embed-example.html");
  const history = await page.evaluate(() => history.length);
  // Before anyone clicks into them, the embeds must not have taken focus.
  await page.frameLocator("iframe").nth(1).getByRole("group", { name: "Node 1", exact: true }).waitFor();
  check(await page.evaluate(() => document.activeElement === document.body), "no focus was stolen");
  const frames = page.locator("iframe");
  check((await frames.count()) === 2, "two iframes");
  for (let k = 0; k < 2; k++) {
    const frame = page.frameLocator("iframe").nth(k);
    await frame.getByRole("group", { name: "Node 1", exact: true }).waitFor();
    check(await frame.getByRole("link", { name: "Open in full playground" }).isVisible(), `iframe ${k}: the link`);
    const fits = await frame.locator("body").evaluate(() => ({
      scroll: document.documentElement.scrollHeight <= innerHeight && document.documentElement.scrollWidth <= innerWidth,
      cards: [...document.querySelectorAll(".node-card")].every((c) => {
        const r = c.getBoundingClientRect();
        return r.top >= 0 && r.left >= 0 && r.right <= innerWidth && r.bottom <= innerHeight;
      }),
    }));
    check(fits.scroll, `iframe ${k}: no scrollbars`);
    check(fits.cards, `iframe ${k}: every card inside the box`);
    await frame.getByRole("button", { name: "Play", exact: true }).click();
  }
  const first = page.frameLocator("iframe").nth(0);
  // Up to 10 s: a loaded machine drew two playing frames slowly, and a
  // fixed wait of 2.5 s once looked before the first tick was drawn.
  const playing = first.getByRole("slider", { name: "Timeline" });
  for (let waited = 0; waited < 10000 && (await playing.getAttribute("aria-valuetext")).startsWith("7.0 s"); waited += 250) {
    await page.waitForTimeout(250);
  }
  check(!(await playing.getAttribute("aria-valuetext")).startsWith("7.0 s"), "figure 1 plays");
  check(await first.getByRole("button", { name: "Propose at node 1" }).count() === 0, "figure 1 is locked");
  const second = page.frameLocator("iframe").nth(1);
  check((await second.getByRole("button", { name: "Propose at node 3", exact: true }).count()) === 1, "figure 2 lets readers propose");
  const host = await page.evaluate(() => ({ y: scrollY, history: history.length }));
  check(host.y === 0, `the host page did not scroll (${host.y})`);
  check(host.history === history, "the host's history is untouched");
  // Keys that scroll, pressed in an embed that has nothing to scroll,
  // would scroll the host page: the embed keeps them.
  await first.getByRole("button", { name: "Step", exact: true }).focus();
  for (const key of ["End", "PageDown", "ArrowDown"]) await page.keyboard.press(key);
  // The browser scrolls smoothly: give it time to have moved.
  await page.waitForTimeout(500);
  check((await page.evaluate(() => scrollY)) === 0, `keys in an embed leave the host where it was (${await page.evaluate(() => scrollY)})`);
  // The wheel over an embed's moment text, which fits its box, scrolls
  // the notes on: a reader scrolling through them was stuck there.
  await page.setViewportSize({ width: 1000, height: 800 });
  await first.getByTestId("walk-text").hover();
  await page.mouse.wheel(0, 300);
  await page.waitForFunction(() => scrollY > 0, null, { timeout: 3000 }).catch(() => {});
  check((await page.evaluate(() => scrollY)) > 0, "the wheel over the moment's text scrolls the host page");
  await page.evaluate(() => scrollTo(0, 0));
  await page.screenshot({ path: join(shots, "26-course-notes.png"), fullPage: true });
  check(page.errors.length === 0, `errors: ${page.errors}`);
  await context.close();
});

test("a page put online without its files says so, instead of loading for ever", async () => {
  const alone = await mkdtemp(join(tmpdir(), "paxos-alone-"));
  await copyFile(join(repo, "dist", "index.html"), join(alone, "index.html"));
  const { server: lonely, url } = await serve(alone);
  const context = await browser.newContext();
  const page = await context.newPage();
  await page.goto(url + "?embed=1#scenario=happy-path");
  const said = page.getByRole("alert");
  await said.waitFor({ timeout: 5000 });
  check((await said.textContent()).includes("could not load its files"), `it says: ${await said.textContent()}`);
  check(!(await page.getByText("Loading the playground…").isVisible()), "no longer loading");
  await context.close();
  lonely.close();
  await rm(alone, { recursive: true });
});

test("a projector's big embed shows the cluster and its controls large, inside the frame", async () => {
  const page = await open("?embed=1&controls=locked#scenario=value-recovery", { viewport: { width: 1800, height: 940 } });
  const sizes = await page.evaluate(() => ({
    cards: [...document.querySelectorAll(".node-card")].map((c) => c.getBoundingClientRect()),
    play: document.querySelector(".transport__play").getBoundingClientRect().height,
    text: parseFloat(getComputedStyle(document.querySelector("[data-testid=walk-text]")).fontSize) * (parseFloat(getComputedStyle(document.querySelector(".walk")).zoom) || 1),
    fits: document.documentElement.scrollHeight <= innerHeight && document.documentElement.scrollWidth <= innerWidth,
  }));
  check(sizes.cards.length === 5 && sizes.cards.every((r) => r.width > 280 && r.left >= 0 && r.right <= 1800 && r.bottom <= 940), `five large cards inside the frame: ${sizes.cards.map((r) => Math.round(r.width))}`);
  check(sizes.play > 40, `a Play button to match: ${sizes.play}px high`);
  check(sizes.text >= 18, `and a moment's text read from the back of the room: ${sizes.text}px`);
  check(sizes.fits, "no scrollbars");
  await page.screenshot({ path: join(shots, "26b-projector-embed.png") });
  await close(page);
});

test("an embed from 600 to 1000 px wide keeps its time controls on one row", async () => {
  for (const width of [640, 800, 880, 960, 1000]) {
    const page = await open("?embed=1#scenario=happy-path", { viewport: { width, height: 500 } });
    const rows = await page.locator(".transport > *:not([hidden])").evaluateAll((els) => new Set(els.filter((e) => e.offsetParent).map((e) => Math.round(e.getBoundingClientRect().top / 20))).size);
    check(rows === 1, `one row at ${width} px, not ${rows}`);
    check(await page.getByRole("button", { name: "Back to live" }).isVisible(), `Back to live shows at ${width} px`);
    await close(page);
  }
});

test("Back to live keeps a label however wide its time controls are", async () => {
  for (const [width, query] of [[1180, "?paused=1#scenario=happy-path"], [1366, "?paused=1#scenario=happy-path"], [1920, "?nodes=9&paused=1"]]) {
    const page = await open(query, { viewport: { width, height: 900 } });
    // In the past, so that the button has something to do and shows.
    if (!query.includes("scenario")) await propose(page, 1, "x");
    await page.getByRole("button", { name: "Step", exact: true }).click();
    await page.getByRole("button", { name: "Step back" }).click();
    const live = page.getByRole("button", { name: "Back to live" });
    const label = (await live.innerText()).trim();
    check(/live/i.test(label), `at ${width} px it reads “${label}”`);
    await close(page);
  }
});

test("the first screen points to the key to the pictures, and the button goes there", async () => {
  const page = await open("", { viewport: { width: 1440, height: 900 } });
  await page.getByRole("button", { name: "What each picture means" }).click();
  const [focused, top] = await page.evaluate(() => [document.activeElement?.id, document.querySelector("#legend-title").getBoundingClientRect().top]);
  check(focused === "legend-title" && top >= 0 && top < 100, `the key's title, focused at the top of the window: ${focused} at ${top}`);
  check((await page.evaluate(() => location.hash)) === "", "the address's fragment, which holds a run, is untouched");
  await close(page);
  // On the commonest laptop too, where it costs the masthead no line.
  const laptop = await open("", { viewport: { width: 1366, height: 768 } });
  check(await laptop.getByRole("button", { name: "What each picture means" }).isVisible(), "the button on a 1366 × 768 laptop");
  const lines = await laptop.locator(".masthead__tagline").evaluate((t) => Math.round(t.getBoundingClientRect().height / parseFloat(getComputedStyle(t).lineHeight)));
  check(lines <= 2, `the masthead keeps two lines: ${lines}`);
  await close(laptop);
});

test("the time controls stay put as the run plays, pauses, waits and goes on", async () => {
  // Pause is wider than Play, and "waiting for you" came and went: each
  // toggle moved the buttons after them, and a Step pressed after a Pause
  // fell on the gap beside it.
  const page = await open("", { viewport: { width: 1440, height: 900 } });
  const xs = () => page.evaluate(() => [".transport__step:nth-of-type(3)", ".transport__live", ".timeline"].map((s) => Math.round(document.querySelector(s).getBoundingClientRect().x)));
  const waiting = () => page.locator(".transport__waiting").textContent();
  check((await waiting()) === "waiting for you", `it opens playing, waiting: "${await waiting()}"`);
  const start = await xs();
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  check(JSON.stringify(await xs()) === JSON.stringify(start), `paused: ${await xs()} vs ${start}`);
  await page.getByRole("button", { name: "Propose at node 1" }).click();
  check((await waiting()) === "", "with messages due it waits no more");
  check(JSON.stringify(await xs()) === JSON.stringify(start), `with nothing to say there: ${await xs()} vs ${start}`);
  await page.getByRole("button", { name: "Play", exact: true }).click();
  check(JSON.stringify(await xs()) === JSON.stringify(start), `playing: ${await xs()} vs ${start}`);
  await close(page);
});

test("a lecture's embed: one row of cards, time controls that stay put, and a free frame that says what to press", async () => {
  const page = await open("?embed=1&controls=locked#scenario=value-recovery", { viewport: { width: 720, height: 480 } });
  const tops = await page.locator(".node-card").evaluateAll((cards) => cards.map((c) => Math.round(c.getBoundingClientRect().top)));
  check(tops.length === 5 && new Set(tops).size === 1, `the README's embed shows five cards in a row: ${tops}`);
  // Moment texts of two and three lines: the controls above them stay.
  const bar = async () => Math.round((await page.getByRole("group", { name: "Time controls" }).boundingBox()).y);
  const at = await bar();
  for (let k = 0; k < 5; k++) {
    await page.getByRole("button", { name: "Next moment" }).click();
    check((await bar()) === at, `moment ${k + 2}: the time controls moved from ${at} to ${await bar()}`);
  }
  // At the end, node 2's card says whole why it matters.
  await page.getByRole("button", { name: "Back to live" }).click();
  const mark = card(page, 2).locator(".node-card__mark");
  check((await mark.textContent()) === "n=1.1 acceptance forced the value; accept quorum", `node 2's mark: ${await mark.textContent()}`);
  check(await mark.evaluate((m) => m.scrollHeight <= m.clientHeight + 1), "and it is not cut off");
  check(await page.evaluate(() => [...document.querySelectorAll(".node-card")].every((c) => c.getBoundingClientRect().bottom <= document.querySelector(".transport").getBoundingClientRect().top)), "its card stays above the time controls");
  await close(page);
  // In the README's frame, and in a narrower course column, every moment
  // of every scenario reads whole, without scrolling its box.
  const menu = await open("");
  const names = (await menu.getByRole("combobox", { name: "Scenario" }).locator("option").evaluateAll((os) => os.map((o) => o.value))).filter((v) => v);
  await close(menu);
  check(names.length === 8, `eight scenarios: ${names}`);
  for (const [width, height] of [[720, 480], [640, 420], [560, 420], [490, 400]]) {
    for (const name of names) {
      const frame = await open(`?embed=1&controls=locked#scenario=${name}`, { viewport: { width, height } });
      const next = frame.getByRole("button", { name: "Next moment" });
      for (let k = 0; k < 12; k++) {
        const [count, over] = await frame.evaluate(() => {
          // A moment's text fits; a whole scenario's (one told without
          // moments) may scroll, and is a Tab stop for it.
          const text = document.querySelector(".walk:not(.walk--about) .walk__text");
          return [document.querySelector(".walk__count")?.textContent, text ? text.scrollHeight - text.clientHeight : 0];
        });
        check(over <= 1, `${width} × ${height}, ${name}, ${count}: the text runs ${over}px past its box`);
        if (!(await next.count()) || /^Moment (\d+) of \1$/.test(count)) break;
        await next.click();
      }
      // Nothing in the frame overflows it: the taller text took its room
      // from the cluster, which is shrunk to what is left.
      const fits = await frame.evaluate(() => document.documentElement.scrollHeight <= innerHeight && [...document.querySelectorAll(".node-card")].every((c) => c.getBoundingClientRect().bottom <= document.querySelector(".transport").getBoundingClientRect().top));
      check(fits, `${width} × ${height}, ${name}: the cards stay above the time controls`);
      await close(frame);
    }
  }
  const free = await open("?embed=1", { viewport: { width: 720, height: 480 } });
  check(await free.getByText("Press Propose on any node to start.", { exact: false }).isVisible(), "a free frame says what to do first");
  await free.getByRole("button", { name: "Propose at node 2", exact: true }).click();
  await free.getByRole("list", { name: "Latest events" }).waitFor();
  check(!(await free.getByText("Press Propose on any node to start.", { exact: false }).isVisible()), "then its events take the hint's place");
  await close(free);
});

test("an embed stepped past a moment says what the step did, above the moment's story", async () => {
  const page = await open("?embed=1#scenario=happy-path", { viewport: { width: 1280, height: 720 } });
  const now = page.getByTestId("walk-now");
  check((await now.count()) === 0, "at the moment itself, only its story");
  // Moment 3 is the promises; stepping on, node 1 counts them and adopts
  // red, which the embed (no log) showed in no words.
  await page.getByRole("button", { name: "Next moment" }).click();
  const step = page.getByRole("button", { name: "Step", exact: true });
  let said = "";
  for (let i = 0; i < 20 && !said.includes("counts a quorum of promises"); i++) {
    await step.click();
    said = (await now.count()) ? await now.textContent() : "";
  }
  check(/^\d+\.\d s: Node 1 counts a quorum of promises .* so node 1 must propose “red”/.test(said), `the step's line: ${said}`);
  check((await page.getByTestId("walk-text").textContent()).includes("Promise. Nodes 2 and 3 promise"), "and the moment's story follows");
  await page.screenshot({ path: join(shots, "26d-embed-step-said.png") });
  await close(page);
});

test("an embed at 360 px still shows the cluster and its controls", async () => {
  const page = await open("?embed=1#scenario=minority-crash", { viewport: { width: 360, height: 480 }, hasTouch: true, isMobile: true });
  const fits = await page.evaluate(() => document.documentElement.scrollWidth <= 360 && document.documentElement.scrollHeight <= 480);
  check(fits, "no scrollbars at 360 × 480");
  // A screen reader landing in the frame finds a page: a main region, a
  // title, and no card claiming to be the page's banner.
  await checkAccessibility(page, ["landmark-one-main", "page-has-heading-one", "landmark-no-duplicate-banner"]);
  await page.getByRole("button", { name: "Play", exact: true }).tap();
  await page.waitForFunction(() => document.querySelector(".embed__status")?.textContent.startsWith("Chosen"), null, { timeout: 30000 });
  // Stepping back pauses in the past; the way back to the end must fit too.
  await page.getByRole("button", { name: "Step back" }).tap();
  const live = page.getByRole("button", { name: "Back to live" });
  check(await live.isVisible() && !(await live.isDisabled()), "Back to live is shown and usable at 360 px");
  const box = await live.boundingBox();
  check(box.x >= 0 && box.x + box.width <= 360, `Back to live fits the row (${JSON.stringify(box)})`);
  // On one row with Play: a second row of controls is taken from the
  // cluster, whose cards were then too small to read.
  const rows = async (p) => p.evaluate(() => ["transport__play", "transport__live"].map((c) => Math.round(document.querySelector(`.${c}`).getBoundingClientRect().top)));
  const [playTop, liveTop] = await rows(page);
  check(Math.abs(playTop - liveTop) < 8, `the time controls keep to one row at 360 px (Play at ${playTop}, Live at ${liveTop})`);
  const status = await page.locator(".embed__status").evaluate((el) => el.scrollWidth <= el.clientWidth);
  check(status, "the status beside the full-playground link is not cut off");
  check(await page.getByRole("link", { name: "Open in full playground" }).isVisible(), "the link keeps its name");
  await page.screenshot({ path: join(shots, "27-embed-phone.png") });
  await live.tap();
  check(await live.isDisabled(), "tapping it returns to the end of the run");
  const gap = await page.evaluate(() => document.querySelector(".transport__live").getBoundingClientRect().left - document.querySelector(".timeline__thumb").getBoundingClientRect().right);
  check(gap >= 0, `the timeline's handle at the end stays clear of the button (${gap}px)`);
  // Paused (a scenario opens so) and playing ("❚❚ Pause" is the wider
  // label, and free play opens playing), from a column's width down.
  for (const [width, height] of [[600, 400], [560, 400], [540, 400], [480, 360], [400, 300], [360, 400], [320, 400]]) {
    for (const address of ["?embed=1#scenario=happy-path", "?embed=1"]) {
      const small = await open(address, { viewport: { width, height } });
      const [p, l] = await rows(small);
      const playing = await small.locator(".transport__play").getAttribute("aria-label");
      check(Math.abs(p - l) < 8, `the time controls keep to one row at ${width} × ${height} with ${playing} shown (Play at ${p}, Live at ${l})`);
      await close(small);
    }
  }
  // A long notice over the cluster keeps to two lines, Undo beside them:
  // acting in the past ends the scenario, which the notice says at length.
  await page.getByRole("button", { name: "Step back" }).tap();
  await page.getByRole("button", { name: "Crash node 1", exact: true }).tap();
  const notice = await page.locator(".notice").boundingBox();
  check(notice && notice.height <= 60, `the notice covers ${JSON.stringify(notice)} of the cluster`);
  await close(page);
  // The README's lecture embed, at the end of value recovery: every card
  // has grown its quorum mark and learned value, and none runs into
  // another.
  const locked = await open("?embed=1&controls=locked&log=0#scenario=value-recovery", { viewport: { width: 720, height: 480 } });
  await locked.getByRole("button", { name: "Back to live" }).click();
  const overlaps = await overlappingCards(locked);
  check(overlaps.length === 0, `cards that overlap: ${JSON.stringify(overlaps)}`);
  await close(locked);
});

test("export a run, import it back, and refuse bad files without losing the run", async () => {
  const page = await open("?paused=1&seed=31", { acceptDownloads: true });
  await propose(page, 2, "exported");
  for (let i = 0; i < 9; i++) await page.getByRole("button", { name: "Step", exact: true }).click();
  const moment = await timelineText(page);
  const cards = await cardTexts(page);
  const [download] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export run" }).click()]);
  const json = await readFile(await download.path(), "utf8");
  check(JSON.parse(json).format === "paxos-playground-trace", "a run file");
  // Change the run, then bring the saved one back.
  await page.getByRole("button", { name: "Reset" }).click();
  const input = page.locator("input[type=file]");
  await input.setInputFiles({ name: "saved.json", mimeType: "application/json", buffer: Buffer.from(json) });
  await page.getByTestId("notice").waitFor();
  check((await page.getByTestId("notice").textContent()).includes("Opened the run from “saved.json”"), await page.getByTestId("notice").textContent());
  check((await timelineText(page)) === moment && JSON.stringify(await cardTexts(page)) === JSON.stringify(cards), "the same moment");

  const bad = [
    ["broken.json", json.slice(0, json.length / 2), "not readable JSON"],
    ["other.json", json.replace('"version": 1', '"version": 9'), "version 9"],
    ["huge.json", " ".repeat(5 * 1024 * 1024 + 10), "up to 5120 KB"],
    ["evil.json", json.replace('"nodes": ', '"nodes": 7'), "impossible run"],
    ["far.json", JSON.stringify({ ...JSON.parse(json), at: { step: 999999, at: 99999999999 }, end: { step: 999999, at: 99999999999 } }), "never reaches"],
    // Its own last event, a day later: messages were still on their way,
    // so the next event comes first.
    ["late.json", JSON.stringify({ ...JSON.parse(json), at: { step: JSON.parse(json).end.step, at: 86400000 }, end: { step: JSON.parse(json).end.step, at: 86400000 } }), "never reaches"],
  ];
  for (const [name, text, reason] of bad) {
    await input.setInputFiles({ name, mimeType: "application/json", buffer: Buffer.from(text) });
    await page.waitForFunction((n) => document.querySelector("[data-testid=notice]")?.textContent.includes(n), name);
    const notice = await page.getByTestId("notice").textContent();
    check(notice.includes(reason) && notice.includes("Your run is unchanged"), `${name}: ${notice}`);
    check((await timelineText(page)) === moment, `${name}: the run stayed as it was`);
  }
  await page.screenshot({ path: join(shots, "33-import-refused.png") });
  // A scenario's run is named after it, and comes back with its text.
  await page.getByRole("combobox", { name: "Scenario" }).selectOption("value-recovery");
  for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Step", exact: true }).click();
  const [saved] = await Promise.all([page.waitForEvent("download"), page.getByRole("button", { name: "Export run" }).click()]);
  check(/^paxos-run-value-recovery-\d+\.\ds\.json$/.test(saved.suggestedFilename()), `named by scenario and moment: ${saved.suggestedFilename()}`);
  await page.getByRole("button", { name: "Start fresh" }).click();
  check((await page.getByRole("combobox", { name: "Scenario" }).inputValue()) !== "value-recovery", "the scenario is gone");
  await input.setInputFiles({ name: "lecture.json", mimeType: "application/json", buffer: await readFile(await saved.path()) });
  await page.getByTestId("notice").filter({ hasText: "lecture.json" }).waitFor();
  check((await page.getByRole("combobox", { name: "Scenario" }).inputValue()) === "value-recovery", "the import is the scenario again");
  check(await page.getByRole("heading", { name: "Value recovery" }).isVisible(), "with its text");
  await close(page);
});

// ----- see why it is safe -----

test("space-time diagram: off screen while playing it waits, and catches up at a pause or as it comes into view", async () => {
  const page = await open("?nodes=13&speed=2", { viewport: { width: 1280, height: 640 } });
  const arrows = () => page.locator(".diagram .arrow-line").count();
  const below = await page.evaluate(() => document.querySelector(".diagram").getBoundingClientRect().top - innerHeight);
  check(below > 300, `the diagram starts ${below}px below the screen`);
  await propose(page, 1, "apple");
  await page.waitForTimeout(1500);
  check((await arrows()) === 0, `nothing drawn off screen: ${await arrows()} arrows`);
  // A pause draws the moment, wherever the diagram is.
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  await page.waitForFunction(() => document.querySelectorAll(".diagram .arrow-line").length > 0, null, { timeout: 3000 });
  const paused = await arrows();
  // Played on and scrolled to, it shows the messages sent meanwhile.
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await page.waitForTimeout(1000);
  await page.locator(".diagram").scrollIntoViewIfNeeded();
  await page.waitForFunction((was) => document.querySelectorAll(".diagram .arrow-line").length > was, paused, { timeout: 3000 }).catch(() => {});
  check((await arrows()) > paused, `on screen it caught up: ${paused} then ${await arrows()} arrows`);
  await close(page);
});

test("space-time diagram: it follows the cursor when the timeline moves", async () => {
  const page = await open("?speed=8&seed=3");
  check(!(await page.locator(".diagram__touch-hint").isVisible()), "a mouse's scrollbar needs no words");
  await propose(page, 1, "far");
  await waitLearnedEverywhere(page, 5);
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  // Zoomed in, the run is several views wide.
  const zoomIn = page.getByRole("button", { name: "Zoom in" });
  while (!(await zoomIn.isDisabled())) await zoomIn.click();
  check(await page.evaluate(() => document.querySelector(".diagram__scroll").scrollWidth > 2 * document.querySelector(".diagram__scroll").clientWidth), "the run is wider than two views");
  // Is the cursor line inside the diagram's scrolled view?
  const inView = () => page.evaluate(() => {
    const view = document.querySelector(".diagram__scroll").getBoundingClientRect();
    const cursor = document.querySelector(".diagram__cursor").getBoundingClientRect();
    return cursor.left >= view.left && cursor.right <= view.right;
  });
  check(await inView(), "in view at the end of a long run");
  const bar = await timeline(page).boundingBox();
  await page.mouse.click(bar.x + bar.width * 0.1, bar.y + bar.height / 2);
  const [now, end] = (await timelineText(page)).match(/[\d.]+(?= s)/g).map(Number);
  check(now / end < 0.2, `sought near the start: ${now} s of ${end} s`);
  check(await inView(), "in view after a seek back to the start, while paused");
  await page.getByRole("button", { name: "Back to live" }).click();
  check(await inView(), "in view again back at the end");
  // Scrolled so that arrows cross the view's left edge, no label is cut
  // there: those that would be wait until they are scrolled to.
  let cut = 0;
  for (let k = 1; k < 10; k++) {
    await page.evaluate((k) => { const s = document.querySelector(".diagram__scroll"); s.scrollLeft = (s.scrollWidth * k) / 12 + 17; }, k);
    await page.waitForTimeout(150);
    cut += await page.evaluate(() => {
      const left = document.querySelector(".diagram__scroll").getBoundingClientRect().left;
      return [...document.querySelectorAll(".arrow-line__label, .diagram__axis text")].map((t) => t.getBoundingClientRect()).filter((r) => r.width > 0 && r.left < left - 1 && r.right > left).length;
    });
  }
  check(cut === 0, `${cut} labels or times cut at the view's left edge`);
  // A seek and back puts the view where the timeline is again.
  await page.mouse.click(bar.x + bar.width * 0.1, bar.y + bar.height / 2);
  await page.getByRole("button", { name: "Back to live" }).click();
  // Paused, the view ends at the cursor, with room for the labels of its
  // newest messages: the diagram draws nothing after it, so a view
  // centred there would be half empty.
  const fromRight = await page.evaluate(() => document.querySelector(".diagram__scroll").getBoundingClientRect().right - document.querySelector(".diagram__cursor").getBoundingClientRect().right);
  check(fromRight < 120, `the cursor is ${fromRight}px from the view's right edge`);
  // "Whole run" shows it all at once, from its first event to the cursor.
  const whole = page.getByRole("button", { name: "Whole run" });
  await whole.click();
  check(await page.evaluate(() => document.querySelector(".diagram__scroll").scrollWidth <= document.querySelector(".diagram__scroll").clientWidth + 1), "the whole run fits the view");
  check(await inView(), "the cursor too");
  check((await whole.getAttribute("aria-disabled")) === "true", "and the button rests until the run grows");
  check(await whole.evaluate((el) => el === document.activeElement), "keeping the focus");
  await page.getByRole("button", { name: "Zoom in" }).click();
  check((await whole.getAttribute("aria-disabled")) === null, "zoomed in again, it is offered again");
  await close(page);

  // Played to a scenario's end and still playing, "Whole run" shows it
  // from its start, not centred on the cursor with half of it off screen.
  const ended = await open("?speed=8#scenario=value-recovery", { viewport: { width: 1366, height: 768 } });
  await ended.getByRole("button", { name: "Play", exact: true }).click();
  await ended.locator(".transport__waiting", { hasText: "waiting for you" }).waitFor({ timeout: 10000 });
  await ended.getByRole("button", { name: "Whole run" }).click();
  const [left, cursorIn] = await ended.evaluate(() => {
    const s = document.querySelector(".diagram__scroll"), view = s.getBoundingClientRect();
    const cursor = document.querySelector(".diagram__cursor").getBoundingClientRect();
    return [s.scrollLeft, cursor.left >= view.left && cursor.right <= view.right];
  });
  check(left === 0 && cursorIn, `from its start to the cursor: scrolled ${left}px, cursor in view ${cursorIn}`);
  await close(ended);

  // Playing, a reader who scrolls back to look at what happened stays
  // there: the view stops following until they press Follow.
  const live = await open("?seed=3&speed=1&loss=30");
  await propose(live, 1, "left");
  await propose(live, 4, "right");
  const zoom = live.getByRole("button", { name: "Zoom in" });
  while (!(await zoom.isDisabled())) await zoom.click();
  await live.waitForTimeout(2500);
  const cursorInView = () => live.evaluate(() => {
    const view = document.querySelector(".diagram__scroll").getBoundingClientRect();
    const cursor = document.querySelector(".diagram__cursor").getBoundingClientRect();
    return cursor.left >= view.left && cursor.right <= view.right;
  });
  check(await cursorInView(), "followed while playing");
  await live.locator(".diagram__scroll").hover();
  await live.mouse.wheel(-5000, 0);
  const events = await live.locator("[data-testid=event-log] li").first().textContent();
  await live.waitForTimeout(1000);
  check((await live.locator("[data-testid=event-log] li").first().textContent()) !== events, "the run went on");
  check(!(await cursorInView()), "scrolled back while playing, the view stays where the reader put it");
  const follow = live.getByRole("button", { name: "Follow", exact: true });
  check(await follow.isVisible(), "a Follow button offers to catch up");
  await follow.click();
  await live.waitForTimeout(200);
  check(await cursorInView(), "Follow brings the cursor back into view");
  check(!(await follow.isVisible()), "and goes away");
  check(await live.evaluate(() => document.activeElement?.classList.contains("diagram__scroll")), "the focus stays in the diagram");
  // A short look back stops following too, and pausing there keeps the
  // reader's place; Play follows again.
  const scrollLeft = () => live.locator(".diagram__scroll").evaluate((e) => e.scrollLeft);
  await live.waitForTimeout(600);
  await live.locator(".diagram__scroll").hover();
  await live.mouse.wheel(-150, 0);
  await live.waitForTimeout(600);
  check(await follow.isVisible(), "a short look back stops following");
  const looked = await scrollLeft();
  await live.getByRole("button", { name: "Pause", exact: true }).click();
  await live.waitForTimeout(200);
  check((await scrollLeft()) === looked, `pausing keeps the reader's place (${looked}, then ${await scrollLeft()})`);
  check((await live.locator(".transport__play--nudge").count()) === 0, "a pause on purpose does not nag for Play");
  await live.getByRole("button", { name: "Play", exact: true }).click();
  await live.waitForTimeout(300);
  check(!(await follow.isVisible()) && (await cursorInView()), "Play follows again");
  // Scrolling forward to the cursor, or past it, follows again as well.
  await live.locator(".diagram__scroll").hover();
  await live.mouse.wheel(-5000, 0);
  await live.waitForTimeout(300);
  await live.mouse.wheel(20000, 0);
  await live.waitForTimeout(800);
  check(!(await follow.isVisible()) && (await cursorInView()), "scrolling forward past the cursor follows again");
  await close(live);
});

test("space-time diagram: an arrow per message, crosses for losses, clicks that seek, an SVG export", async () => {
  const page = await open("?speed=8&paused=1", { acceptDownloads: true });
  await propose(page, 1, "drawn");
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await waitLearnedEverywhere(page, 5);
  await page.waitForTimeout(600);
  const region = page.getByRole("region", { name: "Space-time diagram" });
  // One proposal on five nodes, nothing lost: four of each of Prepare,
  // Promise, Accept, Accepted and Decide between nodes.
  check((await region.locator(".arrow-line").count()) === 20, `arrows: ${await region.locator(".arrow-line").count()}`);
  const first = region.locator(".arrow-line").first();
  await first.locator(".arrow-line__hit").click({ force: true });
  check(!(await page.getByRole("button", { name: "Back to live" }).isDisabled()), "clicking an arrow moved the timeline back");
  // The arrow pressed is marked, and told in words under the diagram.
  check((await first.getAttribute("class")).includes("arrow-line--pointed"), "the pressed arrow is marked");
  check((await region.locator(".arrow-line--pointed").count()) === 1, "and only that one");
  const caption = await region.getByTestId("diagram-caption").textContent();
  check(/^Prepare\(n=1\.1\), node 1 → node \d: sent at 0\.0 s, arrived at \d+\.\d s\.$/.test(caption), caption);
  // A log line of what a node did when a message came marks that message.
  await page.getByRole("button", { name: "Back to live" }).click();
  await page.getByTestId("event-log").locator(".log__seek").filter({ hasText: "Node 3 accepted" }).first().click();
  const told = await region.getByTestId("diagram-caption").textContent();
  check(/^Accept\(n=1\.1, drawn\), node 1 → node 3: sent at/.test(told), `the log line's message: ${told}`);
  const [download] = await Promise.all([page.waitForEvent("download"), region.getByRole("button", { name: "Export diagram" }).click()]);
  const named = download.suggestedFilename().match(/^paxos-diagram-free-play-(\d+\.\d)s-(\d+\.\d)s\.svg$/);
  check(named, `named by what and when: ${download.suggestedFilename()}`);
  const svg = await readFile(await download.path(), "utf8");
  check(svg.includes(`space-time diagram, ${named[1]} s to ${named[2]} s</title>`), `the name's span is the figure's: ${svg.match(/<title>[^<]*/)}`);
  const parsed = await page.evaluate((text) => {
    const doc = new DOMParser().parseFromString(text, "image/svg+xml");
    return { root: doc.documentElement.nodeName, error: doc.querySelector("parsererror") !== null, texts: [...doc.querySelectorAll("text")].map((t) => t.textContent) };
  }, svg);
  check(parsed.root === "svg" && !parsed.error, "the export parses as SVG");
  check(parsed.texts.some((t) => t.startsWith("Prepare(n=1.1)")), `labels as text: ${parsed.texts.slice(0, 4)}`);
  // Coloured by ballot, the key names the ballot and the export keeps the
  // colours: a Prepare of ballot n=1.1 is no longer Prepare's blue.
  await region.getByRole("switch", { name: "Colour by ballot" }).check();
  await page.getByRole("button", { name: "Back to live" }).click();
  check((await region.getByRole("list", { name: "Ballot colours" }).textContent()) === "n=1.1Decide", "the key lists the one ballot, and Decide, which has none");
  const [tinted] = await Promise.all([page.waitForEvent("download"), region.getByRole("button", { name: "Export diagram" }).click()]);
  const tintedSvg = await readFile(await tinted.path(), "utf8");
  // Ballot n=1.1 takes the first ballot colour, which is not Accept's: its
  // lines in that colour, its labels in it darkened, as small text is.
  check(tintedSvg.includes('stroke="#0072b2"') && /<text[^>]*fill="#005280">Accept\(/.test(tintedSvg), "the export is coloured as the page is");
  check(!/<text[^>]*fill="#c77f00">Accept\(/.test(tintedSvg), "no Accept keeps its kind's colour");
  check(/<rect[^>]*fill="#0072b2"\/><text[^>]*>n=1\.1<\/text>/.test(tintedSvg), "the export carries the key");
  await close(page);

  const lossy = await open("#scenario=happy-path");
  // Step to the end of the scenario, where Step has nothing left to do.
  const step = lossy.getByRole("button", { name: "Step", exact: true });
  let midFlight = null;
  const pastCursor = [];
  for (let i = 0; i < 60 && !(await step.getAttribute("aria-disabled")); i++) {
    // No label reaches past the cursor, into what has not happened yet.
    pastCursor.push(...(await lossy.evaluate(() => {
      const cursor = document.querySelector(".diagram__cursor").getBoundingClientRect();
      return [...document.querySelectorAll(".arrow-line__label")].filter((l) => l.getBoundingClientRect().right > cursor.left + 1).map((l) => l.textContent);
    })));
    await step.click();
    // On the way, messages in flight are drawn as far as the cursor and
    // no further: past it, the veil covers each one's line.
    midFlight ??= await lossy.evaluate(() => {
      document.querySelector(".diagram__scroll").scrollIntoView({ block: "center" });
      const veil = document.querySelector(".diagram__veil");
      const cursor = document.querySelector(".diagram__cursor").getBoundingClientRect();
      for (const line of document.querySelectorAll(".arrow-line--flying .arrow-line__shaft")) {
        const svg = line.ownerSVGElement.getBoundingClientRect();
        const [x1, y1, x2, y2] = ["x1", "y1", "x2", "y2"].map((a) => Number(line.getAttribute(a)));
        const x = cursor.left + cursor.width / 2 - svg.left;
        // A line that runs on well past the cursor: a point on it either side.
        if (!(x1 < x - 8 && x2 > x + 8)) continue;
        const at = (px) => document.elementFromPoint(svg.left + px, svg.top + y1 + ((y2 - y1) * (px - x1)) / (x2 - x1));
        // And the veil hides, not just catches the pointer: it is opaque.
        const opaque = /^rgb\(/.test(getComputedStyle(veil).backgroundColor);
        return { before: at(x - 6)?.closest(".arrow-line") != null, after: veil.contains(at(x + 6)), opaque };
      }
      return null;
    });
  }
  check(midFlight !== null && midFlight.before && midFlight.after && midFlight.opaque, `in flight, drawn up to the cursor and hidden after it: ${JSON.stringify(midFlight)}`);
  check(pastCursor.length === 0, `labels past the cursor: ${pastCursor}`);
  check(await lossy.getByRole("button", { name: "Back to live" }).isDisabled(), "stepped to the end");
  // A time axis under the lanes counts the seconds up to the cursor.
  const axis = await lossy.evaluate(() => {
    const cursor = document.querySelector(".diagram__cursor").getBoundingClientRect().left;
    return [...document.querySelectorAll(".diagram__axis text")].map((t) => ({ s: parseFloat(t.textContent), right: t.getBoundingClientRect().right, cursor }));
  });
  const shownAt = parseFloat(await timelineText(lossy));
  check(axis.length >= 2 && axis.every((a, i) => a.right <= a.cursor && a.s <= shownAt && (i === 0 || a.s > axis[i - 1].s)),
    `the time axis, up to ${shownAt} s: ${JSON.stringify(axis.map((a) => a.s))}`);
  // The crosses lie over the veil, each where a lost message's line stops.
  const crosses = await lossy.evaluate(() => {
    const lost = [...document.querySelectorAll(".arrow-line--lost .arrow-line__shaft")].map((l) => `${l.getAttribute("x2")},${l.getAttribute("y2")}`);
    const marks = [...document.querySelectorAll(".diagram__marks .arrow-line__cross")].map((p) => {
      const [x, y] = p.getAttribute("d").slice(1).split(" ")[0].split(",").map(Number);
      return `${x + 4},${y + 4}`;
    });
    return { lost, marks };
  });
  check(crosses.lost.length >= 1 && crosses.lost.every((end) => crosses.marks.includes(end)), `a lost message ends in a cross: ${JSON.stringify(crosses)}`);
  await lossy.screenshot({ path: join(shots, "28-diagram-happy-path.png"), fullPage: true });
  await close(lossy);
});

test("paused while five proposers race, the cluster's message labels do not cover each other; on a projector, the newest keeps its label and the diagram shows the moment", async () => {
  const page = await open("", { viewport: { width: 1280, height: 720 } });
  for (let k = 1; k <= 5; k++) await page.getByRole("button", { name: `Propose at node ${k}`, exact: true }).click();
  await page.waitForTimeout(1200);
  await page.getByRole("button", { name: "Pause", exact: true }).click();
  await page.waitForFunction(() => document.querySelectorAll(".packets .edge--quiet").length > 0, null, { timeout: 3000 }).catch(() => {});
  const boxes = await page.$$eval(".packets .edge:not(.edge--quiet)", (els) =>
    els.filter((e) => getComputedStyle(e).opacity > 0.2).map((e) => { const r = e.getBoundingClientRect(); return [e.textContent, r.left, r.right, r.top, r.bottom]; }));
  const quiet = await page.locator(".packets .edge--quiet").count();
  check(quiet > 0 && boxes.length > 2, `some labels make room, some stay: ${quiet} markers alone, ${boxes.length} labelled`);
  for (const [i, a] of boxes.entries()) for (const b of boxes.slice(i + 1)) {
    check(!(a[1] < b[2] - 1 && b[1] < a[2] - 1 && a[3] < b[4] - 1 && b[3] < a[4] - 1), `${a[0]} and ${b[0]} overlap: ${JSON.stringify([a, b])}`);
  }
  await page.screenshot({ path: join(shots, "13b-paused-race-labels.png") });
  // Playing again, every label is back but for repeats: a pill that says
  // what another on its way from the same sender, or to the same
  // receiver, says keeps its marker alone, and that other says it.
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await page.waitForTimeout(100);
  const flying = await page.$$eval(".packets .edge", (els) => els.map((e) => [e.querySelector(".edge__label").textContent, e.classList.contains("edge--quiet")]));
  const said = new Set(flying.filter(([, quiet]) => !quiet).map(([text]) => text));
  check(flying.every(([text]) => said.has(text)), `in flight, every label shows once: ${JSON.stringify(flying)}`);
  await close(page);
  // The moment a message is sent, its label is the one kept: on a
  // projector's ring, an earlier ballot's reply kept the Prepare's.
  const wide = await open("#scenario=happy-path", { viewport: { width: 1920, height: 1080 } });
  const labelled = await wide.$$eval(".packets .edge:not(.edge--quiet)", (els) =>
    els.filter((e) => getComputedStyle(e).opacity > 0.2).map((e) => e.textContent));
  check(labelled.includes("Prepare(n=2.1)"), `the new Prepare's label shows: ${labelled}`);
  // And the diagram beside the cluster opens with the moment in view.
  const [cursor, view] = await wide.evaluate(() =>
    [".diagram__cursor", ".diagram__scroll"].map((s) => document.querySelector(s).getBoundingClientRect().toJSON()));
  check(cursor.left >= view.left && cursor.right <= view.right, `the cursor in view: ${JSON.stringify([cursor, view])}`);
  await close(wide);
});

test("space-time diagram: when proposers race, the labels do not pile up", async () => {
  const page = await open("?speed=8&paused=1&seed=3");
  for (const k of [1, 2, 3, 4, 5]) await propose(page, k, `v${k}`);
  await playUntilLearned(page, 5);
  const region = page.getByRole("region", { name: "Space-time diagram" });
  const arrows = await region.locator(".arrow-line").count();
  const boxes = await region.locator(".arrow-line__label").evaluateAll((ls) => ls.map((l) => {
    const r = l.getBoundingClientRect();
    return [r.left, r.top, r.right, r.bottom];
  }));
  check(boxes.length >= 10, `${boxes.length} labels for ${arrows} arrows`);
  check(boxes.length < arrows, `some of the ${arrows} arrows go without a label`);
  // Two labels may touch, never sit on one another.
  const piled = [];
  for (let i = 0; i < boxes.length; i++) {
    for (let j = i + 1; j < boxes.length; j++) {
      const [a, b] = [boxes[i], boxes[j]];
      const w = Math.min(a[2], b[2]) - Math.max(a[0], b[0]);
      const h = Math.min(a[3], b[3]) - Math.max(a[1], b[1]);
      if (w > 3 && h > 4) piled.push([i, j]);
    }
  }
  check(piled.length === 0, `labels on top of each other: ${JSON.stringify(piled.slice(0, 5))}`);
  await region.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, "28b-diagram-race.png") });
  await close(page);
});

test("value recovery: the adoption sentence and the quorum on the cards", async () => {
  const page = await open("?speed=8#scenario=value-recovery");
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await page.getByTestId("why").waitFor({ timeout: 20000 });
  const why = await page.getByTestId("why").textContent();
  check(why.includes("Node 5 proposes “apple” at n=2.5, not its own “pear”: node 2's promise reported “apple”, accepted at n=1.1"), why);
  check(why.includes("any two majorities of 5 nodes share a node"), why);
  await chosen(page).waitFor();
  const meta = await page.locator(".status__meta").first().textContent();
  check(meta.includes("chosen once nodes 2, 3 and 5 had accepted it, the first majority to do so"), `the majority that chose it: ${meta}`);
  check((await card(page, 2).locator(".node-card__mark").textContent()) === "n=1.1 acceptance forced the value; accept quorum", "node 2 is marked for both");
  // Counted by their rings, the accept quorum is a majority: the forced
  // card wears the quorum's green ring around its orange one.
  const green = await page.locator(".node-card--accepted, .node-card--also-accepted").count();
  check(green === 3, `three green rings for the three that chose it: ${green}`);
  const ring = await card(page, 2).evaluate((e) => getComputedStyle(e).boxShadow);
  // (The card's own shadow is two: the two rings make four colours.)
  check((ring.match(/rgb/g) ?? []).length >= 4, `node 2 wears two rings and its shadow: ${ring}`);
  await page.getByRole("switch", { name: "Colour by ballot" }).check();
  check((await page.locator(".app.by-ballot").count()) === 1, "colours by ballot");
  await page.getByRole("button", { name: "Node 2", exact: true }).click();
  const history = await page.getByTestId("node-history").textContent();
  check(history.includes("accepted (n=1.1, apple)"), history);
  // (Its top, at least: the run plays on, and the list grows.)
  const inView = await page.getByTestId("node-history").evaluate((el) => { const r = el.getBoundingClientRect(); return r.top >= 0 && r.top + 100 <= innerHeight; });
  check(inView, "the history opens in view, not below the fold");
  await page.screenshot({ path: join(shots, "29-value-recovery-explained.png"), fullPage: true });
  await checkAccessibility(page);
  // Each history entry moves the timeline to it.
  await page.getByTestId("node-history").getByRole("button").filter({ hasText: "accepted (n=1.1, apple)" }).click();
  check((await timelineText(page)).startsWith("3.0 s"), `history seeks: ${await timelineText(page)}`);
  await close(page);
});

test("focus stays in the page when a render takes away the control that held it", async () => {
  const page = await open("?paused=1#scenario=value-recovery");
  await page.getByRole("slider", { name: "Timeline" }).focus();
  await page.keyboard.press("End");
  await page.getByRole("button", { name: "Node 2", exact: true }).click();
  const entry = page.getByTestId("node-history").getByRole("button").filter({ hasText: "accepted (n=1.1, apple)" });
  await entry.click();
  check(await entry.evaluate((e) => e === document.activeElement), "the entry has the focus");
  // A step back (a page key) goes before the entry's event: it goes.
  await page.keyboard.press("ArrowLeft");
  await entry.waitFor({ state: "detached", timeout: 3000 }).catch(() => {});
  check((await entry.count()) === 0, "a step back takes the entry away");
  const where = await page.evaluate(() => document.activeElement === document.body ? "the page itself"
    : document.activeElement.closest("[data-testid=node-history]") ? "history" : document.activeElement.outerHTML.slice(0, 80));
  check(where === "history", `the focus stays in the history, not on ${where}`);
  // Focus left on purpose (a click on blank page) is not pulled back
  // when the element it left is taken away later.
  await page.getByRole("slider", { name: "Timeline" }).focus();
  await page.keyboard.press("End");
  await entry.click();
  await page.locator(".masthead__title").click();
  await page.keyboard.press("ArrowLeft");
  await entry.waitFor({ state: "detached", timeout: 3000 }).catch(() => {});
  await page.waitForTimeout(100);
  check(await page.evaluate(() => document.activeElement === document.body), "the focus stays where the reader left it");
  await close(page);
});

test("a box the run disables under the typing hands its focus to the card's next control", async () => {
  const page = await open("#scenario=value-recovery");
  await page.getByRole("button", { name: "Play", exact: true }).click();
  // Node 1 crashes at 2.5 s, while the reader is typing in its box.
  const box = page.getByRole("textbox", { name: "Value for node 1" });
  await box.click();
  await box.pressSequentially("fig");
  await page.waitForFunction(() => document.querySelector("[aria-label='Value for node 1']")?.disabled, null, { timeout: 10000 });
  await page.waitForTimeout(100);
  // The next control Tab reaches: the node's loss slider (Propose is
  // disabled too).
  const where = await page.evaluate(() => document.activeElement?.getAttribute("aria-label") ?? document.activeElement?.tagName);
  check(where === "Message loss at node 1", `the focus goes on in the card, not to ${where}`);
  await close(page);
});

test("an upright tablet: the time bar reads what each step did, and a Reset's Undo stops covering the cards once the reader acts", async () => {
  const page = await open("?paused=1", { viewport: { width: 820, height: 1180 }, hasTouch: true, isMobile: true });
  await propose(page, 1, "apple");
  await page.getByRole("button", { name: "Step", exact: true }).tap();
  await page.getByRole("button", { name: "Step", exact: true }).tap();
  const caption = page.locator(".transport__latest");
  check(await caption.isVisible(), "the newest log line rides in the bar");
  check(/node 1/i.test(await caption.textContent()), `it reads the step: ${await caption.textContent()}`);
  await page.getByRole("button", { name: "Reset", exact: true }).tap();
  const notice = page.locator(".notice");
  check((await notice.getAttribute("class")).includes("notice--pinned"), "Reset's Undo is pinned in sight at first");
  await propose(page, 2, "pear");
  check(await page.getByRole("button", { name: "Undo" }).isVisible(), "its Undo is still offered");
  check(!(await notice.getAttribute("class")).includes("notice--pinned"), "but no longer pinned over the cards");
  // A fork's Undo lets go as the reader steps through the future it
  // points at.
  for (let k = 0; k < 3; k++) await page.getByRole("button", { name: "Step", exact: true }).tap();
  await page.getByRole("button", { name: "Step back" }).tap();
  await page.getByRole("button", { name: "Crash node 3" }).tap();
  check((await notice.textContent()).includes("changed the past") && (await notice.getAttribute("class")).includes("notice--pinned"), `the fork's notice is pinned at first: ${await notice.textContent()}`);
  await page.getByRole("button", { name: "Step", exact: true }).tap();
  check(!(await notice.getAttribute("class")).includes("notice--pinned"), "and lets go at the next step");
  await close(page);
});

/** Propose at node 1, step on four events and back one, then crash node
 *  5: a fork a few ticks into the past, each press a `press` ("tap" or
 *  "click"). */
async function forkByCrash(page, press) {
  await propose(page, 1, "apple");
  for (let k = 0; k < 4; k++) await page.getByRole("button", { name: "Step", exact: true })[press]();
  await page.getByRole("button", { name: "Step back" })[press]();
  await page.getByRole("button", { name: "Crash node 5" })[press]();
}

test("a phone on its side: a fork's notice and its Undo stay in sight over the cards", async () => {
  const page = await open("?paused=1", { viewport: { width: 844, height: 390 }, hasTouch: true, isMobile: true });
  await forkByCrash(page, "tap");
  const notice = page.locator(".notice--pinned");
  await notice.waitFor();
  // The old future was a few ticks long: not "0.0 s".
  check(/which went on under 0\.1 s more/.test(await notice.textContent()), `what was put aside: ${await notice.textContent()}`);
  // Seen from the cards, a screen below the top of the page.
  await page.getByRole("button", { name: "Crash node 4" }).scrollIntoViewIfNeeded();
  const box = await notice.boundingBox();
  check(await page.evaluate(() => scrollY) > 200 && box.y >= 0 && box.y + box.height <= 390 * 0.25,
    `the notice stays at the top, in a quarter of the screen: ${JSON.stringify(box)} at scroll ${await page.evaluate(() => scrollY)}`);
  const undo = await page.getByRole("button", { name: "Undo" }).boundingBox();
  check(undo && undo.y >= 0 && undo.y + undo.height <= box.y + box.height, `its Undo with it: ${JSON.stringify(undo)}`);
  await page.screenshot({ path: join(shots, "31c-side-phone-fork.png") });
  await page.getByRole("button", { name: "Undo" }).tap();
  check((await page.getByRole("button", { name: "Crash node 5" }).count()) === 1 && (await page.getByRole("button", { name: "Restart node 5" }).count()) === 0, "Undo brings back node 5 as it was, up");
  await close(page);
});

test("a phone: a fork's pinned notice keeps to three lines with its Undo beside them, over little of the cards", async () => {
  const page = await open("?paused=1", { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  await propose(page, 1, "apple");
  for (let k = 0; k < 4; k++) await page.getByRole("button", { name: "Step", exact: true }).tap();
  await page.getByRole("button", { name: "Step back" }).tap();
  await page.getByRole("button", { name: "Propose at node 3", exact: true }).tap();
  const notice = page.locator(".notice--pinned");
  await notice.waitFor();
  const box = await notice.boundingBox();
  const undo = await page.getByRole("button", { name: "Undo" }).boundingBox();
  check(box.height <= 100 && undo.y + undo.height <= box.y + box.height && undo.x > box.x + box.width / 2,
    `the notice ${Math.round(box.height)} px tall, its Undo beside the text: ${JSON.stringify(undo)}`);
  await close(page);
});

test("a laptop's browser: a fork's notice beside the cluster stays in sight while the page scrolls", async () => {
  const page = await open("?paused=1", { viewport: { width: 1366, height: 657 } });
  await forkByCrash(page, "click");
  const notice = page.locator(".sidebar > .notice--pinned");
  await notice.waitFor();
  await page.mouse.wheel(0, 600);
  await page.waitForFunction(() => scrollY > 300, null, { timeout: 3000 }).catch(() => {});
  const box = await notice.boundingBox();
  const undo = await page.getByRole("button", { name: "Undo" }).boundingBox();
  check(await page.evaluate(() => scrollY) > 300 && box.y >= 0 && box.y + box.height <= 657 / 3 && undo && undo.y >= 0 && undo.y + undo.height <= box.y + box.height,
    `the notice and its Undo stay at the top: ${JSON.stringify(box)}, Undo ${JSON.stringify(undo)} at scroll ${await page.evaluate(() => scrollY)}`);
  await page.screenshot({ path: join(shots, "31d-laptop-fork.png") });
  await close(page);
});

test("a demo's long story, pinned beside the cluster in a few lines, reads whole when pointed at", async () => {
  const page = await open("", { viewport: { width: 1366, height: 768 } });
  await page.getByRole("button", { name: "Show me how “Count duplicate replies” breaks safety" }).click();
  const text = page.locator(".sidebar > .notice--pinned .notice__text");
  await text.waitFor();
  const cut = await text.evaluate((t) => t.scrollHeight > t.clientHeight + 1);
  check(cut, "the story runs past the lines shown");
  await text.hover();
  await page.waitForFunction(() => { const t = document.querySelector(".sidebar > .notice--pinned .notice__text"); return t.scrollHeight <= t.clientHeight + 1; }, null, { timeout: 3000 }).catch(() => {});
  const whole = await text.evaluate((t) => [t.scrollHeight, t.clientHeight]);
  check(whole[0] <= whole[1] + 1, `pointed at, it shows whole: ${whole}`);
  // With the focus on its Undo too, for a keyboard.
  await page.mouse.move(5, 5);
  await page.getByRole("button", { name: "Undo" }).focus();
  const focused = await text.evaluate((t) => [t.scrollHeight, t.clientHeight]);
  check(focused[0] <= focused[1] + 1, `with the focus in it, whole too: ${focused}`);
  await close(page);
});

test("Present opens the moment on screen large in a new tab, for a projector", async () => {
  const page = await open("#scenario=value-recovery", { viewport: { width: 1280, height: 720 } });
  for (let k = 0; k < 2; k++) await page.getByRole("button", { name: "Next moment" }).click();
  const moment = await timelineText(page);
  const [tab] = await Promise.all([page.context().waitForEvent("page"), page.getByRole("button", { name: "Present", exact: true }).click()]);
  await tab.getByRole("group", { name: "Node 1", exact: true }).waitFor();
  check((await tab.locator(".app--embed").count()) === 1, "the embed's view, without the panels");
  check((await timelineText(tab)) === moment, `at the same moment: ${await timelineText(tab)}, not ${moment}`);
  check((await tab.getByTestId("walk-count").textContent()).startsWith("Moment 3 of"), "with the scenario's story");
  // Read from the back of a room: a card's state text, as drawn, against
  // the full page's.
  const drawn = (p) => p.locator(".node-card__state dt").first().evaluate((e) => e.getBoundingClientRect().height);
  const [large, small] = [await drawn(tab), await drawn(page)];
  check(large > small * 1.3, `the cards' text is drawn larger: ${large.toFixed(1)} px lines against ${small.toFixed(1)}`);
  await tab.screenshot({ path: join(shots, "26c-present.png") });
  await close(page);
});

test("fault tolerance and invariants: a majority down, then a broken rule", async () => {
  const page = await open("?paused=1");
  const meter = page.getByRole("meter", { name: "Fault tolerance" });
  check((await meter.getAttribute("aria-valuetext")).includes("tolerates 2 more crashes"), await meter.getAttribute("aria-valuetext"));
  // Cut links: the meter shows as many nodes as can act together, the
  // rest of those up striped, as its sentence counts them.
  const panel = page.getByRole("region", { name: "Partitions" });
  for (const k of [2, 4]) await panel.getByRole("button", { name: `Node ${k} across the cut`, exact: true }).click();
  check((await meter.getAttribute("aria-valuetext")).includes("one more crash, of the wrong node, would stop every new ballot"), await meter.getAttribute("aria-valuetext"));
  check((await meter.getAttribute("aria-valuenow")) === "3", `three can act together: ${await meter.getAttribute("aria-valuenow")}`);
  check((await meter.locator(".tolerance__cell--up").count()) === 3 && (await meter.locator(".tolerance__cell--cut").count()) === 2, "three cells full, two striped");
  await meter.scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, "30-cut-links-meter.png") });
  await panel.getByRole("button", { name: "Heal every link" }).click();
  for (const k of [3, 4, 5]) await page.getByRole("button", { name: `Crash node ${k}`, exact: true }).click();
  const text = await meter.getAttribute("aria-valuetext");
  check(text.includes("no new ballot can succeed until nodes come back") && text.includes("Safety still holds"), text);
  const invariants = page.getByRole("region", { name: "Invariants" });
  check((await invariants.getByText("holds").count()) >= 4, "every invariant holds");
  // What each one means, on a touch screen too, not only in tooltips.
  await invariants.getByText("What each one means").click();
  check(await invariants.getByText("At most one value is ever chosen.").isVisible(), "agreement explained");
  await page.screenshot({ path: join(shots, "30-majority-down-meter.png") });
  await close(page);
});

// ----- break it -----

test("partitions: the cards of a split cluster say whom each side is cut off from", async () => {
  const page = await open("#scenario=partition-and-heal");
  await page.getByRole("button", { name: "Step", exact: true }).click();
  check((await card(page, 4).locator(".node-card__mark--cut").textContent()) === "cut off from nodes 1, 2 and 3", "the small side");
  check((await card(page, 2).locator(".node-card__mark--cut").textContent()) === "cut off from nodes 4 and 5", "the large side");
  // Only the side without a majority is outlined, in the partition's colour.
  for (const k of [4, 5]) check(await card(page, k).evaluate((el) => el.classList.contains("node-card--isolated")), `node ${k}, on the small side, is outlined`);
  check((await page.locator(".node-card--isolated").count()) === 2, "the large side is not");
  check((await card(page, 4).locator(".node-card__mark--apart").count()) === 1, "the small side's words are coloured");
  check((await card(page, 2).locator(".node-card__mark--apart").count()) === 0, "the large side's are not");
  await close(page);
});

/** The Partitions panel of `page`: its toggle for node `k`, and the line
 *  that says the sides. */
function partitions(page) {
  const panel = page.getByRole("region", { name: "Partitions" });
  return {
    panel,
    node: (k) => panel.getByRole("button", { name: `Node ${k} across the cut`, exact: true }),
    sides: panel.getByTestId("partition-sides"),
  };
}

test("partitions: a node cut off cannot decide alone; the majority can, and healing catches it up", async () => {
  const page = await open("?nodes=5&speed=8");
  const { panel, node, sides } = partitions(page);
  check((await sides.textContent()) === "No link is cut.", await sides.textContent());
  await node(1).click();
  check((await node(1).getAttribute("aria-pressed")) === "true", "node 1 is across the cut");
  check((await sides.textContent()).startsWith("Split: node 1 on one side, nodes 2, 3, 4 and 5 on the other."), await sides.textContent());
  check(await card(page, 1).evaluate((el) => el.classList.contains("node-card--isolated")), "the card shows it is cut off");
  check((await card(page, 1).locator(".node-card__mark--cut").textContent()) === "cut off from the others", "and says so");
  check((await card(page, 2).locator(".node-card__mark--cut").textContent()) === "cut off from node 1", "the others say they lost it");
  check((await page.locator(".node-card--isolated").count()) === 1, "only the node cut off is outlined");
  check((await page.getByTestId("event-log").textContent()).includes("The cluster is split: node 1 on one side of a cut"), "the log says so");
  await propose(page, 1, "lonely");
  await page.waitForTimeout(1500);
  check(!(await chosen(page).isVisible()), "alone, node 1 cannot gather a majority");
  await propose(page, 4, "together");
  await chosen(page).getByText("together").waitFor({ timeout: 30000 });
  check((await card(page, 1).locator(".node-card__learned").textContent()) === "—", "the cut-off node has not heard");
  await page.screenshot({ path: join(shots, "34-partition.png") });
  // Heal by keyboard: node 1 back, and nothing is cut.
  await node(1).focus();
  await page.keyboard.press("Enter");
  await page.waitForFunction(() => document.querySelector("[data-testid=partition-sides]").textContent === "No link is cut.", null, { timeout: 3000 }).catch(() => {});
  check((await node(1).getAttribute("aria-pressed")) === "false" && (await sides.textContent()) === "No link is cut.", `node 1 is back: ${await sides.textContent()}`);
  await waitLearnedEverywhere(page, 5);
  check((await learned(page)).every((v) => v === "together"), "after healing, every node learns the one chosen value");
  await close(page);
});

test("partitions: two presses make a side of two, and a node moves across and back", async () => {
  const page = await open("?nodes=5&paused=1");
  const { panel, node, sides } = partitions(page);
  // Nodes 2 and 3 still talk with each other, cut off from the rest. (Cut
  // off one by one, they were each alone, and no minority side of two
  // could be made.)
  await node(2).click();
  await node(3).click();
  check((await sides.textContent()).startsWith("Split: nodes 2 and 3 on one side, nodes 1, 4 and 5 on the other."), await sides.textContent());
  check((await card(page, 2).locator(".node-card__mark--cut").textContent()) === "cut off from nodes 1, 4 and 5", `node 2 talks with node 3: ${await card(page, 2).locator(".node-card__mark--cut").textContent()}`);
  check((await card(page, 4).locator(".node-card__mark--cut").textContent()) === "cut off from nodes 2 and 3", "the other side lost those two");
  await page.screenshot({ path: join(shots, "34b-partition-two.png") });
  // Every node across would be no cut: the last one stays.
  await node(1).click();
  await node(4).click();
  check((await node(5).getAttribute("aria-disabled")) === "true", "the last node left on a side cannot cross");
  await node(5).click({ force: true });
  check((await sides.textContent()).startsWith("Split: nodes 1, 2, 3 and 4 on one side, node 5 on the other."), await sides.textContent());
  // Node 2 moved back: it now talks with node 5, not with node 3.
  await node(2).click();
  check((await card(page, 2).locator(".node-card__mark--cut").textContent()) === "cut off from nodes 1, 3 and 4", await card(page, 2).locator(".node-card__mark--cut").textContent());
  // Under the broken quorum rule, a side of two decides too: neither side
  // is outlined as the one that cannot, and the panel says both may choose.
  check((await page.locator(".node-card--isolated").count()) === 2, "nodes 2 and 5, two of five, are the side without a majority");
  await page.getByRole("region", { name: "Break a rule" }).getByRole("switch", { name: "Use half the nodes as a quorum" }).check();
  check((await page.locator(".node-card--isolated").count()) === 0, "with half a quorum, no side is outlined as unable to decide");
  const line = await page.locator(".tolerance__cell").evaluateAll((cells) => cells.findIndex((c) => c.classList.contains("tolerance__cell--majority")));
  check(line === 1, `the meter's line marks the quorum counted, after its 2nd cell: ${line + 1}`);
  check((await panel.getByTestId("partition-broken").textContent()).includes("both sides of a cut may choose"), await panel.getByTestId("partition-broken").textContent());
  await panel.getByRole("button", { name: "Heal every link" }).click();
  check((await panel.locator("[aria-pressed=true]").count()) === 0 && (await sides.textContent()) === "No link is cut.", "and Heal every link heals them all");
  await close(page);
});

/** Wait until `property` shows as broken, then check the page stopped
 * there and said so: red badge, paused, a notice naming it, a culprit. */
async function broken(page, property, says) {
  const item = page.getByRole("region", { name: "Invariants" }).getByText(`${property}: broken`);
  await item.waitFor({ timeout: 30000 });
  check(await page.locator(".badge--unsafe").isVisible(), "the safety badge turned red");
  // With the moment it broke: what it says may stop being so later.
  const badge = await page.locator(".badge--unsafe").textContent();
  check(/^!?Unsafe at \d+\.\d s: /.test(badge), `the badge says when: ${badge}`);
  check(await page.getByRole("button", { name: "Play", exact: true }).isVisible(), "the run paused at the violation");
  const notice = await page.getByTestId("notice").textContent();
  check(notice.includes(says), `the notice says why: ${notice}`);
  check((await page.locator(".node-card--culprit").count()) === 1, "the card where it broke is marked");
  // Its button to that moment says which property it is about.
  check(await page.getByRole("region", { name: "Invariants" }).getByRole("button", { name: new RegExp(`^${property} broke at \\d+\\.\\d s: go there$`) }).isVisible(), `a named way to the moment ${property} broke`);
  // Paused at the breaking event itself, not at the end of its tick: the
  // newest line of the log is the violation.
  const newest = page.locator(".log__line").first();
  check((await newest.getAttribute("class")).includes("log__line--violation"), `the newest log line: ${await newest.textContent()}`);
}

/** Keep pressing Play past each pause until `property` breaks too. */
async function playUntilBroken(page, property) {
  const item = page.getByRole("region", { name: "Invariants" }).getByText(`${property}: broken`);
  const play = page.getByRole("button", { name: "Play", exact: true });
  const deadline = Date.now() + 30000;
  for (;;) {
    check(Date.now() < deadline, `${property} never broke`);
    // Look only while paused: nothing changes until Play is pressed, so
    // the property cannot break between this look and the press (which
    // would play on past the pause at its violation).
    if (await play.isVisible()) {
      if (await item.isVisible()) return;
      await play.click();
    }
    await page.waitForTimeout(100);
  }
}

test("break a rule: ignoring prior accepted values loses a chosen value", async () => {
  const page = await open("?nodes=3&speed=8");
  await propose(page, 1, "apple");
  await waitLearnedEverywhere(page, 3);
  const rule = page.getByRole("region", { name: "Break a rule" }).getByRole("switch", { name: "Ignore prior accepted values" });
  await rule.check();
  check((await page.getByTestId("unsafe-variant").textContent()).includes("Ignore prior accepted values"), "the unsafe badge");
  // The badge lives in a status region that stays: switched back, the
  // rule's return is said too (it was silent), in words only read out.
  const badge = page.locator(".unsafe-live[role=status]");
  const live = await badge.elementHandle();
  await rule.uncheck();
  check((await badge.textContent()) === "Every rule is kept: this is Paxos." && (await live.evaluate((e) => e.isConnected)), `switched back: ${await badge.textContent()}`);
  await rule.check();
  await propose(page, 3, "pear");
  // The checker sees the chosen value dropped before a second value is chosen.
  await broken(page, "chosen value kept at its ballot and above", "A chosen value was not kept");
  await page.screenshot({ path: join(shots, "31-broken-ignore-prior.png") });
  await playUntilBroken(page, "agreement");
  await broken(page, "agreement", ", the moment it broke.");
  // The status names both choices, not only the first.
  check((await page.locator(".status__label").first().textContent()) === "Two values chosen", "the status says two values were chosen");
  const also = await page.getByTestId("also-chosen").textContent();
  check(also.includes("“pear” was chosen too") && also.includes("agreement broke"), `the second choice is named: ${also}`);
  // Every node learned apple first: the page says why none disagrees, and
  // how to make one, where a student looked for two different values.
  const hint = await page.getByTestId("also-hint").textContent();
  check(hint.includes("no node has learned a different value") && hint.includes("hears of the second value first") && hint.includes("cut it off"), `why no node disagrees: ${hint}`);
  // The node whose acceptance chose pear broke no rule of its own: its
  // card says safety broke with its step, not that a rule broke there.
  check((await page.locator(".node-card--culprit").textContent()).includes("safety broke here at "), "the card does not blame the node");
  // Two values chosen; when the second one's Decide arrives, each node
  // says it was told another value and keeps the one it learned.
  await page.getByRole("button", { name: "Play", exact: true }).click();
  const told = page.locator(".log__line--violation", { hasText: "is told “pear” was chosen, but it learned “apple” before" });
  await told.first().waitFor({ timeout: 30000 });
  check((await learned(page)).every((v) => v === "apple"), `a learner never takes back what it learned: ${await learned(page)}`);
  await close(page);
});

test("break a rule: acceptors that forget their promises lose a chosen value", async () => {
  const page = await open("?nodes=3&speed=8");
  await propose(page, 1, "apple");
  await waitLearnedEverywhere(page, 3);
  await page.getByRole("switch", { name: "Forget acceptor state on restart" }).check();
  await page.getByRole("button", { name: "Crash node 2", exact: true }).click();
  await page.getByRole("button", { name: "Restart node 2", exact: true }).click();
  // The restart itself breaks the rule: the promise went down.
  await broken(page, "promise monotonicity", "promise");
  check((await page.getByTestId("event-log").textContent()).includes("restarted with amnesia"), "the log says what was forgotten");
  await page.screenshot({ path: join(shots, "32-broken-amnesia.png") });
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await page.getByRole("button", { name: "Crash node 3", exact: true }).click();
  await page.getByRole("button", { name: "Restart node 3", exact: true }).click();
  await page.getByRole("button", { name: "Crash node 1", exact: true }).click();
  await propose(page, 3, "pear");
  await playUntilBroken(page, "agreement");
  await broken(page, "agreement", ", the moment it broke.");
  // What the frame played past the break was never shown: the run is
  // live at the break, and acting there is not changing the past.
  check(await page.getByRole("button", { name: "Back to live" }).isDisabled(), "live at the break");
  await propose(page, 2, "fig");
  const notice = await page.getByTestId("notice").textContent();
  check(!notice.includes("changed the past"), `acting where it broke: ${notice}`);
  await close(page);
});

// ----- find a bug: the model checker in a worker -----

const findBug = (page) => page.getByRole("region", { name: "Find a bug" });
const findStatus = (page) => page.getByTestId("find-bug-status");

/** Record which files the page fetched, to prove the worker loads on demand. */
function fetched(page) {
  const urls = [];
  page.on("request", (r) => urls.push(r.url()));
  return () => urls.filter((u) => u.includes("find-bug-worker"));
}

test("stepping through a rule's demo stops at the restart that breaks it, and reads it out", async () => {
  const page = await open("?paused=1");
  await page.getByRole("button", { name: "Show me how “Forget acceptor state on restart” breaks safety" }).click();
  const step = page.getByRole("button", { name: "Step", exact: true });
  const said = () => readOut(page);
  let heard = "";
  for (let i = 0; i < 60 && !heard.includes("restarted"); i++) {
    await step.click();
    heard = await said();
  }
  // One Step per moment: the restart is a moment of its own, not swept
  // up with the proposal and the next event after it.
  check(heard.includes("restarted") && !heard.includes("is asked to propose"), `a step that is the restart alone: ${heard}`);
  check(heard.includes("Promise monotonicity broken"), `and it says the rule broke there: ${heard}`);
  check((await page.getByRole("region", { name: "Invariants" }).textContent()).includes("broken"), "the invariants panel shows it broken");
  // A restart has no arrow: the diagram rings the node's lane there.
  check((await page.locator(".diagram__culprit").count()) === 1, "the diagram marks where the rule broke");
  await close(page);
});

test("an embed of a run where two values are chosen says so in red, not 'Chosen' and the first", async () => {
  const page = await open("");
  const rules = page.getByRole("region", { name: "Break a rule" });
  await rules.getByRole("button", { name: "Show me how “Ignore prior accepted values” breaks safety" }).click();
  await page.getByRole("button", { name: "Back to live" }).click();
  check((await page.locator(".status__label").first().textContent()) === "Two values chosen", "the full page says two");
  await page.getByRole("button", { name: "Copy link" }).click();
  const link = await page.getByTestId("notice-detail").inputValue();
  await close(page);
  const embed = await open(link.slice(base.length).replace("#", "?embed=1#"));
  const status = embed.locator(".embed__status");
  check((await status.textContent()).startsWith("Two values chosen: "), `the embed too: ${await status.textContent()}`);
  // A "Show me" run embedded or presented tells its story, which only the
  // full page's notice had told.
  const story = embed.getByRole("group", { name: "Ignore prior accepted values" }).getByTestId("walk-text");
  check((await story.textContent()).startsWith("Node 3 misses apple's decision"), `the demo's story: ${await story.textContent().catch(() => "none")}`);
  check(await status.evaluate((s) => s.classList.contains("embed__status--split")), "in the colour of a broken rule");
  await close(embed);
  // Whole in a phone-width frame too, not cut to "Two values chose…".
  const narrow = await open(link.slice(base.length).replace("#", "?embed=1#"), { viewport: { width: 360, height: 480 } });
  check(await narrow.locator(".embed__status").evaluate((s) => s.scrollWidth <= s.clientWidth + 1), "the status is not cut in a narrow frame");
  await close(narrow);
  // Values learned with none chosen (half the nodes as a quorum): not
  // "Nothing chosen yet" beside cards that say "decided".
  const half = await open("");
  await half.getByRole("region", { name: "Break a rule" }).getByRole("button", { name: "Show me how “Use half the nodes as a quorum” breaks safety" }).click();
  const play = half.getByRole("button", { name: "Play", exact: true });
  for (let k = 0; k < 4 && !(await half.getByTestId("notice").textContent()).includes("two nodes disagree"); k++) {
    await play.click();
    await play.waitFor({ timeout: 30000 });
  }
  await half.getByRole("button", { name: "Copy link" }).click();
  const moment = await half.getByTestId("notice-detail").inputValue();
  await close(half);
  const unchosen = await open(moment.slice(base.length).replace("#", "?embed=1#"), { viewport: { width: 720, height: 480 } });
  const said = await unchosen.locator(".embed__status").textContent();
  check(/^Nothing chosen by a majority, yet \w+ and \w+ were learned$/.test(said), `the embed says what was learned: ${said}`);
  check(await unchosen.locator(".embed__status").evaluate((s) => s.classList.contains("embed__status--split")), "in the colour of a broken rule");
  await close(unchosen);
});

test("an embed that pauses where a broken rule breaks safety keeps the unsafe-variant badge in sight", async () => {
  const page = await open("");
  await page.getByRole("region", { name: "Break a rule" }).getByRole("button", { name: "Show me how “Ignore prior accepted values” breaks safety" }).click();
  await page.getByRole("button", { name: "Copy link" }).click();
  const link = await page.getByTestId("notice-detail").inputValue();
  await close(page);
  // Opened in the full page, the link tells the demo's story too.
  const full = await open(link.slice(base.length));
  const told = await full.getByTestId("notice").textContent();
  check(told.startsWith("The “Ignore prior accepted values” demo") && told.includes("Node 3 misses apple's decision"), `the full page: ${told}`);
  await close(full);
  const frame = await open(link.slice(base.length).replace("#", "?embed=1#"), { viewport: { width: 720, height: 480 } });
  await frame.getByRole("button", { name: "Play", exact: true }).click();
  await frame.getByRole("button", { name: "Play", exact: true }).waitFor({ timeout: 30000 });
  const notice = frame.getByTestId("notice");
  check((await notice.textContent()).includes("the moment it broke"), await notice.textContent());
  const badge = await frame.getByTestId("unsafe-variant").boundingBox();
  const over = await frame.locator(".notice").boundingBox();
  check(over.y >= badge.y + badge.height, `the notice (top ${over.y}) hangs below the badge (bottom ${badge.y + badge.height})`);
  // Node 3's card grew two lines at that moment: its foot is not cut off.
  await frame.waitForTimeout(300);
  const feet = await frame.evaluate(() => {
    const wrap = document.querySelector(".stage-wrap").getBoundingClientRect().bottom;
    return [...document.querySelectorAll(".node-card")].map((c) => Math.round(wrap - c.getBoundingClientRect().bottom));
  });
  check(feet.every((room) => room >= 0), `each card's foot inside the frame's stage (room under each: ${feet})`);
  // Played on past it, the notice no longer says the run paused there.
  await frame.getByRole("button", { name: "Step", exact: true }).click();
  const on = await notice.textContent();
  check(!on.includes("The run paused at") && /It broke at \d+\.\d s\./.test(on), `stepped past the break: ${on}`);
  // And the demo's story says what the step did, above it.
  const did = frame.getByTestId("walk-now");
  check((await did.count()) === 1 && /^\d+\.\d s: /.test(await did.textContent()), `the step's line: ${await did.textContent().catch(() => "none")}`);
  check(await frame.evaluate(() => document.documentElement.scrollHeight <= innerHeight), "the frame has no scrollbar");
  await frame.screenshot({ path: join(shots, "26e-embed-broken-rule-paused.png") });
  await close(frame);
});

test("an embed's cards keep their size and place from moment to moment", async () => {
  // Unlocked cards (value boxes, Crash) fill the README's frame's height:
  // a moment whose marks grew them left the cluster scaled to the height
  // before, smaller, until the next moment gave it back.
  for (const scenario of ["value-recovery", "partition-and-heal"]) {
    const frame = await open(`?embed=1#scenario=${scenario}`, { viewport: { width: 720, height: 480 } });
    const seen = new Set();
    const next = frame.getByRole("button", { name: "Next moment" });
    const card = () => frame.locator(".node-card").first().evaluate((c) => { const r = c.getBoundingClientRect(); return `${Math.round(r.width)} at ${Math.round(r.left)}`; });
    for (let k = 0; k < 6; k++) {
      // Once the moment has settled (the same for 300 ms): the old stale
      // scale stayed until the next moment.
      let [before, now] = ["", await card()];
      for (let tries = 0; before !== now && tries < 10; tries++) {
        await frame.waitForTimeout(300);
        [before, now] = [now, await card()];
      }
      seen.add(now);
      if (await next.getAttribute("aria-disabled")) break;
      await next.click();
    }
    check(seen.size === 1, `${scenario}: node 1's card ${[...seen].join(", then ")}`);
    await close(frame);
  }
});

test("an embed of a scenario told without moments says what to watch, in a box keys can scroll", async () => {
  // In the README's frame the row of cards leaves room for the whole
  // story: three lines of it were shown, beside bands of empty frame.
  const roomy = await open("?embed=1&controls=locked&log=0#scenario=lost-messages", { viewport: { width: 720, height: 480 } });
  const whole = roomy.getByRole("group", { name: "Lost messages" }).getByTestId("walk-text");
  check(await whole.evaluate((t) => t.scrollHeight <= t.clientHeight + 1 && t.clientHeight > 80), `the whole story shows: ${await whole.evaluate((t) => [t.scrollHeight, t.clientHeight])}`);
  const [cards, text] = await roomy.evaluate(() => [document.querySelector(".node-card").getBoundingClientRect().width, document.querySelector(".walk--about").getBoundingClientRect().bottom]);
  check(cards > 120 && text <= 480, `beside cards as large as before (${cards} px wide), inside the frame (${text})`);
  await close(roomy);
  // A walk's moments each show whole, the time controls staying put from
  // moment to moment (the duel's longest are four lines).
  for (const [name, moments] of [["value-recovery", 6], ["dueling-proposers", 8]]) {
    const walked = await open(`?embed=1&controls=locked&log=0#scenario=${name}`, { viewport: { width: 720, height: 480 } });
    const places = new Set();
    for (let k = 0; k < moments; k++) {
      const moment = walked.getByTestId("walk-text").first();
      check(await moment.evaluate((t) => t.scrollHeight <= t.clientHeight + 1), `${name}, moment ${k + 1} shows whole: ${await moment.evaluate((t) => [t.scrollHeight, t.clientHeight])}`);
      places.add(await walked.locator(".transport").evaluate((t) => Math.round(t.getBoundingClientRect().top)));
      if (k < moments - 1) await walked.getByRole("button", { name: "Next moment" }).click();
    }
    const count = await walked.getByTestId("walk-count").textContent();
    check(count.startsWith(`Moment ${moments} of ${moments}`), `${name}: ${count}`);
    check(places.size === 1, `${name}: the time controls stay put: ${[...places]}`);
    await close(walked);
  }
  // A shorter frame keeps the cards' size and scrolls the story.
  const frame = await open("?embed=1&controls=locked&log=0#scenario=lost-messages", { viewport: { width: 720, height: 400 } });
  const about = frame.getByRole("group", { name: "Lost messages" }).getByTestId("walk-text");
  check((await about.textContent()).startsWith("Every node loses 30% of the messages"), await about.textContent());
  await about.focus();
  check(await about.evaluate((t) => t.scrollHeight > t.clientHeight + 1), "its text is longer than its box");
  await frame.keyboard.press("ArrowDown");
  // The browser scrolls smoothly: give it time to have moved.
  await frame.waitForFunction(() => document.querySelector(".walk--about .walk__text").scrollTop > 0, null, { timeout: 3000 }).catch(() => {});
  check(await about.evaluate((t) => t.scrollTop > 0), "an arrow key scrolls the rest into view");
  check(await frame.evaluate(() => document.documentElement.scrollHeight <= innerHeight), "the frame has no scrollbar");
  await close(frame);
});

test("break a rule: Show me opens a short run where the rule breaks, and Undo brings yours back", async () => {
  const page = await open("?nodes=7&speed=8");
  await propose(page, 2, "kiwi");
  const rules = page.getByRole("region", { name: "Break a rule" });
  await rules.getByRole("button", { name: "Show me how “Accept below the promise” breaks safety" }).click();
  const notice = page.getByTestId("notice");
  check((await notice.textContent()).startsWith("“Accept below the promise”: Node 1's Accept is slowed") && (await notice.textContent()).includes("Shown on three nodes"), await notice.textContent());
  // Read out as it happened: what the page did first, then the moment.
  const heard = await readOut(page);
  check(heard.startsWith("“Accept below the promise”: Node 1's Accept"), `the live region says what opened first: ${heard}`);
  check((await page.locator(".node-card").count()) === 3, "the demo runs on three nodes");
  check(await rules.getByRole("switch", { name: "Accept below the promise" }).isChecked(), "its rule is switched off");
  check((await page.getByRole("slider", { name: "Timeline" }).getAttribute("aria-valuetext")).includes("event 0 of"), "it opens at its start");
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await broken(page, "acceptance respects promises", ", the moment it broke.");
  check(await page.getByRole("button", { name: "Undo" }).isVisible(), "the pause at the break still offers Undo");
  check((await notice.textContent()).includes("Undo throws this run away and brings back the run put aside."), `and says what it does: ${await notice.textContent()}`);
  await page.screenshot({ path: join(shots, "31b-show-me-accept-anything.png") });
  // The reader's own run stays one click away while a notice offers it,
  // through another demo and the Scenario menu: a demo is not theirs to
  // put aside in its place (Undo brought back the first demo, and their
  // run was gone).
  await rules.getByRole("button", { name: "Show me how “Use half the nodes as a quorum” breaks safety" }).click();
  check(await page.evaluate(() => scrollY === 0), "the page scrolled up to the demo and its notice");
  const menu = page.getByRole("combobox", { name: "Scenario" });
  await menu.focus();
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("ArrowDown");
  await page.keyboard.press("Enter");
  check((await notice.textContent()).includes("Your own run is put aside"), await notice.textContent());
  await page.getByRole("button", { name: "Undo" }).click();
  check((await page.locator(".node-card").count()) === 7, "Undo brings back the reader's seven nodes");
  check((await page.getByTestId("event-log").textContent()).includes("kiwi"), "with their proposal");
  check((await notice.textContent()).startsWith("Undone"), await notice.textContent());
  await close(page);
});

test("Reset puts the reader's run aside, kept until its Undo is no longer offered", async () => {
  const page = await open();
  const kept = () => page.evaluate(() => localStorage.getItem("paxos-playground.run"));
  await propose(page, 1, "aside");
  await page.getByRole("button", { name: "Reset", exact: true }).click();
  check((await page.getByTestId("notice").textContent()).includes("Undo brings it back"), "Reset offers the run back");
  check((await kept()) !== null, "still kept while the notice offers it back");
  await page.reload();
  await page.getByRole("group", { name: "Node 1", exact: true }).waitFor();
  check((await page.getByTestId("event-log").textContent()).includes("aside"), "a reload before Undo brings it back, as “put aside” says");
  await page.getByRole("button", { name: "Reset", exact: true }).click();
  await page.getByRole("button", { name: "Dismiss message" }).click();
  await page.waitForFunction(() => localStorage.getItem("paxos-playground.run") === null, null, { timeout: 3000 }).catch(() => {});
  check((await kept()) === null, "dismissed, the offer is gone and so is the kept copy");
  await close(page);
});

test("a run the browser will not store is said to be unkept, once", async () => {
  const page = await open("?paused=1");
  // Storage full, as when other sites under the same address filled it.
  await page.evaluate(() => {
    const set = Storage.prototype.setItem;
    Storage.prototype.setItem = function (key, value) {
      if (key === "paxos-playground.run") throw new DOMException("full", "QuotaExceededError");
      return set.call(this, key, value);
    };
  });
  await propose(page, 1, "unkept");
  const notice = await page.getByTestId("notice").textContent();
  check(notice.includes("would not keep this run") && notice.includes("Export run"), `said: ${notice}`);
  await page.getByRole("button", { name: "Dismiss message" }).click();
  await propose(page, 2, "again");
  check((await page.getByTestId("notice").count()) === 0, "said once, not at every action");
  await close(page);
});

test("a reload during a challenge with no move yet brings back the free run where it was left", async () => {
  const page = await open();
  await propose(page, 1, "played-on");
  await page.waitForFunction(() => parseFloat(document.querySelector(".transport__time").textContent) >= 2, null, { timeout: 10000 });
  await page.getByRole("button", { name: "Challenge", exact: true }).click();
  await challenge(page).waitFor();
  const left = await page.evaluate(() => localStorage.getItem("paxos-playground.run"));
  await page.reload();
  await page.getByRole("group", { name: "Node 5", exact: true }).waitFor();
  check((await challenge(page).count()) === 0, "an attempt with no move is not brought back: nothing of it was lost");
  const at = parseFloat(await page.locator(".transport__time").textContent());
  check(left !== null && at >= 2, `back at ${at} s, where the challenge began, not at the proposal's moment`);
  await close(page);
});

test("leaving the challenge puts back what the page showed before it, Undo and all", async () => {
  const page = await open("?paused=1");
  await propose(page, 1, "mine");
  const rules = page.getByRole("region", { name: "Break a rule" });
  await rules.getByRole("button", { name: /^Show me how/ }).first().click();
  await page.getByRole("button", { name: "Challenge", exact: true }).click();
  await page.getByRole("button", { name: "Leave challenge" }).click();
  // Back at the demo, only watched: its Undo offered the reader's run,
  // and leaving the challenge made the demo theirs, kept over their run.
  check(await page.getByRole("button", { name: "Undo" }).isVisible(), "the Undo that brings the reader's run back is offered again");
  await page.reload();
  await page.getByRole("group", { name: "Node 1", exact: true }).waitFor();
  check((await page.getByTestId("event-log").textContent()).includes("mine"), "a reload opens the reader's run, not the demo watched");
  await close(page);
});

test("break a rule: each pause marks the node its notice names, and the demo pauses where two nodes disagree", async () => {
  const page = await open("?speed=8");
  const rules = page.getByRole("region", { name: "Break a rule" });
  const notice = page.getByTestId("notice");
  const play = page.getByRole("button", { name: "Play", exact: true });
  /** Play on to the next pause; the notice then. */
  const nextPause = async () => {
    await play.click();
    await play.waitFor({ timeout: 30000 });
    return notice.textContent();
  };
  // Accept below the promise breaks a rule at node 2, then at node 3.
  await rules.getByRole("button", { name: "Show me how “Accept below the promise” breaks safety" }).click();
  const named = [];
  for (let k = 0; k < 4 && named.length < 2; k++) {
    const said = await nextPause();
    const node = said.match(/^Acceptance broken: node (\d)/)?.[1];
    if (!node) continue;
    // Node 2's acceptance also lets a chosen value go: the log lists both
    // breaks, the newest on top, and the notice names both.
    if (node === "2") {
      check(said.includes("The same event also broke “chosen value kept at its ballot and above”."), `both breaks named: ${said}`);
      const top = await page.getByTestId("event-log").locator("li").first().textContent();
      check(top.includes("chosen value was not kept"), `the log's newest line: ${top}`);
    }
    named.push(node);
    const marked = await page.locator(".node-card--culprit").getAttribute("aria-label");
    check(marked === `Node ${node}`, `the notice names node ${node}, the card marked is ${marked}: ${said}`);
  }
  check(named.join() === "2,3", `pauses at node 2's break, then node 3's: ${named}`);
  // Agreement names no node: the notice says whose step it was, as the ring does.
  const agreement = await nextPause();
  const whose = agreement.match(/^Agreement broken: .* It broke with node (\d)'s step, whose card is ringed in red/)?.[1];
  check(whose && (await page.locator(".node-card--culprit").getAttribute("aria-label")) === `Node ${whose}`, `the ring and the notice agree: ${agreement}`);
  // Back before the break, the notice no longer says it is here, beside a
  // safe badge; Step onto it again, and it does.
  await page.getByRole("button", { name: "Step back" }).click();
  const before = await notice.textContent();
  check(before.startsWith("This notice tells of a later moment") && before.includes("“agreement” breaks"), before);
  check((await page.locator(".notice--error").count()) === 0, "not told as an error");
  check(!(await page.getByRole("region", { name: "Invariants" }).getByText("agreement: broken").isVisible()), "agreement holds here");
  await page.getByRole("button", { name: "Step", exact: true }).click();
  check((await notice.textContent()).startsWith("Agreement broken:"), await notice.textContent());
  // Counting duplicates: the two learners differ only once node 2 learns
  // pear, which breaks no property of its own; the demo pauses there.
  await rules.getByRole("button", { name: "Show me how “Count duplicate replies” breaks safety" }).click();
  let said = "";
  for (let k = 0; k < 8 && !said.includes("two nodes disagree"); k++) said = await nextPause();
  check(said.startsWith("Node 2 learned “pear”, but node 1 had learned “apple”: two nodes disagree"), said);
  check(said.includes("Agreement still holds, as no two values were each accepted by a majority"), `it says why agreement is green: ${said}`);
  // The ringed card is the latest break's, and the notice says whose: a
  // node that learned what no majority accepted, a lawful step, not the
  // rule that broke (which sent an engineer to an innocent node).
  const ringed = said.match(/Safety last broke at [\d.]+ s, at node (\d), ringed in red, by a step that itself kept the rules/)?.[1];
  check(ringed && (await page.locator(".node-card--culprit").getAttribute("aria-label")) === `Node ${ringed}`, `the ring and the notice agree: ${said}`);
  check(!said.includes("The latest rule broke"), `a lawful step is not called the rule that broke: ${said}`);
  check((await card(page, 2).locator(".node-card__learned").textContent()) === "pear", "node 2's card shows pear learned");
  check((await card(page, 1).locator(".node-card__learned").textContent()) === "apple", "node 1's shows apple");
  // Half the nodes as a quorum: the pause where node 3 learns plum breaks
  // learner consistency and makes two nodes disagree at once; it says both.
  await rules.getByRole("button", { name: "Show me how “Use half the nodes as a quorum” breaks safety" }).click();
  said = "";
  for (let k = 0; k < 6 && !said.includes("two nodes disagree"); k++) said = await nextPause();
  check(/^Learner consistency broken: .* Node \d learned “\w+”, but node \d had learned “\w+”: two nodes disagree/.test(said), said);
  // Played to its rest, a value is chosen after all, but the proposer
  // that called it chosen counted a minority: it did not know.
  const resting = page.getByText("waiting for you");
  for (let k = 0; k < 6 && !(await resting.count()); k++) {
    await play.click();
    await play.or(resting).waitFor({ timeout: 30000 });
  }
  const meta = await page.locator(".status__meta").textContent();
  check(/called it chosen on replies from only node \d, fewer than a majority, under the broken rule/.test(meta) && !meta.includes("so knew it was chosen"), meta);
  await close(page);
});

test("find a bug with every rule kept: the model checker reports no violation", async () => {
  const page = await open("?paused=1&seed=7");
  const worker = fetched(page);
  await page.waitForTimeout(300);
  check(worker().length === 0, `the worker was fetched before it was asked for: ${worker()}`);
  await findBug(page).getByRole("button", { name: "Find a bug" }).click();
  await page.getByTestId("find-bug-progress").filter({ hasText: "states/s" }).waitFor({ timeout: 30000 });
  check(worker().some((u) => u.endsWith(".wasm")), "the worker's wasm is fetched when asked for");
  // The page stays usable while the worker searches.
  await propose(page, 1, "meanwhile");
  await page.getByRole("button", { name: "Step", exact: true }).click();
  check((await eventNumber(page)) > 0, "stepping works during the search");
  await page.getByRole("button", { name: "Find a bug" }).and(page.locator(":enabled")).waitFor({ timeout: 180000 });
  const text = await findStatus(page).textContent();
  check(text.startsWith("No violation: all 190,823 reachable states checked with every rule kept"), text);
  check((await findStatus(page).getAttribute("data-states")) === "190823", "the exact state count");
  check((await page.getByTestId("notice").count()) === 0, "no notice: the run on screen is unchanged");
  check((await page.getByRole("group", { name: /^Node \d$/ }).count()) === 5, "still the five-node run");
  await findBug(page).scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, "40-find-bug-no-violation.png") });
  // A rule switched on afterwards makes that result old news: "no
  // violation" next to a broken rule would read as "breaking it is safe".
  await page.getByRole("region", { name: "Break a rule" }).getByRole("switch", { name: "Use half the nodes as a quorum" }).check();
  const stale = await findStatus(page).textContent();
  check(stale.includes("no longer applies") && !stale.includes("No violation"), stale);
  await close(page);
});

test("find a bug with prior values ignored: a counterexample that ends in two values learned", async () => {
  const page = await open("?paused=1");
  await page.getByRole("region", { name: "Break a rule" }).getByRole("switch", { name: "Ignore prior accepted values" }).check();
  await findBug(page).getByRole("button", { name: "Find a bug" }).click();
  await page.getByTestId("notice").filter({ hasText: "The model checker found a bug" }).waitFor({ timeout: 60000 });
  const notice = await page.getByTestId("notice").textContent();
  check(notice.includes("paused before its first move"), notice);
  check(notice.includes("Two nodes learned different values"), `the notice names the bug: ${notice}`);
  check(await page.evaluate(() => scrollY === 0), "the page shows the counterexample's cluster and its notice");
  check((await findStatus(page).getAttribute("data-found")) === "true", "the panel says a bug was found");
  const found = await findStatus(page).textContent();
  check(found.includes("Two nodes learned different values"), `the panel names the bug: ${found}`);
  // The counterexample is the run on screen: three nodes, the broken rule, paused at its start.
  check((await page.getByRole("group", { name: /^Node \d$/ }).count()) === 3, "the model's three nodes");
  check((await page.getByTestId("unsafe-variant").textContent()).includes("Ignore prior accepted values"), "the unsafe badge");
  check(await page.getByRole("button", { name: "Play", exact: true }).isVisible(), "paused");
  check(!(await page.getByRole("button", { name: "Back to live" }).isDisabled()), "the bug lies ahead");
  check(await page.locator(".badge--safe").isVisible(), "safe at the start");
  // A step of the counterexample a second on the run's clock, and nothing done yet.
  const steps = Number(notice.match(/counterexample, (\d+) moves/)[1]);
  const seconds = async () => (await timelineText(page)).match(/^([\d.]+) s of ([\d.]+) s/).slice(1).map(Number);
  check(JSON.stringify(await seconds()) === JSON.stringify([0, steps]), `at the start: ${await timelineText(page)}`);
  check((await learned(page)).every((v) => v === "—"), "nothing learned at the start");
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(shots, "41-find-bug-counterexample-start.png") });
  // Step through it as a reader would: one press per step, to two different values learned.
  let presses = 0;
  while (!(await page.getByRole("button", { name: "Back to live" }).isDisabled())) {
    await page.getByRole("button", { name: "Step", exact: true }).click();
    presses++;
    check((await seconds())[0] === presses, `press ${presses} is step ${presses}: ${await timelineText(page)}`);
  }
  check(presses === steps, `${presses} presses walk the ${steps} steps`);
  // The bar counts moves here (the simulator's own event count stands still between them).
  check((await timelineText(page)).endsWith(`move ${steps} of ${steps}`), `counted in moves: ${await timelineText(page)}`);
  const values = (await learned(page)).filter((v) => v !== "—");
  check(new Set(values).size === 2, `two different values learned: ${values}`);
  const invariants = page.getByRole("region", { name: "Invariants" });
  check(await invariants.getByText("learner consistency: broken").isVisible(), "the invariants panel names the broken property");
  check(await invariants.getByText("agreement: broken").isVisible(), "and agreement");
  check((await page.getByTestId("event-log").textContent()).includes("Learner consistency broken"), "the log shows the violating event");
  check(await page.locator(".badge--unsafe").isVisible(), "the safety badge is red");
  // The step onto the break says so, as playing onto it would: the notice
  // no longer tells how the run opened.
  const broke = await page.getByTestId("notice").textContent();
  check(broke.includes("two nodes disagree") && broke.includes(`The run paused at ${steps}.0 s`), broke);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(shots, "42-find-bug-counterexample-end.png") });
  // Back undoes one move, as Step did one.
  await page.getByRole("button", { name: "Step back" }).click();
  check((await seconds())[0] === steps - 1, `Back is one move back: ${await timelineText(page)}`);
  check((await learned(page)).filter((v) => v !== "—").length < values.length, "the last learn is undone");
  // Past its end the network moves on by itself, a step a second: the
  // messages still on their way arrive, oldest first, and the run comes
  // to rest. (It stood still with a dozen messages drawn on their way.)
  await page.getByRole("button", { name: "Step", exact: true }).click();
  const lines = async () => page.getByTestId("event-log").locator("li").count();
  const before = await lines();
  await page.getByRole("button", { name: "Step", exact: true }).click();
  check((await seconds())[0] === steps + 1 && (await lines()) > before, `Step past the end moves the network on: ${await timelineText(page)}`);
  const added = (await page.getByTestId("event-log").locator("li").allTextContents()).slice(0, (await lines()) - before);
  check(added.length > 0 && added.every((l) => l.startsWith(`${steps + 1}.0 s`)), `a message arrives, and what it did is logged: ${added.join(" | ")}`);
  await page.getByRole("slider", { name: "Speed" }).focus();
  await page.keyboard.press("End");
  // (Play stops again at each new break on the way, as everywhere.)
  const resting = page.getByText("waiting for you");
  for (let k = 0; k < 10 && !(await resting.count()); k++) {
    await page.getByRole("button", { name: "Play", exact: true }).click();
    await page.getByRole("button", { name: "Play", exact: true }).or(resting).waitFor({ timeout: 30000 });
  }
  check(await resting.isVisible(), "the run comes to rest");
  check((await page.locator(".packets .edge").count()) === 0, "no message is left drawn on its way");
  // The network's chance plays no part where a hand delivers: the loss
  // slider is refused, not taken and then ignored.
  await page.getByRole("slider", { name: "Message loss", exact: true }).focus();
  await page.keyboard.press("End");
  // (A slider moved by keys reports once they rest.)
  await page.getByTestId("notice").filter({ hasText: "play no part" }).waitFor({ timeout: 3000 }).catch(() => {});
  const refusal = await page.getByTestId("notice").textContent();
  check(refusal.includes("play no part") && (await page.getByRole("slider", { name: "Message loss", exact: true }).inputValue()) === "0", `loss refused: ${refusal}`);
  await close(page);
});

test("find a bug: Cancel stops the search and its worker", async () => {
  const page = await open("?paused=1");
  const closed = new Promise((done) => page.on("worker", (w) => w.on("close", done)));
  // By keyboard: each press leaves focus on the button that took the
  // pressed one's place (a disabled or vanished button dropped it to the
  // top of the page).
  const focused = () => page.evaluate(() => document.activeElement.textContent);
  await findBug(page).getByRole("button", { name: "Find a bug" }).focus();
  await page.keyboard.press("Enter");
  await page.getByTestId("find-bug-progress").filter({ hasText: "states/s" }).waitFor({ timeout: 30000 });
  check((await focused()) === "Cancel", `searching, focus is on ${await focused()}`);
  await findBug(page).scrollIntoViewIfNeeded();
  await page.screenshot({ path: join(shots, "43-find-bug-running.png") });
  await page.keyboard.press("Enter");
  await findStatus(page).filter({ hasText: "Cancelled" }).waitFor();
  check((await focused()) === "Find a bug", `cancelled, focus is on ${await focused()}`);
  const text = await findStatus(page).textContent();
  check(/^Cancelled after [\d,]+ states\.$/.test(text), text);
  check((await findBug(page).getByRole("button", { name: "Cancel" }).count()) === 0, "no Cancel once stopped");
  check(await findBug(page).getByRole("button", { name: "Find a bug" }).isEnabled(), "ready to search again");
  await Promise.race([closed, page.waitForTimeout(5000).then(() => check(false, "the worker was not terminated"))]);
  await page.waitForTimeout(500);
  check((await findStatus(page).textContent()) === text, "no progress after the cancel");
  await page.screenshot({ path: join(shots, "44-find-bug-cancelled.png") });
  // Searched to the end from the keyboard, focus comes back the same way.
  await page.keyboard.press("Enter");
  await findStatus(page).filter({ hasText: "No violation" }).waitFor({ timeout: 180000 });
  await page.waitForFunction(() => document.activeElement.textContent === "Find a bug", null, { timeout: 5000 }).catch(() => {});
  check((await focused()) === "Find a bug", `searched, focus is on ${(await focused()).slice(0, 40)}`);
  await close(page);
});

// ----- the challenge -----

const challenge = (page) => page.getByRole("region", { name: "Challenge", exact: true });
const challengeStatus = (page) => page.getByTestId("challenge-status");

/** Open the challenge the way a person does: by its button. */
async function openChallenge(page) {
  await page.getByRole("button", { name: "Challenge", exact: true }).click();
  await challenge(page).waitFor();
  check((await page.getByRole("group", { name: /^Node \d$/ }).count()) === 3, "a challenge has three nodes");
}

test("challenge: correct Paxos holds whatever you crash, slow or drop", async () => {
  const page = await open("?speed=8");
  await openChallenge(page);
  await page.screenshot({ path: join(shots, "50-challenge-open.png") });
  const panel = challenge(page);
  check((await panel.getByRole("radio", { name: "Correct Paxos" }).isChecked()), "it starts with correct Paxos");
  // A node's loss is the panel's Drop: a card's slider took 25%, which
  // matched none of the Drop choices.
  check((await page.getByRole("slider", { name: /^Message loss at node/ }).count()) === 0, "no card offers a loss slider");
  check((await challengeStatus(page).textContent()).includes("Safety holds after 0 moves"), await challengeStatus(page).textContent());
  // Every node proposes its own value, node 1's messages are dropped,
  // node 3's slowed (by keyboard), and node 2 crashes and comes back.
  check((await page.getByTestId("hint").textContent()).startsWith("Make two nodes learn different values"), "the hint states the challenge's goal");
  await panel.getByRole("radiogroup", { name: "Drop node 1's messages" }).getByRole("radio", { name: "all" }).click();
  const slow = panel.getByRole("radiogroup", { name: "Delay node 3's messages" });
  await slow.getByRole("radio", { name: "none" }).focus();
  await page.keyboard.press("ArrowRight");
  check(await slow.getByRole("radio", { name: "+1 s" }).isChecked(), "the arrow key picks the next delay");
  // On to +4 s while the run plays: the settings passed on the way are
  // not moves of their own.
  for (let i = 0; i < 2; i++) {
    await page.waitForTimeout(150);
    await page.keyboard.press("ArrowRight");
  }
  check(await slow.getByRole("radio", { name: "+4 s" }).isChecked(), "+4 s");
  const counted = await challengeStatus(page).textContent();
  check(counted.includes("Safety holds after 2 moves"), `the drop and the delay: ${counted}`);
  await page.keyboard.press("ArrowLeft");
  await propose(page, 1, "apple");
  await propose(page, 2, "pear");
  await page.getByRole("button", { name: "Crash node 2", exact: true }).click();
  // One crash at a time: with node 2 down, the other Crash buttons look
  // unavailable and say why; pressed anyway, the refusal explains itself.
  const crash3 = page.getByRole("button", { name: "Crash node 3", exact: true });
  check((await crash3.getAttribute("aria-disabled")) === "true" && (await crash3.getAttribute("title")) === "One node at a time: restart node 2 first", "Crash node 3 says why it is refused");
  await crash3.click({ force: true });
  check((await page.getByTestId("notice").textContent()).includes("One node at a time"), "a second crash is refused");
  check((await page.locator(".node-card--crashed").count()) === 1, "only node 2 is down");
  await propose(page, 3, "plum");
  await page.waitForTimeout(1500);
  await page.getByRole("button", { name: "Restart node 2", exact: true }).click();
  await panel.getByRole("radiogroup", { name: "Drop node 1's messages" }).getByRole("radio", { name: "none" }).click();
  await waitLearnedEverywhere(page, 3);
  const values = await learned(page);
  check(values.every((v) => v === values[0]), `every node learned the same value: ${values}`);
  check(await page.locator(".badge--safe").isVisible(), "the safety badge stays green");
  const status = await challengeStatus(page).textContent();
  check(status.includes("Safety holds after") && status.includes("Correct Paxos never lets"), status);
  check((await page.getByTestId("challenge-score").textContent()).includes("Correct Paxos, all visits: 1 attempt played"), "the attempt is counted");
  await page.screenshot({ path: join(shots, "51-challenge-paxos-holds.png") });
  // The arrow keys go through the rules without picking one: picked as
  // they moved, each rule passed over threw the attempt's moves away.
  await panel.getByRole("radio", { name: "Correct Paxos" }).focus();
  await page.keyboard.press("ArrowDown");
  const forget = panel.getByRole("radio", { name: "Forget acceptor state on restart" });
  check(await forget.evaluate((r) => r === document.activeElement), "↓ moves to the next rule");
  check(!(await forget.isChecked()) && (await panel.getByRole("radio", { name: "Correct Paxos" }).isChecked()), "without picking it");
  check(!((await page.getByTestId("notice").textContent().catch(() => "")) ?? "").includes("A new attempt"), "and the attempt goes on");
  // Space picks it: another rule starts another attempt, and says the
  // moves are gone.
  await page.keyboard.press("Space");
  const dropped = await page.getByTestId("notice").textContent();
  check(/A new attempt, with “Forget acceptor state on restart” broken: the last one's \d+ moves are dropped\./.test(dropped), dropped);
  check((await readOut(page)).includes("moves are dropped"), "and read out");
  // Picked by mistake, the rule need not cost the attempt: Undo brings it
  // back, with its rule, and it is not counted twice.
  await page.getByRole("button", { name: "Undo" }).click();
  const undone = await page.getByTestId("notice").textContent();
  check(undone.includes("Undone: the last attempt is back, with correct Paxos, paused."), undone);
  check(await panel.getByRole("radio", { name: "Correct Paxos" }).isChecked(), "its rule is picked again");
  check(JSON.stringify(await learned(page)) === JSON.stringify(values), `its nodes learned what they had: ${await learned(page)}`);
  check((await page.getByTestId("unsafe-variant").count()) === 0, "no unsafe-variant badge: the rule is kept again");
  check((await page.getByTestId("challenge-score").textContent()).includes("Correct Paxos, all visits: 1 attempt played"), "still one attempt");
  // Once the new attempt has a move, Undo is no longer offered: it would
  // throw that move away.
  await panel.getByRole("radio", { name: "Forget acceptor state on restart" }).click();
  await page.getByRole("button", { name: "Undo" }).waitFor();
  await propose(page, 2, "fig");
  check((await page.getByRole("button", { name: "Undo" }).count()) === 0, "no Undo once the new attempt has a move");
  // Leaving returns to the five-node run from before.
  await panel.getByRole("button", { name: "Leave challenge" }).click();
  check((await page.getByRole("group", { name: /^Node \d$/ }).count()) === 5, "back to free play");
  await close(page);
});

test("challenge: with a rule broken it can be won, and the record survives a reload", async () => {
  const page = await open("?speed=8");
  await page.evaluate(() => localStorage.removeItem("paxos-playground.challenge"));
  await openChallenge(page);
  const panel = challenge(page);
  await panel.getByRole("radio", { name: "Use half the nodes as a quorum" }).click();
  check((await page.getByTestId("unsafe-variant").textContent()).includes("Use half the nodes as a quorum"), "the unsafe badge");
  await panel.getByText("Hint").click();
  check(await panel.getByText("With a quorum of one").isVisible(), "the hint opens");
  // Both proposals at one moment, then let it run: in a challenge only
  // the win stops the run; the rule breaks on the way there (learner
  // consistency goes first) do not, so Play is pressed once.
  const pause = page.getByRole("button", { name: "Pause", exact: true });
  if (await pause.isVisible()) await pause.click();
  await propose(page, 1, "apple");
  await propose(page, 3, "plum");
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await challengeStatus(page).filter({ hasText: "You broke it" }).waitFor({ timeout: 30000 });
  const status = await challengeStatus(page).textContent();
  check(status.includes("You broke it in 2 moves") && status.includes("new best"), status);
  check(/Node \d learned “\w+” and node \d learned “\w+”/.test(status), status);
  const won = await page.getByTestId("notice").textContent();
  check(won.includes("You won"), "the notice says so");
  check(await page.getByRole("button", { name: "Play", exact: true }).isVisible(), "the run paused at the win");
  // With its time, so it stays true once the run plays on.
  check(won.includes(`paused at ${(await timelineText(page)).split(" of ")[0]}, the moment it happened`), `${won} / ${await timelineText(page)}`);
  check(await page.locator(".badge--unsafe").isVisible(), "the safety badge is red");
  const cards = await learned(page);
  check(new Set(cards.filter((v) => v !== "—")).size === 2, `two values learned at the moment shown: ${cards}`);
  await page.evaluate(() => window.scrollTo(0, 0));
  await page.screenshot({ path: join(shots, "52-challenge-won.png") });
  // Stepped back and played again, it pauses at the win again.
  const moment = await timelineText(page);
  for (let i = 0; i < 3; i++) await page.getByRole("button", { name: "Step back" }).click();
  check((await timelineText(page)) !== moment, "stepped back");
  const ahead = await page.getByTestId("notice").textContent();
  check(ahead.startsWith("This notice tells of a later moment") && ahead.includes("you win"), `the win lies ahead: ${ahead}`);
  await page.getByRole("button", { name: "Play", exact: true }).click();
  await page.getByRole("button", { name: "Play", exact: true }).waitFor({ timeout: 10000 });
  check((await timelineText(page)) === moment, `paused at the win again: ${await timelineText(page)} / ${moment}`);
  // The cause is a button away, and the invariants panel points at it.
  await panel.getByRole("button", { name: "Show the cause" }).click();
  check((await page.getByRole("region", { name: "Invariants" }).textContent()).includes("learner consistency: broken"), "the panel names it");
  check((await page.locator(".node-card--culprit").count()) === 1, "the card where it broke is marked");

  // The attempt survives a reload, won, at the moment shown; so does the
  // record, and its table opens by keyboard.
  const shown = await timelineText(page);
  await page.reload();
  await challenge(page).waitFor();
  const back = await page.getByTestId("notice").textContent();
  check(back.startsWith("Your challenge attempt is back"), `the attempt is back: ${back}`);
  check(await challenge(page).getByRole("radio", { name: "Use half the nodes as a quorum" }).isChecked(), "with its rule");
  check((await timelineText(page)) === shown, `at the moment shown: ${await timelineText(page)} / ${shown}`);
  const again = await challengeStatus(page).textContent();
  check(again.includes("You broke it in 2 moves"), `and its win: ${again}`);
  const summary = challenge(page).locator("summary", { hasText: "Your record" });
  await summary.focus();
  await page.keyboard.press("Enter");
  const row = page.getByTestId("challenge-record").getByRole("row", { name: /Use half the nodes as a quorum/ });
  const cells = await row.locator("td").allTextContents();
  check(cells[0] === "1" && cells[1] === "2 moves", `attempts and shortest win kept: ${cells}`);
  await page.screenshot({ path: join(shots, "53-challenge-record-after-reload.png") });
  await close(page);
});

test("challenge on a 1280 × 720 laptop: the result and the nodes' controls are on the first screen", async () => {
  const page = await open("", { viewport: { width: 1280, height: 720 } });
  await openChallenge(page);
  const status = await challengeStatus(page).boundingBox();
  const delay = await challenge(page).getByRole("radiogroup", { name: "Delay node 1's messages" }).boundingBox();
  check(status.y + status.height <= 720 && delay.y + delay.height <= 720, `the result ends at ${status.y + status.height}, node 1's Delay at ${delay.y + delay.height}`);
  // And its four delays fit one row.
  const heights = await challenge(page).getByRole("radiogroup", { name: "Delay node 1's messages" }).getByRole("radio").evaluateAll((rs) => new Set(rs.map((r) => Math.round(r.getBoundingClientRect().top))).size);
  check(heights === 1, `node 1's delays stand in ${heights} rows`);
  await close(page);
});

test("challenge: a corrupt stored record is reset with a notice, not a crash", async () => {
  const page = await open("?paused=1");
  await page.evaluate(() => localStorage.setItem("paxos-playground.challenge", "challenge-1 paxos=-1/NaN \u0000"));
  await page.reload();
  await page.getByRole("group", { name: "Node 1", exact: true }).waitFor();
  await openChallenge(page);
  const problem = challenge(page).getByText("could not be read");
  check(await problem.isVisible(), "the panel says the record was reset");
  await page.screenshot({ path: join(shots, "54-challenge-corrupt-record.png") });
  // A damaged kept attempt, or one whose run no challenge could make (a
  // 5-node run, a hostile string), opens free play with a notice.
  for (const kept of ["7 <script>alert(1)</script>", "0 AQMIEAAAAdAP2AT4CgAAAAIAAAABBWFwcGxlAAAAAwRwbHVtCgAAAD4SUwI", "x"]) {
    await page.evaluate((k) => localStorage.setItem("paxos-playground.playing-challenge", k), kept);
    await page.reload();
    await page.getByRole("group", { name: "Node 1", exact: true }).waitFor();
    const said = await page.getByTestId("notice").textContent();
    check(said.startsWith("Your last challenge attempt could not be brought back"), `${kept}: ${said}`);
    check((await challenge(page).count()) === 0, `${kept}: free play`);
  }
  check(page.errors.length === 0, `no errors: ${page.errors}`);
  await close(page);
});

test("challenge on a phone: opened and played by touch, targets big enough", async () => {
  const page = await open("?speed=8", { viewport: { width: 390, height: 844 }, hasTouch: true, isMobile: true });
  await page.getByRole("button", { name: "Challenge", exact: true }).tap();
  await challenge(page).waitFor();
  // In one column the moves come under the cluster and its time
  // controls, the goal and the result above: above the cards, the moves
  // put them a screen and a half down, a long scroll between any two
  // moves.
  const panel = page.getByRole("region", { name: "Your moves" });
  // Play stays at hand at the bottom of the screen, as in free play.
  const play = await page.getByRole("button", { name: "Play", exact: true }).or(page.getByRole("button", { name: "Pause", exact: true })).boundingBox();
  check(play && play.y + play.height <= 844, `the time controls are on screen: ${JSON.stringify(play)}`);
  const top = async (locator) => locator.evaluate((e) => e.getBoundingClientRect().top + scrollY);
  const [card, propose1, result, delay] = [
    await top(page.getByRole("group", { name: "Node 1", exact: true })),
    await top(page.getByRole("button", { name: "Propose at node 1", exact: true })),
    await top(challengeStatus(page)),
    await top(panel.getByRole("radiogroup", { name: "Delay node 1's messages" })),
  ];
  check(result < card && card < 844, `the result, then the cards from the first screen on: result at ${result}, node 1 at ${card}`);
  check(delay > propose1 && delay - propose1 < 844, `node 1's Delay less than a screen under its Propose: ${propose1} and ${delay}`);
  check((await panel.getByText("tap a card's name to open it").count()) === 1, "the moves say where Crash is on a phone");
  await panel.getByRole("radio", { name: "Ignore prior accepted values" }).tap();
  check(await panel.getByRole("radio", { name: "Ignore prior accepted values" }).isChecked(), "a tap picks the rule");
  await panel.getByRole("radiogroup", { name: "Delay node 2's messages" }).getByRole("radio", { name: "+2 s" }).tap();
  check(await panel.getByRole("radiogroup", { name: "Delay node 2's messages" }).getByRole("radio", { name: "+2 s" }).isChecked(), "a tap sets a delay");
  // Which node is slowed shows on its folded card too, up by the cluster.
  const slowed = await page.getByRole("group", { name: "Node 2", exact: true }).textContent();
  check(slowed.includes("sends its messages 2.0 s late"), `node 2's card says it is slowed: ${slowed}`);
  // Every control in the panels is at least 44 px tall under a finger.
  const small = await page.locator(".challenge").locator("button, summary, .segmented__option").evaluateAll((els) =>
    els.map((e) => [e.textContent.trim(), e.getBoundingClientRect().height]).filter(([, h]) => h < 44));
  check(small.length === 0, `targets under 44 px: ${JSON.stringify(small)}`);
  const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
  check(overflow <= 0, `no sideways scrolling: ${overflow}px`);
  await page.screenshot({ path: join(shots, "55-challenge-phone.png"), fullPage: true });
  await checkAccessibility(page);
  // Won with the time controls in hand, far below the notice: the bar
  // under them says so, not only the broken rule's log line.
  await panel.getByRole("radio", { name: "Use half the nodes as a quorum" }).tap();
  await page.getByRole("button", { name: "Pause", exact: true }).tap();
  await propose(page, 1, "apple");
  await propose(page, 3, "plum");
  await page.getByRole("button", { name: "Play", exact: true }).tap();
  await page.getByTestId("notice").filter({ hasText: "You won" }).waitFor({ timeout: 20000 });
  const bar = await page.locator(".transport__latest").textContent();
  check(bar.startsWith("You won: node"), `the bar says it: ${bar}`);
  // Longer than its two lines, the rest scrolls into view rather than
  // being cut off.
  const end = await page.locator(".transport__latest").evaluate((p) => {
    p.scrollTop = p.scrollHeight;
    // (A box cut off with overflow hidden scrolls by script too, but not
    // by a reader's finger.)
    return p.scrollHeight <= p.clientHeight + 1 || (getComputedStyle(p).overflowY === "auto" && p.scrollTop > 0);
  });
  check(end, "the bar's whole text can be read");
  await page.screenshot({ path: join(shots, "56-challenge-phone-won.png") });
  // The result's "Show that moment", above the cluster in one column,
  // brings the cards into view: they were half under the time controls,
  // and the tap seemed to do nothing.
  await page.evaluate(() => scrollTo(0, 0));
  await challenge(page).getByRole("button", { name: "Show that moment" }).tap();
  const shown = await page.locator(".node-card").evaluateAll((cards) => cards.map((c) => c.getBoundingClientRect()).map((r) => [Math.round(r.top), Math.round(r.bottom)]));
  const controls = await page.locator(".transport").evaluate((t) => t.getBoundingClientRect().top);
  // (Under the notice that stays at the top of the screen, if any.)
  const notice = await page.locator(".notice--pinned").evaluateAll((ns) => Math.max(0, ...ns.map((n) => n.getBoundingClientRect().bottom)));
  // Each card's name and state, its first 150 px (an opened card's
  // controls may run on under the time controls).
  check(shown.every(([top]) => top >= notice && top + 150 <= controls), `every card's state in view, under the notice (${notice}) and above the time controls (${controls}): ${JSON.stringify(shown)}`);
  await page.screenshot({ path: join(shots, "56b-challenge-phone-moment-shown.png") });
  // Played on, the bar follows the log again.
  await page.getByRole("button", { name: "Play", exact: true }).tap();
  await page.waitForTimeout(300);
  const playing = await page.locator(".transport__latest").textContent();
  check(!playing.startsWith("You won"), `the bar follows the run: ${playing}`);
  await close(page);
});

const filter = process.argv[2];
let failed = 0;
const started = Date.now();
for (const { name, fn } of tests) {
  if (filter && !name.includes(filter)) continue;
  const t0 = Date.now();
  try {
    await fn();
    console.log(`ok   ${name} (${Date.now() - t0} ms)`);
  } catch (e) {
    failed++;
    console.log(`FAIL ${name}: ${process.env.E2E_FULL ? e.message : e.message.split("\n")[0]}`);
  }
}
await browser.close();
server.close();
console.log(`\n${failed ? failed + " failed" : "all passed"} in ${((Date.now() - started) / 1000).toFixed(1)} s; screenshots in target/e2e/`);
process.exit(failed ? 1 : 0);
