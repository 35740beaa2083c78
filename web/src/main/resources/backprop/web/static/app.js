// The Backprop playground page: draw, explore the test set, train, look inside.
// Plain JavaScript against the server's JSON API (web/README.md); no build step, no libraries.
'use strict';

const $ = (id) => document.getElementById(id);

/** fetch() that answers the parsed JSON, or throws an Error carrying the server's {"error": "..."}. */
async function api(path, options = {}) {
  const response = await fetch(path, options);
  const type = response.headers.get('Content-Type') || '';
  const body = type.includes('application/json') ? await response.json() : null;
  if (!response.ok) {
    const error = new Error(body && body.error ? body.error : `${response.status} ${response.statusText}`);
    error.status = response.status;
    throw error;
  }
  return body;
}

function postJson(path, value) {
  return api(path, {method: 'POST', headers: {'Content-Type': 'application/json'}, body: JSON.stringify(value)});
}

function element(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text !== undefined) node.textContent = text;
  return node;
}

function percent(value) {
  return (100 * value).toFixed(1) + '%';
}

// ---- tabs -------------------------------------------------------------------------------------

const tabLoaders = {};

for (const tab of document.querySelectorAll('.tab')) {
  tab.addEventListener('click', () => showTab(tab.dataset.tab));
}

function showTab(name) {
  for (const tab of document.querySelectorAll('.tab')) tab.classList.toggle('active', tab.dataset.tab === name);
  for (const panel of document.querySelectorAll('.panel')) panel.hidden = panel.id !== name;
  if (tabLoaders[name]) tabLoaders[name]();
}

// ---- the model --------------------------------------------------------------------------------

let model = {loaded: false};

async function refreshModel() {
  try {
    model = await api('/api/model');
  } catch (e) {
    model = {loaded: false};
  }
  const status = $('model-status');
  if (model.loaded) {
    status.textContent = `Model: ${model.sizes.join(',')} (${[...new Set(model.activations)].join(', ')}; `
        + `${model.cost} cost), ${model.source}`;
    status.classList.remove('missing');
  } else {
    status.textContent = 'No model yet: train a model first (Train tab), or load a saved one.';
    status.classList.add('missing');
  }
  $('download').hidden = !model.loaded;
  return model;
}

// ---- draw -------------------------------------------------------------------------------------

const pad = $('pad');
const padContext = pad.getContext('2d');
let strokes = 0;
let drawing = null;
let lastPrediction = null;

function clearPad() {
  padContext.fillStyle = 'white';
  padContext.fillRect(0, 0, pad.width, pad.height);
  strokes = 0;
  $('prediction').textContent = '?';
  $('prediction').dataset.stroke = '0';
  $('prediction').dataset.digit = '';
  $('prediction-note').textContent = 'Draw a digit on the left.';
  $('prediction-note').classList.remove('error');
  $('probabilities').replaceChildren();
  $('seen').getContext('2d').clearRect(0, 0, 28, 28);
}

function padPoint(event) {
  const box = pad.getBoundingClientRect();
  return {x: (event.clientX - box.left) * pad.width / box.width, y: (event.clientY - box.top) * pad.height / box.height};
}

function strokeTo(point) {
  padContext.beginPath();
  padContext.moveTo(drawing.x, drawing.y);
  padContext.lineTo(point.x, point.y);
  padContext.stroke();
  drawing = point;
}

pad.addEventListener('pointerdown', (event) => {
  event.preventDefault();
  pad.setPointerCapture(event.pointerId);
  padContext.strokeStyle = 'black';
  padContext.lineWidth = 20;
  padContext.lineCap = 'round';
  padContext.lineJoin = 'round';
  drawing = padPoint(event);
  strokeTo({x: drawing.x + 0.01, y: drawing.y});
});

pad.addEventListener('pointermove', (event) => {
  if (!drawing) return;
  const events = event.getCoalescedEvents ? event.getCoalescedEvents() : [event];
  for (const e of (events.length ? events : [event])) strokeTo(padPoint(e));
});

function endStroke(event) {
  if (!drawing) return;
  drawing = null;
  if (pad.hasPointerCapture(event.pointerId)) pad.releasePointerCapture(event.pointerId);
  strokes++;
  predict(strokes);
}

pad.addEventListener('pointerup', endStroke);
pad.addEventListener('pointercancel', endStroke);
$('clear').addEventListener('click', clearPad);

/** Sends the drawing as a PNG; an answer to an older stroke than one already shown is dropped. */
async function predict(stroke) {
  const blob = await new Promise((resolve) => pad.toBlob(resolve, 'image/png'));
  const note = $('prediction-note');
  try {
    const answer = await api('/api/predict', {method: 'POST', headers: {'Content-Type': 'image/png'}, body: blob});
    if (stroke < Number($('prediction').dataset.stroke) || stroke > strokes) return;
    lastPrediction = answer;
    showPrediction(answer, stroke);
  } catch (e) {
    if (stroke !== strokes) return;
    $('prediction').textContent = '?';
    $('prediction').dataset.stroke = String(stroke);
    note.textContent = e.status === 409 ? 'No model yet: train a model first (Train tab).' : e.message;
    note.classList.add('error');
  }
}

function showPrediction(answer, stroke) {
  const prediction = $('prediction');
  prediction.textContent = String(answer.digit);
  prediction.dataset.digit = String(answer.digit);
  prediction.dataset.stroke = String(stroke);
  const note = $('prediction-note');
  note.classList.remove('error');
  note.textContent = `${percent(answer.probabilities[answer.digit])} sure, after ${stroke} stroke${stroke === 1 ? '' : 's'}`;
  drawBars($('probabilities'), answer.probabilities.map((p, digit) => ({label: digit, value: p})), answer.digit);
  drawPixels($('seen'), answer.pixels);
  drawActivations(answer.activations);
}

/** Rows of label, bar and percentage; {@code highlight} marks one label. */
function drawBars(container, rows, highlight) {
  container.replaceChildren();
  for (const row of rows) {
    const bar = element('div', row.label === highlight ? 'bar best' : 'bar');
    const fill = element('div');
    fill.style.width = percent(Math.max(0, Math.min(1, row.value)));
    bar.append(fill);
    container.append(element('span', null, String(row.label)), bar, element('span', null, row.text || percent(row.value)));
  }
}

/** 784 values in [0, 1] as a white-on-black 28 x 28 picture, as MNIST stores digits. */
function drawPixels(canvas, pixels) {
  const context = canvas.getContext('2d');
  const image = context.createImageData(28, 28);
  for (let i = 0; i < 784; i++) {
    const v = Math.round(255 * pixels[i]);
    image.data.set([v, v, v, 255], 4 * i);
  }
  context.putImageData(image, 0, 0);
}

// ---- test set ---------------------------------------------------------------------------------

let selectedCell = null;

$('evaluate').addEventListener('click', evaluateTestSet);

async function evaluateTestSet() {
  const status = $('testset-status');
  status.classList.remove('error');
  status.textContent = 'Evaluating (the first time also loads the data)…';
  try {
    const summary = await api('/api/testset');
    status.textContent = `${summary.correct} / ${summary.size} (${percent(summary.accuracy)}) on ${summary.data}, `
        + `model: ${summary.model}`;
    drawConfusion(summary.confusion);
    drawBars($('class-accuracy'), summary.classes.map((c) => ({
      label: c.digit, value: c.accuracy, text: `${c.correct}/${c.total}`})));
    await showExamples({mistakes: true}, 'Mistakes');
  } catch (e) {
    status.textContent = e.message;
    status.classList.add('error');
  }
}

function drawConfusion(confusion) {
  const table = $('confusion');
  table.replaceChildren();
  const head = element('tr');
  head.append(element('th', null, ''));
  confusion.forEach((_, answer) => head.append(element('th', null, String(answer))));
  table.append(head);
  const largestMistake = Math.max(1, ...confusion.flatMap((row, truth) => row.filter((_, a) => a !== truth)));
  const largest = Math.max(1, ...confusion.flat());
  confusion.forEach((row, truth) => {
    const tr = element('tr');
    tr.append(element('th', null, String(truth)));
    row.forEach((count, answer) => {
      const cell = element('td', null, String(count));
      cell.dataset.label = String(truth);
      cell.dataset.predicted = String(answer);
      // Right answers in green, mistakes in red, each scaled to its own largest count.
      const strength = truth === answer ? count / largest : count / largestMistake;
      cell.style.background = truth === answer
          ? `rgba(39, 174, 96, ${0.15 + 0.6 * strength})`
          : count === 0 ? '#f6f6f6' : `rgba(192, 57, 43, ${0.1 + 0.7 * strength})`;
      cell.addEventListener('click', () => {
        if (selectedCell) selectedCell.classList.remove('selected');
        selectedCell = cell;
        cell.classList.add('selected');
        showExamples({label: truth, predicted: answer}, `True ${truth}, answered ${answer}`);
      });
      tr.append(cell);
    });
    table.append(tr);
  });
}

async function showExamples(filter, title) {
  const query = new URLSearchParams({...filter, limit: 100});
  const page = await api('/api/testset/examples?' + query);
  $('examples-title').textContent = `${title}: ${page.total} example${page.total === 1 ? '' : 's'}`
      + (page.total > page.examples.length ? ` (the first ${page.examples.length})` : '');
  const grid = $('examples');
  grid.replaceChildren();
  for (const example of page.examples) {
    const figure = element('div', 'example');
    const image = element('img');
    image.src = `/api/testset/image?index=${example.index}`;
    image.alt = `test image ${example.index}, a ${example.label}`;
    image.title = `#${example.index}: true ${example.label}, answered ${example.predicted} (${percent(example.confidence)})`;
    const caption = element('span', example.label === example.predicted ? null : 'wrong',
        `${example.predicted} (true ${example.label})`);
    figure.append(image, caption);
    grid.append(figure);
  }
}

// ---- train ------------------------------------------------------------------------------------

let job = null;       // the latest job's status
let history = [];     // its epochs

$('train-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const form = new FormData(event.target);
  const request = {
    layers: String(form.get('layers')).split(',').map((s) => Number(s.trim())),
    eta: Number(form.get('eta')),
    batchSize: Number(form.get('batchSize')),
    epochs: Number(form.get('epochs')),
    cost: form.get('cost'),
    lambda: Number(form.get('lambda') || 0),
  };
  if (form.get('trainingExamples')) request.trainingExamples = Number(form.get('trainingExamples'));
  const status = $('train-status');
  status.classList.remove('error');
  status.textContent = 'Starting (the first time also loads the data)…';
  try {
    showJob(await postJson('/api/train', request));
  } catch (e) {
    status.textContent = e.message;
    status.classList.add('error');
  }
});

$('train-stop').addEventListener('click', async () => {
  try {
    showJob(await postJson('/api/train/stop', {}));
  } catch (e) {
    $('train-status').textContent = e.message;
  }
});

$('save-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const status = $('save-status');
  status.classList.remove('error');
  try {
    const saved = await postJson('/api/model/save', {name: new FormData(event.target).get('name')});
    status.textContent = `Saved as ${saved.path}`;
    refreshModels();
  } catch (e) {
    status.textContent = e.message;
    status.classList.add('error');
  }
});

async function refreshModels() {
  const list = $('models');
  try {
    const saved = await api('/api/models');
    list.replaceChildren();
    if (saved.models.length === 0) list.append(element('li', 'note', `None yet in ${saved.directory}.`));
    for (const entry of saved.models) {
      const item = element('li', null, `${entry.name} (${Math.round(entry.bytes / 1024)} KB, ${entry.modified}) `);
      const load = element('button', null, 'Load');
      load.type = 'button';
      load.addEventListener('click', async () => {
        try {
          await postJson('/api/model/load', {name: entry.name});
          $('save-status').textContent = `Loaded ${entry.name}.`;
          await refreshModel();
          weightsShown = null;
        } catch (e) {
          $('save-status').textContent = e.message;
        }
      });
      item.append(load);
      list.append(item);
    }
  } catch (e) {
    list.replaceChildren(element('li', 'error', e.message));
  }
}

function showJob(status) {
  if (!status || status.job === 0) return;
  const sameJob = job && job.job === status.job;
  // Answers and events can cross: the POST's "running" may arrive after the stream said "finished".
  if (sameJob && !job.running && status.running) return;
  if (!sameJob) history = [];
  job = status;
  if (status.history && status.history.length >= history.length) history = status.history.slice();
  const running = status.running;
  $('train-start').disabled = running;
  $('train-stop').disabled = !running;
  const indicator = $('training-indicator');
  indicator.hidden = !running;
  indicator.textContent = running
      ? `Training job ${status.job}: epoch ${history.length} of ${status.settings.epochs} done${status.state === 'stopping' ? ', stopping' : ''}`
      : '';
  let text = `Job ${status.job} (${status.settings.layers.join(',')}, eta ${status.settings.eta}, batch `
      + `${status.settings.batchSize}, ${status.settings.cost} cost, ${status.trainingExamples} examples): ${status.state}`;
  if (status.stopReason) text += ` (${status.stopReason})`;
  if (status.error) text += `: ${status.error}`;
  $('train-status').textContent = text;
  $('train-status').classList.toggle('error', status.state === 'failed');
  drawCharts();
}

function drawCharts() {
  drawChart($('cost-chart'), [
    {name: 'training', color: '#1d6fb8', values: history.map((e) => e.trainingCost)},
    {name: 'validation', color: '#e67e22', values: history.map((e) => e.evaluationCost)},
  ]);
  drawChart($('accuracy-chart'), [
    {name: 'validation', color: '#27ae60', values: history.map((e) => e.evaluationAccuracy)},
  ], true);
}

/** Line plot of the series against the epoch number, scaled to fit; accuracy is shown in percent. */
function drawChart(canvas, series, asPercent) {
  const context = canvas.getContext('2d');
  const width = canvas.width;
  const height = canvas.height;
  const left = 52, right = 12, top = 12, bottom = 28;
  context.clearRect(0, 0, width, height);
  context.font = '11px system-ui, sans-serif';
  const values = series.flatMap((s) => s.values).filter((v) => v !== null && v !== undefined && isFinite(v));
  const epochs = Math.max(2, ...series.map((s) => s.values.length));
  context.strokeStyle = '#999';
  context.strokeRect(left, top, width - left - right, height - top - bottom);
  if (values.length === 0) {
    context.fillStyle = '#999';
    context.fillText('No epochs yet', left + 10, top + 20);
    return;
  }
  let low = Math.min(...values), high = Math.max(...values);
  if (high - low < 1e-9) { low -= 0.5 * Math.abs(low || 1) * 0.1; high += 0.5 * Math.abs(high || 1) * 0.1; }
  const x = (i) => left + (width - left - right) * i / (epochs - 1);
  const y = (v) => top + (height - top - bottom) * (1 - (v - low) / (high - low));
  context.fillStyle = '#666';
  for (const v of [low, (low + high) / 2, high]) {
    context.fillText(asPercent ? percent(v) : v.toPrecision(3), 4, y(v) + 4);
  }
  context.fillText('epoch', left + (width - left - right) / 2 - 15, height - 8);
  context.fillText('1', left - 3, height - 12);
  context.fillText(String(epochs), x(epochs - 1) - 6, height - 12);
  series.forEach((s, k) => {
    context.strokeStyle = s.color;
    context.fillStyle = s.color;
    context.lineWidth = 2;
    context.beginPath();
    let started = false;
    s.values.forEach((v, i) => {
      if (v === null || v === undefined || !isFinite(v)) return;
      if (started) context.lineTo(x(i), y(v)); else context.moveTo(x(i), y(v));
      started = true;
    });
    context.stroke();
    s.values.forEach((v, i) => {
      if (v !== null && v !== undefined && isFinite(v)) context.fillRect(x(i) - 2, y(v) - 2, 4, 4);
    });
    context.fillText(s.name, left + 8 + 80 * k, top + 14);
  });
}

/** The server's training events: the page follows any job, including one started elsewhere. */
function listenToTraining() {
  const events = new EventSource('/api/train/events');
  events.addEventListener('status', (e) => showJob(JSON.parse(e.data)));
  events.addEventListener('started', (e) => {
    history = [];
    showJob(JSON.parse(e.data));
  });
  events.addEventListener('progress', (e) => {
    const progress = JSON.parse(e.data);
    $('epoch-progress').max = progress.examples;
    $('epoch-progress').value = progress.examplesDone;
  });
  events.addEventListener('epoch', (e) => {
    const event = JSON.parse(e.data);
    if (!job || job.job !== event.job) return;
    history[event.result.epoch] = event.result;
    job.epochsDone = history.length;
    const indicator = $('training-indicator');
    indicator.hidden = false;
    indicator.textContent = `Training job ${event.job}: epoch ${history.length} of ${event.epochs} done`;
    $('epoch-progress').value = $('epoch-progress').max;
    drawCharts();
    refreshModel();
    weightsShown = null;
    if (!$('inside').hidden) showWeights();
  });
  events.addEventListener('finished', (e) => {
    showJob(JSON.parse(e.data));
    refreshModel();
    refreshModels();
  });
}

// ---- look inside ------------------------------------------------------------------------------

let weightsShown = null;

async function showWeights() {
  const container = $('weights');
  if (!model.loaded) {
    container.replaceChildren(element('p', 'note', 'No model yet: train a model first.'));
    return;
  }
  try {
    const weights = await api('/api/model/weights?layer=0');
    weightsShown = model.source;
    container.replaceChildren();
    if (!weights.tileWidth) {
      container.append(element('p', 'note', `The first layer has ${weights.inputs} inputs, not a square image.`));
      return;
    }
    weights.weights.forEach((row, neuron) => {
      const figure = element('figure');
      const canvas = element('canvas');
      canvas.width = weights.tileWidth;
      canvas.height = weights.tileHeight;
      drawTile(canvas, row);
      canvas.title = `hidden neuron ${neuron}, bias ${weights.biases[neuron].toFixed(2)}`;
      figure.append(canvas, element('figcaption', null, String(neuron)));
      container.append(figure);
    });
  } catch (e) {
    container.replaceChildren(element('p', 'error', e.message));
  }
}

/** One neuron's weights: red for positive, blue for negative, scaled to the tile's largest magnitude. */
function drawTile(canvas, row) {
  const context = canvas.getContext('2d');
  const image = context.createImageData(canvas.width, canvas.height);
  const scale = Math.max(1e-9, ...row.map(Math.abs));
  row.forEach((w, i) => {
    const s = Math.min(1, Math.abs(w) / scale);
    const fade = Math.round(255 * (1 - s));
    image.data.set(w >= 0 ? [255, fade, fade, 255] : [fade, fade, 255, 255], 4 * i);
  });
  context.putImageData(image, 0, 0);
}

function drawActivations(layers) {
  const container = $('activations');
  container.replaceChildren();
  layers.forEach((activations, l) => {
    const output = l === layers.length - 1;
    const row = element('div', 'layer');
    row.append(element('span', null, output ? `output (${activations.length})` : `hidden layer ${l + 1} (${activations.length})`));
    const cells = element('div', 'cells');
    activations.forEach((a, j) => {
      const cell = element('div', 'cell', output ? String(j) : '');
      const v = Math.max(0, Math.min(1, a));
      const shade = Math.round(255 * (1 - v));
      cell.style.background = `rgb(${shade}, ${shade}, ${shade})`;
      cell.style.color = v > 0.5 ? 'white' : 'black';
      cell.title = `neuron ${j}: ${a.toFixed(3)}`;
      cells.append(cell);
    });
    row.append(cells);
    container.append(row);
  });
}

tabLoaders.inside = () => {
  if (lastPrediction) drawActivations(lastPrediction.activations);
  if (weightsShown !== model.source) showWeights();
};
tabLoaders.train = refreshModels;

// ---- start ------------------------------------------------------------------------------------

clearPad();
refreshModel();
listenToTraining();
