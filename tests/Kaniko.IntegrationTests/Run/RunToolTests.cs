using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests.Run;

/// <summary><c>dotnet kaniko run</c> runs an image from the registry or an OCI layout, forwarding its output and exit code.</summary>
[TestClass]
public sealed class RunToolTests
{
    private static RegistryServer s_registry = null!;

    [ClassInitialize]
    public static async Task StartRegistryAsync(TestContext context)
    {
        s_registry = await RegistryServer.StartAsync();
        await BaseImages.SeedAsync(s_registry, [BaseImage.Busybox, BaseImage.DotnetRuntime]);
    }

    [ClassCleanup]
    public static async Task StopRegistryAsync() => await s_registry.DisposeAsync();

    [TestMethod]
    public async Task Run_ExitCode_IsTheCommands()
    {
        var result = await KanikoTool.RunAsync("run", $"{s_registry.Host}/busybox:latest", "--", "sh", "-c", "echo out; echo err >&2; exit 7");

        Assert.AreEqual(7, result.ExitCode, result.StandardError);
        Assert.AreEqual("out\n", result.StandardOutput);
        StringAssert.Contains(result.StandardError, "err");
    }

    [TestMethod]
    public async Task Run_EnvFlag_OverridesAndAddsToTheImagesEnv()
    {
        var result = await KanikoTool.RunAsync("run", "-e", "GREETING=hi there", "-e", "PATH=/bin", $"{s_registry.Host}/busybox:latest", "--", "sh", "-c", "echo \"$GREETING|$PATH|$(id -u)|$(pwd)|$(hostname)\"");

        Assert.AreEqual(0, result.ExitCode, result.StandardError);
        Assert.AreEqual("hi there|/bin|0|/|kaniko\n", result.StandardOutput);
    }

    [TestMethod]
    public async Task Run_DotnetRuntimeImage_ListsItsRuntime()
    {
        var result = await KanikoTool.RunAsync("run", $"{s_registry.Host}/dotnet/runtime:10.0", "--", "dotnet", "--list-runtimes");

        Assert.AreEqual(0, result.ExitCode, result.StandardError);
        StringAssert.Contains(result.StandardOutput, "Microsoft.NETCore.App 10.0");
    }

    [TestMethod]
    public async Task Run_OciLayout_RunsTheTaggedImage()
    {
        var layout = await BaseImages.EnsureLayoutAsync();
        var result = await KanikoTool.RunAsync("run", $"oci:{layout}:{BaseImages.LayoutTag(BaseImage.Busybox)}", "--", "sh", "-c", "echo from-layout");

        Assert.AreEqual(0, result.ExitCode, result.StandardError);
        Assert.AreEqual("from-layout\n", result.StandardOutput);
    }

    [TestMethod]
    public async Task Run_BuiltDotnetApp_PrintsItsOutputAndReturnsItsExitCode()
    {
        using var temp = TemporaryDirectory.Create("run-app");
        var context = temp.Combine("context");
        await PublishAppAsync(temp.Combine("app"), Path.Combine(context, "app"));
        var baseLayout = await BaseImages.EnsureLayoutAsync();
        var dockerfile = temp.Combine("Dockerfile");
        File.WriteAllText(dockerfile, $"FROM oci:{baseLayout}:{BaseImages.LayoutTag(BaseImage.DotnetRuntime)}\nWORKDIR /app\nCOPY app/ ./\nENTRYPOINT [\"dotnet\", \"/app/ExitApp.dll\"]\n");
        var layout = temp.Combine("oci");
        var build = await KanikoTool.RunAsync("build", "--context", context, "--dockerfile", dockerfile,
            "--destination", "example.test/exit-app:1", "--no-push", "--oci-layout-path", layout);
        Assert.AreEqual(0, build.ExitCode, build.StandardError);

        var plain = await KanikoTool.RunAsync("run", $"oci:{layout}:1");
        Assert.AreEqual(0, plain.ExitCode, plain.StandardError);
        Assert.AreEqual("hello from the app in /app with 0 arguments\n", plain.StandardOutput);

        var failing = await KanikoTool.RunAsync("run", $"oci:{layout}:1", "--", "42");
        Assert.AreEqual(42, failing.ExitCode, failing.StandardError);
        Assert.AreEqual("hello from the app in /app with 1 arguments\n", failing.StandardOutput);
    }

    /// <summary>Publishes a tiny framework-dependent app that exits with the number it is given.</summary>
    private static async Task PublishAppAsync(string project, string output)
    {
        Directory.CreateDirectory(project);
        File.WriteAllText(Path.Combine(project, "ExitApp.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
                <ImplicitUsings>enable</ImplicitUsings>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(Path.Combine(project, "Program.cs"), """
            Console.WriteLine($"hello from the app in {Environment.CurrentDirectory} with {args.Length} arguments");
            return args.Length > 0 ? int.Parse(args[0], System.Globalization.CultureInfo.InvariantCulture) : 0;
            """);
        await ProcessRunner.RunAsync("dotnet", ["publish", project, "-nologo", "-c", "Release", "-o", output], timeout: TimeSpan.FromMinutes(3));
    }

    [TestMethod]
    public async Task Run_MissingImage_ExitsWithKanikosCode()
    {
        var result = await KanikoTool.RunAsync("run", $"{s_registry.Host}/no/such:image", "--", "true");

        Assert.AreEqual(125, result.ExitCode);
        StringAssert.Contains(result.StandardError, "error KANIKO");
    }
}
