// The Backprop playground page: draw and watch the network think, train it, replay the book, explore
// the test set. Plain JavaScript against the server's JSON API (web/README.md); uPlot draws the curves.
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

// ---- tabs (the ARIA tabs pattern: arrow keys move between them) ---------------------------------

const tabLoaders = {};
const tabs = [...document.querySelectorAll('.tab')];

tabs.forEach((tab, i) => {
  tab.addEventListener('click', () => showTab(tab.dataset.tab));
  tab.addEventListener('keydown', (event) => {
    const step = {ArrowRight: 1, ArrowLeft: -1}[event.key];
    if (!step) return;
    const next = tabs[(i + step + tabs.length) % tabs.length];
    showTab(next.dataset.tab);
    next.focus();
  });
});

function showTab(name) {
  for (const tab of tabs) {
    const active = tab.dataset.tab === name;
    tab.classList.toggle('active', active);
    tab.setAttribute('aria-selected', String(active));
    tab.tabIndex = active ? 0 : -1;
  }
  for (const panel of document.querySelectorAll('.panel')) panel.hidden = panel.id !== name;
  if (tabLoaders[name]) tabLoaders[name]();
}

// ---- the model and its diagram ------------------------------------------------------------------

let model = {loaded: false};
let lastPrediction = null;

const diagram = createDiagram($('diagram-canvas'), $('diagram-units'), showNeuron);

async function refreshModel() {
  const before = model.source;
  try {
    model = await api('/api/model');
  } catch (e) {
    model = {loaded: false};
  }
  const status = $('model-status');
  if (model.loaded) {
    const layers = model.sizes ? `${model.sizes.join(',')} (${[...new Set(model.activations)].join(', ')}; `
        : `${model.architecture} (`;
    status.textContent = `Model: ${layers}${model.cost} cost, ${model.parameters.toLocaleString('en')} parameters), `
        + model.source;
    status.classList.remove('missing');
  } else {
    status.textContent = 'No model yet: train a model first (Train, below), or load a saved one.';
    status.classList.add('missing');
  }
  $('download').hidden = !model.loaded;
  if (model.loaded && model.source !== before) await refreshDiagram();
  return model;
}

/** The diagram of the model now served, and the drawing's activations in it. */
async function refreshDiagram() {
  try {
    diagram.setStructure(await api('/api/model/diagram'));
    neuronCache.clear();
    if (strokes > 0) await predict(strokes);
    const focus = diagram.focused();
    if (focus) showNeuron({...focus, name: diagram.name(focus.layer, focus.unit), value: diagram.valueOf(focus.layer, focus.unit)});
  } catch (e) {
    $('diagram-note').textContent = e.message;
  }
}

// ---- draw ---------------------------------------------------------------------------------------

const pad = $('pad');
const padContext = pad.getContext('2d');
let strokes = 0;
let drawing = null;
/** Milliseconds from each stroke's pointer-up to its answer drawn on the page (the last 50). */
const latencies = [];

function clearPad() {
  padContext.fillStyle = 'white';
  padContext.fillRect(0, 0, pad.width, pad.height);
  strokes = 0;
  lastPrediction = null;
  $('prediction').textContent = '?';
  $('prediction').dataset.stroke = '0';
  $('prediction').dataset.digit = '';
  $('prediction-note').textContent = 'Draw a digit on the pad.';
  $('prediction-note').classList.remove('error');
  diagram.setState(null);
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
  predict(strokes, event.timeStamp);
}

pad.addEventListener('pointerup', endStroke);
pad.addEventListener('pointercancel', endStroke);
$('clear').addEventListener('click', clearPad);

let testDigit = 0;
$('test-digit').addEventListener('click', async () => {
  // For keyboards, and to compare: a test image drawn on the pad as ink on paper.
  const image = new Image();
  image.src = `/api/testset/image?index=${testDigit}`;
  testDigit = (testDigit + 7) % 100;
  try {
    await image.decode();
  } catch (e) {
    $('prediction-note').textContent = 'No test image to draw: the test data is not available.';
    return;
  }
  clearPad();
  padContext.filter = 'invert(1)';
  padContext.drawImage(image, 0, 0, pad.width, pad.height);
  padContext.filter = 'none';
  strokes = 1;
  predict(strokes, performance.now());
});

/**
 * Sends the drawing as a PNG; an answer to an older stroke than one already shown is dropped.
 * {@code since} is the pointer-up's time: the answer on screen is measured from it.
 */
async function predict(stroke, since) {
  const blob = await new Promise((resolve) => pad.toBlob(resolve, 'image/png'));
  const note = $('prediction-note');
  try {
    const answer = await api('/api/predict', {method: 'POST', headers: {'Content-Type': 'image/png'}, body: blob});
    if (stroke < Number($('prediction').dataset.stroke) || stroke > strokes) return;
    lastPrediction = answer;
    showPrediction(answer, stroke);
    if (since !== undefined) {
      latencies.push(performance.now() - since);
      if (latencies.length > 50) latencies.shift();
      $('prediction').dataset.latency = latencies[latencies.length - 1].toFixed(1);
      // And to the frame that shows it: the next one the browser paints.
      requestAnimationFrame(() => { $('prediction').dataset.frameLatency = (performance.now() - since).toFixed(1); });
    }
  } catch (e) {
    if (stroke !== strokes) return;
    $('prediction').textContent = '?';
    $('prediction').dataset.stroke = String(stroke);
    note.textContent = e.status === 409 ? 'No model yet: train a model first (Train, below).' : e.message;
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
  const structure = diagram.structure();
  if (structure && structure.columns.length - 1 === answer.activations.length) {
    diagram.setState(answer);
    const focus = diagram.focused();
    if (focus) $('neuron-value').textContent = activationText(diagram.valueOf(focus.layer, focus.unit));
  }
}

// ---- one neuron up close ------------------------------------------------------------------------

const neuronCache = new Map();
let neuronShown = null;

function activationText(value) {
  return value == null ? 'draw a digit to see it' : value.toFixed(3);
}

async function showNeuron(target) {
  const key = `${target.layer}/${target.unit}`;
  neuronShown = key;
  const panel = $('neuron');
  const head = element('h3', null, target.name);
  const value = element('p', 'note');
  value.append('Activation for the drawing: ', Object.assign(element('strong', null, activationText(target.value)),
      {id: 'neuron-value'}));
  panel.replaceChildren(head, value, element('p', 'note', 'Loading its weights…'));
  let view = neuronCache.get(key);
  if (!view) {
    // Pointing sweeps over many units: ask only for the one still pointed at.
    await new Promise((resolve) => setTimeout(resolve, 60));
    if (neuronShown !== key) return;
    try {
      view = await api(`/api/model/neuron?layer=${target.layer}&unit=${target.unit}`);
      neuronCache.set(key, view);
    } catch (e) {
      panel.lastChild.textContent = e.message;
      return;
    }
  }
  if (neuronShown !== key) return;
  const weights = element('div', 'neuron-weights');
  for (const picture of view.weights.slice(0, 32)) {
    const figure = element('figure');
    const canvas = element('canvas');
    canvas.width = picture.width;
    canvas.height = picture.height;
    canvas.setAttribute('role', 'img');
    canvas.setAttribute('aria-label', `weights ${picture.label}`);
    if (picture.height === 1) canvas.classList.add('strip');
    drawWeights(canvas, picture.values);
    figure.append(canvas, element('figcaption', null, picture.label));
    weights.append(figure);
  }
  const bias = view.bias == null ? '' : `, bias ${view.bias.toFixed(3)}`;
  const about = element('p', 'note', `Its incoming weights (${view.weightsNote}${bias}).`);
  const excited = element('div', 'examples');
  if (view.mostExcited) {
    for (const example of view.mostExcited) {
      const figure = element('div', 'example');
      const image = element('img');
      image.src = `/api/testset/image?index=${example.index}`;
      image.alt = `test image ${example.index}, a ${example.label}`;
      figure.append(image, element('span', null, `${example.label}: ${example.activation.toFixed(2)}`));
      excited.append(figure);
    }
  }
  const excitedTitle = element('h4', null, view.mostExcited
      ? `The test digits that excite it most (${view.excitedData})` : `No test digits: ${view.excitedData}`);
  panel.replaceChildren(head, value, about, weights, excitedTitle, excited);
}

/** Weights: red for positive, blue for negative, scaled to the picture's largest magnitude. */
function drawWeights(canvas, values) {
  const context = canvas.getContext('2d');
  const image = context.createImageData(canvas.width, canvas.height);
  let scale = 1e-9;
  for (const w of values) scale = Math.max(scale, Math.abs(w));
  values.forEach((w, i) => {
    const s = Math.min(1, Math.abs(w) / scale);
    const fade = Math.round(255 * (1 - s));
    image.data.set(w >= 0 ? [255, fade, fade, 255] : [fade, fade, 255, 255], 4 * i);
  });
  context.putImageData(image, 0, 0);
}

// ---- train --------------------------------------------------------------------------------------

let job = null;       // the latest job's status
let history = [];     // its epochs
let running = [];     // its mid-epoch running costs: {x, cost}
const jobWaiters = new Map();
/** Jobs whose end the stream told before their start's answer arrived: a tiny job can end that fast. */
const jobsFinished = new Map();

const costChart = lineChart($('cost-chart'), {yLabel: 'cost', series: [
  {label: 'training (running)', color: '#9bbbd9', points: false},
  {label: 'training', color: '#1d6fb8'},
  {label: 'validation', color: '#e67e22'},
]});
const accuracyChart = lineChart($('accuracy-chart'), {yLabel: 'accuracy', percent: true, series: [
  {label: 'training', color: '#1d6fb8'},
  {label: 'validation', color: '#27ae60'},
]});

/** The recipes by id: core's recipes, as the server fits them to the page (GET /api/train/recipes). */
const recipes = new Map();

async function loadRecipes() {
  const select = $('recipe');
  for (const recipe of (await api('/api/train/recipes')).recipes) {
    recipes.set(recipe.id, recipe.settings);
    const option = element('option', null, `${recipe.id}: ${recipe.label}`);
    option.value = recipe.id;
    option.title = recipe.description;
    select.append(option);
  }
}

/** A recipe sets the fields it names; the others go back to the form's defaults, but for the seed. */
$('recipe').addEventListener('change', (event) => {
  const recipe = recipes.get(event.target.value);
  if (!recipe) return;
  for (const field of $('train-form').elements) {
    if (!field.name || field.name === 'recipe' || field.name === 'seed') continue;
    if (field.name in recipe) {
      field.value = recipe[field.name];
    } else if (field.tagName === 'SELECT') {
      field.value = ([...field.options].find((o) => o.defaultSelected) || field.options[0]).value;
    } else {
      field.value = field.defaultValue;
    }
  }
});

/** The form as a request to POST /api/train: sizes as a list, any other layers as the notation. */
function trainingRequest(form) {
  const data = new FormData(form);
  const layers = String(data.get('layers')).trim();
  const request = {
    layers: /^\d+(\s*,\s*\d+)+$/.test(layers) ? layers.split(',').map((s) => Number(s.trim())) : layers,
    activation: data.get('activation'), cost: data.get('cost'), init: data.get('init'),
    optimizer: data.get('optimizer'), eta: Number(data.get('eta')), batchSize: Number(data.get('batchSize')),
    epochs: Number(data.get('epochs')), lambda: Number(data.get('lambda') || 0), l1: Number(data.get('l1') || 0),
    dropout: Number(data.get('dropout') || 0), schedule: String(data.get('schedule') || 'none').trim(),
    augment: data.get('augment'), seed: Number(data.get('seed') || 1),
  };
  if (data.get('output')) request.output = data.get('output');
  if (data.get('trainingExamples')) request.trainingExamples = Number(data.get('trainingExamples'));
  return request;
}

$('train-form').addEventListener('submit', async (event) => {
  event.preventDefault();
  const status = $('train-status');
  status.classList.remove('error');
  status.textContent = 'Starting (the first time also loads the data)…';
  try {
    await startJob(trainingRequest(event.target));
  } catch (e) {
    status.textContent = e.message;
    status.classList.add('error');
  }
});

/** Starts a job; answers a promise of its status when it has finished. */
async function startJob(request) {
  const status = await postJson('/api/train', request);
  const finished = jobsFinished.has(status.job) ? Promise.resolve(jobsFinished.get(status.job))
      : new Promise((resolve) => jobWaiters.set(status.job, resolve));
  showJob(status);
  return {status, finished};
}

async function stopJob() {
  showJob(await postJson('/api/train/stop', {}));
}

$('train-stop').addEventListener('click', async () => {
  try {
    await stopJob();
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
      load.setAttribute('aria-label', `Load ${entry.name}`);
      load.addEventListener('click', async () => {
        try {
          await postJson('/api/model/load', {name: entry.name});
          $('save-status').textContent = `Loaded ${entry.name}.`;
          await refreshModel();
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
  if (!sameJob) {
    history = [];
    running = [];
  }
  job = status;
  if (status.history && status.history.length >= history.length) history = status.history.slice();
  const isRunning = status.running;
  $('train-start').disabled = isRunning;
  $('train-stop').disabled = !isRunning;
  const indicator = $('training-indicator');
  indicator.hidden = !isRunning;
  indicator.textContent = isRunning
      ? `Training job ${status.job}: epoch ${history.length} of ${status.settings.epochs} done${status.state === 'stopping' ? ', stopping' : ''}`
      : '';
  const s = status.settings;
  let text = `Job ${status.job} (${s.layers}, ${s.optimizer}, eta ${s.eta}, batch ${s.batchSize}, ${s.cost} cost`
      + `${s.lambda > 0 ? ', lambda ' + s.lambda : ''}${s.dropout > 0 ? ', dropout ' + s.dropout : ''}`
      + `, ${status.trainingExamples} examples): ${status.state}`;
  if (status.stopReason) text += ` (${status.stopReason})`;
  if (status.error) text += `: ${status.error}`;
  $('train-status').textContent = text;
  $('train-status').classList.toggle('error', status.state === 'failed');
  drawCharts();
}

function drawCharts() {
  costChart.set(running.map((r) => ({x: r.x, values: [r.cost, null, null]}))
      .concat(history.filter(Boolean).map((e) => ({x: e.epoch + 1, values: [null, e.trainingCost, e.evaluationCost]}))));
  accuracyChart.set(history.filter(Boolean).map((e) => ({x: e.epoch + 1,
    values: [e.trainingAccuracy, e.evaluationAccuracy]})));
}

/** The server's training events: the page follows any job, including one started elsewhere. */
function listenToTraining() {
  const events = new EventSource('/api/train/events');
  events.addEventListener('status', (e) => showJob(JSON.parse(e.data)));
  events.addEventListener('started', (e) => {
    history = [];
    running = [];
    showJob(JSON.parse(e.data));
  });
  events.addEventListener('progress', (e) => {
    const progress = JSON.parse(e.data);
    $('epoch-progress').max = progress.examples;
    $('epoch-progress').value = progress.examplesDone;
    if (progress.examplesPerSecond > 0) {
      $('speed').textContent = `epoch ${progress.epoch + 1}: ${Math.round(progress.examplesPerSecond).toLocaleString('en')} examples per second`;
    }
    if (job && job.job === progress.job && progress.runningCost != null) {
      running.push({x: progress.epoch + progress.examplesDone / progress.examples, cost: progress.runningCost});
      drawCharts();
    }
  });
  events.addEventListener('snapshot', () => refreshModel());
  events.addEventListener('epoch', (e) => {
    const event = JSON.parse(e.data);
    if (!job || job.job !== event.job) return;
    history[event.result.epoch] = event.result;
    job.epochsDone = history.length;
    const indicator = $('training-indicator');
    indicator.hidden = false;
    indicator.textContent = `Training job ${event.job}: epoch ${history.length} of ${event.epochs} done`;
    $('epoch-progress').value = $('epoch-progress').max;
    $('speed').textContent = `epoch ${event.result.epoch + 1}: ${Math.round(event.result.examplesPerSecond).toLocaleString('en')} examples per second`;
    drawCharts();
    refreshModel();
    document.dispatchEvent(new CustomEvent('training-epoch', {detail: event}));
  });
  events.addEventListener('finished', (e) => {
    const status = JSON.parse(e.data);
    showJob(status);
    refreshModel();
    refreshModels();
    const waiter = jobWaiters.get(status.job);
    if (waiter) {
      jobWaiters.delete(status.job);
      waiter(status);
    } else {
      jobsFinished.set(status.job, status);
    }
  });
}

// ---- test set -----------------------------------------------------------------------------------

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

/** Rows of label, bar and percentage. */
function drawBars(container, rows) {
  container.replaceChildren();
  for (const row of rows) {
    const bar = element('div', 'bar');
    const fill = element('div');
    fill.style.width = percent(Math.max(0, Math.min(1, row.value)));
    bar.append(fill);
    container.append(element('span', null, String(row.label)), bar, element('span', null, row.text || percent(row.value)));
  }
}

function drawConfusion(confusion) {
  const table = $('confusion');
  table.replaceChildren();
  const head = element('tr');
  head.append(element('th', null, ''));
  confusion.forEach((_, answer) => head.append(Object.assign(element('th', null, String(answer)), {scope: 'col'})));
  table.append(head);
  const largestMistake = Math.max(1, ...confusion.flatMap((row, truth) => row.filter((_, a) => a !== truth)));
  const largest = Math.max(1, ...confusion.flat());
  confusion.forEach((row, truth) => {
    const tr = element('tr');
    tr.append(Object.assign(element('th', null, String(truth)), {scope: 'row'}));
    row.forEach((count, answer) => {
      const cell = element('td');
      const button = element('button', null, String(count));
      button.type = 'button';
      button.setAttribute('aria-label', `${count} test images of ${truth} answered ${answer}`);
      cell.append(button);
      cell.dataset.label = String(truth);
      cell.dataset.predicted = String(answer);
      // Right answers in green, mistakes in red, each scaled to its own largest count.
      const strength = truth === answer ? count / largest : count / largestMistake;
      cell.style.background = truth === answer
          ? `rgba(39, 174, 96, ${0.15 + 0.6 * strength})`
          : count === 0 ? '#f6f6f6' : `rgba(192, 57, 43, ${0.1 + 0.55 * strength})`;
      button.addEventListener('click', () => {
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

tabLoaders.train = refreshModels;

// ---- start --------------------------------------------------------------------------------------

window.playground = {api, postJson, element, startJob, stopJob, lineChart, drawWeights, latencies,
  running: () => job && job.running};

clearPad();
refreshModel();
refreshModels();
loadRecipes().catch((e) => { $('train-status').textContent = `The recipes did not load: ${e.message}`; });
listenToTraining();
