using System.Formats.Tar;
using System.IO.Compression;
using Kaniko.Engine.Building;
using Kaniko.Engine.Images;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaniko.Engine.Tests.Building;

[TestClass]
public sealed class ImageBuilderTests
{
    [TestMethod]
    public async Task Build_Reproducible_SameInputGivesTheSameDigest()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/app/a.txt", "a");
        folder.WriteFile("context/Dockerfile", "FROM scratch\nCOPY app /app\nENV A=1\n");

        var first = await BuildAsync(folder, "out1");
        File.SetLastWriteTimeUtc(folder.Combine("context/app/a.txt"), DateTime.UtcNow.AddDays(-3));
        var second = await BuildAsync(folder, "out2");

        Assert.AreEqual(first.ManifestDigest, second.ManifestDigest);
    }

    [TestMethod]
    public async Task Build_Reproducible_DifferentContentGivesADifferentDigest()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/app/a.txt", "a");
        folder.WriteFile("context/Dockerfile", "FROM scratch\nCOPY app /app\n");
        var first = await BuildAsync(folder, "out1");

        folder.WriteFile("context/app/a.txt", "b");
        var second = await BuildAsync(folder, "out2");

        Assert.AreNotEqual(first.ManifestDigest, second.ManifestDigest);
    }

    [TestMethod]
    public async Task Build_OneLayerPerFilesystemInstruction_HistoryForEvery()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/a.txt", "a");
        folder.WriteFile("context/Dockerfile", "FROM scratch\nWORKDIR /w\nWORKDIR /w\nCOPY a.txt .\nLABEL x=y\nCMD [\"/a\"]\n");

        var result = await BuildAsync(folder, "out");
        var image = await OciLayoutReader.ReadAsync(folder.Combine("out"), "latest", Platform.Host, CancellationToken.None);

        Assert.AreEqual(2, image.Layers.Count, "WORKDIR that creates /w and COPY make layers; the second WORKDIR finds /w and does not");
        Assert.AreEqual(2, result.Layers.Count);
        Assert.AreEqual(5, image.Config.History.Count);
        CollectionAssert.AreEqual(
            new bool?[] { null, true, null, true, true },
            image.Config.History.Select(h => h.EmptyLayer).ToList());
        Assert.AreEqual("COPY a.txt . # buildkit", image.Config.History[2].CreatedBy);
        CollectionAssert.AreEqual(new[] { "w", "w/a.txt" }, EntryNames(image.Layers[1].BlobPath));
        Assert.AreEqual(DateTimeOffset.UnixEpoch, image.Config.Created);
    }

    [TestMethod]
    public async Task Build_CopyDirectory_CopiesItsContentsAndKeepsInnerLinks()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/dir/sub/file.txt", "f");
        File.CreateSymbolicLink(folder.Combine("context/dir/link"), "sub/file.txt");
        folder.WriteFile("context/Dockerfile", "FROM scratch\nCOPY dir /dest/\n");

        var image = await BuildAndReadAsync(folder);

        var entries = Entries(image.Layers.Single().BlobPath);
        CollectionAssert.AreEqual(new[] { "dest", "dest/link", "dest/sub", "dest/sub/file.txt" }, entries.Select(e => e.Name.TrimEnd('/')).ToList());
        var link = entries.Single(e => e.Name == "dest/link");
        Assert.AreEqual(TarEntryType.SymbolicLink, link.EntryType);
        Assert.AreEqual("sub/file.txt", link.LinkName);
    }

    [TestMethod]
    public async Task Build_CopyMissingSource_NamesTheDockerfileLine()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/Dockerfile", "FROM scratch\n\nCOPY nothing-here /x\n");

        var error = await Assert.ThrowsExactlyAsync<Kaniko.Engine.Dockerfiles.DockerfileException>(() => BuildAsync(folder, "out"));

        Assert.AreEqual(3, error.Location.Line);
        StringAssert.Contains(error.Message, "nothing-here");
    }

    [TestMethod]
    [DataRow("FROM scratch\nLABEL a=b\n", "/", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin")]
    [DataRow("FROM scratch\nENV PATH=$PATH:/opt/bin\n", "/", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin:/opt/bin")]
    [DataRow("FROM scratch\nENV PATH=/only A=1\nWORKDIR app\n", "/app", "PATH=/only|A=1")]
    [DataRow("FROM scratch AS base\nENV A=1\nFROM base\n", "/", "PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin|A=1")]
    public async Task Build_FromScratch_StartsFromBuildKitsEmptyImageConfig(string dockerfile, string workingDir, string env)
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/Dockerfile", dockerfile);

        var image = await BuildAndReadAsync(folder);

        Assert.AreEqual(workingDir, image.Config.Config.WorkingDir);
        Assert.AreEqual(env, string.Join('|', image.Config.Config.Env ?? []));
    }

    [TestMethod]
    [DataRow("FROM scratch\n\nCOPY $UNSET /baz\n")]
    [DataRow("FROM scratch\nENV src K\nARG ${src}=a.txt\nCOPY $K /baz\n")]
    [DataRow("FROM scratch\nCOPY a.txt ${UNSET} /baz/\n")]
    [DataRow("FROM scratch\nADD \"\" /baz\n")]
    public async Task Build_SourceEmptyAfterExpansion_FailsInsteadOfCopyingTheContext(string dockerfile)
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/a.txt", "a");
        folder.WriteFile("context/Dockerfile", dockerfile);

        var error = await Assert.ThrowsExactlyAsync<Kaniko.Engine.Dockerfiles.DockerfileException>(() => BuildAsync(folder, "out"));

        Assert.AreEqual("KANIKO3209", error.Code);
        Assert.AreEqual(dockerfile.Split('\n').Length - 1, error.Location.Line);
        StringAssert.Contains(error.Message, "empty after expansion");
    }

    [TestMethod]
    public async Task Build_EntrypointClearsAnInheritedCmd_ButNotOneSetInTheStage()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/Dockerfile", "FROM scratch\nCMD [\"a\"]\nENTRYPOINT echo hi\n");

        var image = await BuildAndReadAsync(folder);

        CollectionAssert.AreEqual(new[] { "/bin/sh", "-c", "echo hi" }, image.Config.Config.Entrypoint);
        CollectionAssert.AreEqual(new[] { "a" }, image.Config.Config.Cmd);
    }

    [TestMethod]
    public async Task Build_Dockerignore_LeavesExcludedFilesOut_AndExceptionsIn()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/a.txt", "a");
        folder.WriteFile("context/debug.log", "log");
        folder.WriteFile("context/secrets/private.txt", "private");
        folder.WriteFile("context/secrets/public.txt", "public");
        folder.WriteFile("context/.dockerignore", "*.log\nsecrets\n!secrets/public.txt\n");
        folder.WriteFile("context/Dockerfile", "FROM scratch\nCOPY . /app\n");

        var image = await BuildAndReadAsync(folder);

        CollectionAssert.AreEqual(
            new[] { "app", "app/.dockerignore", "app/Dockerfile", "app/a.txt", "app/secrets", "app/secrets/public.txt" },
            EntryNames(image.Layers.Single().BlobPath));
    }

    [TestMethod]
    public async Task Build_DockerfileSpecificIgnoreFile_WinsOverTheContexts()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/a.txt", "a");
        folder.WriteFile("context/b.txt", "b");
        folder.WriteFile("context/.dockerignore", "a.txt\n");
        folder.WriteFile("context/Dockerfile.dockerignore", "b.txt\n");
        folder.WriteFile("context/Dockerfile", "FROM scratch\nCOPY *.txt /app/\n");

        var image = await BuildAndReadAsync(folder);

        CollectionAssert.AreEqual(new[] { "app", "app/a.txt" }, EntryNames(image.Layers.Single().BlobPath));
    }

    [TestMethod]
    public async Task Build_CopyOfAnIgnoredFile_IsNotFound()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/debug.log", "log");
        folder.WriteFile("context/.dockerignore", "*.log\n");
        folder.WriteFile("context/Dockerfile", "FROM scratch\nCOPY debug.log /x\n");

        var error = await Assert.ThrowsExactlyAsync<Kaniko.Engine.Dockerfiles.DockerfileException>(() => BuildAsync(folder, "out"));

        StringAssert.Contains(error.Message, "debug.log");
        Assert.AreEqual(2, error.Location.Line);
    }

    [TestMethod]
    public async Task Build_EscapeDirective_IsTheEscapeOfEveryExpandedWord()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/Dockerfile", "# escape=`\nFROM scratch\nENV A=x\nLABEL one=`$A two=\\$A\n");

        var image = await BuildAndReadAsync(folder);

        Assert.AreEqual("$A", image.Config.Config.Labels!["one"]);
        Assert.AreEqual("\\x", image.Config.Config.Labels!["two"], "a backslash is an ordinary character under escape=`");
    }

    [TestMethod]
    public async Task Build_ExpansionError_NamesTheInstructionsLine()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/Dockerfile", "FROM scratch\nENV A=1\nLABEL x=${MISSING:?required}\n");

        var error = await Assert.ThrowsExactlyAsync<Kaniko.Engine.Dockerfiles.DockerfileException>(() => BuildAsync(folder, "out"));

        Assert.AreEqual(3, error.Location.Line);
        StringAssert.Contains(error.Message, "required");
    }

    /// <summary>Builds the folder's context into an OCI layout and reads the image back from it.</summary>
    private static async Task<LocalImage> BuildAndReadAsync(TestFolder folder)
    {
        await BuildAsync(folder, "out");
        return await OciLayoutReader.ReadAsync(folder.Combine("out"), "latest", Platform.Host, CancellationToken.None);
    }

    private static Task<BuildResult> BuildAsync(TestFolder folder, string output) =>
        new ImageBuilder(NullLogger.Instance).BuildAsync(new BuildRequest
        {
            ContextDirectory = folder.Combine("context"),
            NoPush = true,
            OciLayoutPath = folder.Combine(output),
            Reproducible = true,
        });

    private static List<string> EntryNames(string gzipLayer) => Entries(gzipLayer).Select(e => e.Name.TrimEnd('/')).ToList();

    private static List<TarEntry> Entries(string gzipLayer)
    {
        using var file = File.OpenRead(gzipLayer);
        using var gzip = new GZipStream(file, CompressionMode.Decompress);
        using var reader = new TarReader(gzip);
        var entries = new List<TarEntry>();
        while (reader.GetNextEntry() is { } entry)
        {
            entries.Add(entry);
        }

        return entries;
    }
}
