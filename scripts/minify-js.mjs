// Trunk post-build hook: minify the wasm-bindgen JS glue in release builds.
// Trunk's own minifier cannot parse the glue's `export default`, so terser
// (pure JavaScript, from npm) does it instead. Trunk.toml turns subresource
// integrity off, because hashes computed before this step would no longer
// match the minified file.
import { readdir, readFile, writeFile } from "node:fs/promises";
import { join } from "node:path";
import { minify } from "terser";

const dir = process.env.TRUNK_STAGING_DIR;
if (!dir || process.env.TRUNK_PROFILE !== "release") process.exit(0);

for (const name of await readdir(dir)) {
  if (!name.endsWith(".js")) continue;
  const path = join(dir, name);
  const source = await readFile(path, "utf8");
  const result = await minify(source, { module: true, compress: { passes: 2 }, mangle: true });
  await writeFile(path, result.code);
  console.log(`minified ${name}: ${source.length} -> ${result.code.length} bytes`);
}
