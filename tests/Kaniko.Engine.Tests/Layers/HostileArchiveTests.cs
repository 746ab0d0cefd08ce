using System.Runtime.Versioning;
using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Layers;
using Kaniko.Engine.Tests.Filesystem;

namespace Kaniko.Engine.Tests.Layers;

[TestClass]
[UnsupportedOSPlatform("windows")]
public sealed class HostileArchiveTests
{
    public static IEnumerable<object[]> Cases => HostileArchiveCases.All.Select(@case => new object[] { @case.Name });

    [TestMethod]
    public void Table_HasAtLeastThirtyCases()
    {
        Assert.IsGreaterThanOrEqualTo(30, HostileArchiveCases.All.Count);
        Assert.HasCount(HostileArchiveCases.All.Count, HostileArchiveCases.All.Select(@case => @case.Name).Distinct());
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public async Task ExtractAsync_HostileArchive_ChangesNothingOutsideTheRootAndEndsAsTabled(string name)
    {
        var @case = HostileArchiveCases.All.Single(candidate => candidate.Name == name);
        using var work = new TestFolder();
        var root = work.Combine("root");
        Directory.CreateDirectory(root);
        var sentinel = work.Combine("sentinel");
        work.WriteFile("sentinel/secret", "secret");
        work.WriteFile("sentinel/dir/inner", "inner");
        File.CreateSymbolicLink(work.Combine("sentinel/link"), "secret");
        File.SetUnixFileMode(work.Combine("sentinel/secret"), UnixFileMode.UserRead | UnixFileMode.UserWrite);
        work.WriteFile("outside", "outside");
        var before = Fingerprint(work.Path);

        KanikoException? error = null;
        try
        {
            foreach (var layer in @case.Build(sentinel).Layers())
            {
                await LayerExtractor.ExtractAsync(new NonSeekableStream(layer), root);
            }
        }
        catch (KanikoException exception)
        {
            error = exception;
        }

        Assert.AreEqual(before, Fingerprint(work.Path), "nothing outside the root may change");
        Assert.IsFalse(Path.Exists("/evil"));
        if (@case.ErrorCode is { } code)
        {
            Assert.IsNotNull(error, "the archive must be refused");
            Assert.AreEqual(code, error.Code, error.Message);
            StringAssert.Contains(error.Message, "'" + @case.Entry);
            return;
        }

        Assert.IsNull(error, error?.Message);
        foreach (var check in @case.Inside)
        {
            AssertInside(new RootDirectory(root), check.Replace("{/S}", sentinel, StringComparison.Ordinal)
                .Replace("{S}", sentinel.TrimStart('/'), StringComparison.Ordinal));
        }
    }

    [TestMethod]
    [DynamicData(nameof(Cases))]
    public async Task Merge_HostileArchive_GivesTheTreeExtractionGives(string name)
    {
        var @case = HostileArchiveCases.All.Single(candidate => candidate.Name == name);
        using var work = new TestFolder();
        var layers = @case.Build(work.Combine("sentinel")).Layers().Select(layer => layer.ToArray()).ToList();

        if (@case.ErrorCode is { } code)
        {
            await ImageTreeOracle.AssertBothFailAsync(layers, code);
        }
        else
        {
            await ImageTreeOracle.AssertTreeMatchesExtractionAsync(layers);
        }
    }

    private static void AssertInside(RootDirectory root, string check)
    {
        var host = (string path) => Path.Join(root.HostPath, path);
        if (check.StartsWith('!'))
        {
            Assert.IsNull(FileStatus.TryRead(host(check[1..])), check);
        }
        else if (check.Split("->") is [var link, var target])
        {
            Assert.AreEqual(target, new FileInfo(host(link)).LinkTarget, check);
        }
        else if (check.EndsWith('/'))
        {
            Assert.IsTrue(FileStatus.Read(host(check.TrimEnd('/'))).IsDirectory, check);
        }
        else if (check.Split("==") is [var one, var other])
        {
            var (first, second) = (FileStatus.Read(root.Resolve(one)), FileStatus.Read(root.Resolve(other)));
            Assert.AreEqual((first.Device, first.Inode), (second.Device, second.Inode), check);
        }
        else if (check.Split("=>") is [var resolved, var resolvedContent])
        {
            Assert.AreEqual(resolvedContent, File.ReadAllText(root.Resolve(resolved)), check);
        }
        else if (check.Split('=') is [var file, var content])
        {
            Assert.IsTrue(FileStatus.Read(host(file)).IsRegularFile, check);
            Assert.AreEqual(content, File.ReadAllText(host(file)), check);
        }
        else
        {
            Assert.Fail($"Unknown check '{check}'.");
        }
    }

    // Everything beside the root, and the parent folder itself: names, types, modes, owners, sizes,
    // times, link targets and contents, as GNU find and sha256sum see them.
    private static string Fingerprint(string parent) =>
        ExternalCommand.Bash(
            $"cd {ExternalCommand.Quote(parent)} && find . -path ./root -prune -o -printf '%p %y %m %U:%G %s %T@ %l\\n' | sort"
            + " && find . -path ./root -prune -o -type f -print0 | sort -z | xargs -0 -r sha256sum");
}
