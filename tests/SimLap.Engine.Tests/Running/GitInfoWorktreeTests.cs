using SimLap.Engine.Running;
using SimLap.Engine.Tests.TestSupport;

namespace SimLap.Engine.Tests.Running;

/// <summary>The commit of a linked worktree, whose .git is a file naming its git directory.</summary>
public sealed class GitInfoWorktreeTests : IDisposable
{
    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    [Fact]
    public void ALinkedWorktreeReadsItsBranchFromTheCommonGitDirectory()
    {
        var common = Directory.CreateDirectory(folder.Combine("repo", ".git")).FullName;
        var linked = Directory.CreateDirectory(Path.Combine(common, "worktrees", "wt")).FullName;
        Directory.CreateDirectory(Path.Combine(common, "refs", "heads"));
        File.WriteAllText(Path.Combine(common, "refs", "heads", "topic"), "0123456789abcdef0123456789abcdef01234567\n");
        File.WriteAllText(Path.Combine(linked, "HEAD"), "ref: refs/heads/topic\n");
        File.WriteAllText(Path.Combine(linked, "commondir"), "../..\n");
        var worktree = Directory.CreateDirectory(folder.Combine("wt", "experiments")).Parent!.FullName;
        File.WriteAllText(Path.Combine(worktree, ".git"), $"gitdir: {linked}\n");

        Assert.Equal("0123456789abcdef0123456789abcdef01234567", GitInfo.Commit(Path.Combine(worktree, "experiments")));
    }
}
