using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Registries;

/// <summary>
/// The real tool pulling its base from and pushing to registries that need TLS trust or credentials,
/// configured the ways users do: flags, docker's config.json, a credential helper on PATH.
/// </summary>
[TestClass]
public sealed class RegistryToolTests
{
    private const string User = "ci-user";
    private const string Password = "tool-P4ssw0rd-never-logged";

    public TestContext TestContext { get; set; } = null!;

    [TestMethod]
    public async Task Build_ToTlsRegistry_WithRegistryCertificate_PushesAVerifiableImage()
    {
        await using var registry = await StartSeededAsync(new RegistryServerOptions(UseTls: true));
        using var temp = TemporaryDirectory.Create("tls-ca");

        var build = await BuildAsync(registry, temp, "tls/ca:1", null, "--registry-certificate", $"{registry.Host}={registry.CaCertificatePath}");

        Assert.AreEqual(0, build.ExitCode, build.StandardError);
        await AssertPushedAsync(registry, "tls/ca:1", build, temp);
    }

    [TestMethod]
    [DataRow("--skip-tls-verify")]
    [DataRow("--skip-tls-verify-registry")]
    public async Task Build_ToTlsRegistry_WithSkipTlsVerify_Pushes(string flag)
    {
        await using var registry = await StartSeededAsync(new RegistryServerOptions(UseTls: true));
        using var temp = TemporaryDirectory.Create("tls-skip");
        string[] flags = flag == "--skip-tls-verify" ? [flag] : [flag, registry.Host];

        var build = await BuildAsync(registry, temp, "tls/skip:1", null, flags);

        Assert.AreEqual(0, build.ExitCode, build.StandardError);
        await AssertPushedAsync(registry, "tls/skip:1", build, temp);
    }

    [TestMethod]
    public async Task Build_ToTlsRegistry_WithoutTrust_FailsNamingTheFlags()
    {
        await using var registry = await StartSeededAsync(new RegistryServerOptions(UseTls: true));
        using var temp = TemporaryDirectory.Create("tls-untrusted");

        var build = await BuildAsync(registry, temp, "tls/untrusted:1", null, "--image-download-retry", "0");

        Assert.AreEqual(1, build.ExitCode);
        StringAssert.Contains(build.StandardError, "error KANIKO1102");
        StringAssert.Contains(build.StandardError, "--registry-certificate");
    }

    [TestMethod]
    public async Task Build_WithMalformedRegistryCertificate_FailsSayingTheForm()
    {
        using var temp = TemporaryDirectory.Create("malformed");
        Directory.CreateDirectory(temp.Combine("context"));
        File.WriteAllText(temp.Combine("context", "Dockerfile"), "FROM scratch\n");

        var build = await ProcessRunner.RunAsync(
            "dotnet",
            [RepositoryPaths.ToolAssembly, "build", "--context", temp.Combine("context"), "--no-push", "--tar-path", temp.Combine("image.tar"),
                "--registry-certificate", "no-equals-sign"],
            checkExitCode: false,
            timeout: TimeSpan.FromMinutes(2),
            cancellationToken: TestContext.CancellationToken);

        Assert.AreEqual(1, build.ExitCode, build.StandardError);
        StringAssert.Contains(build.StandardError, "error KANIKO1109");
        StringAssert.Contains(build.StandardError, "HOST=PATH");
    }

    [TestMethod]
    public async Task Build_ToHtpasswdRegistry_WithDockerConfig_Pushes_AndNeverLogsThePassword()
    {
        await using var registry = await StartSeededAsync(new RegistryServerOptions(Username: User, Password: Password));
        using var temp = TemporaryDirectory.Create("docker-config");
        var configDirectory = temp.Combine("docker");
        DockerConfigFile.WriteAuth(configDirectory, registry.Host, User, Password);

        var build = await BuildAsync(
            registry, temp, "auth/config:1", new Dictionary<string, string?> { ["DOCKER_CONFIG"] = configDirectory }, "--verbosity", "Trace");

        Assert.AreEqual(0, build.ExitCode, build.StandardError);
        await AssertPushedAsync(registry, "auth/config:1", build, temp);
        StringAssert.Contains(build.StandardError, configDirectory, "the log says where credentials came from");
        Assert.IsFalse(build.StandardError.Contains(Password, StringComparison.Ordinal), "stderr holds the password");
        Assert.IsFalse(build.StandardOutput.Contains(Password, StringComparison.Ordinal), "stdout holds the password");
        Assert.IsFalse(build.StandardError.Contains(Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes($"{User}:{Password}")), StringComparison.Ordinal));
    }

    [TestMethod]
    public async Task Build_ToHtpasswdRegistry_WithCredentialHelperOnPath_Pushes()
    {
        await using var registry = await StartSeededAsync(new RegistryServerOptions(Username: User, Password: Password));
        using var temp = TemporaryDirectory.Create("cred-helper");
        var bin = CredentialHelperScript.Create(temp.Path, "test", registry.Host, User, Password);
        var configDirectory = temp.Combine("docker");
        DockerConfigFile.WriteCredHelper(configDirectory, registry.Host, "test");
        var environment = new Dictionary<string, string?>
        {
            ["DOCKER_CONFIG"] = configDirectory,
            ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH"),
        };

        var build = await BuildAsync(registry, temp, "auth/helper:1", environment);

        Assert.AreEqual(0, build.ExitCode, build.StandardError);
        await AssertPushedAsync(registry, "auth/helper:1", build, temp);
        CollectionAssert.Contains(CredentialHelperScript.Asked(bin).ToList(), registry.Host);
    }

    [TestMethod]
    public async Task Build_ToHtpasswdRegistry_WithoutCredentials_FailsSayingHowToLogIn()
    {
        await using var registry = await StartSeededAsync(new RegistryServerOptions(Username: User, Password: Password));
        using var temp = TemporaryDirectory.Create("no-creds");
        var environment = new Dictionary<string, string?> { ["DOCKER_CONFIG"] = temp.Combine("empty"), ["HOME"] = temp.Path };

        var build = await BuildAsync(registry, temp, "auth/none:1", environment);

        Assert.AreEqual(1, build.ExitCode);
        StringAssert.Contains(build.StandardError, "HTTP 401");
        StringAssert.Contains(build.StandardError, "UNAUTHORIZED");
        StringAssert.Contains(build.StandardError, registry.Host);
        StringAssert.Contains(build.StandardError, "Log in");
    }

    [TestMethod]
    public async Task Build_ToTokenRegistry_WithIdentityTokenInDockerConfig_Pushes()
    {
        await using var tokens = TokenServer.Start(User, Password, "identity-token-for-the-tool");
        await using var registry = await StartSeededAsync(new RegistryServerOptions(TokenServer: tokens));
        using var temp = TemporaryDirectory.Create("identity-token");
        var configDirectory = temp.Combine("docker");
        DockerConfigFile.WriteIdentityToken(configDirectory, registry.Host, tokens.IdentityToken);

        var build = await BuildAsync(registry, temp, "token/refresh:1", new Dictionary<string, string?> { ["DOCKER_CONFIG"] = configDirectory });

        Assert.AreEqual(0, build.ExitCode, build.StandardError);
        await AssertPushedAsync(registry, "token/refresh:1", build, temp);
        Assert.IsTrue(tokens.Grants.Any(g => g is { GrantType: "refresh_token", Scope: "repository:token/refresh:pull,push" }), string.Join("; ", tokens.Grants));
        Assert.IsTrue(tokens.Grants.Any(g => g is { GrantType: "refresh_token", Scope: "repository:busybox:pull" }), string.Join("; ", tokens.Grants));
        Assert.IsTrue(
            tokens.Grants.Any(g => g.Scope == "repository:token/refresh:pull,push repository:busybox:pull"),
            "the base layers are mounted with a token for both repositories: " + string.Join("; ", tokens.Grants));
    }

    [TestMethod]
    public async Task Build_FromBaseInTheSameRegistry_MountsItsLayers_AndASecondPushUploadsNoBlob()
    {
        await using var registry = await StartSeededAsync(new RegistryServerOptions(RelativeUrls: true));
        await using var proxy = FaultInjectingProxy.Start(registry, new FaultPlan());
        using var temp = TemporaryDirectory.Create("mount");
        var context = temp.Combine("context");
        Directory.CreateDirectory(context);
        File.WriteAllText(Path.Combine(context, "greeting.txt"), "mounted\n");
        File.WriteAllText(Path.Combine(context, "Dockerfile"), $"FROM {proxy.Host}/busybox:latest\nCOPY greeting.txt /greeting.txt\n");
        string[] arguments = [RepositoryPaths.ToolAssembly, "build", "--context", context, "--destination", $"{proxy.Host}/app/mounted:1", "--reproducible"];

        var first = await ProcessRunner.RunAsync("dotnet", arguments, checkExitCode: false, timeout: TimeSpan.FromMinutes(5), cancellationToken: TestContext.CancellationToken);
        Assert.AreEqual(0, first.ExitCode, first.StandardError);
        var firstRequests = proxy.Requests;
        proxy.ClearRequests();
        var second = await ProcessRunner.RunAsync("dotnet", arguments, checkExitCode: false, timeout: TimeSpan.FromMinutes(5), cancellationToken: TestContext.CancellationToken);
        Assert.AreEqual(0, second.ExitCode, second.StandardError);

        var mounts = firstRequests.Where(r => r.Method == "POST" && r.PathAndQuery.Contains("from=busybox", StringComparison.Ordinal)).ToList();
        var blobPuts = firstRequests.Where(r => r.Method == "PUT" && r.PathAndQuery.Contains("/blobs/uploads/", StringComparison.Ordinal)).ToList();
        Assert.IsNotEmpty(mounts, string.Join("\n", firstRequests));
        Assert.HasCount(2, blobPuts, "only the COPY layer and the config are uploaded: " + string.Join("\n", firstRequests));
        Assert.AreEqual(first.StandardOutput.Trim(), second.StandardOutput.Trim(), "--reproducible gives the same digest");
        Assert.IsFalse(proxy.Requests.Any(r => r.Method is "POST" or "PATCH" || (r.Method == "PUT" && r.PathAndQuery.Contains("/blobs/", StringComparison.Ordinal))), string.Join("\n", proxy.Requests));
    }

    [TestMethod]
    [DataRow("config-auths")]
    [DataRow("credential-helper")]
    [DataRow("environment")]
    public async Task MultiStageBuild_OnATlsHtpasswdRegistry_PullsEveryFromAndPushes(string source)
    {
        await using var registry = await StartSeededAsync(new RegistryServerOptions(UseTls: true, Username: User, Password: Password));
        using var temp = TemporaryDirectory.Create("tls-basic");
        var context = Directory.CreateDirectory(temp.Combine("context")).FullName;
        File.WriteAllText(Path.Combine(context, "greeting.txt"), "hello over TLS and Basic auth\n");
        File.WriteAllText(Path.Combine(context, "Dockerfile"), $"""
            FROM {registry.Host}/busybox:latest AS first
            COPY greeting.txt /first.txt
            FROM {registry.Host}/busybox:latest AS second
            COPY greeting.txt /second.txt
            FROM {registry.Host}/busybox:latest
            COPY --from=first /first.txt /from-first.txt
            COPY --from=second /second.txt /from-second.txt
            """);
        var environment = CredentialEnvironment(source, registry, temp);

        var build = await ProcessRunner.RunAsync(
            "dotnet",
            [RepositoryPaths.ToolAssembly, "build", "--context", context, "--destination", $"{registry.Host}/tls/multi:1",
                "--digest-file", temp.Combine("digest"), "--registry-certificate", $"{registry.Host}={registry.CaCertificatePath}"],
            environment: environment, checkExitCode: false, timeout: TimeSpan.FromMinutes(5), cancellationToken: TestContext.CancellationToken);

        Assert.AreEqual(0, build.ExitCode, build.StandardError);
        await AssertPushedAsync(registry, "tls/multi:1", build, temp);
        Assert.IsFalse(build.StandardError.Contains(Password, StringComparison.Ordinal), "stderr holds the password");
    }

    private static Dictionary<string, string?> CredentialEnvironment(string source, RegistryServer registry, TemporaryDirectory temp)
    {
        var empty = temp.Combine("no-docker-config");
        switch (source)
        {
            case "config-auths":
                DockerConfigFile.WriteAuth(temp.Combine("docker"), registry.Host, User, Password);
                return new() { ["DOCKER_CONFIG"] = temp.Combine("docker") };
            case "credential-helper":
                var bin = CredentialHelperScript.Create(temp.Path, "tls", registry.Host, User, Password);
                DockerConfigFile.WriteCredHelper(temp.Combine("docker"), registry.Host, "tls");
                return new() { ["DOCKER_CONFIG"] = temp.Combine("docker"), ["PATH"] = bin + ":" + Environment.GetEnvironmentVariable("PATH") };
            default:
                var prefix = Kaniko.Engine.Registries.EnvironmentCredentials.VariablePrefix(registry.Host);
                return new() { ["DOCKER_CONFIG"] = empty, [prefix + "USERNAME"] = User, [prefix + "PASSWORD"] = Password };
        }
    }

    private async Task<RegistryServer> StartSeededAsync(RegistryServerOptions options)
    {
        var registry = await RegistryServer.StartAsync(options, TestContext.CancellationToken);
        try
        {
            await BaseImages.SeedAsync(registry, [BaseImage.Busybox], TestContext.CancellationToken);
            return registry;
        }
        catch
        {
            await registry.DisposeAsync();
            throw;
        }
    }

    private Task<ProcessResult> BuildAsync(
        RegistryServer registry, TemporaryDirectory temp, string repositoryAndTag, IDictionary<string, string?>? environment, params string[] flags)
    {
        var context = temp.Combine("context");
        Directory.CreateDirectory(context);
        File.WriteAllText(Path.Combine(context, "greeting.txt"), "hello from a guarded registry\n");
        File.WriteAllText(Path.Combine(context, "Dockerfile"), $"FROM {registry.Host}/busybox:latest\nCOPY greeting.txt /greeting.txt\n");
        return ProcessRunner.RunAsync(
            "dotnet",
            [RepositoryPaths.ToolAssembly, "build", "--context", context, "--destination", $"{registry.Host}/{repositoryAndTag}",
                "--digest-file", temp.Combine("digest"), .. flags],
            environment: environment,
            checkExitCode: false,
            timeout: TimeSpan.FromMinutes(5),
            cancellationToken: TestContext.CancellationToken);
    }

    private async Task AssertPushedAsync(RegistryServer registry, string repositoryAndTag, ProcessResult build, TemporaryDirectory temp)
    {
        var digest = File.ReadAllText(temp.Combine("digest"));
        Assert.AreEqual(digest, build.StandardOutput.Trim());
        using var inspect = await Skopeo.InspectAsync(registry, repositoryAndTag, ct: TestContext.CancellationToken);
        Assert.AreEqual(digest, inspect.RootElement.GetProperty("Digest").GetString());
        // skopeo verifies every blob's digest on the way into the layout.
        var layout = temp.Combine("layout");
        await Skopeo.CopyToOciLayoutAsync(registry, repositoryAndTag, layout, "copied", TestContext.CancellationToken);
        Assert.IsTrue(Directory.EnumerateFiles(Path.Combine(layout, "blobs", "sha256")).Count() >= 3);
    }
}
