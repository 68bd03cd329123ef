using System.Collections.Concurrent;
using System.Diagnostics;
using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using Microsoft.Extensions.Logging;

namespace SimLap.Tracking;

/// <summary>
/// A tracking store in MLflow's own file-store layout (<c>mlruns/</c>), readable by MLflow's UI and client with
/// <c>MLFLOW_ALLOW_FILE_STORE=true</c>:
/// <c>&lt;root&gt;/&lt;experiment_id&gt;/meta.yaml</c>, <c>&lt;root&gt;/&lt;experiment_id&gt;/&lt;run_id&gt;/{meta.yaml,metrics,params,tags,artifacts}</c>
/// and <c>&lt;root&gt;/.trash/</c>. Experiments are created under a store-wide lock file, so several processes
/// asking for the same experiment name at once end with one experiment.
/// </summary>
public sealed partial class LocalFileStore : IResumableBackend
{
    /// <summary>MLflow's id of the Default experiment.</summary>
    public const string DefaultExperimentId = "0";

    /// <summary>MLflow's name of the Default experiment.</summary>
    public const string DefaultExperimentName = "Default";

    /// <summary>The folder a null or empty tracking URI resolves to, under the current directory.</summary>
    public const string DefaultFolderName = "mlruns";

    /// <summary>The file holding a run's or an experiment's metadata, as MLflow names it.</summary>
    public const string MetaFileName = "meta.yaml";
    private const string TrashFolderName = ".trash";
    private const string LockFileName = ".simlap-store.lock";
    private static readonly TimeSpan LockTimeout = TimeSpan.FromSeconds(60);
    private static readonly ConcurrentDictionary<string, SemaphoreSlim> ProcessGates = new(StringComparer.Ordinal);
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private readonly ILogger? logger;

    /// <summary>Opens (creating if needed) a store in <paramref name="rootDirectory"/>.</summary>
    /// <param name="rootDirectory">The store's folder (the <c>mlruns</c> folder), relative to the current directory or absolute.</param>
    /// <param name="logger">Receives warnings (sanitised keys, rejected param changes); optional.</param>
    public LocalFileStore(string rootDirectory, ILogger? logger = null)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(rootDirectory);
        RootDirectory = Path.TrimEndingDirectorySeparator(Path.GetFullPath(rootDirectory));
        this.logger = logger;
        try
        {
            var isNew = !Directory.Exists(RootDirectory);
            Directory.CreateDirectory(RootDirectory);
            Directory.CreateDirectory(Path.Combine(RootDirectory, TrashFolderName));
            if (isNew)
            {
                // Like MLflow's FileStore: a new store starts with the Default experiment.
                using var storeLock = AcquireStoreLock();
                if (!Directory.Exists(Path.Combine(RootDirectory, DefaultExperimentId)))
                {
                    CreateExperimentFolder(DefaultExperimentId, DefaultExperimentName);
                }
            }
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TrackingStoreException($"Cannot open the tracking store '{RootDirectory}': {ex.Message}", RootDirectory, ex);
        }
    }

    /// <summary>The store's absolute folder.</summary>
    public string RootDirectory { get; }

    /// <inheritdoc />
    public string Description => RootDirectory;

    /// <inheritdoc />
    /// <remarks>The store's <see cref="RootDirectory"/>.</remarks>
    public string? LocalRoot => RootDirectory;

    /// <summary>
    /// Resolves a tracking URI to a local store folder: null or empty is <c>./mlruns</c> in the current directory;
    /// <c>file:///abs/path</c>, <c>file:relative</c> and plain paths are local.
    /// </summary>
    /// <param name="trackingUri">The URI or path.</param>
    /// <param name="baseDirectory">What relative paths are relative to; the current directory by default.</param>
    /// <exception cref="NotSupportedException">
    /// An <c>http(s)://</c> URI (a server: use the REST client, <c>RestTrackingBackend</c>, which
    /// the engine's <c>TrackingSelection.Backend</c> chooses for it) or another unsupported scheme.
    /// </exception>
    public static string ResolveRootDirectory(string? trackingUri, string? baseDirectory = null)
    {
        var baseDir = baseDirectory ?? Directory.GetCurrentDirectory();
        var uri = trackingUri?.Trim();
        if (string.IsNullOrEmpty(uri))
        {
            return Path.GetFullPath(DefaultFolderName, baseDir);
        }

        if (uri.StartsWith("http://", StringComparison.OrdinalIgnoreCase) || uri.StartsWith("https://", StringComparison.OrdinalIgnoreCase))
        {
            throw new NotSupportedException(
                $"Tracking URI '{uri}' points to an MLflow tracking server, not a local store: use the MLflow REST client "
                + "(TrackingSelection.Backend chooses it for http(s) URIs).");
        }

        if (uri.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            return Path.TrimEndingDirectorySeparator(FileUris.ToPath(uri, baseDir));
        }

        var scheme = SchemePattern().Match(uri);
        if (scheme.Success)
        {
            throw new NotSupportedException(
                $"Tracking URI '{uri}' uses the scheme '{scheme.Groups[1].Value}', which is not supported: "
                + "use a local folder, a file: URI or (once available) an http(s):// MLflow server.");
        }

        return Path.TrimEndingDirectorySeparator(Path.GetFullPath(uri, baseDir));
    }

    /// <summary>The local store folder a tracking URI resolves to, or null for a URI that is not local (a server).</summary>
    public static string? ResolveRootDirectoryOrNull(string? trackingUri)
    {
        try
        {
            return ResolveRootDirectory(trackingUri);
        }
        catch (NotSupportedException)
        {
            return null;
        }
    }

    /// <summary>Opens the local store a tracking URI resolves to (see <see cref="ResolveRootDirectory"/>).</summary>
    public static LocalFileStore FromTrackingUri(string? trackingUri, ILogger? logger = null) =>
        new(ResolveRootDirectory(trackingUri), logger);

    /// <inheritdoc />
    public IRunTracker StartRun(string experimentName, string runName, IReadOnlyDictionary<string, string> tags) =>
        StartLocalRun(experimentName, runName, tags);

    /// <inheritdoc />
    public IRunTracker? ResumeRun(string runId)
    {
        if (!MlflowKeys.IsValid(runId) || runId.Contains('/') || runId.Contains('.'))
        {
            return null;
        }

        var meta = Directory.EnumerateDirectories(RootDirectory)
            .Select(experiment => Path.Combine(experiment, runId, MetaFileName))
            .FirstOrDefault(File.Exists);
        return meta is null ? null : LocalFileRun.Reopen(Path.GetDirectoryName(meta)!, this.logger);
    }

    /// <summary>
    /// Gets or creates the experiment by name and starts a run in it with status RUNNING: creates the run's
    /// folders, writes its tags (<c>mlflow.runName</c>, <c>mlflow.user</c>, <c>mlflow.source.type</c>,
    /// <c>mlflow.source.name</c>, then <paramref name="tags"/>) and finally its meta.yaml.
    /// </summary>
    /// <param name="experimentName">The experiment; null or empty means the Default experiment.</param>
    /// <param name="runName">The run's name; when empty, a <c>mlflow.runName</c> tag or a generated name.</param>
    /// <param name="tags">Extra tags; may be null.</param>
    public LocalFileRun StartLocalRun(string? experimentName, string? runName, IReadOnlyDictionary<string, string>? tags = null)
    {
        var experimentId = GetOrCreateExperiment(experimentName);
        var runId = Guid.NewGuid().ToString("N");
        if (string.IsNullOrWhiteSpace(runName))
        {
            runName = tags is not null && tags.TryGetValue(LocalFileRun.RunNameTag, out var tagged) && !string.IsNullOrWhiteSpace(tagged)
                ? tagged
                : "run-" + runId[..8];
        }

        var runDirectory = Path.Combine(RootDirectory, experimentId, runId);
        try
        {
            return LocalFileRun.Create(runDirectory, experimentId, runId, runName, tags ?? new Dictionary<string, string>(), this.logger);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            throw new TrackingStoreException($"Cannot create the run folder '{runDirectory}': {ex.Message}", runDirectory, ex);
        }
    }

    /// <summary>The id of the active experiment named <paramref name="experimentName"/>, or null.</summary>
    public string? FindExperimentId(string experimentName)
    {
        ArgumentNullException.ThrowIfNull(experimentName);
        string? best = null;
        long bestCreation = long.MinValue;
        foreach (var directory in Directory.EnumerateDirectories(RootDirectory))
        {
            var id = Path.GetFileName(directory);
            if (id.StartsWith('.'))
            {
                continue;
            }

            var metaPath = Path.Combine(directory, MetaFileName);
            Dictionary<string, string?> meta;
            try
            {
                if (!File.Exists(metaPath))
                {
                    continue;
                }

                meta = MlflowYaml.ReadMapping(metaPath);
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or YamlDotNet.Core.YamlException)
            {
                this.logger?.LogWarning("Skipping the malformed experiment folder '{Folder}': {Error}", directory, ex.Message);
                continue;
            }

            if (!meta.TryGetValue("name", out var name) || !string.Equals(name, experimentName, StringComparison.Ordinal)
                || (meta.TryGetValue("lifecycle_stage", out var stage) && stage is not null && stage != "active")
                || (meta.TryGetValue("experiment_id", out var metaId) && metaId is not null && metaId != id))
            {
                continue;
            }

            // Like MLflow: the newest experiment wins if there are several with one name, ties by id.
            var creation = meta.TryGetValue("creation_time", out var ct) && long.TryParse(ct, NumberStyles.Integer, CultureInfo.InvariantCulture, out var c) ? c : 0;
            if (best is null || creation > bestCreation || (creation == bestCreation && string.CompareOrdinal(id, best) < 0))
            {
                best = id;
                bestCreation = creation;
            }
        }

        return best;
    }

    /// <summary>
    /// The id of the active experiment named <paramref name="experimentName"/>, creating it if it does not exist.
    /// Safe against other threads and processes doing the same: lookup and creation happen under a store lock.
    /// </summary>
    /// <param name="experimentName">The name; null or empty means the Default experiment.</param>
    public string GetOrCreateExperiment(string? experimentName)
    {
        var name = string.IsNullOrWhiteSpace(experimentName) ? DefaultExperimentName : experimentName;

        // Fast path without the lock: experiments are never renamed by this store.
        var existing = FindExperimentId(name);
        if (existing is not null)
        {
            return existing;
        }

        using var storeLock = AcquireStoreLock();
        existing = FindExperimentId(name);
        if (existing is not null)
        {
            return existing;
        }

        if (name == DefaultExperimentName && !Directory.Exists(Path.Combine(RootDirectory, DefaultExperimentId)))
        {
            CreateExperimentFolder(DefaultExperimentId, name);
            return DefaultExperimentId;
        }

        for (var attempt = 0; ; attempt++)
        {
            // A fresh random 18-digit id, like MLflow's _generate_unique_integer_id.
            var id = Random.Shared.NextInt64(100_000_000_000_000_000, 1_000_000_000_000_000_000).ToString(CultureInfo.InvariantCulture);
            if (Directory.Exists(Path.Combine(RootDirectory, id)) || Directory.Exists(Path.Combine(RootDirectory, TrashFolderName, id)))
            {
                if (attempt > 100)
                {
                    throw new TrackingStoreException($"Cannot find a free experiment id in '{RootDirectory}'.", RootDirectory);
                }

                continue;
            }

            CreateExperimentFolder(id, name);
            return id;
        }
    }

    /// <summary>Formats an experiment's meta.yaml exactly as MLflow's file store writes it.</summary>
    internal static string FormatExperimentMeta(string artifactLocation, long creationTime, string experimentId, string name) =>
        new StringBuilder()
            .Append("artifact_location: ").Append(MlflowYaml.Scalar(artifactLocation)).Append('\n')
            .Append("creation_time: ").Append(creationTime.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("experiment_id: ").Append(MlflowYaml.Quoted(experimentId)).Append('\n')
            .Append("last_update_time: ").Append(creationTime.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("lifecycle_stage: active\n")
            .Append("name: ").Append(MlflowYaml.Scalar(name)).Append('\n')
            .ToString();

    /// <summary>Writes <paramref name="content"/> to <paramref name="path"/> atomically (temp file in <paramref name="tempDirectory"/>, then rename).</summary>
    public static void WriteFileAtomic(string path, string content, string? tempDirectory = null) =>
        WriteFileAtomic(path, Utf8NoBom.GetBytes(content), tempDirectory);

    /// <inheritdoc cref="WriteFileAtomic(string, string, string?)"/>
    public static void WriteFileAtomic(string path, byte[] content, string? tempDirectory = null)
    {
        var temp = Path.Combine(tempDirectory ?? Path.GetDirectoryName(path)!, $".{Path.GetFileName(path)}.{Guid.NewGuid():N}.tmp");
        try
        {
            File.WriteAllBytes(temp, content);
            File.Move(temp, path, overwrite: true);
        }
        catch
        {
            TryDelete(temp);
            throw;
        }
    }

    internal static void TryDelete(string path)
    {
        try
        {
            File.Delete(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover hidden temp file is harmless.
        }
    }

    /// <summary>The current time in milliseconds since the Unix epoch, as MLflow stamps runs and points.</summary>
    public static long NowMillis() => DateTimeOffset.UtcNow.ToUnixTimeMilliseconds();

    /// <summary>Creates <c>&lt;root&gt;/&lt;id&gt;</c> with its meta.yaml. The caller holds the store lock.</summary>
    private void CreateExperimentFolder(string id, string name)
    {
        var directory = Path.Combine(RootDirectory, id);
        Directory.CreateDirectory(directory);
        var meta = FormatExperimentMeta(FileUris.FromPath(directory), NowMillis(), id, name);
        WriteFileAtomic(Path.Combine(directory, MetaFileName), meta);

        // Experiment tags live in <experiment>/tags/<key>, as MLflow's file store keeps them.
        var tags = Directory.CreateDirectory(Path.Combine(directory, "tags")).FullName;
        WriteFileAtomic(Path.Combine(tags, MlflowKeys.ExperimentKindTag), MlflowKeys.ModelTrainingKind);
    }

    /// <summary>
    /// Takes the store-wide lock: an in-process gate plus a lock file held open with <see cref="FileShare.None"/>
    /// (an exclusive <c>flock</c> on Unix), retried until <see cref="LockTimeout"/>.
    /// </summary>
    private IDisposable AcquireStoreLock()
    {
        var gate = ProcessGates.GetOrAdd(RootDirectory, _ => new SemaphoreSlim(1, 1));
        var lockPath = Path.Combine(RootDirectory, LockFileName);
        var clock = Stopwatch.StartNew();
        if (!gate.Wait(LockTimeout))
        {
            throw new TrackingStoreException($"Timed out waiting for the tracking store lock '{lockPath}'.", lockPath);
        }

        try
        {
            while (true)
            {
                try
                {
                    var stream = new FileStream(lockPath, FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
                    return new StoreLock(stream, gate);
                }
                catch (IOException) when (clock.Elapsed < LockTimeout)
                {
                    Thread.Sleep(Random.Shared.Next(5, 30));
                }
                catch (IOException ex)
                {
                    throw new TrackingStoreException(
                        $"Timed out waiting for the tracking store lock '{lockPath}' (held by another process?).", lockPath, ex);
                }
            }
        }
        catch
        {
            gate.Release();
            throw;
        }
    }

    [GeneratedRegex("^([A-Za-z][A-Za-z0-9+.-]+):", RegexOptions.CultureInvariant)]
    private static partial Regex SchemePattern();

    private sealed class StoreLock(FileStream stream, SemaphoreSlim gate) : IDisposable
    {
        private int disposed;

        public void Dispose()
        {
            if (Interlocked.Exchange(ref disposed, 1) == 0)
            {
                stream.Dispose();
                gate.Release();
            }
        }
    }
}
