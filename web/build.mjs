// Builds the app into service/web/static (committed: `pip install .` needs no npm), and
// copies Swagger UI's and ReDoc's browser files there for /docs and /redoc. The output
// depends only on the sources and package-lock.json; CI builds it again and compares.
import { build } from "esbuild";
import { copyFileSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";

const out = new URL("../service/web/static/", import.meta.url).pathname;
rmSync(out, { recursive: true, force: true });
mkdirSync(`${out}docs`, { recursive: true });

await build({
  entryPoints: { app: "src/main.js", "layout-worker": "src/layout-worker.js", "app-style": "src/app.css" },
  bundle: true,
  minify: true,
  format: "esm",
  target: "es2020",
  outdir: out,
  legalComments: "eof",
  logLevel: "warning",
});

const copies = {
  "src/index.html": "index.html",
  "src/favicon.svg": "favicon.svg",
  "node_modules/swagger-ui-dist/swagger-ui-bundle.js": "docs/swagger-ui-bundle.js",
  "node_modules/swagger-ui-dist/swagger-ui.css": "docs/swagger-ui.css",
  "node_modules/swagger-ui-dist/LICENSE": "docs/swagger-ui.LICENSE",
  "node_modules/redoc/bundles/redoc.standalone.js": "docs/redoc.standalone.js",
  "node_modules/redoc/LICENSE": "docs/redoc.LICENSE",
};
for (const [from, to] of Object.entries(copies)) copyFileSync(from, out + to);

// ReDoc's sidebar shows a logo from its vendor's CDN, with no option to leave it out: it gets
// an empty image instead (ReDoc then hides it), so /redoc asks nothing of another origin.
const redoc = `${out}docs/redoc.standalone.js`;
const logo = "https://cdn.redoc.ly/redoc/logo-mini.svg";
const text = readFileSync(redoc, "utf8");
if (!text.includes(logo)) throw new Error(`${logo} is no longer in ReDoc's bundle: check /redoc again`);
writeFileSync(redoc, text.replaceAll(logo, "data:,"));
