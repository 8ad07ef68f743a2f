// Size benchmark: which parts of the page make up its wasm. Figures, not
// pass/fail. Needs the release build (`trunk build --release --public-url
// ./`, or scripts/bench.sh), which leaves rustc's own wasm, function names
// included, in target/wasm32-unknown-unknown/wasm-release/.
//
//   node bench/size.mjs
//
// Every function in rustc's wasm is given to the part of the page whose
// module its name mentions first (a generic from a library instantiated
// for the diagram's types counts as the diagram's); functions that name no
// module of ours are the libraries' (Yew, the standard library, serde...).
// Each part's function bodies are gzipped on their own, and the shipped
// wasm's gzip size (after wasm-bindgen and wasm-opt, strings and all) is
// shared out in proportion. So `shipped_gzip_bytes` estimates what removing
// a part would save; it is an estimate, because wasm-opt shrinks some parts
// more than others and parts compress better together than apart. The
// constant strings (the data section: scenario texts, sentences, labels) are
// listed on their own. Yew's generic functions instantiated for one of our
// components (`CompStateInner<COMP>::view`) hold some of that component's
// rendering code but do not name it, so they count with the libraries.
// The views written as plain functions (the status,
// rules, challenge and other panels) are mostly inlined into the app
// component, so their code is counted there; the components (cards,
// packets, the diagram, the timeline bar's parts) are counted apart.
import { readFile, readdir } from "node:fs/promises";
import { gzipSync } from "node:zlib";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const repo = join(dirname(fileURLToPath(import.meta.url)), "..");
const rustcWasm = join(repo, "target/wasm32-unknown-unknown/wasm-release/paxos-playground.wasm");
const dist = join(repo, "dist");

/** Which issue's work each module belongs to, first match wins. */
const PARTS = [
  ["timeline (run as a value)", /^(sim::timeline|ui::components::timeline_bar)/],
  ["share links and URL options", /^(sim::link|ui::url)/],
  ["export, import and the stored run", /^(sim::runfile|ui::files|ui::storage)/],
  ["scenarios", /^(sim::scenarios|ui::components::scenario_panel)/],
  ["partitions panel", /^ui::components::partitions_panel/],
  ["space-time diagram", /^(sim::diagram|ui::components::(space_time|diagram_arrow))/],
  ["invariants panel", /^ui::components::invariants_panel/],
  ["node history", /^ui::components::node_history/],
  ["break a rule", /^ui::components::rules_panel/],
  ["challenge", /^(sim::challenge|ui::challenge|ui::components::challenge_panel)/],
  ["find a bug (page side: panel, worker messages)", /^(sim::explore|ui::find_bug|ui::components::find_bug_panel)/],
  ["app component (with the plain-function panels inlined into it, and its moment hook)", /^ui::components::(app|moment)/],
  ["cluster view (cards, messages, stage)", /^ui::(components::(node_card|message_packet|message_track|wires|stage)|layout)/],
  ["other panels (status, log, legend, toolbar, notice)", /^ui::components::/],
  ["page model, clock and hooks", /^ui::/],
  ["protocol and simulator (paxos, sim)", /^(paxos|sim)::/],
  ["entry point", /^main/],
];

/** Parses `bytes` (a wasm module): each defined function's body, by name. */
function functions(bytes) {
  let pos = 8;
  const leb = () => {
    let value = 0, shift = 0, byte;
    do {
      byte = bytes[pos++];
      value += (byte & 0x7f) * 2 ** shift;
      shift += 7;
    } while (byte & 0x80);
    return value;
  };
  const skipLimits = () => {
    const flags = leb();
    leb();
    if (flags & 1) leb();
  };
  let imported = 0, data = 0;
  const bodies = [];
  const names = new Map();
  while (pos < bytes.length) {
    const id = bytes[pos++];
    const size = leb();
    const end = pos + size;
    if (id === 2) {
      // Imported functions come first in the function index space.
      for (let n = leb(); n > 0; n--) {
        // Module and field names (`pos += leb()` would add to the old pos).
        for (let k = 0; k < 2; k++) {
          const length = leb();
          pos += length;
        }
        const kind = bytes[pos++];
        if (kind === 0) (leb(), imported++);
        else if (kind === 1) (pos++, skipLimits());
        else if (kind === 2) skipLimits();
        else if (kind === 3) pos += 2;
        else leb();
      }
    } else if (id === 10) {
      for (let n = leb(); n > 0; n--) {
        const length = leb();
        bodies.push(bytes.subarray(pos, pos + length));
        pos += length;
      }
    } else if (id === 11) {
      data += size;
    } else if (id === 0) {
      const length = leb();
      const name = bytes.subarray(pos, pos + length).toString();
      pos += length;
      while (name === "name" && pos < end) {
        const sub = bytes[pos++];
        const subSize = leb();
        const subEnd = pos + subSize;
        if (sub === 1) {
          for (let n = leb(); n > 0; n--) {
            const index = leb();
            const l = leb();
            names.set(index, bytes.subarray(pos, pos + l).toString());
            pos += l;
          }
        }
        pos = subEnd;
      }
    }
    pos = end;
  }
  return { data, list: bodies.map((body, i) => ({ body, name: demangle(names.get(imported + i) ?? "") })) };
}

/** Rust's legacy mangling (`_ZN3foo3bar17h…E`), made readable enough to match paths in. */
function demangle(name) {
  if (!name.startsWith("_ZN")) return name;
  const parts = [];
  for (let i = 3; i < name.length && name[i] !== "E";) {
    const digits = /^\d+/.exec(name.slice(i))[0];
    i += digits.length;
    parts.push(name.slice(i, i + Number(digits)));
    i += Number(digits);
  }
  return parts.join("::").replaceAll("..", "::").replaceAll("$LT$", "<").replaceAll("$GT$", ">").replaceAll("$u20$", " ");
}

function partOf(name) {
  const ours = /paxos_playground::([\w:]+)/.exec(name);
  if (!ours) return "libraries (Yew, std, serde, wasm-bindgen…)";
  return PARTS.find(([, pattern]) => pattern.test(ours[1]))?.[0] ?? "other of ours";
}

const { list, data } = functions(await readFile(rustcWasm));
const groups = new Map();
for (const { name, body } of list) {
  // wasm-bindgen runs these at build time (type descriptions) and
  // removes them from the wasm it ships.
  if (name.startsWith("__wbindgen_describe") || name.includes("wasm_bindgen::describe")) continue;
  const part = partOf(name);
  if (!groups.has(part)) groups.set(part, []);
  groups.get(part).push(body);
}
const wasmName = (await readdir(dist)).find((n) => /^paxos-playground-[0-9a-f]+_bg\.wasm$/.test(n));
const shipped = await readFile(join(dist, wasmName));
const shippedGzip = gzipSync(shipped, { level: 9 }).length;
// The strings, gzipped alone, come off the top; the rest is shared by code.
const strings = Buffer.from(shipped.toString("latin1").match(/[\x20-\x7e\xa0-\xff]{8,}/g)?.join("") ?? "", "latin1");
const stringsGzip = gzipSync(strings, { level: 9 }).length;
const rows = [...groups].map(([part, bodies]) => {
  const raw = bodies.reduce((sum, b) => sum + b.length, 0);
  return { part, functions: bodies.length, rustc_bytes: raw, alone_gzip: gzipSync(Buffer.concat(bodies), { level: 9 }).length };
});
const totalAlone = rows.reduce((sum, r) => sum + r.alone_gzip, 0);
for (const r of rows) r.shipped_gzip_bytes = Math.round(((shippedGzip - stringsGzip) * r.alone_gzip) / totalAlone);
rows.sort((a, b) => b.shipped_gzip_bytes - a.shipped_gzip_bytes);
console.log(JSON.stringify({
  shipped_wasm: { raw: shipped.length, gzip: shippedGzip },
  strings: { rustc_data_bytes: data, shipped_gzip_bytes: stringsGzip },
}));
for (const r of rows) console.log(JSON.stringify(r));
