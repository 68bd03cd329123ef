using SimLap.Plugins.Core.Data.Formats;
using Xunit.Abstractions;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Data;

/// <summary>
/// Seeded random damage to small valid IDX (raw and gzipped), CIFAR and STL-10 files: each read ends in the data or in
/// an <see cref="InvalidDataException"/> naming the file, within 5 s, never another exception or a crash.
/// </summary>
public sealed class DataFileFuzzTests(ITestOutputHelper output) : IDisposable
{
    private const int CasesPerFormat = 120;
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(5);

    private readonly TempFolder folder = new();

    public void Dispose() => folder.Dispose();

    public static TheoryData<string> Formats() => new("idx-images", "idx-images-gzip", "idx-labels", "idx-labels-gzip", "cifar", "stl10-images", "stl10-labels");

    [Theory]
    [MemberData(nameof(Formats))]
    public async Task ADamagedDataFileIsReadOrRefusedWithAMessageNamingIt(string format)
    {
        var valid = Valid(format);
        var (read, clean, failures) = (0, 0, new List<string>());
        for (var seed = 0; seed < CasesPerFormat; seed++)
        {
            var path = folder.File($"{format}-{seed}.bin");
            File.WriteAllBytes(path, Damage(valid, new Random(seed)));
            var work = Task.Run(() => Read(format, path));
            if (await Task.WhenAny(work, Task.Delay(CaseTimeout)) != work)
            {
                failures.Add($"seed {seed}: still reading after {CaseTimeout.TotalSeconds} s");
                continue;
            }

            var result = await work;
            if (result is null)
            {
                read++;
            }
            else if (result.Length == 0)
            {
                clean++;
            }
            else
            {
                failures.Add($"seed {seed}: {result}");
            }
        }

        output.WriteLine($"{format}: {CasesPerFormat} damaged files, {read} read, {clean} clean errors, {failures.Count} crashes");
        Assert.True(failures.Count == 0, string.Join(Environment.NewLine, failures));
        Assert.True(clean > CasesPerFormat / 4, $"{format}: only {clean} of {CasesPerFormat} damaged files were refused");
    }

    /// <summary>Null when read, empty for a clean refusal, else what went wrong.</summary>
    private static string? Read(string format, string path)
    {
        try
        {
            using var scope = NewDisposeScope();
            _ = format switch
            {
                "idx-images" or "idx-images-gzip" => IdxReader.ReadImages(path),
                "idx-labels" or "idx-labels-gzip" => IdxReader.ReadLabels(path, 10),
                "cifar" => CifarBinaryReader.Read(path, [10]).Images,
                "stl10-images" => Stl10BinaryReader.ReadImages(path),
                _ => Stl10BinaryReader.ReadLabels(path, 4, "images.bin"),
            };
            return null;
        }
        catch (InvalidDataException e)
        {
            return e.Message.Contains(path, StringComparison.Ordinal) && !e.Message.Contains("   at ", StringComparison.Ordinal) ? "" : $"the message does not name the file: {e.Message}";
        }
        catch (Exception e)
        {
            return $"{e.GetType().Name}: {e.Message}";
        }
    }

    private byte[] Valid(string format)
    {
        var path = folder.File("valid-" + format);
        var gzip = format.EndsWith("gzip", StringComparison.Ordinal);
        switch (format)
        {
            case "idx-images" or "idx-images-gzip":
                DataFormats.WriteIdxImages(path, 6, 8, 8, DataFormats.RandomBytes(6 * 64, 1), gzip);
                break;
            case "idx-labels" or "idx-labels-gzip":
                DataFormats.WriteIdxLabels(path, [0, 1, 2, 3, 4, 9], gzip);
                break;
            case "cifar":
                DataFormats.WriteCifar(path, [[1], [2], [3]], [.. Enumerable.Range(0, 3).Select(i => DataFormats.RandomBytes(CifarBinaryReader.ImageBytes, i))]);
                break;
            case "stl10-images":
                File.WriteAllBytes(path, DataFormats.RandomBytes(2 * Stl10BinaryReader.ImageBytes, 2));
                break;
            default:
                File.WriteAllBytes(path, [1, 5, 10, 3]);
                break;
        }

        return File.ReadAllBytes(path);
    }

    /// <summary>One to three of: truncate, flip bytes, overwrite a header byte with 0xFF or 0x00, append bytes.</summary>
    private static byte[] Damage(byte[] valid, Random random)
    {
        var bytes = valid.ToList();
        for (var edit = random.Next(1, 4); edit > 0; edit--)
        {
            switch (random.Next(4))
            {
                case 0:
                    bytes.RemoveRange(random.Next(bytes.Count + 1) is var at && at < bytes.Count ? at : bytes.Count, at < bytes.Count ? bytes.Count - at : 0);
                    break;
                case 1 when bytes.Count > 0:
                    bytes[random.Next(bytes.Count)] ^= (byte)(1 << random.Next(8));
                    break;
                case 2 when bytes.Count > 0:
                    bytes[random.Next(Math.Min(16, bytes.Count))] = random.Next(2) == 0 ? (byte)0xFF : (byte)0x00;
                    break;
                default:
                    bytes.AddRange(DataFormats.RandomBytes(random.Next(1, 64), random.Next()));
                    break;
            }
        }

        return [.. bytes];
    }
}
