// ForceAtlas2 off the page's thread, for large graphs: the page draws them at once from a
// cheap layout, then takes the positions this worker sends until its time is up. A file of
// its own (not a blob), so the page's policy can keep to `worker-src 'self'`.
import iterate from "graphology-layout-forceatlas2/iterate.js";

/** How often the page gets positions: each update redraws every node and link (seconds in software WebGL). */
const SEND_EVERY_MS = 3000;

self.onmessage = ({ data: { nodes, edges, settings, iterations, budgetMs } }) => {
  const started = performance.now();
  let sent = started;
  for (let i = 0; i < iterations && performance.now() - started < budgetMs; i += 1) {
    iterate(settings, nodes, edges);
    if (performance.now() - sent > SEND_EVERY_MS) {
      self.postMessage({ nodes: nodes.slice(), done: false });
      sent = performance.now();
    }
  }
  self.postMessage({ nodes, done: true }, [nodes.buffer]);
};
