using System.Globalization;
using System.Text;
using BenchmarkDotNet.Attributes;
using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Benchmarks;

/// <summary>
/// Parsing a 10,000-line Dockerfile of the usual shapes (continued RUN chains with comments,
/// heredocs, ENV/LABEL pairs, JSON commands, flags, several stages): the syntax tree alone, the
/// typed instructions, and the stage plan on top.
/// </summary>
[MemoryDiagnoser]
public class DockerfileParseBenchmarks
{
    private const int TargetLines = 10_000;
    private string _text = string.Empty;

    [GlobalSetup]
    public void CreateDockerfile()
    {
        var text = new StringBuilder("# syntax=docker/dockerfile:1\nARG BASE=debian:12\n");
        var lines = 2;
        for (var stage = 0; lines < TargetLines; stage++)
        {
            text.Append(stage == 0 ? "FROM ${BASE} AS stage0\n" : string.Create(CultureInfo.InvariantCulture, $"FROM stage{stage - 1} AS stage{stage}\n"));
            text.Append("ENV PATH=/opt/bin:$PATH LANG=C.UTF-8 \\\n    HOME=/root\n");
            text.Append("LABEL org.opencontainers.image.title=\"bench\" version=1.0\n");
            text.Append("RUN apt-get update \\\n    # refresh\n    && apt-get install -y --no-install-recommends curl git \\\n    && rm -rf /var/lib/apt/lists/*\n");
            text.Append("RUN --mount=type=cache,target=/root/.cache <<EOF\nset -e\necho \"building $HOME\"\nEOF\n");
            text.Append("COPY --chown=app:app --chmod=0644 [\"src/app.csproj\", \"/src/\"]\n");
            text.Append(string.Create(CultureInfo.InvariantCulture, $"COPY --from=stage{Math.Max(0, stage - 1)} /out /out\n"));
            text.Append("HEALTHCHECK --interval=30s --timeout=3s CMD curl -f http://localhost/ || exit 1\n");
            text.Append("ENTRYPOINT [\"dotnet\", \"app.dll\"]\n");
            lines = text.ToString().Count(ch => ch == '\n');
        }

        _text = text.ToString();
    }

    [Benchmark(Baseline = true)]
    public int SyntaxTree() => DockerfileSyntaxParser.Parse(_text, "Dockerfile").Nodes.Count;

    [Benchmark]
    public int TypedInstructions() => DockerfileParser.Parse(_text, "Dockerfile").Instructions.Count;

    [Benchmark]
    public int StagePlanFromText() =>
        StagePlan.Create(DockerfileParser.Parse(_text, "Dockerfile"), new StagePlanOptions()).Needed.Count;
}
