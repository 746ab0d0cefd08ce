namespace Kaniko.Tasks.Tests;

[TestClass]
public sealed class KanikoBuildImageTests
{
    [TestMethod]
    public void Execute_DockerfileError_IsAnMSBuildErrorWithCodeFileAndLine()
    {
        var context = Directory.CreateTempSubdirectory("kaniko-tasks-").FullName;
        try
        {
            var dockerfile = Path.Combine(context, "Dockerfile");
            File.WriteAllText(dockerfile, "FROM scratch\nFROBNICATE /data\n");
            var engine = new RecordingBuildEngine();
            var task = new KanikoBuildImage
            {
                BuildEngine = engine,
                ContextDirectory = context,
                DockerfilePath = dockerfile,
                OciLayoutPath = Path.Combine(context, "oci"),
            };

            Assert.IsFalse(task.Execute());

            var error = engine.Errors.Single();
            StringAssert.StartsWith(error.Code, "KANIKO3");
            Assert.AreEqual(dockerfile, error.File);
            Assert.AreEqual(2, error.LineNumber);
            StringAssert.Contains(error.Message, "FROBNICATE");
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }

    [TestMethod]
    public void Execute_FromScratch_WritesAnOciLayoutAndReportsTheDigest()
    {
        var context = Directory.CreateTempSubdirectory("kaniko-tasks-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(context, "app.txt"), "content");
            File.WriteAllText(Path.Combine(context, "Dockerfile"), "FROM scratch\nCOPY app.txt /app/\n");
            var task = new KanikoBuildImage
            {
                BuildEngine = new RecordingBuildEngine(),
                ContextDirectory = context,
                DockerfilePath = "Dockerfile",
                OciLayoutPath = Path.Combine(context, "oci"),
                ArchiveTags = ["sample:1.0"],
            };

            Assert.IsTrue(task.Execute());

            StringAssert.StartsWith(task.ManifestDigest, "sha256:");
            Assert.AreEqual(task.ManifestDigest, task.Image!.GetMetadata("Digest"));
            var index = File.ReadAllText(Path.Combine(context, "oci", "index.json"));
            StringAssert.Contains(index, task.ManifestDigest);
            StringAssert.Contains(index, "\"1.0\"");
        }
        finally
        {
            Directory.Delete(context, recursive: true);
        }
    }

    [TestMethod]
    public void Execute_WithAStateFile_SkipsAnUnchangedBuild_AndRebuildsOnAnyChange()
    {
        var context = Directory.CreateTempSubdirectory("kaniko-tasks-").FullName;
        var work = Directory.CreateTempSubdirectory("kaniko-tasks-state-").FullName;
        try
        {
            File.WriteAllText(Path.Combine(context, "app.txt"), "content");
            File.WriteAllText(Path.Combine(context, "Dockerfile"), "FROM scratch\nCOPY app.txt /app/\n");
            var layout = Path.Combine(work, "oci");
            KanikoBuildImage NewTask(RecordingBuildEngine engine) => new()
            {
                BuildEngine = engine,
                ContextDirectory = context,
                DockerfilePath = "Dockerfile",
                OciLayoutPath = layout,
                StateFile = Path.Combine(work, "state.json"),
            };

            var first = new RecordingBuildEngine();
            Assert.IsTrue(NewTask(first).Execute());
            var unchanged = new RecordingBuildEngine();
            var second = NewTask(unchanged);
            Assert.IsTrue(second.Execute());
            File.AppendAllText(Path.Combine(context, "app.txt"), " changed");
            var changed = new RecordingBuildEngine();
            var third = NewTask(changed);
            Assert.IsTrue(third.Execute());
            Directory.Delete(layout, recursive: true);
            var deleted = new RecordingBuildEngine();
            Assert.IsTrue(NewTask(deleted).Execute());

            Assert.IsTrue(first.Messages.Any(m => m.Message!.StartsWith("Kaniko built", StringComparison.Ordinal)));
            Assert.IsTrue(unchanged.Messages.Any(m => m.Message!.StartsWith("Kaniko image is up to date", StringComparison.Ordinal)));
            Assert.IsFalse(unchanged.Messages.Any(m => m.Message!.StartsWith("Kaniko built", StringComparison.Ordinal)));
            Assert.IsTrue(changed.Messages.Any(m => m.Message!.StartsWith("Kaniko built", StringComparison.Ordinal)), "a changed file is built again");
            Assert.AreNotEqual(second.ManifestDigest, third.ManifestDigest);
            Assert.IsTrue(deleted.Messages.Any(m => m.Message!.StartsWith("Kaniko built", StringComparison.Ordinal)), "deleted outputs are built again");
            Assert.IsTrue(File.Exists(Path.Combine(layout, "index.json")));
        }
        finally
        {
            Directory.Delete(context, recursive: true);
            Directory.Delete(work, recursive: true);
        }
    }
}
