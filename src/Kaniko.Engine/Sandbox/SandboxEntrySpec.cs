using System.Globalization;
using System.Text;

namespace Kaniko.Engine.Sandbox;

/// <summary>
/// What the entry helper reads on its standard input after the secrets: NUL-terminated fields in the
/// order <c>Native/kaniko-sandbox-enter.c</c> names them. A pipe keeps secrets in the environment off
/// the disk and a long command clear of the kernel's argument limits.
/// </summary>
internal static class SandboxEntrySpec
{
    public static byte[] Encode(SandboxedCommand command, string root)
    {
        var fields = new List<string>
        {
            root,
            command.WorkingDirectory,
            Id(command.User.Uid),
            Id(command.User.Gid),
            string.Join(',', command.User.SupplementaryGroups.Select(Id)),
            Id(command.Environment.Count),
        };
        fields.AddRange(command.Environment);
        fields.AddRange(command.Arguments);
        var text = new StringBuilder();
        foreach (var field in fields)
        {
            if (field.Contains('\0', StringComparison.Ordinal))
            {
                throw new KanikoException(SandboxErrorCode.SetupFailed, $"A NUL character cannot be passed to a command: '{command.Display}'.");
            }

            text.Append(field).Append('\0');
        }

        return Encoding.UTF8.GetBytes(text.ToString());
    }

    private static string Id(int id) => id.ToString(CultureInfo.InvariantCulture);
}
