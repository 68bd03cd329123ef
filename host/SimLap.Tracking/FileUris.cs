using System.Text;

namespace SimLap.Tracking;

/// <summary>Local paths to and from <c>file:</c> URIs, encoded the way MLflow (Python's pathlib) encodes them.</summary>
public static class FileUris
{
    /// <summary>
    /// <c>file:///abs/path</c> for a path: every byte outside <c>A-Za-z0-9_.-~/</c> is percent-encoded, as in
    /// Python's <c>pathlib.Path.as_uri()</c>.
    /// </summary>
    public static string FromPath(string path)
    {
        var full = Path.GetFullPath(path).Replace('\\', '/');
        if (!full.StartsWith('/'))
        {
            full = "/" + full;
        }

        var sb = new StringBuilder("file://", full.Length + 16);
        foreach (var b in Encoding.UTF8.GetBytes(full))
        {
            var c = (char)b;
            if (c is (>= 'A' and <= 'Z') or (>= 'a' and <= 'z') or (>= '0' and <= '9') or '_' or '.' or '-' or '~' or '/')
            {
                sb.Append(c);
            }
            else
            {
                sb.Append('%').Append(b.ToString("X2", System.Globalization.CultureInfo.InvariantCulture));
            }
        }

        return sb.ToString();
    }

    /// <summary>
    /// The local path of a <c>file:</c> URI: <c>file:///abs</c>, <c>file://localhost/abs</c>, <c>file:/abs</c>,
    /// or <c>file:relative</c> (resolved against <paramref name="baseDirectory"/>, default the current directory).
    /// </summary>
    /// <exception cref="NotSupportedException">The URI names a remote host.</exception>
    public static string ToPath(string fileUri, string? baseDirectory = null)
    {
        if (!fileUri.StartsWith("file:", StringComparison.OrdinalIgnoreCase))
        {
            throw new ArgumentException($"'{fileUri}' is not a file: URI.", nameof(fileUri));
        }

        var rest = fileUri["file:".Length..];
        var cut = rest.IndexOfAny(['?', '#']);
        if (cut >= 0)
        {
            rest = rest[..cut];
        }

        if (rest.StartsWith("//", StringComparison.Ordinal))
        {
            var slash = rest.IndexOf('/', 2);
            var host = slash < 0 ? rest[2..] : rest[2..slash];
            if (host.Length > 0 && !host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
            {
                throw new NotSupportedException(
                    $"Tracking URI '{fileUri}' names the remote host '{host}'; only local file: URIs are supported.");
            }

            rest = slash < 0 ? "/" : rest[slash..];
        }

        var path = Uri.UnescapeDataString(rest);
        if (path.Length == 0)
        {
            path = ".";
        }

        return Path.GetFullPath(path, baseDirectory ?? Directory.GetCurrentDirectory());
    }
}
