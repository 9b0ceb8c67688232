"""Browser benchmark: how long the app takes to draw a large ecosystem map once its answer
has arrived, and how smoothly it then pans and zooms, in Debian's headless chromium.

    valuenet generate --companies 20000 --seed 7 --out /tmp/industry
    VALUENET_DATABASE_URL=embedded:///tmp/engine valuenet import /tmp/industry
    VALUENET_DATABASE_URL=embedded:///tmp/engine valuenet serve --port 8000 &
    python bench/map_draw_bench.py --url http://127.0.0.1:8000 --center distribution \\
        --center-kind sector --hops 2 --max-nodes 5000

It opens ``/?view=map&...`` and reads the page's marks: from the answer parsed to the map
placed and handed to sigma.js, then to the first frame painted after it (drawn and
interactive); then it zooms in and out over two seconds, while ForceAtlas2 refines the
layout in a worker, and counts the frames painted (60 per second is smooth); then it waits
for the worker to finish and gives when it did. Runs ``--runs`` times and prints each and
the median. Given ``--url`` more than once (say the app built before and after a change,
each served on its own port), it takes the pages in turn, run by run, and gives each one's
median: a side-by-side comparison on a machine whose load changes from minute to minute.
"""

from __future__ import annotations

import argparse
import os
import shutil
import statistics
import urllib.parse

from playwright.sync_api import sync_playwright

FIRST_FRAME = """async () => {
  await new Promise((resolve) => requestAnimationFrame(() => requestAnimationFrame(resolve)));
  const answer = performance.getEntriesByName("valuenet:map-answer").at(-1).startTime;
  const drawn = performance.getEntriesByName("valuenet:map-drawn").at(-1).startTime;
  return { layout_and_draw_ms: drawn - answer, first_frame_ms: performance.now() - answer };
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
                page.goto(f"{url}/?{query}")
                page.locator("#status").filter(has_text="Ready.").wait_for(timeout=300_000)
                picture = page.locator(".picture")
                size = f"{picture.get_attribute('data-nodes')} nodes, {picture.get_attribute('data-edges')} edges"
                result = {**page.evaluate(FIRST_FRAME), **page.evaluate(PAN_ZOOM), **page.evaluate(LAYOUT_DONE)}
                print(f"{url} run {run + 1}: {size}: " + ", ".join(f"{k} {v:.0f}" for k, v in result.items()))
                results[url].append(result)
                page.close()
        browser.close()
    print("load average: {:.1f} {:.1f} {:.1f}".format(*os.getloadavg()))
    for url, runs in results.items():
        medians = {k: statistics.median(r[k] for r in runs if k in r) for k in runs[0]}
        print(f"{url} median: " + ", ".join(f"{k} {v:.0f}" for k, v in medians.items()))


if __name__ == "__main__":
    main()
