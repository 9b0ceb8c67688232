// A large graph's first layout, drawn before ForceAtlas2 refines it in a worker. Its links
// must be short: software WebGL (SwiftShader) takes seconds to draw 20,000 links that cross
// the picture, and a tenth of that for links between neighbours (bench/map_draw_bench.py).
// The graph's spectral layout (Koren, "Drawing graphs by eigenvectors", 2005) places each
// node near its neighbours in a few milliseconds; its nodes then spread evenly over a disc.

/** Power iterations: enough for neighbours to gather, far fewer than to converge (which packs the nodes). */
const ITERATIONS = 30;
/** The golden angle: consecutive nodes of a sunflower spiral never share a ray. */
const GOLDEN_ANGLE = 2.399963;

/** Each node's neighbours (a link each way, self-links left out) as index lists in one array. */
function neighbours(graph, index) {
  const n = graph.order;
  const degree = new Uint32Array(n);
  graph.forEachEdge((_edge, _attrs, source, target) => {
    if (source === target) return;
    degree[index.get(source)] += 1;
    degree[index.get(target)] += 1;
  });
  const start = new Uint32Array(n + 1);
  for (let i = 0; i < n; i += 1) start[i + 1] = start[i] + degree[i];
  const list = new Uint32Array(start[n]);
  const next = start.slice(0, n);
  graph.forEachEdge((_edge, _attrs, source, target) => {
    if (source === target) return;
    const s = index.get(source);
    const t = index.get(target);
    list[next[s]++] = t;
    list[next[t]++] = s;
  });
  return { start, list, degree };
}

/**
 * One axis: power iteration of (I + D⁻¹A) / 2 from ``v``, kept D-orthogonal to the constant
 * vector and to ``others`` (the axes before), so that it is neither flat nor a copy of them.
 */
function axis(v, others, { start, list, degree }) {
  const n = v.length;
  const next = new Float64Array(n);
  const weight = (i) => degree[i] || 1;
  for (let step = 0; step < ITERATIONS; step += 1) {
    for (const other of [null, ...others]) {
      let along = 0;
      let norm = 0;
      for (let i = 0; i < n; i += 1) {
        const o = other ? other[i] : 1;
        along += v[i] * o * weight(i);
        norm += o * o * weight(i);
      }
      for (let i = 0; i < n; i += 1) v[i] -= (along / norm) * (other ? other[i] : 1);
    }
    let length = 0;
    for (let i = 0; i < n; i += 1) {
      let sum = 0;
      for (let k = start[i]; k < start[i + 1]; k += 1) sum += v[list[k]];
      next[i] = degree[i] ? (v[i] + sum / degree[i]) / 2 : v[i];
      length += next[i] * next[i];
    }
    length = Math.sqrt(length) || 1;
    for (let i = 0; i < n; i += 1) v[i] = next[i] / length;
  }
  return v;
}

/** Positions ``x``, ``y`` on a disc: each keeps its angle from the centre and its rank by distance from it. */
function disc(x, y) {
  const n = x.length;
  const cx = x.reduce((a, b) => a + b, 0) / n;
  const cy = y.reduce((a, b) => a + b, 0) / n;
  const radius = Float64Array.from(x, (xi, i) => Math.hypot(xi - cx, y[i] - cy));
  const byRadius = Array.from(radius.keys()).sort((a, b) => radius[a] - radius[b] || a - b);
  const placed = byRadius.map(() => null);
  byRadius.forEach((i, rank) => {
    const r = Math.sqrt((rank + 0.5) / n);
    const angle = Math.atan2(y[i] - cy, x[i] - cx);
    placed[i] = { x: r * Math.cos(angle), y: r * Math.sin(angle) };
  });
  return placed;
}

/** Sets every node's ``x`` and ``y``: deterministic, from the graph alone. */
export function startLayout(graph) {
  const nodes = graph.nodes();
  const index = new Map(nodes.map((node, i) => [node, i]));
  const links = neighbours(graph, index);
  // A sunflower spiral in the nodes' order: a start with no preferred direction.
  const x = Float64Array.from(nodes, (_node, i) => Math.sqrt((i + 0.5) / nodes.length) * Math.cos(i * GOLDEN_ANGLE));
  const y = Float64Array.from(nodes, (_node, i) => Math.sqrt((i + 0.5) / nodes.length) * Math.sin(i * GOLDEN_ANGLE));
  axis(x, [], links);
  axis(y, [x], links);
  const placed = disc(x, y);
  nodes.forEach((node, i) => graph.mergeNodeAttributes(node, placed[i]));
}
