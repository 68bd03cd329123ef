using System.Buffers.Binary;
using SimLap.Plugins.Core.Evaluators;
using static TorchSharp.torch;

namespace SimLap.Plugins.Core.Tests.Evaluators;

public sealed class NpyReaderTests
{
    private readonly string directory = EvaluatorTestData.TempDirectory();

    [Fact]
    public void Uint8ImagesReadBackExactly()
    {
        var bytes = Enumerable.Range(0, 2 * 3 * 4 * 3).Select(i => (byte)((i * 37) % 256)).ToArray();
        var path = NpyTestFiles.Write(File("images.npy"), NpyTestFiles.Header("|u1", 2, 3, 4, 3), bytes);
        using var images = NpyReader.Read(path);
        Assert.Equal(ScalarType.Byte, images.dtype);
        Assert.Equal(new long[] { 2, 3, 4, 3 }, images.shape);
        Assert.Equal(bytes, images.data<byte>().ToArray());
        Assert.Equal(bytes[(((1 * 3) + 2) * 4 * 3) + (3 * 3) + 1], images[1, 2, 3, 1].item<byte>());
    }

    [Fact]
    public void Int64LabelsInVersion2ReadBackExactly()
    {
        long[] labels = [0, 9, -3, long.MaxValue, 42];
        var data = new byte[labels.Length * 8];
        for (var i = 0; i < labels.Length; i++)
        {
            BinaryPrimitives.WriteInt64LittleEndian(data.AsSpan(i * 8), labels[i]);
        }

        var path = NpyTestFiles.Write(File("labels.npy"), NpyTestFiles.Header("<i8", 5), data, major: 2);
        using var read = NpyReader.Read(path);
        Assert.Equal(ScalarType.Int64, read.dtype);
        Assert.Equal(new long[] { 5 }, read.shape);
        Assert.Equal(labels, read.data<long>().ToArray());

        // The helper numpy.save-compatible writer.
        using var again = NpyReader.Read(NpyTestFiles.Labels(File("labels1.npy"), labels));
        Assert.Equal(labels, again.data<long>().ToArray());
    }

    [Theory]
    [InlineData("<i4", 4, ScalarType.Int32)]
    [InlineData("<i2", 2, ScalarType.Int16)]
    [InlineData("|i1", 1, ScalarType.Int8)]
    [InlineData("<u1", 1, ScalarType.Byte)]
    [InlineData("<f4", 4, ScalarType.Float32)]
    [InlineData("<f8", 8, ScalarType.Float64)]
    [InlineData("|b1", 1, ScalarType.Bool)]
    public void OtherDtypesMapToTheirTensorTypes(string descr, int itemSize, ScalarType type)
    {
        var path = NpyTestFiles.Write(File("a.npy"), NpyTestFiles.Header(descr, 2, 3), new byte[6 * itemSize]);
        using var read = NpyReader.Read(path);
        Assert.Equal(type, read.dtype);
        Assert.Equal(new long[] { 2, 3 }, read.shape);
    }

    [Fact]
    public void HeaderVariantsNumpyWritesAreAccepted()
    {
        // Key order, double quotes, Python 2 long suffixes, no trailing comma, a scalar and an empty array.
        var reordered = NpyTestFiles.Write(File("r.npy"), "{\"shape\": (2L, 1L), \"fortran_order\": False, \"descr\": \"|u1\"}", [7, 8]);
        using var r = NpyReader.Read(reordered);
        Assert.Equal(new byte[] { 7, 8 }, r.data<byte>().ToArray());
        using var scalar = NpyReader.Read(NpyTestFiles.Write(File("s.npy"), "{'descr': '<i4', 'fortran_order': False, 'shape': (), }", [5, 0, 0, 0]));
        Assert.Empty(scalar.shape);
        Assert.Equal(5, scalar.item<int>());
        using var empty = NpyReader.Read(NpyTestFiles.Write(File("e.npy"), NpyTestFiles.Header("|u1", 0, 3), []));
        Assert.Equal(new long[] { 0, 3 }, empty.shape);
    }

    [Fact]
    public void BadMagic() =>
        Fails(NpyTestFiles.Write(File("m.npy"), NpyTestFiles.Header("|u1", 1), [1], magic: "\x93NUMPX"u8.ToArray()), "bad magic");

    [Fact]
    public void NotEvenAPreamble() =>
        Fails(WriteBytes("short.npy", [0x93, (byte)'N', (byte)'U']), "bad magic");

    [Fact]
    public void UnsupportedVersion() =>
        Fails(NpyTestFiles.Write(File("v.npy"), NpyTestFiles.Header("|u1", 1), [1], major: 3), "unsupported format version 3.0");

    [Theory]
    [InlineData(">i8")]
    [InlineData("<u2")]
    [InlineData("|O")]
    [InlineData("<U5")]
    [InlineData("<c8")]
    public void UnsupportedDtype(string descr) =>
        Fails(NpyTestFiles.Write(File("d.npy"), NpyTestFiles.Header(descr, 1), new byte[16]), $"unsupported dtype '{descr}'");

    [Fact]
    public void StructuredDtype() =>
        Fails(NpyTestFiles.Write(File("st.npy"), "{'descr': [('x', '<i4'), ('y', '<f8')], 'fortran_order': False, 'shape': (1,), }", new byte[12]), "structured dtypes");

    [Fact]
    public void FortranOrder() =>
        Fails(NpyTestFiles.Write(File("f.npy"), "{'descr': '|u1', 'fortran_order': True, 'shape': (2, 2), }", [1, 2, 3, 4]), "fortran_order is True");

    [Fact]
    public void TruncatedData() =>
        Fails(NpyTestFiles.Write(File("t.npy"), NpyTestFiles.Header("<i8", 3), new byte[20]), "truncated data");

    [Fact]
    public void TrailingData() =>
        Fails(NpyTestFiles.Write(File("x.npy"), NpyTestFiles.Header("|u1", 3), new byte[5]), "2 unexpected bytes");

    [Fact]
    public void TruncatedHeader()
    {
        var whole = System.IO.File.ReadAllBytes(NpyTestFiles.Write(File("h.npy"), NpyTestFiles.Header("|u1", 3), new byte[3]));
        Fails(WriteBytes("h2.npy", whole[..30]), "truncated header");
    }

    [Theory]
    [InlineData("{'descr': '|u1', 'shape': (1,), }", "exactly the keys")]
    [InlineData("{'descr': '|u1', 'fortran_order': False, 'shape': (1,), 'extra': 1, }", "exactly the keys")]
    [InlineData("{'descr': '|u1', 'fortran_order': False, 'shape': (1,), 'shape': (1,), }", "duplicate key")]
    [InlineData("{'descr': '|u1', 'fortran_order': False, 'shape': (1.5,), }", "malformed header")]
    [InlineData("{'descr': '|u1', 'fortran_order': False, 'shape': ('a',), }", "tuple of integers")]
    [InlineData("{'descr': '|u1', 'fortran_order': False, 'shape': (-1,), }", "negative dimension")]
    [InlineData("{'descr': '|u1', 'fortran_order': 0, 'shape': (1,), }", "True or False")]
    [InlineData("{'descr': '|u1', 'fortran_order': False, 'shape': (1,) ", "malformed header")]
    [InlineData("{'descr': '|u1, 'fortran_order': False, 'shape': (1,), }", "malformed header")]
    [InlineData("{'descr': '|u1', 'fortran_order': False, 'shape': (1,), } junk", "unexpected text after")]
    public void MalformedHeaders(string header, string problem) =>
        Fails(NpyTestFiles.Write(File("bad.npy"), header, [1]), problem);

    private static void Fails(string path, string problem)
    {
        var error = Assert.Throws<InvalidDataException>(() => NpyReader.Read(path).Dispose());
        Assert.Contains(path, error.Message);
        Assert.Contains(problem, error.Message);
    }

    private string WriteBytes(string name, byte[] bytes)
    {
        var path = File(name);
        System.IO.File.WriteAllBytes(path, bytes);
        return path;
    }

    private string File(string name) => Path.Combine(directory, name);
}
