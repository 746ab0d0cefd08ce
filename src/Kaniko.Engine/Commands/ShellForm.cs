namespace Kaniko.Engine.Commands;

/// <summary>Turns a shell-form command into the argument list it runs as.</summary>
internal static class ShellForm
{
    public static readonly IReadOnlyList<string> DefaultShell = ["/bin/sh", "-c"];

    public static List<string> ToArguments(IReadOnlyList<string> arguments, bool isExecForm, IReadOnlyList<string> shell) =>
        isExecForm ? [.. arguments] : [.. shell, string.Join(' ', arguments)];
}
