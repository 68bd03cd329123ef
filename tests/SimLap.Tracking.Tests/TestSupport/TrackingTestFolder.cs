namespace SimLap.Tracking.Tests;

/// <summary>A temporary folder deleted on dispose.</summary>
internal sealed class TrackingTestFolder : IDisposable
{
    public TrackingTestFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "simlap-tracking-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    public string Combine(params string[] parts) => System.IO.Path.Combine([Path, .. parts]);

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
        }
    }
}
