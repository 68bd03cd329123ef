using System.Text.RegularExpressions;
using SimLap.Engine.Tests.TestSupport;

namespace SimLap.Engine.Tests.Architecture;

/// <summary>One naming style for tests: a test method's name is a PascalCase sentence saying what it shows.</summary>
public sealed partial class TestNamingTests
{
    [Fact]
    public void EveryTestMethodIsAPascalCaseSentenceWithoutUnderscores()
    {
        var tests = Path.Combine(RealPlugins.RepositoryRoot, "tests");
        var offenders = Directory.EnumerateFiles(tests, "*.cs", SearchOption.AllDirectories)
            .Where(f => !f.Split(Path.DirectorySeparatorChar).Any(p => p is "bin" or "obj"))
            .SelectMany(f => TestMethod().Matches(File.ReadAllText(f)).Select(m => (File: f, Name: m.Groups["name"].Value)))
            .Where(t => t.Name.Contains('_', StringComparison.Ordinal) || !char.IsUpper(t.Name[0]))
            .Select(t => $"{Path.GetRelativePath(tests, t.File)}: {t.Name}")
            .ToList();

        Assert.True(offenders.Count == 0, $"{offenders.Count} test methods are not PascalCase sentences:\n{string.Join('\n', offenders)}");
    }

    [Fact]
    public void TheNameCheckFindsTheTestsOfThisFile()
    {
        var names = TestMethod().Matches(File.ReadAllText(Path.Combine(RealPlugins.RepositoryRoot, "tests", "SimLap.Engine.Tests", "Architecture", "TestNamingTests.cs")))
            .Select(m => m.Groups["name"].Value);

        Assert.Equal([nameof(EveryTestMethodIsAPascalCaseSentenceWithoutUnderscores), nameof(TheNameCheckFindsTheTestsOfThisFile)], names);
    }

    // An xunit attribute ([Fact], [Theory], [ClusterSlurmFact], ...), any further attributes, then the method.
    [GeneratedRegex(@"^\s*\[(?:Fact|Theory|ClusterSlurmFact)\b[^\n]*\n(?:\s*\[[^\n]*\n)*\s*public (?:async Task|void) (?<name>\w+)\(", RegexOptions.Multiline)]
    private static partial Regex TestMethod();
}
