using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using SimLap.Engine.Tests.TestSupport;

namespace SimLap.Engine.Tests.Architecture;

/// <summary>The product's C# sources (not tests, not generated code), parsed once for the code-shape tests.</summary>
public static class SourceTree
{
    /// <summary>The folders, relative to the repository root, that hold product code.</summary>
    public static readonly string[] ProductFolders = ["contracts", "host", "libs", "plugins/SimLap.Plugins.Core", "plugins/SimLap.Plugins.Vit", "bench"];

    private static readonly Lazy<IReadOnlyList<SyntaxTree>> Parsed = new(Parse, LazyThreadSafetyMode.ExecutionAndPublication);

    /// <summary>Every product source file, parsed.</summary>
    public static IReadOnlyList<SyntaxTree> Files => Parsed.Value;

    /// <summary>A file's path relative to the repository root, with forward slashes.</summary>
    public static string Relative(SyntaxTree tree) =>
        Path.GetRelativePath(RealPlugins.RepositoryRoot, tree.FilePath).Replace(Path.DirectorySeparatorChar, '/');

    /// <summary>The 1-based line a node starts on and how many lines it spans.</summary>
    public static (int Line, int Lines) Span(SyntaxNode node)
    {
        var span = node.GetLocation().GetLineSpan();
        return (span.StartLinePosition.Line + 1, span.EndLinePosition.Line - span.StartLinePosition.Line + 1);
    }

    private static List<SyntaxTree> Parse()
    {
        var options = new CSharpParseOptions(LanguageVersion.Preview);
        return ProductFolders
            .Select(f => Path.Combine(RealPlugins.RepositoryRoot, f))
            .Where(Directory.Exists)
            .SelectMany(f => Directory.EnumerateFiles(f, "*.cs", SearchOption.AllDirectories))
            .Where(IsProductSource)
            .Order(StringComparer.Ordinal)
            .Select(path => CSharpSyntaxTree.ParseText(File.ReadAllText(path), options, path))
            .ToList();
    }

    private static bool IsProductSource(string path)
    {
        var parts = path.Split(Path.DirectorySeparatorChar);
        // The plugin template's generator is C# around the text of generated files, which is not code to measure.
        return !parts.Contains("bin") && !parts.Contains("obj") && !path.EndsWith("Templates.cs", StringComparison.Ordinal);
    }
}
