using Kaniko.Engine.Images;

namespace Kaniko.Engine.Tests.Images;

[TestClass]
public sealed class ImageReferenceTests
{
    private const string Hex = "4a8bc4c0e4ae0e8e7fd1c1c1a0cd1b0dbd77b2ee2e61a58d36fd1a5c1f8a5b5c";

    [TestMethod]
    [DataRow("busybox", "docker.io", "library/busybox", "latest", null, "docker.io/library/busybox:latest")]
    [DataRow("busybox:1.36", "docker.io", "library/busybox", "1.36", null, "docker.io/library/busybox:1.36")]
    [DataRow("user/repo", "docker.io", "user/repo", "latest", null, "docker.io/user/repo:latest")]
    [DataRow("docker.io/library/x", "docker.io", "library/x", "latest", null, "docker.io/library/x:latest")]
    [DataRow("docker.io/x", "docker.io", "library/x", "latest", null, "docker.io/library/x:latest")]
    [DataRow("index.docker.io/x", "docker.io", "library/x", "latest", null, "docker.io/library/x:latest")]
    [DataRow("index.docker.io/user/x:v1", "docker.io", "user/x", "v1", null, "docker.io/user/x:v1")]
    [DataRow("localhost/x", "localhost", "x", "latest", null, "localhost/x:latest")]
    [DataRow("localhost:5000/a/b:tag", "localhost:5000", "a/b", "tag", null, "localhost:5000/a/b:tag")]
    [DataRow("127.0.0.1:5000/x", "127.0.0.1:5000", "x", "latest", null, "127.0.0.1:5000/x:latest")]
    [DataRow("[::1]:5000/x:1", "[::1]:5000", "x", "1", null, "[::1]:5000/x:1")]
    [DataRow("host.example.com/a/b/c", "host.example.com", "a/b/c", "latest", null, "host.example.com/a/b/c:latest")]
    [DataRow("host.example.com:443/a:b", "host.example.com:443", "a", "b", null, "host.example.com:443/a:b")]
    [DataRow("mcr.microsoft.com/dotnet/runtime:10.0", "mcr.microsoft.com", "dotnet/runtime", "10.0", null, "mcr.microsoft.com/dotnet/runtime:10.0")]
    [DataRow("Registry.Example.com/a", "Registry.Example.com", "a", "latest", null, "Registry.Example.com/a:latest")]
    [DataRow("repo@sha256:" + Hex, "docker.io", "library/repo", null, "sha256:" + Hex, "docker.io/library/repo@sha256:" + Hex)]
    [DataRow("repo:tag@sha256:" + Hex, "docker.io", "library/repo", "tag", "sha256:" + Hex, "docker.io/library/repo:tag@sha256:" + Hex)]
    [DataRow("localhost:5000/a@sha256:" + Hex, "localhost:5000", "a", null, "sha256:" + Hex, "localhost:5000/a@sha256:" + Hex)]
    [DataRow("a/b-c__d.e_f:V_1.2-rc", "docker.io", "a/b-c__d.e_f", "V_1.2-rc", null, "docker.io/a/b-c__d.e_f:V_1.2-rc")]
    [DataRow("a---b:_", "docker.io", "library/a---b", "_", null, "docker.io/library/a---b:_")]
    public void Parse_ValidReference_Normalizes(string input, string registry, string repository, string? tag, string? digest, string canonical)
    {
        var reference = ImageReference.Parse(input);

        Assert.AreEqual(registry, reference.Registry);
        Assert.AreEqual(repository, reference.Repository);
        Assert.AreEqual(tag, reference.Tag);
        Assert.AreEqual(digest, reference.Digest?.ToString());
        Assert.AreEqual(canonical, reference.ToString());
        Assert.AreEqual(reference, ImageReference.Parse(reference.ToString()), "ToString round-trips");
    }

    [TestMethod]
    [DataRow("", "empty")]
    [DataRow("   ", "empty")]
    [DataRow(":tag", "repository name is missing")]
    [DataRow("localhost:5000/", "repository name is missing")]
    [DataRow("Busybox", "lowercase")]
    [DataRow("user/Repo", "lowercase")]
    [DataRow("repo@sha256:abc", "digest")]
    [DataRow("repo@sha256:" + "4A8BC4C0E4AE0E8E7FD1C1C1A0CD1B0DBD77B2EE2E61A58D36FD1A5C1F8A5B5C", "digest")]
    [DataRow("repo@md5:d41d8cd98f00b204e9800998ecf8427e", "digest")]
    [DataRow("repo:-tag", "tag")]
    [DataRow("repo:.tag", "tag")]
    [DataRow("repo:ta g", "tag")]
    [DataRow("repo:tag:more", "repository path component")]
    [DataRow("repo!name", "repository path component")]
    [DataRow("repo/-name", "repository path component")]
    [DataRow("a//b", "repository path component")]
    [DataRow("repo_", "repository path component")]
    [DataRow("repo/", "repository path component")]
    [DataRow("host.example.com:99999/a", "registry")]
    [DataRow("host_under.example.com/a", "registry")]
    [DataRow("-host.example.com/a", "registry")]
    public void Parse_InvalidReference_ThrowsWithReason(string input, string reason)
    {
        var error = Assert.ThrowsExactly<KanikoException>(() => ImageReference.Parse(input));

        Assert.AreEqual("KANIKO1001", error.Code);
        StringAssert.Contains(error.Message, reason);
        StringAssert.Contains(error.Message, $"'{input}'");
        StringAssert.Contains(error.Message, "A valid reference looks like");
        Assert.IsFalse(ImageReference.TryParse(input, out _));
    }

    [TestMethod]
    public void Parse_TagOf128Characters_IsValidButNot129()
    {
        Assert.AreEqual(128, ImageReference.Parse("repo:" + new string('a', 128)).Tag!.Length);
        Assert.ThrowsExactly<KanikoException>(() => ImageReference.Parse("repo:" + new string('a', 129)));
    }

    [TestMethod]
    public void Parse_NameLongerThan255_IsInvalid()
    {
        Assert.ThrowsExactly<KanikoException>(() => ImageReference.Parse("localhost/" + new string('a', 250)));
    }

    [TestMethod]
    public void TryParse_Null_IsFalse()
    {
        Assert.IsFalse(ImageReference.TryParse(null, out var reference));
        Assert.IsNull(reference);
    }

    [TestMethod]
    [DataRow("busybox", "registry-1.docker.io", "latest")]
    [DataRow("localhost:5000/a:1", "localhost:5000", "1")]
    [DataRow("quay.io/a/b:2@sha256:" + Hex, "quay.io", "sha256:" + Hex)]
    public void ApiHostAndReference_AreWhatTheDistributionApiNeeds(string input, string apiHost, string manifestReference)
    {
        var reference = ImageReference.Parse(input);

        Assert.AreEqual(apiHost, reference.RegistryApiHost);
        Assert.AreEqual(manifestReference, reference.Reference);
    }

    [TestMethod]
    public void WithTag_DropsDigest_WithDigest_KeepsTag()
    {
        var digest = Digest.Parse("sha256:" + Hex);
        var pinned = ImageReference.Parse("localhost:5000/a:1").WithDigest(digest);

        Assert.AreEqual("localhost:5000/a:1@sha256:" + Hex, pinned.ToString());
        Assert.AreEqual("sha256:" + Hex, pinned.Reference);

        var retagged = pinned.WithTag("2");
        Assert.AreEqual("localhost:5000/a:2", retagged.ToString());
        Assert.AreEqual("2", retagged.Reference);
    }

    [TestMethod]
    public void WithTag_InvalidTag_Throws()
    {
        var error = Assert.ThrowsExactly<KanikoException>(() => ImageReference.Parse("a").WithTag("-x"));
        Assert.AreEqual("KANIKO1001", error.Code);
    }
}
