#!/usr/bin/python3
"""The framework's benchmark cases written in plain PyTorch (issue #20), for SimLap.Bench to run beside the framework.

The same networks as plugins/SimLap.Plugins.Core (small-cnn, resnet18-cifar, MLP projector, fused SimLAP gate), the
same SimCLR views (batched: one affine resampling per image, colour jitter in a random order per image, grayscale),
the same multi-positive loss on gated cosines, Adam with coupled weight decay, and the core plugin's kNN and Adam
linear-probe evaluators. Each case prints one line `BENCH-RESULT {json}` in SimLap.Bench's CaseResult format.

    /usr/bin/python3 bench/pytorch/simlap_bench.py info
    /usr/bin/python3 bench/pytorch/simlap_bench.py train model=small-cnn augment=simclr steps=20 warmup=3 [malloc=tuned]
    /usr/bin/python3 bench/pytorch/simlap_bench.py knn train=10000 test=10000 [malloc=tuned]
    /usr/bin/python3 bench/pytorch/simlap_bench.py probe train=10000 test=10000 epochs=100 [malloc=tuned]

malloc=tuned applies, before torch is imported, the glibc settings the engine applies by itself
(host/SimLap.Engine/Training/NativeAllocator.cs): mallopt(M_MMAP_MAX, 0), mallopt(M_TRIM_THRESHOLD, INT_MAX),
mallopt(M_ARENA_MAX, 1). Needs Debian's python3-torch (1.13): apt-get install -y python3-torch.
"""
import ctypes
import json
import math
import os
import sys
import time

M_TRIM_THRESHOLD, M_MMAP_MAX, M_ARENA_MAX = -1, -4, -8


def tune_malloc():
    libc = ctypes.CDLL("libc.so.6")
    return all(libc.mallopt(p, v) == 1 for p, v in ((M_MMAP_MAX, 0), (M_TRIM_THRESHOLD, 2**31 - 1), (M_ARENA_MAX, 1)))


def parse(args):
    settings = {}
    for arg in args:
        key, _, value = arg.partition("=")
        settings[key] = value
    return settings


SETTINGS = parse(sys.argv[2:])
TUNED = tune_malloc() if SETTINGS.get("malloc") == "tuned" else False

import torch  # noqa: E402  (after mallopt, so torch's own allocations see it)
import torch.nn as nn  # noqa: E402
import torch.nn.functional as F  # noqa: E402

CLASSES, CHANNELS = 10, 3


# ---- networks (plugins/SimLap.Plugins.Core/Backbones, Projectors, Heads) ----

class SmallCnn(nn.Module):
    """conv3x3 (no bias) - BN - ReLU per width, stride 1 then 2, global average pool."""

    def __init__(self, widths):
        super().__init__()
        layers, channels = [], CHANNELS
        for i, width in enumerate(widths):
            layers += [nn.Conv2d(channels, width, 3, stride=1 if i == 0 else 2, padding=1, bias=False), nn.BatchNorm2d(width), nn.ReLU()]
            channels = width
        self.stages = nn.Sequential(*layers)

    def forward(self, x):
        return self.stages(x).mean([2, 3])


class BasicBlock(nn.Module):
    def __init__(self, cin, cout, stride):
        super().__init__()
        self.conv1 = nn.Conv2d(cin, cout, 3, stride=stride, padding=1, bias=False)
        self.bn1 = nn.BatchNorm2d(cout)
        self.conv2 = nn.Conv2d(cout, cout, 3, stride=1, padding=1, bias=False)
        self.bn2 = nn.BatchNorm2d(cout)
        self.shortcut = (nn.Sequential(nn.Conv2d(cin, cout, 1, stride=stride, bias=False), nn.BatchNorm2d(cout))
                         if stride != 1 or cin != cout else nn.Identity())

    def forward(self, x):
        out = F.relu(self.bn1(self.conv1(x)))
        return F.relu(self.bn2(self.conv2(out)) + self.shortcut(x))


class ResNet18Cifar(nn.Module):
    """CIFAR stem (conv3x3 stride 1, no max-pool), stages of 2 basic blocks at width x1, x2, x4, x8 (strides 1, 2, 2, 2)."""

    def __init__(self, width):
        super().__init__()
        layers = [nn.Conv2d(CHANNELS, width, 3, stride=1, padding=1, bias=False), nn.BatchNorm2d(width), nn.ReLU()]
        channels = width
        for stage, multiplier in enumerate([1, 2, 4, 8]):
            for block in range(2):
                layers.append(BasicBlock(channels, multiplier * width, 2 if block == 0 and stage > 0 else 1))
                channels = multiplier * width
        self.body = nn.Sequential(*layers)

    def forward(self, x):
        return self.body(x).mean([2, 3])


def projector(features, hidden, out):
    return nn.Sequential(nn.Linear(features, hidden), nn.BatchNorm1d(hidden), nn.ReLU(), nn.Linear(hidden, out), nn.LayerNorm(out))


class FusedGate(nn.Module):
    """sigmoid(G((E[y1] + E[y2]) / 2)), G = ReLU, BN, Linear, ReLU, BN, Linear."""

    def __init__(self, embed, hidden, dim):
        super().__init__()
        self.embedding = nn.Embedding(CLASSES, embed)
        self.fusion = nn.Sequential(nn.ReLU(), nn.BatchNorm1d(embed), nn.Linear(embed, hidden), nn.ReLU(), nn.BatchNorm1d(hidden), nn.Linear(hidden, dim))

    def forward(self, anchors, partners):
        return self.fusion((self.embedding(anchors) + self.embedding(partners)) / 2.0).sigmoid()


def initialise(module, generator):
    """The core plugin's ModuleInit: He-normal convolutions (fan-out), uniform linear layers, N(0, 1) embeddings, unit norms."""
    with torch.no_grad():
        for m in module.modules():
            if isinstance(m, nn.Conv2d):
                m.weight.normal_(0.0, math.sqrt(2.0 / (m.weight.shape[0] * m.weight.shape[2] * m.weight.shape[3])), generator=generator)
            elif isinstance(m, nn.Linear):
                bound = 1.0 / math.sqrt(m.weight.shape[1])
                m.weight.uniform_(-bound, bound, generator=generator)
                m.bias.uniform_(-bound, bound, generator=generator)
            elif isinstance(m, nn.Embedding):
                m.weight.normal_(0.0, 1.0, generator=generator)
            elif isinstance(m, (nn.BatchNorm1d, nn.BatchNorm2d, nn.LayerNorm)):
                m.weight.fill_(1.0)
                m.bias.zero_()


# The bench's models (bench/SimLap.Bench/BenchSetup.cs, ModelSpec): size, batch, backbone, feature dim, projector, gate.
MODELS = {
    "small-cnn": dict(size=28, batch=256, backbone=lambda w: SmallCnn([32, 64, 128]), features=lambda w: 128, hidden=512, out=128, embed=512, gate_hidden=1024),
    "resnet18-cifar": dict(size=32, batch=128, backbone=ResNet18Cifar, features=lambda w: 8 * w, hidden=2048, out=256, embed=512, gate_hidden=1024),
}


# ---- the loss (plugins/SimLap.Plugins.Core/Losses/Functional/MultiPositive.cs, GatedCosine.cs) ----

def gated_cosine(anchors, keys, gates):
    g2 = gates.square()
    dot = (g2 * anchors).matmul(keys.t())
    anchor_norm = (gates * anchors).norm(dim=1, keepdim=True).clamp_min(1e-12)
    key_norm = g2.matmul(keys.square().t()).clamp_min(1e-24).sqrt()
    return dot / anchor_norm / key_norm


def direction(anchors, keys, gates, positives, negatives, inverse_temperature):
    l = gated_cosine(anchors, keys, gates) * inverse_temperature
    l = l - l.mean(1, keepdim=True)
    negative_lse = l.masked_fill(~negatives, float("-inf")).logsumexp(1, keepdim=True)
    per_pair = torch.logaddexp(l, negative_lse) - l
    pf = positives.to(l.dtype)
    count = pf.sum(1)
    per_anchor = (per_pair * pf).sum(1) / count.clamp_min(1.0)
    has_positive = (count > 0).to(l.dtype)
    return (per_anchor * has_positive).sum() / has_positive.sum().clamp_min(1.0)


def multi_positive(z1, z2, gates, labels, partners, temperature=0.1):
    positives = labels.unsqueeze(0) == partners.unsqueeze(1)
    excluded = (labels.unsqueeze(0) == labels.unsqueeze(1)) & ~positives
    negatives = ~(positives | excluded)
    inverse = 1.0 / temperature
    loss = (direction(z1, z2, gates, positives, negatives, inverse) + direction(z2, z1, gates, positives, negatives, inverse)) / 2.0
    counts = positives.sum(1).float()
    return loss, [(counts == 0).float().mean(), counts.mean()]


# ---- SimCLR views (plugins/SimLap.Plugins.Core/Augmentation/ViewPipeline.cs and its ops) ----

RGB_TO_YIQ = torch.tensor([[0.299, 0.587, 0.114], [0.596, -0.274, -0.322], [0.211, -0.523, 0.312]], dtype=torch.float64)
LUMA = torch.tensor([0.299, 0.587, 0.114]).view(1, 3, 1, 1)


class SimClrViews:
    """crop_scale [0.2, 1], ratio [3/4, 4/3], flip 0.5, jitter [0.4, 0.4, 0.2, 0.02] with p 0.8 in random order, grayscale 0.2."""

    def __init__(self, generator, jitter=(0.4, 0.4, 0.2, 0.02), jitter_p=0.8, gray_p=0.2, scale=(0.2, 1.0), ratio=(0.75, 4.0 / 3.0)):
        self.generator, self.jitter, self.jitter_p, self.gray_p, self.scale, self.ratio = generator, jitter, jitter_p, gray_p, scale, ratio

    def __call__(self, images):
        b, _, h, w = images.shape
        draws = torch.rand(b, 18, dtype=torch.float64, generator=self.generator)
        area = draws[:, 0] * (self.scale[1] - self.scale[0]) + self.scale[0]
        lo, hi = math.log(self.ratio[0]), math.log(self.ratio[1])
        aspect = (draws[:, 1] * (hi - lo) + lo).exp()
        cw = (area * aspect * (h / w)).sqrt().clamp_max(1.0)
        ch = (area / aspect * (w / h)).sqrt().clamp_max(1.0)
        cx = (draws[:, 2] * 2 - 1) * (1 - cw)
        cy = (draws[:, 3] * 2 - 1) * (1 - ch)
        sign = torch.where(draws[:, 4] < 0.5, -1.0, 1.0).to(torch.float64)
        zero = torch.zeros_like(cw)
        theta = torch.stack([cw * sign, zero, cx, zero, ch, cy], 1).view(-1, 2, 3).to(images.dtype)
        grid = F.affine_grid(theta, list(images.shape), align_corners=False)
        view = F.grid_sample(images, grid, mode="bilinear", padding_mode="border", align_corners=False)
        on = draws[:, 5] < self.jitter_p
        s = self.jitter
        factors = torch.stack([draws[:, 6 + i] * (2 * s[i]) + max(0.0, 1 - s[i]) for i in range(3)] + [draws[:, 9] * (2 * s[3]) - s[3]], 1)
        factors = torch.where(on.view(-1, 1), factors, torch.tensor([[1.0, 1.0, 1.0, 0.0]], dtype=torch.float64))
        view = self.colour_jitter(view, factors, draws[:, 10:14].argsort(1), on)
        gray = (draws[:, 14] < self.gray_p).view(-1, 1, 1, 1)
        return torch.where(gray, grayscale(view).expand_as(view), view)

    @staticmethod
    def colour_jitter(images, factors, order, on):
        view = images
        for rnd in range(4):
            for part in range(4):
                selected = ((order[:, rnd] == part) & on).nonzero().view(-1)
                if selected.numel() == 0:
                    continue
                factor = factors[:, part].index_select(0, selected)
                if selected.numel() == images.shape[0]:
                    view = apply_part(part, view, factor)
                    continue
                changed = apply_part(part, view.index_select(0, selected), factor)
                if view is images:
                    view = images.clone()
                view.index_copy_(0, selected, changed)
        return view


def grayscale(images):
    return (images * LUMA).sum(1, keepdim=True)


def blend(image, other, factor):
    return ((image - other) * factor + other).clamp_(0.0, 1.0)


def apply_part(part, images, factor):
    f = factor.to(images.dtype).view(-1, 1, 1, 1)
    if part == 0:
        return (images * f).clamp_(0.0, 1.0)
    if part == 1:
        return blend(images, grayscale(images).mean([1, 2, 3], keepdim=True), f)
    if part == 2:
        return blend(images, grayscale(images), f)
    angle = factor * (2 * math.pi)
    cos, sin, one, zero = angle.cos(), angle.sin(), torch.ones_like(angle), torch.zeros_like(angle)
    rotation = torch.stack([one, zero, zero, zero, cos, -sin, zero, sin, cos], 1).view(-1, 3, 3)
    matrices = (torch.linalg.inv(RGB_TO_YIQ).matmul(rotation).matmul(RGB_TO_YIQ)).to(images.dtype)
    shape = images.shape
    return matrices.bmm(images.reshape(shape[0], 3, -1)).view(shape).clamp_(0.0, 1.0)


# ---- the cases ----

def train(settings):
    """The framework's full training step: gather uint8, to float, two views, backbone, projector, pairs, gate, loss, Adam."""
    spec = MODELS[settings.get("model", "small-cnn")]
    width = int(settings.get("width", 64))
    warmup, steps = int(settings.get("warmup", 3)), int(settings.get("steps", 20))
    total, b, size = warmup + steps, spec["batch"], spec["size"]
    augment = settings.get("augment", "simclr")
    generator = torch.Generator().manual_seed(1)
    backbone = spec["backbone"](width)
    head = projector(spec["features"](width), spec["hidden"], spec["out"])
    gate = FusedGate(spec["embed"], spec["gate_hidden"], spec["out"])
    for module in (backbone, head, gate):
        initialise(module, generator)
    parameters = [*backbone.parameters(), *head.parameters(), *gate.parameters()]
    optimizer = torch.optim.Adam(parameters, lr=1e-3, betas=(0.9, 0.999), eps=1e-8, weight_decay=5e-4)
    # The bench's synthetic set: (steps x batch / classes + 1) images per class, uint8, in memory.
    count = (total * b // CLASSES + 1) * CLASSES
    images = torch.randint(0, 256, (count, CHANNELS, size, size), dtype=torch.uint8, generator=generator)
    labels = torch.arange(count) % CLASSES
    order = torch.randperm(count, generator=generator)
    views = SimClrViews(generator) if augment == "simclr" else (lambda x: x)
    pending, marks, last_loss = [], [time.perf_counter()], float("nan")
    for step in range(total):
        for group in optimizer.param_groups:
            group["lr"] = 1e-3 * 0.5 * (1 + math.cos(math.pi * step / total))
        index = order[step * b:(step + 1) * b]
        batch = images.index_select(0, index).float().div_(255)
        y = labels.index_select(0, index)
        x = torch.cat([views(batch), views(batch)], 0)
        features = backbone(x)
        z1, z2 = head(features).chunk(2, 0)
        partners = y.index_select(0, torch.randperm(b, generator=generator))
        g = gate(y, partners)
        gc = g.clamp(1e-6, 1 - 1e-6)
        entropy = -(gc * gc.log() + (1 - gc) * (-gc).log1p()).mean()
        loss, diagnostics = multi_positive(z1, z2, g, y, partners)
        objective = loss + torch.zeros_like(entropy)
        optimizer.zero_grad()
        objective.backward()
        optimizer.step()
        terms = [objective, loss, torch.zeros_like(entropy), *diagnostics, g.detach().mean(), entropy.detach()]
        pending.append(torch.stack([t.detach().float().reshape(1) for t in terms]).reshape(-1))
        if len(pending) == 10 or step == total - 1:
            last_loss = float(torch.stack(pending)[-1, 0])
            pending.clear()
        marks.append(time.perf_counter())
    durations = sorted(marks[i + 1] - marks[i] for i in range(warmup, total))
    median = durations[len(durations) // 2] if len(durations) % 2 else (durations[len(durations) // 2 - 1] + durations[len(durations) // 2]) / 2
    mean = (marks[total] - marks[warmup]) / steps
    extra = {"final_loss": last_loss, "ms_per_step": 1000 * median, "ms_per_step_mean": 1000 * mean, "images_per_second_mean": b / mean,
             "steps": steps, "ms_per_step_min": 1000 * durations[0], "ms_per_step_max": 1000 * durations[-1]}
    return b / median, "images/s", extra


def features(settings):
    """The bench's random features (bench/SimLap.Bench/EvaluationCases.cs): a class mean plus noise, F = 512."""
    n_train, n_test = int(settings.get("train", 10000)), int(settings.get("test", 10000))
    g = torch.Generator().manual_seed(5)
    y_train = torch.randint(CLASSES, (n_train,), generator=g)
    y_test = torch.randint(CLASSES, (n_test,), generator=g)
    means = torch.randn(CLASSES, 512, generator=g)
    x_train = means.index_select(0, y_train) + torch.randn(n_train, 512, generator=g) * 3
    x_test = means.index_select(0, y_test) + torch.randn(n_test, 512, generator=g) * 3
    return x_train, y_train, x_test, y_test


def knn(settings, k=200, temperature=0.07, block=1024):
    """The knn evaluator: normalised features, top-k cosine neighbours voting exp(cos / T), in blocks of 1,024 queries."""
    x_train, y_train, x_test, y_test = features(settings)
    start = time.perf_counter()
    with torch.no_grad():
        train_n, test_n = F.normalize(x_train, dim=1), F.normalize(x_test, dim=1)
        k = min(k, train_n.shape[0])
        correct = 0
        for s in range(0, test_n.shape[0], block):
            similarity, index = test_n[s:s + block].matmul(train_n.t()).topk(k, dim=1)
            votes = torch.zeros(similarity.shape[0], CLASSES).scatter_add_(1, y_train[index], (similarity / temperature).exp())
            ranked = votes.topk(5, dim=1)[1] == y_test[s:s + block].unsqueeze(1)
            correct += int(ranked[:, 0].sum())
    return 1000 * (time.perf_counter() - start), "ms", {"train": x_train.shape[0], "test": x_test.shape[0], "top1": 100.0 * correct / x_test.shape[0]}


def train_adam(x, y, epochs, decay, generator, lr=0.01, batch=1024):
    n = x.shape[0]
    batch = max(1, min(batch, n))
    total = max(1, epochs * ((n + batch - 1) // batch))
    weight = torch.zeros(x.shape[1], CLASSES, requires_grad=True)
    bias = torch.zeros(CLASSES, requires_grad=True)
    optimizer = torch.optim.Adam([weight, bias], lr=lr)
    step = 0
    for _ in range(epochs):
        order = torch.randperm(n, generator=generator) if batch < n else None
        for s in range(0, n, batch):
            xb, yb = (x, y) if order is None else (x.index_select(0, order[s:s + batch]), y.index_select(0, order[s:s + batch]))
            for group in optimizer.param_groups:
                group["lr"] = lr * 0.5 * (1 + math.cos(math.pi * step / total))
            loss = F.cross_entropy(xb.matmul(weight) + bias, yb)
            if decay > 0:
                loss = loss + weight.square().sum() * (decay / 2)
            optimizer.zero_grad()
            loss.backward()
            optimizer.step()
            step += 1
    return weight.detach(), bias.detach()


def probe(settings, decays=(0.0, 1e-5, 1e-4, 1e-3)):
    """The linear-probe evaluator (solver adam): standardise, choose the decay on a 10% split, refit, score the test set."""
    x_train, y_train, x_test, y_test = features(settings)
    epochs = int(settings.get("epochs", 100))
    start = time.perf_counter()
    g = torch.Generator().manual_seed(1)
    mean, std = x_train.mean(0), x_train.std(0, unbiased=False)
    std = torch.where(std > 1e-8, std, torch.ones_like(std))
    x = (x_train - mean) / std
    n = x.shape[0]
    held = round(n * 0.1)
    permutation = torch.randperm(n, generator=g)
    xv, yv, xt, yt = x[permutation[:held]], y_train[permutation[:held]], x[permutation[held:]], y_train[permutation[held:]]
    best, chosen = float("-inf"), decays[0]
    for decay in sorted(decays):
        w, b = train_adam(xt, yt, epochs, decay, g)
        accuracy = float(((xv.matmul(w) + b).argmax(1) == yv).float().mean())
        if accuracy >= best:
            best, chosen = accuracy, decay
    w, b = train_adam(x, y_train, epochs, chosen, g)
    top1 = float(((((x_test - mean) / std).matmul(w) + b).argmax(1) == y_test).float().mean()) * 100
    return 1000 * (time.perf_counter() - start), "ms", {"train": n, "test": x_test.shape[0], "top1": top1, "weight_decay": chosen}


def peak_rss_mib():
    with open("/proc/self/status") as status:
        for line in status:
            if line.startswith("VmHWM:"):
                return int(line.split()[1]) / 1024
    return float("nan")


def libraries():
    """The BLAS and oneDNN this torch uses: its build config, and the shared libraries mapped into the process."""
    torch.ones(64, 64).matmul(torch.ones(64, 64))
    with open("/proc/self/maps") as maps:
        mapped = sorted({os.path.realpath(line.split()[-1]) for line in maps if any(s in line for s in ("blas", "mkl", "dnnl", "lapack", "gomp", "omp"))})
    config = torch.__config__.show()
    blas = next((part.split("=")[1] for part in config.replace(",", "\n").split("\n") if "BLAS_INFO" in part), "?")
    onednn = next((line.strip(" -") for line in config.splitlines() if "MKL-DNN" in line or "oneDNN" in line), "none")
    return {"torch": torch.__version__, "blas_info": blas, "onednn": onednn, "mkldnn_available": torch.backends.mkldnn.is_available(),
            "mkl_available": torch.backends.mkl.is_available(), "threads": torch.get_num_threads(), "mapped_libraries": mapped,
            "config": config, "parallel_info": torch.__config__.parallel_info()}


def main():
    if len(sys.argv) < 2:
        print(__doc__, file=sys.stderr)
        return 2
    name = sys.argv[1]
    if name == "info":
        print("BENCH-INFO " + json.dumps(libraries()))
        return 0
    # The framework's threads: 0 = every core (OMP_NUM_THREADS when set), as DeviceSelection.ConfigureCpuRuntime(0).
    torch.set_num_threads(int(os.environ.get("OMP_NUM_THREADS") or os.cpu_count()))
    cases = {"train": train, "knn": knn, "probe": probe}
    if name not in cases:
        print(f"unknown case '{name}' (info, train, knn, probe)", file=sys.stderr)
        return 2
    value, unit, extra = cases[name](SETTINGS)
    extra["malloc_tuned"] = 1.0 if TUNED else 0.0
    case = "pytorch-" + name + " " + " ".join(f"{k}={v}" for k, v in sorted(SETTINGS.items()))
    result = {"case": case.strip(), "value": value, "unit": unit, "peak_rss_mib": peak_rss_mib(), "device": "cpu", "threads": torch.get_num_threads(), "extra": extra}
    print("BENCH-RESULT " + json.dumps(result), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
