/**
 * The fair-share chart: for each category (a provider, or a period in a provider's trend) two
 * horizontal bars, the weeks expected (its fair share) and the weeks offered, with the ratio at
 * the end. Geometry only, from d3-scale; the SVG itself is written by the view
 * (web/views/partials/fair-share/chart.njk), on the server: no browser script draws anything.
 * The SVG is one image to assistive technology (role="img" with a title and a description); the
 * data table beside it carries the figures.
 */
type D3Scale = typeof import('d3-scale', { with: { 'resolution-mode': 'import' } });

// d3-scale is an ES module: loaded once, on first use, from this CommonJS code base.
let loading: Promise<D3Scale> | undefined;
const d3Scale = () => (loading ??= import('d3-scale'));

export interface ChartCategory {
  label: string;
  expectedWeeks: number;
  offeredWeeks: number;
  ratio: number | null;
}

export interface ChartModel {
  id: string;
  title: string;
  description: string;
  width: number;
  height: number;
  plot: { left: number; top: number; width: number; height: number };
  ticks: { x: number; label: string }[];
  categories: {
    label: string;
    /** The label as drawn: long names are shortened (the table beside has them in full). */
    shortLabel: string;
    y: number;
    expected: { y: number; width: number; height: number };
    offered: { y: number; width: number; height: number };
    value: { x: number; y: number; text: string };
  }[];
}

const WIDTH = 460;
const LABEL_WIDTH = 175;
const ROW_HEIGHT = 44;
const MARGIN = { top: 16, right: 44, bottom: 40 };
const MAX_LABEL = 24;

const formatWeeks = new Intl.NumberFormat('en-GB', { maximumFractionDigits: 2 });

function shorten(label: string): string {
  return label.length > MAX_LABEL ? `${label.slice(0, MAX_LABEL - 1).trimEnd()}…` : label;
}

export async function expectedVsOfferedChart(options: {
  id: string;
  title: string;
  description: string;
  categories: readonly ChartCategory[];
}): Promise<ChartModel> {
  const { scaleBand, scaleLinear } = await d3Scale();
  const plotHeight = Math.max(1, options.categories.length) * ROW_HEIGHT;
  const plotWidth = WIDTH - LABEL_WIDTH - MARGIN.right;
  const largest = Math.max(1, ...options.categories.flatMap((c) => [c.expectedWeeks, c.offeredWeeks]));
  const x = scaleLinear().domain([0, largest]).range([0, plotWidth]).nice(5);
  const y = scaleBand<number>()
    .domain(options.categories.map((_, i) => i))
    .range([0, plotHeight])
    .paddingInner(0.25)
    .paddingOuter(0.15);
  const bar = y.bandwidth() / 2;
  const round = (n: number) => Math.round(n * 10) / 10;
  return {
    id: options.id,
    title: options.title,
    description: options.description,
    width: WIDTH,
    height: MARGIN.top + plotHeight + MARGIN.bottom,
    plot: { left: LABEL_WIDTH, top: MARGIN.top, width: plotWidth, height: plotHeight },
    ticks: x.ticks(5).map((tick) => ({ x: round(x(tick)), label: formatWeeks.format(tick) })),
    categories: options.categories.map((category, i) => {
      const top = y(i) ?? 0;
      const offered = round(x(category.offeredWeeks));
      return {
        label: category.label,
        shortLabel: shorten(category.label),
        y: round(top + bar),
        expected: { y: round(top), width: round(x(category.expectedWeeks)), height: round(bar) },
        offered: { y: round(top + bar), width: offered, height: round(bar) },
        value: {
          x: round(Math.max(offered, x(category.expectedWeeks)) + 6),
          y: round(top + bar + 4),
          text: category.ratio === null ? '–' : category.ratio.toFixed(2),
        },
      };
    }),
  };
}
