// A flattened device tree reader (Devicetree Specification v0.4, ch. 5): the structure block
// as a tree of nodes with raw property values. The model reads the DTB QEMU generated for the
// run to name the board's devices (an access to a device the model lacks is reported by the
// DTB node's name and compatible string), and the harness reads it to describe a board.

const FDT_MAGIC = 0xd00dfeed;
const FDT_BEGIN_NODE = 1;
const FDT_END_NODE = 2;
const FDT_PROP = 3;
const FDT_NOP = 4;
const FDT_END = 9;

export interface FdtNode {
  /** The node's name with its unit address, e.g. `pl031@9010000`; '' for the root. */
  name: string;
  /** The full path, e.g. `/intc@8000000/its@8080000`. */
  path: string;
  props: Map<string, Uint8Array>;
  children: FdtNode[];
  parent?: FdtNode;
}

/** Parses a DTB; throws an Error naming what is wrong when it is not one. */
export function parseFdt(dtb: Uint8Array): FdtNode {
  const v = new DataView(dtb.buffer, dtb.byteOffset, dtb.byteLength);
  if (dtb.length < 40 || v.getUint32(0) !== FDT_MAGIC) throw new Error('not a flattened device tree (bad magic)');
  const structOff = v.getUint32(8), stringsOff = v.getUint32(12);
  const cstring = (at: number): string => {
    let end = at;
    while (end < dtb.length && dtb[end] !== 0) end++;
    return new TextDecoder().decode(dtb.subarray(at, end));
  };
  let p = structOff;
  let root: FdtNode | undefined;
  let cur: FdtNode | undefined;
  for (;;) {
    if (p + 4 > dtb.length) throw new Error('device tree structure block runs past the end');
    const token = v.getUint32(p); p += 4;
    if (token === FDT_BEGIN_NODE) {
      const name = cstring(p);
      p = align4(p + new TextEncoder().encode(name).length + 1);
      const path = cur === undefined ? '/' : `${cur.path === '/' ? '' : cur.path}/${name}`;
      const node: FdtNode = { name, path, props: new Map(), children: [], parent: cur };
      if (cur) cur.children.push(node); else root = node;
      cur = node;
    } else if (token === FDT_PROP) {
      const len = v.getUint32(p), nameOff = v.getUint32(p + 4);
      p += 8;
      cur?.props.set(cstring(stringsOff + nameOff), dtb.slice(p, p + len));
      p = align4(p + len);
    } else if (token === FDT_END_NODE) {
      cur = cur?.parent;
    } else if (token === FDT_END) {
      if (!root) throw new Error('device tree has no root node');
      return root;
    } else if (token !== FDT_NOP) {
      throw new Error(`device tree token 0x${token.toString(16)} at 0x${(p - 4).toString(16)} is not defined`);
    }
  }
}

const align4 = (n: number): number => (n + 3) & ~3;

/** A property as its NUL-separated strings (`compatible`, `status`). */
export function propStrings(n: FdtNode, name: string): string[] {
  const b = n.props.get(name);
  if (!b) return [];
  return new TextDecoder().decode(b).split('\0').filter((s) => s !== '');
}

/** A property as big-endian 32-bit cells. */
export function propCells(n: FdtNode, name: string): number[] {
  const b = n.props.get(name);
  if (!b) return [];
  const v = new DataView(b.buffer, b.byteOffset, b.byteLength);
  return Array.from({ length: b.length >> 2 }, (_, i) => v.getUint32(i * 4));
}

/** Every node, depth first. */
export function* fdtNodes(n: FdtNode): Generator<FdtNode> {
  yield n;
  for (const c of n.children) yield* fdtNodes(c);
}

export interface FdtRegion {
  node: FdtNode;
  base: number;
  size: number;
}

/**
 * The MMIO regions of the nodes whose `reg` is in the root's physical address space (the
 * root's children and the children of simple buses without `ranges` translation): each `reg`
 * entry decoded with the parent's #address-cells / #size-cells (Devicetree spec 2.3.5-2.3.6).
 */
export function fdtRegions(root: FdtNode): FdtRegion[] {
  const out: FdtRegion[] = [];
  const walk = (parent: FdtNode): void => {
    const ac = propCells(parent, '#address-cells')[0] ?? 2;
    const sc = propCells(parent, '#size-cells')[0] ?? 1;
    for (const n of parent.children) {
      const reg = propCells(n, 'reg');
      const step = ac + sc;
      if (parent === root || isIdentityMapped(parent)) {
        for (let i = 0; step > 0 && i + step <= reg.length; i += step) {
          out.push({ node: n, base: cellsValue(reg.slice(i, i + ac)), size: cellsValue(reg.slice(i + ac, i + step)) });
        }
      }
      if (n.props.has('ranges') && n.props.get('ranges')!.length === 0) walk(n);
    }
  };
  walk(root);
  return out;
}

const isIdentityMapped = (n: FdtNode): boolean => n.parent !== undefined && n.props.has('ranges') && n.props.get('ranges')!.length === 0;

const cellsValue = (cells: number[]): number => cells.reduce((acc, c) => acc * 2 ** 32 + c, 0);
