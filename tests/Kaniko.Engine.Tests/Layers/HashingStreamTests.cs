using System.Security.Cryptography;
using Kaniko.Engine.Layers;

namespace Kaniko.Engine.Tests.Layers;

[TestClass]
public sealed class HashingStreamTests
{
    [TestMethod]
    [DataRow(0)]
    [DataRow(1)]
    [DataRow(100_000)]
    public async Task Write_PassesBytesThroughAndHashesThem(int length)
    {
        var data = new byte[length];
        Random.Shared.NextBytes(data);
        using var inner = new MemoryStream();
        var hashing = new HashingStream(inner, leaveOpen: true);
        await using (hashing)
        {
            hashing.Write(data.AsSpan(0, length / 2));
            await hashing.WriteAsync(data.AsMemory(length / 2));

            Assert.AreEqual(length, hashing.BytesWritten);
            Assert.AreEqual("sha256:" + Convert.ToHexStringLower(SHA256.HashData(data)), hashing.CurrentDigest());
        }

        CollectionAssert.AreEqual(data, inner.ToArray());
        Assert.IsTrue(inner.CanWrite, "leaveOpen keeps the inner stream open");
    }
}
