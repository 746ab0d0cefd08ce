using System.Text;
using Kaniko.Engine.Images;

namespace Kaniko.Engine.Tests.Images;

[TestClass]
public sealed class DigestVerifyingStreamTests
{
    private static readonly byte[] Content = "hello, layer"u8.ToArray();

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task MatchingContent_CopiesThrough()
    {
        await using var verifying = new DigestVerifyingStream(new MemoryStream(Content), Digest.Sha256(Content), Content.Length);
        using var destination = new MemoryStream();

        await verifying.CopyToAsync(destination, TestContext.CancellationToken);

        CollectionAssert.AreEqual(Content, destination.ToArray());
    }

    [TestMethod]
    [DataRow("hello, layer", "other content", 12, "its digest is")]
    [DataRow("jello, layer", "hello, layer", 12, "its digest is")]
    [DataRow("hello, layer", "hello, layer", 11, "longer than")]
    [DataRow("hello, layer", "hello, layer", 13, "ended after 12 of the expected 13 bytes")]
    public async Task MismatchedContent_Throws(string served, string describedContent, int describedSize, string reason)
    {
        var expected = Digest.Sha256(Encoding.UTF8.GetBytes(describedContent));
        await using var verifying = new DigestVerifyingStream(new MemoryStream(Encoding.UTF8.GetBytes(served)), expected, describedSize);
        using var destination = new MemoryStream();

        var error = await Assert.ThrowsExactlyAsync<KanikoException>(() => verifying.CopyToAsync(destination, TestContext.CancellationToken));

        Assert.AreEqual("KANIKO1005", error.Code);
        StringAssert.Contains(error.Message, reason);
        StringAssert.Contains(error.Message, expected.ToString());
    }

    [TestMethod]
    public void SynchronousReads_VerifyToo()
    {
        using var verifying = new DigestVerifyingStream(new MemoryStream(Content), Digest.Sha256("x"u8), Content.Length);

        Assert.ThrowsExactly<KanikoException>(() => verifying.CopyTo(Stream.Null));
    }

    [TestMethod]
    public void Matches_ChecksContent()
    {
        Assert.IsTrue(Digest.Sha256(Content).Matches(Content));
        Assert.IsFalse(Digest.Sha256(Content).Matches("x"u8));
    }
}
