// A tiny static file server for the end-to-end run and the benchmark. It
// serves `root` under a sub-path, as GitHub Pages serves a project site, so
// the tests prove the build works away from `/`.
import { createServer } from "node:http";
import { readFile, stat } from "node:fs/promises";
import { extname, join, normalize } from "node:path";

const TYPES = {
  ".html": "text/html; charset=utf-8",
  ".js": "text/javascript; charset=utf-8",
  ".mjs": "text/javascript; charset=utf-8",
  ".css": "text/css; charset=utf-8",
  ".wasm": "application/wasm",
  ".svg": "image/svg+xml",
  ".json": "application/json",
  ".png": "image/png",
};

/** Serve `root` at http://127.0.0.1:<port>/<base>/ and resolve to the server. */
export async function serve(root, base = "/paxos-playground/", port = 0) {
  const server = createServer(async (req, res) => {
    const url = new URL(req.url, "http://localhost");
    if (!url.pathname.startsWith(base)) {
      res.writeHead(404).end("not found");
      return;
    }
    let rel = normalize(decodeURIComponent(url.pathname.slice(base.length))).replace(/^(\.\.[/\\])+/, "");
    if (rel === "" || rel === "." || rel.endsWith("/")) rel = join(rel, "index.html");
    const path = join(root, rel);
    try {
      if (!(await stat(path)).isFile()) throw new Error("not a file");
      const body = await readFile(path);
      res.writeHead(200, { "content-type": TYPES[extname(path)] ?? "application/octet-stream" }).end(body);
    } catch {
      res.writeHead(404).end("not found");
    }
  });
  await new Promise((ok) => server.listen(port, "127.0.0.1", ok));
  const { port: actual } = server.address();
  return { server, url: `http://127.0.0.1:${actual}${base}` };
}
