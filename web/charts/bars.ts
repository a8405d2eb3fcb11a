/**
 * A horizontal bar chart of counts: one bar per category with its value at the end (the
 * commissioning funnel, an intake's places, spokes by state). Geometry only, from d3-scale; the
 * SVG is written by web/views/partials/charts/bars.njk on the server. The SVG is one image to
 * assistive technology (role="img", a title and a description); the table beside it has the figures.
 */
type D3Scale = typeof import('d3-scale', { with: { 'resolution-mode': 'import' } });

// d3-scale is an ES module: loaded once, on first use, from this CommonJS code base.
let loading: Promise<D3Scale> | undefined;
const d3Scale = () => (loading ??= import('d3-scale'));

export interface BarCategory {
  label: string;
  value: number;
}

export interface BarChartModel {
  id: string;
  title: string;
  description: string;
  axisLabel: string;
  width: number;
  height: number;
  plot: { left: number; top: number; width: number; height: number };
  ticks: { x: number; label: string }[];
  bars: { label: string; y: number; height: number; width: number; value: { x: number; y: number; text: string } }[];
}

const WIDTH = 460;
const LABEL_WIDTH = 170;
const ROW_HEIGHT = 30;
const MARGIN = { top: 12, right: 40, bottom: 40 };

export async function barChart(options: {
  id: string;
  title: string;
  description: string;
  axisLabel: string;
  categories: readonly BarCategory[];
}): Promise<BarChartModel> {
  const { scaleBand, scaleLinear } = await d3Scale();
  const plotHeight = Math.max(1, options.categories.length) * ROW_HEIGHT;
  const plotWidth = WIDTH - LABEL_WIDTH - MARGIN.right;
  const largest = Math.max(1, ...options.categories.map((c) => c.value));
  const x = scaleLinear().domain([0, largest]).range([0, plotWidth]).nice(5);
  const y = scaleBand<number>()
    .domain(options.categories.map((_, i) => i))
    .range([0, plotHeight])
    .padding(0.2);
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    id: options.id,
    title: options.title,
    description: options.description,
    axisLabel: options.axisLabel,
    width: WIDTH,
    height: MARGIN.top + plotHeight + MARGIN.bottom,
    plot: { left: LABEL_WIDTH, top: MARGIN.top, width: plotWidth, height: plotHeight },
    // Counts: whole-number ticks only.
    ticks: x
      .ticks(5)
      .filter((tick) => Number.isInteger(tick))
      .map((tick) => ({ x: round(x(tick)), label: String(tick) })),
    bars: options.categories.map((category, i) => {
      const top = y(i) ?? 0;
      const width = round(x(category.value));
      return {
        label: category.label,
        y: round(top),
        height: round(y.bandwidth()),
        width,
        value: { x: round(width + 6), y: round(top + y.bandwidth() / 2 + 4), text: String(category.value) },
      };
    }),
  };
}
