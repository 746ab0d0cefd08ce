using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Tests.Dockerfiles;

[TestClass]
public sealed class StagePlanTests
{
    private const string MultiStage =
        "FROM alpine AS Base\nRUN a\n" +
        "FROM base AS build\nCOPY --from=tools /x /x\n" +
        "FROM golang AS tools\n" +
        "FROM scratch AS unused\n" +
        "FROM scratch AS final\nCOPY --from=BUILD /out /out\nCOPY --from=2 /t /t\nCOPY --from=nginx:1 /n /n\n" +
        "FROM debian AS other\nRUN --mount=type=bind,from=tools,target=/t t\n";

    [TestMethod]
    // Global ARGs reach FROM lines; --build-arg overrides them.
    [DataRow("ARG V=3\nFROM alpine:$V", "", "alpine:3")]
    [DataRow("ARG V=3\nFROM alpine:${V}", "V=4", "alpine:4")]
    [DataRow("ARG REG=docker.io\nARG IMG=${REG}/library/alpine\nFROM $IMG", "", "docker.io/library/alpine")]
    [DataRow("ARG REG=docker.io\nARG IMG=${REG}/alpine\nFROM $IMG", "REG=quay.io", "quay.io/alpine")]
    [DataRow("ARG V\nFROM alpine:${V:-latest}", "", "alpine:latest")]
    [DataRow("FROM alpine:$TARGETARCH", "", "alpine:arm64")]
    [DataRow("FROM --platform=$BUILDPLATFORM golang:${BUILDOS}", "", "golang:linux")]
    [DataRow("ARG TAG=1\nFROM a:$TAG AS one\nFROM b:$TAG", "", "a:1 | b:1")]
    public void Create_FromLine_ExpandsGlobalArguments(string text, string buildArgs, string expected)
    {
        var plan = Plan(text, buildArgs);

        Assert.AreEqual(expected, string.Join(" | ", plan.Stages.Select(s => s.BaseName)));
    }

    [TestMethod]
    // What a stage's words expand with after its ARG and ENV instructions.
    [DataRow("ARG V=3\nFROM a\nENV X=[$V]", "", "X=[]")]
    [DataRow("ARG V=3\nFROM a\nARG V\nENV X=[$V]", "", "V=3 X=[3]")]
    [DataRow("ARG V=3\nFROM a\nARG V\nENV X=[$V]", "V=9", "V=9 X=[9]")]
    [DataRow("ARG V=3\nFROM a\nARG V=5\nENV X=[$V]", "", "V=5 X=[5]")]
    [DataRow("ARG V=3\nFROM a\nARG V=5", "V=9", "V=9")]
    [DataRow("FROM a\nARG NOVALUE", "", "")]
    [DataRow("FROM a\nARG X=arg\nENV X=env", "", "X=env")]
    [DataRow("FROM a\nENV X=env\nARG X=arg", "", "X=env")]
    [DataRow("FROM a\nENV B=b\nARG A=${B}x", "", "A=bx B=b")]
    [DataRow("FROM a\nARG A=1 B=$A", "", "A=1 B=1")]
    // ARG names are not expanded: BuildKit's dispatch skips Expand for ARG and dispatchArg keys on the literal name.
    [DataRow("FROM a\nENV src K\nARG ${src}=v", "", "${src}=v src=K")]
    [DataRow("ARG ${G}=g\nFROM a\nARG ${G}", "", "${G}=g")]
    [DataRow("FROM a\nARG TARGETOS\nARG TARGETPLATFORM", "", "TARGETOS=linux TARGETPLATFORM=linux/arm64/v8")]
    [DataRow("FROM a\nARG TARGETOS=custom", "", "TARGETOS=custom")]
    [DataRow("FROM a\nENV P=$BUILDARCH", "", "P=")]
    [DataRow("FROM a\nARG HTTP_PROXY\nENV H=$HTTP_PROXY", "HTTP_PROXY=http://proxy:3128", "H=http://proxy:3128 HTTP_PROXY=http://proxy:3128")]
    [DataRow("FROM a\nARG FROM_ENV", "FROM_ENV", "FROM_ENV=from the environment")]
    [DataRow("FROM a\nARG MISSING=default", "MISSING", "MISSING=default")]
    [DataRow("FROM a\nENV A=1\nENV B=$A", "", "A=1 B=1")]
    public void Variables_AfterStage_FollowBuildKitScoping(string text, string buildArgs, string expected)
    {
        var dockerfile = DockerfileParser.Parse(text, "Dockerfile");
        var plan = StagePlan.Create(dockerfile, Options(buildArgs));
        var variables = VariablesOf(plan, dockerfile);

        Assert.AreEqual(expected, string.Join(" ", variables.ExpansionEnvironment.OrderBy(p => p.Key, StringComparer.Ordinal).Select(p => $"{p.Key}={p.Value}")));
    }

    [TestMethod]
    public void Variables_ImageEnvironment_WinsOverArgButNotOverLaterEnv()
    {
        var dockerfile = DockerfileParser.Parse("FROM a\nARG PATH=/arg\nARG HOME=/arg\nENV HOME=/env", "Dockerfile");
        var variables = StagePlan.Create(dockerfile, Options("")).NewStageVariables();
        variables.SetImageEnvironment(["PATH=/usr/bin", "HOME=/root"]);

        foreach (var instruction in dockerfile.Instructions.Skip(1))
        {
            variables.Apply(instruction);
        }

        Assert.AreEqual("/usr/bin", variables.ExpansionEnvironment["PATH"]);
        Assert.AreEqual("/env", variables.ExpansionEnvironment["HOME"]);
        Assert.AreEqual("/arg", variables.Arguments["PATH"]);
    }

    [TestMethod]
    [DataRow("FROM a\nARG USED", "USED=1 NEVER=2 HTTP_PROXY=p", "NEVER")]
    [DataRow("ARG GLOBAL\nFROM a", "GLOBAL=1", "")]
    [DataRow("FROM a AS x\nARG ONLY_IN_X\nFROM b", "ONLY_IN_X=1 no_proxy=x", "")]
    [DataRow("FROM a", "B=1 A=2", "A B")]
    public void Create_BuildArgumentsNoArgConsumes_AreReported(string text, string buildArgs, string expected)
    {
        Assert.AreEqual(expected, string.Join(" ", Plan(text, buildArgs).UnusedBuildArguments));
    }

    [TestMethod]
    public void Create_ProxyBuildArguments_AreAvailableWithoutDeclaration()
    {
        var plan = Plan("FROM a", "HTTPS_PROXY=http://p:1 OTHER=1");

        Assert.AreEqual("HTTPS_PROXY=http://p:1", string.Join(" ", plan.ProxyArguments.Select(p => $"{p.Key}={p.Value}")));
    }

    [TestMethod]
    public void Create_MultiStage_ResolvesNamesIndexesAndImages()
    {
        var plan = Plan(MultiStage, "");

        Assert.AreEqual(
            "0 base <- alpine | 1 build <- stage 0 deps=- images=tools | 2 tools <- golang | 3 unused <- scratch | 4 final <- scratch deps=1,2 images=nginx:1 | 5 other <- debian deps=2",
            string.Join(" | ", plan.Stages.Select(Describe)));
    }

    [TestMethod]
    [DataRow(null, "2,5")]
    [DataRow("final", "0,1,2,4")]
    [DataRow("FINAL", "0,1,2,4")]
    [DataRow("build", "0,1")]
    [DataRow("tools", "2")]
    [DataRow("unused", "3")]
    public void Create_Target_NeedsOnlyItsStages(string? target, string expected)
    {
        var dockerfile = DockerfileParser.Parse(MultiStage, "Dockerfile");

        var plan = StagePlan.Create(dockerfile, new StagePlanOptions { Target = target });

        Assert.AreEqual(expected, string.Join(",", plan.Needed.Select(s => s.Index)));
        Assert.AreEqual(plan.Needed[^1], plan.Target);
    }

    [TestMethod]
    [DataRow("FROM a AS x", "missing", "KANIKO3009", 1, "target stage \"missing\" could not be found (stages: x)")]
    [DataRow("FROM a\nCOPY --from=0 /a /b", null, "KANIKO3009", 2, "--from=0 refers to stage 0, which is not before this stage (0)")]
    [DataRow("FROM a\nFROM b\nCOPY --from=7 /a /b", null, "KANIKO3009", 3, "--from=7 refers to stage 7")]
    [DataRow("ARG IMAGE\nFROM $IMAGE", null, "KANIKO3003", 2, "base name ($IMAGE) should not be blank")]
    [DataRow("FROM a:${V:?}", null, "KANIKO3010", 1, "V: is not allowed to be unset")]
    [DataRow("FROM alpine:${", null, "KANIKO3010", 1, "syntax error: missing '}'")]
    [DataRow("FROM a\n\nENV X=${}", null, "KANIKO3010", 3, "bad substitution")]
    [DataRow("FROM a\nLABEL x=y\nARG A=${B:=c}", null, "KANIKO3010", 3, "unsupported modifier (:=)")]
    [DataRow("FROM a\nCOPY --from=${S /a /b", null, "KANIKO3010", 2, "missing '}'")]
    [DataRow("FROM a\nARG X=\"${Y:?need Y}\"", null, "KANIKO3010", 2, "Y: need Y")]
    [DataRow("FROM a\nENV X=${Y:?}", null, "KANIKO3010", 2, "Y: is not allowed to be unset")]
    public void Create_InvalidStages_FailWithLocation(string text, string? target, string code, int line, string what)
    {
        var dockerfile = DockerfileParser.Parse(text, "Dockerfile");

        var error = Assert.ThrowsExactly<DockerfileException>(() => StagePlan.Create(dockerfile, new StagePlanOptions { Target = target }));

        Assert.AreEqual(code, error.Code);
        Assert.AreEqual(line, error.Location.Line);
        StringAssert.Contains(error.Message, what);
    }

    [TestMethod]
    public void Create_CopyFromWithArgument_ExpandsBeforeResolving()
    {
        var plan = Plan("FROM a AS src\nFROM b\nARG FROM_STAGE=SRC\nCOPY --from=$FROM_STAGE /a /b", "");

        Assert.AreEqual("0", string.Join(",", plan.Stages[1].StageDependencies));
    }

    [TestMethod]
    public void PredefinedArguments_Platform_SplitsOsArchVariant()
    {
        var values = PredefinedArguments.Platform("linux/arm/v7", "linux/amd64");

        Assert.AreEqual("linux/arm/v7 linux arm v7 linux/amd64 amd64 ", string.Join(" ",
            values["TARGETPLATFORM"], values["TARGETOS"], values["TARGETARCH"], values["TARGETVARIANT"], values["BUILDPLATFORM"], values["BUILDARCH"], values["BUILDVARIANT"]));
    }

    private static string Describe(BuildStage stage) =>
        $"{stage.Index} {stage.Name} <- {(stage.BaseStage is { } b ? "stage " + b : stage.BaseName)}"
        + (stage.StageDependencies.Count + stage.ImageDependencies.Count == 0
            ? ""
            : $" deps={(stage.StageDependencies.Count == 0 ? "-" : string.Join(",", stage.StageDependencies))}"
              + (stage.ImageDependencies.Count == 0 ? "" : " images=" + string.Join(",", stage.ImageDependencies)));

    private static StagePlan Plan(string text, string buildArgs) =>
        StagePlan.Create(DockerfileParser.Parse(text, "Dockerfile"), Options(buildArgs));

    private static StageVariables VariablesOf(StagePlan plan, Dockerfile dockerfile)
    {
        var variables = plan.NewStageVariables();
        foreach (var instruction in dockerfile.Instructions.SkipWhile(i => i is not FromInstruction).Skip(1))
        {
            variables.Apply(instruction);
        }

        return variables;
    }

    private static StagePlanOptions Options(string buildArgs) => new()
    {
        BuildArguments = buildArgs.Split(' ', StringSplitOptions.RemoveEmptyEntries).ToDictionary(
            pair => pair.Split('=')[0],
            pair => pair.Contains('=', StringComparison.Ordinal) ? pair[(pair.IndexOf('=', StringComparison.Ordinal) + 1)..] : null),
        EnvironmentVariable = name => name == "FROM_ENV" ? "from the environment" : null,
        TargetPlatform = "linux/arm64/v8",
        BuildPlatform = "linux/amd64",
    };
}
