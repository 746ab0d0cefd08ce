using System.Text.Json;
using Kaniko.TestInfrastructure;

namespace Kaniko.IntegrationTests;

/// <summary><c>dotnet kaniko init</c> ejects the generated Dockerfile into the project, which then builds with KanikoDockerfile.</summary>
[TestClass]
public sealed class InitToolTests
{
    [TestMethod]
    public async Task Init_EjectsTheGeneratedDockerfile_KeepsItWithoutForce_AndTheEditedCopyBuildsAndRuns()
    {
        var baseLayout = await BaseImages.EnsureLayoutAsync();
        var (_, version) = await TasksPackage.EnsurePackedAsync();
        using var sample = SampleProject.Copy("ConsoleApp");
        var restore = await sample.DotnetAsync("restore");
        Assert.AreEqual(0, restore.ExitCode, restore.StandardOutput);
        string[] init = ["init", sample.Project, "--no-restore", "-p", $"KanikoVersion={version}", "-p", $"ContainerBaseImage=oci:{baseLayout}:{BaseImages.LayoutTag(BaseImage.DotnetRuntime)}"];

        var first = await KanikoTool.RunAsync(init);

        Assert.AreEqual(0, first.ExitCode, first.StandardOutput + first.StandardError);
        var dockerfile = sample.Combine("Dockerfile");
        var text = File.ReadAllText(dockerfile);
        StringAssert.StartsWith(text, "# Written by dotnet kaniko init");
        StringAssert.Contains(text, $"FROM oci:{baseLayout}:runtime\n");
        StringAssert.Contains(text, "COPY --parents [\"ConsoleApp\",\"ConsoleApp.deps.json\",\"ConsoleApp.dll\"", "the app layer, as the package generates it");
        StringAssert.Contains(text, "-c bin/Release/net10.0/publish/ -f Dockerfile");
        StringAssert.Contains(text, "ENTRYPOINT [\"dotnet\",\"/app/ConsoleApp.dll\"]");
        Assert.IsTrue(File.Exists(sample.Combine("Dockerfile.dockerignore")));

        File.AppendAllText(dockerfile, "LABEL org.example.ejected=\"yes\"\n");
        var again = await KanikoTool.RunAsync(init);
        Assert.AreEqual(1, again.ExitCode);
        StringAssert.Contains(again.StandardError, "error KANIKO1211:");
        StringAssert.EndsWith(File.ReadAllText(dockerfile), "LABEL org.example.ejected=\"yes\"\n", "an existing Dockerfile is kept without --force");

        var publish = await sample.DotnetAsync("publish", "-c", "Release", "-p:KanikoPublish=true", "-p:KanikoDockerfile=Dockerfile");
        Assert.AreEqual(0, publish.ExitCode, publish.StandardOutput);
        var layout = sample.Combine("bin", "Release", "net10.0", "container", "oci");
        var inspect = await ProcessRunner.RunAsync("skopeo", ["inspect", "--config", $"oci:{layout}:latest"]);
        using (var config = JsonDocument.Parse(inspect.StandardOutput))
        {
            Assert.AreEqual("yes", config.RootElement.GetProperty("config").GetProperty("Labels").GetProperty("org.example.ejected").GetString(), "the edited Dockerfile was built");
        }

        var run = await KanikoTool.RunAsync("run", $"oci:{layout}:latest");
        Assert.AreEqual(0, run.ExitCode, run.StandardError);
        StringAssert.Contains(run.StandardOutput, "Hello from a Kaniko-built image!");

        var forced = await KanikoTool.RunAsync([.. init, "--force"]);
        Assert.AreEqual(0, forced.ExitCode, forced.StandardError);
        Assert.IsFalse(File.ReadAllText(dockerfile).Contains("org.example.ejected", StringComparison.Ordinal), "--force writes it anew");
    }

    [TestMethod]
    public async Task Init_ProjectWithoutThePackage_FailsWithACodeAndWritesNothing()
    {
        using var temp = TemporaryDirectory.Create("init-no-package");
        File.WriteAllText(temp.Combine("Plain.csproj"), """
            <Project Sdk="Microsoft.NET.Sdk">
              <PropertyGroup>
                <OutputType>Exe</OutputType>
                <TargetFramework>net10.0</TargetFramework>
              </PropertyGroup>
            </Project>
            """);
        File.WriteAllText(temp.Combine("Program.cs"), "System.Console.WriteLine(1);\n");

        var result = await KanikoTool.RunAsync("init", temp.Path);

        Assert.AreEqual(1, result.ExitCode, result.StandardOutput + result.StandardError);
        StringAssert.Contains(result.StandardError, "error KANIKO1212:");
        StringAssert.Contains(result.StandardError, "Kaniko.Tasks");
        Assert.IsFalse(File.Exists(temp.Combine("Dockerfile")));
    }
}
