using System.Text;
using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Commands;

/// <summary>
/// What a RUN executes, as BuildKit makes it: exec form as written; shell form through the shell;
/// <c>RUN &lt;&lt;EOF</c> alone runs its body as a script file at <c>/dev/pipes/EOF</c> when it
/// starts with a shebang, else through the shell; any other heredoc goes to the shell with the
/// command text, which reads it as a shell here-document. A shell command longer than the kernel takes
/// as one argument (128 KiB) is written to <c>/dev/pipes/</c> and sourced by the shell instead.
/// </summary>
internal sealed record RunScript(IReadOnlyList<string> Arguments, IReadOnlyList<string> HistoryArguments, IReadOnlyDictionary<string, string> Files)
{
    private const string PipesFolder = "/dev/pipes/";
    private const string LongCommandFile = "kaniko-run-command";

    // MAX_ARG_STRLEN: execve refuses a single argument of this many bytes or more (with its NUL).
    private const int LongestArgument = 128 * 1024;

    public static RunScript For(RunInstruction instruction, IReadOnlyList<string> shell) =>
        SourcingLongCommand(Plan(instruction, shell), shell);

    private static RunScript SourcingLongCommand(RunScript script, IReadOnlyList<string> shell)
    {
        var arguments = script.Arguments;
        var isShellCommand = shell.Count > 0 && shell[^1] == "-c" && arguments.Count == shell.Count + 1 && arguments.Take(shell.Count).SequenceEqual(shell);
        if (!isShellCommand || Encoding.UTF8.GetByteCount(arguments[^1]) < LongestArgument)
        {
            return script;
        }

        var files = new Dictionary<string, string>(script.Files) { [LongCommandFile] = arguments[^1] };
        return script with { Arguments = [.. shell, ". " + PipesFolder + LongCommandFile], Files = files };
    }

    private static RunScript Plan(RunInstruction instruction, IReadOnlyList<string> shell)
    {
        var noFiles = new Dictionary<string, string>();
        if (instruction.IsExecForm)
        {
            return new RunScript(instruction.Arguments, instruction.Arguments, noFiles);
        }

        if (instruction.Heredocs.Count == 0)
        {
            var command = ShellForm.ToArguments(instruction.Arguments, isExecForm: false, shell);
            return new RunScript(command, command, noFiles);
        }

        var text = WithHeredocs(instruction);
        var history = ShellForm.ToArguments([text], isExecForm: false, shell);
        if (instruction.Heredocs.Count == 1 && IsMarkerOnly(instruction.Arguments, instruction.Heredocs[0]))
        {
            var heredoc = instruction.Heredocs[0];
            if (heredoc.Text.StartsWith("#!", StringComparison.Ordinal))
            {
                return new RunScript([PipesFolder + heredoc.Name], history, new Dictionary<string, string> { [heredoc.Name] = heredoc.Text });
            }

            return new RunScript(ShellForm.ToArguments([heredoc.Text], isExecForm: false, shell), history, noFiles);
        }

        return new RunScript(history, history, noFiles);
    }

    private static string WithHeredocs(RunInstruction instruction)
    {
        var text = new StringBuilder(string.Join(' ', instruction.Arguments));
        foreach (var heredoc in instruction.Heredocs)
        {
            text.Append('\n').Append(heredoc.Content).Append(heredoc.Name);
        }

        return text.ToString();
    }

    private static bool IsMarkerOnly(IReadOnlyList<string> arguments, Heredoc heredoc)
    {
        if (arguments.Count != 1)
        {
            return false;
        }

        var marker = arguments[0].Trim().TrimStart('<').TrimStart('-').Trim('"', '\'');
        return arguments[0].TrimStart().StartsWith("<<", StringComparison.Ordinal) && marker == heredoc.Name;
    }
}
