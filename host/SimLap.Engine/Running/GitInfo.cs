namespace SimLap.Engine.Running;

/// <summary>Reads the current git commit of a folder from the .git directory (no git executable needed).</summary>
public static class GitInfo
{
    /// <summary>The commit hash checked out in the repository containing <paramref name="folder"/>, or null.</summary>
    public static string? Commit(string folder)
    {
        for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
        {
            var git = GitDirectory(Path.Combine(dir.FullName, ".git"));
            if (git is null)
            {
                continue;
            }

            var head = Path.Combine(git, "HEAD");
            if (!File.Exists(head))
            {
                return null;
            }

            var text = File.ReadAllText(head).Trim();
            if (!text.StartsWith("ref: ", StringComparison.Ordinal))
            {
                return text;
            }

            var reference = text[5..];

            // A linked worktree keeps its HEAD in its own git directory and the branches in the common one.
            var common = File.Exists(Path.Combine(git, "commondir")) ? Path.GetFullPath(Path.Combine(git, File.ReadAllText(Path.Combine(git, "commondir")).Trim())) : git;
            foreach (var candidate in new[] { Path.Combine(git, reference), Path.Combine(common, reference) })
            {
                if (File.Exists(candidate))
                {
                    return File.ReadAllText(candidate).Trim();
                }
            }

            var packed = Path.Combine(common, "packed-refs");
            return File.Exists(packed)
                ? File.ReadLines(packed).Select(l => l.Split(' ')).FirstOrDefault(p => p.Length == 2 && p[1] == reference)?[0]
                : null;
        }

        return null;
    }

    /// <summary>The git directory <paramref name="dotGit"/> names: the folder itself, or a linked worktree's <c>gitdir:</c> file's target.</summary>
    private static string? GitDirectory(string dotGit)
    {
        if (Directory.Exists(dotGit))
        {
            return dotGit;
        }

        if (!File.Exists(dotGit))
        {
            return null;
        }

        var line = File.ReadLines(dotGit).FirstOrDefault()?.Trim();
        return line is not null && line.StartsWith("gitdir: ", StringComparison.Ordinal)
            ? Path.GetFullPath(Path.Combine(Path.GetDirectoryName(dotGit)!, line["gitdir: ".Length..]))
            : null;
    }

    /// <summary>"true" when the work tree has uncommitted changes, "false" when clean, null when git is not available.</summary>
    public static string? Dirty(string folder)
    {
        try
        {
            using var git = System.Diagnostics.Process.Start(new System.Diagnostics.ProcessStartInfo("git", ["-C", folder, "status", "--porcelain", "--untracked-files=no"])
            {
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
            });
            if (git is null)
            {
                return null;
            }

            var output = git.StandardOutput.ReadToEnd();
            git.StandardError.ReadToEnd();
            return git.WaitForExit(10_000) && git.ExitCode == 0 ? (output.Trim().Length > 0 ? "true" : "false") : null;
        }
        catch (System.ComponentModel.Win32Exception)
        {
            return null;
        }
    }
}
