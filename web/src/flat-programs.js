// sigma.js's own programs, drawn without instancing. Each of sigma's programs draws a node or
// a link as one instance of a shared shape. Chromium without a GPU (SwiftShader, as headless
// Chromium on the machine the benchmark runs on) draws an instance about 20 times slower than
// the same triangles listed vertex by vertex: on a 5,000-company map that is most of a frame.
// These are the same programs (same shaders, same picture) with every vertex written out.
import {
  createEdgeCompoundProgram,
  EdgeArrowHeadProgram,
  EdgeClampedProgram,
  EdgeRectangleProgram,
  NodeCircleProgram,
} from "sigma/rendering";

/** ``Instanced`` with its shape's per-vertex attributes moved beside the item's own, per vertex. */
function flat(Instanced) {
  return class extends Instanced {
    getDefinition() {
      const { CONSTANT_ATTRIBUTES, CONSTANT_DATA, ...definition } = super.getDefinition();
      return { ...definition, ATTRIBUTES: [...definition.ATTRIBUTES, ...CONSTANT_ATTRIBUTES] };
    }

    /** The instanced program writes the item's attributes once; each vertex gets a copy and its corner. */
    processVisibleItem(index, start, ...data) {
      super.processVisibleItem(index, start, ...data);
      const corners = (this.corners ??= super.getDefinition().CONSTANT_DATA.map((corner) => Float32Array.from(corner)));
      const stride = this.ATTRIBUTES_ITEMS_COUNT;
      const own = stride - corners[0].length;
      corners.forEach((corner, vertex) => {
        const at = start + vertex * stride;
        if (vertex > 0) this.array.copyWithin(at, start, start + own);
        this.array.set(corner, at + own);
      });
    }
  };
}

/** Sigma's default node and edge programs, flat: settings for ``new Sigma``. */
export const FLAT_PROGRAMS = {
  nodeProgramClasses: { circle: flat(NodeCircleProgram) },
  edgeProgramClasses: {
    line: flat(EdgeRectangleProgram),
    arrow: createEdgeCompoundProgram([flat(EdgeClampedProgram), flat(EdgeArrowHeadProgram)]),
  },
};
