namespace SimLap.Engine.Running;

/// <summary>Reads the current git commit of a folder from the .git directory (no git executable needed).</summary>
public static class GitInfo
{
    /// <summary>The commit hash checked out in the repository containing <paramref name="folder"/>, or null.</summary>
    public static string? Commit(string folder)
    {
        for (var dir = new DirectoryInfo(folder); dir is not null; dir = dir.Parent)
        {
            var git = Path.Combine(dir.FullName, ".git");
            if (!Directory.Exists(git))
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
            var loose = Path.Combine(git, reference);
            if (File.Exists(loose))
            {
                return File.ReadAllText(loose).Trim();
            }

            var packed = Path.Combine(git, "packed-refs");
            return File.Exists(packed)
                ? File.ReadLines(packed).Select(l => l.Split(' ')).FirstOrDefault(p => p.Length == 2 && p[1] == reference)?[0]
                : null;
        }

        return null;
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
