using System.Diagnostics;
using System.Text;

namespace SimLap.Host.Tests;

/// <summary>
/// Runs the .NET SDK (<c>dotnet pack</c>, <c>dotnet build</c>, <c>dotnet test</c>) as a plugin author would, without the
/// MSBuild variables of the <c>dotnet test</c> that runs this test, without build servers or node reuse (nothing is
/// left running), and with the NuGet caches of <see cref="PluginSdkFixture"/>.
/// </summary>
public static class DotnetCli
{
    /// <summary>How long one SDK command may take (a cold restore of the test packages is the slow part).</summary>
    public static readonly TimeSpan Timeout = TimeSpan.FromMinutes(5);

    /// <summary>Runs <c>dotnet</c> with <paramref name="arguments"/> in <paramref name="workingDirectory"/> to completion.</summary>
    public static CliResult Run(string workingDirectory, params string[] arguments)
    {
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
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        foreach (var key in info.Environment.Keys.Where(k => k.StartsWith("MSBUILD", StringComparison.OrdinalIgnoreCase) || k.StartsWith("VSTEST", StringComparison.OrdinalIgnoreCase)).ToList())
        {
            info.Environment.Remove(key);
        }

        info.Environment.Remove("SIMLAP_PLUGIN_PATH");
        info.Environment["DOTNET_CLI_TELEMETRY_OPTOUT"] = "1";
        info.Environment["DOTNET_NOLOGO"] = "1";
        info.Environment["DOTNET_SKIP_FIRST_TIME_EXPERIENCE"] = "1";
        info.Environment["MSBUILDDISABLENODEREUSE"] = "1";
        info.Environment["DOTNET_CLI_USE_MSBUILD_SERVER"] = "0";
        info.Environment["UseSharedCompilation"] = "false";
        using var process = new CliProcess(info, ["dotnet", .. arguments], workingDirectory);
        return process.WaitForExit(Timeout);
    }
}
