using System.Text;
using Kaniko.Engine.Images;

namespace Kaniko.Engine.Tests.Images;

[TestClass]
public sealed class DigestTests
{
    private const string EmptySha256 = "sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855";
    private const string AbcSha256 = "sha256:ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad";

    [TestMethod]
    [DataRow(EmptySha256)]
    [DataRow("sha512:cf83e1357eefb8bdf1542850d66d8007d620e4050b5715dc83f4a921d36ce9ce47d0d13c5d85f2b0ff8318d2877eec2f63b931bd47417a81a538327af927da3e")]
    public void Parse_FormatsBackUnchanged(string text)
    {
        var digest = Digest.Parse(text);

        Assert.AreEqual(text, digest.ToString());
        Assert.AreEqual(text[..text.IndexOf(':', StringComparison.Ordinal)], digest.Algorithm);
    }

    [TestMethod]
    [DataRow(null)]
    [DataRow("")]
    [DataRow("sha256")]
    [DataRow("sha256:")]
    [DataRow(":e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [DataRow("sha256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b85")]
    [DataRow("sha256:E3B0C44298FC1C149AFBF4C8996FB92427AE41E4649B934CA495991B7852B855")]
    [DataRow("sha256:g3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    [DataRow("md5:d41d8cd98f00b204e9800998ecf8427e")]
    [DataRow("SHA256:e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855")]
    public void TryParse_Invalid_IsFalse_AndParseThrows(string? text)
    {
        Assert.IsFalse(Digest.TryParse(text, out _));
        if (text is not null)
        {
            var error = Assert.ThrowsExactly<KanikoException>(() => Digest.Parse(text));
            Assert.AreEqual("KANIKO1002", error.Code);
        }
    }

    [TestMethod]
    public void Sha256_OfBytes_IsTheKnownVector()
    {
        Assert.AreEqual(EmptySha256, Digest.Sha256([]).ToString());
        Assert.AreEqual(AbcSha256, Digest.Sha256("abc"u8).ToString());
    }

    [TestMethod]
    public async Task Sha256Async_OfStream_EqualsSpanDigest()
    {
        byte[] bytes = Encoding.UTF8.GetBytes(new string('x', 200_000));
        using var stream = new MemoryStream(bytes);

        var digest = await Digest.Sha256Async(stream, CancellationToken.None);

        Assert.AreEqual(Digest.Sha256(bytes), digest);
    }

    [TestMethod]
    public void FromSha256Hash_WrongLength_Throws()
    {
        Assert.ThrowsExactly<ArgumentException>(() => Digest.FromSha256Hash(new byte[31]));
    }

    [TestMethod]
    public void Equality_IsByValue()
    {
        Assert.AreEqual(Digest.Parse(AbcSha256), Digest.Sha256("abc"u8));
        Assert.AreNotEqual(Digest.Parse(EmptySha256), Digest.Sha256("abc"u8));
    }
}
