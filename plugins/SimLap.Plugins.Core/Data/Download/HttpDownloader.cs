using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using Microsoft.Extensions.Logging;

namespace SimLap.Plugins.Core.Data.Download;

/// <summary>
/// Fetches one file over HTTP into <c>&lt;target&gt;.partial</c>, resuming an interrupted transfer with a
/// <c>Range</c> request, verifies its checksum, and only then renames it to <c>target</c>: a bad or incomplete
/// file never sits under the final name. A corrupt download is deleted.
/// </summary>
public sealed class HttpDownloader : IDisposable
{
    private readonly HttpClient client;
    private readonly ILogger logger;

    /// <summary>Creates a downloader; <paramref name="handler"/> replaces the network stack (tests).</summary>
    public HttpDownloader(ILogger logger, HttpMessageHandler? handler = null)
    {
        this.logger = logger;
        client = handler is null ? new HttpClient() : new HttpClient(handler, disposeHandler: false);
        client.Timeout = TimeSpan.FromMinutes(2);
        client.DefaultRequestHeaders.UserAgent.ParseAdd("SimLap.Framework/0.1");
    }

    /// <summary>How many transfers are tried before giving up on an interrupted download.</summary>
    public int MaxAttempts { get; init; } = 4;

    /// <summary>How long a transfer may deliver nothing before it counts as broken (and is resumed).</summary>
    public TimeSpan StallTimeout { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Downloads <paramref name="url"/> to <paramref name="target"/> and verifies it against <paramref name="checksum"/>.</summary>
    /// <exception cref="HttpRequestException">The server answered with an error, or could not be reached.</exception>
    /// <exception cref="InvalidDataException">The file's checksum is wrong (the file is deleted).</exception>
    public void Fetch(Uri url, string target, FileChecksum checksum)
    {
        ArgumentNullException.ThrowIfNull(url);
        ArgumentNullException.ThrowIfNull(checksum);
        Directory.CreateDirectory(Path.GetDirectoryName(Path.GetFullPath(target))!);
        var partial = target + ".partial";
        for (var attempt = 1; ; attempt++)
        {
            try
            {
                Transfer(url, partial);
                break;
            }
            catch (Exception e) when (IsBrokenTransfer(e) && attempt < MaxAttempts)
            {
                this.logger.LogWarning("The transfer of {Url} broke off at {Bytes} bytes ({Reason}); resuming (attempt {Attempt} of {Max}).",
                    url, Length(partial), e.Message, attempt + 1, MaxAttempts);
            }
            catch (Exception e) when (IsBrokenTransfer(e))
            {
                throw new HttpRequestException(
                    $"Downloading {url} failed after {MaxAttempts} attempts: the transfer broke off at {Length(partial)} bytes ({e.Message}). " +
                    $"The partial file '{partial}' is kept; running again resumes it.", e);
            }
        }

        if (!checksum.Matches(partial, out var found))
        {
            var size = Length(partial);
            File.Delete(partial);
            throw new InvalidDataException(
                $"The file downloaded from {url} ({size} bytes) has {checksum.AlgorithmName} {found}, but the official file has {checksum.Hex.ToLowerInvariant()}: " +
                "it is corrupt, or the address does not serve the official file. It was deleted; nothing was extracted. " +
                "Try again, or fetch the file by hand from the official address and place it as the message for missing files says.");
        }

        File.Move(partial, target, overwrite: true);
    }

    /// <inheritdoc />
    public void Dispose() => client.Dispose();

    /// <summary>A transfer that broke off (and may be resumed), as opposed to an answer that refuses the file.</summary>
    private static bool IsBrokenTransfer(Exception e) => e is IOException or OperationCanceledException;

    /// <summary>One request: appends to the partial file (or starts it over) until the body ends.</summary>
    private void Transfer(Uri url, string partial)
    {
        var existing = Length(partial);
        using var request = new HttpRequestMessage(HttpMethod.Get, url);
        if (existing > 0)
        {
            request.Headers.Range = new RangeHeaderValue(existing, null);
        }

        using var response = client.Send(request, HttpCompletionOption.ResponseHeadersRead);
        if (response.StatusCode == HttpStatusCode.RequestedRangeNotSatisfiable && existing > 0)
        {
            // The partial file already holds the whole body (or more): let the checksum decide.
            return;
        }

        if (!response.IsSuccessStatusCode)
        {
            throw new HttpRequestException(
                $"Downloading {url} failed: the server answered {(int)response.StatusCode} {response.ReasonPhrase}.", null, response.StatusCode);
        }

        var resumed = response.StatusCode == HttpStatusCode.PartialContent && response.Content.Headers.ContentRange?.From == existing;
        if (response.StatusCode == HttpStatusCode.PartialContent && !resumed)
        {
            // A part from elsewhere in the file: start over without a Range request (on the next attempt).
            File.Delete(partial);
            throw new IOException($"the server sent bytes {response.Content.Headers.ContentRange} instead of bytes {existing}-");
        }

        if (existing > 0)
        {
            this.logger.LogInformation(resumed ? "Resuming {Url} at byte {Offset}." : "Restarting {Url}: the server does not resume at byte {Offset}.", url, existing);
        }

        var offset = resumed ? existing : 0;
        var expected = response.Content.Headers.ContentLength is { } length ? offset + length : (long?)null;
        using (var file = new FileStream(partial, resumed ? FileMode.Append : FileMode.Create, FileAccess.Write, FileShare.None, 1 << 20))
        using (var body = response.Content.ReadAsStream())
        {
            var buffer = new byte[1 << 20];
            var watch = Stopwatch.StartNew();
            int read;
            while ((read = ReadWithin(body, buffer)) > 0)
            {
                file.Write(buffer, 0, read);
                offset += read;
                if (watch.Elapsed > TimeSpan.FromSeconds(10))
                {
                    this.logger.LogInformation("Downloading {Url}: {Megabytes:F1} of {Total} MB.", url, offset / 1e6, expected is { } e ? (e / 1e6).ToString("F1", System.Globalization.CultureInfo.InvariantCulture) : "?");
                    watch.Restart();
                }
            }
        }

        if (expected is { } total && offset < total)
        {
            throw new IOException($"the response ended at byte {offset} of {total}");
        }
    }

    /// <summary>One read that gives up after <see cref="StallTimeout"/> without data (a plain blocking read could hang forever).</summary>
    private int ReadWithin(Stream body, byte[] buffer)
    {
        using var stall = new CancellationTokenSource(StallTimeout);
        try
        {
            return body.ReadAsync(buffer.AsMemory(), stall.Token).AsTask().GetAwaiter().GetResult();
        }
        catch (OperationCanceledException e) when (stall.IsCancellationRequested)
        {
            throw new IOException($"no data for {StallTimeout.TotalSeconds:F0} s", e);
        }
    }

    private static long Length(string path) => File.Exists(path) ? new FileInfo(path).Length : 0;
}
