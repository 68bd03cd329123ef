using System.Buffers.Binary;
using System.Text.RegularExpressions;

namespace SimLap.Host.Tests.Fuzz;

/// <summary>
/// An image folder with one PNG or JPEG damaged from a fixed seed (truncated, bytes flipped in the signature, IHDR or
/// pixel data, emptied, a 100000x100000 header, text, a folder in its place): <c>simlap validate</c> and <c>simlap run</c>
/// each end in exit 0 (the damage is harmless) or exit 2 with one error naming the file, within a time and a memory bound,
/// never a crash or a stack trace, and no run is left RUNNING.
/// </summary>
public sealed partial class ImageFolderFuzzTests
{
    /// <summary>The kinds of damage, each tried on <see cref="SeedsPerKind"/> seeds.</summary>
    private static readonly string[] Kinds =
        ["truncate", "signature", "ihdr", "idat", "empty", "huge-png", "text", "folder", "truncate-jpeg", "huge-jpeg"];

    private const int SeedsPerKind = 4;
    private static readonly TimeSpan CaseTimeout = TimeSpan.FromSeconds(60);

    /// <summary>Every case: a kind and a seed.</summary>
    public static TheoryData<string, int> Cases()
    {
        var data = new TheoryData<string, int>();
        foreach (var kind in Kinds)
        {
            for (var seed = 0; seed < SeedsPerKind; seed++)
            {
                data.Add(kind, seed);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Cases))]
    public void ADamagedImageIsRefusedNamingItOrIsHarmless(string kind, int seed)
    {
        using var workspace = new TestWorkspace();
        var root = TinyData.WriteImageFolder(workspace);
        var random = new Random(seed);
        var target = Damage(root, kind, random);
        var experiment = TinyData.WriteExperiment(workspace, "images.yaml", $"  type: image-folder\n  image_size: 16\n  root: {TestWorkspace.Quote(root)}");

        foreach (var verb in new[] { "validate", "run" })
        {
            var result = CliRunner.Run(workspace.Path, [verb, experiment], BoundedMemory, CaseTimeout);

            Assert.True(result.ExitCode is 0 or 2, $"{verb}: exit code {result.ExitCode}, expected 0 or 2{Environment.NewLine}{result}");
            CliAssert.NoStackTrace(result);
            Assert.False(TypeName().IsMatch(result.StandardError), $"{verb}: stderr names a .NET type{Environment.NewLine}{result}");
            if (result.ExitCode == 2)
            {
                CliAssert.SingleError(result);
                CliAssert.StderrContains(result, target);
            }
        }

        var store = new MlrunsStore(workspace.MlrunsPath);
        Assert.DoesNotContain(store.Exists ? store.RunFolders() : [], run => MlrunsStore.Status(run) == MlrunsStore.Running);
    }

    /// <summary>Damages one image of the folder (a PNG or a JPEG, as the kind needs) and returns its path.</summary>
    private static string Damage(string root, string kind, Random random)
    {
        var jpeg = kind.EndsWith("-jpeg", StringComparison.Ordinal);
        var candidates = Directory.GetFiles(root, jpeg ? "*.jpg" : "*.png", SearchOption.AllDirectories).Order(StringComparer.Ordinal).ToList();
        var target = candidates[random.Next(candidates.Count)];
        var bytes = File.ReadAllBytes(target);
        switch (kind)
        {
            case "truncate" or "truncate-jpeg":
                bytes = bytes[..random.Next(1, bytes.Length - 1)];
                break;
            case "signature":
                Flip(bytes, random, 0, 8);
                break;
            case "ihdr":
                Flip(bytes, random, 16, 29);
                break;
            case "idat":
                Flip(bytes, random, 33, bytes.Length);
                break;
            case "empty":
                bytes = [];
                break;
            case "huge-png":
                Declare(bytes, 100_000, 100_000);
                break;
            case "huge-jpeg":
                DeclareJpeg(bytes, 60_000 + random.Next(5_000), 60_000 + random.Next(5_000));
                break;
            case "text":
                bytes = "not an image, only text with a .png name\n"u8.ToArray();
                break;
            default:
                File.Delete(target);
                Directory.CreateDirectory(target);
                return target;
        }

        File.WriteAllBytes(target, bytes);
        return target;
    }

    /// <summary>Flips one to three random bits of bytes in [start, end).</summary>
    private static void Flip(byte[] bytes, Random random, int start, int end)
    {
        for (var i = random.Next(1, 4); i > 0; i--)
        {
            bytes[random.Next(start, end)] ^= (byte)(1 << random.Next(8));
        }
    }

    /// <summary>Makes a PNG's IHDR declare <paramref name="width"/> x <paramref name="height"/>, with a valid CRC, so only the size is wrong.</summary>
    private static void Declare(byte[] png, int width, int height)
    {
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(16), width);
        BinaryPrimitives.WriteInt32BigEndian(png.AsSpan(20), height);
        BinaryPrimitives.WriteUInt32BigEndian(png.AsSpan(29), Crc32(png.AsSpan(12, 17)));
    }

    /// <summary>Makes a baseline JPEG's start-of-frame declare <paramref name="width"/> x <paramref name="height"/>.</summary>
    private static void DeclareJpeg(byte[] jpeg, int width, int height)
    {
        for (var i = 2; i + 8 < jpeg.Length; i++)
        {
            if (jpeg[i] == 0xFF && jpeg[i + 1] is 0xC0 or 0xC2)
            {
                BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(i + 5), (ushort)height);
                BinaryPrimitives.WriteUInt16BigEndian(jpeg.AsSpan(i + 7), (ushort)width);
                return;
            }
        }

        throw new InvalidOperationException("The test JPEG has no start-of-frame marker.");
    }

    /// <summary>The CRC-32 PNG chunks carry (ISO 3309, reflected, polynomial 0xEDB88320).</summary>
    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var k = 0; k < 8; k++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320u : crc >> 1;
            }
        }

        return ~crc;
    }

    /// <summary>The child's managed heap is capped, so a runaway allocation fails the case instead of swapping the machine.</summary>
    private static Dictionary<string, string?> BoundedMemory => new() { ["DOTNET_GCHeapHardLimit"] = "0x40000000" };

    [GeneratedRegex(@"\b(System\.[A-Z]\w+|[A-Z]\w*Exception\b|\w+`\d)")]
    private static partial Regex TypeName();
}
