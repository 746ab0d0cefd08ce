using System.IO.Compression;
using System.Text;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Run;

/// <summary>RUN --mount: cache folders persist between builds outside the image, secrets never reach the image, binds are read-only.</summary>
[TestClass]
public sealed class RunMountTests
{
    private const string Secret = "s3cr3t-value";

    [TestMethod]
    [DataRow("overlay")]
    [DataRow("walk")]
    public async Task RunMount_CacheSecretBindTmpfs_WorkAndStayOutOfTheImage(string snapshotter)
    {
        using var temp = TemporaryDirectory.Create("run-mounts");
        var cache = temp.Combine("cache");
        var secretFile = temp.Combine("token");
        await File.WriteAllTextAsync(secretFile, Secret);
        string[] flags = ["--snapshotter", snapshotter, "--run-cache-dir", cache, "--secret", $"id=token,src={secretFile}"];

        await using (var first = await RunBuild.StartAsync("run-mounts", flags))
        {
            Assert.AreEqual(0, first.Result.ExitCode, first.Result.StandardError);
            var (rootfs, _) = await first.UnpackAsync();
            Assert.AreEqual("1", Read(rootfs, "cache-count.txt"));
        }

        await using var second = await RunBuild.StartAsync("run-mounts", flags);
        Assert.AreEqual(0, second.Result.ExitCode, second.Result.StandardError);
        var (root, layout) = await second.UnpackAsync();

        Assert.AreEqual("2", Read(root, "cache-count.txt"), "the cache folder was kept between the builds");
        Assert.IsFalse(Directory.Exists(Path.Combine(root, "var/cache/app")), "the cache mount point is not in the image");
        Assert.AreEqual(Secret.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), Read(root, "secret-length.txt"));
        Assert.AreEqual("-r--------", Read(root, "secret-mode.txt"));
        Assert.AreEqual(Secret.Length.ToString(System.Globalization.CultureInfo.InvariantCulture), Read(root, "secret-env-length.txt"));
        Assert.IsFalse(Directory.Exists(Path.Combine(root, "run")), "the secret's mount point is not in the image");
        Assert.AreEqual("from the context", Read(root, "from-context.txt"));
        Assert.AreEqual("from-stage", Read(root, "from-stage.txt"));
        Assert.AreEqual("temp", Read(root, "from-tmpfs.txt"));
        Assert.IsFalse(Directory.Exists(Path.Combine(root, "scratch")) || Directory.Exists(Path.Combine(root, "mnt")), "mount points are not in the image");
        await AssertNoBlobHoldsAsync(layout, Secret);
    }

    private static string Read(string root, string path) => File.ReadAllText(Path.Combine(root, path)).Trim();

    /// <summary>Every blob of the layout (layers decompressed, config, manifests) is searched for the text.</summary>
    private static async Task AssertNoBlobHoldsAsync(string layout, string text)
    {
        var needle = Encoding.UTF8.GetBytes(text);
        foreach (var blob in Directory.EnumerateFiles(layout, "*", SearchOption.AllDirectories))
        {
            var bytes = await File.ReadAllBytesAsync(blob);
            if (bytes is [0x1f, 0x8b, ..])
            {
                using var gzip = new GZipStream(new MemoryStream(bytes), CompressionMode.Decompress);
                using var plain = new MemoryStream();
                await gzip.CopyToAsync(plain);
                bytes = plain.ToArray();
            }

            Assert.AreEqual(-1, bytes.AsSpan().IndexOf(needle), $"{blob} holds the secret");
        }
    }
}
