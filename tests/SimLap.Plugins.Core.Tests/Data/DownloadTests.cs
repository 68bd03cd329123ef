using System.Security.Cryptography;
using Microsoft.Extensions.Logging.Abstractions;
using SimLap.Contracts.Data;
using SimLap.Plugins.Core.Data;
using SimLap.Plugins.Core.Data.Download;

namespace SimLap.Plugins.Core.Tests.Data;

/// <summary>The download path against a local HTTP server on 127.0.0.1 serving files in the real formats.</summary>
public sealed class DownloadTests
{
    /// <summary>A real tiny CIFAR-10 binary archive (cifar-10-batches-bin/ with the six files) and a source that carries its MD5.</summary>
    private static (byte[] Archive, DataSource Source) TinyCifarArchive(string scratch)
    {
        CifarDatasetTests.WriteCifar10(Path.Combine(scratch, "cifar-10-batches-bin"));
        var archive = DataFormats.TarGz(scratch);
        var source = Cifar10Dataset.Source with
        {
            Files = [new RemoteFile("cifar-10-binary.tar.gz", FileChecksum.Md5(Convert.ToHexStringLower(MD5.HashData(archive))))],
        };
        return (archive, source);
    }

    private static readonly string[] TrainFiles = [.. Enumerable.Range(1, 5).Select(i => $"data_batch_{i}.bin")];

    [Fact]
    public void DownloadsVerifiesAndExtractsARealArchiveThatTheDataSetThenReads()
    {
        using var temp = new TempFolder();
        using var server = new LocalHttpServer();
        var (archive, source) = TinyCifarArchive(temp.Folder("scratch"));
        server.Serve("cifar-10-binary.tar.gz", archive);
        var root = Path.Combine(temp.Path, "cache", "cifar10");

        var paths = DataFiles.Ensure(source, root, TrainFiles, false, download: true, server.BaseUrl, NullLogger.Instance);

        Assert.Equal(Path.Combine(root, "cifar-10-batches-bin", "data_batch_1.bin"), paths[0]);
        Assert.False(File.Exists(Path.Combine(root, "cifar-10-binary.tar.gz")), "the verified archive is removed once extracted");
        Assert.Empty(Directory.GetFileSystemEntries(root, ".extracting-*"));
        Assert.Empty(Directory.GetFiles(root, "*.partial"));
        using var train = new Cifar10Dataset(new Cifar10Options { Root = root }, VisionTestContext.Create()).Load(DatasetSplit.Train);
        Assert.Equal(7, train.Count);
        // Files already in place are not fetched again.
        DataFiles.Ensure(source, root, TrainFiles, false, download: true, server.BaseUrl, NullLogger.Instance);
        Assert.Single(server.Requests);
    }

    [Fact]
    public void ACorruptedDownloadIsAClearErrorAndLeavesNoFileBehind()
    {
        using var temp = new TempFolder();
        using var server = new LocalHttpServer();
        var (archive, source) = TinyCifarArchive(temp.Folder("scratch"));
        var corrupted = archive.ToArray();
        corrupted[corrupted.Length / 2] ^= 0xFF;
        server.Serve("cifar-10-binary.tar.gz", corrupted);
        var root = Path.Combine(temp.Path, "cache");

        var error = Assert.Throws<InvalidDataException>(() =>
            DataFiles.Ensure(source, root, TrainFiles, false, download: true, server.BaseUrl, NullLogger.Instance));

        Assert.Contains($"{server.BaseUrl}cifar-10-binary.tar.gz", error.Message);
        Assert.Contains($"has MD5 {Convert.ToHexStringLower(MD5.HashData(corrupted))}", error.Message);
        Assert.Contains($"the official file has {source.Files[0].Checksum.Hex}", error.Message);
        Assert.Contains("It was deleted", error.Message);
        Assert.Empty(Directory.GetFileSystemEntries(root));
    }

    [Fact]
    public void TheDataSetCarriesTheOfficialChecksumAndRefusesAnythingElseFromAMirror()
    {
        using var temp = new TempFolder();
        using var server = new LocalHttpServer();
        var (archive, _) = TinyCifarArchive(temp.Folder("scratch"));
        server.Serve("cifar-10-binary.tar.gz", archive);
        var root = Path.Combine(temp.Path, "cache");
        var dataset = new Cifar10Dataset(new Cifar10Options { Root = root, Download = true, Mirror = server.BaseUrl }, VisionTestContext.Create());

        var error = Assert.Throws<InvalidDataException>(() => dataset.Load(DatasetSplit.Train));

        Assert.Contains("the official file has c32a1d4ab5d03f1284b67883e8d87530", error.Message);
        Assert.Equal("cifar-10-binary.tar.gz", Assert.Single(server.Requests).Path);
        Assert.Empty(Directory.GetFileSystemEntries(root));
    }

    [Fact]
    public void ATruncatedTransferIsResumedWithARangeRequest()
    {
        using var temp = new TempFolder();
        using var server = new LocalHttpServer();
        var data = DataFormats.RandomBytes(300_000, 4);
        server.Serve("file.bin", data);
        server.TruncateNext("file.bin");
        var target = Path.Combine(temp.Path, "file.bin");
        using var downloader = new HttpDownloader(NullLogger.Instance);

        downloader.Fetch(new Uri(server.BaseUrl + "file.bin"), target, FileChecksum.Sha256(Convert.ToHexString(SHA256.HashData(data))));

        Assert.Equal(data, File.ReadAllBytes(target));
        Assert.False(File.Exists(target + ".partial"));
        var requests = server.Requests.ToArray();
        Assert.Equal(2, requests.Length);
        Assert.Null(requests[0].Range);
        Assert.Matches("^bytes=[1-9][0-9]*-$", requests[1].Range);
    }

    [Fact]
    public void AStalledTransferTimesOutAndIsResumed()
    {
        using var temp = new TempFolder();
        using var server = new LocalHttpServer();
        var data = DataFormats.RandomBytes(200_000, 6);
        server.Serve("file.bin", data);
        server.StallNext("file.bin");
        var target = Path.Combine(temp.Path, "file.bin");
        using var downloader = new HttpDownloader(NullLogger.Instance) { StallTimeout = TimeSpan.FromMilliseconds(300) };

        downloader.Fetch(new Uri(server.BaseUrl + "file.bin"), target, FileChecksum.Md5(Convert.ToHexStringLower(MD5.HashData(data))));

        Assert.Equal(data, File.ReadAllBytes(target));
        Assert.Matches("^bytes=[1-9][0-9]*-$", server.Requests.Last().Range);
    }

    [Fact]
    public void ATransferThatKeepsBreakingGivesUpAndKeepsThePartialFileForTheNextRun()
    {
        using var temp = new TempFolder();
        using var server = new LocalHttpServer();
        var data = DataFormats.RandomBytes(100_000, 7);
        server.Serve("file.bin", data);
        server.TruncateNext("file.bin", times: 10);
        var target = Path.Combine(temp.Path, "file.bin");
        using var downloader = new HttpDownloader(NullLogger.Instance) { MaxAttempts = 3 };

        var error = Assert.Throws<HttpRequestException>(() =>
            downloader.Fetch(new Uri(server.BaseUrl + "file.bin"), target, FileChecksum.Md5(Convert.ToHexStringLower(MD5.HashData(data)))));

        Assert.Contains($"Downloading {server.BaseUrl}file.bin failed after 3 attempts", error.Message);
        Assert.Contains("running again resumes it", error.Message);
        Assert.False(File.Exists(target));
        Assert.True(new FileInfo(target + ".partial").Length > 0);
    }

    [Fact]
    public void APartialFileLeftByAnEarlierRunIsResumedAndAServerThatIgnoresRangesRestartsIt()
    {
        using var temp = new TempFolder();
        using var server = new LocalHttpServer();
        var data = DataFormats.RandomBytes(50_000, 5);
        server.Serve("file.bin", data);
        var checksum = FileChecksum.Md5(Convert.ToHexStringLower(MD5.HashData(data)));
        using var downloader = new HttpDownloader(NullLogger.Instance);
        var resumed = Path.Combine(temp.Path, "resumed.bin");
        File.WriteAllBytes(resumed + ".partial", data[..12_345]);

        downloader.Fetch(new Uri(server.BaseUrl + "file.bin"), resumed, checksum);

        Assert.Equal(data, File.ReadAllBytes(resumed));
        Assert.Equal("bytes=12345-", server.Requests.Single().Range);

        server.SupportsRanges = false;
        var restarted = Path.Combine(temp.Path, "restarted.bin");
        File.WriteAllBytes(restarted + ".partial", new byte[999]);
        downloader.Fetch(new Uri(server.BaseUrl + "file.bin"), restarted, checksum);
        Assert.Equal(data, File.ReadAllBytes(restarted));
    }

    [Fact]
    public void A404IsAClearErrorWithTheUrlAndWhatToPlaceWhere()
    {
        using var temp = new TempFolder();
        using var server = new LocalHttpServer();
        var dataset = new MnistDataset(new IdxDatasetOptions { Root = temp.Path, Download = true, Mirror = server.BaseUrl + "mnist/" }, VisionTestContext.Create());

        var error = Assert.Throws<InvalidOperationException>(() => dataset.Load(DatasetSplit.Test));

        Assert.Contains($"{server.BaseUrl}mnist/train-images-idx3-ubyte.gz failed: the server answered 404", error.Message);
        Assert.Contains("Place train-images-idx3-ubyte.gz (or the unzipped train-images-idx3-ubyte), train-labels-idx1-ubyte.gz (or the unzipped train-labels-idx1-ubyte), t10k-images-idx3-ubyte.gz", error.Message);
        Assert.Contains($"in '{temp.Path}'", error.Message);
        Assert.Contains("https://ossci-datasets.s3.amazonaws.com/mnist/t10k-labels-idx1-ubyte.gz", error.Message);
        Assert.Empty(Directory.GetFiles(temp.Path));
    }

    [Fact]
    public void WithoutNetworkTheErrorSaysWhichFilesToPlaceWhere()
    {
        using var temp = new TempFolder();
        string closed;
        using (var server = new LocalHttpServer())
        {
            closed = server.BaseUrl;
        }

        var dataset = new Stl10Dataset(new Stl10Options { Root = temp.Path, Download = true, Mirror = closed }, VisionTestContext.Create());

        var error = Assert.Throws<InvalidOperationException>(() => dataset.Load(DatasetSplit.Test));

        Assert.Contains("downloading them failed", error.Message);
        Assert.Contains("Place train_X.bin, train_y.bin, test_X.bin, test_y.bin in", error.Message);
        Assert.Contains("'stl10_binary'", error.Message);
        Assert.Contains("http://ai.stanford.edu/~acoates/stl10/stl10_binary.tar.gz", error.Message);
    }

    [Fact]
    public void DownloadedIdxFilesAreVerifiedAndReadGzipped()
    {
        using var temp = new TempFolder();
        using var server = new LocalHttpServer();
        var scratch = temp.Folder("scratch");
        IdxDatasetTests.WriteIdx(scratch);
        // The downloaded files are the .gz ones; make the raw test files gz too.
        foreach (var name in new[] { "t10k-images-idx3-ubyte", "t10k-labels-idx1-ubyte" })
        {
            File.WriteAllBytes(Path.Combine(scratch, name + ".gz"), DataFormats.Gzip(File.ReadAllBytes(Path.Combine(scratch, name))));
        }

        var files = MnistDataset.Source.Files.Select(f =>
        {
            var bytes = File.ReadAllBytes(Path.Combine(scratch, f.Name));
            server.Serve("kmnist/" + f.Name, bytes);
            return f with { Checksum = FileChecksum.Md5(Convert.ToHexStringLower(MD5.HashData(bytes))) };
        }).ToList();
        var source = KmnistDataset.Source with { Files = files };
        var root = Path.Combine(temp.Path, "cache", "kmnist");

        // As with SIMLAP_DATA_MIRROR: <mirror>/<name>/<file>.
        Assert.Equal(new Uri(server.BaseUrl + "kmnist/t10k-images-idx3-ubyte.gz"), source.UrlOf(files[2], null, server.BaseUrl.TrimEnd('/')));
        DataFiles.Fetch(source, root, server.BaseUrl + "kmnist", NullLogger.Instance);
        using var test = new KmnistDataset(new IdxDatasetOptions { Root = root }, VisionTestContext.Create()).Load(DatasetSplit.Test);

        Assert.Equal(3, test.Count);
        Assert.Equal(4, server.Requests.Count);
        Assert.Equal(new Uri(KmnistDataset.Source.BaseUrl + "train-images-idx3-ubyte.gz"), KmnistDataset.Source.UrlOf(files[0], "", ""));
    }
}
