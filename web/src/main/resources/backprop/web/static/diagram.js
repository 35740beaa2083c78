// The network as a diagram: the input as the network sees it, a column per layer shaded by activation
// (a convolution's maps as pictures), the strongest weights as lines, the output as bars.
// Drawn on a canvas; a transparent button over each unit makes it pointable, tappable and focusable.
'use strict';

const POSITIVE = [192, 57, 43];
const NEGATIVE = [29, 111, 184];

function createDiagram(canvas, unitsLayer, onFocus) {
  let structure = null;   // GET /api/model/diagram
  let state = null;       // {pixels, activations, probabilities, digit}
  let units = [];         // [{column, index, x, y, w, h, button}]
  let columns = [];       // layout per column: {x, boxes: [{x, y, w, h}]}
  let focused = null;     // the unit shown in the detail panel
  const offscreen = document.createElement('canvas');

  function layerName(c) {
    const column = structure.columns[c];
    const last = c === structure.columns.length - 1;
    if (last) return `output (${column.notation})`;
    const word = column.kind === 'conv' ? 'convolution' : column.kind === 'pool' ? 'pooling' : 'hidden layer';
    return `${word} ${c} (${column.notation})`;
  }

  function unitName(c, u) {
    const column = structure.columns[c];
    if (c === structure.columns.length - 1) return `digit ${u}`;
    return column.kind === 'fc' ? `neuron ${u}` : `feature map ${u}`;
  }

  /** The unit's activation for the current drawing: a neuron's value, a map's mean. */
  function unitValue(c, u) {
    if (!state || !state.activations[c - 1]) return null;
    const column = structure.columns[c];
    const area = column.height * column.width;
    const a = state.activations[c - 1];
    let sum = 0;
    for (let k = u * area; k < (u + 1) * area; k++) sum += a[k];
    return sum / area;
  }

  function layout() {
    const width = Math.max(300, canvas.parentElement.clientWidth);
    const height = width < 520 ? 300 : 380;
    const ratio = window.devicePixelRatio || 1;
    canvas.width = Math.round(width * ratio);
    canvas.height = Math.round(height * ratio);
    canvas.style.width = width + 'px';
    canvas.style.height = height + 'px';
    unitsLayer.style.width = width + 'px';
    unitsLayer.style.height = height + 'px';
    columns = [];
    if (!structure) return {width, height, ratio};
    const count = structure.columns.length;
    const barWidth = 78;
    const input = Math.min(84, height * 0.3, width * 0.14);
    const first = 6 + input / 2;
    const last = width - barWidth - 16;
    const top = 10;
    const usable = height - 2 * top;
    structure.columns.forEach((column, c) => {
      const x = c === 0 ? first : first + (last - first) * c / (count - 1);
      const boxes = [];
      if (c === 0) {
        boxes.push({x: x - input / 2, y: (height - input) / 2, w: input, h: input});
      } else if (column.kind === 'fc') {
        const spacing = usable / column.shown;
        const size = Math.max(3, Math.min(18, spacing * 0.8));
        for (let u = 0; u < column.shown; u++) {
          boxes.push({x: x - size / 2, y: top + spacing * (u + 0.5) - size / 2, w: size, h: size});
        }
      } else {
        // Maps: as many side by side as it takes for each to be at least 14 pixels tall.
        let across = 1, size = 0;
        for (; across <= 6; across++) {
          size = Math.min(44, usable / Math.ceil(column.shown / across) - 3);
          if (size >= 14) break;
        }
        const rows = Math.ceil(column.shown / across);
        const block = across * (size + 3);
        const y0 = top + (usable - rows * (size + 3)) / 2;
        for (let u = 0; u < column.shown; u++) {
          boxes.push({x: x - block / 2 + (u % across) * (size + 3), y: y0 + Math.floor(u / across) * (size + 3),
            w: size, h: size});
        }
      }
      columns.push({x, boxes});
    });
    return {width, height, ratio, barWidth};
  }

  function buildUnits() {
    unitsLayer.replaceChildren();
    units = [];
    if (!structure) return;
    for (let c = 1; c < structure.columns.length; c++) {
      columns[c].boxes.forEach((box, u) => {
        const button = document.createElement('button');
        button.type = 'button';
        button.className = 'unit';
        button.tabIndex = -1;
        const unit = {column: c, index: u, button};
        button.addEventListener('mouseenter', () => focus(unit, false));
        button.addEventListener('click', () => focus(unit, true));
        button.addEventListener('focus', () => focus(unit, false));
        units.push(unit);
        unitsLayer.append(button);
      });
    }
    if (units.length) (focused ? units.find((u) => same(u, focused)) || units[0] : units[0]).button.tabIndex = 0;
    placeUnits();
  }

  function placeUnits() {
    for (const unit of units) {
      const box = columns[unit.column].boxes[unit.index];
      // At least 24 pixels to point at or tap, centred on the unit.
      const w = Math.max(24, box.w), h = Math.max(Math.min(24, box.h + 4), box.h);
      Object.assign(unit.button.style, {left: (box.x + box.w / 2 - w / 2) + 'px', top: (box.y + box.h / 2 - h / 2) + 'px',
        width: w + 'px', height: h + 'px'});
      labelUnit(unit);
    }
  }

  function labelUnit(unit) {
    const value = unitValue(unit.column, unit.index);
    unit.button.setAttribute('aria-label', `${layerName(unit.column)}, ${unitName(unit.column, unit.index)}`
        + (value == null ? '' : `, activation ${value.toFixed(3)}`));
    unit.button.dataset.layer = String(unit.column - 1);
    unit.button.dataset.unit = String(unit.index);
  }

  function same(a, b) {
    return a && b && a.column === b.column && a.index === b.index;
  }

  function focus(unit, moveFocus) {
    if (!same(unit, focused)) {
      focused = {column: unit.column, index: unit.index};
      for (const u of units) u.button.tabIndex = same(u, focused) ? 0 : -1;
      render();
      onFocus({layer: unit.column - 1, unit: unit.index, name: `${layerName(unit.column)}, ${unitName(unit.column, unit.index)}`,
        value: unitValue(unit.column, unit.index), column: structure.columns[unit.column]});
    }
    if (moveFocus && document.activeElement !== unit.button) unit.button.focus();
  }

  unitsLayer.addEventListener('keydown', (event) => {
    if (!focused) return;
    const moves = {ArrowUp: [0, -1], ArrowDown: [0, 1], ArrowLeft: [-1, 0], ArrowRight: [1, 0], Home: [0, -1e9], End: [0, 1e9]};
    const move = moves[event.key];
    if (!move) return;
    event.preventDefault();
    const column = Math.max(1, Math.min(structure.columns.length - 1, focused.column + move[0]));
    const shown = structure.columns[column].shown;
    const index = move[0] !== 0
        ? Math.min(shown - 1, Math.round(focused.index * shown / structure.columns[focused.column].shown))
        : Math.max(0, Math.min(shown - 1, focused.index + move[1]));
    const unit = units.find((u) => u.column === column && u.index === index);
    if (unit) focus(unit, true);
  });

  function range(values) {
    let low = Infinity, high = -Infinity;
    for (const v of values) { if (v < low) low = v; if (v > high) high = v; }
    return high - low < 1e-9 ? [low, low + 1] : [low, high];
  }

  /** A unit's shade: white for 0 or the layer's least, dark blue for 1 or its most. */
  function shade(value, column, low, high) {
    const squashed = column.activation === 'sigmoid' || column.activation === 'softmax';
    const v = Math.max(0, Math.min(1, squashed ? value : (value - low) / (high - low)));
    const c = (i) => Math.round(255 + v * ([20, 45, 110][i] - 255));
    return `rgb(${c(0)}, ${c(1)}, ${c(2)})`;
  }

  function drawMap(context, values, offset, column, box, low, high) {
    const w = column.width, h = column.height;
    offscreen.width = w;
    offscreen.height = h;
    const o = offscreen.getContext('2d');
    const image = o.createImageData(w, h);
    for (let k = 0; k < w * h; k++) {
      const v = Math.round(255 * Math.max(0, Math.min(1, (values[offset + k] - low) / (high - low))));
      image.data[4 * k] = v; image.data[4 * k + 1] = v; image.data[4 * k + 2] = v; image.data[4 * k + 3] = 255;
    }
    o.putImageData(image, 0, 0);
    context.drawImage(offscreen, box.x, box.y, box.w, box.h);
  }

  function render() {
    const size = layout();
    const context = canvas.getContext('2d');
    context.setTransform(size.ratio, 0, 0, size.ratio, 0, 0);
    context.clearRect(0, 0, size.width, size.height);
    if (!structure) return;
    if (units.length !== structure.columns.slice(1).reduce((n, c) => n + c.shown, 0)) buildUnits();
    else placeUnits();
    context.imageSmoothingEnabled = false;
    const count = structure.columns.length;
    // Lines first, under the units.
    for (let c = 1; c < count; c++) {
      const from = columns[c - 1].boxes, to = columns[c].boxes;
      const column = structure.columns[c];
      if (c === 1) {
        context.strokeStyle = 'rgba(120, 120, 120, 0.18)';
        context.lineWidth = 0.6;
        const b = from[0];
        for (const box of to) line(context, b.x + b.w, b.y + b.h / 2, box.x, box.y + box.h / 2);
      } else if (column.kind === 'pool') {
        context.strokeStyle = 'rgba(120, 120, 120, 0.45)';
        context.lineWidth = 1;
        to.forEach((box, u) => { if (from[u]) line(context, from[u].x + from[u].w, from[u].y + from[u].h / 2, box.x, box.y + box.h / 2); });
      } else {
        const edges = structure.edges[c];
        const largest = Math.max(1e-9, ...edges.map((e) => Math.abs(e.weight)));
        for (const e of edges) {
          const strength = Math.abs(e.weight) / largest;
          const highlighted = focused && focused.column === c && focused.index === e.to;
          const rgb = e.weight >= 0 ? POSITIVE : NEGATIVE;
          context.strokeStyle = `rgba(${rgb.join(',')}, ${highlighted ? 0.95 : 0.08 + 0.55 * strength})`;
          context.lineWidth = (highlighted ? 1.5 : 0.4) + 2.2 * strength;
          const a = from[e.from], b = to[e.to];
          line(context, a.x + a.w, a.y + a.h / 2, b.x, b.y + b.h / 2);
        }
      }
    }
    // The input as the network sees it.
    const input = columns[0].boxes[0];
    context.fillStyle = 'black';
    context.fillRect(input.x, input.y, input.w, input.h);
    if (state && state.pixels) {
      const column = structure.columns[0];
      drawMap(context, state.pixels, 0, column, input, 0, 1);
    }
    context.strokeStyle = '#888';
    context.lineWidth = 1;
    context.strokeRect(input.x, input.y, input.w, input.h);
    // The layers.
    for (let c = 1; c < count; c++) {
      const column = structure.columns[c];
      const values = state && state.activations[c - 1];
      const [low, high] = values ? range(values) : [0, 1];
      columns[c].boxes.forEach((box, u) => {
        if (column.kind === 'fc') {
          context.beginPath();
          context.arc(box.x + box.w / 2, box.y + box.h / 2, box.w / 2, 0, 2 * Math.PI);
          context.fillStyle = values ? shade(values[u], column, low, high) : 'white';
          context.fill();
          context.strokeStyle = '#777';
          context.lineWidth = 1;
          context.stroke();
        } else {
          if (values) drawMap(context, values, u * column.height * column.width, column, box, low, high);
          else { context.fillStyle = '#eee'; context.fillRect(box.x, box.y, box.w, box.h); }
          context.strokeStyle = '#999';
          context.lineWidth = 1;
          context.strokeRect(box.x, box.y, box.w, box.h);
        }
        if (focused && focused.column === c && focused.index === u) {
          context.strokeStyle = '#e67e22';
          context.lineWidth = 3;
          context.strokeRect(box.x - 3, box.y - 3, box.w + 6, box.h + 6);
        }
      });
      if (column.units > column.shown) {
        context.fillStyle = '#666';
        context.font = '11px system-ui, sans-serif';
        context.fillText(`first ${column.shown} of ${column.units}`, columns[c].x - 30, size.height - 1);
      }
    }
    // The output as bars.
    const output = columns[count - 1];
    context.font = '12px system-ui, sans-serif';
    context.textBaseline = 'middle';
    output.boxes.forEach((box, u) => {
      const p = state && state.probabilities ? state.probabilities[u] : 0;
      const y = box.y + box.h / 2;
      const left = box.x + box.w + 6;
      context.fillStyle = '#333';
      context.fillText(String(u), left, y);
      context.fillStyle = '#e8e8e8';
      context.fillRect(left + 12, y - 4, size.barWidth - 20, 8);
      context.fillStyle = state && u === state.digit ? '#e67e22' : '#1d6fb8';
      context.fillRect(left + 12, y - 4, (size.barWidth - 20) * Math.max(0, Math.min(1, p)), 8);
    });
  }

  function line(context, x1, y1, x2, y2) {
    context.beginPath();
    context.moveTo(x1, y1);
    context.lineTo(x2, y2);
    context.stroke();
  }

  window.addEventListener('resize', () => render());

  return {
    setStructure(newStructure) {
      const changed = !structure || structure.architecture !== newStructure.architecture;
      structure = newStructure;
      if (changed) {
        state = null;
        focused = null;
        units = [];
      }
      render();
    },
    setState(newState) {
      state = newState;
      render();
    },
    structure: () => structure,
    focused: () => focused && {layer: focused.column - 1, unit: focused.index},
    valueOf: (layer, unit) => unitValue(layer + 1, unit),
    name: (layer, unit) => `${layerName(layer + 1)}, ${unitName(layer + 1, unit)}`,
    render,
  };
}
