using Kaniko.Engine.Tests.Building;

namespace Kaniko.Engine.Tests.Commands;

[TestClass]
public sealed class MetadataCommandTests
{
    [TestMethod]
    public async Task Volume_JsonKeepsPathsWhole_WordsSplitAfterExpansion()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/Dockerfile", "FROM scratch\nENV D=\"/b /c\"\nVOLUME [\"/a x\"]\nVOLUME $D\n");

        var image = await ScratchBuild.BuildAsync(folder);

        CollectionAssert.AreEquivalent(new[] { "/a x", "/b", "/c" }, image.Config.Config.Volumes!.Keys.ToList());
        Assert.AreEqual("VOLUME [/b /c]", image.Config.History[2].CreatedBy);
        Assert.IsTrue(image.Config.History.All(h => h.EmptyLayer == true));
    }

    [TestMethod]
    public async Task Shell_ShellFormCmdAndEntrypointUseIt()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/Dockerfile", "FROM scratch\nSHELL [\"/bin/bash\", \"-eu\", \"-c\"]\nENTRYPOINT run it\nCMD echo $HOME\n");

        var image = await ScratchBuild.BuildAsync(folder);

        CollectionAssert.AreEqual(new[] { "/bin/bash", "-eu", "-c" }, image.Config.Config.Shell);
        CollectionAssert.AreEqual(new[] { "/bin/bash", "-eu", "-c", "run it" }, image.Config.Config.Entrypoint);
        CollectionAssert.AreEqual(new[] { "/bin/bash", "-eu", "-c", "echo $HOME" }, image.Config.Config.Cmd);
        Assert.AreEqual("SHELL [/bin/bash -eu -c]", image.Config.History[0].CreatedBy);
    }

    [TestMethod]
    public async Task HealthCheck_DurationsInNanoseconds_AndNoneDisables()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/Dockerfile", "FROM scratch\nHEALTHCHECK --interval=30s --timeout=1m30s --start-period=500ms --retries=3 CMD curl -f http://localhost/\n");
        var image = await ScratchBuild.BuildAsync(folder);

        var health = image.Config.Config.Healthcheck!;
        CollectionAssert.AreEqual(new[] { "CMD-SHELL", "curl -f http://localhost/" }, health.Test);
        Assert.AreEqual(30_000_000_000L, health.Interval);
        Assert.AreEqual(90_000_000_000L, health.Timeout);
        Assert.AreEqual(500_000_000L, health.StartPeriod);
        Assert.IsNull(health.StartInterval);
        Assert.AreEqual(3, health.Retries);
        Assert.AreEqual("HEALTHCHECK &{[\"CMD-SHELL\" \"curl -f http://localhost/\"] \"30s\" \"1m30s\" \"500ms\" \"0s\" '\\x03'}", image.Config.History[0].CreatedBy);

        folder.WriteFile("context/Dockerfile", "FROM scratch\nHEALTHCHECK CMD [\"true\"]\nHEALTHCHECK NONE\n");
        image = await ScratchBuild.BuildAsync(folder, output: "out2");
        CollectionAssert.AreEqual(new[] { "NONE" }, image.Config.Config.Healthcheck!.Test);
        Assert.IsNull(image.Config.Config.Healthcheck.Interval);
    }

    [TestMethod]
    public async Task StopSignal_Maintainer_Expose_Label()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/Dockerfile", "FROM scratch\nARG SIG=SIGQUIT\nSTOPSIGNAL $SIG\nMAINTAINER Jane <jane@example.com>\nARG P=8080\nEXPOSE $P 53/udp\n");

        var image = await ScratchBuild.BuildAsync(folder);

        Assert.AreEqual("SIGQUIT", image.Config.Config.StopSignal);
        Assert.AreEqual("Jane <jane@example.com>", image.Config.Author);
        CollectionAssert.AreEquivalent(new[] { "8080/tcp", "53/udp" }, image.Config.Config.ExposedPorts!.Keys.ToList());
    }

    [TestMethod]
    public async Task StopSignal_NotASignal_IsAnErrorAtItsLine()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/Dockerfile", "FROM scratch\nSTOPSIGNAL sometimes\n");

        var error = await Assert.ThrowsExactlyAsync<Kaniko.Engine.Dockerfiles.DockerfileException>(() => ScratchBuild.BuildAsync(folder));

        Assert.AreEqual(2, error.Location.Line);
    }

    [TestMethod]
    public async Task OnBuild_StoredInTheParent_RunFirstInTheChild_ThenCleared()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/a.txt", "a");
        folder.WriteFile("context/Dockerfile", "FROM scratch\nONBUILD COPY a.txt /triggered.txt\nONBUILD LABEL triggered=yes\n");
        await ScratchBuild.BuildAsync(folder, output: "parent");

        folder.WriteFile("context/Dockerfile", $"FROM oci:{folder.Combine("parent")}:latest\nLABEL own=yes\n");
        var child = await ScratchBuild.BuildAsync(folder, output: "child");

        CollectionAssert.AreEqual(new[] { "triggered.txt" }, ScratchBuild.Names(child.Layers.Single()));
        Assert.AreEqual("yes", child.Config.Config.Labels!["triggered"]);
        Assert.IsNull(child.Config.Config.OnBuild);
        CollectionAssert.AreEqual(
            new[] { "ONBUILD COPY a.txt /triggered.txt", "ONBUILD LABEL triggered=yes", "COPY a.txt /triggered.txt # buildkit", "LABEL triggered=yes", "LABEL own=yes" },
            child.Config.History.Select(h => h.CreatedBy).ToList());
    }

    [TestMethod]
    public async Task Label_MergedOverTheBasesLabels_AndRequestLabelsLast()
    {
        using var folder = new TestFolder();
        folder.WriteFile("context/Dockerfile", "FROM scratch\nLABEL a=base b=base\n");
        await ScratchBuild.BuildAsync(folder, output: "parent");

        folder.WriteFile("context/Dockerfile", $"FROM oci:{folder.Combine("parent")}:latest\nLABEL b=child c=child\n");
        var child = await ScratchBuild.BuildAsync(folder, request => request with { Labels = new Dictionary<string, string> { ["c"] = "cli" } }, output: "child");

        var labels = child.Config.Config.Labels!;
        Assert.AreEqual(("base", "child", "cli"), (labels["a"], labels["b"], labels["c"]));
    }
}
