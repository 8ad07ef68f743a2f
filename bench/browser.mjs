// The headless Chromium both benchmark scripts measure in: Debian's own
// build, with the background work that would add noise to the figures
// (networking, updates, sync) switched off.
import { chromium } from "playwright-core";

/** Launch it, with `extra` command-line switches. */
export function launch(extra = []) {
  return chromium.launch({
    executablePath: "/usr/bin/chromium",
    headless: true,
    args: [
      "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage", "--disable-quic", "--no-first-run",
      "--disable-background-networking", "--disable-component-update", "--disable-sync",
      ...extra,
    ],
  });
}
