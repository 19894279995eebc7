// Bundle src/ into ../static/dist (app.js, app.css, LICENSES.txt), the same bytes on every run:
// no source maps, no timestamps, licences collected from the packages esbuild actually bundled.
import { build } from "esbuild";
import { mkdir, readFile, readdir, rm, writeFile } from "node:fs/promises";
import path from "node:path";
import { fileURLToPath } from "node:url";

const here = path.dirname(fileURLToPath(import.meta.url));
const outdir = path.resolve(here, "../static/dist");
const LICENSE_NAMES = /^(licen[cs]e|copying)(\.(md|txt))?$/i;
// Code a bundled package's own build inlines from other packages (cytoscape's dist carries parts of
// lodash and heap). They are devDependencies only so that their licence files are here to copy.
const EMBEDDED = { cytoscape: ["heap", "lodash"] };

/** The package directories under node_modules that contributed inputs to the bundle, sorted. */
function bundledPackages(metafile) {
  const packages = new Set();
  for (const input of Object.keys(metafile.inputs)) {
    const match = /(?:^|\/)node_modules\/((?:@[^/]+\/)?[^/]+)\//.exec(input);
    if (match) packages.add(match[1]);
  }
  return [...packages].sort();
}

async function licenceText(name, within = "") {
  const dir = path.join(here, "node_modules", name);
  const manifest = JSON.parse(await readFile(path.join(dir, "package.json"), "utf8"));
  const file = (await readdir(dir)).sort().find((entry) => LICENSE_NAMES.test(entry));
  if (!file) throw new Error(`${name} has no LICENSE file: add its licence text to build.mjs before bundling it.`);
  const text = (await readFile(path.join(dir, file), "utf8")).replace(/\r\n/g, "\n").trimEnd();
  const title = `${name} ${manifest.version} (${manifest.license})${within ? `, inlined in ${within}'s build` : ""}`;
  return `${title}\n${"=".repeat(title.length)}\n${text}\n`;
}

async function main() {
  await rm(outdir, { recursive: true, force: true });
  await mkdir(outdir, { recursive: true });
  const result = await build({
    absWorkingDir: here,
    entryPoints: { app: "src/main.js" },
    outdir,
    bundle: true,
    minify: true,
    format: "iife",
    target: ["es2020", "chrome100", "firefox100", "safari15"],
    legalComments: "eof",
    charset: "utf8",
    metafile: true,
    logLevel: "warning",
    banner: { js: "/* FireKG UI. Bundled third-party code and its licences: /static/dist/LICENSES.txt */" },
  });
  const names = bundledPackages(result.metafile);
  const licences = [];
  for (const name of names) {
    licences.push(await licenceText(name));
    for (const inner of EMBEDDED[name] || []) licences.push(await licenceText(inner, name));
  }
  const header = "Third-party packages bundled into app.js, with their licences.\n\n";
  await writeFile(path.join(outdir, "LICENSES.txt"), header + licences.join("\n"));
  console.log(`built ${path.relative(process.cwd(), outdir)}: app.js, app.css, LICENSES.txt (${names.join(", ")})`);
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
