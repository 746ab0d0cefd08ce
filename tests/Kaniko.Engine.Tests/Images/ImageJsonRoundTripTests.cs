using System.Text;
using Kaniko.Engine.Images;

namespace Kaniko.Engine.Tests.Images;

[TestClass]
public sealed class ImageJsonRoundTripTests
{
    private const string ConfigDigest = "sha256:b5b2b2c507a0944348e0303114d8d93aaaa081732b86451d9bce1f432a537bc7";
    private const string LayerDigest = "sha256:3caa2e7e1de0ebc5ba4c8c4a40e1f1bd0dfe23a6e0b1d07ff4f3a3c0b8a1a9f1";
    private const string OtherDigest = "sha256:0f2d1b1d5c6b0f8c8d2ad8b5d4c3d0e4d7f5d0a7a9d1b5e2c3f4a5b6c7d8e9f0";

    private const string OciManifestJson =
        """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json","config":{"mediaType":"application/vnd.oci.image.config.v1+json","digest":""" + "\"" + ConfigDigest + "\"" +
        ""","size":1470},"layers":[{"mediaType":"application/vnd.oci.image.layer.v1.tar+gzip","digest":""" + "\"" + LayerDigest + "\"" +
        ""","size":2155,"annotations":{"a":"1","b":"2"},"x-layer":[1,2.50,"three"]}],"annotations":{"org.opencontainers.image.created":"2026-01-01T00:00:00Z"},"x-unknown":{"nested":true}}""";

    private const string DockerManifestJson =
        """{"schemaVersion":2,"mediaType":"application/vnd.docker.distribution.manifest.v2+json","config":{"mediaType":"application/vnd.docker.container.image.v1+json","digest":""" + "\"" + ConfigDigest + "\"" +
        ""","size":7},"layers":[{"mediaType":"application/vnd.docker.image.rootfs.diff.tar.gzip","digest":""" + "\"" + LayerDigest + "\"" +
        ""","size":9,"urls":["https://example.com/layer"]}]}""";

    private const string IndexJson =
        """{"schemaVersion":2,"mediaType":"application/vnd.oci.image.index.v1+json","manifests":[""" +
        """{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:1111111111111111111111111111111111111111111111111111111111111111","size":1,"platform":{"architecture":"amd64","os":"linux"}},""" +
        """{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:2222222222222222222222222222222222222222222222222222222222222222","size":2,"platform":{"architecture":"arm64","os":"linux","variant":"v8"}},""" +
        """{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:3333333333333333333333333333333333333333333333333333333333333333","size":3,"platform":{"architecture":"arm","os":"linux","variant":"v6"}},""" +
        """{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:4444444444444444444444444444444444444444444444444444444444444444","size":4,"platform":{"architecture":"arm","os":"linux","variant":"v7"}},""" +
        """{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:5555555555555555555555555555555555555555555555555555555555555555","size":5,"annotations":{"vnd.docker.reference.type":"attestation-manifest"},"platform":{"architecture":"unknown","os":"unknown"}},""" +
        """{"mediaType":"application/vnd.oci.image.manifest.v1+json","digest":"sha256:6666666666666666666666666666666666666666666666666666666666666666","size":6,"platform":{"architecture":"amd64","os":"windows","os.version":"10.0.20348.1","os.features":["win32k"],"x-plat":1}}""" +
        """],"annotations":{"k":"v"},"x-index":"kept"}""";

    // One line in the test, split here for reading.
    private static readonly string ConfigJson = """
        {"created":"2026-01-01T00:00:00Z","author":"kaniko","architecture":"amd64","os":"linux",
        "config":{"User":"app","ExposedPorts":{"443/tcp":{},"80/tcp":{}},"Env":["PATH=/usr/bin","A=\"quoted\" <b> & c+d"],"Entrypoint":["/app"],"Cmd":["--x"],
        "Healthcheck":{"Test":["CMD-SHELL","true"],"Interval":30000000000,"Retries":3},"ArgsEscaped":true,"Volumes":{"/data":{}},"WorkingDir":"/srv","OnBuild":["RUN x"],
        "Labels":{"a":"1","z":"2"},"StopSignal":"SIGTERM","Shell":["/bin/sh","-c"],"Hostname":"","Image":"sha256:abc"},
        "rootfs":{"type":"layers","diff_ids":["sha256:1111111111111111111111111111111111111111111111111111111111111111"]},
        "history":[{"created":"2025-12-31T23:59:59.1234567Z","created_by":"/bin/sh -c #(nop) ADD file:x in / "},{"created_by":"CMD [\"sh\"]","comment":"buildkit","empty_layer":true,"x-history":null}],
        "container_config":{"Cmd":["/bin/sh"]},"docker_version":"24.0.7"}
        """.ReplaceLineEndings(string.Empty);

    [TestMethod]
    [DataRow(OciManifestJson)]
    [DataRow(DockerManifestJson)]
    public void Manifest_CompactInput_RoundTripsByteForByte(string json)
    {
        byte[] input = Encoding.UTF8.GetBytes(json);

        var manifest = ImageManifest.Parse(input);

        Assert.AreEqual(json, Encoding.UTF8.GetString(manifest.ToJson()));
        Assert.AreEqual(Digest.Parse(ConfigDigest), manifest.Config.Digest);
        Assert.AreEqual(LayerDigest, manifest.Layers[0].Digest.ToString());
    }

    [TestMethod]
    public void Index_CompactInput_RoundTripsByteForByte()
    {
        var index = ImageIndex.Parse(Encoding.UTF8.GetBytes(IndexJson));

        Assert.AreEqual(IndexJson, Encoding.UTF8.GetString(index.ToJson()));
        Assert.AreEqual("10.0.20348.1", index.Manifests[5].Platform!.OsVersion);
    }

    [TestMethod]
    public void Config_CompactInput_RoundTripsByteForByte_KeepingUnknownFields()
    {
        var config = ImageConfig.Parse(Encoding.UTF8.GetBytes(ConfigJson));

        Assert.AreEqual(ConfigJson, Encoding.UTF8.GetString(config.ToJson()));
        Assert.AreEqual(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero), config.Created);
        Assert.AreEqual("/srv", config.Config.WorkingDir);
        Assert.AreEqual(3, config.Config.Healthcheck!.Retries);
        Assert.IsTrue(config.History[1].EmptyLayer);
        Assert.IsTrue(config.ExtensionData!.ContainsKey("docker_version"));
        Assert.IsTrue(config.Config.ExtensionData!.ContainsKey("Image"));
        Assert.AreEqual(new Platform("linux", "amd64"), config.Platform);
    }

    [TestMethod]
    public void Config_Serialization_IsDeterministic_SortsMapKeys_OmitsEmpty()
    {
        var config = new ImageConfig
        {
            Architecture = "arm64",
            Os = "linux",
            Variant = "v8",
            Created = new DateTimeOffset(2026, 1, 1, 2, 0, 0, TimeSpan.FromHours(2)),
            Config = new ContainerConfig { Labels = new() { ["z"] = "1", ["a"] = "2" } },
        };
        config.RootFs.DiffIds.Add(Digest.Parse(OtherDigest));
        config.History.Add(new HistoryEntry { CreatedBy = "LABEL", EmptyLayer = false });

        string json = Encoding.UTF8.GetString(config.ToJson());

        Assert.AreEqual(
            """{"created":"2026-01-01T00:00:00Z","architecture":"arm64","os":"linux","variant":"v8","config":{"Labels":{"a":"2","z":"1"}},"rootfs":{"type":"layers","diff_ids":["""
            + "\"" + OtherDigest + "\"" + """]},"history":[{"created_by":"LABEL"}]}""",
            json);
        CollectionAssert.AreEqual(config.ToJson(), config.Clone().ToJson());
    }

    [TestMethod]
    public void Config_WithoutHistory_WritesNoHistory()
    {
        const string json = """{"architecture":"amd64","os":"linux","config":{},"rootfs":{"type":"layers","diff_ids":[]}}""";

        Assert.AreEqual(json, Encoding.UTF8.GetString(ImageConfig.Parse(Encoding.UTF8.GetBytes(json)).ToJson()));
    }

    [TestMethod]
    public void Config_NanosecondTimes_AreRead()
    {
        var config = ImageConfig.Parse("""{"created":"2024-05-06T07:08:09.123456789Z","architecture":"amd64","os":"linux"}"""u8);

        Assert.AreEqual(new DateTimeOffset(2024, 5, 6, 7, 8, 9, TimeSpan.Zero).AddTicks(1234567), config.Created);
    }

    [TestMethod]
    [DataRow("""{"schemaVersion":2,"layers":[]}""")]
    [DataRow("""{"schemaVersion":2,"config":{"mediaType":"x","digest":"sha256:nope","size":1},"layers":[]}""")]
    [DataRow("""not json""")]
    [DataRow("""null""")]
    public void Manifest_Invalid_ThrowsKanikoException(string json)
    {
        var error = Assert.ThrowsExactly<KanikoException>(() => ImageManifest.Parse(Encoding.UTF8.GetBytes(json)));

        Assert.AreEqual("KANIKO1004", error.Code);
        StringAssert.Contains(error.Message, "image manifest");
    }

    [TestMethod]
    [DataRow("linux/amd64", "sha256:1111111111111111111111111111111111111111111111111111111111111111")]
    [DataRow("linux/arm64", "sha256:2222222222222222222222222222222222222222222222222222222222222222")]
    [DataRow("linux/arm64/v8", "sha256:2222222222222222222222222222222222222222222222222222222222222222")]
    [DataRow("linux/arm", "sha256:4444444444444444444444444444444444444444444444444444444444444444")]
    [DataRow("linux/arm/v6", "sha256:3333333333333333333333333333333333333333333333333333333333333333")]
    [DataRow("windows/amd64", "sha256:6666666666666666666666666666666666666666666666666666666666666666")]
    [DataRow("linux/s390x", null)]
    [DataRow("linux/arm/v5", null)]
    public void Index_SelectPlatform_PicksTheMatchingManifest(string platform, string? expected)
    {
        var index = ImageIndex.Parse(Encoding.UTF8.GetBytes(IndexJson));

        Assert.AreEqual(expected, index.SelectPlatform(Platform.Parse(platform))?.Digest.ToString());
    }
}
