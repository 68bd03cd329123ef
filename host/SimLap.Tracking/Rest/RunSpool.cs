using System.Globalization;
using System.Text;
using System.Text.Json;

namespace SimLap.Tracking.Rest;

/// <summary>
/// The durable spool of one run that could not reach its MLflow server: a folder
/// <c>&lt;spool root&gt;/&lt;spool id&gt;/</c> (the spool root is <c>./.simlap-spool</c> in the working directory unless
/// <c>SIMLAP_SPOOL_DIR</c> says otherwise) holding
/// <list type="bullet">
/// <item><c>spool.json</c>: the <see cref="SpoolHeader"/> (server, experiment, run);</item>
/// <item><c>records.jsonl</c>: one <see cref="SpoolRecord"/> per line, appended and flushed to disk one by one, so a
/// crash loses at most the line being written (a torn last line is ignored);</item>
/// <item><c>artifacts/&lt;seq&gt;/&lt;name&gt;</c>: copies of spooled artifacts;</item>
/// <item><c>cursor.json</c>: the <see cref="SpoolCursor"/> of a replay in progress;</item>
/// <item><c>done.json</c>: written once everything was delivered; <c>simlap sync</c> skips done spools.</item>
/// </list>
/// The lock file <c>.lock</c> is held (exclusively) by the run writing the spool and by a replay, so a spool is
/// never replayed while its run is still writing it, nor by two replays at once.
/// </summary>
public sealed class RunSpool : IDisposable
{
    /// <summary>The header file.</summary>
    public const string HeaderFileName = "spool.json";

    /// <summary>The records file.</summary>
    public const string RecordsFileName = "records.jsonl";

    /// <summary>The cursor file.</summary>
    public const string CursorFileName = "cursor.json";

    /// <summary>The marker of a delivered spool.</summary>
    public const string DoneFileName = "done.json";

    private const string LockFileName = ".lock";
    private const string ArtifactsFolder = "artifacts";
    private static readonly UTF8Encoding Utf8NoBom = new(encoderShouldEmitUTF8Identifier: false);

    private readonly object gate = new();
    private FileStream? lockFile;
    private FileStream? records;
    private long lastSeq;

    private RunSpool(string directory, SpoolHeader header, FileStream? heldLock)
    {
        Directory = directory;
        Header = header;
        lockFile = heldLock;
    }

    /// <summary>The spool folder.</summary>
    public string Directory { get; }

    /// <summary>The header.</summary>
    public SpoolHeader Header { get; }

    /// <summary>True once everything was delivered.</summary>
    public bool IsDone => File.Exists(Path.Combine(Directory, DoneFileName));

    /// <summary>Creates a spool folder for a run and takes its lock (held until <see cref="Dispose"/>).</summary>
    /// <exception cref="IOException">The folder cannot be written.</exception>
    public static RunSpool Create(string spoolRoot, SpoolHeader header)
    {
        var directory = Path.Combine(Path.GetFullPath(spoolRoot), header.SpoolId);
        System.IO.Directory.CreateDirectory(directory);
        var heldLock = TryLock(directory) ?? throw new IOException($"The spool '{directory}' is in use by another process.");
        // A run reopened after its earlier spool was delivered spools again into the same folder: no longer done.
        File.Delete(Path.Combine(directory, DoneFileName));
        LocalFileStore.WriteFileAtomic(Path.Combine(directory, HeaderFileName), JsonSerializer.Serialize(header, MlflowJson.Options));
        var spool = new RunSpool(directory, header, heldLock);
        spool.lastSeq = spool.ReadRecords().LastOrDefault()?.Seq ?? 0;
        return spool;
    }

    /// <summary>Opens an existing spool folder without locking it (see <see cref="TryAcquire"/>).</summary>
    /// <exception cref="InvalidDataException">The folder has no readable header.</exception>
    public static RunSpool Open(string directory)
    {
        var headerPath = Path.Combine(directory, HeaderFileName);
        SpoolHeader? header;
        try
        {
            header = JsonSerializer.Deserialize<SpoolHeader>(File.ReadAllText(headerPath, Utf8NoBom), MlflowJson.Options);
        }
        catch (Exception e) when (e is IOException or JsonException or UnauthorizedAccessException)
        {
            throw new InvalidDataException($"'{directory}' is not a readable spool: {e.Message}", e);
        }

        return new RunSpool(directory, header ?? throw new InvalidDataException($"'{headerPath}' is empty."), null);
    }

    /// <summary>The spool folders under <paramref name="spoolRoot"/>, oldest first (none when it does not exist).</summary>
    public static IReadOnlyList<string> Find(string spoolRoot)
    {
        if (!System.IO.Directory.Exists(spoolRoot))
        {
            return [];
        }

        return System.IO.Directory.EnumerateDirectories(spoolRoot)
            .Where(d => File.Exists(Path.Combine(d, HeaderFileName)))
            .Select(d => (Directory: d, Created: CreatedAt(d)))
            .OrderBy(d => d.Created)
            .ThenBy(d => d.Directory, StringComparer.Ordinal)
            .Select(d => d.Directory)
            .ToList();
    }

    /// <summary>Takes the spool's lock for a replay; false when a run or another replay holds it.</summary>
    public bool TryAcquire()
    {
        lock (gate)
        {
            lockFile ??= TryLock(Directory);
            return lockFile is not null;
        }
    }

    /// <summary>Appends a record (its <see cref="SpoolRecord.Seq"/> is assigned here) and flushes it to disk.</summary>
    public SpoolRecord Append(SpoolRecord record)
    {
        lock (gate)
        {
            this.records ??= new FileStream(Path.Combine(Directory, RecordsFileName), FileMode.Append, FileAccess.Write, FileShare.Read, 1, FileOptions.None);
            var numbered = record with { Seq = ++lastSeq };
            var line = JsonSerializer.Serialize(numbered, MlflowJson.Options) + "\n";
            this.records.Write(Utf8NoBom.GetBytes(line));
            this.records.Flush(flushToDisk: true);
            return numbered;
        }
    }

    /// <summary>Copies <paramref name="localFile"/> into the spool (for the record numbered after the last one) and returns its spool-relative path.</summary>
    public string CopyArtifact(string localFile)
    {
        lock (gate)
        {
            var relative = Path.Combine(ArtifactsFolder, (lastSeq + 1).ToString(CultureInfo.InvariantCulture), Path.GetFileName(localFile));
            var target = Path.Combine(Directory, relative);
            System.IO.Directory.CreateDirectory(Path.GetDirectoryName(target)!);
            File.Copy(localFile, target, overwrite: true);
            return relative.Replace(Path.DirectorySeparatorChar, '/');
        }
    }

    /// <summary>The records in order; a torn (unreadable) last line is ignored.</summary>
    /// <exception cref="InvalidDataException">A line other than the last one is unreadable.</exception>
    public IReadOnlyList<SpoolRecord> ReadRecords()
    {
        var path = Path.Combine(Directory, RecordsFileName);
        if (!File.Exists(path))
        {
            return [];
        }

        string[] lines;
        using (var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite))
        using (var reader = new StreamReader(stream, Utf8NoBom))
        {
            lines = reader.ReadToEnd().Split('\n');
        }

        var records = new List<SpoolRecord>();
        for (var i = 0; i < lines.Length; i++)
        {
            if (string.IsNullOrWhiteSpace(lines[i]))
            {
                continue;
            }

            try
            {
                records.Add(JsonSerializer.Deserialize<SpoolRecord>(lines[i], MlflowJson.Options)!);
            }
            catch (JsonException e)
            {
                if (lines.Skip(i + 1).Any(l => !string.IsNullOrWhiteSpace(l)))
                {
                    throw new InvalidDataException($"'{path}' line {i + 1} is unreadable: {e.Message}", e);
                }
            }
        }

        return records;
    }

    /// <summary>The replay cursor (a fresh one from the header when no replay happened yet).</summary>
    public SpoolCursor ReadCursor()
    {
        var path = Path.Combine(Directory, CursorFileName);
        if (File.Exists(path))
        {
            var cursor = JsonSerializer.Deserialize<SpoolCursor>(File.ReadAllText(path, Utf8NoBom), MlflowJson.Options);
            if (cursor is not null)
            {
                return cursor;
            }
        }

        return new SpoolCursor { RunId = Header.RunId, ExperimentId = Header.ExperimentId, ArtifactUri = Header.ArtifactUri };
    }

    /// <summary>Records replay progress atomically.</summary>
    public void WriteCursor(SpoolCursor cursor)
    {
        var path = Path.Combine(Directory, CursorFileName);
        var temp = path + ".tmp";
        using (var file = new FileStream(temp, FileMode.Create, FileAccess.Write, FileShare.None, 1, FileOptions.None))
        {
            file.Write(Utf8NoBom.GetBytes(JsonSerializer.Serialize(cursor, MlflowJson.Options)));
            file.Flush(flushToDisk: true);
        }

        File.Move(temp, path, overwrite: true);
    }

    /// <summary>Marks the spool delivered.</summary>
    public void MarkDone(string? runId) =>
        LocalFileStore.WriteFileAtomic(
            Path.Combine(Directory, DoneFileName),
            JsonSerializer.Serialize(new { run_id = runId, done_at = DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() }, MlflowJson.Options));

    /// <summary>Closes the records file and releases the lock.</summary>
    public void Dispose()
    {
        lock (gate)
        {
            this.records?.Dispose();
            this.records = null;
            lockFile?.Dispose();
            lockFile = null;
        }
    }

    private static FileStream? TryLock(string directory)
    {
        try
        {
            return new FileStream(Path.Combine(directory, LockFileName), FileMode.OpenOrCreate, FileAccess.ReadWrite, FileShare.None, 1, FileOptions.None);
        }
        catch (IOException)
        {
            return null;
        }
    }

    private static long CreatedAt(string directory)
    {
        try
        {
            return Open(directory).Header.CreatedAt;
        }
        catch (InvalidDataException)
        {
            return long.MaxValue;
        }
    }
}
