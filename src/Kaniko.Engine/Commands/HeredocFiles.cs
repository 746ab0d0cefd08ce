using Kaniko.Engine.Caching;
using Kaniko.Engine.Dockerfiles;

namespace Kaniko.Engine.Commands;

/// <summary>
/// COPY/ADD sources that are here-documents (<c>COPY &lt;&lt;EOF /file</c>): each becomes a file with
/// the document's text (variables expanded unless the name was quoted), mode 0644 unless --chmod,
/// named after the document inside a destination folder. ADD writes them as they are: a
/// here-document is never extracted or downloaded.
/// </summary>
internal static class HeredocFiles
{
    private const UnixFileMode FileMode =
        UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead;

    public static bool IsHeredocSource(string source, IReadOnlyList<Heredoc> heredocs) =>
        source.StartsWith("<<", StringComparison.Ordinal) && heredocs.Any(h => NameOf(source) == h.Name);

    /// <summary>The sources (still unexpanded) that are not here-documents.</summary>
    public static List<string> OtherSources(IReadOnlyList<string> sources, IReadOnlyList<Heredoc> heredocs) =>
        sources.Where(source => !IsHeredocSource(source, heredocs)).ToList();

    /// <summary>
    /// The here-document sources as the history lists them after the others, as BuildKit does:
    /// <c>&lt;&lt;NAME</c>, without the quotes or the dash they were written with.
    /// </summary>
    public static List<string> HeredocSources(IReadOnlyList<string> sources, IReadOnlyList<Heredoc> heredocs) =>
        sources.Where(source => IsHeredocSource(source, heredocs)).Select(source => "<<" + NameOf(source)).ToList();

    /// <summary>
    /// Writes the here-document sources of a COPY or ADD with its --chown/--chmod; the destination is
    /// a folder when it ends in <c>/</c> or the instruction has several sources. Returns the paths written.
    /// </summary>
    public static IReadOnlyList<string> Copy(StageState stage, FileCopy copy, IReadOnlyList<string> sources, IReadOnlyList<Heredoc> heredocs, string destination, StageWords words)
    {
        if (HeredocSources(sources, heredocs).Count == 0)
        {
            return [];
        }

        var copier = copy.CreateCopier(stage);
        Write(stage, copier, heredocs, destination, destination.EndsWith('/') || sources.Count > 1, words);
        return copier.Written;
    }

    /// <summary>
    /// <c>heredoc-expanded</c> (NAME NUL BODY after expansion) for each here-document that expands:
    /// ARGs and ENV change the file it writes.
    /// </summary>
    public static void AddKeyFields(CacheKeyEncoding key, IReadOnlyList<Heredoc> heredocs, StageWords words)
    {
        foreach (var heredoc in heredocs.Where(h => h.Expand))
        {
            key.Add("heredoc-expanded", heredoc.Name + "\0" + ExpandOrKeep(words, heredoc.Text));
        }
    }

    private static string ExpandOrKeep(StageWords words, string text)
    {
        try
        {
            return words.ExpandHeredoc(text);
        }
        catch (KanikoException)
        {
            return text; // the instruction reports the bad word when it runs
        }
    }

    private static string NameOf(string source) => source.TrimStart('<', '-').Trim('"', '\'');

    private static void Write(StageState stage, ImageFileCopier copier, IReadOnlyList<Heredoc> heredocs, string destinationText, bool destinationIsDirectory, StageWords words)
    {
        var folder = Path.Combine(stage.ScratchDirectory, "heredoc-" + Guid.NewGuid().ToString("N"));
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
