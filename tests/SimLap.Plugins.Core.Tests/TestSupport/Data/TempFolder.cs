namespace SimLap.Plugins.Core.Tests.Data;

/// <summary>A fresh folder under the system temp folder, deleted on dispose.</summary>
internal sealed class TempFolder : IDisposable
{
    public TempFolder()
    {
        Path = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "simlap-data-tests", Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(Path);
    }

    public string Path { get; }

    /// <summary>A path inside the folder; its parent folders are created.</summary>
    public string File(params string[] parts)
    {
        var path = System.IO.Path.Combine([Path, .. parts]);
        Directory.CreateDirectory(System.IO.Path.GetDirectoryName(path)!);
        return path;
    }

    /// <summary>A folder inside the folder, created.</summary>
    public string Folder(params string[] parts) => Directory.CreateDirectory(System.IO.Path.Combine([Path, .. parts])).FullName;

    public void Dispose()
    {
        try
        {
            Directory.Delete(Path, recursive: true);
        }
        catch (IOException)
        {
            // A file still open on a slow teardown: the temp folder is cleaned by the system eventually.
        }
    }
}
