using System.Text;
using System.Text.RegularExpressions;

namespace SimLap.Host.Tests.Fuzz;

/// <summary>
/// Hostile command lines and experiment files through the real CLI as a child process, bounded in time and memory
/// (a 1 GiB managed heap): each ends in exit 0 or 2 with at most one clean error, never a crash, a stack trace or a
/// .NET type name.
/// </summary>
public sealed partial class CliFuzzTests
{
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Argument lists; FILE is the tiny experiment, HOSTILE:NAME a hostile file written by <see cref="HostileFile"/>.</summary>
    public static TheoryData<string[]> Cases() => new(
        ["frobnicate", "FILE"],
        ["runn", "FILE"],
        ["valdate", "FILE"],
        ["new", "plugn", "X"],
        ["run", "FILE", "--tracking-ur", "DIR"],
        ["run", "FILE", "--sett", "train.epochs=2"],
        ["run", "FILE", "--trial", "abc"],
        ["run", "FILE", "--trial", "-1"],
        ["run", "FILE", "--trial", "99999999999999999999"],
        ["run", "FILE", "--set"],
        ["run", "FILE", "--set", "=3"],
        ["run", "FILE", "--set", "train.epochs=abc"],
        ["run"],
        ["validate"],
        ["validate", "FILE", "extra", "args"],
        ["validate", "FILE", "--set", "device=cuda:99"],
        ["validate", "FILE", "--tracking-uri", "ftp://host/x"],
        ["validate", "FILE", "--set", "tracking.uri=http://"],
        ["validate", "FILE", "--set", "train.epochs=[[[[[[[[1]]]]]]]]"],
        ["compare", "--experimnt", "x"],
        ["compare", "--experiment"],
        ["export", "no-such-run"],
        ["export", "FILE"],
        ["describe", "no-such-component"],
        ["--version"],
        ["-x"],
        ["validate", "HOSTILE:laughs"],
        ["run", "HOSTILE:laughs"],
        ["validate", "HOSTILE:deep-flow"],
        ["validate", "HOSTILE:tab"],
        ["validate", "HOSTILE:merge"],
        ["validate", "HOSTILE:zero-trials"],
        ["run", "HOSTILE:zero-trials"],
        ["validate", "HOSTILE:long-list"],
        ["validate", "HOSTILE:bad-utf8"],
        ["validate", "HOSTILE:directory-parent"],
        ["validate", "HOSTILE:huge"]);

    [Theory]
    [MemberData(nameof(Cases))]
    public void AHostileCommandLineEndsInACleanExit(string[] template)
    {
        using var workspace = new TestWorkspace();
        var args = template.Select(a => a switch
        {
            "FILE" => workspace.WriteTinyExperiment(),
            "DIR" => workspace.Combine("elsewhere"),
            _ when a.StartsWith("HOSTILE:", StringComparison.Ordinal) => HostileFile(workspace, a["HOSTILE:".Length..]),
            _ => a,
        }).ToArray();

        var result = CliRunner.Run(workspace.Path, args, BoundedMemory, CaseTimeout);

        AssertClean(result);
        Assert.False(Directory.Exists(workspace.MlrunsPath) && template[0] == "run" && result.ExitCode != 0, $"a refused run created ./mlruns{Environment.NewLine}{result}");
    }

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    [InlineData(4)]
    [InlineData(5)]
    [InlineData(6)]
    [InlineData(7)]
    [InlineData(8)]
    public void ARandomlyBrokenCopyOfTheQuickstartValidatesOrFailsCleanly(int seed)
    {
        using var workspace = new TestWorkspace();
        var quickstart = File.ReadAllText(Path.Combine(CliRunner.ExperimentsDirectory, "quickstart.yaml"));
        var text = Mutate(quickstart, new Random(seed)).Replace("extends: [", $"extends: [{CliRunner.ExperimentsDirectory}/", StringComparison.Ordinal);
        var file = workspace.Write("broken.yaml", text.Replace(", base/", $", {CliRunner.ExperimentsDirectory}/base/", StringComparison.Ordinal));

        var result = CliRunner.Run(workspace.Path, ["validate", file], BoundedMemory, CaseTimeout);

        AssertClean(result);
    }

    /// <summary>The child's managed heap is capped, so a runaway allocation fails the case instead of swapping the machine.</summary>
    private static Dictionary<string, string?> BoundedMemory => new() { ["DOTNET_GCHeapHardLimit"] = "0x40000000" };

    private static void AssertClean(CliResult result)
    {
        Assert.True(result.ExitCode is 0 or 2, $"exit code {result.ExitCode}, expected 0 or 2{Environment.NewLine}{result}");
        CliAssert.NoStackTrace(result);
        Assert.False(TypeName().IsMatch(result.StandardError), $"stderr names a .NET type{Environment.NewLine}{result}");
        if (result.ExitCode == 2)
        {
            Assert.StartsWith("error: ", result.StandardError, StringComparison.Ordinal);
            CliAssert.SingleError(result);
        }
    }

    private static string HostileFile(TestWorkspace workspace, string name)
    {
        var parent = $"extends: {Path.Combine(CliRunner.ExperimentsDirectory, "quickstart.yaml")}\n";
        var text = name switch
        {
            "laughs" => Laughs(),
            "deep-flow" => "x: " + new string('[', 40_000) + new string(']', 40_000) + "\n",
            "tab" => parent + "train:\n  epochs: 1\n\tbatch_size: 4\n",
            "merge" => parent + "x-d: &d {epochs: 1, batch_sise: 16}\ntrain:\n  <<: *d\n",
            "zero-trials" => parent + "sweep:\n  random: {n: 0, params: {seed: [1, 2]}}\n",
            "long-list" => parent + "backbone:\n  widths: [" + string.Join(", ", Enumerable.Repeat("8", 3000)) + "]\n",
            "directory-parent" => $"extends: {CliRunner.ExperimentsDirectory}\n",
            "huge" => "# " + new string('x', 3 << 20) + "\n",
            _ => "",
        };
        var path = workspace.Combine(name + ".yaml");
        File.WriteAllBytes(path, name == "bad-utf8" ? [.. Encoding.UTF8.GetBytes(parent + "name: "), 0xC0, 0xAF, (byte)'\n'] : Encoding.UTF8.GetBytes(text));
        return path;
    }

    private static string Laughs()
    {
        var text = new StringBuilder("x-a: &a [lol, lol, lol, lol, lol, lol, lol, lol, lol]\n");
        foreach (var (name, previous) in "bcdefghij".Zip("abcdefghi"))
        {
            text.Append($"x-{name}: &{name} [{string.Join(", ", Enumerable.Repeat($"*{previous}", 9))}]\n");
        }

        return text.ToString();
    }

    /// <summary>Two edits: a character from YAML's syntax inserted, and a line duplicated, dropped or re-indented.</summary>
    private static string Mutate(string text, Random random)
    {
        string[] syntax = [":", "[", "{", "&", "*", "\t", "'", "- ", "<<: "];
        text = text.Insert(random.Next(text.Length), syntax[random.Next(syntax.Length)]);
        var lines = text.Split('\n').ToList();
        var line = random.Next(lines.Count);
        switch (random.Next(3))
        {
            case 0:
                lines.Insert(line, lines[line]);
                break;
            case 1:
                lines.RemoveAt(line);
                break;
            default:
                lines[line] = "   " + lines[line];
                break;
        }

        return string.Join('\n', lines);
    }

    [GeneratedRegex(@"\b(System\.[A-Z]\w+|[A-Z]\w*Exception\b|\w+`\d)")]
    private static partial Regex TypeName();
}
