using Kaniko.Engine.Commands;
using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Tests.Commands;

[TestClass]
public sealed class RunScriptTests
{
    private static readonly string[] Shell = ["/bin/sh", "-c"];

    [TestMethod]
    public void ShellForm_ShortCommand_GoesToTheShellAsAnArgument()
    {
        var script = RunScript.For(Run("echo hi"), Shell);

        CollectionAssert.AreEqual(new[] { "/bin/sh", "-c", "echo hi" }, script.Arguments.ToArray());
        Assert.AreEqual(0, script.Files.Count);
    }

    [TestMethod]
    [DataRow(128 * 1024 - 1, false)]
    [DataRow(128 * 1024, true)]
    [DataRow(10 * 1024 * 1024, true)]
    public void ShellForm_CommandOverTheKernelsArgumentLimit_IsSourcedFromAFile(int length, bool sourced)
    {
        var command = "x=" + new string('a', length - 2);

        var script = RunScript.For(Run(command), Shell);

        if (sourced)
        {
            CollectionAssert.AreEqual(new[] { "/bin/sh", "-c", ". /dev/pipes/kaniko-run-command" }, script.Arguments.ToArray());
            Assert.AreEqual(command, script.Files["kaniko-run-command"]);
            Assert.AreEqual(command.Length, script.HistoryArguments[^1].Length, "the history keeps the command itself");
        }
        else
        {
            Assert.AreEqual(command, script.Arguments[^1]);
            Assert.AreEqual(0, script.Files.Count);
        }
    }

    [TestMethod]
    public void ExecForm_LongArgument_IsLeftAsWritten()
    {
        var argument = new string('a', 200 * 1024);
        var instruction = new RunInstruction(new SourceLocation("Dockerfile", 1, 1), "RUN [...]", ["/bin/echo", argument], IsExecForm: true);

        var script = RunScript.For(instruction, Shell);

        CollectionAssert.AreEqual(new[] { "/bin/echo", argument }, script.Arguments.ToArray());
    }

    private static RunInstruction Run(string command) =>
        new(new SourceLocation("Dockerfile", 1, 1), "RUN " + command, [command], IsExecForm: false);
}
