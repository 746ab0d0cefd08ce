namespace Kaniko.Engine.Commands;

/// <summary>Turns a shell-form command into the argument list it runs as.</summary>
internal static class ShellForm
{
    // SHELL is not supported yet, so the default shell is the only one.
    private static readonly string[] DefaultShell = ["/bin/sh", "-c"];

    public static List<string> ToArguments(IReadOnlyList<string> arguments, bool isExecForm) =>
        isExecForm ? [.. arguments] : [.. DefaultShell, string.Join(' ', arguments)];
}
