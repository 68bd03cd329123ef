using Microsoft.CodeAnalysis;
using Microsoft.CodeAnalysis.CSharp;
using Microsoft.CodeAnalysis.CSharp.Syntax;

namespace SimLap.Engine.Tests.Architecture;

/// <summary>
/// The shape docs/architecture.md promises: short members, shallow nesting, no downcast from an interface to a
/// concrete store or tracker. Each failure lists every offending place, so a change sees all it broke at once.
/// </summary>
public sealed class CodeShapeTests
{
    private const int MaxMemberLines = 60;
    private const int MaxNesting = 4;

    [Fact]
    public void NoMemberIsLongerThanSixtyLines()
    {
        var offenders = SourceTree.Files
            .SelectMany(t => Members(t).Select(m => (Tree: t, Member: m, SourceTree.Span(m).Lines)))
            .Where(x => x.Lines > MaxMemberLines)
            .Select(x => $"{Where(x.Tree, x.Member)} {Name(x.Member)}: {x.Lines} lines")
            .ToList();

        Assert.True(offenders.Count == 0, $"{offenders.Count} members over {MaxMemberLines} lines:\n{string.Join('\n', offenders)}");
    }

    [Fact]
    public void NoMemberNestsDeeperThanFour()
    {
        var offenders = SourceTree.Files
            .SelectMany(t => Members(t).Select(m => (Tree: t, Member: m, Depth: Nesting(m))))
            .Where(x => x.Depth > MaxNesting)
            .Select(x => $"{Where(x.Tree, x.Member)} {Name(x.Member)}: nesting {x.Depth}")
            .ToList();

        Assert.True(offenders.Count == 0, $"{offenders.Count} members nest deeper than {MaxNesting}:\n{string.Join('\n', offenders)}");
    }

    [Fact]
    public void NothingDowncastsToAConcreteStoreOrTracker()
    {
        var concrete = SourceTree.Files
            .Where(IsTracking)
            .SelectMany(t => t.GetRoot().DescendantNodes().OfType<ClassDeclarationSyntax>())
            .Select(c => c.Identifier.Text)
            .ToHashSet(StringComparer.Ordinal);
        var offenders = SourceTree.Files
            .Where(t => !IsTracking(t))
            .SelectMany(t => Downcasts(t).Where(d => concrete.Contains(d.Type)).Select(d => $"{Where(t, d.Node)} to {d.Type}"))
            .ToList();

        Assert.True(concrete.Count > 10, $"found only {concrete.Count} tracking classes: is the tracking folder where this test looks?");
        Assert.True(offenders.Count == 0, $"{offenders.Count} downcasts to a concrete tracking type:\n{string.Join('\n', offenders)}");
    }

    /// <summary>The members whose bodies are measured: methods, constructors, accessors, operators, local functions and lambdas.</summary>
    private static IEnumerable<SyntaxNode> Members(SyntaxTree tree) =>
        tree.GetRoot().DescendantNodes().Where(n => n is BaseMethodDeclarationSyntax or AccessorDeclarationSyntax
            or LocalFunctionStatementSyntax or AnonymousFunctionExpressionSyntax
            || (n is PropertyDeclarationSyntax p && p.ExpressionBody is not null));

    /// <summary>How many braces deep the member's code goes below its own body (an if inside the body is 1).</summary>
    private static int Nesting(SyntaxNode member)
    {
        var deepest = 0;
        foreach (var open in member.DescendantTokens().Where(t => t.IsKind(SyntaxKind.OpenBraceToken)))
        {
            var depth = open.Parent!.AncestorsAndSelf().TakeWhile(a => a != member)
                .Count(a => a.ChildTokens().Any(t => t.IsKind(SyntaxKind.OpenBraceToken)) && a is not InterpolationSyntax);
            deepest = Math.Max(deepest, depth);
        }

        return Math.Max(0, deepest - (HasOwnBraces(member) ? 1 : 0));
    }

    private static bool HasOwnBraces(SyntaxNode member) => member switch
    {
        BaseMethodDeclarationSyntax m => m.Body is not null,
        AccessorDeclarationSyntax a => a.Body is not null,
        LocalFunctionStatementSyntax l => l.Body is not null,
        AnonymousFunctionExpressionSyntax f => f.Block is not null,
        _ => false,
    };

    private static IEnumerable<(SyntaxNode Node, string Type)> Downcasts(SyntaxTree tree)
    {
        foreach (var node in tree.GetRoot().DescendantNodes())
        {
            var type = node switch
            {
                BinaryExpressionSyntax b when b.IsKind(SyntaxKind.AsExpression) || b.IsKind(SyntaxKind.IsExpression) => b.Right,
                CastExpressionSyntax c => c.Type,
                DeclarationPatternSyntax d => d.Type,
                TypePatternSyntax p => p.Type,
                _ => null,
            };
            if (type is not null)
            {
                yield return (node, LastName(type));
            }
        }
    }

    private static string LastName(SyntaxNode type) => type switch
    {
        QualifiedNameSyntax q => q.Right.Identifier.Text,
        SimpleNameSyntax s => s.Identifier.Text,
        NullableTypeSyntax n => LastName(n.ElementType),
        _ => type.ToString(),
    };

    private static bool IsTracking(SyntaxTree tree) => SourceTree.Relative(tree).Contains("/Tracking/", StringComparison.Ordinal)
        || SourceTree.Relative(tree).Contains("SimLap.Tracking/", StringComparison.Ordinal);

    private static string Where(SyntaxTree tree, SyntaxNode node) => $"{SourceTree.Relative(tree)}:{SourceTree.Span(node).Line}";

    private static string Name(SyntaxNode member) => member switch
    {
        MethodDeclarationSyntax m => m.Identifier.Text,
        ConstructorDeclarationSyntax c => c.Identifier.Text + "()",
        LocalFunctionStatementSyntax l => l.Identifier.Text,
        AccessorDeclarationSyntax a => $"{(a.Parent?.Parent as PropertyDeclarationSyntax)?.Identifier.Text}.{a.Keyword.Text}",
        PropertyDeclarationSyntax p => p.Identifier.Text,
        AnonymousFunctionExpressionSyntax => "lambda",
        _ => member.Kind().ToString(),
    };
}
