using SimLap.Tracking;

namespace SimLap.Tracking.Tests;

public sealed class TrackingHelpersTests
{
    [Theory]
    [InlineData("loss", "loss")]
    [InlineData("eval/knn/top1", "eval/knn/top1")]
    [InlineData("with space-dash_under.dot", "with space-dash_under.dot")]
    [InlineData("acc@1", "acc_1")]
    [InlineData("a:b", "a_b")]
    [InlineData("a\\b", "a_b")]
    [InlineData("../up", "__/up")]
    [InlineData("a/../b", "a/__/b")]
    [InlineData("/leading", "leading")]
    [InlineData("trailing/", "trailing")]
    [InlineData("a//b", "a/b")]
    [InlineData("./a/./b", "a/b")]
    [InlineData("..", "__")]
    [InlineData("/", "_")]
    [InlineData("", "_")]
    [InlineData("...", "...")]
    [InlineData("tab\there", "tab_here")]
    public void SanitizeKey(string key, string expected)
    {
        Assert.Equal(expected, MlflowKeys.Sanitize(key));
        Assert.True(MlflowKeys.IsValid(MlflowKeys.Sanitize(key)));
    }

    [Fact]
    public void SanitizeKeyTruncatesLongKeys()
    {
        var sanitized = MlflowKeys.Sanitize(new string('a', 300));
        Assert.Equal(MlflowKeys.MaxKeyLength, sanitized.Length);
        Assert.True(MlflowKeys.IsValid(MlflowKeys.Sanitize(new string('a', 249) + "/..")));
    }

    [Theory]
    [InlineData(null, "")]
    [InlineData("", "")]
    [InlineData("plots", "plots")]
    [InlineData("a/b/", "a/b")]
    [InlineData("/abs/../x", "abs/__/x")]
    [InlineData("a\\.\\b", "a/b")]
    public void SanitizeArtifactPath(string? path, string expected) => Assert.Equal(expected, MlflowKeys.SanitizeArtifactPath(path));

    [Theory]
    [InlineData("simple", "simple")]
    [InlineData("my experiment", "my experiment")]
    [InlineData("file:///tmp/mlruns/1", "file:///tmp/mlruns/1")]
    [InlineData("0123abcdef0123abcdef0123abcdef01", "0123abcdef0123abcdef0123abcdef01")]
    [InlineData("", "''")]
    [InlineData("0", "'0'")]
    [InlineData("123456789012345678", "'123456789012345678'")]
    [InlineData("1.5", "'1.5'")]
    [InlineData("1e5", "'1e5'")]
    [InlineData(".inf", "'.inf'")]
    [InlineData("yes", "'yes'")]
    [InlineData("Off", "'Off'")]
    [InlineData("null", "'null'")]
    [InlineData("~", "'~'")]
    [InlineData("2024-01-31", "'2024-01-31'")]
    [InlineData("a: b", "'a: b'")]
    [InlineData("ends:", "'ends:'")]
    [InlineData("a #b", "'a #b'")]
    [InlineData("#b", "'#b'")]
    [InlineData("- item", "'- item'")]
    [InlineData("it's", "it's")]
    [InlineData("'quoted'", "'''quoted'''")]
    [InlineData(" lead", "' lead'")]
    [InlineData("café", "'café'")]
    [InlineData("line\nbreak", "\"line\\nbreak\"")]
    [InlineData("tab\t\"q\"\\", "\"tab\\t\\\"q\\\"\\\\\"")]
    public void YamlScalar(string value, string expected) => Assert.Equal(expected, MlflowYaml.Scalar(value));

    [Theory]
    [InlineData("yes")]
    [InlineData("123")]
    [InlineData("a: b")]
    [InlineData("it's a 'test'")]
    [InlineData("{braces}, [brackets]")]
    [InlineData("& * ! | > % @ `")]
    [InlineData("line\nbreak\r\n")]
    [InlineData("ctrl\u0001\u007f\u0085\u2028")]
    [InlineData("emoji 😀 and ünïcödé")]
    [InlineData("   ")]
    [InlineData("")]
    public void YamlScalarRoundTripsThroughAParser(string value)
    {
        var path = Path.Combine(Path.GetTempPath(), $"simlap-yaml-{Guid.NewGuid():N}.yaml");
        try
        {
            File.WriteAllText(path, "key: " + MlflowYaml.Scalar(value) + "\nother: 1\n");
            var read = MlflowYaml.ReadMapping(path);
            Assert.Equal(value, read["key"]);
            Assert.Equal("1", read["other"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void YamlReadMappingMapsPlainNullToNull()
    {
        var path = Path.Combine(Path.GetTempPath(), $"simlap-yaml-{Guid.NewGuid():N}.yaml");
        try
        {
            File.WriteAllText(path, "a: null\nb: 'null'\nc: []\nd: ''\n");
            var read = MlflowYaml.ReadMapping(path);
            Assert.Null(read["a"]);
            Assert.Equal("null", read["b"]);
            Assert.False(read.ContainsKey("c"));
            Assert.Equal(string.Empty, read["d"]);
        }
        finally
        {
            File.Delete(path);
        }
    }

    [Fact]
    public void FormatMetricValueIsPythonReadable()
    {
        Assert.Equal("nan", LocalFileRun.FormatMetricValue(double.NaN));
        Assert.Equal("inf", LocalFileRun.FormatMetricValue(double.PositiveInfinity));
        Assert.Equal("-inf", LocalFileRun.FormatMetricValue(double.NegativeInfinity));
        Assert.Equal("0.1", LocalFileRun.FormatMetricValue(0.1));
        Assert.Equal("3", LocalFileRun.FormatMetricValue(3.0));
        Assert.Equal("1E-300", LocalFileRun.FormatMetricValue(1e-300));
        foreach (var value in new[] { Math.PI, 1.0 / 3, double.MaxValue, double.Epsilon, -0.0 })
        {
            Assert.Equal(value, double.Parse(LocalFileRun.FormatMetricValue(value), System.Globalization.CultureInfo.InvariantCulture));
        }
    }

    [Fact]
    public void ResolveRootDirectoryNullOrEmptyIsMlrunsInTheCurrentDirectory()
    {
        var expected = Path.Combine(Directory.GetCurrentDirectory(), "mlruns");
        Assert.Equal(expected, LocalFileStore.ResolveRootDirectory(null));
        Assert.Equal(expected, LocalFileStore.ResolveRootDirectory(""));
        Assert.Equal(expected, LocalFileStore.ResolveRootDirectory("  "));
        Assert.Equal("/base/mlruns", LocalFileStore.ResolveRootDirectory(null, "/base"));
    }

    [Theory]
    [InlineData("file:///abs/path/mlruns", "/abs/path/mlruns")]
    [InlineData("file:///abs/my%20runs/", "/abs/my runs")]
    [InlineData("file://localhost/abs/x", "/abs/x")]
    [InlineData("file:/abs/y", "/abs/y")]
    [InlineData("file:relative/runs", "/base/relative/runs")]
    [InlineData("file:./runs", "/base/runs")]
    [InlineData("/plain/abs", "/plain/abs")]
    [InlineData("plain/rel", "/base/plain/rel")]
    [InlineData("./mlruns", "/base/mlruns")]
    [InlineData("../up", "/up")]
    public void ResolveRootDirectoryLocal(string uri, string expected) =>
        Assert.Equal(expected, LocalFileStore.ResolveRootDirectory(uri, "/base"));

    [Theory]
    [InlineData("http://localhost:5000")]
    [InlineData("HTTPS://mlflow.example.com")]
    public void ResolveRootDirectoryHttpIsNotSupportedYet(string uri)
    {
        var error = Assert.Throws<NotSupportedException>(() => LocalFileStore.ResolveRootDirectory(uri));
        Assert.Contains("REST client", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("sqlite:///mlflow.db")]
    [InlineData("databricks")]
    [InlineData("file://remotehost/share")]
    public void ResolveRootDirectoryOtherSchemesAreNotSupported(string uri)
    {
        if (uri == "databricks")
        {
            // A bare word is a relative folder, not a scheme.
            Assert.Equal("/base/databricks", LocalFileStore.ResolveRootDirectory(uri, "/base"));
            return;
        }

        Assert.Throws<NotSupportedException>(() => LocalFileStore.ResolveRootDirectory(uri, "/base"));
    }

    [Fact]
    public void FileUriRoundTrips()
    {
        foreach (var path in new[] { "/tmp/mlruns/1", "/tmp/my runs/ü#%?/x" })
        {
            var uri = FileUris.FromPath(path);
            Assert.StartsWith("file:///", uri, StringComparison.Ordinal);
            Assert.DoesNotContain(" ", uri, StringComparison.Ordinal);
            Assert.Equal(path, FileUris.ToPath(uri));
        }

        Assert.Equal("file:///tmp/my%20runs/%C3%BC%23%25%3F/x", FileUris.FromPath("/tmp/my runs/ü#%?/x"));
    }
}
