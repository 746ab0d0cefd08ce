using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Tests.Dockerfiles;

[TestClass]
public sealed class InstructionExpansionTests
{
    [TestMethod]
    [DataRow("ADD $A /b", true, false)]
    [DataRow("ARG A=$B", true, false)]
    [DataRow("COPY $A /b", true, false)]
    [DataRow("ENV A=$B", true, false)]
    [DataRow("EXPOSE $PORTS", true, true)]
    [DataRow("LABEL a=$B", true, false)]
    [DataRow("STOPSIGNAL $SIG", true, false)]
    [DataRow("USER $U", true, false)]
    [DataRow("VOLUME $DIRS", true, true)]
    [DataRow("VOLUME [\"$DIR\"]", true, false)]
    [DataRow("WORKDIR $W", true, false)]
    [DataRow("RUN echo $A", false, false)]
    [DataRow("CMD echo $A", false, false)]
    [DataRow("ENTRYPOINT [\"$A\"]", false, false)]
    [DataRow("SHELL [\"$A\"]", false, false)]
    [DataRow("HEALTHCHECK CMD $A", false, false)]
    [DataRow("ONBUILD COPY $A /b", false, false)]
    [DataRow("MAINTAINER $A", false, false)]
    public void Expands_Instruction_FollowsBuildKit(string line, bool expands, bool splits)
    {
        var instruction = DockerfileParser.Parse("FROM a\n" + line, "Dockerfile").Instructions[1];

        Assert.AreEqual(expands, InstructionExpansion.Expands(instruction));
        Assert.AreEqual(splits, InstructionExpansion.SplitsWords(instruction));
    }
}
