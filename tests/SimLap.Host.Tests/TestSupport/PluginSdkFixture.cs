using System.Globalization;
using System.Reflection;
using SimLap.Contracts;
using Xunit.Sdk;

namespace SimLap.Host.Tests;

/// <summary>
/// Packs the plugin SDK once per test run into a temporary local feed, as a plugin author gets it: SimLap.Contracts with
/// SimLap.Contracts.Helpers and SimLap.Contracts.Testing at this host's version with a unique pre-release suffix, and
/// SimLap.Contracts alone at the next major version (for the compatibility test). Builds
/// restore into a temporary packages folder with the machine's NuGet cache as a fallback folder, so TorchSharp, libtorch
/// and xunit are not downloaded again and the fresh contracts package can never be confused with a cached one.
/// </summary>
public sealed class PluginSdkFixture : IDisposable
{
    /// <summary>Packs both versions of the contracts.</summary>
    public PluginSdkFixture()
    {
        Root = Path.Combine(Path.GetTempPath(), "simlap-plugin-sdk", Guid.NewGuid().ToString("N"));
        Feed = Path.Combine(Root, "feed");
        Directory.CreateDirectory(Feed);
        var stamp = DateTime.UtcNow.ToString("yyyyMMddHHmmss", CultureInfo.InvariantCulture);
        var host = typeof(ContractsVersion).Assembly.GetCustomAttribute<AssemblyInformationalVersionAttribute>()!.InformationalVersion.Split('+')[0];
        ContractsPackageVersion = $"{host}-test.{stamp}";
        NextMajorPackageVersion = $"{ContractsVersion.Major + 1}.0.0-test.{stamp}";
        Pack(Path.Combine(CliRunner.RepoRoot, "contracts", "SimLap.Contracts.slnx"), ContractsPackageVersion, null, "pack-current");
        Pack(Path.Combine(CliRunner.RepoRoot, "contracts", "SimLap.Contracts", "SimLap.Contracts.csproj"), NextMajorPackageVersion, $"{ContractsVersion.Major + 1}.0.0.0", "pack-next");
    }

    /// <summary>A temporary folder for everything the fixture makes.</summary>
    public string Root { get; }

    /// <summary>The local feed holding both packages.</summary>
    public string Feed { get; }

    /// <summary>The package version of this host's contracts (major version as the host's).</summary>
    public string ContractsPackageVersion { get; }

    /// <summary>A package of the contracts with the next major version (assembly version N+1.0.0.0).</summary>
    public string NextMajorPackageVersion { get; }

    /// <summary>The machine's NuGet cache, used as a fallback folder.</summary>
    public static string GlobalPackages =>
        Environment.GetEnvironmentVariable("NUGET_PACKAGES") is { Length: > 0 } configured
            ? configured
            : Path.Combine(Environment.GetFolderPath(Environment.SpecialFolder.UserProfile), ".nuget", "packages");

    /// <summary>The restore properties every build of a plugin in these tests uses.</summary>
    public IReadOnlyList<string> RestoreProperties =>
    [
        $"-p:RestorePackagesPath={Path.Combine(Root, "packages")}",
        $"-p:RestoreAdditionalProjectFallbackFolders={GlobalPackages}",
        "-p:UseSharedCompilation=false",
        "-nodeReuse:false",
        "--disable-build-servers",
    ];

    /// <summary>Runs <c>dotnet build</c> of <paramref name="project"/> with the fixture's restore settings; fails the test on error.</summary>
    public CliResult Build(string project, params string[] extra)
    {
        var result = DotnetCli.Run(Root, ["build", project, .. RestoreProperties, .. extra]);
        if (result.ExitCode != 0)
        {
            throw new XunitException($"dotnet build {project} failed.{Environment.NewLine}{result}");
        }

        return result;
    }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Root, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort.
        }
    }

    private void Pack(string project, string version, string? assemblyVersion, string artifacts)
    {
        string[] arguments =
        [
            "pack", project, "-c", "Release", "-o", Feed, "--artifacts-path", Path.Combine(Root, artifacts),
            $"-p:Version={version}", .. assemblyVersion is null ? Array.Empty<string>() : [$"-p:AssemblyVersion={assemblyVersion}"],
            "-p:UseSharedCompilation=false", "-nodeReuse:false", "--disable-build-servers",
        ];
        var result = DotnetCli.Run(Root, arguments);
        if (result.ExitCode != 0 || !File.Exists(Path.Combine(Feed, $"SimLap.Contracts.{version}.nupkg")))
        {
            throw new InvalidOperationException($"dotnet pack of {Path.GetFileName(project)} at {version} failed.{Environment.NewLine}{result}");
        }
    }
}
