// The DTB reader on a blob built here (Devicetree spec ch. 5 layout): nodes, paths, strings,
// cells, and the regions of nodes in the root's address space.
import { describe, expect, it } from 'vitest';
import { fdtRegions, parseFdt, propCells, propStrings } from './fdt.ts';

/** A minimal FDT writer: enough to give the reader real structure. */
function buildFdt(build: (w: { begin(n: string): void; end(): void; prop(n: string, v: Uint8Array): void }) => void): Uint8Array {
  const struct: number[] = [];
  const strings: number[] = [];
  const u32 = (a: number[], v: number): void => { a.push(v >>> 24, (v >>> 16) & 255, (v >>> 8) & 255, v & 255); };
  const pad = (a: number[]): void => { while (a.length % 4) a.push(0); };
  const enc = new TextEncoder();
  build({
    begin(n) { u32(struct, 1); struct.push(...enc.encode(n), 0); pad(struct); },
    end() { u32(struct, 2); },
    prop(n, v) {
      u32(struct, 3); u32(struct, v.length); u32(struct, strings.length);
      strings.push(...enc.encode(n), 0);
      struct.push(...v); pad(struct);
    },
  });
  u32(struct, 9);
  const header: number[] = [];
  const structOff = 40, stringsOff = structOff + struct.length;
  for (const v of [0xd00dfeed, stringsOff + strings.length, structOff, stringsOff, 0, 17, 16, 0, strings.length, struct.length]) u32(header, v);
  return new Uint8Array([...header, ...struct, ...strings]);
}

const cells = (...v: number[]): Uint8Array => new Uint8Array(v.flatMap((x) => [x >>> 24, (x >>> 16) & 255, (x >>> 8) & 255, x & 255]));
const str = (...s: string[]): Uint8Array => new TextEncoder().encode(s.map((x) => x + '\0').join(''));

describe('parseFdt', () => {
  const dtb = buildFdt((w) => {
    w.begin('');
    w.prop('#address-cells', cells(2)); w.prop('#size-cells', cells(2));
    w.begin('pl031@9010000'); w.prop('compatible', str('arm,pl031', 'arm,primecell')); w.prop('reg', cells(0, 0x9010000, 0, 0x1000)); w.end();
    w.begin('pcie@10000000'); w.prop('reg', cells(0x40, 0x10000000, 0, 0x10000000)); w.end();
    w.begin('intc@8000000'); w.prop('#address-cells', cells(2)); w.prop('#size-cells', cells(2)); w.prop('ranges', new Uint8Array(0));
    w.prop('reg', cells(0, 0x8000000, 0, 0x10000, 0, 0x80a0000, 0, 0xf60000));
    w.begin('its@8080000'); w.prop('reg', cells(0, 0x8080000, 0, 0x20000)); w.end();
    w.end();
    w.end();
  });

  it('reads nodes, paths and properties', () => {
    const root = parseFdt(dtb);
    expect(root.children.map((n) => n.path)).toEqual(['/pl031@9010000', '/pcie@10000000', '/intc@8000000']);
    expect(root.children[2].children[0].path).toBe('/intc@8000000/its@8080000');
    expect(propStrings(root.children[0], 'compatible')).toEqual(['arm,pl031', 'arm,primecell']);
    expect(propCells(root, '#size-cells')).toEqual([2]);
  });

  it('gives every reg entry of the root address space, through identity-mapped buses, 64-bit addresses included', () => {
    const regions = fdtRegions(parseFdt(dtb)).map((r) => [r.node.name, r.base, r.size]);
    expect(regions).toEqual([
      ['pl031@9010000', 0x9010000, 0x1000],
      ['pcie@10000000', 0x40_1000_0000, 0x1000_0000],
      ['intc@8000000', 0x8000000, 0x10000],
      ['intc@8000000', 0x80a0000, 0xf60000],
      ['its@8080000', 0x8080000, 0x20000],
    ]);
  });

  it('rejects what is not a DTB, and a truncated one, with a message', () => {
    expect(() => parseFdt(new Uint8Array(64))).toThrow(/bad magic/);
    expect(() => parseFdt(dtb.slice(0, 60))).toThrow(/past the end/);
  });
});
