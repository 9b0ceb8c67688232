"""Browser benchmark: how long the app takes to draw a large ecosystem map once its answer
has arrived, and how smoothly it then pans and zooms, in Debian's headless chromium.

    valuenet generate --companies 20000 --seed 7 --out /tmp/industry
    VALUENET_DATABASE_URL=embedded:///tmp/engine valuenet import /tmp/industry
    VALUENET_DATABASE_URL=embedded:///tmp/engine valuenet serve --port 8000 &
    python bench/map_draw_bench.py --url http://127.0.0.1:8000 --center distribution \\
        --center-kind sector --hops 2 --max-nodes 5000

It opens ``/?view=map&...`` and reads the page's marks, from the answer's last byte
arriving (the query's Resource Timing ``responseEnd``, so parsing the JSON counts): when the
map is placed and handed to sigma.js, and when it is painted and interactive: the second
animation frame after sigma.js drew every node and link, which Chromium begins only once the
frame holding them is done (software WebGL read back to the compositor), its callback run by
the page's thread, free again for the reader's input. Then it zooms in and out over two
seconds, while ForceAtlas2 refines the layout in a worker, and counts the frames painted (60
per second is smooth); then it waits for the worker to finish, gives when it did, and zooms
in and out again (``settled_frames_per_second``). Runs
``--runs`` times and prints each, the median and the range, and how many runs were painted
after more than ``--target`` ms. Given ``--url`` more than once (say the app built before
and after a change, each served on its own port), it takes the pages in turn, run by run: a
side-by-side comparison on a machine whose load changes from minute to minute.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import urllib.parse

from playwright.sync_api import sync_playwright

# Before the page's own scripts: two frames after sigma.js's drawing, a mark.
PAINTED = """new PerformanceObserver((marks) => {
  if (!marks.getEntriesByName("valuenet:map-drawn").length) return;
  requestAnimationFrame(() => requestAnimationFrame(() => performance.mark("bench:map-painted")));
}).observe({ type: "mark" });"""

FIRST_FRAME = """async () => {
  while (!performance.getEntriesByName("bench:map-painted").length) await new Promise((r) => setTimeout(r, 50));
  const query = performance.getEntriesByType("resource").filter((e) => e.name.includes("/ecosystem_map?")).at(-1);
  const answer = query.responseEnd;
  const at = (name) => performance.getEntriesByName(name).at(-1).startTime - answer;
  return { handed_to_sigma_ms: at("valuenet:map-drawn"), painted_ms: at("bench:map-painted") };
}"""

PAN_ZOOM = """async () => {
  const sigma = document.querySelector(".picture").picture.sigma;
  const camera = sigma.getCamera();
  let frames = 0;
  let counting = true;
  const count = () => { frames += 1; if (counting) requestAnimationFrame(count); };
  requestAnimationFrame(count);
  const started = performance.now();
  await camera.animate({ ratio: 0.3, x: 0.6, y: 0.4 }, { duration: 1000 });
  await camera.animate({ ratio: 1, x: 0.5, y: 0.5 }, { duration: 1000 });
  counting = false;
  return { frames_per_second: (frames * 1000) / (performance.now() - started) };
}"""


LAYOUT_DONE = """async () => {
  const holder = document.querySelector(".picture");
  while (holder.dataset.layout === "refining") await new Promise((resolve) => setTimeout(resolve, 100));
  const answer = performance.getEntriesByName("valuenet:map-answer").at(-1).startTime;
  const done = performance.getEntriesByName("valuenet:layout-done").at(-1);
  return done ? { layout_done_ms: done.startTime - answer } : {};
}"""


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--url", action="append", help="a running valuenet (again for another, in turn)")
    parser.add_argument("--center", required=True)
    parser.add_argument("--center-kind", default="company")
    parser.add_argument("--hops", type=int, default=2)
    parser.add_argument("--max-nodes", type=int, default=5000)
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--target", type=float, default=2000, help="ms from the answer to the map painted")
    args = parser.parse_args()
    query = urllib.parse.urlencode(
        {
            "view": "map",
            "center": args.center,
            "center_kind": args.center_kind,
            "hops": args.hops,
            "max_nodes": args.max_nodes,
        }
    )
    urls = args.url or ["http://127.0.0.1:8000"]
    chromium = shutil.which("chromium")
    if not chromium:
        raise SystemExit("install chromium first (apt-get install -y chromium)")
    print("load average: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    results: dict[str, list[dict[str, float]]] = {url: [] for url in urls}
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=chromium)
        for run in range(args.runs):
            for url in urls:
                page = browser.new_page(viewport={"width": 1400, "height": 900})
                page.add_init_script(PAINTED)
                page.goto(f"{url}/?{query}")
                page.locator("#status").filter(has_text="Ready.").wait_for(timeout=300_000)
                picture = page.locator(".picture")
                size = f"{picture.get_attribute('data-nodes')} nodes, {picture.get_attribute('data-edges')} edges"
                result = {**page.evaluate(FIRST_FRAME), **page.evaluate(PAN_ZOOM), **page.evaluate(LAYOUT_DONE)}
                result["settled_frames_per_second"] = page.evaluate(PAN_ZOOM)["frames_per_second"]
                figures = ", ".join(f"{k} {v:.0f}" for k, v in result.items())
                print(f"{url} run {run + 1}: {size}: {figures} (load {os.getloadavg()[0]:.1f})")
                results[url].append(result)
                page.close()
        browser.close()
    print("load average: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    for url, runs in results.items():
        spans = {k: [r[k] for r in runs if k in r] for k in runs[0]}
        print(
            f"{url} median (range): "
            + ", ".join(f"{k} {statistics.median(v):.0f} ({min(v):.0f}-{max(v):.0f})" for k, v in spans.items())
        )
        late = sum(ms > args.target for ms in spans["painted_ms"])
        print(f"{url}: painted after more than {args.target:.0f} ms in {late} of {len(runs)} runs")


if __name__ == "__main__":
    main()
