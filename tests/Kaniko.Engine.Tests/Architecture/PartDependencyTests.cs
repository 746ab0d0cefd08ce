namespace Kaniko.Engine.Tests.Architecture;

/// <summary>
/// The dependency rule of docs/architecture.md: the engine's parts use each other one way only, so
/// each can be understood, tested and changed without the ones above it.
/// </summary>
[TestClass]
public sealed class PartDependencyTests
{
    private static readonly Lazy<EnginePartGraph> Engine = new(() => EnginePartGraph.Read(RepositoryFolder.Combine("src", "Kaniko.Engine")));

    [TestMethod]
    public void TheEnginesParts_FormNoCycle()
    {
        var graph = Engine.Value;

        var cyclic = graph.EdgesOnCycles();

        Assert.IsEmpty(cyclic, "These uses close a cycle among the engine's parts; move the type to the part that owns it:\n"
            + string.Join("\n", cyclic.Select(edge => $"  {edge.From} -> {edge.To}: {string.Join(", ", graph.FilesBehind(edge.From, edge.To))}")));
    }

    [TestMethod]
    public void TheKernel_UsesNoPart()
    {
        var graph = Engine.Value;

        var uses = graph.Edges.Where(edge => edge.From.Length == 0).ToList();

        Assert.IsEmpty(uses, "The files at the engine's top are used by every part, so they may use none: "
            + string.Join(", ", uses.SelectMany(edge => graph.FilesBehind(edge.From, edge.To))));
    }

    [TestMethod]
    [DataRow("Caching", "Commands")]
    [DataRow("Caching", "Dockerfiles")]
    [DataRow("Commands", "Building")]
    [DataRow("Registries", "Building")]
    [DataRow("Images", "Registries")]
    [DataRow("Caching", "Building")]
    [DataRow("Layers", "Images")]
    [DataRow("Filesystem", "Layers")]
    public void APart_DoesNotUseWhatItMustNotKnow(string part, string unknown)
    {
        var files = Engine.Value.FilesBehind(part, unknown);

        Assert.IsEmpty(files, $"{part} must not use {unknown}: {string.Join(", ", files)}");
    }

    [TestMethod]
    public void TheJobsAndBuilding_AreUsedOnlyByTheJobs()
    {
        string[] jobs = ["Publishing", "Running", "Warming", "Server"];
        var graph = Engine.Value;

        var wrong = graph.Edges.Where(edge => (jobs.Contains(edge.To) || edge.To == "Building") && !jobs.Contains(edge.From)).ToList();

        Assert.IsEmpty(wrong, "Only the jobs on top use Building or one another: "
            + string.Join("; ", wrong.Select(edge => $"{edge.From} -> {edge.To} ({string.Join(", ", graph.FilesBehind(edge.From, edge.To))})")));
    }

    [TestMethod]
    public void TheGraph_SeesTheUsesThatAreThere()
    {
        var edges = Engine.Value.Edges.ToHashSet();

        Assert.Contains(("Building", "Commands"), edges);
        Assert.Contains(("Registries", "Images"), edges);
        Assert.Contains(("Commands", "Dockerfiles"), edges);
        Assert.Contains(("Building", "Sandbox"), edges, "Building names Sandbox.RunOptions by the part's name alone, with no using directive");
    }

    [TestMethod]
    public void EveryFile_LivesInTheNamespaceOfItsFolder()
    {
        var engine = RepositoryFolder.Combine("src", "Kaniko.Engine");
        var strays = Directory.EnumerateFiles(engine, "*.cs", SearchOption.AllDirectories)
            .Select(path => Path.GetRelativePath(engine, path).Replace('\\', '/'))
            .Where(relative => !relative.StartsWith("obj/", StringComparison.Ordinal) && !relative.StartsWith("bin/", StringComparison.Ordinal))
            .Where(relative => !File.ReadLines(Path.Combine(engine, relative)).Contains(ExpectedNamespace(relative)))
            .ToList();

        Assert.IsEmpty(strays, "A part's files carry its namespace, or the graph above is wrong about them: " + string.Join(", ", strays));
    }

    [TestMethod]
    public void EdgesOnCycles_FindsACycleOfThreeAndNothingOffIt()
    {
        var graph = new EnginePartGraph();
        graph.Add("A", "B", "a.cs");
        graph.Add("B", "C", "b.cs");
        graph.Add("C", "A", "c.cs");
        graph.Add("C", "D", "c.cs");

        CollectionAssert.AreEqual(new[] { ("A", "B"), ("B", "C"), ("C", "A") }, graph.EdgesOnCycles().ToList());
    }

    private static string ExpectedNamespace(string relative)
    {
        var folder = Path.GetDirectoryName(relative)!.Replace('/', '.');
        return folder.Length == 0 ? "namespace Kaniko.Engine;" : $"namespace Kaniko.Engine.{folder};";
    }
}
