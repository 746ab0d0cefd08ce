using System.Diagnostics;
using System.Security.Cryptography;
using Kaniko.Engine.Layers;

namespace Kaniko.Engine.Tests.Layers;

[TestClass]
public sealed class XzDecompressionStreamTests
{
    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    [DataRow(100_000)]
    [DataRow(3_000_000)]
    public void Read_WhatXzCompressed_GivesTheSameBytes(int size)
    {
        using var folder = new TestFolder();
        var original = folder.Combine("data");
        var bytes = new byte[size];
        new Random(size).NextBytes(bytes.AsSpan(0, size / 2));
        File.WriteAllBytes(original, bytes);
        Xz(original);

        using var decompressed = new XzDecompressionStream(File.OpenRead(original + ".xz"));
        var hash = SHA256.HashData(decompressed);

        CollectionAssert.AreEqual(SHA256.HashData(bytes), hash);
    }

    [TestMethod]
    public void Read_ConcatenatedStreams_GivesBoth()
    {
        using var folder = new TestFolder();
        File.WriteAllText(folder.Combine("a"), "first ");
        File.WriteAllText(folder.Combine("b"), "second");
        Xz(folder.Combine("a"));
        Xz(folder.Combine("b"));
        using (var both = File.Create(folder.Combine("both.xz")))
        {
            both.Write(File.ReadAllBytes(folder.Combine("a.xz")));
            both.Write(File.ReadAllBytes(folder.Combine("b.xz")));
        }

        using var reader = new StreamReader(new XzDecompressionStream(File.OpenRead(folder.Combine("both.xz"))));

        Assert.AreEqual("first second", reader.ReadToEnd());
    }

    [TestMethod]
    [DataRow(true)]
    [DataRow(false)]
    public void Read_DamagedOrTruncated_IsInvalidData(bool truncate)
    {
        using var folder = new TestFolder();
        var original = folder.Combine("data");
        File.WriteAllBytes(original, RandomNumberGenerator.GetBytes(200_000));
        Xz(original);
        var compressed = File.ReadAllBytes(original + ".xz");
        if (truncate)
        {
            compressed = compressed[..(compressed.Length / 2)];
        }
        else
        {
            compressed[compressed.Length / 2] ^= 0xFF;
        }

        using var decompressed = new XzDecompressionStream(new MemoryStream(compressed));

        Assert.ThrowsExactly<InvalidDataException>(() => decompressed.CopyTo(Stream.Null));
    }

    private static void Xz(string path)
    {
        using var process = Process.Start("xz", ["-k", "-6", path])!;
        process.WaitForExit();
        Assert.AreEqual(0, process.ExitCode);
    }
}
