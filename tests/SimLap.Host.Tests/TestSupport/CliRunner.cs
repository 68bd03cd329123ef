using System.Diagnostics;
using System.Text;
using Xunit.Sdk;

namespace SimLap.Host.Tests;

/// <summary>
/// Runs the real <c>simlap</c> CLI built by the solution (<c>dotnet host/SimLap.Host/bin/&lt;Configuration&gt;/net10.0/simlap.dll</c>)
/// as a child process, in a working directory of the test's choosing, with MLFLOW_TRACKING_URI and SIMLAP_PLUGIN_PATH
/// removed from its environment and XDG_DATA_HOME (the checkpoint home's parent) and XDG_CACHE_HOME inside the working directory, unless
/// the test sets them.
/// </summary>
public static class CliRunner
{
    /// <summary>How long one invocation may take before its process tree is killed and the test fails.</summary>
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromMinutes(3);

    private static readonly Lazy<string> Root = new(FindRepoRoot);

    /// <summary>The folder holding SimLap.Framework.sln.</summary>
    public static string RepoRoot => Root.Value;

    /// <summary>The build configuration this test assembly was built with (the path segment after <c>bin</c>).</summary>
    public static string Configuration
    {
        get
        {
            var parts = AppContext.BaseDirectory.Split(Path.DirectorySeparatorChar, StringSplitOptions.RemoveEmptyEntries);
            var bin = Array.LastIndexOf(parts, "bin");
            if (bin < 0 || bin + 1 >= parts.Length)
            {
                throw new InvalidOperationException($"Cannot find the configuration in '{AppContext.BaseDirectory}' (no 'bin/<Configuration>' segment).");
            }

            return parts[bin + 1];
        }
    }

    /// <summary>The host's output folder (holds simlap.dll and plugins/).</summary>
    public static string HostDirectory => Path.Combine(RepoRoot, "host", "SimLap.Host", "bin", Configuration, "net10.0");

    /// <summary>The built CLI.</summary>
    public static string HostDll => Path.Combine(HostDirectory, "simlap.dll");

    /// <summary>The bundled plugins folder beside the CLI.</summary>
    public static string BundledPluginsDirectory => Path.Combine(HostDirectory, "plugins");

    /// <summary>The repository's experiments folder.</summary>
    public static string ExperimentsDirectory => Path.Combine(RepoRoot, "experiments");

    /// <summary>Runs <c>simlap</c> with <paramref name="arguments"/> to completion.</summary>
    /// <param name="workingDirectory">The child's current directory (where ./mlruns lands).</param>
    /// <param name="arguments">The CLI arguments.</param>
    /// <param name="environment">Variables to set (a null value removes the variable).</param>
    /// <param name="timeout">Defaults to <see cref="DefaultTimeout"/>.</param>
    public static CliResult Run(string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null, TimeSpan? timeout = null)
    {
        using var process = Start(workingDirectory, arguments, environment);
        return process.WaitForExit(timeout ?? DefaultTimeout);
    }

    /// <inheritdoc cref="Run(string, IEnumerable{string}, IReadOnlyDictionary{string, string?}?, TimeSpan?)"/>
    public static CliResult Run(string workingDirectory, params string[] arguments) => Run(workingDirectory, arguments, null, null);

    /// <summary>Starts <c>simlap</c> without waiting for it, for tests that interact with the running process.</summary>
    public static CliProcess Start(string workingDirectory, IEnumerable<string> arguments, IReadOnlyDictionary<string, string?>? environment = null)
    {
        if (!File.Exists(HostDll))
        {
            throw new XunitException($"The simlap CLI was not built at '{HostDll}'; the test project references SimLap.Host, so build the solution first.");
        }

        var info = new ProcessStartInfo("dotnet")
        {
            WorkingDirectory = workingDirectory,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
            CreateNoWindow = true,
            StandardOutputEncoding = Encoding.UTF8,
            StandardErrorEncoding = Encoding.UTF8,
        };
        info.ArgumentList.Add(HostDll);
        var args = arguments.ToList();
        foreach (var argument in args)
        {
            info.ArgumentList.Add(argument);
        }

        // The child must not log to a tracking server or pick up plugins from the developer's environment.
        info.Environment.Remove("MLFLOW_TRACKING_URI");
        info.Environment.Remove("SIMLAP_PLUGIN_PATH");
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        // Checkpoints go to the user's data home by default: the child's is under its working folder (TestWorkspace.CheckpointHome).
        info.Environment["XDG_DATA_HOME"] = Path.Combine(workingDirectory, TestWorkspace.DataHomeFolder);
        // Data set digests are remembered in the user's cache home: the child's is beside its data home.
        info.Environment["XDG_CACHE_HOME"] = Path.Combine(workingDirectory, TestWorkspace.DataHomeFolder, ".cache");
        foreach (var (key, value) in environment ?? new Dictionary<string, string?>())
        {
            if (value is null)
            {
                info.Environment.Remove(key);
            }
            else
            {
                info.Environment[key] = value;
            }
        }

        return new CliProcess(info, args, workingDirectory);
    }

    private static string FindRepoRoot()
    {
        for (var folder = new DirectoryInfo(AppContext.BaseDirectory); folder is not null; folder = folder.Parent)
        {
            if (File.Exists(Path.Combine(folder.FullName, "SimLap.Framework.sln")))
            {
                return folder.FullName;
            }
        }

        throw new InvalidOperationException($"No folder above '{AppContext.BaseDirectory}' holds SimLap.Framework.sln.");
    }
}
