using Kaniko.Engine.Caching;
using Kaniko.Engine.Commands;
using Kaniko.Engine.Contexts;
using Kaniko.Engine.Dockerfiles;
using Kaniko.Engine.Filesystem;
using Kaniko.Engine.Images;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaniko.Engine.Tests.Caching;

/// <summary>Which inputs change an instruction's composite key, and which do not.</summary>
[TestClass]
public sealed class InstructionCacheKeyTests
{
    private const string CopyAndRun = "COPY app /app\nARG USED\nRUN echo $USED\n";

    [TestMethod]
    public void Encoding_IsLengthPrefixed_SoValuesCannotRunTogether()
    {
        var split1 = new CacheKeyEncoding().Add("text", "a").Add("text", "bc");
        var split2 = new CacheKeyEncoding().Add("text", "ab").Add("text", "c");

        Assert.AreNotEqual(split1.Key(), split2.Key());
        Assert.AreEqual("kaniko-layer-cache-key/v1\ntext:1:a\ntext:2:bc\n", split1.Encoded);
        Assert.AreEqual(64, split1.Key().Length);
        Assert.AreEqual(new CacheKeyEncoding().Add("text", "a").Add("text", "bc").Key(), split1.Key(), "the same fields give the same key");
    }

    [TestMethod]
    public async Task SameInputs_SameKeys()
    {
        using var folder = Context();
        CollectionAssert.AreEqual(await KeysAsync(folder, CopyAndRun), await KeysAsync(folder, CopyAndRun));
    }

    [TestMethod]
    public async Task UnusedBuildArgument_ChangesNoKey()
    {
        using var folder = Context();
        var before = await KeysAsync(folder, CopyAndRun, new() { ["USED"] = "1", ["UNUSED"] = "a" });
        var after = await KeysAsync(folder, CopyAndRun, new() { ["USED"] = "1", ["UNUSED"] = "b" });
        CollectionAssert.AreEqual(before, after);
    }

    [TestMethod]
    public async Task DeclaredArgumentValue_ChangesTheRunAfterItOnly()
    {
        using var folder = Context();
        var before = await KeysAsync(folder, CopyAndRun, new() { ["USED"] = "1" });
        var after = await KeysAsync(folder, CopyAndRun, new() { ["USED"] = "2" });
        Assert.AreEqual(before[0], after[0], "COPY");
        Assert.AreEqual(before[1], after[1], "ARG");
        Assert.AreNotEqual(before[2], after[2], "RUN");
    }

    [TestMethod]
    public async Task SourceContent_ChangesTheCopy_ModificationTimeDoesNot()
    {
        using var folder = Context();
        var before = await KeysAsync(folder, CopyAndRun);
        File.SetLastWriteTimeUtc(folder.Combine("context/app/a.txt"), DateTime.UtcNow.AddDays(-1));
        var touched = await KeysAsync(folder, CopyAndRun);
        folder.WriteFile("context/app/a.txt", "changed");
        var changed = await KeysAsync(folder, CopyAndRun);

        CollectionAssert.AreEqual(before, touched);
        Assert.AreNotEqual(before[0], changed[0]);
        Assert.AreNotEqual(before[2], changed[2], "every later key changes with it");
    }

    [TestMethod]
    public async Task SourceMode_ChangesTheCopy()
    {
        using var folder = Context();
        var before = await KeysAsync(folder, CopyAndRun);
        File.SetUnixFileMode(folder.Combine("context/app/a.txt"), UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        Assert.AreNotEqual(before[0], (await KeysAsync(folder, CopyAndRun))[0]);
    }

    [TestMethod]
    public async Task DockerignoredFile_ChangesNoKey()
    {
        using var folder = Context();
        folder.WriteFile("context/app/ignored.log", "1");
        var before = await KeysAsync(folder, CopyAndRun, ignore: "app/*.log");
        folder.WriteFile("context/app/ignored.log", "2");
        CollectionAssert.AreEqual(before, await KeysAsync(folder, CopyAndRun, ignore: "app/*.log"));
    }

    [TestMethod]
    public async Task ArgumentInCopyDestination_ChangesTheCopy()
    {
        using var folder = Context();
        const string dockerfile = "ARG DEST=/one\nCOPY app $DEST\n";
        var before = await KeysAsync(folder, dockerfile);
        var after = await KeysAsync(folder, dockerfile, new() { ["DEST"] = "/two" });
        Assert.AreNotEqual(before[1], after[1]);
    }

    [TestMethod]
    [DataRow("COPY --chown=1:1 app /app\n", "COPY --chown=2:2 app /app\n")]
    [DataRow("COPY --chmod=644 app /app\n", "COPY --chmod=755 app /app\n")]
    [DataRow("ENV A=1\nRUN true\n", "ENV A=2\nRUN true\n")]
    [DataRow("WORKDIR /a\nRUN true\n", "WORKDIR /b\nRUN true\n")]
    [DataRow("RUN echo a\n", "RUN echo b\n")]
    [DataRow("USER 1\nRUN true\n", "USER 2\nRUN true\n")]
    public async Task WhatTheInstructionSees_ChangesItsKey(string one, string other)
    {
        using var folder = Context();
        Assert.AreNotEqual((await KeysAsync(folder, one))[^1], (await KeysAsync(folder, other))[^1]);
    }

    [TestMethod]
    public async Task ArgumentInACopiedHeredoc_ChangesTheCopy()
    {
        using var folder = Context();
        const string dockerfile = "ARG V=1\nCOPY <<EOF /version\n$V\nEOF\n";
        var before = await KeysAsync(folder, dockerfile);
        var after = await KeysAsync(folder, dockerfile, new() { ["V"] = "2" });
        Assert.AreNotEqual(before[1], after[1]);
    }

    [TestMethod]
    [DataRow("ADD <<EOF /version\n1\nEOF\n", "ADD <<EOF /version\n2\nEOF\n")]
    [DataRow("ADD <<'EOF' /version\n1\nEOF\n", "ADD <<'EOF' /version\n2\nEOF\n")]
    [DataRow("ADD app <<EOF /dest/\n1\nEOF\n", "ADD app <<EOF /dest/\n2\nEOF\n")]
    public async Task AddedHeredocContent_ChangesTheAdd(string one, string other)
    {
        using var folder = Context();
        var before = await KeysAsync(folder, one);
        var after = await KeysAsync(folder, other);
        Assert.IsNotNull(before[0], "an ADD of a here-document is cacheable");
        Assert.AreNotEqual(before[0], after[0]);
        CollectionAssert.AreEqual(before, await KeysAsync(folder, one), "the same here-document gives the same key");
    }

    [TestMethod]
    public async Task ArgumentInAnAddedHeredoc_ChangesTheAddOnlyWhenItExpands()
    {
        using var folder = Context();
        const string expanded = "ARG V=1\nADD <<EOF /version\n$V\nEOF\n";
        const string quoted = "ARG V=1\nADD <<'EOF' /version\n$V\nEOF\n";
        Assert.AreNotEqual((await KeysAsync(folder, expanded))[1], (await KeysAsync(folder, expanded, new() { ["V"] = "2" }))[1]);
        Assert.AreEqual((await KeysAsync(folder, quoted))[1], (await KeysAsync(folder, quoted, new() { ["V"] = "2" }))[1]);
    }

    [TestMethod]
    public async Task Parent_ChangesTheKey()
    {
        using var folder = Context();
        Assert.AreNotEqual((await KeysAsync(folder, CopyAndRun, parent: "a"))[0], (await KeysAsync(folder, CopyAndRun, parent: "b"))[0]);
    }

    [TestMethod]
    public async Task RunWithABindMount_IsNotCacheable()
    {
        using var folder = Context();
        var keys = await KeysAsync(folder, "RUN --mount=type=bind,target=/src true\n");
        Assert.IsNull(keys[0]);
    }

    [TestMethod]
    public async Task Keys_AreTheSameInEveryVersion_SoStoredEntriesKeepHitting()
    {
        using var folder = Context();
        var keys = await KeysAsync(folder, "ENV A=1\nARG V\nLABEL l=$V\nWORKDIR /w/$A\nRUN echo $V\nCOPY <<EOF /f\n$V\nEOF\n", new() { ["V"] = "2" });
        // Computed by the keys' first implementation; a change here means every stored entry misses (a new CacheKeyEncoding version line).
        CollectionAssert.AreEqual(
            new[]
            {
                "842fe277f7451306e9ee4a5e63e9b35181ad2edcc42cc7237bcebd66e3e3cfb1",
                "e35e7bb4e9396351c020bfea25f6d73f6c62ae0c12f79036c174e07d7f79255d",
                "af74658b44fefc1dc5757f41db0f25a8d9deac11ccc1625bb72054df41ac3543",
                "c24c64b5d7382f2d9a5d622487f8d9631aa115309b99264d1b951cf29f5eea49",
                "fcb2e3009c7331db4be1ab815ebb4b5fe17b8ccd1cfe727e7ca095d27f330dc1",
                "036c8fa4f265e83577594257af228de3cd45eb4914cfce71a0c1e928067bad54",
            },
            keys);
    }

    private static TestFolder Context()
    {
        var folder = new TestFolder();
        folder.WriteFile("context/app/a.txt", "a");
        folder.WriteFile("context/app/sub/b.txt", "b");
        Directory.CreateDirectory(folder.Combine("root"));
        return folder;
    }

    /// <summary>The chain of keys of the instructions after <c>FROM scratch</c>, each executed after its key (a fresh root each time).</summary>
    private static async Task<List<string?>> KeysAsync(TestFolder folder, string instructions, Dictionary<string, string>? buildArguments = null, string? ignore = null, string parent = "seed")
    {
        var root = folder.Combine("root-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(root);
        var context = new BuildContextDirectory(folder.Combine("context"));
        if (ignore is not null)
        {
            context = context.WithIgnore(DockerignoreMatcher.Parse(ignore, ".dockerignore"));
        }

        var variables = new StageVariables(new Dictionary<string, string>(), buildArguments ?? [], new Dictionary<string, string>(), new HashSet<string>(), '\\');
        var stage = new StageState(new RootDirectory(root), context, new ImageConfig { Architecture = "amd64", Os = "linux" }, NullLogger.Instance) { Variables = variables };
        var keys = new List<string?>();
        foreach (var instruction in DockerfileParser.Parse("FROM scratch\n" + instructions, "Dockerfile").Instructions.Skip(1))
        {
            var command = BuildCommands.Create(instruction);
            var encoding = await InstructionCacheKey.ForAsync(parent, command, stage, CancellationToken.None);
            keys.Add(encoding?.Key());
            parent = encoding?.Key() ?? "";
            if (instruction is not RunInstruction)
            {
                await command.ExecuteAsync(stage, CancellationToken.None);
            }
        }

        return keys;
    }
}
