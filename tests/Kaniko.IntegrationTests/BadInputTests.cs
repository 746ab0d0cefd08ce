using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests;

/// <summary>Each bad input is one clear error line, exit code 1, and nothing pushed.</summary>
[TestClass]
public sealed class BadInputTests
{
    private static RegistryServer s_registry = null!;

    [ClassInitialize]
    public static async Task StartRegistry(TestContext context)
    {
        s_registry = await RegistryServer.StartAsync(cancellationToken: context.CancellationToken);
        await BaseImages.SeedAsync(s_registry, [BaseImage.Busybox], context.CancellationToken);
    }

    [ClassCleanup]
    public static async Task StopRegistry()
    {
        if (s_registry is not null)
        {
            await s_registry.DisposeAsync();
        }
    }

    [TestMethod]
    [DataRow("outside-context", "COPY ../secret.txt /x\n", "outside the build context")]
    [DataRow("matches-nothing", "COPY *.nothing /x/\n", "no file in")]
    [DataRow("missing-source", "COPY not-there.txt /x\n", "'not-there.txt' was not found")]
    [DataRow("unknown-stage", "COPY --from=nosuchstage /a /b\n", "--from=nosuchstage: it is neither a stage")]
    [DataRow("unknown-user", "COPY --chown=nobody-here a.txt /a.txt\n", "The user 'nobody-here' is not in the image's /etc/passwd")]
    [DataRow("unknown-target", "COPY a.txt /a.txt\n", "target stage \"nope\" could not be found")]
    public async Task Build_BadDockerfile_FailsWithOneLineAndPushesNothing(string name, string instruction, string message)
    {
        using var temp = TemporaryDirectory.Create("bad-" + name);
        var context = temp.Combine("context");
        Directory.CreateDirectory(context);
        File.WriteAllText(Path.Combine(context, "a.txt"), "a");
        File.WriteAllText(temp.Combine("secret.txt"), "secret");
        File.WriteAllText(Path.Combine(context, "Dockerfile"), $"FROM {s_registry.Host}/busybox:latest\n{instruction}");
        string[] target = name == "unknown-target" ? ["--target", "nope"] : [];

        var build = await KanikoTool.RunAsync(["build", "-c", context, "-d", $"{s_registry.Host}/bad/{name}:1", "--image-download-retry", "0", .. target]);

        AssertOneErrorLine(build, message);
        var inspect = await ProcessRunner.RunAsync("skopeo", ["inspect", "--tls-verify=false", $"docker://{s_registry.Host}/bad/{name}:1"], checkExitCode: false);
        Assert.AreNotEqual(0, inspect.ExitCode, "nothing was pushed");
    }

    [TestMethod]
    public async Task Build_MissingContext_FailsWithOneLine()
    {
        using var temp = TemporaryDirectory.Create("bad-context");

        var build = await KanikoTool.RunAsync("build", "-c", temp.Combine("not-here"), "--no-push", "--oci-layout-path", temp.Combine("out"));

        AssertOneErrorLine(build, "KANIKO4001");
        Assert.IsFalse(Directory.Exists(temp.Combine("out")));
    }

    [TestMethod]
    public async Task Build_MissingDockerfile_FailsWithOneLine()
    {
        using var temp = TemporaryDirectory.Create("bad-dockerfile");

        var build = await KanikoTool.RunAsync("build", "-c", temp.Path, "-f", "Nope.Dockerfile", "--no-push", "--oci-layout-path", temp.Combine("out"));

        AssertOneErrorLine(build, "Nope.Dockerfile' does not exist");
    }

    [TestMethod]
    public async Task Build_UnreachableRegistry_FailsWithOneLine()
    {
        using var temp = TemporaryDirectory.Create("bad-registry");
        File.WriteAllText(temp.Combine("Dockerfile"), "FROM 127.0.0.1:1/busybox:latest\n");

        var build = await KanikoTool.RunAsync("build", "-c", temp.Path, "-d", "127.0.0.1:1/out:1", "--image-download-retry", "0");

        AssertOneErrorLine(build, "127.0.0.1:1");
    }

    [TestMethod]
    [DataRow("--bogus-flag")]
    [DataRow("--label", "no-equals-sign")]
    [DataRow("--image-format", "tarball")]
    [DataRow("--verbosity", "loud")]
    public async Task Build_UsageError_ExitsWith2(params string[] arguments)
    {
        var build = await KanikoTool.RunAsync(["build", "-c", ".", "--no-push", .. arguments]);

        Assert.AreEqual(2, build.ExitCode, build.StandardError);
        StringAssert.StartsWith(build.StandardError, "error: ");
    }

    private static void AssertOneErrorLine(ProcessResult build, string message)
    {
        Assert.AreEqual(1, build.ExitCode, build.StandardError);
        var errors = build.StandardError.Split('\n').Where(line => line.StartsWith("error ", StringComparison.Ordinal)).ToList();
        Assert.HasCount(1, errors, build.StandardError);
        StringAssert.Contains(errors[0], message);
        Assert.AreEqual("", build.StandardOutput.Trim(), "no digest on stdout");
    }
}
