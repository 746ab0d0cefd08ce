using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Commands;

/// <summary>
/// COPY/ADD sources that are here-documents (<c>COPY &lt;&lt;EOF /file</c>): each becomes a file with
/// the document's text (variables expanded unless the name was quoted), mode 0644 unless --chmod,
/// named after the document inside a destination folder.
/// </summary>
internal static class HeredocFiles
{
    private const UnixFileMode FileMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static bool IsHeredocSource(string source, IReadOnlyList<Heredoc> heredocs) =>
        source.StartsWith("<<", StringComparison.Ordinal) && heredocs.Any(h => source.TrimStart('<', '-').Trim('"', '\'') == h.Name);

    public static void Write(StageState stage, ImageFileCopier copier, IReadOnlyList<Heredoc> heredocs, string destinationText, bool destinationIsDirectory, StageWords words)
    {
        var folder = Path.Combine(Path.GetTempPath(), "kaniko-heredoc-" + Guid.NewGuid().ToString("N"));
        Directory.CreateDirectory(folder);
        try
        {
            var destination = stage.ToImagePath(destinationText);
            foreach (var heredoc in heredocs)
            {
                var file = Path.Combine(folder, heredoc.Name);
                File.WriteAllText(file, heredoc.Expand ? words.ExpandHeredoc(heredoc.Text) : heredoc.Text);
                File.SetUnixFileMode(file, FileMode);
                File.SetLastWriteTimeUtc(file, DateTime.UnixEpoch);
                if (destinationIsDirectory)
                {
                    copier.EnsureDirectory(destination);
                    copier.CopyFile(file, destination.TrimEnd('/') + "/" + heredoc.Name);
                }
                else
                {
                    copier.CopyFile(file, destination);
                }
            }
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }
}
