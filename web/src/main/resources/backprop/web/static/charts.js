// Line charts over uPlot (vendor/, MIT): real axes, and the values under the pointer in the legend.
'use strict';

/**
 * A chart of series against the epoch. options: {series: [{label, color, dash}], percent, log, yLabel}.
 * Points come as {x, values: [one per series, null where none]}; x is in epochs (fractions mid-epoch).
 */
function lineChart(container, options) {
  // A log scale is drawn as log10 of the values on a linear one (labelled with the values themselves):
  // uPlot's own log scale fails to draw a chart that starts empty, as these do.
  const log = options.log;
  const shown = (v) => log ? 10 ** v : v;
  const format = options.percent ? (v) => v == null ? '–' : (100 * v).toFixed(2) + '%'
      : (v) => v == null ? '–' : Number(shown(v)).toPrecision(log ? 3 : 4);
  const uplotOptions = {
    width: chartWidth(container),
    height: options.height || 220,
    scales: {x: {time: false}},
    axes: [
      {label: 'epoch', size: 40, labelSize: 20},
      {label: options.yLabel || '', size: 64, labelSize: 20, incrs: log ? [0.25, 0.5, 1, 2] : undefined,
        values: (u, ticks) => ticks.map((t) => options.percent ? (100 * t).toFixed(t >= 0.999 ? 0 : 1) + '%'
            : log ? Number(shown(t).toPrecision(2)).toString() : Number(t.toPrecision(3)).toString())},
    ],
    legend: {live: true},
    cursor: {drag: {x: false, y: false}},
    series: [{label: 'epoch', value: (u, v) => v == null ? '–' : Number(v.toFixed(2)).toString()}].concat(
        options.series.map((s) => ({
          label: s.label, stroke: s.color, width: 2, dash: s.dash, spanGaps: true,
          points: {show: s.points !== false, size: 4}, value: (u, v) => format(v),
        }))),
  };
  const empty = [[]].concat(options.series.map(() => []));
  const plot = new uPlot(uplotOptions, empty, container);
  let points = [];
  window.addEventListener('resize', () => plot.setSize({width: chartWidth(container), height: uplotOptions.height}));
  return {
    set(newPoints) {
      points = newPoints.slice().sort((a, b) => a.x - b.x);
      const data = [points.map((p) => p.x)];
      options.series.forEach((_, k) => data.push(points.map((p) => {
        const v = p.values[k];
        if (v == null || !isFinite(v) || (log && v <= 0)) return null;
        return log ? Math.log10(v) : v;
      })));
      plot.setData(data);
    },
    add(point) {
      this.set(points.concat([point]));
    },
    plot,
  };
}

function chartWidth(container) {
  const width = container.clientWidth || container.parentElement.clientWidth || 400;
  return Math.max(260, Math.min(560, width));
}
