using Kaniko.Engine.Building;
using Kaniko.Engine.Images;
using TaskItem = Microsoft.Build.Utilities.TaskItem;
using Microsoft.Extensions.Logging.Abstractions;

namespace Kaniko.Tasks.Tests;

[TestClass]
public sealed class GenerateKanikoDockerfileTests
{
    [TestMethod]
    public async Task Generated_Dockerfile_CarriesTheSdkPropertiesIntoTheImageUnexpanded()
    {
        var task = NewTask();
        task.Ports = [Item("8080"), Item("5353", ("Type", "UDP"))];
        task.EnvironmentVariables = [Item("GREETING", ("Value", "hello \"world\" costs $5 \\ more"))];
        task.Labels = [Item("org.example/team name", ("Value", "a=b $HOME"))];
        task.User = "1234";

        var config = await BuildAsync(task);

        CollectionAssert.Contains(config.Env, "GREETING=hello \"world\" costs $5 \\ more");
        Assert.AreEqual("a=b $HOME", config.Labels!["org.example/team name"]);
        CollectionAssert.AreEquivalent(new[] { "8080/tcp", "5353/udp" }, config.ExposedPorts!.Keys.ToList());
        Assert.AreEqual("1234", config.User);
        Assert.AreEqual("/app", config.WorkingDir);
        CollectionAssert.AreEqual(new[] { "dotnet", "Sample.dll" }, config.Entrypoint);
        Assert.IsNull(config.Cmd);
    }

    [TestMethod]
    [DataRow("Entrypoint", "/app/Sample,--verbose", "serve")]
    [DataRow("DefaultArgs", "", "/app/Sample,--verbose,serve")]
    [DataRow("None", "", "serve")]
    public async Task AppCommandInstruction_PlacesTheCommandAsTheSdkDoes(string instruction, string entrypoint, string cmd)
    {
        var task = NewTask();
        task.AppCommand = ["/app/Sample"];
        task.AppCommandArgs = ["--verbose"];
        task.DefaultArgs = ["serve"];
        task.AppCommandInstruction = instruction;

        var config = await BuildAsync(task);

        CollectionAssert.AreEqual(Split(entrypoint), config.Entrypoint ?? []);
        CollectionAssert.AreEqual(Split(cmd), config.Cmd ?? []);
    }

    [TestMethod]
    public void UnknownAppCommandInstruction_IsACodedError()
    {
        var engine = new RecordingBuildEngine();
        var task = NewTask();
        task.BuildEngine = engine;
        task.AppCommandInstruction = "Sometimes";

        Assert.IsFalse(task.Execute());

        Assert.AreEqual("KANIKO1201", engine.Errors.Single().Code);
    }

    [TestMethod]
    public void Execute_WritesTheFileOnlyWhenItChanges()
    {
        var task = NewTask();

        Assert.IsTrue(task.Execute());
        var firstWrite = File.GetLastWriteTimeUtc(task.OutputPath);
        File.SetLastWriteTimeUtc(task.OutputPath, firstWrite.AddHours(-1));
        Assert.IsTrue(task.Execute());

        Assert.AreEqual(firstWrite.AddHours(-1), File.GetLastWriteTimeUtc(task.OutputPath), "an unchanged Dockerfile is not rewritten");
        StringAssert.StartsWith(File.ReadAllText(task.OutputPath), "FROM scratch\n");
    }

    private static GenerateKanikoDockerfile NewTask()
    {
        var folder = Directory.CreateTempSubdirectory("kaniko-tasks-").FullName;
        File.WriteAllText(Path.Combine(folder, "Sample.dll"), "not really an assembly");
        return new GenerateKanikoDockerfile
        {
            BaseImage = "scratch",
            EntryAssembly = "Sample.dll",
            OutputPath = Path.Combine(folder, "obj", "Dockerfile"),
            BuildEngine = new RecordingBuildEngine(),
        };
    }

    private static async Task<ContainerConfig> BuildAsync(GenerateKanikoDockerfile task)
    {
        Assert.IsTrue(task.Execute());
        var context = Path.GetDirectoryName(Path.GetDirectoryName(task.OutputPath))!;
        try
        {
            await new ImageBuilder(NullLogger.Instance).BuildAsync(new BuildRequest
            {
                ContextDirectory = context,
                DockerfilePath = task.OutputPath,
                NoPush = true,
                OciLayoutPath = Path.Combine(context, "oci"),
                Reproducible = true,
            });
            var image = await OciLayoutReader.ReadAsync(Path.Combine(context, "oci"), "latest", Platform.Host, CancellationToken.None);
            return image.Config.Config;
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }

    private static TaskItem Item(string spec, params (string Name, string Value)[] metadata)
    {
        var item = new TaskItem(spec);
        foreach (var (name, value) in metadata)
        {
            item.SetMetadata(name, value);
        }

        return item;
    }

    private static string[] Split(string list) => list.Split(',', StringSplitOptions.RemoveEmptyEntries);
}
