using System.Globalization;
using System.Text;

namespace SimLap.Host.Tests;

/// <summary>A fresh temporary working directory for CLI invocations (so ./mlruns lands in it), deleted on dispose.</summary>
public sealed class TestWorkspace : IDisposable
{
    /// <summary>Training images of the tiny experiment: 2 shapes x 2 colours x 16 per class.</summary>
    public const int TinyTrainImages = 2 * 2 * 16;

    /// <summary>The tiny experiment's batch size.</summary>
    public const int TinyBatchSize = 16;

    /// <summary>Creates the folder.</summary>
    public TestWorkspace()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "simlap-host-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    /// <summary>The folder.</summary>
    public string Path { get; }

    /// <summary>The child's XDG_DATA_HOME, relative to its working folder (set by <see cref="CliRunner"/>).</summary>
    public const string DataHomeFolder = ".data-home";

    /// <summary>The default checkpoint home of runs started in this folder: <c>$XDG_DATA_HOME/simlap/checkpoints</c>.</summary>
    public string CheckpointHome => Combine(DataHomeFolder, "simlap", "checkpoints");

    /// <summary>
    /// The checkpoint folder of run <paramref name="runId"/> started in this folder, <c>&lt;home&gt;/&lt;experiment&gt;/&lt;run id&gt;</c>
    /// (whatever its experiment); a path under an experiment named <c>(none)</c> while the run has none yet.
    /// </summary>
    public string Checkpoints(string runId) =>
        (Directory.Exists(CheckpointHome) ? Directory.EnumerateDirectories(CheckpointHome).Select(e => System.IO.Path.Combine(e, runId)).FirstOrDefault(Directory.Exists) : null)
        ?? System.IO.Path.Combine(CheckpointHome, "(none)", runId);

    /// <summary>The <c>./mlruns</c> store of runs started in this folder.</summary>
    public string MlrunsPath => Combine("mlruns");

    /// <summary>A path inside the folder.</summary>
    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    /// <summary>Writes a file into the folder and returns its full path.</summary>
    public string Write(string name, string text)
    {
        var path = Combine(name);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        File.WriteAllText(path, text.Replace("\r\n", "\n", StringComparison.Ordinal), new UTF8Encoding(false));
        return path;
    }

    /// <summary>
    /// Writes a tiny experiment that <c>extends:</c> a repository experiment by absolute path and shrinks it to seconds:
    /// 16-pixel images of 2 shapes x 2 colours (64 training, 32 test images), widths [8, 16], a 32/16 projector,
    /// one epoch of 4 batches of 16, and kNN with k = 5. Returns its full path.
    /// </summary>
    /// <param name="name">The file name.</param>
    /// <param name="extends">The experiment extended, relative to the repository's experiments folder.</param>
    /// <param name="shrinkGate">Also shrink the simlap-gate head (embed 16, hidden 32); leave false for a parent whose head is another type.</param>
    public string WriteTinyExperiment(string name = "tiny.yaml", string extends = "quickstart.yaml", bool shrinkGate = true)
    {
        var parent = System.IO.Path.Combine(CliRunner.ExperimentsDirectory, extends);
        var yaml = new StringBuilder()
            .Append("# A tiny variant of ").Append(extends).Append(" for end-to-end tests.\n")
            .Append("extends: ").Append(Quote(parent)).Append('\n')
            .Append("data:\n  image_size: 16\n  shapes: 2\n  colours: 2\n  train_per_class: 16\n  test_per_class: 8\n")
            .Append("backbone:\n  widths: [8, 16]\n")
            .Append("projector:\n  hidden: 32\n  out: 16\n");
        if (shrinkGate)
        {
            yaml.Append("head:\n  embed: 16\n  hidden: 32\n");
        }

        yaml.Append("train:\n  epochs: 1\n  batch_size: ").Append(TinyBatchSize.ToString(CultureInfo.InvariantCulture)).Append('\n')
            .Append("eval:\n  - type: knn\n    k: 5\n");
        return Write(name, yaml.ToString());
    }

    /// <summary>A single-quoted YAML scalar.</summary>
    public static string Quote(string text) => "'" + text.Replace("'", "''", StringComparison.Ordinal) + "'";

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            // Best effort: a leftover temp folder is harmless.
        }
    }
}
