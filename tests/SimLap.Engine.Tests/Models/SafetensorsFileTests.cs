using SimLap.Engine.Models;
using TorchSharp;
using static TorchSharp.torch;

namespace SimLap.Engine.Tests.Models;

/// <summary>The safetensors writer, read back by the independent <see cref="SafetensorsReader"/>.</summary>
public sealed class SafetensorsFileTests
{
    [Fact]
    public void AModulesStateDictIsWrittenWithItsNamesShapesDtypesAndExactValues()
    {
        using var scope = NewDisposeScope();
        var module = nn.Sequential(("conv1", nn.Conv2d(3, 4, 3, bias: false)), ("bn1", nn.BatchNorm2d(4)));
        using (no_grad())
        {
            module.parameters().First().copy_(arange(108, dtype: float32).reshape(4, 3, 3, 3).div(7));
        }

        var path = Path.GetTempFileName();
        try
        {
            SafetensorsFile.Write(path, module.state_dict().ToList(), new Dictionary<string, string> { ["format"] = "pt" });
            var file = SafetensorsReader.Read(File.ReadAllBytes(path));

            Assert.Equal(0, (file.HeaderLength + 8) % 8);
            Assert.Equal("pt", file.Metadata["format"]);
            Assert.Equal(
                ["conv1.weight", "bn1.weight", "bn1.bias", "bn1.running_mean", "bn1.running_var", "bn1.num_batches_tracked"],
                file.Tensors.Keys);
            Assert.Equal("F32", file.Tensors["conv1.weight"].DType);
            Assert.Equal([4L, 3, 3, 3], file.Tensors["conv1.weight"].Shape);
            Assert.Equal(Enumerable.Range(0, 108).Select(i => i / 7f), file.Tensors["conv1.weight"].Floats());
            Assert.Equal([1f, 1f, 1f, 1f], file.Tensors["bn1.weight"].Floats());
            Assert.Equal([1f, 1f, 1f, 1f], file.Tensors["bn1.running_var"].Floats());
            Assert.Equal("I64", file.Tensors["bn1.num_batches_tracked"].DType);
            Assert.Empty(file.Tensors["bn1.num_batches_tracked"].Shape);
            Assert.Equal([0L], file.Tensors["bn1.num_batches_tracked"].Longs());
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void TheTorchSharpModuleFormatIsReadBackAsTheSameStateDict()
    {
        using var scope = NewDisposeScope();
        var module = nn.Sequential(("fc", nn.Linear(3, 2)), ("bn", nn.BatchNorm1d(2)));
        using var saved = new MemoryStream();
        using (var writer = new BinaryWriter(saved, System.Text.Encoding.UTF8, leaveOpen: true))
        {
            module.save(writer);
        }

        var state = TorchSharpStateDict.Read(saved.ToArray());

        Assert.Equal(module.state_dict().Keys, state.Select(s => s.Key));
        foreach (var (name, tensor) in state)
        {
            Assert.True(tensor.equal(module.state_dict()[name]).all().item<bool>(), name);
        }

        var trailing = Assert.Throws<InvalidDataException>(() => TorchSharpStateDict.Read([.. saved.ToArray(), 1, 2, 3]));
        Assert.Equal("not a TorchSharp module (3 bytes after the last tensor)", trailing.Message);
    }

    [Fact]
    public void ADtypeSafetensorsCannotNameIsRefusedByName()
    {
        var error = Assert.Throws<NotSupportedException>(() => SafetensorsFile.DType(ScalarType.ComplexFloat32));
        Assert.Contains("ComplexFloat32", error.Message, StringComparison.Ordinal);
    }
}
