// fast-check arbitraries for stage-2 fuzz cases. Mostly legal configurations (every
// granule, start level with concatenation, PS), sometimes illegal-but-interesting ones;
// mappings with every attribute and now and then a malformed descriptor; probes that mostly
// aim at a mapping (so they get past the walk) and sometimes at free IPA space.

import fc from 'fast-check';
import {
  levelShift, PS_BITS, qemu72RejectsConfig, sl0Of, type FuzzCase, type GranuleBits, type Malformed, type ProbeKind, type RawMapping,
  type RawProbe, type S2Config,
} from './case.ts';

/** A legal configuration: granule, start level, an IPA size that level can walk, PS >= it. */
const legalConfig: fc.Arbitrary<S2Config> = fc
  .record({
    granule: fc.constantFrom<GranuleBits>(12, 14, 16),
    levelSel: fc.nat(),
    ipaSel: fc.nat(),
    psSel: fc.nat(),
    vmid: fc.integer({ min: 0, max: 255 }),
  })
  .map(({ granule, levelSel, ipaSel, psSel, vmid }) => {
    const stride = granule - 3;
    const starts = granule === 12 ? [0, 1, 2, 3] : [1, 2, 3];
    const maxIpa = granule === 16 ? 52 : 48;
    // Start levels that can walk some IPA size in [25, maxIpa].
    const options = starts
      .map((level) => {
        const below = levelShift(granule, level);
        return { level, lo: Math.max(granule === 16 ? 17 : 16, below + 1), hi: Math.min(maxIpa, below + stride + 4) };
      })
      .filter((o) => o.lo <= o.hi);
    const o = options[levelSel % options.length];
    const ipaBits = o.lo + (ipaSel % (o.hi - o.lo + 1));
    // PS at least the IPA size, and not where QEMU 7.2 deviates (the wild configurations
    // go there): a legal case is one both sides must agree on.
    const psChoices = PS_BITS.slice(0, 7).map((b, ps) => ({ b, ps }))
      .filter(({ b, ps }) => b >= ipaBits && !qemu72RejectsConfig({ granule, t0sz: 64 - ipaBits, sl0: sl0Of(granule, o.level), ps, vmid }));
    const ps = psChoices[psSel % psChoices.length].ps;
    return { granule, t0sz: 64 - ipaBits, sl0: sl0Of(granule, o.level), ps, vmid };
  });

/** Anything VTCR can hold in these fields: reserved SL0, too small or too large T0SZ, PS < IPA. */
const wildConfig: fc.Arbitrary<S2Config> = fc.record({
  granule: fc.constantFrom<GranuleBits>(12, 14, 16),
  t0sz: fc.integer({ min: 10, max: 50 }),
  sl0: fc.integer({ min: 0, max: 3 }),
  ps: fc.integer({ min: 0, max: 6 }),
  vmid: fc.integer({ min: 0, max: 255 }),
});

export const configArb: fc.Arbitrary<S2Config> = fc.oneof({ weight: 9, arbitrary: legalConfig }, { weight: 1, arbitrary: wildConfig });

const malformedArb: fc.Arbitrary<Malformed> = fc.oneof(
  { weight: 20, arbitrary: fc.constant<Malformed>('none') },
  { weight: 1, arbitrary: fc.constantFrom<Malformed>('reserved-type', 'oa-beyond-ps', 'block-at-illegal-level', 'software-bits') },
);

/** IPA selectors: small ones share tables, large ones spread over the whole space. */
const ipaSelArb = fc.oneof(fc.integer({ min: 0, max: 2 ** 24 }), fc.integer({ min: 0, max: 2 ** 52 - 1 }));

export const mappingArb: fc.Arbitrary<RawMapping> = fc.record({
  levelSel: fc.nat({ max: 7 }),
  ipaSel: ipaSelArb,
  paSel: fc.nat({ max: 1023 }),
  s2ap: fc.oneof({ weight: 3, arbitrary: fc.constant(3) }, { weight: 2, arbitrary: fc.integer({ min: 0, max: 2 }) }),
  xn: fc.oneof({ weight: 3, arbitrary: fc.constant(0) }, { weight: 2, arbitrary: fc.integer({ min: 1, max: 3 }) }),
  af: fc.oneof({ weight: 6, arbitrary: fc.constant(true) }, { weight: 1, arbitrary: fc.constant(false) }),
  memAttr: fc.oneof({ weight: 3, arbitrary: fc.constant(0xf) }, { weight: 1, arbitrary: fc.integer({ min: 0, max: 15 }) }),
  contiguous: fc.oneof({ weight: 8, arbitrary: fc.constant(false) }, { weight: 1, arbitrary: fc.constant(true) }),
  malformed: malformedArb,
});

export const probeArb: fc.Arbitrary<RawProbe> = fc.record({
  kind: fc.constantFrom<ProbeKind>('read', 'write', 'exec'),
  sizeLog: fc.integer({ min: 0, max: 3 }),
  target: fc.oneof({ weight: 3, arbitrary: fc.nat({ max: 7 }) }, { weight: 1, arbitrary: fc.constant(-1) }),
  offsetSel: fc.nat(),
  ipaSel: ipaSelArb,
  value: fc.bigInt({ min: 0n, max: 2n ** 64n - 1n }).map((v) => v.toString(16)),
});

export const caseArb: fc.Arbitrary<FuzzCase> = fc.record({
  cfg: configArb,
  mappings: fc.array(mappingArb, { minLength: 0, maxLength: 4 }),
  probes: fc.array(probeArb, { minLength: 1, maxLength: 4 }),
  // One case in four runs the guest with stage 1 on (null shrinks first: stage 1 off).
  s1: fc.oneof({ weight: 3, arbitrary: fc.constant(null) }, { weight: 1, arbitrary: mappingArb }),
});
