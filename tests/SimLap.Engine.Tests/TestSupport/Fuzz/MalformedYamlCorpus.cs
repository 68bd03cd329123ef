using System.Text;

namespace SimLap.Engine.Tests.Fuzz;

/// <summary>Hand-made hostile experiment files: each is a name and the bytes of <c>case.yaml</c> (which may extend the shipped quickstart).</summary>
internal static class MalformedYamlCorpus
{
    /// <summary>A line that makes a file a complete experiment, so errors further in are reached.</summary>
    public const string Quickstart = "extends: QUICKSTART\n";

    /// <summary>Every case.</summary>
    public static IEnumerable<(string Name, byte[] Bytes)> Cases()
    {
        yield return ("billion laughs", Text(Laughs()));
        yield return ("billion laughs in a mapping", Text(Laughs().Replace("[", "{k0: ").Replace(", *", ", k1: *").Replace("]", "}")));
        yield return ("deep flow lists", Text("x: " + Repeat("[", 40_000) + Repeat("]", 40_000)));
        yield return ("deep flow mappings", Text("x: " + Repeat("{a: ", 10_000) + "1" + Repeat("}", 10_000)));
        yield return ("deep block mappings", Text(string.Concat(Enumerable.Range(0, 300).Select(i => new string(' ', i) + "k:\n"))));
        yield return ("deep block lists", Text(string.Concat(Enumerable.Range(0, 300).Select(i => new string(' ', 2 * i) + "- \n")) + "x"));
        yield return ("tab indentation", Text(Quickstart + "train:\n\tepochs: 2\n"));
        yield return ("tab after spaces", Text(Quickstart + "train:\n  epochs: 2\n \tbatch_size: 3\n"));
        yield return ("tab as the first character", Text("\tname: x\n"));
        yield return ("merge key", Text(Quickstart + "x-d: &d {epochs: 1, batch_size: 16}\ntrain:\n  <<: *d\n"));
        yield return ("merge key with a typo", Text(Quickstart + "x-d: &d {epochs: 1, batch_sise: 16}\ntrain:\n  <<: *d\n"));
        yield return ("merge key on a scalar", Text(Quickstart + "train:\n  <<: 5\n"));
        yield return ("merge key on a list of scalars", Text(Quickstart + "train:\n  <<: [1, 2]\n"));
        yield return ("merge key at top level", Text(Quickstart + "<<: {seed: 3}\n"));
        yield return ("quoted merge key", Text(Quickstart + "train:\n  '<<': {epochs: 1}\n"));
        yield return ("undefined alias", Text(Quickstart + "seed: *nowhere\n"));
        yield return ("self-referencing anchor", Text(Quickstart + "x-a: &a [*a]\n"));
        yield return ("alias as a key", Text(Quickstart + "x-k: &k seed\n*k : 3\n"));
        yield return ("complex key", Text(Quickstart + "? [a, b]\n: 1\n"));
        yield return ("huge scalar", Text(Quickstart + "name: " + Repeat("x", 900_000) + "\n"));
        yield return ("huge key", Text(Quickstart + Repeat("k", 500_000) + ": 1\n"));
        yield return ("over a mebibyte", Text("# " + Repeat("x", (1 << 20) + 10) + "\n"));
        yield return ("many keys", Text(Quickstart + string.Concat(Enumerable.Range(0, 30_000).Select(i => $"k{i}: {i}\n"))));
        yield return ("long list option", Text(Quickstart + "backbone:\n  widths: [" + string.Join(", ", Enumerable.Repeat("8", 5000)) + "]\n"));
        yield return ("thousands of evaluators", Text(Quickstart + "eval: [" + string.Join(", ", Enumerable.Repeat("{type: knn}", 3000)) + "]\n"));
        yield return ("long text option", Text(Quickstart + "tracking:\n  run_name: " + Repeat("r", 7000) + "\n"));
        yield return ("invalid UTF-8", [.. Encoding.UTF8.GetBytes(Quickstart + "name: "), 0xFF, 0xFE, 0x41, (byte)'\n']);
        yield return ("truncated UTF-8 sequence", [.. Encoding.UTF8.GetBytes("name: "), 0xE4, 0xB8]);
        yield return ("UTF-16 file", Encoding.Unicode.GetPreamble().Concat(Encoding.Unicode.GetBytes("name: x\n")).ToArray());
        yield return ("UTF-8 BOM", Encoding.UTF8.GetPreamble().Concat(Text(Quickstart + "seed: 3\n")).ToArray());
        yield return ("NUL byte", Text(Quickstart + "name: a\0b\n"));
        yield return ("NUL bytes only", new byte[4096]);
        yield return ("control characters", Text(Quickstart + "name: a\u0001\u0002\u001b[31mred\n"));
        yield return ("duplicate top-level key", Text(Quickstart + "seed: 1\nseed: 2\n"));
        yield return ("duplicate nested key", Text(Quickstart + "train: {epochs: 1, epochs: 2}\n"));
        yield return ("two documents", Text(Quickstart + "---\nseed: 2\n"));
        yield return ("empty file", []);
        yield return ("only a comment", Text("# nothing\n"));
        yield return ("a list at the top", Text("- a\n- b\n"));
        yield return ("a scalar at the top", Text("hello\n"));
        yield return ("directives", Text("%YAML 1.1\n%TAG ! tag:x,2000:\n---\nname: x\n"));
        yield return ("unknown tag", Text(Quickstart + "seed: !!python/object:os.system 1\n"));
        yield return ("binary tag", Text(Quickstart + "name: !!binary aGVsbG8=\n"));
        yield return ("unclosed quote", Text(Quickstart + "name: 'x\n"));
        yield return ("unclosed flow list", Text(Quickstart + "eval: [{type: knn\n"));
        yield return ("null key", Text(Quickstart + "~: 1\n"));
        yield return ("empty key", Text(Quickstart + ": 1\n"));
        yield return ("wrong type: section is a scalar", Text(Quickstart + "train: 5\n"));
        yield return ("wrong type: section is a list", Text(Quickstart + "data: [1, 2]\n"));
        yield return ("wrong type: number is a list", Text(Quickstart + "train: {epochs: [1]}\n"));
        yield return ("wrong type: number is a map", Text(Quickstart + "seed: {a: 1}\n"));
        yield return ("wrong type: bool is a word", Text(Quickstart + "train: {online_probe: maybe}\n"));
        yield return ("wrong type: enum", Text(Quickstart + "train: {optimizer: {type: adamm}}\n"));
        yield return ("wrong type: type is a list", Text(Quickstart + "loss: {type: [a]}\n"));
        yield return ("wrong type: eval is a string", Text(Quickstart + "eval: knn\n"));
        yield return ("number out of range", Text(Quickstart + "train: {epochs: 99999999999999999999}\n"));
        yield return ("negative epochs", Text(Quickstart + "train: {epochs: -1}\n"));
        yield return ("NaN learning rate", Text(Quickstart + "train: {optimizer: {lr: .nan}}\n"));
        yield return ("infinite learning rate", Text(Quickstart + "train: {optimizer: {lr: .inf}}\n"));
        yield return ("unknown device", Text(Quickstart + "device: tpu\n"));
        yield return ("missing CUDA device", Text(Quickstart + "device: cuda:99\n"));
        yield return ("ftp tracking URI", Text(Quickstart + "tracking: {uri: 'ftp://host/x'}\n"));
        yield return ("bad http tracking URI", Text(Quickstart + "tracking: {uri: 'http://'}\n"));
        yield return ("plugins is a number", Text(Quickstart + "plugins: 3\n"));
        yield return ("plugin pin is malformed", Text(Quickstart + "plugins:\n  pins: {SimLap.Plugins.Core: nothex}\n"));
        yield return ("sweep: zero random trials", Text(Quickstart + "sweep:\n  random: {n: 0, params: {seed: [1]}}\n"));
        yield return ("sweep: empty seeds", Text(Quickstart + "sweep:\n  seeds: []\n"));
        yield return ("sweep: empty zip", Text(Quickstart + "sweep:\n  zip: {}\n"));
        yield return ("sweep: huge grid", Text(Quickstart + "sweep:\n  grid:\n" + string.Concat(Enumerable.Range(0, 10).Select(i => $"    k{i}: [1, 2, 3, 4, 5]\n"))));
        yield return ("sweep: huge random n", Text(Quickstart + "sweep:\n  random: {n: 2000000000, params: {seed: [1]}}\n"));
        yield return ("sweep: grid key into a scalar", Text(Quickstart + "sweep:\n  grid: {seed.x: [1, 2]}\n"));
        yield return ("sweep: grid key into a list", Text(Quickstart + "sweep:\n  grid: {eval.x.k: [1, 2]}\n"));
        yield return ("sweep: bad range", Text(Quickstart + "sweep:\n  random: {n: 2, params: {loss.temperature: {low: 1, high: 0}}}\n"));
        yield return ("extends: itself", Text("extends: case.yaml\n"));
        yield return ("extends: a directory", Text("extends: .\n"));
        yield return ("extends: missing", Text("extends: nowhere.yaml\n"));
        yield return ("extends: a number", Text("extends: 3\n"));
        yield return ("extends: a mapping", Text("extends: {a: b}\n"));
        yield return ("extends: a list of lists", Text("extends: [[a]]\n"));
        yield return ("extends: NUL in the path", Text("extends: \"a\\0b.yaml\"\n"));
        yield return ("extends: empty", Text("extends: ''\n"));
        yield return ("extends: /dev/zero", Text("extends: /dev/zero\n"));
        yield return ("extends: a diamond 2^12 wide", Text("extends: fan/d0.yaml\n"));
    }

    /// <summary>Files beside case.yaml that cases extend: fan/d0 extends d1 twice, d1 extends d2 twice, ... (2^12 paths).</summary>
    public static IEnumerable<(string Path, string Text)> Parents() =>
        Enumerable.Range(0, 12).Select(i => ($"fan/d{i}.yaml", $"extends: [d{i + 1}.yaml, d{i + 1}.yaml]\n"))
            .Append(("fan/d12.yaml", "seed: 1\n"));

    private static byte[] Text(string text) => Encoding.UTF8.GetBytes(text);

    private static string Repeat(string text, int times) => string.Concat(Enumerable.Repeat(text, times));

    private static string Laughs()
    {
        var text = new StringBuilder("x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        foreach (var (name, previous) in "bcdefghij".Zip("abcdefghi"))
        {
            text.Append($"x-{name}: &{name} [{string.Join(", ", Enumerable.Repeat($"*{previous}", 9))}]\n");
        }

        return text.ToString();
    }
}
