import { expectedVsOfferedChart } from '../../web/charts/expected-vs-offered';

describe('the expected-vs-offered chart', () => {
  it('draws bars in proportion on one scale, in the order given, with the ratio after each pair', async () => {
    const chart = await expectedVsOfferedChart({
      id: 'c',
      title: 'T',
      description: 'D',
      categories: [
        { label: 'A', expectedWeeks: 240, offeredWeeks: 0, ratio: 0 },
        { label: 'B', expectedWeeks: 480, offeredWeeks: 500, ratio: 1.04 },
        { label: 'A provider with a very long name indeed', expectedWeeks: 0, offeredWeeks: 12, ratio: null },
      ],
    });
    const [a, b, c] = chart.categories;
    expect(b!.expected.width / a!.expected.width).toBeCloseTo(2, 1);
    expect(a!.offered.width).toBe(0);
    expect(b!.offered.width).toBeLessThanOrEqual(chart.plot.width);
    expect(a!.y).toBeLessThan(b!.y);
    expect([a!.value.text, b!.value.text, c!.value.text]).toEqual(['0.00', '1.04', '–']);
    expect(c!.shortLabel).toBe('A provider with a very…');
    expect(chart.ticks[0]).toEqual({ x: 0, label: '0' });
    expect(chart.ticks.at(-1)!.x).toBeLessThanOrEqual(chart.plot.width);
  });
});
