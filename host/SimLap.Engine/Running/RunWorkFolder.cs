namespace SimLap.Engine.Running;

/// <summary>A run's scratch folder under the temp directory (plots and files before they become artifacts), deleted on dispose.</summary>
public sealed class RunWorkFolder : IDisposable
{
    /// <summary>Creates <c>&lt;temp&gt;/simlap/&lt;name&gt;</c>.</summary>
    public RunWorkFolder(string name) =>
        Path = Directory.CreateDirectory(System.IO.Path.Combine(System.IO.Path.GetTempPath(), "simlap", name)).FullName;

    /// <summary>The folder's full path.</summary>
    public string Path { get; }

    /// <inheritdoc />
    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, true);
        }
        catch (IOException)
        {
            // A leftover scratch folder in the temp directory is harmless.
        }
    }
}
