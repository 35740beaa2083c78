// The book's experiments, one click each: each is one or more training jobs and the figure the book draws.
'use strict';

const BOOK_NETWORK = {layers: [784, 30, 10], activation: 'sigmoid', optimizer: 'sgd', batchSize: 10, seed: 1};

const EXPERIMENTS = [
  {
    id: 'chapter1',
    title: "Chapter 1: the book's first network",
    text: 'network.py learns to read handwritten digits with 30 sigmoid hidden neurons, the quadratic cost and '
        + 'stochastic gradient descent (η = 3.0, mini-batches of 10). Its weights start as N(0, 1) draws. Within '
        + 'one epoch it reads about 90% of the validation digits right, and after 30 about 95%.',
    runs: [{label: '784,30,10, quadratic cost',
      request: {...BOOK_NETWORK, cost: 'quadratic', init: 'large', eta: 3.0, epochs: 30}}],
    charts: [{title: 'Validation accuracy', percent: true, series: (runs) => runs.map((r, i) => ({
      label: r.label, color: COLORS[i], value: (e) => e.evaluationAccuracy}))}],
  },
  {
    id: 'slowdown',
    title: 'Chapter 3: learning slowdown, and the cross-entropy cure',
    text: 'Both runs start from the same badly initialized weights (N(0, 1): many neurons start saturated, '
        + "σ'(z) near 0) with the same η = 0.5 on 1,000 examples. With the quadratic cost the output error "
        + "δ = (a − y) σ'(z) is small exactly when the neuron is badly wrong and saturated, so it learns slowly "
        + 'at first; with the cross-entropy cost σ\'(z) cancels, δ = a − y, and it learns fastest when it is '
        + 'most wrong. Compare how soon each cost curve drops, and the accuracies.',
    runs: [
      {label: 'quadratic cost', request: {...BOOK_NETWORK, cost: 'quadratic', init: 'large', eta: 0.5, epochs: 30,
        trainingExamples: 1000}},
      {label: 'cross-entropy cost', request: {...BOOK_NETWORK, cost: 'cross-entropy', init: 'large', eta: 0.5,
        epochs: 30, trainingExamples: 1000}},
    ],
    charts: [
      {title: 'Quadratic cost (training data)', run: 0, series: () => [{label: 'quadratic cost', color: COLORS[0],
        value: (e) => e.trainingCost}]},
      {title: 'Cross-entropy cost (training data)', run: 1, series: () => [{label: 'cross-entropy cost',
        color: COLORS[1], value: (e) => e.trainingCost}]},
      {title: 'Validation accuracy', percent: true, series: (runs) => runs.map((r, i) => ({label: r.label,
        color: COLORS[i], value: (e) => e.evaluationAccuracy}))},
    ],
  },
  {
    id: 'overfitting',
    title: 'Chapter 3: overfitting on 1,000 examples, and L2 regularization',
    text: 'Trained on only 1,000 images for 100 epochs (from N(0, 1) weights, as in the book), the network ends '
        + 'up reading almost all of its training '
        + 'images right while its validation accuracy stops improving early: it learns the peculiarities of '
        + 'those 1,000, not digits. L2 regularization (λ = 0.1) adds (λ/2n) Σw² to the cost, so the weights '
        + 'stay small unless the data insists; the gap narrows and the validation accuracy ends higher '
        + '(here about 83.7% against 85.9%; the book, after 400 epochs, 82% and 87% on its test data).',
    runs: [
      {label: 'no regularization', request: {...BOOK_NETWORK, cost: 'cross-entropy', init: 'large', eta: 0.5,
        epochs: 100, trainingExamples: 1000, lambda: 0}},
      {label: 'L2, λ = 0.1', request: {...BOOK_NETWORK, cost: 'cross-entropy', init: 'large', eta: 0.5,
        epochs: 100, trainingExamples: 1000, lambda: 0.1}},
    ],
    charts: [
      {title: 'No regularization: accuracy', run: 0, percent: true, series: () => [
        {label: 'training', color: COLORS[0], value: (e) => e.trainingAccuracy},
        {label: 'validation', color: COLORS[1], value: (e) => e.evaluationAccuracy}]},
      {title: 'L2, λ = 0.1: accuracy', run: 1, percent: true, series: () => [
        {label: 'training', color: COLORS[0], value: (e) => e.trainingAccuracy},
        {label: 'validation', color: COLORS[1], value: (e) => e.evaluationAccuracy}]},
    ],
  },
  {
    id: 'vanishing',
    title: 'Chapter 5: the vanishing gradient',
    text: 'A deeper network, 784,30,30,30,10, learns at very different speeds in its layers. The speed of layer l '
        + 'is ||δ^l||, the length of the gradient of the cost with respect to its biases (BP3), averaged over '
        + '1,000 training images after each epoch, as the book measures it. Each layer back multiplies δ by '
        + "wᵀ and σ'(z) ≤ 1/4, so the first hidden layer learns many times more slowly than the last: before "
        + 'training about 0.012, 0.06 and 0.28 (the book\'s figures). The scale is logarithmic. The same figure '
        + 'from the command line: backprop train --layers 784,30,30,30,10 --plot-gradients FILE.png.',
    runs: [{label: '784,30,30,30,10', request: {...BOOK_NETWORK, layers: [784, 30, 30, 30, 10], cost: 'cross-entropy',
      init: 'scaled', eta: 0.1, epochs: 30, trainingExamples: 1000, layerSpeed: true}}],
    charts: [{title: 'Speed of learning, ||δ|| of each hidden layer', run: 0, log: true, fromStart: true,
      series: () => [0, 1, 2].map((l) => ({label: `hidden layer ${l + 1}`, color: COLORS[l],
        value: (e) => e.layerSpeed ? e.layerSpeed[l] : null}))}],
  },
  {
    id: 'convolution',
    title: 'Chapter 6: a convolutional network, its filters and feature maps',
    text: 'Eight 5×5 filters slide over the image, each making a 24×24 feature map of where its pattern is; max-'
        + 'pooling keeps the strongest response in each 2×2 window; a layer of 30 neurons and a softmax read '
        + 'the maps. Every position shares a filter\'s 25 weights, so the layer learns a few local detectors '
        + 'instead of 784 weights per neuron. Trained here for 2 epochs on 5,000 images. When it is done, the '
        + 'filters appear below; draw a digit above to see its feature maps in the diagram.',
    runs: [{label: 'conv:8x5x5, pool:2, fc:30, softmax:10', request: {
      layers: '1x28x28,conv:8x5x5:relu,pool:2,fc:30:relu,softmax:10', activation: 'relu', cost: 'log-likelihood',
      init: 'he', optimizer: 'sgd', eta: 0.05, batchSize: 10, epochs: 2, trainingExamples: 5000, seed: 1}}],
    charts: [{title: 'Validation accuracy', percent: true, series: (runs) => runs.map((r, i) => ({label: r.label,
      color: COLORS[i], value: (e) => e.evaluationAccuracy}))}],
    after: showFilters,
  },
];

const COLORS = ['#1d6fb8', '#e67e22', '#27ae60', '#8e44ad'];

function buildExperiments() {
  const list = document.getElementById('experiment-list');
  for (const experiment of EXPERIMENTS) {
    const card = playground.element('article', 'experiment');
    card.id = 'experiment-' + experiment.id;
    const title = playground.element('h3', null, experiment.title);
    title.id = card.id + '-title';
    card.setAttribute('aria-labelledby', title.id);
    const run = playground.element('button', 'run', 'Run');
    run.type = 'button';
    run.setAttribute('aria-describedby', title.id);
    const status = playground.element('p', 'note status-line');
    status.setAttribute('aria-live', 'polite');
    const charts = playground.element('div', 'charts');
    const extra = playground.element('div', 'experiment-extra');
    card.append(title, playground.element('p', 'explanation', experiment.text), run, status, charts, extra);
    list.append(card);
    run.addEventListener('click', () => runExperiment(experiment, card, run, status, charts, extra));
  }
}

async function runExperiment(experiment, card, button, status, chartsBox, extra) {
  if (playground.running()) {
    status.textContent = 'A training job is running: stop it first (Train tab) or wait for it to finish.';
    return;
  }
  button.disabled = true;
  card.dataset.state = 'running';
  chartsBox.replaceChildren();
  extra.replaceChildren();
  const results = experiment.runs.map((r) => ({label: r.label, history: [], startSpeed: null}));
  // Every figure in place first: each chart takes the width its figure has beside the others.
  const boxes = experiment.charts.map((spec) => {
    const figure = playground.element('figure', 'chart');
    figure.append(playground.element('figcaption', null, spec.title));
    const box = playground.element('div');
    figure.append(box);
    chartsBox.append(figure);
    return box;
  });
  const charts = experiment.charts.map((spec, c) => {
    const series = spec.series(results);
    return {spec, series, chart: playground.lineChart(boxes[c], {series, percent: spec.percent, log: spec.log,
      yLabel: spec.percent ? 'accuracy' : spec.log ? '||δ||' : 'cost', height: 200})};
  });
  const redraw = () => {
    for (const {spec, series, chart} of charts) {
      // A chart of one run (spec.run) draws all its series from it; otherwise series r is run r's.
      const byEpoch = new Map();
      const put = (x, k, value) => {
        if (!byEpoch.has(x)) byEpoch.set(x, {x, values: series.map(() => null)});
        byEpoch.get(x).values[k] = value;
      };
      results.forEach((result, r) => {
        if (spec.run !== undefined && spec.run !== r) return;
        const mine = (k) => spec.run !== undefined || k === r;
        if (spec.fromStart && result.startSpeed) {
          series.forEach((s, k) => { if (mine(k)) put(0, k, s.value({layerSpeed: result.startSpeed})); });
        }
        for (const e of result.history) {
          if (e) series.forEach((s, k) => { if (mine(k)) put(e.epoch + 1, k, s.value(e)); });
        }
      });
      chart.set([...byEpoch.values()]);
    }
  };
  let current = -1;
  let currentJob = 0;
  const onEpoch = (event) => {
    if (event.detail.job !== currentJob || current < 0) return;
    results[current].history[event.detail.result.epoch] = event.detail.result;
    redraw();
  };
  document.addEventListener('training-epoch', onEpoch);
  try {
    for (current = 0; current < experiment.runs.length; current++) {
      const run = experiment.runs[current];
      status.textContent = `Run ${current + 1} of ${experiment.runs.length}: ${run.label}…`;
      const {status: started, finished} = await playground.startJob(run.request);
      currentJob = started.job;
      const end = await finished;
      results[current].history = end.history.slice();
      results[current].startSpeed = end.startSpeed;
      redraw();
      if (end.state !== 'finished') {
        status.textContent = `Run ${current + 1} ${end.state}${end.stopReason ? ' (' + end.stopReason + ')' : ''}`
            + `${end.error ? ': ' + end.error : ''}.`;
        card.dataset.state = end.state;
        return;
      }
    }
    status.textContent = 'Done. ' + results.map((r) => {
      const last = r.history[r.history.length - 1];
      return last && last.evaluationAccuracy != null
          ? `${r.label}: ${(100 * last.evaluationAccuracy).toFixed(2)}% of the validation images` : r.label;
    }).join('; ') + '.';
    if (experiment.after) await experiment.after(extra);
    card.dataset.state = 'done';
  } catch (e) {
    status.textContent = e.message;
    card.dataset.state = 'failed';
  } finally {
    document.removeEventListener('training-epoch', onEpoch);
    button.disabled = false;
  }
}

/** The trained convolution's filters, as the diagram's neuron panel shows one. */
async function showFilters(box) {
  const diagram = await playground.api('/api/model/diagram');
  const filters = diagram.columns[1];
  box.append(playground.element('h4', null, `The ${filters.units} filters it learned (red positive, blue negative)`));
  const row = playground.element('div', 'neuron-weights');
  for (let f = 0; f < filters.units; f++) {
    const view = await playground.api(`/api/model/neuron?layer=0&unit=${f}`);
    const picture = view.weights[0];
    const figure = playground.element('figure');
    const canvas = playground.element('canvas');
    canvas.width = picture.width;
    canvas.height = picture.height;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', `filter ${f}`);
    playground.drawWeights(canvas, picture.values);
    figure.append(canvas, playground.element('figcaption', null, `filter ${f}`));
    row.append(figure);
  }
  box.append(row);
}

buildExperiments();
