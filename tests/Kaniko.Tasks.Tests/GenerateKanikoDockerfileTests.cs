using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Tasks.Tests;

[TestClass]
public sealed class GenerateKanikoDockerfileTests
{
    [TestMethod]
    public void Generated_Dockerfile_ParsesToTheAppsInstructions()
    {
        var text = GenerateKanikoDockerfile.DockerfileText("registry.test/dotnet/runtime:10.0", "/app", "Sample.dll");

        var dockerfile = DockerfileParser.Parse(text, "Dockerfile");

        Assert.AreEqual("registry.test/dotnet/runtime:10.0", ((FromInstruction)dockerfile.Instructions[0]).Image);
        Assert.AreEqual("/app", ((WorkdirInstruction)dockerfile.Instructions[1]).Path);
        var copy = (CopyInstruction)dockerfile.Instructions[2];
        CollectionAssert.AreEqual(new[] { "." }, copy.Sources.ToList());
        Assert.AreEqual("/app/", copy.Destination);
        var entrypoint = (EntrypointInstruction)dockerfile.Instructions[3];
        Assert.IsTrue(entrypoint.IsExecForm);
        CollectionAssert.AreEqual(new[] { "dotnet", "Sample.dll" }, entrypoint.Arguments.ToList());
    }

    [TestMethod]
    public void Execute_WritesTheFileOnlyWhenItChanges()
    {
        var folder = Directory.CreateTempSubdirectory("kaniko-tasks-").FullName;
        try
        {
            var path = Path.Combine(folder, "obj", "Dockerfile");
            var task = new GenerateKanikoDockerfile { BaseImage = "oci:/images:runtime", EntryAssembly = "App.dll", OutputPath = path, BuildEngine = new RecordingBuildEngine() };

            Assert.IsTrue(task.Execute());
            var firstWrite = File.GetLastWriteTimeUtc(path);
            File.SetLastWriteTimeUtc(path, firstWrite.AddHours(-1));
            Assert.IsTrue(task.Execute());

            Assert.AreEqual(firstWrite.AddHours(-1), File.GetLastWriteTimeUtc(path), "an unchanged Dockerfile is not rewritten");
            StringAssert.StartsWith(File.ReadAllText(path), "FROM oci:/images:runtime\n");
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
